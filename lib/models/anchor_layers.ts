/**
 * Weightless layers that anchor the learned predictors on the linear forecast carried in
 * the row condition `cond` `[R, tau + T + E, 2 Nt]` (see `condition.ts`): the forecast
 * of the horizon a row asks for (its scalars' one-hot), the residual of a sample against
 * it, the generator's output `forecast + sum_j w_j basis_j + residual`, and the LSTM's
 * `forecast + delta`. All are plain tf ops (slice, multiply, sum, add), so gradients,
 * including the critic's second-order penalty through {@link ForecastResidualLayer},
 * are exact; each registers for serialization.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger } from "../core/mod.ts";

/** Sizes every anchor layer needs. */
export interface AnchorArgs {
  /** Past slots in the condition. */
  readonly tau: number;
  /** Forecast slots in the condition. */
  readonly T: number;
  /** Error slots in the condition. */
  readonly E: number;
  readonly name?: string;
}

function check(args: AnchorArgs): void {
  assertInteger("tau", args.tau, { min: 1 });
  assertInteger("T", args.T, { min: 1 });
  assertInteger("E", args.E, { min: 0 });
}

/** `[R, S, F]` and `[R, 3 + T]` -> the forecast slot picked by the one-hot, `[R, F]`. */
function selectForecast(cond: tf.Tensor, scalars: tf.Tensor, a: AnchorArgs): tf.Tensor2D {
  const f = tf.slice(cond, [0, a.tau, 0], [-1, a.T, -1]); // [R, T, F]
  const onehot = tf.expandDims(tf.slice(scalars, [0, 3], [-1, a.T]), 2); // [R, T, 1]
  return tf.sum(tf.mul(f, onehot), 1) as tf.Tensor2D;
}

/** Base of the anchor layers: the condition's sizes (read back by `anchoredDims`). */
export abstract class AnchorLayerBase extends tf.layers.Layer {
  readonly tau: number;
  readonly T: number;
  readonly E: number;
  constructor(args: AnchorArgs) {
    super({ name: args.name });
    check(args);
    this.tau = args.tau;
    this.T = args.T;
    this.E = args.E;
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), tau: this.tau, T: this.T, E: this.E };
  }
}

/** `[cond, scalars]` -> the forecast of each row's horizon, `[R, 2 Nt]`. */
export class HorizonForecastLayer extends AnchorLayerBase {
  static className = "HorizonForecast";
  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (shape as tf.Shape[])[0];
    return [s[0], s[2]];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [cond, scalars] = inputs as tf.Tensor[];
    return selectForecast(cond, scalars, this);
  }
}
tf.serialization.registerClass(HorizonForecastLayer);

/** `[x, cond, scalars]` -> `x - forecast(horizon)`, `[R, 2 Nt]` (the critic's residual input). */
export class ForecastResidualLayer extends AnchorLayerBase {
  static className = "ForecastResidual";
  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    return (shape as tf.Shape[])[0];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, cond, scalars] = inputs as tf.Tensor[];
    return tf.sub(x, selectForecast(cond, scalars, this));
  }
}
tf.serialization.registerClass(ForecastResidualLayer);

/**
 * `[cond, scalars, coeffs [R, 2 (1 + E)], residual [R, 2 Nt]]` -> `[R, 2 Nt]`:
 * `f + w_0 f + sum_i w_i e_i + residual`, with `f` the forecast of the row's horizon,
 * `e_i` its recent errors and `w_j = coeffs[2j] + i coeffs[2j+1]` complex. With zero
 * coefficients and residual the output is the forecast itself.
 */
export class AnchoredMixLayer extends AnchorLayerBase {
  static className = "AnchoredMix";
  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    return (shape as tf.Shape[])[3];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [cond, scalars, coeffs, residual] = inputs as tf.Tensor[];
    const f = selectForecast(cond, scalars, this); // [R, F]
    const F = f.shape[1] as number, nt = F / 2, J = 1 + this.E;
    const basis = this.E > 0
      ? tf.concat([
        tf.expandDims(f, 1),
        tf.slice(cond, [0, this.tau + this.T, 0], [-1, this.E, -1]),
      ], 1)
      : tf.expandDims(f, 1); // [R, J, F]
    const b = tf.reshape(basis, [-1, J, nt, 2]);
    const bRe = tf.squeeze(tf.slice(b, [0, 0, 0, 0], [-1, J, nt, 1]), [3]);
    const bIm = tf.squeeze(tf.slice(b, [0, 0, 0, 1], [-1, J, nt, 1]), [3]);
    const w = tf.reshape(coeffs, [-1, J, 2]);
    const wRe = tf.slice(w, [0, 0, 0], [-1, J, 1]), wIm = tf.slice(w, [0, 0, 1], [-1, J, 1]);
    const mixRe = tf.sum(tf.sub(tf.mul(wRe, bRe), tf.mul(wIm, bIm)), 1); // [R, nt]
    const mixIm = tf.sum(tf.add(tf.mul(wRe, bIm), tf.mul(wIm, bRe)), 1);
    const mix = tf.reshape(tf.stack([mixRe, mixIm], 2), [-1, F]);
    return tf.add(tf.add(f, mix), residual);
  }
}
tf.serialization.registerClass(AnchoredMixLayer);

/** `[cond, delta [R, T * 2 Nt]]` -> `forecast + delta`, `[R, T, 2 Nt]` (the LSTM's output). */
export class ForecastPlusLayer extends AnchorLayerBase {
  static className = "ForecastPlus";
  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (shape as tf.Shape[])[0];
    return [s[0], this.T, s[2]];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [cond, delta] = inputs as tf.Tensor[];
    const f = tf.slice(cond, [0, this.tau, 0], [-1, this.T, -1]);
    return tf.add(f, tf.reshape(delta, f.shape));
  }
}
tf.serialization.registerClass(ForecastPlusLayer);

/**
 * `[x [R, F]]` -> `log(mean(x^2) + 1e-3)` per row, `[R, 1]` (the critic's power features:
 * on a log scale, a residual 15 dB below the row stands out from none at all). `Log`
 * saves its input, so the penalty's second-order gradient through it is exact.
 */
export class RowPowerLayer extends tf.layers.Layer {
  static className = "RowPower";
  constructor(args: { readonly name?: string } = {}) {
    super({ name: args.name });
  }
  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as tf.Shape;
    return [s[0], 1];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.log(tf.add(tf.mean(tf.square(x), 1, true), 1e-3));
  }
}
tf.serialization.registerClass(RowPowerLayer);
