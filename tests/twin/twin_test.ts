import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import {
  createArPredictor,
  createHandoverTracker,
  createOraclePredictor,
  episodeHistory,
  genieZfScheme,
  predictiveWczfScheme,
  randomBeamsScheme,
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

/** Relative tolerance on the mean beamforming gain of random beams (600 draws). */
const RANDOM_GAIN_RTOL = 0.15;

Deno.test("random beams: unit norm, seeded, mean gain |h|^2 / Nt (isotropic beams)", async () => {
  const ep = randomEpisode(5, 80);
  const nt = ep.antennaCount;
  const scheme = () => randomBeamsScheme(createRng(9).stream("random-beams"));
  const a = scheme(), b = scheme();
  let ratioSum = 0, count = 0;
  for (let slot = 1; slot < ep.slotCount; slot++) {
    const history = episodeHistory(ep, { syncSlot: slot - 1 });
    const da = await a.decide(history), db = await b.decide(history);
    assert.deepEqual(da.beams, db.beams, "same seed, same beams");
    const h = slotChannels(ep, slot - 1);
    for (const { servedUes, weights } of da.beams) {
      const kb = servedUes.length;
      servedUes.forEach((u, j) => {
        let norm = 0, gr = 0, gi = 0, hh = 0;
        const ap = da.servingAp[u], row = h[ap];
        for (let q = 0; q < nt; q++) {
          const wr = weights.re[q * kb + j], wi = weights.im[q * kb + j];
          norm += wr * wr + wi * wi;
          // row k of H is h^H, so h^H w = sum_q H[k, q] w[q]
          const xr = row.re[u * nt + q], xi = row.im[u * nt + q];
          gr += xr * wr - xi * wi;
          gi += xr * wi + xi * wr;
          hh += xr * xr + xi * xi;
        }
        assert.ok(Math.abs(norm - 1) < 1e-12, `unit norm, got ${norm}`);
        ratioSum += (gr * gr + gi * gi) / (hh / nt);
        count++;
      });
    }
  }
  const meanRatio = ratioSum / count;
  assert.ok(
    Math.abs(meanRatio - 1) < RANDOM_GAIN_RTOL,
    `mean |h^H w|^2 / (|h|^2 / Nt) = ${meanRatio} over ${count} draws`,
  );
  assert.throws(() => randomBeamsScheme({} as never), TypeError);
});
