/**
 * Critic `D(x | c)` for WGAN-GP (paper Sec. III.B.3), judging **(condition, sample)
 * pairs row by row**: a candidate future row `x` `[R, 2 Nt]` next to its condition
 * `cond` `[R, tau + T + E, 2 Nt]` and scalars `[R, 3 + T]` (see `condition.ts`). Output
 * `[R, 1]`: one score per (UE, AP) row; the WGAN losses average them over the batch, so
 * a row plays the part of the paper's PatchGAN patch (docs/model.md, "Generative module").
 *
 * The critic also reads `x - f_t` ({@link ForecastResidualLayer}) and the mean powers of
 * `x` and of `x - f_t` per row ({@link RowPowerLayer}): what a sample adds to the linear
 * forecast, and how much, is what it must judge.
 *
 * | layer | op | shape (`Nt` 64, `S` 20) |
 * |---|---|---|
 * | `d_residual` | x - forecast(t) | [R,128] |
 * | `d_flat` | flatten(cond) | [R,2560] |
 * | `d_x_power`, `d_residual_power` | log mean square per row | [R,1] each |
 * | `d_concat` | concat [x; x - f; powers; cond; scalars] | [R,2826] |
 * | `d_dense1` | dense, LeakyReLU 0.2 (`hiddenUnits`) | [R,256] paper / [R,64] cpu / [R,16] ci |
 * | `d_dense2` | dense, LeakyReLU 0.2 (`hiddenUnits / 2`) | [R,128] / [R,32] / [R,8] |
 * | `d_score` | dense, linear | [R,1] |
 *
 * Parameters `(2826 + 1) H + (H + 1) H / 2 + H / 2 + 1` (`H` = `hiddenUnits`, concat width
 * `2 (2 Nt) + 2 + S 2 Nt + 3 + T` = 2826): 756 737 paper, 183 041 cpu, 45 377 ci
 * (tests/models/models_test.ts checks these counts).
 *
 * Ops used (dense, reshape, concat, slice, multiply, sum, subtract, square, mean, log,
 * LeakyReLU): none
 * saves its output for the gradient, so the penalty's second-order gradient is exact in
 * tfjs 4.22 (docs/model.md, "Generative module"); LeakyReLU's needs a registered
 * `Greater` gradient (`setupBackend()`). No normalization layers (batch norm would break
 * the per-sample gradient penalty).
 *
 * @example
 * ```ts ignore
 * import { buildCritic } from "./critic.ts";
 * const d = buildCritic({ K: 30, Nt: 64, tau: 10, T: 5, E: 5 });
 * d.summary();
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, assertPositive } from "../core/mod.ts";
import { ForecastResidualLayer, RowPowerLayer } from "./anchor_layers.ts";
import { assertModelDims, conditionSlots, type ModelDims, scalarSize } from "./condition.ts";

/** Configuration of {@link buildCritic}. */
export interface CriticConfig extends ModelDims {
  /** Width of the first hidden layer; the second has half (default 64). */
  readonly hiddenUnits?: number;
  /** LeakyReLU slope (default 0.2). */
  readonly leakySlope?: number;
  /** Seed of the weight initializers (default 0). */
  readonly seed?: number;
}

/**
 * Builds the critic: `[x [R,2Nt], cond [R,S,2Nt], scalars [R,3+T]] -> [R,1]`.
 *
 * @param config sizes and options ({@link CriticConfig}).
 */
export function buildCritic(config: CriticConfig): tf.LayersModel {
  assertModelDims(config);
  const { Nt, tau, T, E } = config;
  const hidden = config.hiddenUnits ?? 64;
  const slope = config.leakySlope ?? 0.2;
  const seed = config.seed ?? 0;
  assertInteger("hiddenUnits", hidden, { min: 2 });
  assertPositive("leakySlope", slope);
  assertInteger("seed", seed, { min: 0 });
  let seedCounter = seed * 1000 + 500;
  const init = () => tf.initializers.glorotUniform({ seed: seedCounter++ });
  const x = tf.input({ shape: [2 * Nt], name: "x" });
  const cond = tf.input({ shape: [conditionSlots(config), 2 * Nt], name: "cond" });
  const scalars = tf.input({ shape: [scalarSize(config)], name: "scalars" });
  const residual = new ForecastResidualLayer({ name: "d_residual", tau, T, E })
    .apply([x, cond, scalars]) as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: "d_flat" }).apply(cond) as tf.SymbolicTensor;
  const xPower = new RowPowerLayer({ name: "d_x_power" }).apply(x) as tf.SymbolicTensor;
  const residualPower = new RowPowerLayer({ name: "d_residual_power" })
    .apply(residual) as tf.SymbolicTensor;
  let h = tf.layers.concatenate({ name: "d_concat" })
    .apply([x, residual, xPower, residualPower, flat, scalars]);
  [hidden, Math.max(1, Math.floor(hidden / 2))].forEach((units, i) => {
    h = tf.layers.dense({ name: `d_dense${i + 1}`, units, kernelInitializer: init() })
      .apply(h) as tf.SymbolicTensor;
    h = tf.layers.leakyReLU({ name: `d_lrelu${i + 1}`, alpha: slope }).apply(h);
  });
  const out = tf.layers.dense({ name: "d_score", units: 1, kernelInitializer: init() })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ name: "critic", inputs: [x, cond, scalars], outputs: out });
}
