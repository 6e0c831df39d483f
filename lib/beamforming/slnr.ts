/**
 * Statistical max-SLNR beams from channel samples (the "statistical precoder"
 * candidate of WC-ZF).
 *
 * For AP b and its UE k, with `S` channel samples `h_{j,b}^{(s)}` of every UE j,
 *
 *     R_k   = (1/S) sum_s h_{k,b}^{(s)} h_{k,b}^{(s)H}                     (signal)
 *     R_all = (1/S) sum_s sum_{j=1..K} h_{j,b}^{(s)} h_{j,b}^{(s)H}         (all UEs)
 *     w_k   = argmax_w  w^H R_k w / w^H (R_all - R_k + (sigma^2 / P_b) I) w
 *
 * i.e. the principal generalized eigenvector of `(R_k, R_leak + sigma^2/P_b I)`, the
 * leakage counting every other UE in the network. Because `x / (y - x)` increases
 * with `x / y`, the same `w` maximizes `w^H R_k w / w^H B w` with
 * `B = R_all + (sigma^2/P_b) I`, which is shared by all of the AP's UEs: `B = L L^H` is
 * factored once (Cholesky), and per UE the whitened operator `L^-1 R_k L^-H` is
 * power-iterated without being formed (`R_k v` as `X_k^H (X_k v) / S` from the
 * `[S, Nt]` samples), starting from `L^-1 mean_s h_k^{(s)}` (the MMSE beam of the
 * mean channel). Then `w = L^-H u`, normalized to unit norm.
 *
 * Cost per AP: `K S Nt^2 / 2` for `R_all` (dominant), `Nt^3 / 6` Cholesky, and per UE
 * and iteration `2 S Nt + Nt^2` complex multiply-adds.
 *
 * @module
 */
import { assertPositive, cholesky, type ComplexMatrix, complexMatrix } from "../core/mod.ts";

/** Default cap on power iterations per UE. */
export const SLNR_MAX_ITERATIONS = 30;
/** Default relative change of the Rayleigh quotient that stops the power iteration. */
export const SLNR_TOLERANCE = 1e-9;

/** Options of {@link maxSlnrBeamRows}. */
export interface SlnrOptions {
  /** `sigma^2 / P_b` (noise power over the per-beam power; dimensionless, > 0). */
  readonly noiseToPowerRatio: number;
  /** Power-iteration cap; default {@link SLNR_MAX_ITERATIONS}. */
  readonly maxIterations?: number;
  /** Stopping tolerance; default {@link SLNR_TOLERANCE}. */
  readonly tolerance?: number;
}

/**
 * Max-SLNR unit-norm beams of one AP for its served UEs, as beam rows.
 *
 * @param samples `S >= 1` channel samples of this AP, each `[K, Nt]` (row k = `h_k^H`).
 * @param servedUes `[K_b]` global UE indices.
 * @param options `noiseToPowerRatio` and iteration controls.
 * @returns `[K_b, Nt]` beam rows (`w^T`), unit norm.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { maxSlnrBeamRows } from "./slnr.ts";
 * // two orthogonal UEs: the max-SLNR beam of UE 0 is e1
 * const h = matrixFromRows([[2, 0], [0, 1]]);
 * const w = maxSlnrBeamRows([h], Int32Array.of(0), { noiseToPowerRatio: 0.1 });
 * console.log(Math.abs(w.re[0]).toFixed(6), Math.abs(w.re[1]).toFixed(6)); // 1.000000 0.000000
 * ```
 */
export function maxSlnrBeamRows(
  samples: readonly ComplexMatrix[],
  servedUes: Int32Array,
  options: SlnrOptions,
): ComplexMatrix {
  const {
    noiseToPowerRatio,
    maxIterations = SLNR_MAX_ITERATIONS,
    tolerance = SLNR_TOLERANCE,
  } = options;
  assertPositive("noiseToPowerRatio", noiseToPowerRatio);
  const sCount = samples.length;
  if (sCount === 0) throw new RangeError("samples must not be empty");
  const k = samples[0].rows, nt = samples[0].cols, kb = servedUes.length;
  for (let s = 0; s < sCount; s++) {
    if (samples[s].rows !== k || samples[s].cols !== nt) {
      throw new RangeError(
        `samples[${s}] is [${samples[s].rows}, ${samples[s].cols}], expected [${k}, ${nt}]`,
      );
    }
  }
  for (let i = 0; i < kb; i++) {
    if (!(servedUes[i] >= 0 && servedUes[i] < k)) {
      throw new RangeError(`servedUes[${i}] = ${servedUes[i]} is out of range [0, ${k})`);
    }
  }
  const out = complexMatrix(kb, nt);
  if (kb === 0) return out;
  // B = R_all / S + ratio I: upper triangle, rows two at a time.
  const b = complexMatrix(nt, nt);
  const br = b.re, bi = b.im;
  for (let s = 0; s < sCount; s++) {
    const xr = samples[s].re, xi = samples[s].im;
    let r = 0;
    for (; r + 1 < k; r += 2) {
      const o0 = r * nt, o1 = o0 + nt;
      for (let p = 0; p < nt; p++) {
        // conj(x_p) for both rows
        const a0r = xr[o0 + p], a0i = -xi[o0 + p], a1r = xr[o1 + p], a1i = -xi[o1 + p];
        const row = p * nt;
        for (let q = p; q < nt; q++) {
          const y0r = xr[o0 + q], y0i = xi[o0 + q], y1r = xr[o1 + q], y1i = xi[o1 + q];
          br[row + q] += a0r * y0r - a0i * y0i + a1r * y1r - a1i * y1i;
          bi[row + q] += a0r * y0i + a0i * y0r + a1r * y1i + a1i * y1r;
        }
      }
    }
    for (; r < k; r++) {
      const o0 = r * nt;
      for (let p = 0; p < nt; p++) {
        const a0r = xr[o0 + p], a0i = -xi[o0 + p];
        const row = p * nt;
        for (let q = p; q < nt; q++) {
          const y0r = xr[o0 + q], y0i = xi[o0 + q];
          br[row + q] += a0r * y0r - a0i * y0i;
          bi[row + q] += a0r * y0i + a0i * y0r;
        }
      }
    }
  }
  const invS = 1 / sCount;
  for (let p = 0; p < nt; p++) {
    for (let q = p; q < nt; q++) {
      br[p * nt + q] *= invS;
      bi[p * nt + q] *= invS;
      br[q * nt + p] = br[p * nt + q];
      bi[q * nt + p] = -bi[p * nt + q];
    }
    br[p * nt + p] += noiseToPowerRatio;
    bi[p * nt + p] = 0;
  }
  const l = cholesky(b);
  const lr = l.re, li = l.im;
  const ur = new Float64Array(nt), ui = new Float64Array(nt);
  const wr = new Float64Array(nt), wi = new Float64Array(nt);
  const zr = new Float64Array(nt), zi = new Float64Array(nt);
  // y = L^-1 z (in place on z -> y arrays)
  const forward = (inR: Float64Array, inI: Float64Array, yr: Float64Array, yi: Float64Array) => {
    for (let i = 0; i < nt; i++) {
      let sr = inR[i], si = inI[i];
      const o = i * nt;
      for (let j = 0; j < i; j++) {
        const cr = lr[o + j], ci = li[o + j];
        sr -= cr * yr[j] - ci * yi[j];
        si -= cr * yi[j] + ci * yr[j];
      }
      const d = lr[o + i];
      yr[i] = sr / d;
      yi[i] = si / d;
    }
  };
  // x = L^-H y
  const backward = (inR: Float64Array, inI: Float64Array, xr: Float64Array, xi: Float64Array) => {
    for (let i = nt - 1; i >= 0; i--) {
      let sr = inR[i], si = inI[i];
      for (let j = i + 1; j < nt; j++) {
        const cr = lr[j * nt + i], ci = -li[j * nt + i]; // conj(L[j, i])
        sr -= cr * xr[j] - ci * xi[j];
        si -= cr * xi[j] + ci * xr[j];
      }
      const d = lr[i * nt + i];
      xr[i] = sr / d;
      xi[i] = si / d;
    }
  };
  const normalize = (vr: Float64Array, vi: Float64Array): number => {
    let n2 = 0;
    for (let q = 0; q < nt; q++) n2 += vr[q] * vr[q] + vi[q] * vi[q];
    const n = Math.sqrt(n2);
    if (n > 0) {
      for (let q = 0; q < nt; q++) {
        vr[q] /= n;
        vi[q] /= n;
      }
    }
    return n;
  };
  for (let i = 0; i < kb; i++) {
    const ro = servedUes[i] * nt;
    // z = mean_s h_k = mean_s conj(row)
    zr.fill(0);
    zi.fill(0);
    for (let s = 0; s < sCount; s++) {
      const xr = samples[s].re, xi = samples[s].im;
      for (let q = 0; q < nt; q++) {
        zr[q] += xr[ro + q] * invS;
        zi[q] -= xi[ro + q] * invS;
      }
    }
    forward(zr, zi, ur, ui);
    if (normalize(ur, ui) === 0) {
      ur.fill(1);
      ui.fill(0);
      normalize(ur, ui);
    }
    let lambda = 0;
    for (let it = 0; it < maxIterations; it++) {
      backward(ur, ui, wr, wi);
      zr.fill(0);
      zi.fill(0);
      for (let s = 0; s < sCount; s++) {
        const xr = samples[s].re, xi = samples[s].im;
        let ar = 0, ai = 0; // row . w = h^H w
        for (let q = 0; q < nt; q++) {
          const hr = xr[ro + q], hi = xi[ro + q];
          ar += hr * wr[q] - hi * wi[q];
          ai += hr * wi[q] + hi * wr[q];
        }
        for (let q = 0; q < nt; q++) {
          const hr = xr[ro + q], hi = -xi[ro + q]; // h = conj(row)
          zr[q] += hr * ar - hi * ai;
          zi[q] += hr * ai + hi * ar;
        }
      }
      forward(zr, zi, zr, zi);
      // Rayleigh quotient u^H C u with ||u|| = 1 (the 1/S factor does not move w).
      let rq = 0;
      for (let q = 0; q < nt; q++) rq += ur[q] * zr[q] + ui[q] * zi[q];
      if (normalize(zr, zi) === 0) break;
      ur.set(zr);
      ui.set(zi);
      const done = Math.abs(rq - lambda) <= tolerance * Math.abs(rq);
      lambda = rq;
      if (done) break;
    }
    backward(ur, ui, wr, wi);
    normalize(wr, wi);
    out.re.set(wr, i * nt);
    out.im.set(wi, i * nt);
  }
  return out;
}
