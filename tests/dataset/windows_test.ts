import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import { episodeWindow, openDataset, sampleRefs, windowStarts } from "../../lib/dataset/mod.ts";
import { buildSynthetic, SMALL, withTempDir } from "./helpers.ts";
import { syntheticEpisode } from "./synthetic.ts";

const W = { past: 10, future: 5, stride: 1 };

Deno.test("windows: starts never let a window cross the episode end", () => {
  assert.deepEqual(windowStarts(15, W), [0]);
  assert.deepEqual(windowStarts(14, W), []);
  assert.equal(windowStarts(1000, W).length, 986);
  assert.deepEqual(windowStarts(20, { ...W, stride: 3 }), [0, 3]);
  const refs = sampleRefs([{ episode: 0, slotCount: 16 }, { episode: 5, slotCount: 17 }], W);
  assert.deepEqual(refs, [
    { episode: 0, start: 0 },
    { episode: 0, start: 1 },
    { episode: 5, start: 0 },
    { episode: 5, start: 1 },
    { episode: 5, start: 2 },
  ]);
});

Deno.test("windows: past = slots start..start+9, future = start+10..start+14, as views", () => {
  const { A, K, Nt, S } = SMALL;
  const ep = syntheticEpisode(2, { rng: createRng(1), dims: SMALL });
  for (const start of [0, 7, S - 15]) {
    const w = episodeWindow(ep, { ref: { episode: 2, start }, params: W });
    assert.equal(w.past.channels.length, 10 * A * K * Nt * 2);
    assert.equal(w.future.channels.length, 5 * A * K * Nt * 2);
    for (let t = 0; t < 10; t++) {
      assert.equal(w.past.channels[t * A * K * Nt * 2], 2000 + start + t);
      assert.equal(w.past.beamIndex[t * K], 2000 + start + t);
      assert.equal(w.past.rareEvent[t], (start + t) % 7 === 3 ? 1 : 0);
    }
    for (let t = 0; t < 5; t++) {
      assert.equal(w.future.channels[t * A * K * Nt * 2], 2000 + start + 10 + t);
      assert.equal(w.future.rssiDbm[t * K], -(2000 + start + 10 + t));
    }
    // imaginary part of entry (b = 2, k = 3, n = 5) in the first past slot
    assert.equal(w.past.channels[2 * ((2 * K + 3) * Nt + 5) + 1], 203 + 5 / 64);
    assert.equal(w.past.channels.buffer, ep.channels.buffer, "a view, not a copy");
    assert.equal(w.past.uePositionsM.length, 10 * K * 3);
    const anyRare = [...w.past.rareEvent, ...w.future.rareEvent].includes(1);
    assert.equal(w.rareEvent, anyRare);
    assert.equal(w.rareEventInFuture, w.future.rareEvent.includes(1));
    assert.equal(w.blockageOnsetInFuture, w.future.blockageOnset.includes(1));
  }
  assert.throws(
    () => episodeWindow(ep, { ref: { episode: 2, start: S - 14 }, params: W }),
    /options\.ref\.start 16: window of 10 \+ 5 slots leaves episode 2/,
  );
  assert.throws(() => episodeWindow(ep, { ref: { episode: 2, start: -1 }, params: W }), RangeError);
});

Deno.test("windows: dataset windows come from the right episode and slots", async () => {
  await withTempDir(async (dir) => {
    await buildSynthetic(dir, { episodeCount: 4 });
    const ds = await openDataset(dir, { cacheEpisodes: 1 });
    for (const s of ["train", "validation", "test"] as const) {
      for (const ref of ds.split(s)) {
        const w = await ds.window(ref);
        assert.equal(w.past.channels[0], 1000 * ref.episode + ref.start);
        assert.equal(w.future.channels[0], 1000 * ref.episode + ref.start + 10);
        const lastFuture = w.future.beamIndex[(5 - 1) * SMALL.K];
        assert.equal(lastFuture, 1000 * ref.episode + ref.start + 14);
        assert.ok(ref.start + 15 <= SMALL.S);
      }
    }
    const ep = await ds.readEpisode(1);
    assert.deepEqual(
      ep.uePositionsM,
      syntheticEpisode(1, { rng: createRng(7).stream("episode-1"), dims: SMALL }).uePositionsM,
    );
  });
});
