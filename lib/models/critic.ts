/**
 * PatchGAN critic `D(x | c)` for WGAN-GP (paper Sec. III.B.3), one AP at a time.
 *
 * Inputs (in this order): the channel sample `x` `[B, K, Nt, 2]` (normalized, as the
 * generator outputs it), `history` `[B, K, Nt, 2 tau]` and `scalars` `[B, 2K + 1 + T]`
 * (see `condition.ts`). Output: `[B, 1]`, the mean of a `ceil(K/8) x ceil(Nt/8)` score map.
 *
 * **How `c` enters** (the paper does not say; docs/model.md, "Generative module"): by
 * concatenation of K x Nt maps, no
 * FiLM. The channel part of `c` is already a K x Nt image: the critic reads the normalized
 * past window (`2 tau` channels) directly, with its own convolutions (it does not share
 * the generator's embedding CNN). The scalar part `[r; f; onehot(t)]` is projected by a
 * *linear* dense layer to `K * Nt` values and reshaped into **one** `[K, Nt, 1]` map.
 * Input image: `[x, history, map]` = `2 + 2 tau + 1` = 23 channels.
 *
 * Convolutions: 4 x 4 (the PatchGAN kernel), stride 2, `same` padding, LeakyReLU 0.2, no
 * normalization layers (batch norm would break the per-sample gradient penalty). Then a
 * 1 x 1 conv to one channel (the patch scores) and a global average (the mean).
 * Ops used: dense (MatMul, BiasAdd), Reshape, Concat, Conv2D, LeakyRelu, Mean: none of
 * them saves its *output* for the gradient, so the penalty's second-order gradient is
 * exact in tfjs 4.22 (docs/model.md, "Generative module"); LeakyRelu's needs a registered
 * `Greater` gradient.
 *
 * Exact shapes (`K = 30`, `Nt = 64`, `tau = 10`, `T = 5`); paper / cpu (1/8) / ci (1/16):
 *
 * | layer | op | paper | cpu | ci |
 * |---|---|---|---|---|
 * | `x` | input | [B,30,64,2] | same | same |
 * | `history` | input | [B,30,64,20] | same | same |
 * | `scalars` | input | [B,66] | same | same |
 * | `d_cond_proj` | dense, linear | [B,1920] | same | same |
 * | `d_cond_map` | reshape | [B,30,64,1] | same | same |
 * | `d_concat` | concat | [B,30,64,23] | same | same |
 * | `d_conv1` | conv 4x4 s2 LReLU 0.2 | [B,15,32,64] | [B,15,32,8] | [B,15,32,4] |
 * | `d_conv2` | conv 4x4 s2 LReLU 0.2 | [B,8,16,128] | [B,8,16,16] | [B,8,16,8] |
 * | `d_conv3` | conv 4x4 s2 LReLU 0.2 | [B,4,8,256] | [B,4,8,32] | [B,4,8,16] |
 * | `d_score` | conv 1x1 | [B,4,8,1] | same | same |
 * | `d_mean` | global avg pool | [B,1] | same | same |
 *
 * Parameters: paper 808 257, cpu 141 913, ci 132 717 (asserted in the tests).
 *
 * @example
 * ```ts ignore
 * import { buildCritic } from "./critic.ts";
 * const d = buildCritic({ K: 30, Nt: 64, tau: 10, T: 5, filterScale: 0.25 });
 * d.summary();
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, assertPositive } from "../core/mod.ts";
import { assertModelDims, type ModelDims, scalarSize } from "./condition.ts";
import { scaledFilters } from "./generator.ts";

/** Configuration of {@link buildCritic}. */
export interface CriticConfig extends ModelDims {
  /** Multiplier on every conv width (1 = paper). Default 1. */
  readonly filterScale?: number;
  /** LeakyReLU slope (default 0.2). */
  readonly leakySlope?: number;
  /** Seed of the weight initializers (default 0). */
  readonly seed?: number;
}

/**
 * Builds the critic as a functional `tf.LayersModel`:
 * `[x [B,K,Nt,2], history [B,K,Nt,2tau], scalars [B,2K+1+T]] -> [B,1]`.
 *
 * @param config sizes and options ({@link CriticConfig}).
 */
export function buildCritic(config: CriticConfig): tf.LayersModel {
  assertModelDims(config);
  const { K, Nt, tau } = config;
  const s = config.filterScale ?? 1;
  const slope = config.leakySlope ?? 0.2;
  const seed = config.seed ?? 0;
  assertPositive("filterScale", s);
  assertPositive("leakySlope", slope);
  assertInteger("seed", seed, { min: 0 });
  let seedCounter = seed * 1000 + 500;
  const init = () => tf.initializers.glorotUniform({ seed: seedCounter++ });

  const x = tf.input({ shape: [K, Nt, 2], name: "x" });
  const history = tf.input({ shape: [K, Nt, 2 * tau], name: "history" });
  const scalars = tf.input({ shape: [scalarSize(config)], name: "scalars" });
  let m = tf.layers.dense({ name: "d_cond_proj", units: K * Nt, kernelInitializer: init() })
    .apply(scalars) as tf.SymbolicTensor;
  m = tf.layers.reshape({ name: "d_cond_map", targetShape: [K, Nt, 1] }).apply(
    m,
  ) as tf.SymbolicTensor;
  let h = tf.layers.concatenate({ name: "d_concat" }).apply([x, history, m]) as tf.SymbolicTensor;
  [64, 128, 256].forEach((n, i) => {
    h = tf.layers.conv2d({
      name: `d_conv${i + 1}`,
      filters: scaledFilters(n, s),
      kernelSize: 4,
      strides: 2,
      padding: "same",
      kernelInitializer: init(),
    }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.leakyReLU({ name: `d_lrelu${i + 1}`, alpha: slope }).apply(
      h,
    ) as tf.SymbolicTensor;
  });
  h = tf.layers.conv2d({ name: "d_score", filters: 1, kernelSize: 1, kernelInitializer: init() })
    .apply(h) as tf.SymbolicTensor;
  const out = tf.layers.globalAveragePooling2d({ name: "d_mean" }).apply(h) as tf.SymbolicTensor;
  return tf.model({ name: "critic", inputs: [x, history, scalars], outputs: out });
}
