import assert from "node:assert/strict";
import {
  ituMaterial,
  MATERIAL_NAMES,
  materialFrequencyRangeHz,
  materialParameters,
  paperMaterial,
} from "../../lib/scene/mod.ts";

const REL_TOL = 1e-12;
const F_HZ = 73e9;

Deno.test("paperMaterial: Table I values and metal stand-in", () => {
  assert.deepEqual(paperMaterial("concrete"), {
    name: "concrete",
    relativePermittivity: 5.31,
    conductivitySPerM: 0.33,
    set: "paper",
  });
  assert.equal(paperMaterial("glass").conductivitySPerM, 0.043);
  assert.equal(paperMaterial("wood").relativePermittivity, 1.99);
  assert.equal(paperMaterial("metal").conductivitySPerM, 1e7);
  assert.equal(paperMaterial("metal").relativePermittivity, 1);
});

Deno.test("ituMaterial: ITU-R P.2040 at 73 GHz, by hand", () => {
  // sigma = c * 73^d, computed here independently through exp/log.
  const expected: Record<string, [number, number]> = {
    concrete: [5.31, 0.0326 * Math.exp(0.8095 * Math.log(73))],
    glass: [6.27, 0.0043 * Math.exp(1.1925 * Math.log(73))],
    wood: [1.99, 0.0047 * Math.exp(1.0718 * Math.log(73))],
  };
  for (const [name, [eps, sigma]] of Object.entries(expected)) {
    const m = ituMaterial(name as "concrete", F_HZ);
    assert.equal(m.set, "itu");
    assert.ok(Math.abs(m.relativePermittivity - eps) <= REL_TOL * eps);
    assert.ok(Math.abs(m.conductivitySPerM - sigma) <= REL_TOL * sigma, `${name}`);
  }
  // Sanity ranges: concrete ~1.05, glass ~0.72, wood ~0.47 S/m at 73 GHz.
  const c = ituMaterial("concrete", F_HZ).conductivitySPerM;
  const g = ituMaterial("glass", F_HZ).conductivitySPerM;
  const w = ituMaterial("wood", F_HZ).conductivitySPerM;
  assert.ok(c > 1.0 && c < 1.1, `concrete ${c}`);
  assert.ok(g > 0.68 && g < 0.76, `glass ${g}`);
  assert.ok(w > 0.44 && w < 0.5, `wood ${w}`);
  // ITU glass and wood are about 17x and 33x lossier than Table I at 73 GHz.
  assert.ok(g / paperMaterial("glass").conductivitySPerM > 15);
  assert.equal(ituMaterial("metal", F_HZ).conductivitySPerM, 1e7);
});

Deno.test("materialParameters: dispatches on set and records it", () => {
  assert.equal(materialParameters("glass", { set: "paper", frequencyHz: F_HZ }).set, "paper");
  assert.equal(materialParameters("glass", { set: "itu", frequencyHz: F_HZ }).set, "itu");
  assert.throws(
    () => materialParameters("glass", { set: "foo" as "itu", frequencyHz: F_HZ }),
    { name: "RangeError", message: /options\.set/ },
  );
  assert.throws(() => paperMaterial("steel" as "metal"), { name: "RangeError", message: /name/ });
  assert.throws(() => ituMaterial("glass", -1), { name: "RangeError", message: /frequencyHz/ });
});

Deno.test("ITU-R P.2040 materials beyond Table I: coefficients, frequency ranges, no paper entry", () => {
  // plasterboard 2.94 / 0.0116 f^0.7076; ceiling board 1.50 / 0.0005 f^1.1634;
  // chipboard 2.58 / 0.0217 f^0.78; floorboard 3.66 / 0.0044 f^1.3515; brick 3.75 / 0.038.
  const at28 = (name: string) => ituMaterial(name as "concrete", 28e9);
  assert.equal(at28("plasterboard").relativePermittivity, 2.94);
  assert.ok(Math.abs(at28("plasterboard").conductivitySPerM - 0.0116 * 28 ** 0.7076) < 1e-15);
  assert.ok(Math.abs(at28("ceilingboard").conductivitySPerM - 0.0005 * 28 ** 1.1634) < 1e-15);
  assert.ok(Math.abs(at28("chipboard").conductivitySPerM - 0.0217 * 28 ** 0.78) < 1e-15);
  assert.equal(at28("brick").conductivitySPerM, 0.038);
  assert.deepEqual(materialFrequencyRangeHz("brick"), [1e9, 10e9]);
  assert.deepEqual(materialFrequencyRangeHz("floorboard"), [50e9, 100e9]);
  assert.deepEqual(materialFrequencyRangeHz("glass"), [0.1e9, 100e9]);
  assert.deepEqual(materialFrequencyRangeHz("concrete"), [1e9, 100e9]);
  for (const name of MATERIAL_NAMES) {
    const [lo, hi] = materialFrequencyRangeHz(name);
    assert.ok(lo < hi && hi <= 100e9, name);
  }
  // The paper's Table I has no plasterboard: asking the paper set for it is an error.
  assert.throws(() => paperMaterial("plasterboard"), {
    name: "RangeError",
    message: /plasterboard.*Table I.*itu/,
  });
  // Frequency dependence: conductivity grows with frequency (d > 0) for the lossy ones.
  for (const name of ["concrete", "glass", "wood", "plasterboard", "chipboard"] as const) {
    assert.ok(
      ituMaterial(name, 73e9).conductivitySPerM > ituMaterial(name, 28e9).conductivitySPerM,
    );
  }
});
