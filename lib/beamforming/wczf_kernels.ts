/**
 * The two kernel sets `wczfBeams` runs on, behind one interface: `js` (the kernels of
 * `kernels.ts` and `gains.ts` in plain JS: the readable reference, any `Nt`) and `wasm`
 * (the same kernels in WebAssembly SIMD, `wasm/simd.ts`, f64x2; `Nt % 4 == 0`). The
 * orchestration in `wczf.ts` is shared: it asks the set for every buffer a kernel
 * touches (`f64`, `i32`, `output`), so the wasm set can hand out views of its module's
 * memory and its kernels take byte offsets, with nothing copied per kernel call.
 *
 * @module
 */
import type { ComplexMatrix } from "../core/mod.ts";
import { powerGains } from "./gains.ts";
import {
  gramUpperAddRows,
  Scratch,
  type SlnrFromGramsOptions,
  slnrRowsFromGrams,
  type SplitComplex,
  ueGramsAndMeans,
  zfRowsInto,
  type ZfRowsOptions,
} from "./kernels.ts";
import {
  sampleSpaceSwitchCost,
  slnrMatrixFree,
  slnrWorkLength,
  WasmArena,
  wasmGramUpperAddRows,
  wasmPowerGains,
  wasmSlnrRows,
  wasmZfRows,
  zfWorkLength,
} from "./wasm/mod.ts";

/** Which kernels `wczfBeams` uses: `"auto"` is `wasm` when `Nt % 4 == 0`, else `js`. */
export type WczfKernelChoice = "js" | "wasm" | "auto";

/** A kernel set with its buffers (see the module documentation). */
export interface WczfKernels {
  readonly name: "js" | "wasm";
  /**
   * Starts a call with `s` samples and `nt` antennas whose buffers take at most `bytes`
   * (the wasm set reserves them).
   */
  begin(bytes: number, s: number, nt: number): void;
  /**
   * Whether the max-SLNR leakage Gram takes every UE's rows (then `slnrRowsFromGrams`
   * gets no per-UE Grams and `ueGramsAndMeans` only computes the means); else only those
   * of the UEs the AP does not serve (the reference).
   */
  readonly allRowsInLeakageGram: boolean;
  /** Scratch buffer (contents unspecified) named `name`, valid until the next `begin`. */
  f64(name: string, length: number): Float64Array;
  /** Scratch `Int32Array` (contents unspecified). */
  i32(name: string, length: number): Int32Array;
  /** A zeroed buffer whose contents the call returns (pass it through `keep`). */
  output(length: number): Float64Array;
  /** `a`, or a copy of it where `a` lives in memory reused by the next call. */
  keep(a: Float64Array): Float64Array;
  zfRowsInto(
    h: ComplexMatrix,
    servedUes: Int32Array,
    options: Omit<ZfRowsOptions, "scratch">,
  ): void;
  powerGains(a: ComplexMatrix, b: ComplexMatrix, out: Float64Array): void;
  gramUpperAddRows(
    xr: Float64Array,
    xi: Float64Array,
    offsets: Int32Array,
    count: number,
    nt: number,
    br: Float64Array,
    bi: Float64Array,
  ): void;
  ueGramsAndMeans(
    x: SplitComplex,
    rowStart: Int32Array,
    sCount: number,
    nt: number,
    r: SplitComplex,
    mean: SplitComplex,
  ): void;
  /**
   * `samples`: the UEs' samples (rows `rowStart[i] .. + S` of `x`), which the wasm set
   * uses for its sample-space iterations; the js set ignores them.
   */
  slnrRowsFromGrams(
    leakageGram: SplitComplex,
    options: Omit<SlnrFromGramsOptions, "scratch">,
    samples: SplitComplex & { readonly rowStart: Int32Array },
  ): void;
}

/** The plain-JS kernels (reference). Buffers are named, grow-only and reused between calls. */
export class JsKernels implements WczfKernels {
  readonly name = "js";
  readonly #scratch = new Scratch();
  #ints = new Map<string, Int32Array>();
  readonly allRowsInLeakageGram = false;
  begin(_bytes: number, _s: number, _nt: number): void {}
  f64(name: string, length: number): Float64Array {
    return this.#scratch.get(name, length);
  }
  i32(name: string, length: number): Int32Array {
    let b = this.#ints.get(name);
    if (!b || b.length < length) this.#ints.set(name, b = new Int32Array(length));
    return b.subarray(0, length);
  }
  output(length: number): Float64Array {
    return new Float64Array(length);
  }
  keep(a: Float64Array): Float64Array {
    return a;
  }
  zfRowsInto(h: ComplexMatrix, servedUes: Int32Array, options: Omit<ZfRowsOptions, "scratch">) {
    zfRowsInto(h, servedUes, { ...options, scratch: this.#scratch });
  }
  powerGains(a: ComplexMatrix, b: ComplexMatrix, out: Float64Array): void {
    powerGains(a, b, { out });
  }
  gramUpperAddRows(
    xr: Float64Array,
    xi: Float64Array,
    offsets: Int32Array,
    count: number,
    nt: number,
    br: Float64Array,
    bi: Float64Array,
  ): void {
    gramUpperAddRows(xr, xi, offsets, count, nt, br, bi);
  }
  ueGramsAndMeans(
    x: SplitComplex,
    rowStart: Int32Array,
    sCount: number,
    nt: number,
    r: SplitComplex,
    mean: SplitComplex,
  ): void {
    ueGramsAndMeans(x.re, x.im, rowStart, sCount, nt, r.re, r.im, mean.re, mean.im);
  }
  slnrRowsFromGrams(
    leakageGram: SplitComplex,
    options: Omit<SlnrFromGramsOptions, "scratch">,
    _samples: SplitComplex & { readonly rowStart: Int32Array },
  ) {
    slnrRowsFromGrams(leakageGram, { ...options, scratch: this.#scratch });
  }
}

/**
 * The WebAssembly SIMD kernels. Every buffer is a view of the module's memory, laid out
 * afresh by each `begin` (names are ignored); `keep` copies a result out.
 */
export class WasmKernels implements WczfKernels {
  readonly name = "wasm";
  /** Use the sample-space max-SLNR iterations (default true; false for measurements). */
  sampleSpace = true;
  /** Use matrix-free max-SLNR iterations where cheaper (default true; false for measurements). */
  matrixFree = true;
  #matrixFree = false;
  readonly #arena = new WasmArena();
  #zfWork: Float64Array | undefined;
  #slnrWork: Float64Array | undefined;
  #rowOffsets: Int32Array | undefined;
  get allRowsInLeakageGram(): boolean {
    return this.#matrixFree;
  }
  begin(bytes: number, s: number, nt: number): void {
    this.#matrixFree = this.matrixFree && slnrMatrixFree(nt, s);
    this.#arena.begin(bytes);
    this.#zfWork = this.#slnrWork = this.#rowOffsets = undefined;
  }
  f64(_name: string, length: number): Float64Array {
    return this.#arena.f64(length);
  }
  i32(_name: string, length: number): Int32Array {
    return this.#arena.i32(length);
  }
  output(length: number): Float64Array {
    return this.#arena.f64(length).fill(0);
  }
  keep(a: Float64Array): Float64Array {
    return a.slice();
  }
  zfRowsInto(h: ComplexMatrix, servedUes: Int32Array, options: Omit<ZfRowsOptions, "scratch">) {
    this.#zfWork ??= this.#arena.f64(zfWorkLength(h.rows));
    wasmZfRows(h, servedUes, { ...options, work: this.#zfWork });
  }
  powerGains(a: ComplexMatrix, b: ComplexMatrix, out: Float64Array): void {
    wasmPowerGains(a, b, out);
  }
  gramUpperAddRows(
    xr: Float64Array,
    xi: Float64Array,
    offsets: Int32Array,
    count: number,
    nt: number,
    br: Float64Array,
    bi: Float64Array,
  ): void {
    wasmGramUpperAddRows(xr, xi, offsets, count, nt, br, bi);
  }
  ueGramsAndMeans(
    x: SplitComplex,
    rowStart: Int32Array,
    sCount: number,
    nt: number,
    r: SplitComplex,
    mean: SplitComplex,
  ): void {
    if (!this.#rowOffsets) {
      this.#rowOffsets = this.#arena.i32(sCount);
      for (let s = 0; s < sCount; s++) this.#rowOffsets[s] = s * nt;
    }
    const nn = nt * nt, invS = 1 / sCount;
    for (let i = 0; i < rowStart.length; i++) {
      const from = rowStart[i] * nt, to = from + sCount * nt;
      const rr = r.re.subarray(i * nn, (i + 1) * nn), ri = r.im.subarray(i * nn, (i + 1) * nn);
      const xr = x.re.subarray(from, to), xi = x.im.subarray(from, to);
      if (!this.#matrixFree) {
        rr.fill(0);
        ri.fill(0);
        wasmGramUpperAddRows(xr, xi, this.#rowOffsets, sCount, nt, rr, ri);
      }
      const mr = mean.re.subarray(i * nt, (i + 1) * nt),
        mi = mean.im.subarray(i * nt, (i + 1) * nt);
      mr.fill(0);
      mi.fill(0);
      for (let o = 0; o < to - from; o += nt) {
        for (let q = 0; q < nt; q++) {
          mr[q] += xr[o + q];
          mi[q] += xi[o + q];
        }
      }
      for (let q = 0; q < nt; q++) {
        mr[q] *= invS;
        mi[q] *= invS;
      }
    }
  }
  slnrRowsFromGrams(
    leakageGram: SplitComplex,
    options: Omit<SlnrFromGramsOptions, "scratch">,
    samples: SplitComplex & { readonly rowStart: Int32Array },
  ) {
    const nt = options.antennaCount, s = options.sampleCount;
    this.#slnrWork ??= this.#arena.f64(slnrWorkLength(nt, s));
    const switchCost = this.sampleSpace ? sampleSpaceSwitchCost(nt, s) : Infinity;
    const work = this.#slnrWork;
    wasmSlnrRows(leakageGram, { ...options, work }, samples, switchCost, this.#matrixFree);
  }
}

const js = new JsKernels();
const wasm = new WasmKernels();

/** The kernel set for `choice` and `nt` antennas (`"wasm"` with `nt % 4 != 0` throws). */
export function wczfKernels(choice: WczfKernelChoice, nt: number): WczfKernels {
  if (choice === "js") return js;
  if (nt % 4 !== 0) {
    if (choice === "wasm") throw new RangeError(`wasm kernels need Nt % 4 == 0, got ${nt}`);
    return js;
  }
  return wasm;
}
