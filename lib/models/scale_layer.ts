/**
 * `Scale`: a parameter-free Keras-style layer multiplying its input by a constant
 * (tfjs has no `Lambda` layer). Used after the generator's final `tanh` to map
 * `[-1, 1]` onto normalized channel amplitudes. Shape-preserving: `[B, ...] -> [B, ...]`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertPositive } from "../core/mod.ts";

/** Configuration of {@link ScaleLayer}. */
export interface ScaleLayerArgs {
  /** Multiplier (> 0). */
  readonly scale: number;
  /** Layer name. */
  readonly name?: string;
}

/** Multiplies its input by `scale`; no weights. */
export class ScaleLayer extends tf.layers.Layer {
  /** Class name used by tfjs serialization. */
  static className = "Scale";
  /** The multiplier. */
  readonly scale: number;

  /** @param args `scale` (> 0) and an optional `name`. */
  constructor(args: ScaleLayerArgs) {
    super({ name: args.name });
    assertPositive("scale", args.scale);
    this.scale = args.scale;
  }

  /** `inputs * scale`. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.mul(x, this.scale);
  }

  /** Serializable configuration. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale };
  }
}
tf.serialization.registerClass(ScaleLayer);
