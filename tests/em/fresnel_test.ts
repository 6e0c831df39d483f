import assert from "node:assert/strict";
import { complexScalar as cs, fresnelCoefficients } from "../../lib/em/mod.ts";

const TOL = 1e-12;
const METAL_TOL = 0.01;

function close(
  actual: { re: number; im: number },
  expected: { re: number; im: number },
  tol = TOL,
) {
  assert.ok(
    Math.hypot(actual.re - expected.re, actual.im - expected.im) <= tol,
    `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
  );
}

Deno.test("fresnel: lossless eps = 4 at normal incidence has |Gamma| = 1/3", () => {
  const { te, tm } = fresnelCoefficients({ re: 4, im: 0 }, 0);
  close(te, { re: -1 / 3, im: 0 });
  close(tm, { re: 1 / 3, im: 0 });
  assert.ok(Math.abs(cs.abs(te) - 1 / 3) < TOL);
});

Deno.test("fresnel: normal incidence r_tm = -r_te (lossy too)", () => {
  for (const eps of [{ re: 5.31, im: -0.26 }, { re: 1.99, im: -0.1 }, { re: 6.27, im: 0 }]) {
    const { te, tm } = fresnelCoefficients(eps, 0);
    close(tm, cs.scale(te, -1));
  }
});

Deno.test("fresnel: r_tm = r_te^2 at 45 degrees, lossless and lossy", () => {
  for (const eps of [{ re: 4, im: 0 }, { re: 5.31, im: -0.26 }, { re: 6.27, im: -0.18 }]) {
    const { te, tm } = fresnelCoefficients(eps, Math.PI / 4);
    close(tm, cs.mul(te, te));
  }
});

Deno.test("fresnel: r_tm vanishes at the Brewster angle of a lossless dielectric", () => {
  for (const epsR of [2, 4, 6.27]) {
    const brewster = Math.atan(Math.sqrt(epsR));
    const { te, tm } = fresnelCoefficients({ re: epsR, im: 0 }, brewster);
    assert.ok(cs.abs(tm) < 1e-12, `|r_tm| = ${cs.abs(tm)}`);
    assert.ok(cs.abs(te) > 0.1);
  }
});

Deno.test("fresnel: metal (sigma 1e7 S/m at 73 GHz) reflects almost totally", () => {
  const eps = { re: 1, im: -1e7 / (2 * Math.PI * 73e9 * 8.8541878128e-12) };
  for (const angle of [0, 0.5, 1.2]) {
    const { te, tm } = fresnelCoefficients(eps, angle);
    assert.ok(Math.abs(cs.abs(te) - 1) < METAL_TOL);
    assert.ok(Math.abs(cs.abs(tm) - 1) < METAL_TOL);
    close(te, { re: -1, im: 0 }, 0.01);
  }
});

Deno.test("fresnel: grazing incidence gives -1 and passive magnitudes everywhere", () => {
  const eps = { re: 5.31, im: -1.05 };
  const { te, tm } = fresnelCoefficients(eps, Math.PI / 2);
  close(te, { re: -1, im: 0 });
  close(tm, { re: -1, im: 0 });
  for (let a = 0; a <= Math.PI / 2; a += 0.05) {
    const r = fresnelCoefficients(eps, a);
    assert.ok(cs.abs(r.te) <= 1 && cs.abs(r.tm) <= 1);
  }
});

Deno.test("fresnel: rejects angles outside [0, pi/2] and bad permittivity", () => {
  assert.throws(() => fresnelCoefficients({ re: 4, im: 0 }, -0.1), {
    name: "RangeError",
    message: /incidenceAngleRad/,
  });
  assert.throws(() => fresnelCoefficients({ re: 4, im: 0 }, 2), /incidenceAngleRad/);
  assert.throws(
    () => fresnelCoefficients({ re: "4" } as unknown as { re: number; im: number }, 0),
    { name: "TypeError", message: /relativePermittivity\.re/ },
  );
});

Deno.test("complexScalar: principal sqrt has non-negative real part", () => {
  for (
    const z of [{ re: -4, im: 0 }, { re: -4, im: -1e-9 }, { re: 3, im: -4 }, { re: -3, im: 4 }]
  ) {
    const r = cs.sqrtPrincipal(z);
    assert.ok(r.re >= 0);
    close(cs.mul(r, r), z, 1e-9);
  }
  close(cs.div({ re: 1, im: 2 }, { re: 3, im: -4 }), { re: -0.2, im: 0.4 });
});
