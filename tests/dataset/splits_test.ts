import assert from "node:assert/strict";
import {
  assignSplits,
  DEFAULT_SPLIT_FRACTIONS,
  openDataset,
  SPLIT_NAMES,
  splitCounts,
} from "../../lib/dataset/mod.ts";
import { buildSynthetic, withTempDir } from "./helpers.ts";

Deno.test("splits: disjoint, cover every episode, 80/10/10, deterministic in the seed", () => {
  for (const n of [1, 2, 3, 5, 10, 20, 51]) {
    const a = assignSplits(n, { seed: 3, fractions: DEFAULT_SPLIT_FRACTIONS });
    const b = assignSplits(n, { seed: 3, fractions: DEFAULT_SPLIT_FRACTIONS });
    assert.deepEqual(a, b);
    const all = [...a.train, ...a.validation, ...a.test].sort((x, y) => x - y);
    assert.deepEqual(all, Array.from({ length: n }, (_, i) => i), `n = ${n}`);
    if (n >= 3) {
      for (const s of SPLIT_NAMES) assert.ok(a[s].length >= 1, `${s} empty for n = ${n}`);
    }
  }
  assert.deepEqual(splitCounts(10, DEFAULT_SPLIT_FRACTIONS), { train: 8, validation: 1, test: 1 });
  assert.deepEqual(splitCounts(51, DEFAULT_SPLIT_FRACTIONS), { train: 41, validation: 5, test: 5 });
  assert.deepEqual(splitCounts(20, DEFAULT_SPLIT_FRACTIONS), { train: 16, validation: 2, test: 2 });
  const other = assignSplits(51, { seed: 4, fractions: DEFAULT_SPLIT_FRACTIONS });
  assert.notDeepEqual(other, assignSplits(51, { seed: 3, fractions: DEFAULT_SPLIT_FRACTIONS }));
});

Deno.test("splits: a dataset's samples are split by episode, never by sample", async () => {
  await withTempDir(async (dir) => {
    await buildSynthetic(dir, { episodeCount: 10 });
    const ds = await openDataset(dir);
    const episodesOf = new Map<string, Set<number>>();
    let total = 0;
    for (const s of SPLIT_NAMES) {
      const refs = ds.split(s);
      total += refs.length;
      episodesOf.set(s, new Set(refs.map((r) => r.episode)));
      assert.deepEqual([...episodesOf.get(s)!].sort((a, b) => a - b), [...ds.manifest.splits[s]]);
      for (const r of refs) assert.equal(ds.splitOf(r.episode), s);
    }
    for (const a of SPLIT_NAMES) {
      for (const b of SPLIT_NAMES) {
        if (a === b) continue;
        for (const e of episodesOf.get(a)!) assert.ok(!episodesOf.get(b)!.has(e));
      }
    }
    assert.equal(total, 10 * (30 - 15 + 1));
    assert.throws(
      () => ds.split("training" as never),
      /name must be one of train, validation, test/,
    );
  });
});
