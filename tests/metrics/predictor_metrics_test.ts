import assert from "node:assert/strict";
import { type ComplexMatrix, createRng, type Rng } from "../../lib/core/mod.ts";
import {
  alignedNmse,
  alignedNmseDb,
  bestOfMSgcs,
  rowBestOfMSgcs,
  rowScenarioCoverage,
  rowSgcs,
  scenarioCoverage,
  sgcs,
} from "../../lib/metrics/mod.ts";

/** Round-off tolerance of an SGCS or a linear NMSE (dimensionless). */
const ATOL = 1e-12;
/** Upper bound, dB, of the aligned NMSE of a prediction exact up to a per-row phase (round-off). */
const EXACT_NMSE_DB_MAX = -250;
/** Standard errors allowed between the mean SGCS of i.i.d. rows and its expectation 1 / Nt. */
const IID_SIGMAS = 5;

/** Setup of the paper: K UEs, A APs, Nt antennas per AP. */
const K = 30, A = 3, NT = 64;

function randomMatrix(rows: number, cols: number, rng: Rng): ComplexMatrix {
  const re = Float64Array.from({ length: rows * cols }, () => rng.normal());
  const im = Float64Array.from({ length: rows * cols }, () => rng.normal());
  return { rows, cols, re, im };
}

function randomSet(rng: Rng, aps = A, rows = K, cols = NT): ComplexMatrix[] {
  return Array.from({ length: aps }, () => randomMatrix(rows, cols, rng));
}

/** Row k of `m` multiplied by the complex scalar `g(k)`. */
function scaleRows(m: ComplexMatrix, g: (k: number) => [number, number]): ComplexMatrix {
  const re = new Float64Array(m.re.length), im = new Float64Array(m.im.length);
  for (let k = 0; k < m.rows; k++) {
    const [gr, gi] = g(k);
    for (let i = k * m.cols; i < (k + 1) * m.cols; i++) {
      re[i] = gr * m.re[i] - gi * m.im[i];
      im[i] = gr * m.im[i] + gi * m.re[i];
    }
  }
  return { rows: m.rows, cols: m.cols, re, im };
}

/** `a + s * b`, entry by entry. */
function addScaled(a: ComplexMatrix, s: number, b: ComplexMatrix): ComplexMatrix {
  return {
    rows: a.rows,
    cols: a.cols,
    re: a.re.map((v, i) => v + s * b.re[i]),
    im: a.im.map((v, i) => v + s * b.im[i]),
  };
}

/** Each row of `g` minus its projection on the same row of `h` (so `h^H g = 0`). */
function orthogonalize(h: ComplexMatrix, g: ComplexMatrix): ComplexMatrix {
  const re = new Float64Array(g.re), im = new Float64Array(g.im);
  for (let k = 0; k < h.rows; k++) {
    let zr = 0, zi = 0, p = 0; // h^H g and |h|^2
    for (let i = k * h.cols; i < (k + 1) * h.cols; i++) {
      zr += h.re[i] * g.re[i] + h.im[i] * g.im[i];
      zi += h.re[i] * g.im[i] - h.im[i] * g.re[i];
      p += h.re[i] ** 2 + h.im[i] ** 2;
    }
    for (let i = k * h.cols; i < (k + 1) * h.cols; i++) {
      re[i] -= (zr * h.re[i] - zi * h.im[i]) / p;
      im[i] -= (zr * h.im[i] + zi * h.re[i]) / p;
    }
  }
  return { rows: g.rows, cols: g.cols, re, im };
}

/** A random unit phasor per row. */
function randomPhases(rng: Rng): (k: number) => [number, number] {
  return () => {
    const t = rng.uniformIn(0, 2 * Math.PI);
    return [Math.cos(t), Math.sin(t)];
  };
}

Deno.test("sgcs: 1 for a prediction equal to the truth up to a complex scalar per row", () => {
  const rng = createRng(1).stream("x");
  const truth = randomSet(rng);
  const predicted = truth.map((m) =>
    scaleRows(m, () => [rng.uniformIn(-3, 3), rng.uniformIn(-3, 3)])
  );
  const rows = rowSgcs(truth, predicted);
  assert.equal(rows.length, A * K);
  for (const v of rows) assert.ok(Math.abs(v - 1) < ATOL, `${v}`);
  assert.ok(Math.abs(sgcs(truth, predicted) - 1) < ATOL);
  // One matrix or a one-element list are the same channel set.
  assert.equal(sgcs(truth[0], predicted[0]), sgcs([truth[0]], [predicted[0]]));
});

Deno.test("sgcs: 0 for orthogonal rows; pooled rows are AP 0's first", () => {
  const rng = createRng(2).stream("x");
  const truth = randomSet(rng);
  const other = randomSet(rng);
  const predicted = truth.map((h, b) => orthogonalize(h, other[b]));
  for (const v of rowSgcs(truth, predicted)) assert.ok(v < ATOL, `${v}`);
  assert.ok(sgcs(truth, predicted) < ATOL);
  // Order: AP 1 exact, the others orthogonal -> rows K..2K-1 are 1.
  const mixed = [predicted[0], truth[1], predicted[2]];
  const rows = rowSgcs(truth, mixed);
  for (let j = 0; j < A * K; j++) {
    const expected = j >= K && j < 2 * K ? 1 : 0;
    assert.ok(Math.abs(rows[j] - expected) < ATOL, `row ${j}: ${rows[j]}`);
  }
});

Deno.test("sgcs: independent i.i.d. Nt = 64 rows average 1 / Nt (Beta(1, Nt - 1))", () => {
  const rng = createRng(3).stream("x");
  const rows = 400;
  const truth = randomSet(rng, A, rows), predicted = randomSet(rng, A, rows);
  const mean = sgcs(truth, predicted);
  // |h^H g|^2 / (|h|^2 |g|^2) of independent CN rows is Beta(1, Nt - 1).
  const variance = (NT - 1) / (NT * NT * (NT + 1));
  const standardError = Math.sqrt(variance / (A * rows));
  assert.ok(
    Math.abs(mean - 1 / NT) < IID_SIGMAS * standardError,
    `${mean} vs ${1 / NT} +- ${IID_SIGMAS * standardError}`,
  );
});

Deno.test("sgcs: zero true rows are skipped (NaN), zero predictions score 0, all-zero truth is NaN", () => {
  const h = { rows: 3, cols: 2, re: Float64Array.of(1, 0, 0, 0, 0, 1), im: new Float64Array(6) };
  const p = { rows: 3, cols: 2, re: Float64Array.of(0, 0, 1, 1, 0, 2), im: new Float64Array(6) };
  const rows = rowSgcs(h, p);
  assert.equal(rows[0], 0); // zero prediction of a non-zero row
  assert.ok(Number.isNaN(rows[1])); // zero true row
  assert.equal(rows[2], 1);
  assert.equal(sgcs(h, p), 0.5); // mean of rows 0 and 2 only
  const zero = { rows: 2, cols: 2, re: new Float64Array(4), im: new Float64Array(4) };
  assert.ok(Number.isNaN(sgcs(zero, zero)));
  assert.ok(Number.isNaN(bestOfMSgcs(zero, [zero])));
  assert.ok(Number.isNaN(scenarioCoverage(zero, [zero])));
});

Deno.test("alignedNmseDb: exact up to a common phase per row is -Infinity or below -250 dB; a zero prediction is 0 dB", () => {
  const rng = createRng(4).stream("x");
  const truth = randomSet(rng);
  const rotated = truth.map((m) => scaleRows(m, randomPhases(rng)));
  assert.ok(alignedNmseDb(truth, rotated) < EXACT_NMSE_DB_MAX, `${alignedNmseDb(truth, rotated)}`);
  assert.equal(alignedNmseDb(truth, truth), -Infinity);
  const zeros = truth.map((m) => ({
    ...m,
    re: new Float64Array(m.re.length),
    im: new Float64Array(m.im.length),
  }));
  assert.ok(Math.abs(alignedNmseDb(truth, zeros)) < ATOL);
  // Without alignment the rotated prediction would be ~3 dB off; a scale error is kept.
  const shrunk = truth.map((m) => scaleRows(m, randomPhases(rng))).map((m) =>
    scaleRows(m, () => [0.9, 0])
  );
  assert.ok(Math.abs(alignedNmse(truth, shrunk) - 0.01) < ATOL);
});

Deno.test("alignedNmse: a pooled ratio of sums, not a mean of per-row ratios", () => {
  // Row 0: |h|^2 = 1, missed entirely (ratio 1); row 1: |h|^2 = 9, exact (ratio 0).
  const h = { rows: 2, cols: 2, re: Float64Array.of(1, 0, 3, 0), im: new Float64Array(4) };
  const p = { rows: 2, cols: 2, re: Float64Array.of(0, 0, 0, 0), im: Float64Array.of(0, 0, 3, 0) };
  assert.ok(Math.abs(alignedNmse(h, p) - 0.1) < ATOL); // (1 + 0) / (1 + 9), not 0.5
  assert.ok(Math.abs(alignedNmseDb(h, p) + 10) < 1e-9);
  const zero = { rows: 1, cols: 2, re: new Float64Array(2), im: new Float64Array(2) };
  assert.ok(Number.isNaN(alignedNmse(zero, zero)));
});

Deno.test("bestOfMSgcs: at least every single scenario's SGCS, per row the max over scenarios", () => {
  const rng = createRng(5).stream("x");
  const truth = randomSet(rng);
  const scenarios = [0, 1, 2, 3].map(() =>
    truth.map((m) => addScaled(m, 1, randomMatrix(K, NT, rng)))
  );
  const best = bestOfMSgcs(truth, scenarios);
  const rowsBest = rowBestOfMSgcs(truth, scenarios);
  const perScenario = scenarios.map((s) => rowSgcs(truth, s));
  for (let j = 0; j < A * K; j++) {
    assert.equal(rowsBest[j], Math.max(...perScenario.map((r) => r[j])));
  }
  for (const s of scenarios) {
    assert.ok(best >= sgcs(truth, s) - ATOL, `${best} < ${sgcs(truth, s)}`);
  }
  // Strictly better than the best single scenario here (different rows prefer different ones).
  assert.ok(best > Math.max(...scenarios.map((s) => sgcs(truth, s))) + 1e-6);
  assert.equal(bestOfMSgcs(truth, [scenarios[1]]), sgcs(truth, scenarios[1]));
});

Deno.test("scenarioCoverage: 1 when the truth is one of the scenarios (any per-row phase)", () => {
  const rng = createRng(6).stream("x");
  const truth = randomSet(rng);
  const scenarios = [
    randomSet(rng),
    truth.map((m) => scaleRows(m, randomPhases(rng))),
    randomSet(rng),
  ];
  assert.equal(scenarioCoverage(truth, scenarios), 1);
  // Also when it is scenario 0 (the alignment reference) or the only one.
  assert.equal(scenarioCoverage(truth, [scenarios[1], scenarios[0]]), 1);
  assert.equal(scenarioCoverage(truth, [scenarios[1]]), 1);
});

Deno.test("scenarioCoverage: 0 for one scenario or a tight cluster far away; a wide cloud around the truth covers it", () => {
  const rng = createRng(7).stream("x");
  const truth = randomSet(rng);
  const far = truth.map((m) => addScaled(m, 3, randomMatrix(K, NT, rng)));
  assert.equal(scenarioCoverage(truth, [far]), 0);
  const cluster = [0, 1, 2, 3].map(() =>
    far.map((m) => addScaled(m, 0.1, randomMatrix(K, NT, rng)))
  );
  assert.equal(scenarioCoverage(truth, cluster), 0);
  // Eight scenarios scattered around the truth (each with its own common phase per row).
  const cloud = Array.from(
    { length: 8 },
    () =>
      truth.map((m) => scaleRows(addScaled(m, 0.3, randomMatrix(K, NT, rng)), randomPhases(rng))),
  );
  const rows = rowScenarioCoverage(truth, cloud);
  assert.equal(rows.length, A * K);
  assert.equal(scenarioCoverage(truth, cloud), 1);
  // Two scenarios: the ball is as wide as half their distance, so only some rows are
  // covered; the verdict ignores a common phase per true row.
  const pair = cloud.slice(0, 2);
  const share = scenarioCoverage(truth, pair);
  assert.ok(share > 0 && share < 1, `${share}`);
  const turned = truth.map((m) => scaleRows(m, randomPhases(rng)));
  assert.deepEqual(
    Array.from(rowScenarioCoverage(turned, pair)),
    Array.from(rowScenarioCoverage(truth, pair)),
  );
});

Deno.test("scenarioCoverage: zero true rows are skipped", () => {
  const h = { rows: 2, cols: 2, re: Float64Array.of(0, 0, 1, 0), im: new Float64Array(4) };
  const rows = rowScenarioCoverage(h, [h]);
  assert.ok(Number.isNaN(rows[0]));
  assert.equal(rows[1], 1);
  assert.equal(scenarioCoverage(h, [h]), 1);
});

Deno.test("prediction metrics: errors name the argument", () => {
  const rng = createRng(8).stream("x");
  const truth = randomSet(rng);
  const narrow = truth.map(() => randomMatrix(K, 32, rng));
  assert.throws(() => sgcs(truth, narrow), {
    name: "RangeError",
    message: /predicted\[0\] is \[30, 32\]/,
  });
  assert.throws(() => alignedNmseDb(truth, truth.slice(1)), {
    name: "RangeError",
    message: /predicted holds 2/,
  });
  assert.throws(() => rowSgcs([], truth), { name: "RangeError", message: /truth must hold/ });
  assert.throws(() => sgcs(truth, []), { name: "RangeError", message: /predicted must hold/ });
  const empty = { rows: 0, cols: NT, re: new Float64Array(0), im: new Float64Array(0) };
  assert.throws(() => sgcs(empty, empty), { name: "RangeError", message: /truth has no entries/ });
  const bad = { rows: K, cols: NT, re: new Float64Array(3), im: new Float64Array(3) };
  assert.throws(() => sgcs(truth[0], bad), {
    name: "RangeError",
    message: /predicted is \[30, 64\]/,
  });
  assert.throws(
    () => sgcs(truth, [truth[0], { rows: 1 } as unknown as ComplexMatrix, truth[2]]),
    { name: "TypeError", message: /predicted\[1\]/ },
  );
  assert.throws(() => bestOfMSgcs(truth, []), {
    name: "RangeError",
    message: /scenarios must hold/,
  });
  assert.throws(() => scenarioCoverage(truth, [truth, narrow]), {
    name: "RangeError",
    message: /scenarios\[1\]\[0\] is \[30, 32\]/,
  });
  assert.throws(() => rowScenarioCoverage(truth, truth[0] as unknown as ComplexMatrix[]), {
    name: "TypeError",
    message: /scenarios/,
  });
});
