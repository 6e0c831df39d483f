import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import type { ComplexMatrix } from "../../lib/core/mod.ts";
import {
  episodeHistory,
  genieZfScheme,
  reactiveZfScheme,
  runControlLoop,
  slotChannels,
} from "../../lib/twin/mod.ts";
import { syntheticEpisode } from "./fixtures.ts";

/**
 * Tolerance on the measured estimation SNR, dB. Each row's |e|^2 / |h|^2 is a scaled
 * chi-square with 2 Nt = 128 degrees of freedom (relative std 12.5 %); averaged over the
 * 20 slots x 3 APs = 60 rows of one UE the mean has relative std 1.6 % (0.07 dB), so
 * 0.3 dB is over 4 sigma.
 */
const MEASURED_SNR_ATOL_DB = 0.3;

const DIMS = { slots: 20, aps: 3, ues: 4, antennas: 64 };

/**
 * Random channels whose row power differs by 20 dB from UE to UE, so that a noise
 * scaled to the slot's or the AP's total power instead of each row's would fail the
 * per-UE SNR check. `constantInTime`: the same channels in every slot.
 */
function testEpisode(seed: number, constantInTime = false) {
  const rng = createRng(seed).stream("synthetic-channels");
  const table = new Map<string, [number, number]>();
  return syntheticEpisode(DIMS, (t, b, u, n) => {
    const key = `${constantInTime ? 0 : t},${b},${u},${n}`;
    const scale = 1e-4 * 10 ** u;
    if (!table.has(key)) table.set(key, [rng.normal() * scale, rng.normal() * scale]);
    return table.get(key)!;
  });
}

/** Sum over every entry of |a - b|^2 and |b|^2 for UE row k of matrices `a`, `b`. */
function rowErrorAndPower(a: ComplexMatrix, b: ComplexMatrix, k: number): [number, number] {
  let e = 0, p = 0;
  for (let n = k * b.cols; n < (k + 1) * b.cols; n++) {
    e += (a.re[n] - b.re[n]) ** 2 + (a.im[n] - b.im[n]) ** 2;
    p += b.re[n] ** 2 + b.im[n] ** 2;
  }
  return [e, p];
}

Deno.test("estimation noise: Infinity (the default) gives the exact stored channels", () => {
  const ep = testEpisode(1);
  const clean = episodeHistory(ep, { syncSlot: 10 });
  const explicit = episodeHistory(ep, { syncSlot: 10, estimationSnrDb: Infinity, noiseSeed: 5 });
  for (let s = 0; s <= 10; s++) {
    assert.deepEqual(clean.channels(s), slotChannels(ep, s));
    assert.deepEqual(explicit.channels(s), slotChannels(ep, s));
  }
});

Deno.test("estimation noise: measured per-row SNR matches the target, for rows of any power", () => {
  const ep = testEpisode(2);
  for (const snrDb of [0, 10, 25]) {
    const h = episodeHistory(ep, { syncSlot: DIMS.slots - 1, estimationSnrDb: snrDb });
    for (let k = 0; k < DIMS.ues; k++) {
      // Mean over rows of the per-row noise-to-signal ratio.
      let ratio = 0, rows = 0;
      for (let s = 0; s < DIMS.slots; s++) {
        const noisy = h.channels(s);
        const truth = slotChannels(ep, s);
        for (let b = 0; b < DIMS.aps; b++) {
          const [e, p] = rowErrorAndPower(noisy[b], truth[b], k);
          ratio += e / p;
          rows++;
        }
      }
      const measuredDb = -10 * Math.log10(ratio / rows);
      assert.ok(
        Math.abs(measuredDb - snrDb) < MEASURED_SNR_ATOL_DB,
        `UE ${k}: measured ${measuredDb.toFixed(3)} dB, target ${snrDb} dB`,
      );
    }
  }
});

Deno.test("estimation noise: same seed gives the same CSI whatever the reading order; slots and seeds differ", () => {
  const ep = testEpisode(3, true);
  const a = episodeHistory(ep, { syncSlot: 8, estimationSnrDb: 10 });
  const b = episodeHistory(ep, { syncSlot: 8, estimationSnrDb: 10 });
  const b5 = b.channels(5); // b reads slot 5 first, a reads slot 3 first
  const a3 = a.channels(3);
  assert.deepEqual(a.channels(5), b5);
  assert.deepEqual(b.channels(3), a3);
  // A later view of the same episode (the next control-loop step) sees the same past.
  const later = episodeHistory(ep, { syncSlot: 9, estimationSnrDb: 10 });
  assert.deepEqual(later.channels(3), a3);
  // Default seed = episode.seed.
  const seeded = episodeHistory(ep, { syncSlot: 8, estimationSnrDb: 10, noiseSeed: ep.seed });
  assert.deepEqual(seeded.channels(3), a3);
  // The channels are the same in every slot, the noise is not.
  assert.deepEqual(slotChannels(ep, 3), slotChannels(ep, 4));
  const a4 = a.channels(4);
  assert.notDeepEqual(a4[0].re, a3[0].re);
  // Another seed, another noise.
  const other = episodeHistory(ep, { syncSlot: 8, estimationSnrDb: 10, noiseSeed: ep.seed + 1 });
  assert.notDeepEqual(other.channels(3)[0].re, a3[0].re);
});

Deno.test("estimation noise: a cache holds one noise setting; bad options are refused", () => {
  const ep = testEpisode(4);
  const cache = new Map<number, ComplexMatrix[]>();
  episodeHistory(ep, { syncSlot: 4, cache, estimationSnrDb: 10 }).channels(2);
  assert.deepEqual(
    episodeHistory(ep, { syncSlot: 5, cache, estimationSnrDb: 10 }).channels(2),
    episodeHistory(ep, { syncSlot: 5, estimationSnrDb: 10 }).channels(2),
  );
  assert.throws(() => episodeHistory(ep, { syncSlot: 5, cache }), /options\.cache/);
  assert.throws(
    () => episodeHistory(ep, { syncSlot: 5, cache, estimationSnrDb: 10, noiseSeed: 9 }),
    /options\.cache/,
  );
  for (const bad of [NaN, -Infinity, "10" as unknown as number]) {
    assert.throws(
      () => episodeHistory(ep, { syncSlot: 5, estimationSnrDb: bad }),
      { name: "RangeError", message: /options\.estimationSnrDb/ },
    );
  }
  assert.throws(
    () => episodeHistory(ep, { syncSlot: 5, estimationSnrDb: 10, noiseSeed: 1.5 }),
    { name: "RangeError", message: "options.noiseSeed must be a safe integer, got 1.5" },
  );
});

/** Mean of a Float32Array. */
function mean(x: Float32Array): number {
  return x.reduce((s, v) => s + v, 0) / x.length;
}

Deno.test("control loop: schemes decide on the noisy history, the SINR is of the true channels", async () => {
  // Channels constant in time: with clean CSI the one-slot-old baseline is exactly genie ZF.
  const ep = testEpisode(5, true);
  const schemes = () => [reactiveZfScheme(), genieZfScheme(ep)];
  const clean = await runControlLoop(ep, schemes(), { firstSlot: 2 });
  const explicit = await runControlLoop(ep, schemes(), { firstSlot: 2, estimationSnrDb: Infinity });
  for (let j = 0; j < 2; j++) {
    assert.deepEqual(explicit.traces[j].sinrDb, clean.traces[j].sinrDb);
    assert.deepEqual(explicit.traces[j].servingAp, clean.traces[j].servingAp);
  }
  assert.deepEqual(clean.traces[0].sinrDb, clean.traces[1].sinrDb);

  const noisy = await runControlLoop(ep, schemes(), { firstSlot: 2, estimationSnrDb: 10 });
  const again = await runControlLoop(ep, schemes(), { firstSlot: 2, estimationSnrDb: 10 });
  assert.deepEqual(noisy.traces[0].sinrDb, again.traces[0].sinrDb, "deterministic");
  // Genie ZF reads the episode itself: unchanged.
  assert.deepEqual(noisy.traces[1].sinrDb, clean.traces[1].sinrDb);
  // ZF on 10 dB CSI leaks interference on the true channels: the baseline loses SINR.
  const loss = mean(clean.traces[0].sinrDb) - mean(noisy.traces[0].sinrDb);
  assert.ok(loss > 1, `baseline SINR loss ${loss.toFixed(2)} dB`);
  await assert.rejects(
    () => runControlLoop(ep, schemes(), { firstSlot: 2, estimationSnrDb: NaN }),
    /options\.estimationSnrDb/,
  );
});
