import assert from "node:assert/strict";
import {
  intervalTargetDb,
  ntnScenarioConfig,
  POWER_RUN_DEFAULTS,
  POWER_SCHEME_IDS,
  type PowerRunConfig,
  runPowerMission,
  validatePowerRun,
} from "../../lib/ntn/mod.ts";

const small = (over: Partial<PowerRunConfig> = {}): PowerRunConfig => ({
  ...POWER_RUN_DEFAULTS,
  scenario: ntnScenarioConfig({ ueCount: 8 }),
  intervals: 3,
  controlSlots: 6,
  marginsDb: [0, 2],
  marginDb: 2,
  ...over,
});

Deno.test("power run: bad input errors name the field", () => {
  assert.throws(() => validatePowerRun(small({ powerBudgetW: -1 })), /config.powerBudgetW/);
  assert.throws(
    () => validatePowerRun(small({ batteryCapacityWh: 0 })),
    /config.batteryCapacityWh/,
  );
  assert.throws(
    () => validatePowerRun(small({ scenario: ntnScenarioConfig({ uavAltitudeM: 20 }) })),
    /uavAltitudeM/,
  );
  assert.throws(() => validatePowerRun(small({ marginDb: 5 })), /marginDb/);
  assert.throws(() => validatePowerRun(small({ intervalS: 0.1 })), /intervalS/);
});

Deno.test("SINR target: Shannon for the total demand over the band, floored", () => {
  // 400 Mbit/s over 400 MHz: 1 bit/s/Hz -> 0 dB.
  assert.ok(Math.abs(intervalTargetDb([100, 300], 400e6, -10)) < 1e-12);
  assert.equal(intervalTargetDb([0, 0], 400e6, 3), 3);
  assert.equal(intervalTargetDb([10], 400e6, 3), 3);
});

Deno.test("mission: seeded; oracle meets full-power MRT's QoS at less power; battery drains", async () => {
  const a = await runPowerMission(small(), 3);
  const b = await runPowerMission(small(), 3);
  assert.deepEqual(a, b);
  const ids = new Set(a.traces.map((t) => t.scheme));
  for (const id of POWER_SCHEME_IDS) assert.ok(ids.has(id), id);
  const full = a.traces.find((t) => t.scheme === "full-power")!;
  const oracle = a.traces.find((t) => t.scheme === "oracle")!;
  const sum = (x: number[]) => x.reduce((s, v) => s + v, 0);
  assert.equal(sum(oracle.violations), sum(full.violations));
  assert.ok(sum(oracle.rfPowerW) < sum(full.rfPowerW));
  full.powerFraction.forEach((p) => assert.equal(p, 1));
  for (const t of a.traces) {
    for (let i = 1; i < t.stateOfCharge.length; i++) {
      assert.ok(t.stateOfCharge[i] < t.stateOfCharge[i - 1]);
    }
  }
  assert.deepEqual(a.warnings, []);
});

Deno.test("mission: a QoS floor above what full power reaches anywhere gives a warning", async () => {
  const m = await runPowerMission(small({ minTargetDb: 90 }), 1);
  assert.equal(m.warnings.length, 1);
  assert.match(m.warnings[0], /minTargetDb \(90 dB\) is above the best full-power SNR/);
});
