import assert from "node:assert/strict";
import { PAPER_UAV_POWER } from "../../lib/core/mod.ts";
import { FIGURE_STEPS, figureConfigs } from "../../lib/experiments/all_figures.ts";
import {
  loadPowerGenerative,
  poolPowerStudy,
  powerHeadlineTable,
  type PowerStudyConfig,
  powerStudyConfig,
  powerStudyFigures,
  runPowerStudy,
  runPowerStudyMission,
  savePowerStudy,
} from "../../lib/experiments/power/mod.ts";
import { createResidualScenarioPredictor } from "../../lib/channel/mod.ts";
import { hasShippedModels } from "../../lib/models/mod.ts";
import { setupBackend } from "../../lib/models/backend/mod.ts";
import { POWER_SCHEME_IDS, runPowerMission } from "../../lib/ntn/mod.ts";

Deno.test("power study config: >= 5 seeds on cpu and paper, 2 on ci; registered as a figures step", () => {
  assert.equal(powerStudyConfig("ci").seeds.length, 2);
  assert.ok(powerStudyConfig("cpu").seeds.length >= 5);
  assert.ok(powerStudyConfig("paper").seeds.length >= 5);
  assert.deepEqual(powerStudyConfig("cpu", { seed: 4 }), powerStudyConfig("cpu", { seed: 4 }));
  assert.notDeepEqual(powerStudyConfig("cpu", { seed: 4 }).seeds, powerStudyConfig("cpu").seeds);
  assert.ok((FIGURE_STEPS as readonly string[]).includes("power"));
  assert.deepEqual(figureConfigs("ci", 1).power, powerStudyConfig("ci", { seed: 1 }));
});

Deno.test("power study (ci): rows per scheme, targets, reproduction, figures and files", async () => {
  const config = powerStudyConfig("ci");
  const study = await runPowerStudy(config);
  const head = powerHeadlineTable(study);
  assert.deepEqual(head.map((r) => r.scheme), [...POWER_SCHEME_IDS]);
  const full = study.summary.find((s) => s.scheme === "full-power")!;
  assert.equal(full.savingRfPct.median, 0);
  for (const s of study.summary) {
    assert.ok(s.savingSupplyPct.max <= s.savingRfPct.max + 1e-9, s.scheme);
    assert.equal(s.rfPowerW.n, 2);
  }
  // Reported whatever the outcome.
  assert.equal(study.targets.length, 3);
  for (const t of study.targets) assert.equal(typeof t.met, "boolean");
  // The paper's numbers appear only in the paper column.
  const rows = study.reproduction;
  assert.ok(rows.some((r) => r.paper === String(PAPER_UAV_POWER.fullPowerW)));
  assert.ok(rows.some((r) => r.paper === String(PAPER_UAV_POWER.savingPct["proactive-dt-cgan"])));
  for (const r of rows) {
    assert.ok(!r.oursRf.includes(String(PAPER_UAV_POWER.proactiveW)));
    assert.ok(r.reason.length > 10);
  }
  const battery = study.battery.filter((b) => b.scheme === "full-power");
  assert.equal(battery[0].medianWh, config.run.batteryCapacityWh);
  assert.ok(battery[battery.length - 1].medianWh < battery[0].medianWh);
  const figures = powerStudyFigures(study);
  assert.deepEqual(Object.keys(figures), [
    "fig3c_power_battery",
    "fig3d_power_total",
    "fig3d_power_saving",
    "power_tradeoff",
  ]);
  const dir = await Deno.makeTempDir({ prefix: "power-study-" });
  try {
    const written = await savePowerStudy(study, dir, { provenance: { test: true } });
    assert.ok(written.some((p) => p.endsWith("power_reproduction.csv")));
    assert.ok(written.some((p) => p.endsWith("fig3c_power_battery.svg")));
    assert.ok(written.some((p) => p.endsWith("power_notes.csv")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("power study: bad config errors name the field", async () => {
  const c = powerStudyConfig("ci");
  await assert.rejects(
    () => runPowerStudy({ ...c, run: { ...c.run, powerBudgetW: -3 } }),
    /config.powerBudgetW/,
  );
  await assert.rejects(
    () => runPowerStudy({ ...c, run: { ...c.run, batteryCapacityWh: 0 } }),
    /config.batteryCapacityWh/,
  );
  await assert.rejects(() => runPowerStudy({ ...c, seeds: [] }), /config.seeds/);
});

const tinyRun = (c: PowerStudyConfig): PowerStudyConfig => ({
  ...c,
  seeds: c.seeds.slice(0, 1),
  run: {
    ...c.run,
    scenario: { ...c.run.scenario, ueCount: 4 },
    intervals: 2,
    controlSlots: 3,
    marginsDb: [0, 2],
    marginDb: 2,
  },
});

Deno.test("power study (ci): no shipped ci weights, the stand-in runs and the notes say so", async () => {
  const config = powerStudyConfig("ci");
  assert.deepEqual(config.generator, { weights: "ci", trajectories: 20 });
  const setup = await loadPowerGenerative(config);
  assert.equal(setup.available, false);
  assert.match(setup.note, /no shipped weights for preset ci/);
  assert.equal(setup.mission.generative, undefined);
  const study = await runPowerStudy(tinyRun(config));
  assert.equal(study.generative.source, "stand-in");
  assert.match(study.notes[0], /cGAN schemes: no shipped weights for preset ci.*stand-in/);
  const row = study.reproduction.find((r) =>
    r.quantity === "generative model of the cGAN schemes"
  )!;
  assert.match(row.reason, /no trained generator ran/);
  const label = powerHeadlineTable(study).find((r) => r.scheme === "proactive-dt-cgan")!.label;
  assert.match(label, /stand-in/);
  // One unit of a sharded run is the same mission as the study's.
  const tiny = tinyRun(config);
  assert.deepEqual(await runPowerStudyMission(tiny, tiny.seeds[0]), study.missions[0]);
  const none = await loadPowerGenerative({ run: config.run });
  assert.match(none.note, /no trained generator requested/);
  await assert.rejects(
    () => runPowerStudy({ ...config, generator: { weights: "ci", trajectories: 0 } }),
    /config.generator.trajectories/,
  );
});

Deno.test("power study: a given generative setup labels the cGAN schemes; mixed missions are noted", async () => {
  const config = tinyRun(powerStudyConfig("ci"));
  const generative = {
    available: true,
    note: "test generator",
    mission: {
      generative: () => createResidualScenarioPredictor({ errorSlots: 2 }),
      generativeName: "test-gen",
      generativeNote: "test generator",
    },
  };
  const study = await runPowerStudy(config, { generative });
  assert.equal(study.generative.source, "given");
  assert.deepEqual(study.notes, ["cGAN schemes: test generator"]);
  const labels = powerHeadlineTable(study).map((r) => r.label);
  assert.ok(labels.includes("Proactive DT + cGAN (test-gen)"));
  assert.ok(labels.includes("Proactive DT, residual-scenario stand-in (ablation)"));
  const standIn = await runPowerStudy(config);
  const mixed = poolPowerStudy({ ...config, seeds: [1, 2] }, [
    { ...study.missions[0], seed: 1 },
    { ...standIn.missions[0], seed: 2 },
  ]);
  assert.match(mixed.notes[0], /2 different generative predictors/);
});

Deno.test("power study (cpu weights): the shipped GenAI-DT generator, zero-shot, seeded", async () => {
  if (!(await hasShippedModels("cpu"))) return; // weights not in this checkout
  await setupBackend({ backend: "cpu" });
  const config = tinyRun(powerStudyConfig("cpu"));
  const setup = await loadPowerGenerative({
    ...config,
    generator: { weights: "cpu", trajectories: 4 },
  });
  assert.equal(setup.available, true);
  assert.match(setup.note, /GenAI-DT generator trained on the office \(cpu weights.*zero-shot/);
  assert.equal(setup.mission.generativeName, "GenAI-DT, office-trained, zero-shot");
  const a = await runPowerMission(config.run, 5, setup.mission);
  const b = await runPowerMission(config.run, 5, setup.mission);
  assert.deepEqual(a, b);
  assert.equal(a.generative.trajectories, 4);
  const cgan = a.traces.find((t) => t.scheme === "proactive-dt-cgan" && t.marginDb === 0)!;
  const residual = a.traces.find((t) => t.scheme === "proactive-dt-residual" && t.marginDb === 0)!;
  assert.notDeepEqual(cgan.powerFraction, residual.powerFraction);
  for (const t of a.traces) t.powerFraction.forEach((p) => assert.ok(p >= 0 && p <= 1));
});
