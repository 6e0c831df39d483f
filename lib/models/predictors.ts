/**
 * The learned predictors behind the control loop's {@link ChannelPredictor} interface
 * (lib/twin): the cGAN (`M` trajectories) and the LSTM-DT (`M = 1`).
 *
 * From a {@link TwinHistory}: the row conditions of every AP (`apConditions`: the aligned
 * past, the linear forecast and its recent errors with the settings the model was
 * trained with, the RF scalars of each AP's newest matrix), and the rare-event flag = 1
 * if `history.rareEvent(s)` is 1 for any of the `tau` past slots. (Training used the
 * per-AP flag of the dataset, `apRareEventPast[b]`; the twin only reports a slot-level
 * flag, so every AP gets it here: the difference is stated, not hidden.)
 *
 * The cGAN's `A K M T` rows come from **one** batched pass: the embedding on the `A K`
 * condition rows and the head on every (sample, horizon, row) (`sampler.ts`). Outputs
 * are de-normalized to physical amplitudes, in the linear forecast's aligned frame:
 * `result[m][t][b]` is AP `b`'s `[K, Nt]` matrix at slot `syncSlot + 1 + t`.
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
import type { LinearPredictorOptions } from "../channel/mod.ts";
import { AnchorLayerBase } from "./anchor_layers.ts";
import { apConditions, conditionSlots, type ModelDims } from "./condition.ts";
import type { ModelPresetName } from "./presets.ts";
import { sampleTrajectories } from "./sampler.ts";
import { lstmForward } from "./lstm_fused.ts";
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

/** The sizes an anchored model was built with (from its anchor layer's config). */
export function anchoredDims(model: tf.LayersModel): ModelDims {
  const layer = model.layers.find((l) => l instanceof AnchorLayerBase) as
    | AnchorLayerBase
    | undefined;
  if (!layer) throw new RangeError(`model ${model.name} has no anchor layer (g_out / l_out)`);
  const shape = model.inputs[0].shape;
  const F = shape[shape.length - 1] as number;
  return { K: 0, Nt: F / 2, tau: layer.tau, T: layer.T, E: layer.E };
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

/** The row conditions of every AP of a history, for a model of `dims` (K from the history). */
function conditions(history: TwinHistory, dims: ModelDims, linear: LinearPredictorOptions) {
  if (history.antennaCount !== dims.Nt) {
    throw new RangeError(
      `history has Nt = ${history.antennaCount}; the model expects ${dims.Nt} antennas`,
    );
  }
  return apConditions(history, { dims: { ...dims, K: history.ueCount }, linear });
}

/**
 * The cGAN predictor: `M` trajectories per call from one batched pass.
 *
 * @param generator from `buildGenerator` / `loadShippedModels`.
 * @param options `M` (default 20), `rng` (seeded latents, required), `linear` (the
 *   linear-forecast settings the model was trained with), `name` (default "cgan"),
 *   `path` (the sampler's, default `"wasm"`).
 */
export function createCganPredictor(
  generator: tf.LayersModel,
  options: {
    readonly M?: number;
    readonly rng: Rng;
    readonly linear: LinearPredictorOptions;
    readonly name?: string;
    /** The sampler's path (`sampleTrajectories`' `path`; default `"wasm"`). */
    readonly path?: "wasm" | "fused" | "layers";
  },
): TimedPredictor {
  if (!(generator instanceof tf.LayersModel)) {
    throw new TypeError("generator must be a tf.LayersModel");
  }
  if (!(options?.rng instanceof Rng)) throw new TypeError("options.rng must be an Rng");
  const M = options.M ?? PAPER_TRAJECTORY_COUNT;
  assertInteger("options.M", M, { min: 1 });
  const dims = anchoredDims(generator);
  let lastTimings: PredictTimings = { prepareMs: 0, forwardMs: 0, unpackMs: 0 };
  return {
    name: options.name ?? "cgan",
    trajectories: M,
    get lastTimings() {
      return lastTimings;
    },
    predict(history: TwinHistory, horizon: number): WczfScenarios {
      assertInteger("horizon", horizon, { min: 1, max: dims.T });
      const t0 = performance.now();
      const conds = conditions(history, dims, options.linear);
      const t1 = performance.now();
      const data = sampleTrajectories(generator, conds, {
        M,
        T: horizon,
        rng: options.rng,
        path: options.path,
      });
      const t2 = performance.now();
      const K = history.ueCount, Nt = dims.Nt;
      const out = unpack(data, { A: history.apCount, M, T: horizon, K, Nt });
      lastTimings = { prepareMs: t1 - t0, forwardMs: t2 - t1, unpackMs: performance.now() - t2 };
      return out;
    },
  };
}

/**
 * The LSTM-DT predictor (`M = 1`): one pass over the `A` APs' histories, by default the
 * fused forward pass (`lstm_fused.ts`: the same model on its current weights in a few
 * WebAssembly SIMD calls, float32-equal to the layers), only for the asked horizon.
 *
 * @param model from `buildLstm` / `loadShippedModels`.
 * @param options `linear` (the settings it was trained with), `name` (default "lstm"),
 *   `path` (`"fused"`, default, or `"layers"`: the tfjs layers, the reference).
 */
export function createLstmPredictor(
  model: tf.LayersModel,
  options: {
    readonly linear: LinearPredictorOptions;
    readonly name?: string;
    readonly path?: "fused" | "layers";
  },
): TimedPredictor {
  if (!(model instanceof tf.LayersModel)) throw new TypeError("model must be a tf.LayersModel");
  const dims = anchoredDims(model);
  let lastTimings: PredictTimings = { prepareMs: 0, forwardMs: 0, unpackMs: 0 };
  return {
    name: options.name ?? "lstm",
    trajectories: 1,
    get lastTimings() {
      return lastTimings;
    },
    predict(history: TwinHistory, horizon: number): WczfScenarios {
      assertInteger("horizon", horizon, { min: 1, max: dims.T });
      const t0 = performance.now();
      const conds = conditions(history, dims, options.linear);
      const A = conds.length, K = history.ueCount, Nt = dims.Nt, F = 2 * Nt;
      const S = conditionSlots(dims);
      const cond = new Float32Array(A * K * S * F);
      conds.forEach((c, b) => cond.set(c.slots, b * K * S * F));
      const t1 = performance.now();
      const y = lstmForward(model, cond, { rows: A * K, horizon, path: options.path });
      // [A K, horizon, F] -> [A, 1, horizon, K, Nt] interleaved, de-normalized
      const data = new Float32Array(A * horizon * K * F);
      for (let b = 0; b < A; b++) {
        for (let k = 0; k < K; k++) {
          const s = conds[b].scales[k];
          for (let t = 0; t < horizon; t++) {
            const src = ((b * K + k) * horizon + t) * F, dst = ((b * horizon + t) * K + k) * F;
            for (let i = 0; i < F; i++) data[dst + i] = y[src + i] * s;
          }
        }
      }
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
        linear: manifest.presetConfig.linear,
      }),
    lstm: () => createLstmPredictor(lstm, { linear: manifest.presetConfig.linear }),
    generator,
    lstmModel: lstm,
    critic,
    manifest,
  };
}
