import assert from "node:assert/strict";
import { createBattery, drain } from "../../lib/energy/mod.ts";

Deno.test("battery drain: energy = power x time / 3600, state of charge follows", () => {
  const b = createBattery(100, 0.5);
  assert.equal(b.energyWh, 50);
  const r = drain(b, 360, 100); // 10 Wh
  assert.equal(r.requestedWh, 10);
  assert.equal(r.drawnWh, 10);
  assert.equal(r.battery.energyWh, 40);
  assert.equal(r.battery.stateOfCharge, 0.4);
  assert.equal(r.depleted, false);
  assert.equal(r.depletedAfterS, Infinity);
  assert.equal(b.energyWh, 50); // input unchanged
  assert.equal(drain(b, 0, 1000).battery.energyWh, 50);
});

Deno.test("battery drain: clamps at 0 and reports depletion and when it happened", () => {
  const r = drain(createBattery(1), 3600, 10); // 10 Wh requested, 1 Wh stored
  assert.equal(r.battery.energyWh, 0);
  assert.equal(r.battery.stateOfCharge, 0);
  assert.equal(r.drawnWh, 1);
  assert.equal(r.depleted, true);
  assert.equal(r.depletedAfterS, 1);
  const again = drain(r.battery, 10, 10);
  assert.equal(again.depleted, true);
  assert.equal(again.depletedAfterS, 0);
  assert.equal(again.drawnWh, 0);
});

Deno.test("battery: bad input errors name the argument", () => {
  assert.throws(() => createBattery(0), /capacityWh must be > 0/);
  assert.throws(() => createBattery(-5), /capacityWh must be > 0/);
  assert.throws(() => createBattery(10, 1.2), /stateOfCharge must be in/);
  assert.throws(() => drain(createBattery(10), -1, 1), /powerW must be >= 0/);
  assert.throws(() => drain(createBattery(10), 1, -1), /seconds must be >= 0/);
  assert.throws(() => drain(createBattery(10), NaN, 1), /powerW must be finite/);
});
