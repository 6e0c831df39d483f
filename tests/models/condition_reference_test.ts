import assert from "node:assert/strict";
import { apConditions, type ModelDims } from "../../lib/models/condition.ts";
import { referenceApConditions } from "./condition_reference.ts";
import { TINY, TINY_LINEAR, tinyHistory } from "./_setup.ts";

Deno.test("apConditions equals the reference implementation bit for bit", () => {
  const cases: { dims: ModelDims; sync: number; aps?: number[]; fitSlots?: number }[] = [
    { dims: TINY, sync: 12 },
    { dims: TINY, sync: 4 }, // fewer errors than E: zero error slots
    { dims: TINY, sync: 15, aps: [1] },
    { dims: { ...TINY, tau: 3, T: 1, E: 3 }, sync: 18, fitSlots: 5 },
  ];
  for (const c of cases) {
    const history = tinyHistory(2, c.sync);
    const linear = { ...TINY_LINEAR, fitSlots: c.fitSlots ?? TINY_LINEAR.fitSlots };
    const opts = { dims: c.dims, linear, aps: c.aps };
    const got = apConditions(history, opts);
    const want = referenceApConditions(history, opts);
    assert.equal(got.length, want.length);
    got.forEach((g, b) => {
      const label = `${JSON.stringify(c)} AP ${b}`;
      assert.deepEqual(g.slots, want[b].slots, `${label} slots`);
      assert.deepEqual(g.rf, want[b].rf, `${label} rf`);
      assert.deepEqual(g.scales, want[b].scales, `${label} scales`);
    });
  }
});
