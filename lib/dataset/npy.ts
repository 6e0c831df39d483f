/**
 * NumPy `.npy` files (format version 1.0), written and read without NumPy, so a Python
 * user can `np.load` every array of a dataset and the project never depends on Python.
 *
 * Layout (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 * the magic `\x93NUMPY`, version bytes `1, 0`, a little-endian uint16 header length,
 * then an ASCII Python dict such as `{'descr': '<f4', 'fortran_order': False, 'shape':
 * (3, 4), }` padded with spaces and ended by `\n` so that the data starts at a multiple
 * of 64 bytes, then the raw C-order (row-major) data.
 *
 * Supported dtypes (little-endian only): `<f4` (Float32Array), `<c8` (complex64: a
 * Float32Array of interleaved re, im, so it holds `2 * prod(shape)` numbers), `<i4`
 * (Int32Array), `|u1` (Uint8Array), `<f8` (Float64Array). The reader also accepts
 * header versions 2.0 and 3.0 (4-byte header length) as written by NumPy for huge
 * headers; the writer always writes 1.0.
 *
 * @module
 */

/** The dtypes this module reads and writes (NumPy `descr` strings). */
export type NpyDtype = "<f4" | "<c8" | "<i4" | "|u1" | "<f8";

/** All supported dtypes. */
export const NPY_DTYPES: readonly NpyDtype[] = ["<f4", "<c8", "<i4", "|u1", "<f8"];

/** The typed array that holds each dtype's data. */
export type NpyData<D extends NpyDtype = NpyDtype> = D extends "<f4" | "<c8" ? Float32Array
  : D extends "<i4" ? Int32Array
  : D extends "|u1" ? Uint8Array
  : D extends "<f8" ? Float64Array
  : never;

/** An n-dimensional array: dtype, shape and row-major data. */
export interface NpyArray<D extends NpyDtype = NpyDtype> {
  readonly dtype: D;
  /** Shape (for `<c8` the complex shape, without the interleaving factor 2). */
  readonly shape: readonly number[];
  /** Row-major data; for `<c8` interleaved (re, im) float32. */
  readonly data: NpyData<D>;
}

/** Bytes per element of each dtype (complex64: 8). */
export const NPY_ITEM_BYTES: Readonly<Record<NpyDtype, number>> = Object.freeze({
  "<f4": 4,
  "<c8": 8,
  "<i4": 4,
  "|u1": 1,
  "<f8": 8,
});

/** The magic string at the start of every `.npy` file. */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Data offset alignment required by the spec, bytes. */
export const NPY_ALIGNMENT = 64;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function assertLittleEndianHost(): void {
  if (!LITTLE_ENDIAN) {
    throw new Error("npy: this module needs a little-endian host (x86-64 or ARM64)");
  }
}

/**
 * Number of elements of a shape (1 for the scalar shape `[]`).
 *
 * @example
 * ```ts
 * import { shapeSize } from "./npy.ts";
 * if (shapeSize([2, 3, 4]) !== 24 || shapeSize([]) !== 1) throw new Error("product");
 * ```
 */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function assertShape(name: string, shape: unknown): asserts shape is readonly number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${name} must be an array of integers`);
  shape.forEach((d, i) => {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`${name}[${i}] must be a non-negative integer, got ${d}`);
    }
  });
}

function expectedDataLength(dtype: NpyDtype, shape: readonly number[]): number {
  return shapeSize(shape) * (dtype === "<c8" ? 2 : 1);
}

function dataConstructorMatches(dtype: NpyDtype, data: unknown): boolean {
  switch (dtype) {
    case "<f4":
    case "<c8":
      return data instanceof Float32Array;
    case "<i4":
      return data instanceof Int32Array;
    case "|u1":
      return data instanceof Uint8Array;
    case "<f8":
      return data instanceof Float64Array;
  }
}

/**
 * The Python tuple literal of a shape: `()`, `(5,)`, `(2, 3)`.
 *
 * @example
 * ```ts
 * import { formatShapeTuple } from "./npy.ts";
 * if (formatShapeTuple([5]) !== "(5,)") throw new Error("1-D tuple");
 * ```
 */
export function formatShapeTuple(shape: readonly number[]): string {
  if (shape.length === 0) return "()";
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(", ")})`;
}

/**
 * The header bytes (magic, version 1.0, length, padded dict) for a dtype and shape;
 * its length is a multiple of {@link NPY_ALIGNMENT}.
 *
 * @example
 * ```ts
 * import { encodeNpyHeader } from "./npy.ts";
 * const h = encodeNpyHeader("<f4", [3]);
 * if (h.length % 64 !== 0) throw new Error("header must be 64-byte aligned");
 * ```
 */
export function encodeNpyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  if (!NPY_DTYPES.includes(dtype)) {
    throw new RangeError(`dtype must be one of ${NPY_DTYPES.join(", ")}, got ${dtype}`);
  }
  assertShape("shape", shape);
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${
    formatShapeTuple(shape)
  }, }`;
  const preamble = MAGIC.length + 2 + 2;
  const unpadded = preamble + dict.length + 1; // + "\n"
  const total = Math.ceil(unpadded / NPY_ALIGNMENT) * NPY_ALIGNMENT;
  const headerLen = total - preamble;
  if (headerLen > 0xffff) throw new RangeError(`shape too long for an npy 1.0 header`);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = headerLen & 0xff;
  out[9] = headerLen >>> 8;
  const text = dict + " ".repeat(total - unpadded) + "\n";
  for (let i = 0; i < text.length; i++) out[preamble + i] = text.charCodeAt(i);
  return out;
}

/**
 * Checks an array's dtype, shape and data length; throws `TypeError`/`RangeError`
 * naming `label` otherwise.
 *
 * @example
 * ```ts
 * import { assertNpyArray } from "./npy.ts";
 * assertNpyArray("x", { dtype: "<c8", shape: [2], data: new Float32Array(4) });
 * ```
 */
export function assertNpyArray(label: string, array: NpyArray): void {
  if (typeof array !== "object" || array === null) {
    throw new TypeError(`${label} must be an object {dtype, shape, data}`);
  }
  if (!NPY_DTYPES.includes(array.dtype)) {
    throw new RangeError(
      `${label}.dtype must be one of ${NPY_DTYPES.join(", ")}, got ${array.dtype}`,
    );
  }
  assertShape(`${label}.shape`, array.shape);
  if (!dataConstructorMatches(array.dtype, array.data)) {
    throw new TypeError(
      `${label}.data has the wrong typed array (${
        (array.data as object)?.constructor?.name
      }) for dtype ${array.dtype}`,
    );
  }
  const expected = expectedDataLength(array.dtype, array.shape);
  if (array.data.length !== expected) {
    throw new RangeError(
      `${label}.data has ${array.data.length} numbers, shape ${
        formatShapeTuple(array.shape)
      } of ${array.dtype} needs ${expected}`,
    );
  }
}

/**
 * Serializes an array to `.npy` bytes (version 1.0).
 *
 * @example
 * ```ts
 * import { decodeNpy, encodeNpy } from "./npy.ts";
 * const bytes = encodeNpy({ dtype: "<i4", shape: [2, 2], data: new Int32Array([1, 2, 3, 4]) });
 * const back = decodeNpy(bytes);
 * if (back.data[3] !== 4) throw new Error("round trip");
 * ```
 */
export function encodeNpy(array: NpyArray): Uint8Array {
  assertLittleEndianHost();
  assertNpyArray("array", array);
  const header = encodeNpyHeader(array.dtype, array.shape);
  const body = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

/** Options of {@link decodeNpy} / {@link readNpy}. */
export interface DecodeNpyOptions {
  /** Name used in error messages (the file path). */
  readonly name?: string;
  /** When given, the dtype the file must have. */
  readonly dtype?: NpyDtype;
  /** When given, the shape the file must have. */
  readonly shape?: readonly number[];
}

/** An error in an `.npy` file; the message names the file and the field. */
export class NpyFormatError extends Error {
  /** The file (or label) the error is about. */
  readonly file: string;
  /** The header field or part of the file (`magic`, `version`, `descr`, `shape`, ...). */
  readonly field: string;
  constructor(file: string, field: string, message: string) {
    super(`${file}: npy ${field}: ${message}`);
    this.name = "NpyFormatError";
    this.file = file;
    this.field = field;
  }
}

interface ParsedHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

function parseHeaderDict(text: string, file: string): ParsedHeader {
  const t = text.trim();
  if (!t.startsWith("{") || !t.endsWith("}")) {
    throw new NpyFormatError(file, "header", `not a Python dict literal: ${JSON.stringify(t)}`);
  }
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(t);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(t);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(t);
  if (!descr) throw new NpyFormatError(file, "descr", "missing from the header");
  if (!fortran) throw new NpyFormatError(file, "fortran_order", "missing from the header");
  if (!shape) throw new NpyFormatError(file, "shape", "missing or not a tuple");
  const dims = shape[1].split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const parsed = dims.map((s) => {
    const clean = s.replace(/L$/, "");
    if (!/^\d+$/.test(clean)) {
      throw new NpyFormatError(file, "shape", `bad dimension ${JSON.stringify(s)}`);
    }
    return Number(clean);
  });
  return { descr: descr[1], fortranOrder: fortran[1] === "True", shape: parsed };
}

/**
 * Parses `.npy` bytes. The returned typed array is a view on `bytes` whenever the data
 * offset is aligned (always for files this module or NumPy wrote), else a copy.
 *
 * Throws {@link NpyFormatError} (naming `options.name` and the field) on a bad magic,
 * unknown version, unsupported dtype, Fortran order, a shape that does not match the
 * byte length (e.g. a truncated file), or a dtype/shape other than the expected one.
 *
 * @example
 * ```ts
 * import { decodeNpy, encodeNpy } from "./npy.ts";
 * const bytes = encodeNpy({ dtype: "<f4", shape: [3], data: new Float32Array([1, 2, 3]) });
 * try {
 *   decodeNpy(bytes.subarray(0, bytes.length - 1), { name: "x.npy" });
 *   throw new Error("should fail");
 * } catch (e) {
 *   if (!(e as Error).message.includes("x.npy")) throw e;
 * }
 * ```
 */
export function decodeNpy(bytes: Uint8Array, options: DecodeNpyOptions = {}): NpyArray {
  assertLittleEndianHost();
  if (!(bytes instanceof Uint8Array)) throw new TypeError("bytes must be a Uint8Array");
  const file = options.name ?? "<npy bytes>";
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyFormatError(file, "magic", "not an .npy file (missing \\x93NUMPY)");
  }
  const major = bytes[6];
  const minor = bytes[7];
  let headerLen: number;
  let preamble: number;
  if (major === 1) {
    headerLen = bytes[8] | (bytes[9] << 8);
    preamble = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyFormatError(file, "header", "truncated");
    headerLen = (bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) | (bytes[11] << 24)) >>> 0;
    preamble = 12;
  } else {
    throw new NpyFormatError(
      file,
      "version",
      `unsupported format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`,
    );
  }
  const dataOffset = preamble + headerLen;
  if (bytes.length < dataOffset) {
    throw new NpyFormatError(
      file,
      "header",
      `truncated: header needs ${dataOffset} bytes, file has ${bytes.length}`,
    );
  }
  const headerText = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    bytes.subarray(preamble, dataOffset),
  );
  const header = parseHeaderDict(headerText, file);
  if (!NPY_DTYPES.includes(header.descr as NpyDtype)) {
    throw new NpyFormatError(
      file,
      "descr",
      `unsupported dtype ${header.descr} (supported: ${NPY_DTYPES.join(", ")})`,
    );
  }
  const dtype = header.descr as NpyDtype;
  if (header.fortranOrder) {
    throw new NpyFormatError(file, "fortran_order", "True is not supported (C order only)");
  }
  if (options.dtype !== undefined && options.dtype !== dtype) {
    throw new NpyFormatError(file, "descr", `expected ${options.dtype}, file has ${dtype}`);
  }
  if (
    options.shape !== undefined &&
    (options.shape.length !== header.shape.length ||
      options.shape.some((d, i) => d !== header.shape[i]))
  ) {
    throw new NpyFormatError(
      file,
      "shape",
      `expected ${formatShapeTuple(options.shape)}, file has ${formatShapeTuple(header.shape)}`,
    );
  }
  const byteLength = shapeSize(header.shape) * NPY_ITEM_BYTES[dtype];
  const available = bytes.length - dataOffset;
  if (available !== byteLength) {
    throw new NpyFormatError(
      file,
      "data",
      `${available < byteLength ? "truncated" : "trailing bytes"}: shape ${
        formatShapeTuple(header.shape)
      } of ${dtype} needs ${byteLength} data bytes, file has ${available}`,
    );
  }
  const n = expectedDataLength(dtype, header.shape);
  const start = bytes.byteOffset + dataOffset;
  const itemAlign = dtype === "|u1" ? 1 : dtype === "<f8" ? 8 : 4;
  const buffer = start % itemAlign === 0
    ? bytes.buffer
    : bytes.slice(dataOffset, dataOffset + byteLength).buffer;
  const offset = start % itemAlign === 0 ? start : 0;
  let data: NpyData;
  switch (dtype) {
    case "<f4":
    case "<c8":
      data = new Float32Array(buffer, offset, n);
      break;
    case "<i4":
      data = new Int32Array(buffer, offset, n);
      break;
    case "|u1":
      data = new Uint8Array(buffer, offset, n);
      break;
    case "<f8":
      data = new Float64Array(buffer, offset, n);
      break;
  }
  return { dtype, shape: header.shape, data };
}

/**
 * Writes an array to an `.npy` file (version 1.0). Returns the bytes written so the
 * caller can checksum them without reading the file back.
 *
 * @example
 * ```ts
 * import { readNpy, writeNpy } from "./npy.ts";
 * // path is null without --allow-write (the example is then skipped)
 * const path = await Deno.makeTempFile({ suffix: ".npy" }).catch(() => null);
 * if (path !== null) {
 *   await writeNpy(path, { dtype: "|u1", shape: [4], data: new Uint8Array([0, 1, 0, 1]) });
 *   const back = await readNpy(path, { dtype: "|u1" });
 *   if (back.shape[0] !== 4) throw new Error("shape");
 *   await Deno.remove(path);
 * }
 * ```
 */
export async function writeNpy(path: string, array: NpyArray): Promise<Uint8Array> {
  if (typeof path !== "string") throw new TypeError("path must be a string");
  const bytes = encodeNpy(array);
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    await file.syncData();
  } finally {
    file.close();
  }
  return bytes;
}

/**
 * Reads an `.npy` file; errors name the file (see {@link decodeNpy}).
 *
 * @example
 * ```ts
 * import { readNpy, writeNpy } from "./npy.ts";
 * // path is null without --allow-write (the example is then skipped)
 * const path = await Deno.makeTempFile({ suffix: ".npy" }).catch(() => null);
 * if (path !== null) {
 *   await writeNpy(path, { dtype: "<c8", shape: [1], data: new Float32Array([1, -1]) });
 *   const z = await readNpy(path);
 *   if (z.data[1] !== -1) throw new Error("imaginary part");
 *   await Deno.remove(path);
 * }
 * ```
 */
export async function readNpy(path: string, options: DecodeNpyOptions = {}): Promise<NpyArray> {
  if (typeof path !== "string") throw new TypeError("path must be a string");
  const bytes = await Deno.readFile(path);
  return decodeNpy(bytes, { ...options, name: options.name ?? path });
}
