import assert from "node:assert/strict";
import {
  forcedEvaluationBlockages,
  runWczfEvaluation,
  wczfStudyConfig,
} from "../../lib/experiments/mod.ts";
import { reactiveZfScheme } from "../../lib/twin/mod.ts";

Deno.test("WC-ZF evaluation (ci): every scheme evaluated, deterministic, exact CSI beats stale CSI", async () => {
  const config = {
    ...wczfStudyConfig("ci"),
    episodeSeeds: [101],
    firstSlot: 10,
    slotCount: 30,
    forcedBlockagesPerEpisode: 0,
  };
  const a = await runWczfEvaluation(config);
  const b = await runWczfEvaluation(config);
  assert.deepEqual(
    a.summary.map((s) => s.scheme),
    [
      "baseline",
      "classical-ar1",
      "linear-prediction",
      "linear-scenarios",
      "oracle",
      "genie-zf",
      "true-next+scenarios",
    ],
  );
  assert.deepEqual(a.samples.map((s) => s.sinrDb), b.samples.map((s) => s.sinrDb));
  const median = new Map(a.summary.map((s) => [s.scheme, s.medianSinrDb]));
  assert.ok(
    median.get("genie-zf")! > median.get("baseline")!,
    "zero-latency ZF beats 10 ms-old CSI",
  );
  assert.ok(
    median.get("linear-prediction")! > median.get("baseline")!,
    "the row-shared linear forecast beats 10 ms-old CSI",
  );
  const k = 30, slots = config.slotCount - config.firstSlot;
  for (const s of a.samples) assert.equal(s.sinrDb.length, k * slots);
});

Deno.test("forcedEvaluationBlockages: distinct UEs, onsets inside the evaluated window, seeded", () => {
  const config = { firstSlot: 10, slotCount: 50, forcedBlockagesPerEpisode: 3 };
  // onsets no earlier than the slowest forced walker's approach (0.2 m at 0.8 m/s)
  const events = forcedEvaluationBlockages(config, 7);
  assert.equal(events.length, 3);
  assert.equal(new Set(events.map((e) => e.ue)).size, 3, "distinct UEs");
  for (const e of events) {
    assert.ok(e.slot >= 25 && e.slot <= 40, `onset ${e.slot} inside [25, 40]`);
    assert.ok(e.ue >= 0 && e.ue < 30);
  }
  assert.deepEqual(forcedEvaluationBlockages(config, 7), events, "same seed, same events");
  assert.notDeepEqual(forcedEvaluationBlockages(config, 8), events, "another seed differs");
  assert.deepEqual(forcedEvaluationBlockages({ ...config, forcedBlockagesPerEpisode: 0 }, 7), []);
  assert.throws(
    () => forcedEvaluationBlockages({ ...config, slotCount: 34 }, 7),
    RangeError,
    "no room after firstSlot",
  );
  assert.throws(
    () => forcedEvaluationBlockages({ ...config, forcedBlockagesPerEpisode: 1.5 }, 7),
    RangeError,
  );
});

Deno.test("WC-ZF evaluation: forced blockages give rare-event samples in a short episode", async () => {
  const base = {
    ...wczfStudyConfig("ci"),
    firstSlot: 22,
    slotCount: 36,
    episodeSeeds: [1105],
  };
  const quiet = await runWczfEvaluation(
    { ...base, forcedBlockagesPerEpisode: 0 },
    { schemes: () => [reactiveZfScheme()] },
  );
  const forced = await runWczfEvaluation(
    { ...base, forcedBlockagesPerEpisode: 2 },
    { schemes: () => [reactiveZfScheme()] },
  );
  assert.ok(
    forced.rareFraction > quiet.rareFraction,
    `rare fraction ${forced.rareFraction} > ${quiet.rareFraction}`,
  );
  assert.ok(forced.samples[0].rareSinrDb.length > 0);
});
