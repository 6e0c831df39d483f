import assert from "node:assert/strict";
import { empiricalCdf, percentile, sinrSummary } from "../../lib/metrics/mod.ts";

Deno.test("empiricalCdf sorts and assigns p = (i + 1) / n, with an optional scheme", () => {
  assert.deepEqual(empiricalCdf([3, 1, 2, 2]), [
    { value: 1, p: 0.25 },
    { value: 2, p: 0.5 },
    { value: 2, p: 0.75 },
    { value: 3, p: 1 },
  ]);
  assert.deepEqual(empiricalCdf(Float64Array.of(-Infinity, 0), { scheme: "zf" }), [
    { value: -Infinity, p: 0.5, scheme: "zf" },
    { value: 0, p: 1, scheme: "zf" },
  ]);
  assert.deepEqual(empiricalCdf([]), []);
  assert.throws(() => empiricalCdf([1, NaN]), /values\[1\]/);
});

Deno.test("percentile interpolates linearly (type 7); median and 10 % outage", () => {
  assert.equal(percentile([1, 2, 3, 4], 0.5), 2.5);
  assert.ok(Math.abs(percentile([4, 3, 2, 1], 0.1) - 1.3) < 1e-15); // pos 0.3
  assert.equal(percentile([7], 0.9), 7);
  assert.ok(Number.isNaN(percentile([], 0.5)));
  assert.throws(() => percentile([1], 1.5), /q must be in/);
  // 0..100: 10th percentile is 10, median 50
  const v = Array.from({ length: 101 }, (_, i) => 100 - i);
  assert.deepEqual(sinrSummary(v), { median: 50, outage10: 10, count: 101 });
});

Deno.test("percentile: equal infinite neighbours give infinity, not NaN (T_rec never recovered)", () => {
  assert.equal(percentile([200, Infinity, Infinity, Infinity], 0.5), Infinity);
  assert.equal(percentile([Infinity, Infinity], 0.5), Infinity);
  assert.equal(percentile([1, Infinity], 0.5), Infinity);
});
