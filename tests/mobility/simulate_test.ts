import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import { createChannelModel } from "../../lib/channel/mod.ts";
import {
  createWalkableArea,
  DEFAULT_EPISODE_CONFIG,
  type EpisodeConfig,
  planHotspot,
  simulateEpisode,
} from "../../lib/mobility/mod.ts";
import { loadNamedScene } from "../../lib/scene/mod.ts";

/** A cheap configuration for statistics over many episodes. */
const CHEAP: Partial<EpisodeConfig> = {
  slotCount: 200,
  ueCount: 4,
  backgroundWalkers: 1,
  maxReflectionOrder: 0,
};

Deno.test("simulateEpisode: shapes, association = max RSSI, labels consistent", async () => {
  const scene = await loadNamedScene("office");
  let progress = 0;
  const ep = simulateEpisode(scene, { slotCount: 30, ueCount: 5, maxReflectionOrder: 1 }, 3, {
    onProgress: (slot, total) => {
      assert.equal(total, 30);
      progress = slot;
    },
  });
  assert.equal(progress, 30);
  const { slotCount: S, apCount: A, ueCount: K, antennaCount: Nt } = ep;
  assert.deepEqual([S, A, K, Nt], [30, 3, 5, 64]);
  assert.equal(ep.uePositionsM.length, S * K * 3);
  assert.equal(ep.channels.length, 2 * S * A * K * Nt);
  assert.equal(ep.seed, 3);
  assert.equal(ep.materialSet, "itu");
  for (const a of [ep.servingAp, ep.rssiDbm, ep.beamIndex, ep.blocked, ep.hotspot]) {
    assert.equal(a.length, S * K);
  }
  for (let i = 0; i < S * K; i++) {
    assert.ok(ep.servingAp[i] >= 0 && ep.servingAp[i] < A);
    assert.ok(ep.beamIndex[i] >= 0 && ep.beamIndex[i] < 64);
    assert.ok(ep.rssiDbm[i] > -120 && ep.rssiDbm[i] < 23 + 10 * Math.log10(64) + 8);
    assert.equal(ep.blocked[i], ep.servingBodyLossDb![i] > 3 ? 1 : 0);
    assert.equal(ep.uePositionsM[3 * i + 2], scene.ueHeightM);
  }
  for (let s = 0; s < S; s++) {
    if (ep.blockageOnset[s]) assert.equal(ep.injectedBlockageActive![s], 1, "onset: walker on");
  }
});

Deno.test("determinism: same seed gives identical arrays, another seed differs", async () => {
  const scene = await loadNamedScene("office");
  const config = { slotCount: 40, ueCount: 6, maxReflectionOrder: 1, hotspotProbability: 1 };
  const a = simulateEpisode(scene, config, 11);
  const b = simulateEpisode(scene, config, 11);
  const c = simulateEpisode(scene, config, 12);
  for (
    const key of [
      "uePositionsM",
      "channels",
      "servingAp",
      "rssiDbm",
      "beamIndex",
      "blocked",
      "hotspot",
      "rareEvent",
      "blockageOnset",
    ] as const
  ) {
    assert.deepEqual(a[key], b[key], key);
  }
  assert.notDeepEqual(a.uePositionsM, c.uePositionsM);
  // An Rng works as well (its streams give the same episode as its seed).
  const d = simulateEpisode(scene, config, createRng(11));
  assert.deepEqual(d.channels, a.channels);
  assert.equal(d.seed, -1);
});

Deno.test("realized rare-event rates match the configuration (40 episodes x 200 slots)", async () => {
  const scene = await loadNamedScene("office");
  const model = createChannelModel(scene, { maxReflectionOrder: 0 });
  const area = createWalkableArea(scene);
  const episodes = 40;
  let onsets = 0;
  let slots = 0;
  let hotspots = 0;
  let effective = 0;
  let blockedSlots = 0;
  for (let e = 0; e < episodes; e++) {
    const ep = simulateEpisode(scene, CHEAP, 1000 + e, { model });
    for (let s = 0; s < ep.slotCount; s++) {
      onsets += ep.blockageOnset[s];
      slots++;
    }
    for (const v of ep.blocked) blockedSlots += v;
    // An injection is "effective" if its target UE is blocked within the walker's
    // lifetime (at most 2 m / 0.8 m/s = 2.5 s).
    for (let s = 0; s < ep.slotCount; s++) {
      if (!ep.blockageOnset[s]) continue;
      const k = ep.blockageTargetUe![s];
      assert.ok(k >= 0 && k < ep.ueCount);
      let hit = false;
      for (let t = s; t < Math.min(ep.slotCount, s + 250) && !hit; t++) {
        if (ep.blocked[t * ep.ueCount + k]) hit = true;
      }
      if (hit) effective++;
    }
    // The hotspot plan is drawn from its own stream: recompute it to count hotspot episodes.
    const plan = planHotspot(area, createRng(1000 + e).stream("hotspot"), {
      slotCount: 200,
      slotDurationS: 0.01,
      ueCount: 4,
      probability: DEFAULT_EPISODE_CONFIG.hotspotProbability,
    });
    if (plan) {
      hotspots++;
      // Slots with a hotspot member inside the disc are rare-event slots (rareEventUe).
      for (let s = plan.startSlot; s < plan.endSlot; s++) {
        const members = ep.hotspot.subarray(s * ep.ueCount, (s + 1) * ep.ueCount);
        if (members.includes(1)) assert.equal(ep.rareEvent[s], 1, `hotspot slot ${s}`);
      }
    }
  }
  const p = DEFAULT_EPISODE_CONFIG.blockageProbabilityPerSlot;
  // Binomial tolerance: 4 standard deviations of the count.
  const onsetTol = 4 * Math.sqrt(slots * p * (1 - p));
  const ph = DEFAULT_EPISODE_CONFIG.hotspotProbability;
  const hotspotTol = 4 * Math.sqrt(episodes * ph * (1 - ph));
  console.log(
    `onsets ${onsets}/${slots} = ${(onsets / slots).toFixed(4)} per slot (configured ${p}, ` +
      `tolerance +-${onsetTol.toFixed(0)}); hotspot episodes ${hotspots}/${episodes} ` +
      `(configured ${ph}); injections followed by a blocked label: ` +
      `${(effective / onsets * 100).toFixed(0)} %; blocked UE-slots ` +
      `${(blockedSlots / (slots * 4) * 100).toFixed(1)} %`,
  );
  assert.ok(Math.abs(onsets - slots * p) <= onsetTol, `onsets ${onsets}`);
  assert.ok(Math.abs(hotspots - episodes * ph) <= hotspotTol, `hotspots ${hotspots}`);
  assert.ok(effective / onsets > 0.5, "most injected walkers do block their target");
});

Deno.test("hotspot plans: realized fraction over 4000 draws matches the probability", async () => {
  const area = createWalkableArea(await loadNamedScene("office"));
  const draws = 4000;
  let n = 0;
  for (let e = 0; e < draws; e++) {
    const plan = planHotspot(area, createRng(e).stream("hotspot"), {
      slotCount: 1000,
      slotDurationS: 0.01,
      ueCount: 30,
    });
    if (!plan) continue;
    n++;
    assert.ok(plan.size >= 8 && plan.size <= 12);
    assert.ok(plan.startSlot < 300 && plan.endSlot - plan.startSlot >= 500);
    assert.ok(area.isWalkable(plan.centre[0], plan.centre[1]));
  }
  const p = 0.125;
  const tol = 4 * Math.sqrt(draws * p * (1 - p));
  console.log(`hotspot plans ${n}/${draws} = ${(n / draws).toFixed(4)} (configured ${p})`);
  assert.ok(Math.abs(n - draws * p) <= tol, `${n} hotspots`);
});

Deno.test("simulateEpisode rejects bad configuration", async () => {
  const scene = await loadNamedScene("office");
  assert.throws(() => simulateEpisode(scene, { slotCount: 0 }, 1), /config.slotCount/);
  assert.throws(() => simulateEpisode(scene, { blockageProbabilityPerSlot: 2 }, 1), RangeError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => simulateEpisode(scene, null as any, 1), TypeError);
});
