import assert from "node:assert/strict";
import { type ComplexMatrix, complexMatrix, createRng } from "../../lib/core/mod.ts";
import { linearFeatures, type TwinHistory } from "../../lib/twin/mod.ts";
import { referenceLinearFeatures } from "./linear_prediction_reference.ts";

/** Random-walk channels with an oscillator phase per (UE, slot): A x [K, Nt] per slot. */
function randomHistory(slots: number, A: number, K: number, Nt: number, seed: number) {
  const rng = createRng(seed).stream("ref-history");
  const sets: ComplexMatrix[][] = [];
  let prev: ComplexMatrix[] | null = null;
  for (let s = 0; s < slots; s++) {
    const set = Array.from({ length: A }, (_, b) => {
      const m = complexMatrix(K, Nt);
      for (let j = 0; j < m.re.length; j++) {
        const r = prev ? prev[b].re[j] : 0, i = prev ? prev[b].im[j] : 0;
        m.re[j] = 0.9 * r + rng.normal() * 1e-5;
        m.im[j] = 0.9 * i + rng.normal() * 1e-5;
      }
      return m;
    });
    sets.push(set);
    prev = set;
  }
  return (syncSlot: number): TwinHistory => ({
    syncSlot,
    apCount: A,
    ueCount: K,
    antennaCount: Nt,
    channels: (slot) => {
      if (slot > syncSlot) throw new RangeError("future");
      return sets[slot];
    },
    rareEvent: () => 0,
  });
}

function assertSame(a: ComplexMatrix[][], b: ComplexMatrix[][], what: string) {
  assert.equal(a.length, b.length, what);
  a.forEach((slot, i) =>
    slot.forEach((m, j) => {
      assert.deepEqual(m.re, b[i][j].re, `${what}[${i}][${j}].re`);
      assert.deepEqual(m.im, b[i][j].im, `${what}[${i}][${j}].im`);
    })
  );
}

Deno.test("linearFeatures equals the reference implementation bit for bit", () => {
  const history = randomHistory(24, 3, 5, 16, 3);
  const cases = [
    { syncSlot: 23, horizon: 5, errorSlots: 5 },
    { syncSlot: 23, horizon: 1, errorSlots: 0 },
    { syncSlot: 11, horizon: 2, errorSlots: 5 }, // only 2 errors available
    { syncSlot: 20, horizon: 3, errorSlots: 4, aps: [2, 0] },
    { syncSlot: 20, horizon: 3, errorSlots: 4, alignPhase: false, order: 3, fitSlots: 7 },
  ];
  for (const c of cases) {
    const { syncSlot, ...opts } = c;
    const got = linearFeatures(history(syncSlot), opts);
    const want = referenceLinearFeatures(history(syncSlot), opts);
    const label = JSON.stringify(c);
    assert.equal(got.errorCount, want.errorCount, label);
    assertSame(got.past, want.past, `${label} past`);
    assertSame(got.forecast, want.forecast, `${label} forecast`);
    assertSame(got.errors, want.errors, `${label} errors`);
  }
});

Deno.test("linearFeatures names the slot and AP of a non-finite entry", () => {
  const history = randomHistory(14, 2, 3, 4, 5)(13);
  const bad = history.channels(9)[1];
  const saved = bad.im[5];
  bad.im[5] = NaN;
  try {
    assert.throws(
      () => linearFeatures(history, { horizon: 1, errorSlots: 2 }),
      /history\.channels\(9\)\[1\] has a non-finite entry at index 5/,
    );
  } finally {
    bad.im[5] = saved;
  }
});
