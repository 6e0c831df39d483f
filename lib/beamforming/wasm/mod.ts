/**
 * The WebAssembly SIMD kernels of WC-ZF (`simd.ts`, AssemblyScript, compiled to the
 * committed `simd.wasm` by `deno task wasm`) behind the same calls as the JS kernels,
 * plus the arena that lays out a call's buffers in the module's memory.
 *
 * Every array handed to a kernel here must be a view of {@link wasmMemory}'s buffer
 * (from {@link WasmArena}); the kernels take byte offsets. The arena is reset per call
 * and grows the memory only in {@link WasmArena.begin}, before any view of the call
 * exists (growing detaches the views of the old buffer).
 *
 * @module
 */
import type { ComplexMatrix } from "../../core/mod.ts";
import * as simd from "./simd.wasm";

/** The module's linear memory. */
export const wasmMemory: WebAssembly.Memory = simd.memory as WebAssembly.Memory;

const PAGE = 65536;

/** Bump allocator over {@link wasmMemory}: `begin(bytes)`, then views until the next `begin`. */
export class WasmArena {
  #top = 0;
  #end = 0;
  /** Starts a call that needs at most `bytes` (plus 16 per allocation for alignment). */
  begin(bytes: number): void {
    const need = Math.ceil((bytes + 64) / PAGE) * PAGE;
    const have = wasmMemory.buffer.byteLength;
    if (have < need) wasmMemory.grow((need - have) / PAGE);
    this.#top = 16;
    this.#end = need;
  }
  #take(bytes: number): number {
    const at = this.#top;
    const next = at + Math.ceil(bytes / 16) * 16;
    if (next > this.#end) {
      throw new RangeError(`WasmArena: ${next} bytes needed, ${this.#end} reserved by begin()`);
    }
    this.#top = next;
    return at;
  }
  /** A `Float64Array` of `length` (contents unspecified). */
  f64(length: number): Float64Array {
    return new Float64Array(wasmMemory.buffer, this.#take(length * 8), length);
  }
  /** An `Int32Array` of `length` (contents unspecified). */
  i32(length: number): Int32Array {
    return new Int32Array(wasmMemory.buffer, this.#take(length * 4), length);
  }
}

/** Byte offset of `a` in the module's memory (throws if `a` is not a view of it). */
export function ptr(a: Float64Array | Int32Array): number {
  if (a.buffer !== wasmMemory.buffer) {
    throw new RangeError("wasm kernel argument is not a view of the module's memory");
  }
  return a.byteOffset;
}

function checkPivot(pivot: number): void {
  if (pivot >= 0) {
    throw new RangeError(`cholesky: a is not positive definite (pivot ${pivot})`);
  }
}

/** `powerGains(a, b, {out})` of `../gains.ts` on arena views. */
export function wasmPowerGains(a: ComplexMatrix, b: ComplexMatrix, out: Float64Array): void {
  if (b.cols !== a.cols) throw new RangeError(`b has ${b.cols} columns, a has ${a.cols}`);
  if (out.length < a.rows * b.rows) throw new RangeError("out is too short");
  simd.powerGains(ptr(a.re), ptr(a.im), a.rows, ptr(b.re), ptr(b.im), b.rows, a.cols, ptr(out));
}

/** `gramUpperAddRows` of `../kernels.ts` on arena views (`nt % 4 == 0`). */
export function wasmGramUpperAddRows(
  xr: Float64Array,
  xi: Float64Array,
  offsets: Int32Array,
  count: number,
  nt: number,
  br: Float64Array,
  bi: Float64Array,
): void {
  if (nt % 4 !== 0) throw new RangeError(`wasm Gram needs Nt % 4 == 0, got ${nt}`);
  simd.gramUpperRows(ptr(xr), ptr(xi), ptr(offsets), count, nt, ptr(br), ptr(bi));
}

/** f64 entries of the `work` buffer {@link wasmZfRows} needs for `k` UEs. */
export function zfWorkLength(k: number): number {
  return 6 * k * k + 8 * k;
}

/** `zfRowsInto` of `../kernels.ts` on arena views; `work` of {@link zfWorkLength}. */
export function wasmZfRows(
  h: ComplexMatrix,
  servedUes: Int32Array,
  options: {
    readonly relativeRegularization: number;
    readonly outRe: Float64Array;
    readonly outIm: Float64Array;
    readonly outRow0: number;
    readonly outStride: number;
    readonly work: Float64Array;
  },
): void {
  if (options.work.length < zfWorkLength(h.rows)) throw new RangeError("zf work is too short");
  checkPivot(simd.zfRows(
    ptr(h.re),
    ptr(h.im),
    h.rows,
    h.cols,
    ptr(servedUes),
    servedUes.length,
    options.relativeRegularization,
    ptr(options.outRe),
    ptr(options.outIm),
    options.outRow0,
    options.outStride,
    ptr(options.work),
  ));
}

/** f64 entries of the `work` buffer {@link wasmSlnrRows} needs for `nt` antennas, `s` samples. */
export function slnrWorkLength(nt: number, s: number): number {
  const sp = Math.ceil(s / 4) * 4;
  return 2 * nt * nt + 6 * nt + 2 * nt * sp + 2 * sp * sp + 6 * sp + Math.ceil(nt / 2);
}

/**
 * Whether the max-SLNR power iteration runs matrix-free (`R_i w = X^H (X w)` from the
 * `s` samples, `2 s nt` complex multiply-adds, instead of `nt^2` with an explicit
 * `R_i`): when that is cheaper, `2 s < nt`.
 */
export function slnrMatrixFree(nt: number, s: number): boolean {
  return 2 * s < nt;
}

/**
 * The cost, in power iterations in `nt` dimensions (`nt^2` for the two triangular
 * solves plus `R_i w`), of moving a UE's max-SLNR iteration to the span of its `s`
 * samples (see `slnrRows` in `simd.ts`): `nt^2 sp / 2` for `Y`, `sp^2 nt / 2` for `Q`,
 * over what a sample-space step (`2 sp^2`) saves; `Infinity` (never move) when it saves
 * nothing.
 */
export function sampleSpaceSwitchCost(nt: number, s: number): number {
  const sp = Math.ceil(s / 4) * 4;
  const step = nt * nt + (slnrMatrixFree(nt, s) ? 2 * s * nt : nt * nt);
  if (2 * sp * sp >= step) return Infinity;
  return (nt * nt * sp / 2 + sp * sp * nt / 2) / (step - 2 * sp * sp);
}

/** `slnrRowsFromGrams` of `../kernels.ts` on arena views; `work` of {@link slnrWorkLength}. */
export function wasmSlnrRows(
  leakage: { readonly re: Float64Array; readonly im: Float64Array },
  options: {
    readonly ueCount: number;
    readonly ueGrams: { readonly re: Float64Array; readonly im: Float64Array };
    readonly ueMeans: { readonly re: Float64Array; readonly im: Float64Array };
    readonly antennaCount: number;
    readonly sampleCount: number;
    readonly noiseToPowerRatio: number;
    readonly maxIterations: number;
    readonly tolerance: number;
    readonly out: { readonly re: Float64Array; readonly im: Float64Array };
    readonly outRow0: number;
    readonly outStride: number;
    readonly work: Float64Array;
  },
  samples: { readonly re: Float64Array; readonly im: Float64Array; readonly rowStart: Int32Array },
  switchCost: number,
  matrixFree: boolean,
): void {
  const nt = options.antennaCount, s = options.sampleCount;
  if (options.work.length < slnrWorkLength(nt, s)) throw new RangeError("slnr work is too short");
  checkPivot(simd.slnrRows(
    ptr(leakage.re),
    ptr(leakage.im),
    ptr(options.ueGrams.re),
    ptr(options.ueGrams.im),
    ptr(options.ueMeans.re),
    ptr(options.ueMeans.im),
    options.ueCount,
    nt,
    1 / options.sampleCount,
    options.noiseToPowerRatio,
    options.maxIterations,
    options.tolerance,
    ptr(options.out.re),
    ptr(options.out.im),
    options.outRow0,
    options.outStride,
    ptr(samples.re),
    ptr(samples.im),
    ptr(samples.rowStart),
    s,
    switchCost,
    matrixFree ? 1 : 0,
    ptr(options.work),
  ));
}
