import assert from "node:assert/strict";
import { ensembleMetrics, wasserstein1 } from "../../lib/models/metrics.ts";

Deno.test("wasserstein1: shifts, scale and order invariance", () => {
  assert.ok(Math.abs(wasserstein1([0, 1, 2], [3, 4, 5]) - 3) < 1e-12);
  assert.equal(wasserstein1([2, 0, 1], [0, 1, 2]), 0);
  // Point mass vs two points: mean absolute deviation.
  assert.ok(Math.abs(wasserstein1([0], [-1, 1]) - 1) < 1e-12);
  // Unequal sizes: U{0,1} vs U{0,0.5,1}: integral of |F1 - F2| = 1/6 * 0.5 + 1/6 * 0.5.
  assert.ok(Math.abs(wasserstein1([0, 1], [0, 0.5, 1]) - 1 / 6) < 1e-12);
  assert.ok(Number.isNaN(wasserstein1([], [1])));
});

Deno.test("ensembleMetrics: NMSE of the mean, spread, coverage, row gains", () => {
  // T = K = 1, Nt = 2; truth (1, 0), (0, 1); M = 2 samples.
  const truth = Float32Array.of(1, 0, 0, 1);
  const samples = Float32Array.of(1, 0, 0, 2, 1, 0, 0, 0);
  const m = ensembleMetrics(samples, truth, { M: 2, T: 1, K: 1, Nt: 2 });
  assert.equal(m.nmse, 0); // the mean is exact
  assert.ok(Math.abs(m.spread - Math.sqrt(0.5)) < 1e-12); // var 0 and 1 -> mean 0.5, rms(H) 1
  assert.equal(m.coverage, 1);
  assert.deepEqual(Array.from(m.realGainsDb), [10 * Math.log10(2)]);
  assert.equal(m.generatedGainsDb.length, 2);
  assert.throws(() => ensembleMetrics(samples, truth, { M: 3, T: 1, K: 1, Nt: 2 }), RangeError);
  const point = ensembleMetrics(Float32Array.of(0, 0, 0, 0), truth, { M: 1, T: 1, K: 1, Nt: 2 });
  assert.equal(point.nmse, 1);
  assert.ok(Number.isNaN(point.coverage));
});
