/**
 * LSTM-DT inference (`buildLstm`'s model) without the tfjs layers: the same arithmetic
 * on the model's current weights, as five calls of the WebAssembly SIMD kernels of
 * `simd_kernels.ts` on one flat memory:
 *
 * 1. `P1 = cond W1 + b1` for all rows and steps at once (`[R S, 2 Nt] x [2 Nt, 4u]`);
 * 2. the layer-1 recurrence (`z = P1_t + h R1`, gates, cell) keeping every step's `h`;
 * 3. `P2 = H1 W2 + b2` (`[R S, u] x [u, 4u]`);
 * 4. the layer-2 recurrence, keeping the last `h`;
 * 5. the head `h W_head + b_head` for the asked horizon's columns only,
 *
 * then `forecast + delta` on the host ({@link ForecastPlusLayer}). The layers path
 * ({@link lstmForward} with `path: "layers"`) stays the reference: the two agree to
 * float32 rounding (tests/models/lstm_fused_test.ts, shipped and random weights).
 *
 * The weights are read from the model at every call (no cache): a model that trains
 * between calls is always run with its current weights.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger } from "../core/mod.ts";
import { ForecastPlusLayer } from "./anchor_layers.ts";
import { COL_BLOCK, createSimdKernels, ROW_BLOCK, type SimdKernels } from "./simd_kernels.ts";

/** The sizes of a fusable LSTM-DT model. */
interface FusedShape {
  readonly F: number;
  readonly S: number;
  readonly units: number;
  readonly tau: number;
  readonly T: number;
}

const shapeCache = new WeakMap<tf.LayersModel, FusedShape | null>();

/**
 * The sizes of `model` when it has `buildLstm`'s structure (two tanh / hard-sigmoid
 * LSTM layers with biases and no dropout, a linear dense head, the forecast anchor) and
 * sizes the kernels take (`u` and `2 Nt` multiples of 4 and 8); `null` otherwise.
 */
function fusedShapeOf(model: tf.LayersModel): FusedShape | null {
  const cached = shapeCache.get(model);
  if (cached !== undefined) return cached;
  let shape: FusedShape | null = null;
  try {
    const cfg = (name: string) => model.getLayer(name).getConfig();
    const l1 = cfg("l_lstm1"), l2 = cfg("l_lstm2"), head = cfg("l_head");
    const out = model.getLayer("l_out");
    const lstmOk = (c: tf.serialization.ConfigDict, seq: boolean) =>
      c.activation === "tanh" && c.recurrentActivation === "hardSigmoid" &&
      c.useBias === true && !c.dropout && !c.recurrentDropout && !c.goBackwards &&
      !c.stateful && !c.returnState && c.returnSequences === seq;
    const inShape = model.inputs[0].shape;
    const S = inShape[1] as number, F = inShape[2] as number;
    const units = l1.units as number;
    if (
      lstmOk(l1, true) && lstmOk(l2, false) && l2.units === units &&
      head.activation === "linear" && head.useBias === true &&
      out instanceof ForecastPlusLayer && model.layers.length === 5 &&
      units % 4 === 0 && (4 * units) % COL_BLOCK === 0 && F % COL_BLOCK === 0
    ) {
      shape = { F, S, units, tau: out.tau, T: out.T };
    }
  } catch {
    shape = null;
  }
  shapeCache.set(model, shape);
  return shape;
}

/** Whether {@link lstmForward} can take the fused path for `model`. */
export function lstmFusable(model: tf.LayersModel): boolean {
  return fusedShapeOf(model) !== null;
}

let kernels: SimdKernels | null = null;

/** The shared kernel instance, its memory at least `bytes` long. */
function kernelsWith(bytes: number): SimdKernels {
  kernels ??= createSimdKernels();
  const have = kernels.memory.buffer.byteLength;
  if (have < bytes) kernels.memory.grow(Math.ceil((bytes - have) / 65536));
  return kernels;
}

/** The fused forward pass (module doc); `null` if the model is not fusable. */
function fusedForward(
  model: tf.LayersModel,
  cond: Float32Array,
  rows: number,
  horizon: number,
): Float32Array | null {
  const shape = fusedShapeOf(model);
  if (!shape) return null;
  const { F, S, units: U, tau, T } = shape;
  const G = 4 * U, H = horizon * F;
  const Rp = Math.ceil(rows / ROW_BLOCK) * ROW_BLOCK;
  // float offsets, 16-byte aligned; offset 0 stays unused (0 means "no hseq")
  let top = 4;
  const at = (n: number) => {
    const o = top;
    top += Math.ceil(n / 4) * 4;
    return o;
  };
  const o = {
    cond: at(Rp * S * F),
    k1: at(F * G),
    b1: at(G),
    r1: at(U * G),
    k2: at(U * G),
    b2: at(G),
    r2: at(U * G),
    kh: at(U * T * F),
    bh: at(T * F),
    p: at(Rp * S * G),
    hseq: at(Rp * S * U),
    h: at(Rp * U),
    c: at(Rp * U),
    z: at(ROW_BLOCK * G),
    out: at(Rp * H),
  };
  const k = kernelsWith(top * 4);
  const mem = new Float32Array(k.memory.buffer);
  mem.set(cond.subarray(0, rows * S * F), o.cond);
  mem.fill(0, o.cond + rows * S * F, o.cond + Rp * S * F);
  const put = (layer: string, offsets: readonly number[]) => {
    const ws = model.getLayer(layer).getWeights();
    ws.forEach((w, i) => mem.set(w.dataSync() as Float32Array, offsets[i]));
  };
  put("l_lstm1", [o.k1, o.r1, o.b1]);
  put("l_lstm2", [o.k2, o.r2, o.b2]);
  put("l_head", [o.kh, o.bh]);
  const B = 4; // bytes per float
  const zeroState = () => mem.fill(0, o.h, o.c + Rp * U); // h and c are adjacent
  k.gemm(o.cond * B, o.k1 * B, o.b1 * B, o.p * B, Rp * S, F, G, G, 0);
  zeroState();
  k.lstm(o.p * B, o.r1 * B, o.hseq * B, o.h * B, o.c * B, o.z * B, Rp, S, U);
  k.gemm(o.hseq * B, o.k2 * B, o.b2 * B, o.p * B, Rp * S, U, G, G, 0);
  zeroState();
  k.lstm(o.p * B, o.r2 * B, 0, o.h * B, o.c * B, o.z * B, Rp, S, U);
  k.gemm(o.h * B, o.kh * B, o.bh * B, o.out * B, Rp, U, H, T * F, 0);
  // forecast + delta
  const y = new Float32Array(rows * H);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < horizon; t++) {
      const src = (r * S + tau + t) * F, d = o.out + r * H + t * F, dst = (r * horizon + t) * F;
      for (let i = 0; i < F; i++) y[dst + i] = cond[src + i] + mem[d + i];
    }
  }
  return y;
}

/** The layers path: the model itself, the first `horizon` slots of its output. */
function layersForward(
  model: tf.LayersModel,
  cond: Float32Array,
  rows: number,
  horizon: number,
): Float32Array {
  const shape = model.inputs[0].shape;
  const S = shape[1] as number, F = shape[2] as number;
  // The typed array is read outside `tf.tidy`: tidy walks its result for tensors, key
  // by key, and would visit every element of a returned Float32Array.
  const yt = tf.tidy(() => model.apply(tf.tensor3d(cond, [rows, S, F])) as tf.Tensor);
  const all = yt.dataSync() as Float32Array; // [rows, T, F]
  yt.dispose();
  const T = all.length / (rows * F);
  if (horizon === T) return all;
  const y = new Float32Array(rows * horizon * F);
  for (let r = 0; r < rows; r++) {
    y.set(all.subarray(r * T * F, (r * T + horizon) * F), r * horizon * F);
  }
  return y;
}

/**
 * The LSTM-DT's normalized output for the first `horizon` slots: `[rows, horizon, 2 Nt]`
 * from `cond` `[rows, S, 2 Nt]`.
 *
 * @param model from `buildLstm` / the shipped weights.
 * @param cond row conditions, `rows S 2Nt` floats.
 * @param options `rows`, `horizon` (1..the model's T), `path`: `"fused"` (default; the
 *   layers are used if the model is not fusable) or `"layers"` (the reference).
 */
export function lstmForward(
  model: tf.LayersModel,
  cond: Float32Array,
  options: { readonly rows: number; readonly horizon: number; readonly path?: "fused" | "layers" },
): Float32Array {
  if (!(model instanceof tf.LayersModel)) throw new TypeError("model must be a tf.LayersModel");
  const { rows, horizon } = options;
  assertInteger("options.rows", rows, { min: 1 });
  const inShape = model.inputs[0].shape;
  const S = inShape[1] as number, F = inShape[2] as number;
  const T = (model.outputs[0].shape[1] as number) ?? 1;
  assertInteger("options.horizon", horizon, { min: 1, max: T });
  if (!(cond instanceof Float32Array) || cond.length !== rows * S * F) {
    throw new RangeError(`cond must be a Float32Array of rows * ${S} * ${F} floats`);
  }
  if (options.path !== "layers") {
    const y = fusedForward(model, cond, rows, horizon);
    if (y) return y;
  }
  return layersForward(model, cond, rows, horizon);
}
