import assert from "node:assert/strict";
import {
  EARTH_DEFAULT,
  EARTH_MACRO,
  EARTH_MICRO,
  earthInputPowerForFractionW,
  earthInputPowerW,
} from "../../lib/energy/mod.ts";

Deno.test("EARTH model: sleep at P_out = 0, P_0 + Delta_p P_max at full load, per TRX", () => {
  assert.equal(EARTH_DEFAULT, EARTH_MICRO);
  assert.equal(earthInputPowerW(EARTH_MICRO, 0), 2 * 39);
  assert.ok(Math.abs(earthInputPowerW(EARTH_MICRO, 6.3) - 2 * (56 + 2.6 * 6.3)) < 1e-12);
  assert.ok(Math.abs(earthInputPowerW(EARTH_MACRO, 20) - 6 * (130 + 4.7 * 20)) < 1e-12);
  // just above zero: the load-independent part P_0 (a jump from sleep)
  assert.ok(Math.abs(earthInputPowerW(EARTH_MICRO, 1e-12) - 2 * 56) < 1e-9);
});

Deno.test("EARTH model: slope N_TRX Delta_p between 0 and P_max; fraction form agrees", () => {
  const a = earthInputPowerW(EARTH_MICRO, 1), b = earthInputPowerW(EARTH_MICRO, 3);
  assert.ok(Math.abs((b - a) / 2 - 2 * 2.6) < 1e-12);
  assert.equal(earthInputPowerForFractionW(EARTH_MICRO, 1), earthInputPowerW(EARTH_MICRO, 6.3));
  assert.equal(earthInputPowerForFractionW(EARTH_MICRO, 0), 78);
});

Deno.test("EARTH model: bad power errors name the argument", () => {
  assert.throws(() => earthInputPowerW(EARTH_MICRO, -1), /pOutW must be >= 0/);
  assert.throws(() => earthInputPowerW(EARTH_MICRO, NaN), /pOutW must be finite/);
  assert.throws(() => earthInputPowerW(EARTH_MICRO, Infinity), /pOutW must be finite/);
  assert.throws(() => earthInputPowerW(EARTH_MICRO, 6.4), /pOutW must be <= params.pMaxW/);
  assert.throws(() => earthInputPowerForFractionW(EARTH_MICRO, 1.5), /fraction must be in/);
  assert.throws(() => earthInputPowerW({ ...EARTH_MICRO, nTrx: 0 }, 1), /params.nTrx/);
});
