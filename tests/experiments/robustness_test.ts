import assert from "node:assert/strict";
import {
  ROBUSTNESS_CONDITIONS,
  robustnessPlotRows,
  robustnessStudyConfig,
  robustnessStudyFigures,
  runRobustnessStudy,
  saveRobustnessStudy,
} from "../../lib/experiments/robustness/mod.ts";

const CONDITIONS = ["reference", "CSI SNR 10 dB", "oscillator phase on"];

Deno.test("robustness (ci, 1 seed): one row per condition and scheme, deterministic", async () => {
  const config = robustnessStudyConfig("ci", { seedCount: 1, conditions: CONDITIONS });
  assert.deepEqual(config.conditions.map((c) => c.name), CONDITIONS);
  assert.deepEqual(config.evaluation.episodeSeeds, [1900]);
  const a = await runRobustnessStudy(config);
  for (
    const id of ["baseline", "classical-ar1", "linear-prediction", "oracle", "genie-zf"]
  ) assert.ok(a.schemes.includes(id), `${id} runs`);
  assert.equal(a.schemes.at(-1), "linear-prediction align off");
  assert.equal(a.rows.length, CONDITIONS.length * a.schemes.length);
  assert.deepEqual(
    a.rows.map((r) => r.condition),
    CONDITIONS.flatMap((c) => a.schemes.map(() => c)),
  );
  for (const r of a.rows) {
    assert.deepEqual(Object.keys(r), [
      "condition",
      "scheme",
      "medianGainDb",
      "minGainDb",
      "maxGainDb",
      "seeds",
      "pooledGainDb",
    ]);
    assert.ok(CONDITIONS.includes(r.condition));
    if (r.scheme === "baseline") assert.equal(r.medianGainDb, 0);
    assert.equal(r.seeds, 1, "the ci episodes hold rare-event samples");
    // one seed: median = min = max = pooled
    assert.equal(r.minGainDb, r.medianGainDb);
    assert.equal(r.maxGainDb, r.medianGainDb);
    assert.ok(Math.abs(r.pooledGainDb - r.medianGainDb) < 1e-9);
  }
  const gain = (condition: string, scheme: string) =>
    a.rows.find((r) => r.condition === condition && r.scheme === scheme)!.medianGainDb;
  // the oscillator phase leaves the SINR of exact-CSI schemes (and the baseline) unchanged
  assert.ok(
    Math.abs(gain("oscillator phase on", "genie-zf") - gain("reference", "genie-zf")) < 1e-3,
  );

  const b = await runRobustnessStudy(config);
  assert.deepEqual(b.rows, a.rows, "same seed, same rows");
  assert.deepEqual(b.seedRows, a.seedRows);

  const plot = robustnessPlotRows(a);
  assert.deepEqual([...new Set(plot.map((r) => r.family))], ["estimation SNR", "oscillator"]);
  assert.ok(!plot.some((r) => r.scheme === "baseline"));
  assert.deepEqual(
    [...new Set(plot.filter((r) => r.family === "estimation SNR").map((r) => r.level))],
    ["exact", "10 dB"],
  );
  assert.deepEqual(Object.keys(robustnessStudyFigures(a)), ["robustness"]);

  const dir = await Deno.makeTempDir();
  try {
    const written = await saveRobustnessStudy(a, dir, { provenance: { preset: "ci" } });
    assert.deepEqual(
      written.map((p) => p.slice(p.lastIndexOf("/") + 1)),
      ["robustness.svg", "robustness.png", "robustness.csv", "robustness.json", "robustness.md"],
    );
    const csv = await Deno.readTextFile(`${dir}/robustness.csv`);
    assert.equal(
      csv.split("\n")[0],
      "condition,scheme,medianGainDb,minGainDb,maxGainDb,seeds,pooledGainDb",
    );
    const md = await Deno.readTextFile(`${dir}/robustness.md`);
    assert.match(md, /genie ZF and the oracle read the episode directly and stay exact/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("robustness config: presets, seeds, conditions and errors", () => {
  assert.equal(robustnessStudyConfig("cpu").conditions.length, ROBUSTNESS_CONDITIONS.length);
  assert.deepEqual(robustnessStudyConfig("cpu", { seed: 2 }).evaluation.episodeSeeds, [
    2900,
    2901,
    2902,
    2903,
    2904,
  ]);
  assert.equal(robustnessStudyConfig("paper").evaluation.episodeSeeds.length, 10);
  assert.equal(ROBUSTNESS_CONDITIONS.filter((c) => c.family === "reference").length, 1);
  // canonical order whatever the order asked for
  assert.deepEqual(
    robustnessStudyConfig("ci", { conditions: ["jitter 1 rad", "reference"] }).conditions
      .map((c) => c.name),
    ["reference", "jitter 1 rad"],
  );
  assert.throws(
    () => robustnessStudyConfig("ci", { conditions: ["reference", "jitter 2 rad"] }),
    /options\.conditions\[1\]: unknown condition "jitter 2 rad"/,
  );
  assert.throws(
    () => robustnessStudyConfig("ci", { conditions: ["reference", "reference"] }),
    /options\.conditions\[1\]: "reference" is repeated/,
  );
  assert.throws(() => robustnessStudyConfig("ci", { conditions: [] }), /options\.conditions/);
  assert.throws(() => robustnessStudyConfig("ci", { seedCount: 0 }), /options\.seedCount/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => robustnessStudyConfig("gpu" as any), /preset/);
});

Deno.test("runRobustnessStudy: rejects a config without conditions", async () => {
  const config = robustnessStudyConfig("ci", { seedCount: 1 });
  await assert.rejects(
    () => runRobustnessStudy({ ...config, conditions: [] }),
    /config\.conditions/,
  );
  await assert.rejects(
    () =>
      runRobustnessStudy({ ...config, conditions: [config.conditions[0], config.conditions[0]] }),
    /config\.conditions: condition "reference" is repeated/,
  );
});
