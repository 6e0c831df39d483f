import assert from "node:assert/strict";
import {
  cholesky,
  choleskySolve,
  complexMatrix,
  conjugateTranspose,
  createRng,
  matmul,
  matmulBH,
  regularizedPseudoInverse,
} from "../../lib/core/mod.ts";

/** Round-off tolerance for well-conditioned products. */
const ATOL = 1e-10;

function randomMatrix(rows: number, cols: number, seed: number) {
  const rng = createRng(seed).stream("matrix");
  const m = complexMatrix(rows, cols);
  for (let i = 0; i < m.re.length; i++) {
    m.re[i] = rng.normal();
    m.im[i] = rng.normal();
  }
  return m;
}

function maxAbsDiff(a: { re: Float64Array; im: Float64Array }, b: typeof a): number {
  let d = 0;
  for (let i = 0; i < a.re.length; i++) {
    d = Math.max(d, Math.abs(a.re[i] - b.re[i]), Math.abs(a.im[i] - b.im[i]));
  }
  return d;
}

Deno.test("matmulBH equals matmul with an explicit conjugate transpose", () => {
  const a = randomMatrix(4, 6, 1);
  const b = randomMatrix(5, 6, 2);
  assert.ok(maxAbsDiff(matmulBH(a, b), matmul(a, conjugateTranspose(b))) < ATOL);
});

Deno.test("Cholesky: L L^H reproduces A, and the solve inverts it", () => {
  const h = randomMatrix(5, 8, 3);
  const a = matmulBH(h, h); // Hermitian positive definite
  const l = cholesky(a);
  assert.ok(maxAbsDiff(matmulBH(l, l), a) < ATOL);
  const b = randomMatrix(5, 2, 4);
  const x = choleskySolve(l, b);
  assert.ok(maxAbsDiff(matmul(a, x), b) < ATOL);
  assert.throws(() => cholesky(complexMatrix(2, 3)), /square/);
  assert.throws(() => cholesky(complexMatrix(2, 2)), /positive definite/);
});

Deno.test("pseudo-inverse: H W = I for full row rank; rank-deficient stays finite", () => {
  const h = randomMatrix(6, 16, 5);
  const w = regularizedPseudoInverse(h, { relativeRegularization: 0 });
  const hw = matmul(h, w);
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      assert.ok(Math.abs(hw.re[i * 6 + j] - (i === j ? 1 : 0)) < 1e-9);
      assert.ok(Math.abs(hw.im[i * 6 + j]) < 1e-9);
    }
  }
  const twin = complexMatrix(2, 4); // two identical rows: singular Gram matrix
  twin.re.set([1, 2, 3, 4, 1, 2, 3, 4]);
  const wt = regularizedPseudoInverse(twin);
  assert.ok(wt.re.every(Number.isFinite) && wt.im.every(Number.isFinite));
  assert.throws(
    () => regularizedPseudoInverse(h, { relativeRegularization: -1 }),
    /relativeRegularization/,
  );
});
