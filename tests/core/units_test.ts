import assert from "node:assert/strict";
import {
  dbmToWatt,
  dbToLinear,
  linearToDb,
  thermalNoiseDbm,
  wattToDbm,
  wavelengthM,
} from "../../lib/core/mod.ts";

Deno.test("unit conversions round-trip and hit reference values", () => {
  assert.ok(Math.abs(dbmToWatt(30) - 1) < 1e-12);
  assert.ok(Math.abs(wattToDbm(dbmToWatt(23)) - 23) < 1e-12);
  assert.ok(Math.abs(linearToDb(dbToLinear(-7.5)) + 7.5) < 1e-12);
  // -174 dBm/Hz thermal floor at 290 K.
  assert.ok(Math.abs(thermalNoiseDbm(1) + 173.98) < 0.01);
  // 400 MHz with a 9 dB noise figure: about -79 dBm (docs/model.md, "Control loop").
  assert.ok(Math.abs(thermalNoiseDbm(400e6, 9) - (-173.98 + 86.02 + 9)) < 0.01);
  assert.ok(Math.abs(wavelengthM(73e9) - 4.1067e-3) < 1e-7);
});
