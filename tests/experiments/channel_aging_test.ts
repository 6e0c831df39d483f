import assert from "node:assert/strict";
import { channelAgingRows } from "../../lib/experiments/mod.ts";
import { syntheticEpisode } from "../twin/fixtures.ts";

/** Round-off tolerance (float32 channel storage). */
const ATOL = 1e-5;

Deno.test("channelAgingRows: a UE whose row turns by a common phase keeps signature 1, raw cos(lag phase)", () => {
  const phasePerSlot = 0.7;
  // 2 APs, 3 UEs, 8 antennas: a fixed spatial signature per (AP, UE), rotating in time
  const episode = syntheticEpisode({ slots: 20, aps: 2, ues: 3, antennas: 8 }, (t, b, u, n) => {
    const gain = b === u % 2 ? 2 : 1; // UE u's strongest AP is u % 2
    const angle = 0.4 * n * (u + 1) + b + phasePerSlot * t;
    return [gain * Math.cos(angle), gain * Math.sin(angle)];
  });
  const rows = channelAgingRows(episode, { maxLag: 3, everySlots: 2 });
  assert.deepEqual(rows.map((r) => r.lagSlots), [1, 2, 3]);
  for (const r of rows) {
    assert.ok(Math.abs(r.signatureCorrelation - 1) < ATOL);
    assert.ok(Math.abs(r.rawCorrelation - Math.cos(phasePerSlot * r.lagSlots)) < ATOL);
    assert.equal(r.lagMs, r.lagSlots * episode.slotDurationS * 1000);
    assert.equal(r.samples, 3 * 9, "3 UEs x start slots 0, 2, ..., 16");
  }
  assert.throws(() => channelAgingRows(episode, { maxLag: 0 }), RangeError);
});
