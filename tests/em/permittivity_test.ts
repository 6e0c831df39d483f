import assert from "node:assert/strict";
import { complexRelativePermittivity } from "../../lib/em/mod.ts";
import { VACUUM_PERMITTIVITY_F_PER_M } from "../../lib/core/mod.ts";

const REL_TOL = 1e-12;

Deno.test("complexRelativePermittivity: eps' - j sigma / (2 pi f eps0)", () => {
  const eps = complexRelativePermittivity(
    { name: "concrete", relativePermittivity: 5.31, conductivitySPerM: 0.33, set: "paper" },
    73e9,
  );
  const expectedIm = -0.33 / (2 * Math.PI * 73e9 * VACUUM_PERMITTIVITY_F_PER_M);
  assert.equal(eps.re, 5.31);
  assert.ok(Math.abs(eps.im - expectedIm) <= REL_TOL * Math.abs(expectedIm));
  // sigma / (omega eps0) at 73 GHz: 0.33 / 4.06 = 0.0813.
  assert.ok(Math.abs(eps.im + 0.0813) < 1e-3);
});

Deno.test("complexRelativePermittivity: lossless has zero imaginary part", () => {
  const eps = complexRelativePermittivity(
    { name: "glass", relativePermittivity: 4, conductivitySPerM: 0, set: "paper" },
    1e9,
  );
  assert.equal(eps.re, 4);
  assert.equal(Math.abs(eps.im), 0);
});

Deno.test("complexRelativePermittivity: rejects bad arguments naming them", () => {
  const ok = {
    name: "wood",
    relativePermittivity: 2,
    conductivitySPerM: 0.01,
    set: "paper",
  } as const;
  assert.throws(() => complexRelativePermittivity(ok, 0), {
    name: "RangeError",
    message: /frequencyHz/,
  });
  assert.throws(
    () => complexRelativePermittivity({ ...ok, conductivitySPerM: -1 }, 1e9),
    { name: "RangeError", message: /conductivitySPerM/ },
  );
  assert.throws(
    () => complexRelativePermittivity({ ...ok, relativePermittivity: Number.NaN }, 1e9),
    /relativePermittivity/,
  );
});
