import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import { rowCorrelations } from "../../lib/metrics/mod.ts";

/** Round-off tolerance of a correlation coefficient. */
const ATOL = 1e-12;
/** Tolerance of the mean |rho| of independent 64-dim rows against sqrt(pi / (4 * 64)). */
const INDEPENDENT_RTOL = 0.1;

function randomMatrix(rows: number, cols: number, seed: number) {
  const rng = createRng(seed).stream("m");
  const re = Float64Array.from({ length: rows * cols }, () => rng.normal());
  const im = Float64Array.from({ length: rows * cols }, () => rng.normal());
  return { rows, cols, re, im };
}

Deno.test("rowCorrelations: a common phase per row leaves the signature at 1, raw = cos(phase)", () => {
  const a = randomMatrix(4, 8, 1);
  const phases = [0, 0.5, Math.PI / 2, Math.PI];
  const b = { ...a, re: new Float64Array(a.re.length), im: new Float64Array(a.im.length) };
  for (let k = 0; k < 4; k++) {
    const c = Math.cos(phases[k]), s = Math.sin(phases[k]);
    for (let n = k * 8; n < (k + 1) * 8; n++) {
      // b = a e^{j phase}, scaled by 3 (scale-invariant)
      b.re[n] = 3 * (a.re[n] * c - a.im[n] * s);
      b.im[n] = 3 * (a.re[n] * s + a.im[n] * c);
    }
  }
  const r = rowCorrelations(a, b);
  for (let k = 0; k < 4; k++) {
    assert.ok(Math.abs(r.signature[k] - 1) < ATOL);
    assert.ok(Math.abs(r.raw[k] - Math.cos(phases[k])) < ATOL, `row ${k}`);
  }
});

Deno.test("rowCorrelations: independent rows give |rho| ~ sqrt(pi / (4 Nt)); zero rows NaN; shapes checked", () => {
  const a = randomMatrix(400, 64, 2), b = randomMatrix(400, 64, 3);
  const r = rowCorrelations(a, b);
  const mean = r.signature.reduce((s, v) => s + v, 0) / 400;
  const theory = Math.sqrt(Math.PI / (4 * 64)); // Rayleigh mean of |CN(0, 1/Nt)|
  assert.ok(Math.abs(mean / theory - 1) < INDEPENDENT_RTOL, `${mean} vs ${theory}`);
  const zero = { rows: 1, cols: 2, re: new Float64Array(2), im: new Float64Array(2) };
  assert.ok(Number.isNaN(rowCorrelations(zero, zero).signature[0]));
  assert.throws(() => rowCorrelations(a, randomMatrix(400, 32, 4)), RangeError);
});
