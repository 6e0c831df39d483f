import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import {
  createArPredictor,
  createHandoverTracker,
  createOraclePredictor,
  episodeHistory,
  genieZfScheme,
  predictiveWczfScheme,
  reactiveZfScheme,
  runControlLoop,
  slotChannels,
} from "../../lib/twin/mod.ts";
import { syntheticEpisode } from "./fixtures.ts";

/** Round-off tolerance on SINR in dB between two computations of the same beams. */
const SINR_ATOL_DB = 1e-6;

function randomEpisode(seed: number, slots = 14) {
  const rng = createRng(seed).stream("synthetic-channels");
  const table = new Map<string, [number, number]>();
  return syntheticEpisode({ slots, aps: 2, ues: 4, antennas: 8 }, (t, b, u, n) => {
    const key = `${t},${b},${u},${n}`;
    if (!table.has(key)) table.set(key, [rng.normal() * 1e-4, rng.normal() * 1e-4]);
    return table.get(key)!;
  });
}

Deno.test("the twin's history refuses to show the future", () => {
  const ep = randomEpisode(1);
  const h = episodeHistory(ep, { syncSlot: 5 });
  assert.equal(h.channels(5).length, 2);
  assert.throws(() => h.channels(6), /twin's past/);
  assert.throws(() => h.rareEvent(9), RangeError);
});

Deno.test("oracle with T = 1 is WC-ZF on the exact next channel: equals genie ZF", async () => {
  const ep = randomEpisode(2);
  const result = await runControlLoop(ep, [
    predictiveWczfScheme(createOraclePredictor(ep), { horizon: 1 }),
    genieZfScheme(ep),
  ], { firstSlot: 1 });
  const [oracle, genie] = result.traces;
  for (let i = 0; i < oracle.sinrDb.length; i++) {
    assert.ok(Math.abs(oracle.sinrDb[i] - genie.sinrDb[i]) < SINR_ATOL_DB);
  }
  assert.equal(result.slots.length, ep.slotCount - 1);
});

Deno.test("reactive handover: switches after the detection window plus the re-association delay", () => {
  // One UE, two APs: AP 0 is strong until slot 4, then AP 1 is 10 dB stronger.
  const ep = syntheticEpisode({ slots: 20, aps: 2, ues: 1, antennas: 2 }, (t, b) => {
    const strong = (t < 4) === (b === 0);
    return [strong ? 1 : 0.3, 0];
  });
  const tracker = createHandoverTracker({ detectionWindowSlots: 3, reassociationDelaySlots: 5 });
  const serving = [];
  for (let t = 0; t < 20; t++) serving.push(tracker.update(slotChannels(ep, t))[0]);
  // Drop visible from report 4; detected at report 6 (3rd consecutive); served by AP 1
  // from report 11 (5 slots later).
  assert.deepEqual(serving.slice(0, 11), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(serving.slice(11), [1, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.throws(() => createHandoverTracker({ detectionWindowSlots: 0 }), /detectionWindowSlots/);
});

Deno.test("AR(1) predictor is exact for entries rotating at a constant rate", async () => {
  const ep = syntheticEpisode({ slots: 12, aps: 1, ues: 2, antennas: 3 }, (t, _b, u, n) => {
    const phase = 0.7 * (u + 1) * t + n;
    const amp = 1 + 0.1 * n;
    return [amp * Math.cos(phase), amp * Math.sin(phase)];
  });
  const predictor = createArPredictor({ historySlots: 4 });
  const history = episodeHistory(ep, { syncSlot: 6 });
  const [trajectory] = await predictor.predict(history, 5);
  for (let t = 0; t < 5; t++) {
    const truth = slotChannels(ep, 7 + t)[0];
    const pred = trajectory[t][0];
    for (let i = 0; i < truth.re.length; i++) {
      assert.ok(
        Math.abs(pred.re[i] - truth.re[i]) < 1e-5 && Math.abs(pred.im[i] - truth.im[i]) < 1e-5,
      );
    }
  }
});

Deno.test("control loop: shapes, determinism and the baseline's one-slot-old CSI", async () => {
  const ep = randomEpisode(3);
  const run = () => runControlLoop(ep, [reactiveZfScheme(), genieZfScheme(ep)], { firstSlot: 2 });
  const a = await run();
  const b = await run();
  assert.equal(a.traces[0].sinrDb.length, (ep.slotCount - 2) * ep.ueCount);
  assert.deepEqual(a.traces[0].sinrDb, b.traces[0].sinrDb);
  // Independent random channels each slot: stale CSI is useless, exact CSI is not.
  const mean = (x: Float32Array) => x.reduce((s, v) => s + v, 0) / x.length;
  assert.ok(mean(a.traces[1].sinrDb) > mean(a.traces[0].sinrDb) + 3);
  await assert.rejects(() => runControlLoop(ep, [], { firstSlot: 0 }), /firstSlot/);
});
