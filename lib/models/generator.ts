/**
 * Conditional generator `G(z | c)` (paper Sec. III.B.1-2), one AP at a time.
 *
 * Inputs (in this order): `history` `[B, K, Nt, 2 tau]`, `scalars` `[B, 2K + 1 + T]`
 * (see `condition.ts`), `z` `[B, latentDim]`. Output: one normalized channel matrix
 * `[B, K, Nt, 2]` (re, im), i.e. `outputScale * tanh(.)`, in units of the row gain `s_k`.
 *
 * Choices not fixed by the paper (documented here and in docs/model.md, "Generative module"):
 * - Embedding CNN: 3 x 3 convolutions, stride 2, `same` padding, ReLU, then global average
 *   pooling to a vector of the last conv's width (256 at paper size).
 * - FC-512 ReLU is kept at 512 units for every `filterScale`; it is reshaped to the grid
 *   `[ceil(K/8), ceil(Nt/8), 512 / (ceil(K/8) ceil(Nt/8))]` = `[4, 8, 16]`.
 * - Up-sampling: three 3 x 3 transposed convs, stride 2, `same` padding, no bias, batch
 *   norm, ReLU.
 * - Output: 3 x 3 conv to 2 channels, tanh, then a centred crop to `K x Nt` (32 -> 30
 *   rows: 1 top, 1 bottom; cropping the 2-channel map, not the 64-channel one, is what
 *   makes the crop cheap on wasm), times `outputScale` (default 3). Rows are
 *   normalized to unit mean power, so re/im parts have standard deviation about 0.71
 *   and +-3 covers more than 4 sigma (fades deeper than the past window stay inside).
 * - Conv filters are `max(1, round(n * filterScale))`.
 *
 * Exact shapes (`B` = batch), `K = 30`, `Nt = 64`, `tau = 10`, `T = 5`, `latentDim = 128`;
 * columns: paper (`filterScale` 1) / cpu (1/8) / ci (1/16):
 *
 * | layer | op | paper | cpu | ci |
 * |---|---|---|---|---|
 * | `history` | input | [B,30,64,20] | same | same |
 * | `scalars` | input | [B,66] | same | same |
 * | `z` | input | [B,128] | same | same |
 * | `g_embed_conv1` | conv 3x3 s2 ReLU | [B,15,32,64] | [B,15,32,8] | [B,15,32,4] |
 * | `g_embed_conv2` | conv 3x3 s2 ReLU | [B,8,16,128] | [B,8,16,16] | [B,8,16,8] |
 * | `g_embed_conv3` | conv 3x3 s2 ReLU | [B,4,8,256] | [B,4,8,32] | [B,4,8,16] |
 * | `g_embed_pool` | global avg pool (= e) | [B,256] | [B,32] | [B,16] |
 * | `g_fuse` | concat [e; scalars; z] | [B,450] | [B,226] | [B,210] |
 * | `g_fc` | dense 512 ReLU | [B,512] | [B,512] | [B,512] |
 * | `g_grid` | reshape | [B,4,8,16] | same | same |
 * | `g_up1` (+`_bn`, `_relu`) | convT 3x3 s2 | [B,8,16,256] | [B,8,16,32] | [B,8,16,16] |
 * | `g_up2` (+`_bn`, `_relu`) | convT 3x3 s2 | [B,16,32,128] | [B,16,32,16] | [B,16,32,8] |
 * | `g_up3` (+`_bn`, `_relu`) | convT 3x3 s2 | [B,32,64,64] | [B,32,64,8] | [B,32,64,4] |
 * | `g_out_conv` | conv 3x3 tanh | [B,32,64,2] | same | same |
 * | `g_crop` | crop rows 1/1 | [B,30,64,2] | same | same |
 * | `g_out_scale` | x outputScale | [B,30,64,2] | same | same |
 *
 * Parameters (count includes the batch-norm moving statistics): paper 1 019 970, cpu 134 218,
 * ci 114 150 (asserted in the tests).
 *
 * @example
 * ```ts ignore
 * import { buildGenerator } from "./generator.ts";
 * const g = buildGenerator({ K: 30, Nt: 64, tau: 10, T: 5, filterScale: 0.25, seed: 1 });
 * g.summary();
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, assertPositive } from "../core/mod.ts";
import { assertModelDims, type ModelDims, scalarSize } from "./condition.ts";
import { RowCropLayer, ScaleLayer } from "./scale_layer.ts";

/** Configuration of {@link buildGenerator}. */
export interface GeneratorConfig extends ModelDims {
  /** Latent size `d_z` (default 128). */
  readonly latentDim?: number;
  /** Multiplier on every conv width (1 = paper, 1/4 = cpu preset, 1/16 = ci). Default 1. */
  readonly filterScale?: number;
  /** Width of the fusion FC layer (default 512). */
  readonly fcUnits?: number;
  /** Multiplier after the final tanh (default 3). */
  readonly outputScale?: number;
  /** Seed of the weight initializers (default 0): same seed, same initial weights. */
  readonly seed?: number;
}

/** Conv width `max(1, round(n * filterScale))`. */
export function scaledFilters(n: number, filterScale: number): number {
  assertPositive("filterScale", filterScale);
  return Math.max(1, Math.round(n * filterScale));
}

/** Up-sampling grid `[ceil(K/8), ceil(Nt/8), fcUnits / (gh gw)]`; throws if not whole. */
export function generatorGrid(
  config: Pick<GeneratorConfig, "K" | "Nt" | "fcUnits">,
): [number, number, number] {
  const gh = Math.ceil(config.K / 8);
  const gw = Math.ceil(config.Nt / 8);
  const fc = config.fcUnits ?? 512;
  if (fc % (gh * gw) !== 0) {
    throw new RangeError(`fcUnits ${fc} must be divisible by the grid size ${gh}x${gw}`);
  }
  return [gh, gw, fc / (gh * gw)];
}

/**
 * Builds the generator as a functional `tf.LayersModel` with inputs
 * `[history [B,K,Nt,2tau], scalars [B,2K+1+T], z [B,latentDim]]` and output `[B,K,Nt,2]`.
 * Layer names and shapes: see the module documentation.
 *
 * @param config sizes and options ({@link GeneratorConfig}).
 */
export function buildGenerator(config: GeneratorConfig): tf.LayersModel {
  assertModelDims(config);
  const { K, Nt, tau } = config;
  const latentDim = config.latentDim ?? 128;
  const s = config.filterScale ?? 1;
  const fcUnits = config.fcUnits ?? 512;
  const outputScale = config.outputScale ?? 3;
  const seed = config.seed ?? 0;
  assertInteger("latentDim", latentDim, { min: 1 });
  assertInteger("fcUnits", fcUnits, { min: 1 });
  assertPositive("filterScale", s);
  assertPositive("outputScale", outputScale);
  assertInteger("seed", seed, { min: 0 });
  const [gh, gw, gc] = generatorGrid({ K, Nt, fcUnits });
  let seedCounter = seed * 1000;
  const init = () => tf.initializers.glorotUniform({ seed: seedCounter++ });

  const history = tf.input({ shape: [K, Nt, 2 * tau], name: "history" });
  const scalars = tf.input({ shape: [scalarSize(config)], name: "scalars" });
  const z = tf.input({ shape: [latentDim], name: "z" });

  let e = history as tf.SymbolicTensor;
  [64, 128, 256].forEach((n, i) => {
    e = tf.layers.conv2d({
      name: `g_embed_conv${i + 1}`,
      filters: scaledFilters(n, s),
      kernelSize: 3,
      strides: 2,
      padding: "same",
      activation: "relu",
      kernelInitializer: init(),
    }).apply(e) as tf.SymbolicTensor;
  });
  e = tf.layers.globalAveragePooling2d({ name: "g_embed_pool" }).apply(e) as tf.SymbolicTensor;
  const fused = tf.layers.concatenate({ name: "g_fuse" }).apply([e, scalars, z]);
  let x = tf.layers.dense({
    name: "g_fc",
    units: fcUnits,
    activation: "relu",
    kernelInitializer: init(),
  }).apply(fused) as tf.SymbolicTensor;
  x = tf.layers.reshape({ name: "g_grid", targetShape: [gh, gw, gc] }).apply(
    x,
  ) as tf.SymbolicTensor;
  [256, 128, 64].forEach((n, i) => {
    const name = `g_up${i + 1}`;
    x = tf.layers.conv2dTranspose({
      name,
      filters: scaledFilters(n, s),
      kernelSize: 3,
      strides: 2,
      padding: "same",
      useBias: false,
      kernelInitializer: init(),
    }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: `${name}_bn` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `${name}_relu` }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.conv2d({
    name: "g_out_conv",
    filters: 2,
    kernelSize: 3,
    padding: "same",
    activation: "tanh",
    kernelInitializer: init(),
  }).apply(x) as tf.SymbolicTensor;
  // Crop after the 2-channel output conv: slicing 2 channels instead of 64 (wasm's
  // strided Slice cost more than the transposed convs when it cropped the 64-channel map).
  const extraRows = gh * 8 - K;
  if (gw * 8 !== Nt) throw new RangeError(`Nt = ${Nt} must be a multiple of 8`);
  x = new RowCropLayer({
    name: "g_crop",
    top: Math.floor(extraRows / 2),
    bottom: extraRows - Math.floor(extraRows / 2),
  }).apply(x) as tf.SymbolicTensor;
  const out = new ScaleLayer({ name: "g_out_scale", scale: outputScale }).apply(
    x,
  ) as tf.SymbolicTensor;
  return tf.model({ name: "generator", inputs: [history, scalars, z], outputs: out });
}

/**
 * The generator cut in two at the embedding, sharing the generator's layers (and so its
 * weights, also after later training or `setWeights`):
 *
 * - `embed`: `history [N, K, Nt, 2 tau] -> e [N, E]` (the three convs and the pool);
 * - `head`: `[e [B, E], scalars [B, 2K+1+T], z [B, latentDim]] -> [B, K, Nt, 2]`.
 *
 * `head([embed(h), s, z])` equals `generator([h, s, z])` row by row. Sampling runs the
 * CNN once per condition and only the head on the `N M T` rows (`sampler.ts`).
 */
export interface SplitGenerator {
  readonly embed: tf.LayersModel;
  readonly head: tf.LayersModel;
  /** Embedding width `E`. */
  readonly embedDim: number;
}

const HEAD_LAYERS = [
  "g_fuse",
  "g_fc",
  "g_grid",
  "g_up1",
  "g_up1_bn",
  "g_up1_relu",
  "g_up2",
  "g_up2_bn",
  "g_up2_relu",
  "g_up3",
  "g_up3_bn",
  "g_up3_relu",
  "g_out_conv",
  "g_crop",
  "g_out_scale",
];

const splitCache = new WeakMap<tf.LayersModel, SplitGenerator>();

/**
 * Splits a generator from {@link buildGenerator} (cached per model).
 *
 * @param generator `[history, scalars, z] -> [B, K, Nt, 2]` with the layer names above.
 */
export function splitGenerator(generator: tf.LayersModel): SplitGenerator {
  if (!(generator instanceof tf.LayersModel)) {
    throw new TypeError("generator must be a tf.LayersModel");
  }
  const hit = splitCache.get(generator);
  if (hit) return hit;
  const pool = generator.getLayer("g_embed_pool");
  const embed = tf.model({
    name: "generator_embed",
    inputs: generator.inputs[0],
    outputs: pool.output as tf.SymbolicTensor,
  });
  const embedDim = embed.outputs[0].shape[1] as number;
  const e = tf.input({ shape: [embedDim], name: "embedding" });
  const scalars = tf.input({ shape: [generator.inputs[1].shape[1] as number], name: "scalars" });
  const z = tf.input({ shape: [generator.inputs[2].shape[1] as number], name: "z" });
  let x = generator.getLayer("g_fuse").apply([e, scalars, z]) as tf.SymbolicTensor;
  for (const name of HEAD_LAYERS.slice(1)) {
    x = generator.getLayer(name).apply(x) as tf.SymbolicTensor;
  }
  const head = tf.model({ name: "generator_head", inputs: [e, scalars, z], outputs: x });
  const split = { embed, head, embedDim };
  splitCache.set(generator, split);
  return split;
}
