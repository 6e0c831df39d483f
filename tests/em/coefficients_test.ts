/**
 * The scalar kernels of lib/em/coefficients.ts (used by the tracer directly and by
 * `fresnelCoefficients` / `slabCoefficients`) against the complex-arithmetic reference
 * (tests/em/em_reference.ts), bit for bit (`Object.is`), over every material of both
 * sets at the shipped carriers, lossless and perfect-conductor permittivities, and
 * angles from normal to grazing incidence.
 */
import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import {
  complexRelativePermittivity,
  fresnelCoefficients,
  fresnelInto,
  slabCoefficients,
  slabInto,
} from "../../lib/em/mod.ts";
import { referenceFresnel, referenceSlab } from "./em_reference.ts";
import { MATERIAL_NAMES, materialParameters } from "../../lib/scene/mod.ts";

function permittivities(): { re: number; im: number }[] {
  const out: { re: number; im: number }[] = [
    { re: 1, im: 0 },
    { re: 6.27, im: 0 },
    { re: 1, im: -1e9 },
    { re: 2.5, im: -0.3 },
  ];
  for (const frequencyHz of [28e9, 73e9]) {
    for (const set of ["itu", "paper"] as const) {
      for (const name of MATERIAL_NAMES) {
        let params;
        try {
          params = materialParameters(name, { set, frequencyHz });
        } catch {
          continue; // outside the material's stated range, or not in the set
        }
        out.push(complexRelativePermittivity(params, frequencyHz));
      }
    }
  }
  return out;
}

function angles(): number[] {
  const r = createRng(3).stream("angles");
  const out = [0, 1e-12, Math.PI / 4, Math.PI / 2 - 1e-9, Math.PI / 2];
  for (let i = 0; i < 60; i++) out.push(r.uniformIn(0, Math.PI / 2));
  return out;
}

const same = (got: number, want: number, what: string) =>
  assert.ok(Object.is(got, want), `${what}: ${got} vs ${want}`);

Deno.test("fresnelInto and fresnelCoefficients equal the reference bit for bit", () => {
  const out = new Float64Array(4);
  for (const eps of permittivities()) {
    for (const a of angles()) {
      fresnelInto(eps.re, eps.im, a, out);
      const ref = referenceFresnel(eps, a);
      const what = `eps ${eps.re}${eps.im}j angle ${a}`;
      same(out[0], ref.te.re, `${what} te.re`);
      same(out[1], ref.te.im, `${what} te.im`);
      same(out[2], ref.tm.re, `${what} tm.re`);
      same(out[3], ref.tm.im, `${what} tm.im`);
      const api = fresnelCoefficients(eps, a);
      same(api.te.re, ref.te.re, `${what} api te.re`);
      same(api.te.im, ref.te.im, `${what} api te.im`);
      same(api.tm.re, ref.tm.re, `${what} api tm.re`);
      same(api.tm.im, ref.tm.im, `${what} api tm.im`);
    }
  }
});

Deno.test("slabInto and slabCoefficients equal the reference bit for bit (both reflection planes, transmission)", () => {
  const out = new Float64Array(8);
  let compared = 0;
  for (const eps of permittivities()) {
    for (const thicknessM of [0.012, 0.1, 1e-4]) {
      for (const frequencyHz of [28e9, 73e9]) {
        for (const a of angles()) {
          const options = { thicknessM, frequencyHz, incidenceAngleRad: a };
          const ref = referenceSlab(eps, { ...options, reflectionReferencePlane: "mid" });
          const what = `eps ${eps.re}${eps.im}j d ${thicknessM} f ${frequencyHz} angle ${a}`;
          slabInto(eps.re, eps.im, thicknessM, frequencyHz, a, "reflection-mid", out);
          same(out[0], ref.reflection.te.re, `${what} refl te.re`);
          same(out[1], ref.reflection.te.im, `${what} refl te.im`);
          same(out[2], ref.reflection.tm.re, `${what} refl tm.re`);
          same(out[3], ref.reflection.tm.im, `${what} refl tm.im`);
          slabInto(eps.re, eps.im, thicknessM, frequencyHz, a, "transmission", out);
          same(out[0], ref.transmission.te.re, `${what} trans te.re`);
          same(out[1], ref.transmission.te.im, `${what} trans te.im`);
          same(out[2], ref.transmission.tm.re, `${what} trans tm.re`);
          same(out[3], ref.transmission.tm.im, `${what} trans tm.im`);
          for (const plane of ["front", "mid"] as const) {
            const want = referenceSlab(eps, { ...options, reflectionReferencePlane: plane });
            const got = slabCoefficients(eps, { ...options, reflectionReferencePlane: plane });
            for (const side of ["reflection", "transmission"] as const) {
              for (const pol of ["te", "tm"] as const) {
                same(got[side][pol].re, want[side][pol].re, `${what} ${plane} ${side} ${pol}.re`);
                same(got[side][pol].im, want[side][pol].im, `${what} ${plane} ${side} ${pol}.im`);
              }
            }
          }
          compared++;
        }
      }
    }
  }
  assert.ok(compared > 1000, `${compared} cases`);
});
