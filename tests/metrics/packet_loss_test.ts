import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import {
  bler,
  BLER_SLOPE_PER_DB,
  BLER_THRESHOLD_DB,
  fractionAbove,
  packetLossRates,
} from "../../lib/metrics/mod.ts";

Deno.test("logistic BLER: defaults 5 dB / 1.5 per dB, hand-computed points", () => {
  assert.equal(BLER_THRESHOLD_DB, 5);
  assert.equal(BLER_SLOPE_PER_DB, 1.5);
  assert.equal(bler(5), 0.5);
  assert.ok(Math.abs(bler(6) - 1 / (1 + Math.exp(1.5))) < 1e-16); // 0.1824
  assert.ok(Math.abs(bler(4) - 1 / (1 + Math.exp(-1.5))) < 1e-16); // 0.8176
  assert.ok(Math.abs(bler(0, { thresholdDb: 2, slopePerDb: 1 }) - 1 / (1 + Math.exp(-2))) < 1e-16);
  assert.equal(bler(Infinity), 0);
  assert.equal(bler(-Infinity), 1);
  assert.ok(bler(1000) >= 0 && bler(-1000) <= 1);
  assert.throws(() => bler(NaN), /sinrDb/);
  assert.throws(() => bler(3, { slopePerDb: 0 }), /slopePerDb/);
});

Deno.test("expected per-UE packet-loss rate is the slot mean of BLER", () => {
  // 2 slots x 3 UEs
  const sinr = Float64Array.of(5, 6, Infinity, 4, 6, -Infinity);
  const plr = packetLossRates(sinr, { ueCount: 3 });
  assert.ok(Math.abs(plr[0] - (0.5 + 1 / (1 + Math.exp(-1.5))) / 2) < 1e-15);
  assert.ok(Math.abs(plr[1] - 1 / (1 + Math.exp(1.5))) < 1e-15);
  assert.equal(plr[2], 0.5);
  assert.throws(() => packetLossRates(sinr, { ueCount: 4 }), /multiple of ueCount/);
});

Deno.test("seeded Bernoulli realization: reproducible, 0/1 extremes, mean near the expectation", () => {
  const slots = 20000;
  const sinr = new Float64Array(slots * 3);
  for (let s = 0; s < slots; s++) sinr.set([5.5, Infinity, -Infinity], s * 3);
  const a = packetLossRates(sinr, { ueCount: 3, rng: createRng(5).stream("plr") });
  const b = packetLossRates(sinr, { ueCount: 3, rng: createRng(5).stream("plr") });
  assert.deepEqual(a, b);
  assert.equal(a[1], 0);
  assert.equal(a[2], 1);
  const p = bler(5.5);
  assert.ok(Math.abs(a[0] - p) < 4 * Math.sqrt(p * (1 - p) / slots), `${a[0]} vs ${p}`);
});

Deno.test("P(PLR > 5 %) counts UEs strictly above the threshold", () => {
  assert.equal(fractionAbove(Float64Array.of(0.01, 0.05, 0.2, 0.5)), 0.5);
  assert.equal(fractionAbove([0.3, 0.1], { threshold: 0.2 }), 0.5);
  assert.ok(Number.isNaN(fractionAbove([])));
});
