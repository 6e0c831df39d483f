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

/** Configuration of {@link RowCropLayer}. */
export interface RowCropLayerArgs {
  /** Rows removed at the top and at the bottom. */
  readonly top: number;
  readonly bottom: number;
  readonly name?: string;
}

/**
 * Crops rows of an image `[B, H, W, C] -> [B, H - top - bottom, W, C]` as a 2-D slice of
 * the flattened `[B, H W C]` rows (contiguous runs per batch row). Same result as
 * `cropping2D({ cropping: [[top, bottom], [0, 0]] })`, whose 4-D strided `Slice` was one
 * of the slowest kernels of the generator on wasm.
 */
export class RowCropLayer extends tf.layers.Layer {
  /** Class name used by tfjs serialization. */
  static className = "RowCrop";
  readonly top: number;
  readonly bottom: number;

  /** @param args rows to drop at the top and bottom (integers >= 0), `name`. */
  constructor(args: RowCropLayerArgs) {
    super({ name: args.name });
    for (const k of ["top", "bottom"] as const) {
      if (!Number.isInteger(args[k]) || args[k] < 0) {
        throw new RangeError(`RowCropLayer ${k} must be an integer >= 0, got ${args[k]}`);
      }
    }
    this.top = args.top;
    this.bottom = args.bottom;
  }

  /** `[B, H, W, C] -> [B, H - top - bottom, W, C]`. */
  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as tf.Shape;
    return [s[0], (s[1] as number) - this.top - this.bottom, s[2], s[3]];
  }

  /** The crop. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const [B, H, W, C] = x.shape as number[];
      const rowLen = W * C;
      const rows = H - this.top - this.bottom;
      const flat = tf.reshape(x, [B, H * rowLen]);
      const cut = tf.slice(flat, [0, this.top * rowLen], [B, rows * rowLen]);
      return tf.reshape(cut, [B, rows, W, C]);
    });
  }

  /** Serializable configuration. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), top: this.top, bottom: this.bottom };
  }
}
tf.serialization.registerClass(RowCropLayer);
