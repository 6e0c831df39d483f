/**
 * Monte Carlo trajectories from the generator: `M` trajectories x `T` future slots for
 * one AP (or several APs at once) in **one** batched forward pass.
 *
 * Cost: the generator is split at its embedding (`splitGenerator`): the CNN runs once
 * per condition (`N` rows), the head (FC, three transposed convs, output conv) on the
 * `N M T` rows (in one launch by default; `chunkRows` splits the launch into row chunks,
 * see {@link DEFAULT_CHUNK_ROWS}). Before the split the whole generator ran on all
 * `N M T` rows; see
 * `bench/models_bench.ts` for both timings. The head's transposed convolutions
 * (`Conv2DBackpropInput` on wasm) are what remains dominant.
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
import { splitGenerator } from "./generator.ts";

/** Options of {@link sampleTrajectories}. */
export interface SampleOptions {
  /** Trajectories per condition (the paper's M = 20). */
  readonly M: number;
  /** Future slots per trajectory, 1..(the model's T); default the condition's `T`. */
  readonly T?: number;
  /** Seeded source of the latents (e.g. `createRng(seed).stream("sampler")`). */
  readonly rng: Rng;
  /**
   * Head rows per kernel launch (default {@link DEFAULT_CHUNK_ROWS}); `Infinity` runs all
   * `N M T` rows at once. Same result either way (batch norm uses its moving statistics).
   */
  readonly chunkRows?: number;
}

/**
 * Default head chunk: `Infinity` (all `N M T` rows in one launch). Measured on wasm (2
 * threads, cpu preset, 300 rows) the two disagree between runs on this shared machine: a
 * standalone head timing gave 1 031-1 142 ms in one launch against 344-652 ms in chunks
 * of 50 rows, while `bench/models_bench.ts` (the whole sampler) gave 150 ms in one launch
 * against 209 ms chunked. Pass `chunkRows` to choose per machine.
 */
export const DEFAULT_CHUNK_ROWS = Infinity;

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

  // Host side: one history row per condition, one scalar row per (condition, horizon).
  // The embedding CNN runs once per condition; gathers expand e, scalars and z to the
  // N M T rows of the head (see `splitGenerator`).
  const stacked = stackRows(
    conds.flatMap((c) => Array.from({ length: T }, (_, t) => ({ condition: c, horizon: t + 1 }))),
    { T: modelT },
  );
  const hLen = K * Nt * 2 * tau;
  const history = new Float32Array(N * hLen);
  conds.forEach((c, n) => history.set(c.history, n * hLen));
  const z0 = drawLatent(options.rng, { rows: N * M, dim: latentDim });
  const B = N * M * T;
  const embedIndex = new Int32Array(B);
  const scalarIndex = new Int32Array(B);
  const zIndex = new Int32Array(B);
  for (let n = 0; n < N; n++) {
    for (let m = 0; m < M; m++) {
      for (let t = 0; t < T; t++) {
        const b = (n * M + m) * T + t;
        embedIndex[b] = n;
        scalarIndex[b] = n * T + t;
        zIndex[b] = n * M + m;
      }
    }
  }
  const { embed, head } = splitGenerator(generator);
  const chunk = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (chunk !== Infinity) assertInteger("chunkRows", chunk, { min: 1 });
  const out = new Float32Array(B * K * Nt * 2);
  tf.tidy(() => {
    const e = embed.apply(tf.tensor4d(history, [N, K, Nt, 2 * tau]), {
      training: false,
    }) as tf.Tensor2D;
    const sc = tf.tensor2d(stacked.scalars, [N * T, stacked.scalars.length / (N * T)]);
    const z = tf.tensor2d(z0, [N * M, latentDim]);
    for (let r0 = 0; r0 < B; r0 += Math.min(chunk, B)) {
      const r1 = Math.min(B, r0 + chunk);
      tf.tidy(() => {
        const y = head.apply([
          tf.gather(e, embedIndex.subarray(r0, r1)),
          tf.gather(sc, scalarIndex.subarray(r0, r1)),
          tf.gather(z, zIndex.subarray(r0, r1)),
        ], { training: false }) as tf.Tensor;
        out.set(y.dataSync() as Float32Array, r0 * K * Nt * 2);
      });
    }
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
