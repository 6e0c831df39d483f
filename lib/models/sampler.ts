/**
 * Monte Carlo trajectories from the generator: `M` trajectories x `T` future slots for
 * one AP (or several APs at once) in **one** batched forward pass.
 *
 * Cost: the generator is split at its embedding (`splitGenerator`): the embedding runs
 * once per condition row (`N K` rows), the head (two hidden layers, the anchor) on the
 * `N M T K` rows (in one launch by default; `chunkRows` splits the launch into row
 * chunks, see {@link DEFAULT_CHUNK_ROWS}).
 *
 * Head rows are ordered `((n M + m) T + (t - 1)) K + k` for AP condition `n`,
 * trajectory `m`, horizon `t`, UE row `k`: the output layout itself. Trajectory `m` of
 * row `(n, k)` uses one latent `z_{n,m,k}` for all its `T` slots (the horizon one-hot is
 * what varies), drawn from the seeded `rng` in that order: same rng state, same samples.
 * The output is de-normalized with the condition's row gains `s_k`; it is in the linear
 * forecast's aligned frame (each UE's newest synchronized slot).
 *
 * Output layout: interleaved complex `[M, T, K, Nt]` for one condition, `[N, M, T, K, Nt]`
 * for an array of `N` conditions, i.e. `M T K Nt 2` floats per condition.
 *
 * @example
 * ```ts ignore
 * import { createRng } from "../core/mod.ts";
 * const h = sampleTrajectories(generator, [condition], { M: 20, T: 5, rng: createRng(1).stream("z") });
 * // h.length === 20 * 5 * 30 * 64 * 2
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, Rng } from "../core/mod.ts";
import { type ApCondition, conditionSlots, scalarSize } from "./condition.ts";
import { stackRows } from "./batch.ts";
import { drawLatent } from "./latent.ts";
import { anchoredMix, splitGenerator } from "./generator.ts";

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
   * `N M T K` rows at once. Same result either way (the head has no cross-row ops).
   */
  readonly chunkRows?: number;
}

/**
 * Default head chunk: `Infinity` (all `N M T K` rows in one launch). `bench/models_bench.ts`
 * (wasm, 1 thread, cpu preset, A = 3, M = 20, T = 5: 9 000 rows) measured 58 ms in one
 * launch and 57 ms in chunks of 1 500 rows on a busy machine: no reason to chunk. Pass
 * `chunkRows` to bound memory on larger problems.
 */
export const DEFAULT_CHUNK_ROWS = Infinity;

/**
 * Samples `M` trajectories of `T` slots for each AP condition.
 *
 * @param generator from `buildGenerator` (or shipped weights).
 * @param conditions `N` AP conditions from `apConditions` (same dims).
 * @param options `M`, `T` (1..the model's T), seeded `rng`, `chunkRows`.
 * @returns interleaved complex `[N, M, T, K, Nt]`, physical amplitudes.
 */
export function sampleTrajectories(
  generator: tf.LayersModel,
  conditions: readonly ApCondition[],
  options: SampleOptions,
): Float32Array {
  if (!(generator instanceof tf.LayersModel)) {
    throw new TypeError("generator must be a tf.LayersModel");
  }
  if (!Array.isArray(conditions) || conditions.length === 0) {
    throw new RangeError("conditions must be a non-empty array");
  }
  if (!(options?.rng instanceof Rng)) throw new TypeError("options.rng must be an Rng");
  const { M } = options;
  assertInteger("options.M", M, { min: 1 });
  const dims = conditions[0].dims;
  const { K, Nt } = dims;
  const T = options.T ?? dims.T;
  assertInteger("options.T", T, { min: 1, max: dims.T });
  const latentDim = generator.inputs[2].shape[1] as number;
  const N = conditions.length, F = 2 * Nt, S = conditionSlots(dims);
  const rows = conditions.flatMap((condition) =>
    Array.from(
      { length: K },
      (_, k) => Array.from({ length: T }, (_, t) => ({ condition, k, horizon: t + 1 })),
    )
  ).flat();
  const stacked = stackRows(rows); // (n K + k) T + t
  const cond = new Float32Array(N * K * S * F);
  conditions.forEach((c, n) => cond.set(c.slots, n * K * S * F));
  const z0 = drawLatent(options.rng, { rows: N * M * K, dim: latentDim }); // (n M + m) K + k
  const B = N * M * T * K;
  const rowIndex = new Int32Array(B), scalarIndex = new Int32Array(B), zIndex = new Int32Array(B);
  for (let n = 0; n < N; n++) {
    for (let m = 0; m < M; m++) {
      for (let t = 0; t < T; t++) {
        for (let k = 0; k < K; k++) {
          const b = ((n * M + m) * T + t) * K + k;
          rowIndex[b] = n * K + k;
          scalarIndex[b] = (n * K + k) * T + t;
          zIndex[b] = (n * M + m) * K + k;
        }
      }
    }
  }
  const { embed, head } = splitGenerator(generator);
  const chunk = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (chunk !== Infinity) assertInteger("options.chunkRows", chunk, { min: 1 });
  const out = new Float32Array(B * F);
  const J2 = 2 * (1 + dims.E);
  tf.tidy(() => {
    const e = embed.apply(tf.tensor3d(cond, [N * K, S, F]), { training: false }) as tf.Tensor2D;
    const sc = tf.tensor2d(stacked.scalars, [N * K * T, scalarSize(dims)]);
    const z = tf.tensor2d(z0, [N * M * K, latentDim]);
    for (let r0 = 0; r0 < B; r0 += Math.min(chunk, B)) {
      const r1 = Math.min(B, r0 + chunk);
      tf.tidy(() => {
        const [coeffs, residual] = head.apply([
          tf.gather(e, rowIndex.subarray(r0, r1)),
          tf.gather(sc, scalarIndex.subarray(r0, r1)),
          tf.gather(z, zIndex.subarray(r0, r1)),
        ], { training: false }) as tf.Tensor[];
        const w = coeffs.dataSync() as Float32Array, r = residual.dataSync() as Float32Array;
        for (let b = r0; b < r1; b++) {
          const row = rowIndex[b], t = Math.floor(b / K) % T;
          anchoredMix(cond.subarray(row * S * F, (row + 1) * S * F), {
            ...dims,
            horizon: t + 1,
            coeffs: w.subarray((b - r0) * J2, (b - r0 + 1) * J2),
            residual: r.subarray((b - r0) * F, (b - r0 + 1) * F),
            out: out.subarray(b * F, (b + 1) * F),
          });
        }
      });
    }
  });
  // Undo the per-row normalization: row k times s_k.
  for (let b = 0; b < B; b++) {
    const n = Math.floor(b / (M * T * K)), k = b % K;
    const f = conditions[n].scales[k];
    for (let i = b * F; i < (b + 1) * F; i++) out[i] *= f;
  }
  return out;
}
