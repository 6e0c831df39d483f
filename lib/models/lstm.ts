/**
 * LSTM-DT baseline (paper Sec. IV.A) on the same footing as the rebuilt generator: a
 * two-layer LSTM (hidden 256 in the paper) that reads one (UE, AP) row's condition
 * (`condition.ts`: the aligned past rows, the linear forecast and its recent errors, as
 * a sequence of `tau + T + E` row vectors) and predicts a **correction of the linear
 * forecast** for the next `T` slots. The output layer starts at zero, so an untrained
 * LSTM returns the forecast; MSE training then learns what the recurrence misses (point
 * forecast, used with WC-ZF at M = 1). Weights are shared over UEs and APs.
 *
 * Input `cond` `[R, S, 2 Nt]`; output normalized `[R, T, 2 Nt]` (multiply by the row
 * gains). Loss: mean squared error against the phase-aligned targets
 * (`alignedTargets`); Adam, learning rate 2e-4 (paper).
 *
 * | layer | op | shape (`S` 20, `Nt` 64, `T` 5) |
 * |---|---|---|
 * | `cond` | input | [R,20,128] |
 * | `l_lstm1` | LSTM, sequences | [R,20,units] |
 * | `l_lstm2` | LSTM, last state | [R,units] |
 * | `l_head` | dense, zero-initialized | [R,640] |
 * | `l_out` | forecast + head ({@link ForecastPlusLayer}) | [R,5,128] |
 *
 * Parameters `4 (2 Nt u + u^2 + u) + 4 (2 u^2 + u) + (u + 1) T 2 Nt` (`u` = `units`):
 * 1 084 032 paper (256), 50 048 cpu (32), 10 688 ci (8) (tests/models/models_test.ts
 * checks these counts).
 *
 * Recurrent kernels use Glorot-uniform, not Keras's orthogonal default: tfjs's orthogonal
 * initializer runs a JS QR and took minutes on the paper-size matrix.
 *
 * @example
 * ```ts ignore
 * import { buildLstm, createLstmTrainer } from "./lstm.ts";
 * const model = buildLstm({ K: 30, Nt: 64, tau: 10, T: 5, E: 5, units: 32 });
 * const trainer = createLstmTrainer(model);
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, assertPositive } from "../core/mod.ts";
import { ForecastPlusLayer } from "./anchor_layers.ts";
import { assertModelDims, conditionSlots, type ModelDims } from "./condition.ts";
import type { LstmBatch } from "./batch.ts";

/** Configuration of {@link buildLstm}. */
export interface LstmConfig extends ModelDims {
  /** Hidden units of both LSTM layers (default 256). */
  readonly units?: number;
  /** Seed of the weight initializers (default 0). */
  readonly seed?: number;
}

/**
 * Builds the LSTM forecaster: `cond [R,S,2Nt] -> [R,T,2Nt]`.
 *
 * @param config sizes, `units`, `seed`.
 */
export function buildLstm(config: LstmConfig): tf.LayersModel {
  assertModelDims(config);
  const { Nt, tau, T, E } = config;
  const units = config.units ?? 256;
  const seed = config.seed ?? 0;
  assertInteger("units", units, { min: 1 });
  assertInteger("seed", seed, { min: 0 });
  let seedCounter = seed * 1000 + 900;
  const glorot = () => tf.initializers.glorotUniform({ seed: seedCounter++ });
  const cond = tf.input({ shape: [conditionSlots(config), 2 * Nt], name: "cond" });
  let x = tf.layers.lstm({
    name: "l_lstm1",
    units,
    returnSequences: true,
    kernelInitializer: glorot(),
    recurrentInitializer: glorot(),
  }).apply(cond) as tf.SymbolicTensor;
  x = tf.layers.lstm({
    name: "l_lstm2",
    units,
    kernelInitializer: glorot(),
    recurrentInitializer: glorot(),
  }).apply(x) as tf.SymbolicTensor;
  const delta = tf.layers.dense({ name: "l_head", units: T * 2 * Nt, kernelInitializer: "zeros" })
    .apply(x) as tf.SymbolicTensor;
  const out = new ForecastPlusLayer({ name: "l_out", tau, T, E }).apply([cond, delta]);
  return tf.model({ name: "lstm_dt", inputs: cond, outputs: out as tf.SymbolicTensor });
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
      tf.squaredDifference(model.apply(batch.cond) as tf.Tensor, batch.future),
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
