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

Deno.test("ensembleMetrics: signature correlation ignores a common row phase and scale", () => {
  // truth [T=1, K=2, Nt=2]; sample 0 = truth x 2 e^{j 1.1} per row; sample 1 orthogonal rows
  const truth = Float32Array.of(1, 0, 0, 1, 0.5, 0.5, 1, -1);
  const rot = (re: number, im: number) => [
    2 * (re * Math.cos(1.1) - im * Math.sin(1.1)),
    2 * (re * Math.sin(1.1) + im * Math.cos(1.1)),
  ];
  const same: number[] = [];
  for (let i = 0; i < truth.length; i += 2) same.push(...rot(truth[i], truth[i + 1]));
  // rows orthogonal to the truth rows: <x, h> = 0
  // row 0: h = [1, j], x = [1, -j]; row 1: h = [0.5 + 0.5j, 1 - j], x = [-2j, 1]
  const orthogonal = [1, 0, 0, -1, 0, -2, 1, 0];
  const one = ensembleMetrics(Float32Array.from(same), truth, { M: 1, T: 1, K: 2, Nt: 2 });
  assert.ok(Math.abs(one.signature - 1) < 1e-6, `aligned: ${one.signature}`);
  assert.ok(one.nmse > 0.5, "while NMSE counts the phase and scale");
  const both = ensembleMetrics(Float32Array.from([...same, ...orthogonal]), truth, {
    M: 2,
    T: 1,
    K: 2,
    Nt: 2,
  });
  assert.ok(
    Math.abs(both.signature - 0.5) < 1e-6,
    `half aligned, half orthogonal: ${both.signature}`,
  );
});
