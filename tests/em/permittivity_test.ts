import assert from "node:assert/strict";
import { complexRelativePermittivity } from "../../lib/em/mod.ts";
import { VACUUM_PERMITTIVITY_F_PER_M } from "../../lib/core/mod.ts";
import { ituMaterial } from "../../lib/scene/mod.ts";

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

Deno.test("complexRelativePermittivity follows the carrier through ITU-R P.2040: Im scales as f^(d-1)", () => {
  // sigma = c f^d, Im(eps) = -sigma / (2 pi f eps0): the ratio between 73 and 28 GHz is
  // (73/28)^(d-1), e.g. concrete (d = 0.8095) is less lossy per cycle at 73 GHz.
  for (
    const [name, d] of [["concrete", 0.8095], ["glass", 1.1925], ["plasterboard", 0.7076]] as const
  ) {
    const e28 = complexRelativePermittivity(ituMaterial(name, 28e9), 28e9);
    const e73 = complexRelativePermittivity(ituMaterial(name, 73e9), 73e9);
    assert.equal(e28.re, e73.re, name); // b = 0: eps_r' does not depend on frequency
    const ratio = e73.im / e28.im;
    assert.ok(Math.abs(ratio - (73 / 28) ** (d - 1)) < 1e-12, `${name}: ${ratio}`);
  }
});
