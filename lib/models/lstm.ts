/**
 * LSTM-DT baseline (paper Sec. IV.A): a two-layer LSTM (hidden 256) that forecasts the
 * next `T` channel matrices of one AP from its past `tau` (point forecast, used with
 * WC-ZF at M = 1). Weights are shared across APs, like the generator's.
 *
 * Input: the same normalized `history` `[B, K, Nt, 2 tau]` as the generator (see
 * `condition.ts`), rearranged inside the model into a sequence of `tau` flattened
 * matrices. Output: normalized `[B, T, K, Nt, 2]`; de-normalize with the row gains.
 * Loss: mean squared error; Adam, learning rate 2e-4 (paper).
 *
 * Shapes (`K = 30`, `Nt = 64`, `tau = 10`, `T = 5`, `units` 256 paper / 32 cpu / 8 ci):
 *
 * | layer | op | shape |
 * |---|---|---|
 * | `history` | input | [B,30,64,20] |
 * | `l_split` | reshape | [B,30,64,10,2] |
 * | `l_time_first` | permute (3,1,2,4) | [B,10,30,64,2] |
 * | `l_seq` | reshape | [B,10,3840] |
 * | `l_lstm1` | LSTM, sequences | [B,10,units] |
 * | `l_lstm2` | LSTM, last state | [B,units] |
 * | `l_head` | dense, linear | [B,19200] |
 * | `l_out` | reshape | [B,5,30,64,2] |
 *
 * Parameters at paper size: 9 655 040 (LSTM 1: 4 195 328, LSTM 2: 525 312, head 4 934 400).
 *
 * Recurrent kernels use Glorot-uniform, not Keras's orthogonal default: tfjs's orthogonal
 * initializer runs a JS QR and took minutes on the 256 x 1024 matrix.
 *
 * @example
 * ```ts ignore
 * import { buildLstm, createLstmTrainer } from "./lstm.ts";
 * const model = buildLstm({ K: 30, Nt: 64, tau: 10, T: 5, units: 64 });
 * const trainer = createLstmTrainer(model);
 * const loss = trainer.step(batch); // batch from makeLstmBatch
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, assertPositive } from "../core/mod.ts";
import {
  assertModelDims,
  buildCondition,
  type Condition,
  type ModelDims,
  type RfNormalization,
} from "./condition.ts";
import type { TrainingWindow } from "./batch.ts";
import { denormalizeRows, normalizeRows, slotCount } from "./normalization.ts";

/** Configuration of {@link buildLstm}. */
export interface LstmConfig extends ModelDims {
  /** Hidden units of both LSTM layers (default 256). */
  readonly units?: number;
  /** Seed of the weight initializers (default 0). */
  readonly seed?: number;
}

/**
 * Builds the LSTM forecaster: `history [B,K,Nt,2tau] -> [B,T,K,Nt,2]`.
 *
 * @param config sizes, `units`, `seed`.
 */
export function buildLstm(config: LstmConfig): tf.LayersModel {
  assertModelDims(config);
  const { K, Nt, tau, T } = config;
  const units = config.units ?? 256;
  const seed = config.seed ?? 0;
  assertInteger("units", units, { min: 1 });
  assertInteger("seed", seed, { min: 0 });
  let seedCounter = seed * 1000 + 900;
  const glorot = () => tf.initializers.glorotUniform({ seed: seedCounter++ });
  const history = tf.input({ shape: [K, Nt, 2 * tau], name: "history" });
  let x = tf.layers.reshape({ name: "l_split", targetShape: [K, Nt, tau, 2] }).apply(
    history,
  ) as tf.SymbolicTensor;
  x = tf.layers.permute({ name: "l_time_first", dims: [3, 1, 2, 4] }).apply(
    x,
  ) as tf.SymbolicTensor;
  x = tf.layers.reshape({ name: "l_seq", targetShape: [tau, K * Nt * 2] }).apply(
    x,
  ) as tf.SymbolicTensor;
  x = tf.layers.lstm({
    name: "l_lstm1",
    units,
    returnSequences: true,
    kernelInitializer: glorot(),
    recurrentInitializer: glorot(),
  }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.lstm({
    name: "l_lstm2",
    units,
    kernelInitializer: glorot(),
    recurrentInitializer: glorot(),
  }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ name: "l_head", units: T * K * Nt * 2, kernelInitializer: glorot() })
    .apply(x) as tf.SymbolicTensor;
  const out = tf.layers.reshape({ name: "l_out", targetShape: [T, K, Nt, 2] }).apply(
    x,
  ) as tf.SymbolicTensor;
  return tf.model({ name: "lstm_dt", inputs: history, outputs: out });
}

/** A regression batch on the device: `history` `[B,K,Nt,2tau]`, `future` `[B,T,K,Nt,2]`. */
export interface LstmBatch {
  readonly history: tf.Tensor4D;
  readonly future: tf.Tensor5D;
}

/**
 * Builds an {@link LstmBatch} from training windows (rows normalized by the past gains).
 *
 * @param windows `past` `[tau,K,Nt]`, `future` `[T,K,Nt]` complex (+ RF, unused here).
 * @param options sizes and RF normalization (for `buildCondition`).
 */
export function makeLstmBatch(
  windows: readonly TrainingWindow[],
  options: ModelDims & RfNormalization,
): LstmBatch {
  if (!Array.isArray(windows) || windows.length === 0) {
    throw new RangeError("windows must be a non-empty array");
  }
  const { K, Nt, tau, T } = options;
  const B = windows.length;
  const hLen = K * Nt * 2 * tau;
  const fLen = T * K * Nt * 2;
  const history = new Float32Array(B * hLen);
  const future = new Float32Array(B * fLen);
  windows.forEach((w, i) => {
    const S = slotCount(`windows[${i}].future`, w.future, options);
    if (S !== T) throw new RangeError(`windows[${i}].future holds ${S} slots, expected T = ${T}`);
    const c = buildCondition(w, options);
    history.set(c.history, i * hLen);
    future.set(normalizeRows(w.future, c.scales, options), i * fLen);
  });
  return {
    history: tf.tensor4d(history, [B, K, Nt, 2 * tau]),
    future: tf.tensor5d(future, [B, T, K, Nt, 2]),
  };
}

/** A stateful LSTM trainer (owns its Adam optimizer). */
export interface LstmTrainer {
  readonly optimizer: tf.AdamOptimizer;
  /** One Adam step on the MSE; returns the loss before the update. */
  step(batch: LstmBatch): number;
  /** MSE without updating. */
  evaluate(batch: LstmBatch): number;
  dispose(): void;
}

/**
 * Creates the MSE trainer (Adam, default learning rate 2e-4 as in the paper).
 *
 * @param model from {@link buildLstm}.
 * @param options `learningRate` (default 2e-4).
 */
export function createLstmTrainer(
  model: tf.LayersModel,
  options: { readonly learningRate?: number } = {},
): LstmTrainer {
  if (!(model instanceof tf.LayersModel)) throw new TypeError("model must be a tf.LayersModel");
  const lr = options.learningRate ?? 2e-4;
  assertPositive("learningRate", lr);
  const optimizer = tf.train.adam(lr);
  const mse = (batch: LstmBatch) =>
    tf.mean(
      tf.squaredDifference(model.apply(batch.history) as tf.Tensor, batch.future),
    ) as tf.Scalar;
  return {
    optimizer,
    step(batch) {
      let loss = NaN;
      tf.tidy(() => {
        const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(() => mse(batch), vars);
        loss = value.dataSync()[0];
        optimizer.applyGradients(
          grads as unknown as Parameters<tf.AdamOptimizer["applyGradients"]>[0],
        );
      });
      return loss;
    },
    evaluate(batch) {
      return tf.tidy(() => mse(batch).dataSync()[0]);
    },
    dispose() {
      optimizer.dispose();
    },
  };
}

/**
 * Point forecast of the next `T` matrices for one condition, de-normalized.
 *
 * @param model from {@link buildLstm}.
 * @param condition from `buildCondition` (its `history` and `scales`).
 * @returns interleaved complex `[T, K, Nt]`.
 */
export function forecastLstm(model: tf.LayersModel, condition: Condition): Float32Array {
  const { K, Nt, tau } = condition.dims;
  const y = tf.tidy(() =>
    (model.apply(tf.tensor4d(condition.history, [1, K, Nt, 2 * tau])) as tf.Tensor)
      .dataSync() as Float32Array
  );
  return denormalizeRows(y, condition.scales, { K, Nt });
}
