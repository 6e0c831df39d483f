/** The mobility study is a pure function of its config: same seed, same bytes. */
import assert from "node:assert/strict";
import { joinPath } from "../../lib/core/mod.ts";
import {
  type MobilityStudyConfig,
  mobilityStudyConfig,
  runMobilityStudy,
  saveMobilityStudy,
} from "../../lib/experiments/mod.ts";

const SMALL: MobilityStudyConfig = {
  ...mobilityStudyConfig("ci"),
  showcaseSlotCount: 260,
  statsEpisodeCount: 6,
  statsSlotCount: 40,
};

Deno.test("mobility study: two runs with the same seed give identical CSV and SVG bytes", async () => {
  const dirs = [await Deno.makeTempDir(), await Deno.makeTempDir()];
  try {
    for (const dir of dirs) await saveMobilityStudy(await runMobilityStudy(SMALL), dir);
    const names = (await Array.fromAsync(Deno.readDir(dirs[0])))
      .map((e) => e.name)
      .filter((n) => n.endsWith(".csv") || n.endsWith(".svg"))
      .sort();
    assert.ok(names.includes("mobility_trajectories.svg"));
    assert.ok(names.includes("mobility_rare_event_stats.csv"));
    assert.ok(names.length >= 6, names.join());
    for (const n of names) {
      const a = await Deno.readFile(joinPath(dirs[0], n));
      const b = await Deno.readFile(joinPath(dirs[1], n));
      assert.deepEqual(a, b, n);
    }
  } finally {
    for (const dir of dirs) await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mobility study: rare-event statistics rows are consistent", async () => {
  const r = await runMobilityStudy({ ...SMALL, showcaseSlotCount: 30 });
  const onsets = r.rareEventStats.find((s) => s.statistic === "blockage onsets per slot")!;
  assert.equal(onsets.trials, SMALL.statsEpisodeCount * SMALL.statsSlotCount);
  assert.ok(onsets.ci95Low <= onsets.realized && onsets.realized <= onsets.ci95High);
  assert.equal(onsets.configured, 0.05);
  assert.equal(r.blockage, null, "30 slots are too short for a shown blockage event");
});
