/**
 * Monte Carlo trajectories from the generator: `M` trajectories x `T` future slots for
 * one AP (or several APs at once) in **one** batched forward pass.
 *
 * Cost: the generator is split at its embedding (`splitGenerator`): the embedding runs
 * once per condition row (`N K` rows), the head (two hidden layers, the anchor) on the
 * `N M T K` rows (in one launch by default; `chunkRows` splits the launch into row
 * chunks, see {@link DEFAULT_CHUNK_ROWS}). By default the whole pass runs in the
 * WebAssembly SIMD kernels (`generator_wasm.ts`, {@link SampleOptions.path}).
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
import { wasmSample } from "./generator_wasm.ts";

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
  /**
   * `"wasm"` (default): the split below run by the WebAssembly SIMD kernels
   * (`generator_wasm.ts`: no tensor dispatch, no thread pool), falling back to `"fused"`
   * when the generator's widths do not suit the kernels.
   * `"fused"`: in tfjs, the head's first layer split into its embedding, scalar and
   * latent parts, computed once per condition row, per (row, horizon) and per
   * (row, trajectory) and added by broadcasting, then the other layers as plain matrix
   * products on their weights (no per-row gathers; same model, float32 rounding only).
   * `"layers"`: the head model applied to gathered rows (the readable reference; also
   * used with `chunkRows` or a head of another structure).
   */
  readonly path?: "wasm" | "fused" | "layers";
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
  const cond = new Float32Array(N * K * S * F);
  conditions.forEach((c, n) => cond.set(c.slots, n * K * S * F));
  const z0 = drawLatent(options.rng, { rows: N * M * K, dim: latentDim }); // (n M + m) K + k
  const B = N * M * T * K;
  const chunk = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (chunk !== Infinity) assertInteger("options.chunkRows", chunk, { min: 1 });
  const path = options.path ?? "wasm";
  if (path === "wasm" && chunk === Infinity) {
    const scalars = scalarRows(conditions, T);
    const y = wasmSample(generator, conditions, { cond, z0, scalars, M, T });
    if (y) return y;
  }
  const out = new Float32Array(B * F);
  const fused = path !== "layers" && chunk === Infinity ? fusedHeadOf(generator) : null;
  if (fused) {
    try {
      fusedHead(fused, conditions, { cond, z0, M, T, out });
    } finally {
      disposeFusedHead(fused);
    }
  } else {
    layersHead(generator, conditions, { cond, z0, M, T, chunk, out });
  }
  // Undo the per-row normalization: row k times s_k.
  for (let b = 0; b < B; b++) {
    const n = Math.floor(b / (M * T * K)), k = b % K;
    const f = conditions[n].scales[k];
    for (let i = b * F; i < (b + 1) * F; i++) out[i] *= f;
  }
  return out;
}

/** Per (n, t, k) row the model scalars `[rf; onehot(t)]`, `[N T K, 3 + Tm]`. */
function scalarRows(conditions: readonly ApCondition[], T: number): Float32Array {
  const { K } = conditions[0].dims, sLen = scalarSize(conditions[0].dims);
  const out = new Float32Array(conditions.length * T * K * sLen);
  conditions.forEach((c, n) => {
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < K; k++) {
        const o = ((n * T + t) * K + k) * sLen;
        out[o] = c.rf[3 * k];
        out[o + 1] = c.rf[3 * k + 1];
        out[o + 2] = c.rf[3 * k + 2];
        out[o + 3 + t] = 1;
      }
    }
  });
  return out;
}

/** Writes the anchored output of head row `b` (`((n M + m) T + t) K + k`) into `out`. */
function anchorRows(
  conditions: readonly ApCondition[],
  cond: Float32Array,
  sizes: { M: number; T: number; r0: number; r1: number },
  coeffsOf: (b: number) => Float32Array,
  residualOf: (b: number) => Float32Array,
  out: Float32Array,
): void {
  const dims = conditions[0].dims;
  const { K, Nt, tau, E } = dims;
  const F = 2 * Nt, S = conditionSlots(dims), { T, r0, r1 } = sizes;
  for (let b = r0; b < r1; b++) {
    const k = b % K, t = Math.floor(b / K) % T, n = Math.floor(b / (sizes.M * T * K));
    const row = n * K + k;
    anchoredMix(cond.subarray(row * S * F, (row + 1) * S * F), {
      tau,
      T: dims.T,
      E,
      horizon: t + 1,
      coeffs: coeffsOf(b),
      residual: residualOf(b),
      out: out.subarray(b * F, (b + 1) * F),
    });
  }
}

/** The reference head: the head model on gathered rows, in chunks (module doc). */
function layersHead(
  generator: tf.LayersModel,
  conditions: readonly ApCondition[],
  o: {
    cond: Float32Array;
    z0: Float32Array;
    M: number;
    T: number;
    chunk: number;
    out: Float32Array;
  },
): void {
  const dims = conditions[0].dims;
  const { K, Nt, E } = dims;
  const { cond, z0, M, T, chunk, out } = o;
  const N = conditions.length, F = 2 * Nt, S = conditionSlots(dims);
  const latentDim = generator.inputs[2].shape[1] as number;
  const rows = conditions.flatMap((condition) =>
    Array.from(
      { length: K },
      (_, k) => Array.from({ length: T }, (_, t) => ({ condition, k, horizon: t + 1 })),
    )
  ).flat();
  const stacked = stackRows(rows); // (n K + k) T + t
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
  const J2 = 2 * (1 + E);
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
        anchorRows(
          conditions,
          cond,
          { M, T, r0, r1 },
          (b) => w.subarray((b - r0) * J2, (b - r0 + 1) * J2),
          (b) => r.subarray((b - r0) * F, (b - r0 + 1) * F),
          out,
        );
      });
    }
  });
}

/** The head's weights, split for {@link fusedHead}. */
interface FusedHead {
  readonly embed: tf.LayersModel;
  /** First hidden layer's kernel rows for the embedding, the scalars, the latent. */
  readonly w1e: tf.Tensor2D;
  readonly w1s: tf.Tensor2D;
  readonly w1z: tf.Tensor2D;
  readonly b1: tf.Tensor1D;
  readonly w2: tf.Tensor2D;
  readonly b2: tf.Tensor1D;
  /** `[coeffs | residual]` kernels and biases side by side. */
  readonly wOut: tf.Tensor2D;
  readonly bOut: tf.Tensor1D;
  readonly units: number;
  readonly coeffCount: number;
}

/** Whether a generator has the structure {@link fusedHeadOf} needs (cached per model). */
const fusableCache = new WeakMap<tf.LayersModel, boolean>();

/**
 * The generator's head as raw weights, when it has the structure of `buildGenerator`
 * (fuse = concat [e; scalars; z], two ReLU dense layers, two linear output layers);
 * `null` otherwise (the sampler then uses the layers). The weights are read at every
 * call (a few small slices and copies): a model that trains between calls, as in the
 * per-epoch validation, is always sampled with its current weights. The caller
 * disposes the result ({@link disposeFusedHead}).
 */
function fusedHeadOf(generator: tf.LayersModel): FusedHead | null {
  if (fusableCache.get(generator) === false) return null;
  let result: FusedHead | null = null;
  try {
    const layer = (name: string) => generator.getLayer(name);
    const act = (name: string) => layer(name).getConfig().activation;
    const useBias = (name: string) => layer(name).getConfig().useBias !== false;
    const names = ["g_embed", "g_hidden1", "g_hidden2", "g_coeffs", "g_residual"];
    if (
      act("g_hidden1") === "relu" && act("g_hidden2") === "relu" &&
      act("g_coeffs") === "linear" && act("g_residual") === "linear" &&
      names.every(useBias)
    ) {
      const eu = layer("g_embed").getConfig().units as number;
      const sLen = generator.inputs[1].shape[1] as number;
      const [k1, b1] = layer("g_hidden1").getWeights() as [tf.Tensor2D, tf.Tensor1D];
      const [k2, b2] = layer("g_hidden2").getWeights() as [tf.Tensor2D, tf.Tensor1D];
      const [kc, bc] = layer("g_coeffs").getWeights() as [tf.Tensor2D, tf.Tensor1D];
      const [kr, br] = layer("g_residual").getWeights() as [tf.Tensor2D, tf.Tensor1D];
      const units = k1.shape[1];
      // Tensors of their own (slices and copies), disposed after the call.
      result = {
        embed: splitGenerator(generator).embed,
        w1e: tf.slice(k1, [0, 0], [eu, units]),
        w1s: tf.slice(k1, [eu, 0], [sLen, units]),
        w1z: tf.slice(k1, [eu + sLen, 0], [-1, units]),
        b1: b1.clone(),
        w2: k2.clone(),
        b2: b2.clone(),
        wOut: tf.concat([kc, kr], 1),
        bOut: tf.concat([bc, br], 0),
        units,
        coeffCount: kc.shape[1],
      };
    }
  } catch {
    result = null;
  }
  fusableCache.set(generator, result !== null);
  return result;
}

/** Disposes the weight tensors of a {@link FusedHead} (not the shared embedding model). */
function disposeFusedHead(h: FusedHead): void {
  tf.dispose([h.w1e, h.w1s, h.w1z, h.b1, h.w2, h.b2, h.wOut, h.bOut]);
}

/**
 * The head with its first layer split (see {@link SampleOptions.path}): `h1 = relu(e W_e +
 * s W_s + z W_z + b_1)`, the three parts on `N K`, `N T K` and `N M K` rows and summed by
 * broadcasting to the `N M T K` head rows, then `h2 = relu(h1 W_2 + b_2)` and one product
 * for `[coeffs | residual]`; the anchor on the host.
 */
function fusedHead(
  h: FusedHead,
  conditions: readonly ApCondition[],
  o: { cond: Float32Array; z0: Float32Array; M: number; T: number; out: Float32Array },
): void {
  const dims = conditions[0].dims;
  const { K, Nt } = dims;
  const { cond, z0, M, T, out } = o;
  const N = conditions.length, F = 2 * Nt, S = conditionSlots(dims), U = h.units;
  const sLen = scalarSize(dims), J2 = h.coeffCount, W = J2 + F;
  const y = tf.tidy(() => {
    const e = h.embed.apply(tf.tensor3d(cond, [N * K, S, F]), { training: false }) as tf.Tensor2D;
    const pe = tf.reshape(tf.matMul(e, h.w1e), [N, 1, 1, K, U]);
    const sc = tf.tensor2d(scalarRows(conditions, T), [N * T * K, sLen]);
    const ps = tf.reshape(tf.matMul(sc, h.w1s), [N, 1, T, K, U]);
    const z = tf.tensor2d(z0, [N * M * K, z0.length / (N * M * K)]);
    const pz = tf.reshape(tf.add(tf.matMul(z, h.w1z), h.b1), [N, M, 1, K, U]);
    const h1 = tf.relu(tf.reshape(tf.add(tf.add(pz, pe), ps), [N * M * T * K, U]));
    const h2 = tf.relu(tf.add(tf.matMul(h1, h.w2), h.b2));
    return tf.add(tf.matMul(h2, h.wOut), h.bOut);
  });
  const data = y.dataSync() as Float32Array; // [B, J2 + F]
  y.dispose();
  anchorRows(
    conditions,
    cond,
    { M, T, r0: 0, r1: N * M * T * K },
    (b) => data.subarray(b * W, b * W + J2),
    (b) => data.subarray(b * W + J2, (b + 1) * W),
    out,
  );
}
