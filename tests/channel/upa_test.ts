import assert from "node:assert/strict";
import { squaredNorm } from "../../lib/core/mod.ts";
import { upaSteeringVector } from "../../lib/channel/mod.ts";

const ARRAY = { horizontal: 8, vertical: 8, spacingWavelengths: 0.5 };
/** Round-off tolerance on unit norms and gains. */
const NORM_ATOL = 1e-12;

Deno.test("8 x 8 UPA steering vector has unit norm for any direction", () => {
  for (const az of [-1.2, -0.3, 0, 0.7, 1.5]) {
    for (const el of [-1.1, 0, 0.4, 1.3]) {
      const a = upaSteeringVector(ARRAY, { azimuthRad: az, elevationRad: el });
      assert.equal(a.re.length, 64);
      assert.ok(Math.abs(squaredNorm(a) - 1) < NORM_ATOL);
    }
  }
});

Deno.test("8 x 8 UPA: matched beam gives Nt = 64 (18.06 dB), others less", () => {
  const dir = { azimuthRad: 0.4, elevationRad: -0.25 };
  const a = upaSteeringVector(ARRAY, dir);
  const arrayGain = (b: ReturnType<typeof upaSteeringVector>) => {
    let re = 0, im = 0;
    for (let n = 0; n < 64; n++) {
      re += a.re[n] * b.re[n] + a.im[n] * b.im[n];
      im += a.re[n] * b.im[n] - a.im[n] * b.re[n];
    }
    return 64 * (re * re + im * im); // |sqrt(Nt) a^H w|^2 with unit-norm w
  };
  assert.ok(Math.abs(10 * Math.log10(arrayGain(a)) - 18.06) < 0.005);
  const off = upaSteeringVector(ARRAY, { azimuthRad: 0.9, elevationRad: -0.25 });
  assert.ok(arrayGain(off) < 64 * 0.5);
});

Deno.test("eq. (2) phase progression: half-wavelength, broadside elements are in phase", () => {
  const a = upaSteeringVector(ARRAY, { azimuthRad: 0, elevationRad: 0 });
  for (let n = 0; n < 64; n++) {
    assert.ok(Math.abs(a.re[n] - 1 / 8) < NORM_ATOL && Math.abs(a.im[n]) < NORM_ATOL);
  }
  // Endfire along e_h: adjacent horizontal elements differ by pi.
  const e = upaSteeringVector(ARRAY, { azimuthRad: Math.PI / 2, elevationRad: 0 });
  const p0 = Math.atan2(e.im[0], e.re[0]);
  const p1 = Math.atan2(e.im[1], e.re[1]);
  const dp = Math.abs(Math.atan2(Math.sin(p1 - p0), Math.cos(p1 - p0)));
  assert.ok(Math.abs(dp - Math.PI) < 1e-9);
});

Deno.test("upaSteeringVector names a bad argument", () => {
  assert.throws(
    () => upaSteeringVector({ ...ARRAY, horizontal: 0 }, { azimuthRad: 0, elevationRad: 0 }),
    /array\.horizontal/,
  );
  assert.throws(
    () => upaSteeringVector(ARRAY, { azimuthRad: NaN, elevationRad: 0 }),
    /azimuthRad/,
  );
});
