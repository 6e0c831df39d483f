/**
 * Internal dense kernels of WC-ZF and max-SLNR (not re-exported by `mod.ts`): the
 * Hermitian Gram update of the sample covariance, a coordinated-ZF solve writing into a
 * caller's buffer, and the whitened power iteration of the max-SLNR beam. Split real
 * and imaginary `Float64Array`s, row-major, register-blocked 2 x 2 with the reduction
 * dimension contiguous; nothing here allocates per call except through `Scratch`.
 *
 * These are the readable reference versions: `wasm/simd.ts` has the same kernels in
 * WebAssembly SIMD, which `wczfBeams` uses by default (see `wczf_kernels.ts`).
 *
 * @module
 */
import type { ComplexMatrix } from "../core/mod.ts";

/** Grow-only named scratch buffers, reused between calls. */
export class Scratch {
  #buffers = new Map<string, Float64Array>();
  /** A zero-copy view of length `length` of the buffer `name` (contents unspecified). */
  get(name: string, length: number): Float64Array {
    let b = this.#buffers.get(name);
    if (!b || b.length < length) {
      b = new Float64Array(Math.max(length, Math.ceil((b?.length ?? 0) * 1.5)));
      this.#buffers.set(name, b);
    }
    return b.subarray(0, length);
  }
}

/**
 * `B[p, q] += sum_r conj(X[r, p]) X[r, q]` for the upper triangle `p <= q` of the
 * `[Nt, Nt]` Hermitian `B` (the 2 x 2 diagonal blocks are filled in full), `X` the
 * `rows` rows of `x` from row `row0`: a rank-`rows` Hermitian update. Loops over
 * `(p, q)` blocks outside and rows inside, so `x` should be cache-resident (a few
 * tens of rows).
 */
export function gramUpperAdd(
  xr: Float64Array,
  xi: Float64Array,
  rows: number,
  nt: number,
  br: Float64Array,
  bi: Float64Array,
): void {
  const end = rows * nt;
  if (nt % 2 !== 0) {
    for (let p = 0; p < nt; p++) {
      for (let q = p; q < nt; q++) {
        let sr = 0, si = 0;
        for (let o = 0; o < end; o += nt) {
          const ar = xr[o + p], ai = xi[o + p], cr = xr[o + q], ci = xi[o + q];
          sr += ar * cr + ai * ci;
          si += ar * ci - ai * cr;
        }
        br[p * nt + q] += sr;
        bi[p * nt + q] += si;
      }
    }
    return;
  }
  for (let p = 0; p < nt; p += 2) {
    for (let q = p; q < nt; q += 2) {
      let s00r = 0, s00i = 0, s01r = 0, s01i = 0, s10r = 0, s10i = 0, s11r = 0, s11i = 0;
      for (let o = 0; o < end; o += nt) {
        const a0r = xr[o + p], a0i = xi[o + p], a1r = xr[o + p + 1], a1i = xi[o + p + 1];
        const c0r = xr[o + q], c0i = xi[o + q], c1r = xr[o + q + 1], c1i = xi[o + q + 1];
        // conj(a) c = (ar cr + ai ci) + i (ar ci - ai cr)
        s00r += a0r * c0r + a0i * c0i;
        s00i += a0r * c0i - a0i * c0r;
        s01r += a0r * c1r + a0i * c1i;
        s01i += a0r * c1i - a0i * c1r;
        s10r += a1r * c0r + a1i * c0i;
        s10i += a1r * c0i - a1i * c0r;
        s11r += a1r * c1r + a1i * c1i;
        s11i += a1r * c1i - a1i * c1r;
      }
      const o0 = p * nt + q, o1 = o0 + nt;
      br[o0] += s00r;
      bi[o0] += s00i;
      br[o0 + 1] += s01r;
      bi[o0 + 1] += s01i;
      br[o1] += s10r;
      bi[o1] += s10i;
      br[o1 + 1] += s11r;
      bi[o1 + 1] += s11i;
    }
  }
}

/**
 * {@link gramUpperAdd} over the rows of `x` that start at the element offsets
 * `offsets[0 .. count)` (e.g. the rows of UEs an AP does not serve).
 */
export function gramUpperAddRows(
  xr: Float64Array,
  xi: Float64Array,
  offsets: Int32Array,
  count: number,
  nt: number,
  br: Float64Array,
  bi: Float64Array,
): void {
  if (nt % 2 !== 0) {
    for (let r = 0; r < count; r++) {
      const o = offsets[r];
      gramUpperAdd(xr.subarray(o, o + nt), xi.subarray(o, o + nt), 1, nt, br, bi);
    }
    return;
  }
  for (let p = 0; p < nt; p += 2) {
    for (let q = p; q < nt; q += 2) {
      let s00r = 0, s00i = 0, s01r = 0, s01i = 0, s10r = 0, s10i = 0, s11r = 0, s11i = 0;
      for (let r = 0; r < count; r++) {
        const op = offsets[r] + p, oq = op - p + q;
        const a0r = xr[op], a0i = xi[op], a1r = xr[op + 1], a1i = xi[op + 1];
        const c0r = xr[oq], c0i = xi[oq], c1r = xr[oq + 1], c1i = xi[oq + 1];
        s00r += a0r * c0r + a0i * c0i;
        s00i += a0r * c0i - a0i * c0r;
        s01r += a0r * c1r + a0i * c1i;
        s01i += a0r * c1i - a0i * c1r;
        s10r += a1r * c0r + a1i * c0i;
        s10i += a1r * c0i - a1i * c0r;
        s11r += a1r * c1r + a1i * c1i;
        s11i += a1r * c1i - a1i * c1r;
      }
      const o0 = p * nt + q, o1 = o0 + nt;
      br[o0] += s00r;
      bi[o0] += s00i;
      br[o0 + 1] += s01r;
      bi[o0 + 1] += s01i;
      br[o1] += s10r;
      bi[o1] += s10i;
      br[o1 + 1] += s11r;
      bi[o1 + 1] += s11i;
    }
  }
}

/**
 * In-place Cholesky factor of the Hermitian positive-definite `[n, n]` matrix held in
 * `ar`/`ai` (lower triangle used and overwritten with `L`, `A = L L^H`; the strict upper
 * triangle is zeroed). Throws `RangeError` if a pivot is not positive.
 */
export function choleskyInPlace(ar: Float64Array, ai: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const oj = j * n;
    let d = ar[oj + j];
    for (let k = 0; k < j; k++) d -= ar[oj + k] * ar[oj + k] + ai[oj + k] * ai[oj + k];
    if (!(d > 0)) throw new RangeError(`cholesky: a is not positive definite (pivot ${j} = ${d})`);
    const ljj = Math.sqrt(d), inv = 1 / ljj;
    ar[oj + j] = ljj;
    ai[oj + j] = 0;
    for (let i = j + 1; i < n; i++) {
      const oi = i * n;
      // L[i,j] = (A[i,j] - sum_k L[i,k] conj(L[j,k])) / L[j,j]
      let sr = ar[oi + j], si = ai[oi + j];
      for (let k = 0; k < j; k++) {
        const xr = ar[oi + k], xi = ai[oi + k], yr = ar[oj + k], yi = ai[oj + k];
        sr -= xr * yr + xi * yi;
        si -= xi * yr - xr * yi;
      }
      ar[oi + j] = sr * inv;
      ai[oi + j] = si * inv;
    }
    for (let q = j + 1; q < n; q++) {
      ar[oj + q] = 0;
      ai[oj + q] = 0;
    }
  }
}

/** Options of {@link zfRowsInto}: the regularization and where the rows go. */
export interface ZfRowsOptions {
  /** Diagonal loading of the Gram as a fraction of its mean diagonal. */
  readonly relativeRegularization: number;
  /** Output real parts, rows of length Nt. */
  readonly outRe: Float64Array;
  /** Output imaginary parts, rows of length Nt. */
  readonly outIm: Float64Array;
  /** Output row of the first served UE. */
  readonly outRow0: number;
  /** Output rows between consecutive served UEs. */
  readonly outStride: number;
  /** Reused work buffers. */
  readonly scratch: Scratch;
}

/**
 * Unit-norm coordinated ZF beam rows of one AP (the formula of `zfBeamRows`, written
 * into `outRe`/`outIm` rows `outRow0 + i * outStride`, i over the served UEs) from the
 * channel `h` `[K, Nt]`. Steps, in order: the lower triangle of the Gram
 * `G[i, j] = H[i] . conj(H[j])` of the rows used (all K in network mode `K <= Nt`, else
 * the served ones); diagonal loading by `relativeRegularization` times its mean
 * diagonal; its Cholesky factor; one forward / backward triangular solve per served
 * UE (`X = G^-1 E`); the beams `w_i = H^H x_i`, normalized to unit norm.
 *
 * The body is kept in one piece on purpose: an interleaved A/B in one process (old
 * positional version, this options version unsplit, and a version split into Gram,
 * loading, solve and beam functions; medians of 101 samples of 1000 calls each,
 * outputs bit-identical) measured the split at +1.5 % to +5 % per call for Nt = 16
 * (K = 12 network: 3.24 -> 3.37-3.39 us; K = 30 per-AP: 3.96-3.98 -> 4.04-4.10 us;
 * K = 40 per-AP: 6.95-7.11 -> 7.02-7.23 us) and +0.6 % to +2.5 % for Nt = 64 (K = 9:
 * 5.25-5.31 -> 5.38 us; K = 30 network: 55.9-56.7 -> 56.2-57.2 us), while the unsplit
 * options version stayed within -0.7 % to +1.1 % of the positional one (2-core
 * shared machine, Deno 2.9.6).
 */
export function zfRowsInto(
  h: ComplexMatrix,
  servedUes: Int32Array,
  options: ZfRowsOptions,
): void {
  const { relativeRegularization, outRe, outIm, outRow0, outStride, scratch } = options;
  const k = h.rows, nt = h.cols, kb = servedUes.length;
  if (kb === 0) return;
  const network = k <= nt;
  const n = network ? k : kb;
  const hr = h.re, hi = h.im;
  const gr = scratch.get("zfGramRe", n * n), gi = scratch.get("zfGramIm", n * n);
  const rowOf = scratch.get("zfRowOf", n);
  for (let i = 0; i < n; i++) rowOf[i] = (network ? i : servedUes[i]) * nt;
  // Gram G[i, j] = H[i] . conj(H[j]), lower triangle, 2 x 2 blocks where possible.
  let trace = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const oi0 = rowOf[i], oi1 = rowOf[i + 1];
    for (let j = 0; j <= i; j += 2) {
      const oj0 = rowOf[j], oj1 = rowOf[j + 1];
      let s00r = 0, s00i = 0, s01r = 0, s01i = 0, s10r = 0, s10i = 0, s11r = 0, s11i = 0;
      for (let q = 0; q < nt; q++) {
        const a0r = hr[oi0 + q], a0i = hi[oi0 + q], a1r = hr[oi1 + q], a1i = hi[oi1 + q];
        const c0r = hr[oj0 + q], c0i = hi[oj0 + q], c1r = hr[oj1 + q], c1i = hi[oj1 + q];
        // a conj(c) = (ar cr + ai ci) + i (ai cr - ar ci)
        s00r += a0r * c0r + a0i * c0i;
        s00i += a0i * c0r - a0r * c0i;
        s01r += a0r * c1r + a0i * c1i;
        s01i += a0i * c1r - a0r * c1i;
        s10r += a1r * c0r + a1i * c0i;
        s10i += a1i * c0r - a1r * c0i;
        s11r += a1r * c1r + a1i * c1i;
        s11i += a1i * c1r - a1r * c1i;
      }
      gr[i * n + j] = s00r;
      gi[i * n + j] = s00i;
      gr[i * n + j + 1] = s01r;
      gi[i * n + j + 1] = s01i;
      gr[(i + 1) * n + j] = s10r;
      gi[(i + 1) * n + j] = s10i;
      gr[(i + 1) * n + j + 1] = s11r;
      gi[(i + 1) * n + j + 1] = s11i;
    }
  }
  if (i < n) {
    const oi = rowOf[i];
    for (let j = 0; j <= i; j++) {
      const oj = rowOf[j];
      let sr = 0, si = 0;
      for (let q = 0; q < nt; q++) {
        const ar = hr[oi + q], ai = hi[oi + q], cr = hr[oj + q], ci = hi[oj + q];
        sr += ar * cr + ai * ci;
        si += ai * cr - ar * ci;
      }
      gr[i * n + j] = sr;
      gi[i * n + j] = si;
    }
  }
  for (let d = 0; d < n; d++) trace += gr[d * n + d];
  const delta = relativeRegularization * (trace / n) + (trace === 0 ? Number.MIN_VALUE : 0);
  for (let d = 0; d < n; d++) {
    gr[d * n + d] += delta;
    gi[d * n + d] = 0;
  }
  choleskyInPlace(gr, gi, n);
  // X = G^-1 E, E's column i = e_{row of served UE i}; stored transposed [kb, n].
  const xr = scratch.get("zfXRe", kb * n), xi = scratch.get("zfXIm", kb * n);
  xr.fill(0);
  xi.fill(0);
  for (let c = 0; c < kb; c++) {
    const o = c * n;
    const start = network ? servedUes[c] : c;
    // forward L y = e_start (y is zero above start)
    for (let r = start; r < n; r++) {
      let sr = r === start ? 1 : 0, si = 0;
      const or = r * n;
      for (let q = start; q < r; q++) {
        const lr = gr[or + q], li = gi[or + q], yr = xr[o + q], yi = xi[o + q];
        sr -= lr * yr - li * yi;
        si -= lr * yi + li * yr;
      }
      const inv = 1 / gr[or + r];
      xr[o + r] = sr * inv;
      xi[o + r] = si * inv;
    }
    // backward L^H x = y
    for (let r = n - 1; r >= 0; r--) {
      let sr = xr[o + r], si = xi[o + r];
      for (let q = r + 1; q < n; q++) {
        const lr = gr[q * n + r], li = -gi[q * n + r], yr = xr[o + q], yi = xi[o + q];
        sr -= lr * yr - li * yi;
        si -= lr * yi + li * yr;
      }
      const inv = 1 / gr[r * n + r];
      xr[o + r] = sr * inv;
      xi[o + r] = si * inv;
    }
  }
  // w_i = H^H x_i: w[q] = sum_r conj(H[r, q]) x[r, i]
  const invSqrtNt = 1 / Math.sqrt(nt);
  for (let c = 0; c < kb; c++) {
    const o = (outRow0 + c * outStride) * nt, ox = c * n;
    for (let q = 0; q < nt; q++) {
      outRe[o + q] = 0;
      outIm[o + q] = 0;
    }
    let r = 0;
    for (; r + 1 < n; r += 2) {
      const x0r = xr[ox + r], x0i = xi[ox + r], x1r = xr[ox + r + 1], x1i = xi[ox + r + 1];
      const oh0 = rowOf[r], oh1 = rowOf[r + 1];
      for (let q = 0; q < nt; q++) {
        const a0r = hr[oh0 + q], a0i = hi[oh0 + q], a1r = hr[oh1 + q], a1i = hi[oh1 + q];
        // conj(a) x = (ar xr + ai xi) + i (ar xi - ai xr)
        outRe[o + q] += a0r * x0r + a0i * x0i + a1r * x1r + a1i * x1i;
        outIm[o + q] += a0r * x0i - a0i * x0r + a1r * x1i - a1i * x1r;
      }
    }
    if (r < n) {
      const x0r = xr[ox + r], x0i = xi[ox + r];
      const oh0 = rowOf[r];
      for (let q = 0; q < nt; q++) {
        const a0r = hr[oh0 + q], a0i = hi[oh0 + q];
        outRe[o + q] += a0r * x0r + a0i * x0i;
        outIm[o + q] += a0r * x0i - a0i * x0r;
      }
    }
    let norm2 = 0;
    for (let q = 0; q < nt; q++) norm2 += outRe[o + q] * outRe[o + q] + outIm[o + q] * outIm[o + q];
    if (norm2 > 0 && Number.isFinite(norm2)) {
      const s = 1 / Math.sqrt(norm2);
      for (let q = 0; q < nt; q++) {
        outRe[o + q] *= s;
        outIm[o + q] *= s;
      }
    } else {
      for (let q = 0; q < nt; q++) {
        outRe[o + q] = invSqrtNt;
        outIm[o + q] = 0;
      }
    }
  }
}

/**
 * Per served UE i (samples at rows `rowStart[i] .. + S` of `x`): its own Gram
 * `R_i` (upper triangle, into `rRe/rIm[i * Nt^2 ..]`, zeroed first) and sample-mean row
 * (into `meanRe/meanIm[i * Nt ..]`), the inputs of {@link slnrRowsFromGrams}.
 */
export function ueGramsAndMeans(
  xRe: Float64Array,
  xIm: Float64Array,
  rowStart: ArrayLike<number>,
  sCount: number,
  nt: number,
  rRe: Float64Array,
  rIm: Float64Array,
  meanRe: Float64Array,
  meanIm: Float64Array,
): void {
  const nn = nt * nt, invS = 1 / sCount;
  for (let i = 0; i < rowStart.length; i++) {
    const from = rowStart[i] * nt, to = from + sCount * nt;
    const rr = rRe.subarray(i * nn, (i + 1) * nn), ri = rIm.subarray(i * nn, (i + 1) * nn);
    rr.fill(0);
    ri.fill(0);
    gramUpperAdd(xRe.subarray(from, to), xIm.subarray(from, to), sCount, nt, rr, ri);
    const om = i * nt;
    for (let q = 0; q < nt; q++) {
      meanRe[om + q] = 0;
      meanIm[om + q] = 0;
    }
    for (let o = from; o < to; o += nt) {
      for (let q = 0; q < nt; q++) {
        meanRe[om + q] += xRe[o + q];
        meanIm[om + q] += xIm[o + q];
      }
    }
    for (let q = 0; q < nt; q++) {
      meanRe[om + q] *= invS;
      meanIm[om + q] *= invS;
    }
  }
}

/** A complex vector or matrix as split real and imaginary parts. */
export interface SplitComplex {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** Options of {@link slnrRowsFromGrams}. */
export interface SlnrFromGramsOptions {
  /** Served UEs `K_b` of the AP. */
  readonly ueCount: number;
  /** Per served UE i its Gram `R_i` `[Nt, Nt]` (upper triangle) at `[i * Nt^2 ..]`; mirrored in place. */
  readonly ueGrams: SplitComplex;
  /** Per served UE i its sample-mean channel row `[Nt]` at `[i * Nt ..]`. */
  readonly ueMeans: SplitComplex;
  /** Antennas `Nt`. */
  readonly antennaCount: number;
  /** Samples `S` the Grams sum over. */
  readonly sampleCount: number;
  /** `sigma^2 / P_b`, the regularization of the leakage covariance (linear). */
  readonly noiseToPowerRatio: number;
  /** Power-iteration cap and relative tolerance on the Rayleigh quotient. */
  readonly maxIterations: number;
  readonly tolerance: number;
  /** Beam rows land in `out` rows `outRow0 + i * outStride` (`[*, Nt]`). */
  readonly out: SplitComplex;
  readonly outRow0: number;
  readonly outStride: number;
  readonly scratch: Scratch;
}

/**
 * Max-SLNR beams of one AP. Input: the Gram `G = sum_s sum_{j not served} h_j h_j^H`
 * of the UEs it does not serve (`leakageGram`, upper triangle, `[Nt, Nt]`, overwritten),
 * and per served UE i its own Gram `R_i = sum_s h_i^{(s)} h_i^{(s)H}` and its sample-mean
 * channel row `mean_s h_i^{(s)H}` ({@link SlnrFromGramsOptions}). Steps:
 *
 * 1. `G += sum_i R_i` (the all-UE Gram), each `R_i` mirrored to full;
 * 2. `B = G / S + ratio I = L L^H` (lower triangle, Cholesky in place) and `U = L^H`;
 * 3. per UE the power iteration of `slnr.ts` on `L^-1 R_i L^-H` from `L^-1 mean_i`, with
 *    `R_i w` as one `[Nt, Nt]` product (the same iterates as `X_i^H (X_i w)` from the
 *    samples, at `2 Nt^2` instead of `2 S Nt + Nt^2` per step); the beam is
 *    `L^-H v / ||L^-H v||`.
 */
export function slnrRowsFromGrams(leakageGram: SplitComplex, options: SlnrFromGramsOptions): void {
  const { ueCount: kb, ueGrams, antennaCount: nt, scratch } = options;
  if (kb === 0) return;
  const nn = nt * nt;
  addMirroredUeGrams(leakageGram, ueGrams, kb, nt);
  regularizedLowerTriangle(leakageGram, nt, 1 / options.sampleCount, options.noiseToPowerRatio);
  choleskyInPlace(leakageGram.re, leakageGram.im, nt);
  const lower = leakageGram;
  const upper = { re: scratch.get("slnrUr", nn), im: scratch.get("slnrUi", nn) };
  conjugateTransposeLower(lower, upper, nt);
  const work: PowerIterationBuffers = {
    v: { re: scratch.get("slnrVr", nt), im: scratch.get("slnrVi", nt) },
    w: { re: scratch.get("slnrWr", nt), im: scratch.get("slnrWi", nt) },
    z: { re: scratch.get("slnrZr", nt), im: scratch.get("slnrZi", nt) },
  };
  const { out, outRow0, outStride } = options;
  for (let i = 0; i < kb; i++) {
    const r = {
      re: ueGrams.re.subarray(i * nn, (i + 1) * nn),
      im: ueGrams.im.subarray(i * nn, (i + 1) * nn),
    };
    const mean = {
      re: options.ueMeans.re.subarray(i * nt, (i + 1) * nt),
      im: options.ueMeans.im.subarray(i * nt, (i + 1) * nt),
    };
    slnrBeam(lower, upper, r, mean, nt, options, work);
    const oo = (outRow0 + i * outStride) * nt;
    out.re.set(work.w.re, oo);
    out.im.set(work.w.im, oo);
  }
}

/** Step 1: `G += R_i` on the upper triangle for every UE i, and `R_i` mirrored to full (real diagonal). */
function addMirroredUeGrams(g: SplitComplex, r: SplitComplex, kb: number, nt: number): void {
  const gr = g.re, gi = g.im, nn = nt * nt;
  for (let i = 0; i < kb; i++) {
    const rr = r.re.subarray(i * nn, (i + 1) * nn), ri = r.im.subarray(i * nn, (i + 1) * nn);
    for (let p = 0; p < nt; p++) {
      for (let q = p; q < nt; q++) {
        gr[p * nt + q] += rr[p * nt + q];
        gi[p * nt + q] += ri[p * nt + q];
      }
      for (let q = p + 1; q < nt; q++) {
        rr[q * nt + p] = rr[p * nt + q];
        ri[q * nt + p] = -ri[p * nt + q];
      }
      ri[p * nt + p] = 0;
    }
  }
}

/** Step 2: lower triangle of `B = G / S + ratio I` from the upper triangle of `G`: `B[q, p] = conj(G[p, q]) / S`. */
function regularizedLowerTriangle(g: SplitComplex, nt: number, invS: number, ratio: number): void {
  const gr = g.re, gi = g.im;
  for (let p = 0; p < nt; p++) {
    for (let q = p + 1; q < nt; q++) {
      gr[q * nt + p] = gr[p * nt + q] * invS;
      gi[q * nt + p] = -gi[p * nt + q] * invS;
    }
    gr[p * nt + p] = gr[p * nt + p] * invS + ratio;
    gi[p * nt + p] = 0;
  }
}

/** Step 2 (cont.): `U = L^H` (upper, row-major), so that the backward solve reads rows contiguously. */
function conjugateTransposeLower(l: SplitComplex, u: SplitComplex, nt: number): void {
  for (let p = 0; p < nt; p++) {
    for (let q = p; q < nt; q++) {
      u.re[p * nt + q] = l.re[q * nt + p];
      u.im[p * nt + q] = -l.im[q * nt + p];
    }
  }
}

/** The `[Nt]` vectors of one power iteration (scratch): iterate `v`, beam `w`, product `z`. */
interface PowerIterationBuffers {
  readonly v: SplitComplex;
  readonly w: SplitComplex;
  readonly z: SplitComplex;
}

/**
 * Step 3 for one UE: the power iteration on `L^-1 R L^-H` started at `L^-1 mean^H`
 * (all ones when that is zero), stopped after `maxIterations` or when the Rayleigh
 * quotient moves by at most `tolerance` relative; the unit-norm beam is left in `work.w`.
 */
function slnrBeam(
  lower: SplitComplex,
  upper: SplitComplex,
  r: SplitComplex,
  mean: SplitComplex,
  nt: number,
  options: { readonly maxIterations: number; readonly tolerance: number },
  work: PowerIterationBuffers,
): void {
  const { v, w, z } = work;
  // z = mean_s h_k = conj(mean row)
  for (let q = 0; q < nt; q++) {
    z.re[q] = mean.re[q];
    z.im[q] = -mean.im[q];
  }
  forwardSolve(lower, z, v, nt);
  if (normalizeInPlace(v, nt) === 0) {
    v.re.fill(1);
    v.im.fill(0);
    normalizeInPlace(v, nt);
  }
  let lambda = 0;
  for (let it = 0; it < options.maxIterations; it++) {
    backwardSolve(upper, v, w, nt);
    hermitianTimesVector(r, w, z, nt);
    forwardSolve(lower, z, z, nt);
    // Rayleigh quotient v^H C v with ||v|| = 1 (the 1/S factor does not move w).
    let rq = 0;
    for (let q = 0; q < nt; q++) rq += v.re[q] * z.re[q] + v.im[q] * z.im[q];
    if (normalizeInPlace(z, nt) === 0) break;
    v.re.set(z.re);
    v.im.set(z.im);
    const done = Math.abs(rq - lambda) <= options.tolerance * Math.abs(rq);
    lambda = rq;
    if (done) break;
  }
  backwardSolve(upper, v, w, nt);
  normalizeInPlace(w, nt);
}

/** `y = L^-1 x` for lower-triangular `L` `[Nt, Nt]` (in place allowed); even/odd partial sums break the add latency chain. */
function forwardSolve(l: SplitComplex, x: SplitComplex, y: SplitComplex, nt: number): void {
  const lr = l.re, li = l.im, inR = x.re, inI = x.im, yr = y.re, yi = y.im;
  for (let i = 0; i < nt; i++) {
    let sr = inR[i], si = inI[i], tr = 0, ti = 0;
    const o = i * nt;
    let j = 0;
    for (; j + 1 < i; j += 2) {
      const c0r = lr[o + j], c0i = li[o + j], c1r = lr[o + j + 1], c1i = li[o + j + 1];
      const y0r = yr[j], y0i = yi[j], y1r = yr[j + 1], y1i = yi[j + 1];
      sr -= c0r * y0r - c0i * y0i;
      si -= c0r * y0i + c0i * y0r;
      tr += c1r * y1r - c1i * y1i;
      ti += c1r * y1i + c1i * y1r;
    }
    if (j < i) {
      const cr = lr[o + j], ci = li[o + j];
      sr -= cr * yr[j] - ci * yi[j];
      si -= cr * yi[j] + ci * yr[j];
    }
    const d = lr[o + i];
    yr[i] = (sr - tr) / d;
    yi[i] = (si - ti) / d;
  }
}

/** `x = U^-1 y` for upper-triangular `U = L^H` `[Nt, Nt]`, i.e. `x = L^-H y` (in place allowed). */
function backwardSolve(u: SplitComplex, y: SplitComplex, x: SplitComplex, nt: number): void {
  const ur = u.re, ui = u.im, inR = y.re, inI = y.im, xr = x.re, xi = x.im;
  for (let i = nt - 1; i >= 0; i--) {
    let sr = inR[i], si = inI[i], tr = 0, ti = 0;
    const o = i * nt;
    let j = i + 1;
    for (; j + 1 < nt; j += 2) {
      const c0r = ur[o + j], c0i = ui[o + j], c1r = ur[o + j + 1], c1i = ui[o + j + 1];
      const x0r = xr[j], x0i = xi[j], x1r = xr[j + 1], x1i = xi[j + 1];
      sr -= c0r * x0r - c0i * x0i;
      si -= c0r * x0i + c0i * x0r;
      tr += c1r * x1r - c1i * x1i;
      ti += c1r * x1i + c1i * x1r;
    }
    if (j < nt) {
      const cr = ur[o + j], ci = ui[o + j];
      sr -= cr * xr[j] - ci * xi[j];
      si -= cr * xi[j] + ci * xr[j];
    }
    const d = ur[o + i];
    xr[i] = (sr - tr) / d;
    xi[i] = (si - ti) / d;
  }
}

/** `z = R w` for a full `[Nt, Nt]` `R`, two rows at a time. */
function hermitianTimesVector(r: SplitComplex, w: SplitComplex, z: SplitComplex, nt: number): void {
  const rr = r.re, ri = r.im, wr = w.re, wi = w.im, zr = z.re, zi = z.im;
  let p = 0;
  for (; p + 1 < nt; p += 2) {
    const o0 = p * nt, o1 = o0 + nt;
    let s0r = 0, s0i = 0, s1r = 0, s1i = 0;
    for (let q = 0; q < nt; q++) {
      const xr = wr[q], xi = wi[q];
      const a0r = rr[o0 + q], a0i = ri[o0 + q], a1r = rr[o1 + q], a1i = ri[o1 + q];
      s0r += a0r * xr - a0i * xi;
      s0i += a0r * xi + a0i * xr;
      s1r += a1r * xr - a1i * xi;
      s1i += a1r * xi + a1i * xr;
    }
    zr[p] = s0r;
    zi[p] = s0i;
    zr[p + 1] = s1r;
    zi[p + 1] = s1i;
  }
  if (p < nt) {
    const o0 = p * nt;
    let s0r = 0, s0i = 0;
    for (let q = 0; q < nt; q++) {
      s0r += rr[o0 + q] * wr[q] - ri[o0 + q] * wi[q];
      s0i += rr[o0 + q] * wi[q] + ri[o0 + q] * wr[q];
    }
    zr[p] = s0r;
    zi[p] = s0i;
  }
}

/** Scales `[Nt]` `x` to unit norm (unless zero); returns its norm before. */
function normalizeInPlace(x: SplitComplex, nt: number): number {
  const pr = x.re, pi = x.im;
  let n2 = 0;
  for (let q = 0; q < nt; q++) n2 += pr[q] * pr[q] + pi[q] * pi[q];
  const n = Math.sqrt(n2);
  if (n > 0) {
    for (let q = 0; q < nt; q++) {
      pr[q] /= n;
      pi[q] /= n;
    }
  }
  return n;
}
