/**
 * Complex vectors and matrices on split real/imaginary `Float64Array`s.
 *
 * A {@link ComplexMatrix} of shape `[rows, cols]` stores entry (r, c) at index
 * `r * cols + c` of both `re` and `im` (row-major). A {@link ComplexVector} of length
 * `n` is the same storage without a shape. Split storage keeps the hot loops free of
 * object allocation and lets a matrix row be viewed with `subarray`.
 *
 * @module
 */
import { assertInteger } from "./errors.ts";

/** A complex scalar. */
export interface Complex {
  re: number;
  im: number;
}

/** A complex vector of length `re.length`. */
export interface ComplexVector {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** A dense complex matrix `[rows, cols]`, row-major. */
export interface ComplexMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** A zero vector of length `n`. */
export function complexVector(n: number): ComplexVector {
  assertInteger("n", n, { min: 0 });
  return { re: new Float64Array(n), im: new Float64Array(n) };
}

/** A zero matrix `[rows, cols]`. */
export function complexMatrix(rows: number, cols: number): ComplexMatrix {
  assertInteger("rows", rows, { min: 0 });
  assertInteger("cols", cols, { min: 0 });
  return { rows, cols, re: new Float64Array(rows * cols), im: new Float64Array(rows * cols) };
}

/** The identity `[n, n]`. */
export function identityMatrix(n: number): ComplexMatrix {
  const m = complexMatrix(n, n);
  for (let i = 0; i < n; i++) m.re[i * n + i] = 1;
  return m;
}

/** Builds a matrix from nested arrays of `[re, im]` pairs or real numbers. */
export function matrixFromRows(rows: ReadonlyArray<ReadonlyArray<number | [number, number]>>) {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const m = complexMatrix(r, c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) {
      throw new RangeError(`rows[${i}] has ${rows[i].length} entries, expected ${c}`);
    }
    for (let j = 0; j < c; j++) {
      const v = rows[i][j];
      if (typeof v === "number") m.re[i * c + j] = v;
      else [m.re[i * c + j], m.im[i * c + j]] = v;
    }
  }
  return m;
}

/** Entry (row, col) of a matrix. */
export function entry(m: ComplexMatrix, row: number, col: number): Complex {
  const i = row * m.cols + col;
  return { re: m.re[i], im: m.im[i] };
}

/** Row `row` of a matrix as a vector view (no copy). */
export function rowView(m: ComplexMatrix, row: number): ComplexVector {
  const start = row * m.cols;
  return { re: m.re.subarray(start, start + m.cols), im: m.im.subarray(start, start + m.cols) };
}

/** A deep copy. */
export function cloneMatrix(m: ComplexMatrix): ComplexMatrix {
  return { rows: m.rows, cols: m.cols, re: m.re.slice(), im: m.im.slice() };
}

/** Conjugate transpose `A^H`, `[cols, rows]`. */
export function conjugateTranspose(a: ComplexMatrix): ComplexMatrix {
  const out = complexMatrix(a.cols, a.rows);
  for (let r = 0; r < a.rows; r++) {
    for (let c = 0; c < a.cols; c++) {
      out.re[c * a.rows + r] = a.re[r * a.cols + c];
      out.im[c * a.rows + r] = -a.im[r * a.cols + c];
    }
  }
  return out;
}

function checkInner(name: string, n1: number, n2: number): void {
  if (n1 !== n2) throw new RangeError(`${name}: inner dimensions differ (${n1} vs ${n2})`);
}

/** Matrix product `A B`: `[m, n] x [n, p] -> [m, p]`. */
export function matmul(a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  checkInner("matmul", a.cols, b.rows);
  const out = complexMatrix(a.rows, b.cols);
  const p = b.cols;
  for (let i = 0; i < a.rows; i++) {
    const o = i * p;
    for (let k = 0; k < a.cols; k++) {
      const ar = a.re[i * a.cols + k];
      const ai = a.im[i * a.cols + k];
      if (ar === 0 && ai === 0) continue;
      const bo = k * p;
      for (let j = 0; j < p; j++) {
        const br = b.re[bo + j];
        const bi = b.im[bo + j];
        out.re[o + j] += ar * br - ai * bi;
        out.im[o + j] += ar * bi + ai * br;
      }
    }
  }
  return out;
}

/** `A B^H`: `[m, n] x [p, n] -> [m, p]` without forming `B^H`. */
export function matmulBH(a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  checkInner("matmulBH", a.cols, b.cols);
  const out = complexMatrix(a.rows, b.rows);
  const n = a.cols;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.rows; j++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k < n; k++) {
        const ar = a.re[i * n + k], ai = a.im[i * n + k];
        const br = b.re[j * n + k], bi = -b.im[j * n + k];
        sr += ar * br - ai * bi;
        si += ar * bi + ai * br;
      }
      out.re[i * b.rows + j] = sr;
      out.im[i * b.rows + j] = si;
    }
  }
  return out;
}

/** Inner product `x^H y` (conjugates the first argument). */
export function innerProduct(x: ComplexVector, y: ComplexVector): Complex {
  checkInner("innerProduct", x.re.length, y.re.length);
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.re.length; i++) {
    re += x.re[i] * y.re[i] + x.im[i] * y.im[i];
    im += x.re[i] * y.im[i] - x.im[i] * y.re[i];
  }
  return { re, im };
}

/** Squared Euclidean norm `||x||^2` of a vector (or Frobenius norm squared of a matrix). */
export function squaredNorm(x: ComplexVector): number {
  let s = 0;
  for (let i = 0; i < x.re.length; i++) s += x.re[i] * x.re[i] + x.im[i] * x.im[i];
  return s;
}

/** Squared magnitude `|z|^2`. */
export function abs2(z: Complex): number {
  return z.re * z.re + z.im * z.im;
}

/**
 * Cholesky factor `L` (lower triangular, real positive diagonal) of a Hermitian
 * positive-definite matrix `A = L L^H`. Throws `RangeError` if `A` is not positive definite.
 */
export function cholesky(a: ComplexMatrix): ComplexMatrix {
  if (a.rows !== a.cols) {
    throw new RangeError(`cholesky: a must be square, got [${a.rows}, ${a.cols}]`);
  }
  const n = a.rows;
  const l = complexMatrix(n, n);
  for (let j = 0; j < n; j++) {
    let d = a.re[j * n + j];
    for (let k = 0; k < j; k++) d -= l.re[j * n + k] ** 2 + l.im[j * n + k] ** 2;
    if (!(d > 0)) throw new RangeError(`cholesky: a is not positive definite (pivot ${j} = ${d})`);
    const ljj = Math.sqrt(d);
    l.re[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      // L[i,j] = (A[i,j] - sum_k L[i,k] conj(L[j,k])) / L[j,j]
      let sr = a.re[i * n + j];
      let si = a.im[i * n + j];
      for (let k = 0; k < j; k++) {
        const xr = l.re[i * n + k], xi = l.im[i * n + k];
        const yr = l.re[j * n + k], yi = -l.im[j * n + k];
        sr -= xr * yr - xi * yi;
        si -= xr * yi + xi * yr;
      }
      l.re[i * n + j] = sr / ljj;
      l.im[i * n + j] = si / ljj;
    }
  }
  return l;
}

/** Solves `A X = B` given the Cholesky factor `L` of `A`; `B` is `[n, p]`. */
export function choleskySolve(l: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  const n = l.rows;
  if (b.rows !== n) throw new RangeError(`choleskySolve: b has ${b.rows} rows, expected ${n}`);
  const p = b.cols;
  const x = cloneMatrix(b);
  // Forward: L Y = B.
  for (let i = 0; i < n; i++) {
    const d = l.re[i * n + i];
    for (let c = 0; c < p; c++) {
      let sr = x.re[i * p + c], si = x.im[i * p + c];
      for (let k = 0; k < i; k++) {
        const lr = l.re[i * n + k], li = l.im[i * n + k];
        const yr = x.re[k * p + c], yi = x.im[k * p + c];
        sr -= lr * yr - li * yi;
        si -= lr * yi + li * yr;
      }
      x.re[i * p + c] = sr / d;
      x.im[i * p + c] = si / d;
    }
  }
  // Backward: L^H X = Y.
  for (let i = n - 1; i >= 0; i--) {
    const d = l.re[i * n + i];
    for (let c = 0; c < p; c++) {
      let sr = x.re[i * p + c], si = x.im[i * p + c];
      for (let k = i + 1; k < n; k++) {
        // (L^H)[i,k] = conj(L[k,i])
        const lr = l.re[k * n + i], li = -l.im[k * n + i];
        const yr = x.re[k * p + c], yi = x.im[k * p + c];
        sr -= lr * yr - li * yi;
        si -= lr * yi + li * yr;
      }
      x.re[i * p + c] = sr / d;
      x.im[i * p + c] = si / d;
    }
  }
  return x;
}

/**
 * Regularized right pseudo-inverse `H^H (H H^H + delta I)^-1` of `H` `[K, N]`,
 * returning `[N, K]`. With `delta = 0` and full row rank it is the Moore-Penrose
 * inverse (so `H W = I`); a small `delta > 0` keeps co-located or rank-deficient rows
 * finite. `delta` is relative to the mean diagonal of `H H^H`.
 *
 * @example
 * ```ts
 * import { matrixFromRows, matmul, regularizedPseudoInverse } from "./complex.ts";
 * const h = matrixFromRows([[1, [0, 1]], [2, 0]]);
 * const w = regularizedPseudoInverse(h, { relativeRegularization: 0 });
 * const hw = matmul(h, w); // identity
 * if (Math.abs(hw.re[0] - 1) > 1e-12 || Math.abs(hw.re[1]) > 1e-12) throw new Error("not identity");
 * ```
 */
export function regularizedPseudoInverse(
  h: ComplexMatrix,
  options: { relativeRegularization?: number } = {},
): ComplexMatrix {
  const { relativeRegularization = 1e-9 } = options;
  if (!(relativeRegularization >= 0)) {
    throw new RangeError(`relativeRegularization must be >= 0, got ${relativeRegularization}`);
  }
  const gram = matmulBH(h, h); // [K, K]
  const k = gram.rows;
  let trace = 0;
  for (let i = 0; i < k; i++) trace += gram.re[i * k + i];
  const delta = relativeRegularization * (trace / Math.max(k, 1)) +
    (trace === 0 ? Number.MIN_VALUE : 0);
  for (let i = 0; i < k; i++) gram.re[i * k + i] += delta;
  const x = choleskySolve(cholesky(gram), h); // (H H^H + dI)^-1 H, [K, N]
  return conjugateTranspose(x);
}
