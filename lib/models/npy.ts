/**
 * NumPy `.npy` (format 1.0) encoding and decoding for little-endian `float32` / `int32`
 * C-order arrays, so checkpoints are readable with `numpy.load` and without tfjs.
 *
 * @example
 * ```ts
 * import { decodeNpy, encodeNpy } from "./npy.ts";
 * const bytes = encodeNpy(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * const back = decodeNpy(bytes);
 * if (back.shape.join() !== "2,3" || back.data[5] !== 6) throw new Error("round trip");
 * ```
 *
 * @module
 */
import { assertInteger } from "../core/mod.ts";

/** A decoded array. */
export interface NpyArray {
  readonly data: Float32Array | Int32Array;
  readonly shape: number[];
  readonly dtype: "float32" | "int32";
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Encodes an array as `.npy` bytes.
 *
 * @param data `float32` or `int32` values, C order.
 * @param shape dimensions (product = `data.length`; `[]` for a scalar).
 */
export function encodeNpy(data: Float32Array | Int32Array, shape: readonly number[]): Uint8Array {
  const isFloat = data instanceof Float32Array;
  if (!isFloat && !(data instanceof Int32Array)) {
    throw new TypeError("data must be a Float32Array or an Int32Array");
  }
  shape.forEach((d, i) => assertInteger(`shape[${i}]`, d, { min: 0 }));
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) {
    throw new RangeError(`shape [${shape}] holds ${size} values, data has ${data.length}`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${
    isFloat ? "<f4" : "<i4"
  }', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const pre = 10; // magic (6) + version (2) + header length (2)
  const total = Math.ceil((pre + header.length + 1) / 64) * 64;
  header = header.padEnd(total - pre - 1, " ") + "\n";
  const out = new Uint8Array(total + data.length * 4);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), pre);
  const view = new DataView(out.buffer, total);
  for (let i = 0; i < data.length; i++) {
    if (isFloat) view.setFloat32(i * 4, data[i], true);
    else view.setInt32(i * 4, data[i], true);
  }
  return out;
}

/**
 * Decodes `.npy` bytes written by {@link encodeNpy} (or NumPy: `<f4`/`<i4`, C order,
 * format 1.0 or 2.0).
 *
 * @param bytes file contents.
 */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("bytes must be a Uint8Array");
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new RangeError("not an .npy file (bad magic)");
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  if (/'fortran_order':\s*True/.test(header)) throw new RangeError("fortran_order is unsupported");
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || shapeText === undefined) throw new RangeError("bad .npy header");
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  const size = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  if (bytes.length - offset !== size * 4) throw new RangeError(".npy data length mismatch");
  if (descr !== "<f4" && descr !== "<i4") throw new RangeError(`unsupported dtype ${descr}`);
  const isFloat = descr === "<f4";
  const data = isFloat ? new Float32Array(size) : new Int32Array(size);
  for (let i = 0; i < size; i++) {
    data[i] = isFloat ? dv.getFloat32(offset + 4 * i, true) : dv.getInt32(offset + 4 * i, true);
  }
  return { data, shape, dtype: isFloat ? "float32" : "int32" };
}
