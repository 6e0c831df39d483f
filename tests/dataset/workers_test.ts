/**
 * Episodes simulated in Deno Workers give the same dataset bytes (shards and manifest)
 * as a sequential build, on the real `ci` preset; windows carry per-AP rare-event flags.
 */
import assert from "node:assert/strict";
import {
  apRareEventFlags,
  buildDataset,
  datasetPreset,
  openDataset,
  simulatedEpisodeSource,
} from "../../lib/dataset/mod.ts";
import { withTempDir } from "./helpers.ts";
import { readTree, TEST_CODE_VERSION } from "./synthetic.ts";

Deno.test("ci preset: 2 workers build the same bytes as a sequential build", async () => {
  const preset = datasetPreset("ci");
  await withTempDir(async (root) => {
    const trees = [];
    for (const workers of [1, 2]) {
      const outDir = `${root}/w${workers}`;
      const source = await simulatedEpisodeSource(preset, { workers });
      try {
        await buildDataset({
          outDir,
          preset,
          seed: 3,
          codeVersion: TEST_CODE_VERSION,
          generateEpisode: source.generateEpisode,
          concurrency: source.workers,
        });
      } finally {
        source.close();
      }
      trees.push(await readTree(outDir));
    }
    assert.deepEqual(trees[1], trees[0]);
    const ds = await openDataset(`${root}/w2`);
    const w = await ds.window(ds.split("train")[3]);
    assert.equal(w.past.sinrDb!.length, 10 * 30);
    assert.equal(w.future.rareEventUe.length, 5 * 30);
    assert.deepEqual(w.apRareEventPast, apRareEventFlags(w.past, 3));
    assert.equal(w.apRareEventFuture.length, 3);
  });
});

Deno.test("concurrency: resume after a partial build still matches", async () => {
  const preset = { ...datasetPreset("ci"), episodeCount: 3, slotCount: 20 };
  await withTempDir(async (root) => {
    const source = await simulatedEpisodeSource(preset, { workers: 2 });
    try {
      const build = (outDir: string, generateEpisode = source.generateEpisode) =>
        buildDataset({
          outDir,
          preset,
          seed: 5,
          codeVersion: TEST_CODE_VERSION,
          generateEpisode,
          concurrency: 2,
        });
      await build(`${root}/full`);
      let calls = 0;
      await assert.rejects(
        build(`${root}/partial`, (i, rng) => {
          if (++calls > 1 && i === 1) throw new Error("killed");
          return source.generateEpisode(i, rng);
        }),
        /killed/,
      );
      const resumed = await build(`${root}/partial`);
      assert.ok(resumed.reused.includes(0));
      assert.deepEqual(await readTree(`${root}/partial`), await readTree(`${root}/full`));
    } finally {
      source.close();
    }
  });
});
