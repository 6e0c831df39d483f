/**
 * The Fresnel and slab coefficients written with complex arithmetic, formula for formula
 * (ITU-R P.2040 eqs. 31a/b and 37-40, as documented on `fresnelCoefficients` and
 * `slabCoefficients`): the reference the scalar kernels of lib/em/coefficients.ts must
 * equal bit for bit. Kept only for the tests (no argument checks).
 */
import { type Complex, SPEED_OF_LIGHT_M_PER_S } from "../../lib/core/mod.ts";
import { complexScalar, type PolarizationPair, type SlabCoefficients } from "../../lib/em/mod.ts";

const { add, div, exp, mul, sqrtPrincipal, sub } = complexScalar;

/** Half-space reflection `{ te, tm }` of permittivity `eps` at `angleRad` from the normal. */
export function referenceFresnel(eps: Complex, angleRad: number): PolarizationPair {
  const cosT = Math.cos(angleRad);
  const sin2 = Math.sin(angleRad) ** 2;
  const root = sqrtPrincipal({ re: eps.re - sin2, im: eps.im });
  if (root.re === 0 && root.im === 0 && cosT < 1e-300) {
    return { te: { re: 0, im: 0 }, tm: { re: 0, im: 0 } };
  }
  const c = { re: cosT, im: 0 };
  const te = div(sub(c, root), add(c, root));
  const epsCos = mul(eps, c);
  const tm = div(sub(epsCos, root), add(epsCos, root));
  return { te, tm };
}

/** Slab reflection (at the front face or the mid-plane) and transmission. */
export function referenceSlab(
  eps: Complex,
  options: {
    thicknessM: number;
    frequencyHz: number;
    incidenceAngleRad: number;
    reflectionReferencePlane?: "front" | "mid";
  },
): SlabCoefficients {
  const { thicknessM, frequencyHz, incidenceAngleRad, reflectionReferencePlane = "front" } =
    options;
  const k0 = (2 * Math.PI * frequencyHz) / SPEED_OF_LIGHT_M_PER_S;
  const cosT = Math.cos(incidenceAngleRad);
  const sin2 = Math.sin(incidenceAngleRad) ** 2;
  const root = sqrtPrincipal({ re: eps.re - sin2, im: eps.im });
  const q = { re: k0 * thicknessM * root.re, im: k0 * thicknessM * root.im };
  const e1 = exp({ re: q.im, im: -q.re });
  const e2 = mul(e1, e1);
  const freePhase = k0 * thicknessM * cosT;
  const undoFree = { re: Math.cos(freePhase), im: Math.sin(freePhase) };
  const one = { re: 1, im: 0 };
  const half = referenceFresnel(eps, incidenceAngleRad);
  const solve = (r: Complex): { refl: Complex; trans: Complex } => {
    const r2 = mul(r, r);
    const denom = sub(one, mul(r2, e2));
    if (denom.re === 0 && denom.im === 0) return { refl: r, trans: { re: 0, im: 0 } };
    let refl = div(mul(r, sub(one, e2)), denom);
    if (reflectionReferencePlane === "mid") refl = mul(refl, undoFree);
    const trans = mul(div(mul(sub(one, r2), e1), denom), undoFree);
    return { refl, trans };
  };
  const te = solve(half.te);
  const tm = solve(half.tm);
  return {
    reflection: { te: te.refl, tm: tm.refl },
    transmission: { te: te.trans, tm: tm.trans },
  };
}
