/** The one rare-event mask (lib/mobility/labels.ts). */
import assert from "node:assert/strict";
import { rareEventMask } from "../../lib/mobility/mod.ts";

Deno.test("rareEventMask: [slot * K + ue] layout, the episode's own label", () => {
  // S = 3 slots, K = 2 UEs: UE 1 in slot 0, UE 0 in slot 2.
  const rareEventUe = Uint8Array.of(0, 1, 0, 0, 1, 0);
  const episode = { slotCount: 3, ueCount: 2, rareEventUe };
  const mask = rareEventMask(episode);
  assert.equal(mask, rareEventUe, "no copy");
  const flagged: [number, number][] = [];
  for (let s = 0; s < 3; s++) {
    for (let k = 0; k < 2; k++) if (mask[s * 2 + k]) flagged.push([s, k]);
  }
  assert.deepEqual(flagged, [[0, 1], [2, 0]]);
});

Deno.test("rareEventMask: a missing or mis-sized label is named", () => {
  assert.throws(
    () => rareEventMask({ slotCount: 3, ueCount: 2, rareEventUe: new Uint8Array(5) }),
    (e: Error) =>
      e instanceof RangeError && /episode\.rareEventUe has 5 entries.*3 x 2/.test(e.message),
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => rareEventMask({ slotCount: 1, ueCount: 1 } as any),
    (e: Error) => e instanceof TypeError && /episode\.rareEventUe/.test(e.message),
  );
});
