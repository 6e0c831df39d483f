/**
 * The learned predictors behind the control loop's {@link ChannelPredictor} interface
 * (lib/twin): the cGAN (`M` trajectories) and the LSTM-DT (`M = 1`).
 *
 * From a {@link TwinHistory}: the last `tau` synchronized slots' channels per AP
 * (`[K, Nt]` each; before slot `tau - 1` the oldest slot is repeated), the RF scalars of
 * each AP derived from its newest matrix (`rf.ts`, as in training), and the rare-event
 * flag = 1 if `history.rareEvent(s)` is 1 for any of the `tau` past slots. (Training
 * used the per-AP flag of the dataset, `apRareEventPast[b]`; the twin only reports a
 * slot-level flag, so every AP gets it here: the difference is stated, not hidden.)
 *
 * The cGAN's `A M T` samples come from **one** batched pass: the embedding CNN on the
 * `A` histories and the head on `A M T` rows (`sampler.ts`). Outputs are de-normalized
 * to physical amplitudes: `result[m][t][b]` is AP `b`'s `[K, Nt]` matrix at slot
 * `syncSlot + 1 + t`.
 *
 * @example
 * ```ts ignore
 * const { cgan, lstm } = await loadShippedPredictors("cpu");
 * const scenarios = await cgan({ trajectories: 20 }).predict(history, 5); // [20][5][A] matrices
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  assertInteger,
  type ComplexMatrix,
  createRng,
  PAPER_TRAJECTORY_COUNT,
  Rng,
} from "../core/mod.ts";
import type { WczfScenarios } from "../beamforming/mod.ts";
import type { ChannelPredictor, TwinHistory } from "../channel/predictor.ts";
import { buildCondition, type Condition } from "./condition.ts";
import { denormalizeRows } from "./normalization.ts";
import type { ModelPresetName } from "./presets.ts";
import { apRfScalars } from "./rf.ts";
import { sampleTrajectories } from "./sampler.ts";
import { loadShippedModels, type ShippedManifest } from "./shipped.ts";

/** Where the time of the last `predict` went, ms. */
export interface PredictTimings {
  /** History -> conditions (copies, RF scalars, normalization). */
  readonly prepareMs: number;
  /** The forward pass(es) including the device -> host copy and de-normalization. */
  readonly forwardMs: number;
  /** Float32 -> ComplexMatrix objects. */
  readonly unpackMs: number;
}

/** A predictor that also reports its last timings. */
export interface TimedPredictor extends ChannelPredictor {
  /** Timings of the last `predict` call (zeros before the first). */
  readonly lastTimings: PredictTimings;
}

/** Past window of one AP: interleaved complex `[tau, K, Nt]`, oldest first. */
function pastWindows(history: TwinHistory, tau: number): Float32Array[] {
  const { apCount: A } = history;
  const s = history.syncSlot;
  const slots: ComplexMatrix[][] = [];
  for (let i = tau - 1; i >= 0; i--) slots.push(history.channels(Math.max(0, s - i)));
  return Array.from({ length: A }, (_, b) => {
    const { rows: K, cols: Nt } = slots[0][b];
    const per = K * Nt * 2;
    const out = new Float32Array(tau * per);
    slots.forEach((mats, t) => {
      const m = mats[b];
      for (let e = 0; e < K * Nt; e++) {
        out[t * per + 2 * e] = m.re[e];
        out[t * per + 2 * e + 1] = m.im[e];
      }
    });
    return out;
  });
}

function pastFlag(history: TwinHistory, tau: number): boolean {
  for (let i = 0; i < tau; i++) {
    const slot = history.syncSlot - i;
    if (slot < 0) break;
    if (history.rareEvent(slot) === 1) return true;
  }
  return false;
}

function modelSizes(model: tf.LayersModel, history: TwinHistory) {
  const shape = model.inputs[0].shape;
  const K = shape[1] as number;
  const Nt = shape[2] as number;
  const tau = (shape[3] as number) / 2;
  if (history.ueCount !== K || history.antennaCount !== Nt) {
    throw new RangeError(
      `history has K = ${history.ueCount}, Nt = ${history.antennaCount}; the model expects ${K} x ${Nt}`,
    );
  }
  return { K, Nt, tau };
}

/** Unpacks `[A, M, T, K, Nt]` interleaved into `result[m][t][b]`. */
function unpack(
  data: Float32Array,
  sizes: { A: number; M: number; T: number; K: number; Nt: number },
): ComplexMatrix[][][] {
  const { A, M, T, K, Nt } = sizes;
  const per = K * Nt * 2;
  const out: ComplexMatrix[][][] = Array.from(
    { length: M },
    () => Array.from({ length: T }, () => new Array<ComplexMatrix>(A)),
  );
  for (let b = 0; b < A; b++) {
    for (let m = 0; m < M; m++) {
      for (let t = 0; t < T; t++) {
        const base = ((b * M + m) * T + t) * per;
        const re = new Float64Array(K * Nt);
        const im = new Float64Array(K * Nt);
        for (let e = 0; e < K * Nt; e++) {
          re[e] = data[base + 2 * e];
          im[e] = data[base + 2 * e + 1];
        }
        out[m][t][b] = { rows: K, cols: Nt, re, im };
      }
    }
  }
  return out;
}

function conditions(
  history: TwinHistory,
  sizes: { K: number; Nt: number; tau: number; T: number },
) {
  const { K, Nt, tau } = sizes;
  const per = K * Nt * 2;
  const flag = pastFlag(history, tau);
  return pastWindows(history, tau).map((past): Condition => {
    const rf = apRfScalars(past, { K, Nt, offset: (tau - 1) * per });
    return buildCondition(
      { past, rssiDbm: rf.rssiDbm, beamIndex: rf.beamIndex, rareEvent: flag },
      { ...sizes, beamCount: Math.max(2, Nt) },
    );
  });
}

/**
 * The cGAN predictor: `M` trajectories per call from one batched pass.
 *
 * @param generator from `buildGenerator` / `loadShippedModels`.
 * @param options `M` (default 20), `rng` (seeded latents, required), `name` (default "cgan").
 */
export function createCganPredictor(
  generator: tf.LayersModel,
  options: { readonly M?: number; readonly rng: Rng; readonly name?: string },
): TimedPredictor {
  if (!(generator instanceof tf.LayersModel)) {
    throw new TypeError("generator must be a tf.LayersModel");
  }
  if (!(options?.rng instanceof Rng)) throw new TypeError("options.rng must be an Rng");
  const M = options.M ?? PAPER_TRAJECTORY_COUNT;
  assertInteger("options.M", M, { min: 1 });
  const modelT = (generator.inputs[1].shape[1] as number) -
    (2 * (generator.inputs[0].shape[1] as number) + 1);
  let lastTimings: PredictTimings = { prepareMs: 0, forwardMs: 0, unpackMs: 0 };
  return {
    name: options.name ?? "cgan",
    trajectories: M,
    get lastTimings() {
      return lastTimings;
    },
    predict(history: TwinHistory, horizon: number): WczfScenarios {
      assertInteger("horizon", horizon, { min: 1, max: modelT });
      const t0 = performance.now();
      const { K, Nt, tau } = modelSizes(generator, history);
      const conds = conditions(history, { K, Nt, tau, T: modelT });
      const t1 = performance.now();
      const data = sampleTrajectories(generator, conds, { M, T: horizon, rng: options.rng });
      const t2 = performance.now();
      const out = unpack(data, { A: history.apCount, M, T: horizon, K, Nt });
      lastTimings = { prepareMs: t1 - t0, forwardMs: t2 - t1, unpackMs: performance.now() - t2 };
      return out;
    },
  };
}

/**
 * The LSTM-DT predictor (`M = 1`): one pass over the `A` APs' histories.
 *
 * @param model from `buildLstm` / `loadShippedModels`.
 * @param options `name` (default "lstm").
 */
export function createLstmPredictor(
  model: tf.LayersModel,
  options: { readonly name?: string } = {},
): TimedPredictor {
  if (!(model instanceof tf.LayersModel)) throw new TypeError("model must be a tf.LayersModel");
  const outShape = model.outputs[0].shape;
  const modelT = outShape[1] as number;
  let lastTimings: PredictTimings = { prepareMs: 0, forwardMs: 0, unpackMs: 0 };
  return {
    name: options.name ?? "lstm",
    trajectories: 1,
    get lastTimings() {
      return lastTimings;
    },
    predict(history: TwinHistory, horizon: number): WczfScenarios {
      assertInteger("horizon", horizon, { min: 1, max: modelT });
      const t0 = performance.now();
      const { K, Nt, tau } = modelSizes(model, history);
      const conds = conditions(history, { K, Nt, tau, T: modelT });
      const A = conds.length;
      const hLen = K * Nt * 2 * tau;
      const h = new Float32Array(A * hLen);
      conds.forEach((c, b) => h.set(c.history, b * hLen));
      const t1 = performance.now();
      const y = tf.tidy(() =>
        (model.apply(tf.tensor4d(h, [A, K, Nt, 2 * tau])) as tf.Tensor).dataSync() as Float32Array
      );
      const per = K * Nt * 2;
      const data = new Float32Array(A * horizon * per);
      conds.forEach((c, b) => {
        const slice = y.subarray(b * modelT * per, (b * modelT + horizon) * per);
        data.set(denormalizeRows(slice, c.scales, { K, Nt }), b * horizon * per);
      });
      const t2 = performance.now();
      const out = unpack(data, { A, M: 1, T: horizon, K, Nt });
      lastTimings = { prepareMs: t1 - t0, forwardMs: t2 - t1, unpackMs: performance.now() - t2 };
      return out;
    },
  };
}

/** Makes a fresh predictor (per episode): `trajectories` = M, `rng` for the latents. */
export type PredictorFactory = (
  options?: { readonly trajectories?: number; readonly rng?: Rng },
) => TimedPredictor;

/**
 * Loads `data/models/<preset>/` (see `shipped.ts`) and returns predictor factories (the
 * contract of lib/experiments/learned_schemes.ts): `cgan({ trajectories, rng })` and
 * `lstm()`. Without an `rng`, factory call `i` draws its latents from
 * `createRng(seed).stream("cgan-predictor-<i>")` (`seed` = `options.seed`, default the
 * training seed), so a sequence of calls is reproducible.
 *
 * @param preset preset name.
 * @param options `seed`, `dir` (default `data/models/<preset>`).
 */
export async function loadShippedPredictors(
  preset: ModelPresetName,
  options: { readonly seed?: number; readonly dir?: string } = {},
): Promise<{
  readonly cgan: PredictorFactory;
  readonly lstm: PredictorFactory;
  readonly generator: tf.LayersModel;
  readonly lstmModel: tf.LayersModel;
  readonly critic: tf.LayersModel;
  readonly manifest: ShippedManifest;
}> {
  const { generator, critic, lstm, manifest } = await loadShippedModels(preset, {
    dir: options.dir,
  });
  const seed = options.seed ?? manifest.seed;
  assertInteger("options.seed", seed, { min: 0 });
  let calls = 0;
  return {
    cgan: (o = {}) =>
      createCganPredictor(generator, {
        M: o.trajectories ?? manifest.presetConfig.M,
        rng: o.rng ?? createRng(seed).stream(`cgan-predictor-${calls++}`),
      }),
    lstm: () => createLstmPredictor(lstm),
    generator,
    lstmModel: lstm,
    critic,
    manifest,
  };
}
