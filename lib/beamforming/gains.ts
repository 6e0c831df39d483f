/**
 * The hot kernel of SINR evaluation: squared magnitudes of all row-by-row bilinear
 * products `|sum_n A[r, n] B[j, n]|^2`.
 *
 * With `A` a channel matrix (row k = `h_k^H`, `[K, Nt]`) and `B` a *beam-row* matrix
 * (row j = `w_j^T`, `[J, Nt]`, i.e. `W^T`), entry `(k, j)` is the beamforming gain
 * `|h_k^H w_j|^2`. Storing beams as rows keeps both operands contiguous; the loop is
 * register-blocked 2 x 2 and allocates nothing when `out` is given.
 *
 * @module
 */
import type { ComplexMatrix } from "../core/mod.ts";

/**
 * `out[r * J + j] = |sum_n a[r, n] b[j, n]|^2` (no conjugation).
 *
 * @param a `[R, N]` complex, e.g. channel rows `h_k^H`.
 * @param b `[J, N]` complex, e.g. beam rows `w_j^T` (dimensionless).
 * @param options `out`: reused `Float64Array` of length `>= R * J`.
 * @returns `[R, J]` row-major power gains (units of `|a|^2 |b|^2`).
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { powerGains } from "./gains.ts";
 * const h = matrixFromRows([[1, [0, 1]]]); // h^H = [1, j]
 * const w = matrixFromRows([[1, 0], [1, [0, -1]]]); // w1 = e1, w2 = [1, -j]
 * console.log(Array.from(powerGains(h, w))); // [1, 4]
 * ```
 */
export function powerGains(
  a: ComplexMatrix,
  b: ComplexMatrix,
  options: { out?: Float64Array } = {},
): Float64Array {
  const n = a.cols;
  if (b.cols !== n) throw new RangeError(`b has ${b.cols} columns, a has ${n}`);
  const rows = a.rows;
  const cols = b.rows;
  const out = options.out ?? new Float64Array(rows * cols);
  if (out.length < rows * cols) {
    throw new RangeError(`out has length ${out.length}, need ${rows * cols}`);
  }
  const ar = a.re, ai = a.im, br = b.re, bi = b.im;
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const a0 = r * n, a1 = a0 + n;
    let j = 0;
    for (; j + 1 < cols; j += 2) {
      const b0 = j * n, b1 = b0 + n;
      let s00r = 0, s00i = 0, s01r = 0, s01i = 0, s10r = 0, s10i = 0, s11r = 0, s11i = 0;
      for (let q = 0; q < n; q++) {
        const x0r = ar[a0 + q], x0i = ai[a0 + q], x1r = ar[a1 + q], x1i = ai[a1 + q];
        const y0r = br[b0 + q], y0i = bi[b0 + q], y1r = br[b1 + q], y1i = bi[b1 + q];
        s00r += x0r * y0r - x0i * y0i;
        s00i += x0r * y0i + x0i * y0r;
        s01r += x0r * y1r - x0i * y1i;
        s01i += x0r * y1i + x0i * y1r;
        s10r += x1r * y0r - x1i * y0i;
        s10i += x1r * y0i + x1i * y0r;
        s11r += x1r * y1r - x1i * y1i;
        s11i += x1r * y1i + x1i * y1r;
      }
      out[r * cols + j] = s00r * s00r + s00i * s00i;
      out[r * cols + j + 1] = s01r * s01r + s01i * s01i;
      out[(r + 1) * cols + j] = s10r * s10r + s10i * s10i;
      out[(r + 1) * cols + j + 1] = s11r * s11r + s11i * s11i;
    }
    if (j < cols) {
      const b0 = j * n;
      let s0r = 0, s0i = 0, s1r = 0, s1i = 0;
      for (let q = 0; q < n; q++) {
        const yr = br[b0 + q], yi = bi[b0 + q];
        s0r += ar[a0 + q] * yr - ai[a0 + q] * yi;
        s0i += ar[a0 + q] * yi + ai[a0 + q] * yr;
        s1r += ar[a1 + q] * yr - ai[a1 + q] * yi;
        s1i += ar[a1 + q] * yi + ai[a1 + q] * yr;
      }
      out[r * cols + j] = s0r * s0r + s0i * s0i;
      out[(r + 1) * cols + j] = s1r * s1r + s1i * s1i;
    }
  }
  if (r < rows) {
    const a0 = r * n;
    for (let j = 0; j < cols; j++) {
      const b0 = j * n;
      let sr = 0, si = 0;
      for (let q = 0; q < n; q++) {
        const xr = ar[a0 + q], xi = ai[a0 + q], yr = br[b0 + q], yi = bi[b0 + q];
        sr += xr * yr - xi * yi;
        si += xr * yi + xi * yr;
      }
      out[r * cols + j] = sr * sr + si * si;
    }
  }
  return out;
}
