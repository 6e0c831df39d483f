import assert from "node:assert/strict";
import { PAPER_UAV_POWER } from "../../lib/core/mod.ts";
import { FIGURE_STEPS, figureConfigs } from "../../lib/experiments/all_figures.ts";
import {
  powerHeadlineTable,
  powerStudyConfig,
  powerStudyFigures,
  runPowerStudy,
  savePowerStudy,
} from "../../lib/experiments/power/mod.ts";
import { POWER_SCHEME_IDS } from "../../lib/ntn/mod.ts";

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
