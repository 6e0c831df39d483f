/**
 * Training kernels for tfjs-backend-wasm 4.22 that are missing or slow, built from the
 * wasm backend's own XNNPACK `Conv2D`, `Transpose`, `PadV2`, `Reverse` and `Slice`
 * kernels (so they run multi-threaded where the backend does):
 *
 * - **`Conv2DBackpropFilter`** (missing: conv and transposed-conv weights cannot train on
 *   wasm without it). With `x' = xᵀ[ci, h, w, b]` and `dy' = dyᵀ[i, j, b, co]`, the filter
 *   gradient `dW[di, dj, ci, co] = Σ x[b, s·i + di − pt, s·j + dj − pl, ci] dy[b, i, j, co]`
 *   is a stride-1 convolution of `x'` with `dy'` as the filter and the stride as its
 *   dilation, followed by a transpose.
 * - **`Conv2DBackpropInput`** (a naive single-thread loop in wasm). Sub-pixel form: with
 *   `h + pt = s·q + r`, `dx[b, h] = Σ_m Σ_co dy[b, q − m, co] W[s·m + r, ci, co]`, i.e. one
 *   stride-1 convolution of `dy` with a flipped filter holding all `s_h·s_w` phases as
 *   output channels, then a reshape/transpose (depth-to-space without the slow
 *   `DepthToSpace` kernel) and a crop.
 * - **`FusedBatchNorm` gradient** (backend-agnostic): the stock gradient tiles
 *   `1/sqrt(var + eps)` to the full input shape, slow on wasm; the replacement
 *   broadcasts and computes each derivative only when it is requested.
 *
 * @example
 * ```ts ignore
 * import { setupBackend } from "./setup.ts"; // calls registerWasmKernels()
 * await setupBackend({ backend: "wasm" });
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

type Info = tf.TensorInfo;
type Backend = tf.KernelBackend & {
  disposeData(dataId: unknown, force?: boolean): boolean;
};
type Conv2DPad = "valid" | "same" | number | tf.backend_util.ExplicitPadding;

const WASM = "wasm";
let registered = false;

function run(
  name: string,
  backend: Backend,
  inputs: Record<string, Info>,
  attrs: Record<string, unknown>,
): Info {
  const kernel = tf.getKernel(name, WASM);
  if (kernel === undefined) throw new Error(`wasm kernel ${name} is not registered`);
  return kernel.kernelFunc({
    inputs: inputs as unknown as tf.NamedTensorInfoMap,
    backend,
    attrs: attrs as tf.NamedAttrMap,
  }) as Info;
}

function reshape(backend: Backend, x: Info, shape: number[]): Info {
  return run("Reshape", backend, { x }, { shape });
}

function convInfoOf(
  xShape: number[],
  filterShape: number[],
  strides: number | [number, number],
  pad: Conv2DPad,
  dimRoundingMode: "floor" | "round" | "ceil" | undefined,
  dataFormat: "NHWC" | "NCHW",
): tf.backend_util.Conv2DInfo {
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== "channelsLast") {
    throw new RangeError(`wasm conv gradients support dataFormat NHWC only, got ${dataFormat}`);
  }
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
}

/** `Conv2DBackpropFilter` for wasm: inputs `{x, dy}`, output `[kh, kw, ci, co]`. */
export function conv2DBackpropFilterWasm(
  args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap },
): Info {
  const backend = args.backend as Backend;
  const { x, dy } = args.inputs as unknown as { x: Info; dy: Info };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as {
    strides: number | [number, number];
    pad: Conv2DPad;
    dataFormat: "NHWC" | "NCHW";
    dimRoundingMode?: "floor" | "round" | "ceil";
    filterShape: [number, number, number, number];
  };
  const info = convInfoOf(x.shape, filterShape, strides, pad, dimRoundingMode, dataFormat);
  const [kh, kw, ci, co] = filterShape;
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
  const [, inH, inW] = x.shape;
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;
  // Bottom/right padding that makes the output exactly kh x kw; crop when negative.
  const pb = kh + sh * (oh - 1) - inH - pt;
  const pr = kw + sw * (ow - 1) - inW - pl;
  const tmp: Info[] = [];
  try {
    const xT = run("Transpose", backend, { x }, { perm: [3, 1, 2, 0] }); // [ci, H, W, B]
    tmp.push(xT);
    const dyT = run("Transpose", backend, { x: dy }, { perm: [1, 2, 0, 3] }); // [oh, ow, B, co]
    tmp.push(dyT);
    let g = run("Conv2D", backend, { x: xT, filter: dyT }, {
      strides: [1, 1],
      pad: [[0, 0], [pt, Math.max(0, pb)], [pl, Math.max(0, pr)], [0, 0]],
      dataFormat: "NHWC",
      dilations: [sh, sw],
      dimRoundingMode: undefined,
    }); // [ci, kh', kw', co]
    tmp.push(g);
    if (g.shape[1] !== kh || g.shape[2] !== kw) {
      g = run("Slice", backend, { x: g }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] });
      tmp.push(g);
    }
    return run("Transpose", backend, { x: g }, { perm: [1, 2, 0, 3] });
  } finally {
    for (const t of tmp) backend.disposeData(t.dataId);
  }
}

/** `Conv2DBackpropInput` for wasm: inputs `{dy, filter}`, output `attrs.inputShape`. */
export function conv2DBackpropInputWasm(
  args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap },
): Info {
  const backend = args.backend as Backend;
  const { dy, filter } = args.inputs as unknown as { dy: Info; filter: Info };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as {
    strides: number | [number, number];
    pad: Conv2DPad;
    dataFormat: "NHWC" | "NCHW";
    dimRoundingMode?: "floor" | "round" | "ceil";
    inputShape: [number, number, number, number];
  };
  const info = convInfoOf(inputShape, filter.shape, strides, pad, dimRoundingMode, dataFormat);
  const [kh, kw, ci, co] = filter.shape;
  const [batch, inH, inW] = inputShape;
  const { strideHeight: sh, strideWidth: sw } = info;
  const [, oh, ow] = dy.shape;
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;
  const mh = Math.ceil(kh / sh); // taps per phase
  const mw = Math.ceil(kw / sw);
  const qh = Math.ceil((inH + pt) / sh); // output rows per phase
  const qw = Math.ceil((inW + pl) / sw);
  const tmp: Info[] = [];
  const keep = (t: Info) => (tmp.push(t), t);
  try {
    // Filter F[a, b, co, (rh, rw, ci)] = W[sh·(mh−1−a) + rh, sw·(mw−1−b) + rw, ci, co].
    let w: Info = filter;
    if (mh * sh !== kh || mw * sw !== kw) {
      w = keep(run("PadV2", backend, { x: filter }, {
        paddings: [[0, mh * sh - kh], [0, mw * sw - kw], [0, 0], [0, 0]],
        constantValue: 0,
      }));
    }
    w = keep(reshape(backend, w, [mh, sh, mw, sw, ci, co]));
    w = keep(run("Reverse", backend, { x: w }, { dims: [0, 2] }));
    w = keep(run("Transpose", backend, { x: w }, { perm: [0, 2, 5, 1, 3, 4] }));
    w = keep(reshape(backend, w, [mh, mw, co, sh * sw * ci]));
    let y = keep(run("Conv2D", backend, { x: dy, filter: w }, {
      strides: [1, 1],
      pad: [[0, 0], [mh - 1, Math.max(0, qh - oh)], [mw - 1, Math.max(0, qw - ow)], [0, 0]],
      dataFormat: "NHWC",
      dilations: [1, 1],
      dimRoundingMode: undefined,
    })); // [B, qh', qw', sh·sw·ci]
    if (y.shape[1] !== qh || y.shape[2] !== qw) {
      y = keep(run("Slice", backend, { x: y }, {
        begin: [0, 0, 0, 0],
        size: [batch, qh, qw, sh * sw * ci],
      }));
    }
    if (sh !== 1 || sw !== 1) {
      y = keep(reshape(backend, y, [batch, qh, qw, sh, sw, ci]));
      y = keep(run("Transpose", backend, { x: y }, { perm: [0, 1, 3, 2, 4, 5] }));
      y = keep(reshape(backend, y, [batch, qh * sh, qw * sw, ci]));
    }
    if (pt === 0 && pl === 0 && qh * sh === inH && qw * sw === inW) {
      // Hand the last intermediate over as the output.
      tmp.pop();
      return y;
    }
    return run("Slice", backend, { x: y }, { begin: [0, pt, pl, 0], size: [batch, inH, inW, ci] });
  } finally {
    for (const t of tmp) backend.disposeData(t.dataId);
  }
}

/** `FusedBatchNorm` gradient that broadcasts instead of tiling (all backends). */
export const fusedBatchNormGradConfig: tf.GradConfig = {
  kernelName: "FusedBatchNorm",
  inputsToSave: ["x", "mean", "variance", "scale"],
  gradFunc: (dyIn, saved, attrs) => {
    const dy = dyIn as tf.Tensor;
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const [x, mean, variance, scale] = saved;
    const scaleValue: tf.Tensor = scale == null ? tf.scalar(1) : scale;
    const axes = tf.broadcast_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor) =>
      tf.reshape(mean.rank === 1 && axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
    const rstd = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const derScaleDy = () => tf.mul(dy, scaleValue);
    return {
      x: () => tf.reshape(tf.mul(dy, tf.mul(rstd, scaleValue)), x.shape),
      mean: () => reduce(tf.mul(tf.neg(rstd), derScaleDy())),
      variance: () => {
        const minusHalfRCube = tf.mul(tf.mul(tf.square(rstd), rstd), tf.scalar(-0.5));
        return reduce(tf.mul(tf.mul(minusHalfRCube, tf.sub(x, mean)), derScaleDy()));
      },
      scale: () => reduce(tf.mul(dy, tf.mul(tf.sub(x, mean), rstd))),
      offset: () => reduce(dy),
    };
  },
};

/** Original wasm `Conv2DBackpropInput` kernel, kept for comparisons. */
export let originalWasmConv2DBackpropInput: tf.KernelConfig | undefined;

/**
 * Registers `Conv2DBackpropFilter` and the faster `Conv2DBackpropInput` for the wasm
 * backend, and the broadcasting `FusedBatchNorm` gradient. Idempotent; called by
 * `setupBackend()` before the wasm backend initializes.
 */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  if (tf.getKernel("Conv2DBackpropFilter", WASM) === undefined) {
    tf.registerKernel({
      kernelName: "Conv2DBackpropFilter",
      backendName: WASM,
      kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
    });
  }
  originalWasmConv2DBackpropInput = tf.getKernel("Conv2DBackpropInput", WASM);
  if (originalWasmConv2DBackpropInput !== undefined) {
    tf.unregisterKernel("Conv2DBackpropInput", WASM);
  }
  tf.registerKernel({
    kernelName: "Conv2DBackpropInput",
    backendName: WASM,
    kernelFunc: conv2DBackpropInputWasm as unknown as tf.KernelFunc,
  });
  tf.registerGradient(fusedBatchNormGradConfig);
}
