/** Per-UE rare-event labels and the reference SINR map of simulated episodes. */
import assert from "node:assert/strict";
import {
  BLOCKED_THRESHOLD_DB,
  episodeReferenceSinrDb,
  rareEventMask,
  simulateEpisode,
  slotChannelMatrices,
} from "../../lib/mobility/mod.ts";
import { loadNamedScene } from "../../lib/scene/mod.ts";

Deno.test("rareEventUe = (targeted by a walker on the floor AND blocked) OR hotspot; rareEvent = any UE", async () => {
  const scene = await loadNamedScene("office");
  const ep = simulateEpisode(
    scene,
    { slotCount: 250, ueCount: 12, maxReflectionOrder: 0, hotspotProbability: 1 },
    4,
  );
  const { slotCount: S, ueCount: K } = ep;
  const rareUe = ep.rareEventUe;
  assert.equal(rareEventMask(ep), rareUe, "the mask is the simulator's label");
  assert.equal(rareUe.length, S * K);
  let blockageHits = 0, hotspotHits = 0;
  for (let s = 0; s < S; s++) {
    let any = 0;
    for (let k = 0; k < K; k++) {
      const i = s * K + k;
      any |= rareUe[i];
      if (ep.hotspot[i]) {
        assert.equal(rareUe[i], 1);
        hotspotHits++;
      } else if (rareUe[i]) {
        assert.equal(ep.blocked[i], 1, `slot ${s} UE ${k}: flagged but not blocked`);
        assert.ok(ep.servingBodyLossDb![i] > BLOCKED_THRESHOLD_DB);
        assert.equal(ep.injectedBlockageActive![s], 1);
        blockageHits++;
      }
    }
    assert.equal(ep.rareEvent[s], any, `slot ${s}`);
  }
  assert.ok(blockageHits > 0 && hotspotHits > 0, `${blockageHits} ${hotspotHits}`);
  // The flag marks far fewer slots than "a walker is on the floor".
  const active = ep.injectedBlockageActive!.reduce((a, b) => a + b, 0);
  const flaggedByBlockage = new Set<number>();
  for (let i = 0; i < S * K; i++) if (rareUe[i] && !ep.hotspot[i]) flaggedByBlockage.add(i / K | 0);
  assert.ok(flaggedByBlockage.size < active);
});

Deno.test("sinrDb equals the ZF reference recomputed from the stored float32 channels", async () => {
  const scene = await loadNamedScene("office");
  const ep = simulateEpisode(scene, { slotCount: 6, ueCount: 8, maxReflectionOrder: 1 }, 9);
  assert.equal(ep.sinrDb!.length, 6 * 8);
  assert.deepEqual(episodeReferenceSinrDb(ep), ep.sinrDb);
  for (const v of ep.sinrDb!) assert.ok(Number.isFinite(v) && v > -30 && v < 80, `${v}`);
  const h = slotChannelMatrices(ep, 2);
  assert.equal(h.length, 3);
  assert.equal(h[1].re[5], ep.channels[2 * (((2 * 3 + 1) * 8 + 0) * 64 + 5)]);
  assert.throws(() => slotChannelMatrices(ep, 6), /slot must be an integer in \[0, 6\)/);
});
