/**
 * Conditional generator `G(z | c)` (paper Sec. III.B.1-2), rebuilt as an **anchored
 * residual** generator over one (UE, AP) row (docs/model.md, "Generative module"):
 *
 *     x̂ = f_t + w_0 f_t + sum_{i=1..E} w_i e_i + r
 *
 * with `f_t` the row's linear forecast at the asked horizon, `e_i` its recent one-step
 * errors (both in the condition, see `condition.ts`), complex weights `w_j` and a free
 * residual `r` `[2 Nt]` computed from the whole condition, the row's scalars and the
 * latent. `w_0` scales the forecast (a fade or a blockage onset), the `w_i` move it along
 * directions the channel recently took unforeseen, and `r` reaches any other direction.
 * The layers that output `w` and `r` start at zero, so an **untrained generator returns
 * the forecast**: training can only add what the data supports.
 *
 * Inputs (in this order): `cond` `[R, tau + T + E, 2 Nt]`, `scalars` `[R, 3 + T]`,
 * `z` `[R, latentDim]`; output `[R, 2 Nt]` (normalized, interleaved re/im).
 *
 * | layer | op | shape (`Nt` 64, `tau` 10, `T` 5, `E` 5) |
 * |---|---|---|
 * | `cond` | input | [R,20,128] |
 * | `g_flat` | flatten | [R,2560] |
 * | `g_embed` | dense ReLU (`embedUnits`; the paper's `e`) | [R,256] paper / [R,64] cpu / [R,16] ci |
 * | `g_fuse` | concat [e; scalars; z] | [R,embed + 8 + latentDim] |
 * | `g_hidden1`, `g_hidden2` | dense ReLU (`hiddenUnits`) | [R,512] / [R,128] / [R,32] |
 * | `g_coeffs` | dense, zero-initialized | [R,2 (1 + E)] = [R,12] |
 * | `g_residual` | dense, zero-initialized | [R,128] |
 * | `g_out` | {@link AnchoredMixLayer} | [R,128] |
 *
 * Parameters, with embedding `e` and hidden width `h`:
 * `(S 2Nt + 1) e + (e + 3 + T + latentDim + 1) h + (h + 1) h + (h + 1) (2 (1 + E) + 2 Nt)`:
 * 1 191 308 paper (256 / 512 / latent 128), 209 868 cpu (64 / 128 / 16), 47 580 ci
 * (16 / 32 / 4); the embedding holds most of them (tests/models/models_test.ts checks
 * these counts).
 *
 * No narrow bottleneck sits between the condition and the output: the forecast and the
 * errors reach the output at full resolution through the anchor, and the embedding sees
 * every value of the condition.
 *
 * @example
 * ```ts ignore
 * import { buildGenerator } from "./generator.ts";
 * const g = buildGenerator({ K: 30, Nt: 64, tau: 10, T: 5, E: 5, seed: 1 });
 * g.summary();
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger } from "../core/mod.ts";
import { AnchoredMixLayer } from "./anchor_layers.ts";
import { assertModelDims, conditionSlots, type ModelDims, scalarSize } from "./condition.ts";

/** Configuration of {@link buildGenerator}. */
export interface GeneratorConfig extends ModelDims {
  /** Latent size per row (default 16). */
  readonly latentDim?: number;
  /** Width of the condition embedding `e` (default 64). */
  readonly embedUnits?: number;
  /** Width of the two hidden layers (default 128). */
  readonly hiddenUnits?: number;
  /** Seed of the weight initializers (default 0): same seed, same initial weights. */
  readonly seed?: number;
}

/**
 * Builds the generator as a functional `tf.LayersModel`
 * `[cond [R,S,2Nt], scalars [R,3+T], z [R,latentDim]] -> [R,2Nt]` (module doc).
 *
 * @param config sizes and widths ({@link GeneratorConfig}).
 */
export function buildGenerator(config: GeneratorConfig): tf.LayersModel {
  assertModelDims(config);
  const { Nt, tau, T, E } = config;
  const latentDim = config.latentDim ?? 16;
  const embedUnits = config.embedUnits ?? 64;
  const hiddenUnits = config.hiddenUnits ?? 128;
  const seed = config.seed ?? 0;
  assertInteger("latentDim", latentDim, { min: 1 });
  assertInteger("embedUnits", embedUnits, { min: 1 });
  assertInteger("hiddenUnits", hiddenUnits, { min: 1 });
  assertInteger("seed", seed, { min: 0 });
  let seedCounter = seed * 1000;
  const init = () => tf.initializers.glorotUniform({ seed: seedCounter++ });
  const S = conditionSlots(config);
  const cond = tf.input({ shape: [S, 2 * Nt], name: "cond" });
  const scalars = tf.input({ shape: [scalarSize(config)], name: "scalars" });
  const z = tf.input({ shape: [latentDim], name: "z" });
  const flat = tf.layers.flatten({ name: "g_flat" }).apply(cond) as tf.SymbolicTensor;
  const e = tf.layers.dense({
    name: "g_embed",
    units: embedUnits,
    activation: "relu",
    kernelInitializer: init(),
  }).apply(flat) as tf.SymbolicTensor;
  let h = tf.layers.concatenate({ name: "g_fuse" }).apply([e, scalars, z]) as tf.SymbolicTensor;
  for (const name of ["g_hidden1", "g_hidden2"]) {
    h = tf.layers.dense({ name, units: hiddenUnits, activation: "relu", kernelInitializer: init() })
      .apply(h) as tf.SymbolicTensor;
  }
  const coeffs = tf.layers.dense({
    name: "g_coeffs",
    units: 2 * (1 + E),
    kernelInitializer: "zeros",
  }).apply(h) as tf.SymbolicTensor;
  const residual = tf.layers.dense({
    name: "g_residual",
    units: 2 * Nt,
    kernelInitializer: "zeros",
  }).apply(h) as tf.SymbolicTensor;
  const out = new AnchoredMixLayer({ name: "g_out", tau, T, E })
    .apply([cond, scalars, coeffs, residual]) as tf.SymbolicTensor;
  return tf.model({ name: "generator", inputs: [cond, scalars, z], outputs: out });
}

/**
 * The generator cut in two at the embedding, sharing its layers (and weights):
 * `embed`: `cond [N,S,2Nt] -> e [N,E_u]`; `head`: `[e, scalars, z] -> [coeffs [R,2(1+E)],
 * residual [R,2Nt]]`, the anchor's inputs. Sampling runs the embedding once per
 * condition row, the head on every (sample, horizon) row, and the anchor
 * ({@link anchoredMix}) on the host (`sampler.ts`): the same numbers as
 * `generator([c, s, z])` without copying the condition to every row.
 */
export interface SplitGenerator {
  readonly embed: tf.LayersModel;
  readonly head: tf.LayersModel;
}

const splitCache = new WeakMap<tf.LayersModel, SplitGenerator>();

/**
 * Splits a generator from {@link buildGenerator} (cached per model).
 *
 * @param generator `[cond, scalars, z] -> [R, 2 Nt]` with the layer names above.
 */
export function splitGenerator(generator: tf.LayersModel): SplitGenerator {
  if (!(generator instanceof tf.LayersModel)) {
    throw new TypeError("generator must be a tf.LayersModel");
  }
  const hit = splitCache.get(generator);
  if (hit) return hit;
  const embedLayer = generator.getLayer("g_embed");
  const embed = tf.model({
    name: "generator_embed",
    inputs: generator.inputs[0],
    outputs: embedLayer.output as tf.SymbolicTensor,
  });
  const e = tf.input({ shape: [embed.outputs[0].shape[1] as number], name: "embedding" });
  const scalars = tf.input({ shape: [generator.inputs[1].shape[1] as number], name: "scalars" });
  const z = tf.input({ shape: [generator.inputs[2].shape[1] as number], name: "z" });
  let h = generator.getLayer("g_fuse").apply([e, scalars, z]) as tf.SymbolicTensor;
  for (const name of ["g_hidden1", "g_hidden2"]) {
    h = generator.getLayer(name).apply(h) as tf.SymbolicTensor;
  }
  const coeffs = generator.getLayer("g_coeffs").apply(h) as tf.SymbolicTensor;
  const residual = generator.getLayer("g_residual").apply(h) as tf.SymbolicTensor;
  const head = tf.model({
    name: "generator_head",
    inputs: [e, scalars, z],
    outputs: [coeffs, residual],
  });
  const split = { embed, head };
  splitCache.set(generator, split);
  return split;
}

/**
 * The anchor of {@link AnchoredMixLayer} on the host, for one row: writes
 * `f + w_0 f + sum_i w_i e_i + residual` into `out` (`2 Nt` interleaved floats).
 *
 * @param slots the row's condition `[tau + T + E, 2 Nt]` (a view).
 * @param options sizes, the horizon `t` (1..T), `coeffs` `[2 (1 + E)]`, `residual` `[2 Nt]`.
 */
export function anchoredMix(
  slots: Float32Array,
  options: {
    readonly tau: number;
    readonly T: number;
    readonly E: number;
    readonly horizon: number;
    readonly coeffs: Float32Array;
    readonly residual: Float32Array;
    readonly out: Float32Array;
  },
): void {
  const { tau, T, E, horizon, coeffs, residual, out } = options;
  const F = residual.length;
  const f = (tau + horizon - 1) * F;
  for (let i = 0; i < F; i += 2) {
    const fr = slots[f + i], fi = slots[f + i + 1];
    let re = fr + coeffs[0] * fr - coeffs[1] * fi + residual[i];
    let im = fi + coeffs[0] * fi + coeffs[1] * fr + residual[i + 1];
    for (let j = 1; j <= E; j++) {
      const o = (tau + T + j - 1) * F, wr = coeffs[2 * j], wi = coeffs[2 * j + 1];
      const er = slots[o + i], ei = slots[o + i + 1];
      re += wr * er - wi * ei;
      im += wr * ei + wi * er;
    }
    out[i] = re;
    out[i + 1] = im;
  }
}
