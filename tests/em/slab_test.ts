import assert from "node:assert/strict";
import { complexScalar as cs, fresnelCoefficients, slabCoefficients } from "../../lib/em/mod.ts";
import { SPEED_OF_LIGHT_M_PER_S } from "../../lib/core/mod.ts";

const F_HZ = 73e9;
const LIMIT_TOL = 1e-4;
const ENERGY_TOL = 1e-12;
const THICK_TOL = 1e-6;

Deno.test("slab: thickness -> 0 gives T -> 1 and R -> 0", () => {
  for (const angle of [0, 0.4, 1.0]) {
    const s = slabCoefficients({ re: 6.27, im: -0.7 }, {
      thicknessM: 1e-9,
      frequencyHz: F_HZ,
      incidenceAngleRad: angle,
    });
    for (const p of ["te", "tm"] as const) {
      assert.ok(cs.abs(s.reflection[p]) < LIMIT_TOL);
      assert.ok(cs.abs(cs.sub(s.transmission[p], { re: 1, im: 0 })) < LIMIT_TOL);
    }
  }
});

Deno.test("slab: lossless slab conserves energy |R|^2 + |T|^2 = 1", () => {
  for (const thicknessM of [0.001, 0.012, 0.0377]) {
    for (const angle of [0, 0.3, 0.9, 1.4]) {
      const s = slabCoefficients({ re: 6.27, im: 0 }, {
        thicknessM,
        frequencyHz: F_HZ,
        incidenceAngleRad: angle,
      });
      for (const p of ["te", "tm"] as const) {
        const sum = cs.abs2(s.reflection[p]) + cs.abs2(s.transmission[p]);
        assert.ok(Math.abs(sum - 1) < ENERGY_TOL, `${p} d=${thicknessM} t=${angle}: ${sum}`);
      }
    }
  }
});

Deno.test("slab: lossy slab is passive", () => {
  const s = slabCoefficients({ re: 1.99, im: -0.1 }, {
    thicknessM: 0.03,
    frequencyHz: F_HZ,
    incidenceAngleRad: 0.5,
  });
  for (const p of ["te", "tm"] as const) {
    assert.ok(cs.abs2(s.reflection[p]) + cs.abs2(s.transmission[p]) < 1);
  }
});

Deno.test("slab: thick lossy slab reflects like the half-space, transmits nothing", () => {
  const eps = { re: 5.31, im: -0.26 };
  for (const angle of [0, 0.7, 1.3]) {
    const s = slabCoefficients(eps, {
      thicknessM: 0.2,
      frequencyHz: F_HZ,
      incidenceAngleRad: angle,
    });
    const half = fresnelCoefficients(eps, angle);
    for (const p of ["te", "tm"] as const) {
      assert.ok(cs.abs(cs.sub(s.reflection[p], half[p])) < THICK_TOL);
      assert.ok(cs.abs(s.transmission[p]) < THICK_TOL);
    }
  }
});

Deno.test("slab: half-wavelength lossless slab is transparent at normal incidence", () => {
  // d = lambda / (2 sqrt(eps)) gives q = pi: R = 0, T = -e^{+j k d}.
  const epsR = 4;
  const lambda = SPEED_OF_LIGHT_M_PER_S / F_HZ;
  const d = lambda / (2 * Math.sqrt(epsR));
  const s = slabCoefficients({ re: epsR, im: 0 }, {
    thicknessM: d,
    frequencyHz: F_HZ,
    incidenceAngleRad: 0,
  });
  assert.ok(cs.abs(s.reflection.te) < 1e-12);
  const kd = (2 * Math.PI * d) / lambda;
  const expected = { re: -Math.cos(kd), im: -Math.sin(kd) };
  assert.ok(cs.abs(cs.sub(s.transmission.te, expected)) < 1e-12);
});

Deno.test("slab: mid-plane reference rotates R by exp(+j k d cos t), same magnitude", () => {
  const eps = { re: 6.27, im: -0.18 };
  const options = { thicknessM: 0.012, frequencyHz: F_HZ, incidenceAngleRad: 0.6 };
  const front = slabCoefficients(eps, options);
  const mid = slabCoefficients(eps, { ...options, reflectionReferencePlane: "mid" });
  const phase = (2 * Math.PI * F_HZ / SPEED_OF_LIGHT_M_PER_S) * 0.012 * Math.cos(0.6);
  const rot = { re: Math.cos(phase), im: Math.sin(phase) };
  assert.ok(cs.abs(cs.sub(mid.reflection.te, cs.mul(front.reflection.te, rot))) < 1e-12);
  assert.deepEqual(mid.transmission, front.transmission);
});

Deno.test("slab: rejects bad options naming them", () => {
  const eps = { re: 4, im: 0 };
  assert.throws(
    () => slabCoefficients(eps, { thicknessM: 0, frequencyHz: F_HZ, incidenceAngleRad: 0 }),
    { name: "RangeError", message: /options\.thicknessM/ },
  );
  assert.throws(
    () => slabCoefficients(eps, { thicknessM: 0.01, frequencyHz: F_HZ, incidenceAngleRad: 3 }),
    /options\.incidenceAngleRad/,
  );
  assert.throws(
    () =>
      slabCoefficients(eps, {
        thicknessM: 0.01,
        frequencyHz: F_HZ,
        incidenceAngleRad: 0,
        reflectionReferencePlane: "back" as "mid",
      }),
    /reflectionReferencePlane/,
  );
});
