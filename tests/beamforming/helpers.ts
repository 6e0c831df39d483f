import { type ComplexMatrix, complexMatrix, type Rng } from "../../lib/core/mod.ts";

/** i.i.d. CN(0, scale^2) matrix `[rows, cols]`. */
export function randomMatrix(rng: Rng, rows: number, cols: number, scale = 1): ComplexMatrix {
  const m = complexMatrix(rows, cols);
  for (let i = 0; i < m.re.length; i++) {
    m.re[i] = rng.normal() * scale * Math.SQRT1_2;
    m.im[i] = rng.normal() * scale * Math.SQRT1_2;
  }
  return m;
}

/** `base + CN(0, scale^2)` perturbation. */
export function perturb(rng: Rng, base: ComplexMatrix, scale: number): ComplexMatrix {
  const d = randomMatrix(rng, base.rows, base.cols, scale);
  for (let i = 0; i < d.re.length; i++) {
    d.re[i] += base.re[i];
    d.im[i] += base.im[i];
  }
  return d;
}

/** Complex `h^H w` with `hRow` = row of H (already `h^H`) and `w` a weight column. */
export function bilinear(
  h: ComplexMatrix,
  row: number,
  w: ComplexMatrix,
  col: number,
): [number, number] {
  let sr = 0, si = 0;
  for (let n = 0; n < h.cols; n++) {
    const ar = h.re[row * h.cols + n], ai = h.im[row * h.cols + n];
    const br = w.re[n * w.cols + col], bi = w.im[n * w.cols + col];
    sr += ar * br - ai * bi;
    si += ar * bi + ai * br;
  }
  return [sr, si];
}

export function columnNorm2(w: ComplexMatrix, col: number): number {
  let s = 0;
  for (let n = 0; n < w.rows; n++) s += w.re[n * w.cols + col] ** 2 + w.im[n * w.cols + col] ** 2;
  return s;
}

/** Round-robin association of K UEs over A APs. */
export function roundRobin(k: number, a: number): Int32Array {
  return Int32Array.from({ length: k }, (_, i) => i % a);
}
