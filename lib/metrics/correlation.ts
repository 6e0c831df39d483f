/**
 * How much of a channel survives aging, row by row. For channel matrices `[K, Nt]`
 * (row k = `h_k^H`) at two times, per row:
 *
 * - raw correlation `Re <a_k, b_k> / (|a_k| |b_k|)`: what an entry-wise error (NMSE,
 *   an MSE loss) sees; a common phase rotation of the row (a UE moving a fraction of a
 *   wavelength) drives it to zero;
 * - signature correlation `|<a_k, b_k>| / (|a_k| |b_k|)`: what a beam sees, since
 *   `|h^H w|` ignores a common phase. 1 when the spatial signature is unchanged.
 *
 * `<a, b> = sum_n a_n conj(b_n)`. Rows of zero power give NaN.
 *
 * @module
 */
import type { ComplexMatrix } from "../core/mod.ts";

/** Per-row correlations of {@link rowCorrelations}, `[K]` each. */
export interface RowCorrelations {
  readonly raw: Float64Array;
  readonly signature: Float64Array;
}

/**
 * Raw and signature correlation of every row of `a` with the same row of `b`.
 *
 * @param a `[K, Nt]` complex.
 * @param b `[K, Nt]` complex, same shape.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { rowCorrelations } from "./correlation.ts";
 * const a = matrixFromRows([[1, 1]]);
 * const b = { ...a, re: Float64Array.of(0, 0), im: Float64Array.of(1, 1) }; // j a
 * const c = rowCorrelations(a, b);
 * console.log(c.raw[0].toFixed(3), c.signature[0]); // 0.000 1
 * ```
 */
export function rowCorrelations(a: ComplexMatrix, b: ComplexMatrix): RowCorrelations {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`a is [${a.rows}, ${a.cols}], b is [${b.rows}, ${b.cols}]`);
  }
  const raw = new Float64Array(a.rows), signature = new Float64Array(a.rows);
  for (let k = 0; k < a.rows; k++) {
    let re = 0, im = 0, pa = 0, pb = 0;
    for (let n = k * a.cols; n < (k + 1) * a.cols; n++) {
      const ar = a.re[n], ai = a.im[n], br = b.re[n], bi = b.im[n];
      re += ar * br + ai * bi;
      im += ai * br - ar * bi;
      pa += ar * ar + ai * ai;
      pb += br * br + bi * bi;
    }
    const norm = Math.sqrt(pa * pb);
    raw[k] = norm > 0 ? re / norm : NaN;
    signature[k] = norm > 0 ? Math.hypot(re, im) / norm : NaN;
  }
  return { raw, signature };
}
