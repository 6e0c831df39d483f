/**
 * Monte Carlo trajectories from the generator: `M` trajectories x `T` future slots for
 * one AP (or several APs at once) in **one** batched forward pass.
 *
 * Rows are ordered `b = (n M + m) T + (t - 1)` for condition `n`, trajectory `m`,
 * horizon `t`. Trajectory `m` of condition `n` uses one latent `z_{n,m}` for all its `T`
 * slots (the horizon one-hot is what varies), drawn from the seeded `rng`: same rng
 * state, same samples. Batch norm runs in inference mode (moving statistics). The
 * output is de-normalized with the condition's row gains `s_k`.
 *
 * Output layout: interleaved complex `[M, T, K, Nt]` for one condition, `[N, M, T, K, Nt]`
 * for an array of `N` conditions, i.e. `M T K Nt 2` floats per condition.
 *
 * @example
 * ```ts ignore
 * import { createRng } from "../core/mod.ts";
 * const h = sampleTrajectories(generator, condition, { M: 20, T: 5, rng: createRng(1).stream("z") });
 * // h.length === 20 * 5 * 30 * 64 * 2
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, Rng } from "../core/mod.ts";
import type { Condition } from "./condition.ts";
import { stackRows } from "./batch.ts";
import { drawLatent } from "./latent.ts";

/** Options of {@link sampleTrajectories}. */
export interface SampleOptions {
  /** Trajectories per condition (the paper's M = 20). */
  readonly M: number;
  /** Future slots per trajectory, 1..(the model's T); default the condition's `T`. */
  readonly T?: number;
  /** Seeded source of the latents (e.g. `createRng(seed).stream("sampler")`). */
  readonly rng: Rng;
}

/**
 * Samples `M` trajectories of `T` slots per condition in one forward pass.
 *
 * @param generator from `buildGenerator` (inputs `[history, scalars, z]`).
 * @param condition one {@link Condition} or an array of them (same sizes).
 * @param options `M`, `T`, `rng`.
 * @returns interleaved complex `[M, T, K, Nt]` (or `[N, M, T, K, Nt]`), physical units.
 */
export function sampleTrajectories(
  generator: tf.LayersModel,
  condition: Condition | readonly Condition[],
  options: SampleOptions,
): Float32Array {
  if (!(generator instanceof tf.LayersModel)) {
    throw new TypeError("generator must be a tf.LayersModel");
  }
  const conds = Array.isArray(condition) ? condition : [condition as Condition];
  if (conds.length === 0) throw new RangeError("condition array must not be empty");
  if (!(options?.rng instanceof Rng)) throw new TypeError("options.rng must be an Rng");
  const { M } = options;
  assertInteger("M", M, { min: 1 });
  const { K, Nt, tau } = conds[0].dims;
  const modelT = (generator.inputs[1].shape[1] as number) - (2 * K + 1);
  const T = options.T ?? conds[0].dims.T;
  assertInteger("T", T, { min: 1, max: modelT });
  const latentDim = generator.inputs[2].shape[1] as number;
  const N = conds.length;
  const per = K * Nt * 2;

  // Host side: one history/scalar row per (condition, horizon); the gather below
  // expands them to every trajectory.
  const stacked = stackRows(
    conds.flatMap((c) => Array.from({ length: T }, (_, t) => ({ condition: c, horizon: t + 1 }))),
    { T: modelT },
  );
  const z0 = drawLatent(options.rng, { rows: N * M, dim: latentDim });
  const B = N * M * T;
  const historyIndex = new Int32Array(B);
  const scalarIndex = new Int32Array(B);
  const zIndex = new Int32Array(B);
  for (let n = 0; n < N; n++) {
    for (let m = 0; m < M; m++) {
      for (let t = 0; t < T; t++) {
        const b = (n * M + m) * T + t;
        historyIndex[b] = n * T; // the history is the same for every horizon
        scalarIndex[b] = n * T + t;
        zIndex[b] = n * M + m;
      }
    }
  }
  const out = tf.tidy(() => {
    const hist = tf.tensor4d(stacked.history, [N * T, K, Nt, 2 * tau]);
    const sc = tf.tensor2d(stacked.scalars, [N * T, stacked.scalars.length / (N * T)]);
    const z = tf.tensor2d(z0, [N * M, latentDim]);
    const y = generator.apply([
      tf.gather(hist, historyIndex),
      tf.gather(sc, scalarIndex),
      tf.gather(z, zIndex),
    ], { training: false }) as tf.Tensor;
    return y.dataSync() as Float32Array;
  });
  // Undo the per-row normalization: row k of every slot of condition n times s_k.
  const result = new Float32Array(out.length);
  for (let n = 0; n < N; n++) {
    const s = conds[n].scales;
    for (let r = 0; r < M * T; r++) {
      const base = (n * M * T + r) * per;
      for (let k = 0; k < K; k++) {
        const f = s[k];
        const o = base + k * Nt * 2;
        for (let i = 0; i < Nt * 2; i++) result[o + i] = out[o + i] * f;
      }
    }
  }
  return result;
}
