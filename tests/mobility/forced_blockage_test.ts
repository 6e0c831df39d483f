import assert from "node:assert/strict";
import { simulateEpisode } from "../../lib/mobility/mod.ts";
import { loadNamedScene } from "../../lib/scene/mod.ts";

const QUIET = {
  slotCount: 60,
  ueCount: 4,
  backgroundWalkers: 0,
  maxReflectionOrder: 0,
  blockageProbabilityPerSlot: 0,
  hotspotProbability: 0,
};

Deno.test("forcedBlockages: the target's serving ray is shadowed from the forced slot on", async () => {
  const scene = await loadNamedScene("office");
  const ue = 0, slot = 25;
  const ep = simulateEpisode(scene, { ...QUIET, forcedBlockages: [{ slot, ue }] }, 5);
  const K = ep.ueCount;
  const onsets = [...ep.blockageOnset.keys()].filter((s) => ep.blockageOnset[s]);
  assert.equal(onsets.length, 1, "one spawn");
  assert.ok(onsets[0] < slot, "spawned before it reaches the link");
  assert.equal(ep.blockageTargetUe![onsets[0]], ue);
  const loss = (s: number) => ep.servingBodyLossDb![s * K + ue];
  assert.ok(loss(slot - 8) < 2, `no shadow well before the slot, got ${loss(slot - 8)} dB`);
  let peak = 0;
  for (let s = slot; s < slot + 20; s++) peak = Math.max(peak, loss(s));
  assert.ok(peak > 6, `shadowed after the slot, peak ${peak} dB`);
});

Deno.test("forcedBlockages: default none leaves episodes unchanged; bad entries are RangeErrors", async () => {
  const scene = await loadNamedScene("office");
  const config = { ...QUIET, slotCount: 12, blockageProbabilityPerSlot: 0.2 };
  const a = simulateEpisode(scene, config, 9);
  const b = simulateEpisode(scene, { ...config, forcedBlockages: [] }, 9);
  assert.deepEqual(a.channels, b.channels);
  assert.throws(
    () => simulateEpisode(scene, { ...config, forcedBlockages: [{ slot: 1, ue: 0 }] }, 9),
    RangeError,
  );
  assert.throws(
    () => simulateEpisode(scene, { ...config, forcedBlockages: [{ slot: 11, ue: 4 }] }, 9),
    /forcedBlockages\[0\]\.ue/,
  );
});
