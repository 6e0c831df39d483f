import assert from "node:assert/strict";
import type { Rng } from "../../lib/core/mod.ts";
import { type ChannelPredictor, createResidualScenarioPredictor } from "../../lib/channel/mod.ts";
import {
  intervalTargetDb,
  ntnScenarioConfig,
  POWER_RUN_DEFAULTS,
  POWER_SCHEME_IDS,
  type PowerMission,
  type PowerRunConfig,
  type PowerSchemeId,
  powerSchemeLabel,
  runPowerMission,
  STAND_IN_GENERATIVE_NOTE,
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

/** A generative stand-in for the tests: the residual scenarios times a seeded gain. */
function fakeGenerative(calls: string[], gainDb = -3) {
  return (rng: Rng): ChannelPredictor => {
    const inner = createResidualScenarioPredictor();
    const id = `g${calls.length}`;
    calls.push(id);
    return {
      name: "fake-gen",
      trajectories: inner.trajectories,
      async predict(history, horizon) {
        const t = await inner.predict(history, horizon);
        const f = Math.pow(10, (gainDb + 0.5 * rng.normal()) / 20);
        return t.map((m) =>
          m.map((slot) =>
            slot.map((h) => ({
              rows: h.rows,
              cols: h.cols,
              re: h.re.map((v) => f * v),
              im: h.im.map((v) => f * v),
            }))
          )
        );
      },
    };
  };
}

const trace = (m: PowerMission, scheme: PowerSchemeId, marginDb = 2) =>
  m.traces.find((t) => t.scheme === scheme && t.marginDb === marginDb)!;

Deno.test("mission without a generative factory: the cGAN schemes are the stand-ins", async () => {
  const m = await runPowerMission(small(), 3);
  assert.equal(m.generative.source, "stand-in");
  assert.equal(m.generative.note, STAND_IN_GENERATIVE_NOTE);
  assert.deepEqual(
    { ...trace(m, "proactive-dt-cgan"), scheme: "" },
    { ...trace(m, "proactive-dt-residual"), scheme: "" },
  );
  assert.deepEqual(
    { ...trace(m, "cgan-only"), scheme: "" },
    { ...trace(m, "cgan-only-geometric"), scheme: "" },
  );
  assert.match(powerSchemeLabel("proactive-dt-cgan", m.generative), /stand-in/);
});

Deno.test("mission with a generative factory: fresh per mission, seeded, used by the cGAN schemes", async () => {
  const calls: string[] = [];
  const options = {
    generative: fakeGenerative(calls),
    generativeName: "fake",
    generativeNote: "a test",
  };
  const base = await runPowerMission(small(), 3);
  const a = await runPowerMission(small(), 3, options);
  assert.equal(calls.length, 2); // the cGAN schemes' instance and cgan-only's own
  const b = await runPowerMission(small(), 3, options);
  assert.equal(calls.length, 4);
  assert.deepEqual(a, b); // same seed, same latents
  assert.deepEqual(a.generative, {
    source: "given",
    name: "fake",
    note: "a test",
    trajectories: 6,
    cganOnly: true,
  });
  const c = await runPowerMission(small(), 4, options);
  assert.notDeepEqual(
    trace(c, "proactive-dt-cgan").powerFraction,
    trace(a, "proactive-dt-cgan").powerFraction,
  );
  // The generative predictions (3 dB less gain, seeded jitter) drive the cGAN schemes.
  assert.notDeepEqual(
    trace(a, "proactive-dt-cgan").powerFraction,
    trace(a, "proactive-dt-residual").powerFraction,
  );
  assert.notDeepEqual(
    trace(a, "reactive-dt-cgan").powerFraction,
    trace(base, "reactive-dt-cgan").powerFraction,
  );
  assert.notDeepEqual(
    trace(a, "cgan-only").powerFraction,
    trace(a, "cgan-only-geometric").powerFraction,
  );
  // The other schemes do not see the factory.
  for (
    const s of [
      "full-power",
      "reactive-dt",
      "cgan-only-geometric",
      "proactive-dt-residual",
      "proactive-dt-linear",
      "oracle",
    ] as const
  ) {
    const m = s === "full-power" || s === "oracle" ? 0 : 2;
    assert.deepEqual(trace(a, s, m), trace(base, s, m), s);
  }
  assert.equal(powerSchemeLabel("proactive-dt-cgan", a.generative), "Proactive DT + cGAN (fake)");
  // cgan-only may keep the geometric sampler.
  const d = await runPowerMission(small(), 3, { ...options, generativeCganOnly: false });
  assert.equal(d.generative.cganOnly, false);
  assert.deepEqual(
    { ...trace(d, "cgan-only"), scheme: "" },
    { ...trace(d, "cgan-only-geometric"), scheme: "" },
  );
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    () => runPowerMission(small(), 3, { generative: 3 as any }),
    /options.generative must be a function/,
  );
});
