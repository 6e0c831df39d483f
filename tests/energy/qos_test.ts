import assert from "node:assert/strict";
import { qosOutage } from "../../lib/energy/mod.ts";

Deno.test("qosOutage counts active (slot, user) samples below the per-user target", () => {
  const sinr = [[10, 2, -Infinity], [4, 8, 9]];
  const r = qosOutage(sinr, [5, 5, 0]);
  assert.equal(r.samples, 6);
  assert.equal(r.violations, 3); // 2, -Infinity, 4
  assert.equal(r.rate, 0.5);
  assert.deepEqual(r.violationsPerUser, [1, 1, 1]);
  const masked = qosOutage(sinr, 5, [[true, false, false], [true, true, true]]);
  assert.equal(masked.samples, 4);
  assert.equal(masked.violations, 1);
  assert.ok(Number.isNaN(qosOutage([[1]], 5, [[false]]).rate));
});

Deno.test("qosOutage: bad input errors name the argument", () => {
  assert.throws(() => qosOutage([[1, NaN]], 5), /sinrDb\[0\]\[1\]/);
  assert.throws(() => qosOutage([[1, 2]], [5]), /targetDb has 1 entries/);
  assert.throws(() => qosOutage([[1]], NaN), /targetDb must be finite/);
  assert.throws(() => qosOutage([[1]], 5, []), /active has 0 slots/);
});
