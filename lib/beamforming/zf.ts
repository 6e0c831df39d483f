/**
 * Coordinated regularized zero-forcing (ZF).
 *
 * With `K <= Nt` AP b's beam for its UE k is column k of the regularized right
 * pseudo-inverse of the *whole network's* channel from AP b,
 *
 *     w_{b,k} ∝ H_b^H (H_b H_b^H + delta I)^-1 e_k,   H_b = [h_{1,b}^H; ...; h_{K,b}^H],
 *
 * normalized to unit norm, so AP b nulls toward every UE it does not serve, not only
 * those of its own zone (docs/model.md, "Control loop": coordinated ZF). `delta` is `relativeRegularization`
 * times the mean diagonal of `H_b H_b^H`, the same rule as `core.regularizedPseudoInverse`
 * (default 1e-9): co-located UEs (duplicated rows) or rank deficiency give finite beams,
 * never NaN. With `K > Nt` the network Gram is singular and cannot be inverted
 * meaningfully, so the AP falls back to nulling only the UEs of its own zone
 * (`H_b` restricted to the rows of its served UEs).
 *
 * Only the `K_b` columns an AP needs are formed: Gram `K^2 Nt / 2`, Cholesky `K^3 / 6`,
 * the `K_b` solves and `H_b^H X` (`Nt K K_b`) complex multiply-adds, instead of the
 * full `[Nt, K]` pseudo-inverse. The result equals the served columns of
 * `core.regularizedPseudoInverse` (tested to 1e-12), normalized.
 *
 * A UE whose channel row is all zero gets the uniform beam `1 / sqrt(Nt)`.
 *
 * @module
 */
import { cholesky, choleskySolve, type ComplexMatrix, complexMatrix } from "../core/mod.ts";
import { servedUesByAp } from "./power.ts";
import type { ApBeams } from "./sinr.ts";

/** Default relative regularization of ZF, as in `core.regularizedPseudoInverse`. */
export const ZF_RELATIVE_REGULARIZATION = 1e-9;

/** Options of the ZF beamformers. */
export interface ZfOptions {
  /** `delta / mean(diag(H H^H))`; default {@link ZF_RELATIVE_REGULARIZATION}. */
  readonly relativeRegularization?: number;
}

/**
 * Unit-norm coordinated ZF beams of one AP, as *beam rows* (`[K_b, Nt]`, row i =
 * `w_{b, servedUes[i]}^T`, the layout of {@link powerGains}).
 *
 * @param h `[K, Nt]` channel of this AP to every UE (row k = `h_{k,b}^H`).
 * @param servedUes `[K_b]` global UE indices served by this AP.
 * @param options regularization.
 * @returns `[K_b, Nt]` beam rows, each of unit norm.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { zfBeamRows } from "./zf.ts";
 * const h = matrixFromRows([[1, 1], [0, 1]]);
 * const w = zfBeamRows(h, Int32Array.of(0)); // nulls UE 1: w ∝ [1, 0]
 * console.log(Math.abs(w.re[0]).toFixed(6), Math.abs(w.re[1]).toFixed(6)); // 1.000000 0.000000
 * ```
 */
export function zfBeamRows(
  h: ComplexMatrix,
  servedUes: Int32Array,
  options: ZfOptions = {},
): ComplexMatrix {
  const { relativeRegularization = ZF_RELATIVE_REGULARIZATION } = options;
  if (!(relativeRegularization >= 0)) {
    throw new RangeError(`relativeRegularization must be >= 0, got ${relativeRegularization}`);
  }
  const k = h.rows, nt = h.cols, kb = servedUes.length;
  const out = complexMatrix(kb, nt);
  if (kb === 0) return out;
  for (let i = 0; i < kb; i++) {
    if (!(servedUes[i] >= 0 && servedUes[i] < k)) {
      throw new RangeError(`servedUes[${i}] = ${servedUes[i]} is out of range [0, ${k})`);
    }
  }
  // Rows that are nulled: the whole network when K <= Nt, else the AP's own zone.
  const network = k <= nt;
  const n = network ? k : kb;
  const rowOf = (r: number) => (network ? r : servedUes[r]);
  const gram = complexMatrix(n, n);
  const hr = h.re, hi = h.im;
  let trace = 0;
  for (let i = 0; i < n; i++) {
    const oi = rowOf(i) * nt;
    for (let j = i; j < n; j++) {
      const oj = rowOf(j) * nt;
      let sr = 0, si = 0;
      for (let q = 0; q < nt; q++) {
        // H[i] conj(H[j])
        const ar = hr[oi + q], ai = hi[oi + q], br = hr[oj + q], bi = hi[oj + q];
        sr += ar * br + ai * bi;
        si += ai * br - ar * bi;
      }
      gram.re[i * n + j] = sr;
      gram.im[i * n + j] = si;
      gram.re[j * n + i] = sr;
      gram.im[j * n + i] = -si;
    }
    trace += gram.re[i * n + i];
  }
  const delta = relativeRegularization * (trace / n) + (trace === 0 ? Number.MIN_VALUE : 0);
  for (let i = 0; i < n; i++) gram.re[i * n + i] += delta;
  const rhs = complexMatrix(n, kb);
  for (let i = 0; i < kb; i++) rhs.re[(network ? servedUes[i] : i) * kb + i] = 1;
  const x = choleskySolve(cholesky(gram), rhs); // [n, K_b]
  const invSqrtNt = 1 / Math.sqrt(nt);
  for (let i = 0; i < kb; i++) {
    const o = i * nt;
    // w = H^H x_i : w[q] = sum_r conj(H[r, q]) x[r, i]
    for (let r = 0; r < n; r++) {
      const xr = x.re[r * kb + i], xi = x.im[r * kb + i];
      if (xr === 0 && xi === 0) continue;
      const oh = rowOf(r) * nt;
      for (let q = 0; q < nt; q++) {
        const ar = hr[oh + q], ai = -hi[oh + q];
        out.re[o + q] += ar * xr - ai * xi;
        out.im[o + q] += ar * xi + ai * xr;
      }
    }
    let norm2 = 0;
    for (let q = 0; q < nt; q++) norm2 += out.re[o + q] ** 2 + out.im[o + q] ** 2;
    if (norm2 > 0 && Number.isFinite(norm2)) {
      const s = 1 / Math.sqrt(norm2);
      for (let q = 0; q < nt; q++) {
        out.re[o + q] *= s;
        out.im[o + q] *= s;
      }
    } else {
      for (let q = 0; q < nt; q++) {
        out.re[o + q] = invSqrtNt;
        out.im[o + q] = 0;
      }
    }
  }
  return out;
}

/**
 * Coordinated ZF beams of every AP for an association.
 *
 * @param channels `A` matrices `[K, Nt]` (row k = `h_{k,b}^H`).
 * @param options `servingAp` (`[K]`, AP index per UE; negative: unserved) and regularization.
 * @returns `A` entries: served UEs and unit-norm `[Nt, K_b]` weights.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { zfBeams } from "./zf.ts";
 * const h0 = matrixFromRows([[1, 0], [1, 1]]);
 * const h1 = matrixFromRows([[0, 1], [1, -1]]);
 * const beams = zfBeams([h0, h1], { servingAp: Int32Array.of(0, 1) });
 * console.log(beams[1].weights.rows, beams[1].weights.cols); // 2 1
 * ```
 */
export function zfBeams(
  channels: readonly ComplexMatrix[],
  options: ZfOptions & { servingAp: Int32Array },
): ApBeams[] {
  const served = servedUesByAp(options.servingAp, Math.max(1, channels.length));
  return channels.map((h, b) => {
    if (h.rows !== options.servingAp.length) {
      throw new RangeError(
        `channels[${b}] has ${h.rows} rows, servingAp has ${options.servingAp.length}`,
      );
    }
    const rows = zfBeamRows(h, served[b], options);
    return { servedUes: served[b], weights: rowsToWeights(rows) };
  });
}

/** `[Nt, K_b]` weights from `[K_b, Nt]` beam rows (transpose, no conjugation). */
export function rowsToWeights(rows: ComplexMatrix): ComplexMatrix {
  const kb = rows.rows, nt = rows.cols;
  const w = complexMatrix(nt, kb);
  for (let j = 0; j < kb; j++) {
    for (let q = 0; q < nt; q++) {
      w.re[q * kb + j] = rows.re[j * nt + q];
      w.im[q * kb + j] = rows.im[j * nt + q];
    }
  }
  return w;
}
