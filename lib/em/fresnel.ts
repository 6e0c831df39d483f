/**
 * Fresnel reflection coefficients of a dielectric / lossy half-space seen from air.
 *
 * @module
 */
import { assertFiniteNumber, type Complex } from "../core/mod.ts";
import { add, assertComplex, div, mul, sqrtPrincipal, sub } from "./complex_scalar.ts";

/** Reflection (or transmission) coefficients for the two polarizations. */
export interface PolarizationPair {
  /** TE (s, perpendicular) polarization: E perpendicular to the plane of incidence. */
  readonly te: Complex;
  /** TM (p, parallel) polarization: E in the plane of incidence. */
  readonly tm: Complex;
}

/**
 * Throws unless `incidenceAngleRad` is a finite angle in `[0, pi/2]`.
 *
 * @example
 * ```ts
 * import { assertIncidenceAngle } from "./fresnel.ts";
 * assertIncidenceAngle("incidenceAngleRad", 0.3); // passes
 * ```
 */
export function assertIncidenceAngle(name: string, value: unknown): asserts value is number {
  assertFiniteNumber(name, value);
  if (value < 0 || value > Math.PI / 2) {
    throw new RangeError(`${name} must be in [0, pi/2], got ${value}`);
  }
}

/**
 * Fresnel reflection coefficients for a plane wave in air hitting a homogeneous
 * half-space of complex relative permittivity `eps` (non-magnetic), with
 * `t = incidenceAngleRad` measured from the surface normal:
 *
 * ```text
 * r_te = (cos t - sqrt(eps - sin^2 t)) / (cos t + sqrt(eps - sin^2 t))
 * r_tm = (eps cos t - sqrt(eps - sin^2 t)) / (eps cos t + sqrt(eps - sin^2 t))
 * ```
 *
 * Both are ratios of reflected to incident field at the interface. With this sign
 * convention (ITU-R P.2040 eq. 31a/b) `r_tm = -r_te` at normal incidence and
 * `r_tm = r_te^2` at 45 degrees; `r_tm` vanishes at the Brewster angle of a lossless
 * dielectric. The square root is taken on the branch with non-negative real part, so
 * with the `e^{+j omega t}` convention (`Im eps <= 0`) the transmitted wave decays.
 *
 * @param relativePermittivity complex relative permittivity (see `complexRelativePermittivity`).
 * @param incidenceAngleRad angle from the normal, rad, in `[0, pi/2]`.
 * @returns `{ te, tm }` complex reflection coefficients.
 *
 * @example
 * ```ts
 * import { fresnelCoefficients } from "./fresnel.ts";
 * const { te } = fresnelCoefficients({ re: 4, im: 0 }, 0); // (1 - 2) / (1 + 2) = -1/3
 * if (Math.abs(te.re + 1 / 3) > 1e-12) throw new Error("expected -1/3");
 * ```
 */
export function fresnelCoefficients(
  relativePermittivity: Complex,
  incidenceAngleRad: number,
): PolarizationPair {
  assertComplex("relativePermittivity", relativePermittivity);
  assertIncidenceAngle("incidenceAngleRad", incidenceAngleRad);
  const eps = relativePermittivity;
  const cosT = Math.cos(incidenceAngleRad);
  const sin2 = Math.sin(incidenceAngleRad) ** 2;
  const root = sqrtPrincipal({ re: eps.re - sin2, im: eps.im });
  if (root.re === 0 && root.im === 0 && cosT < 1e-300) {
    // eps = 1 at exactly grazing incidence: no interface, the limit is zero.
    return { te: { re: 0, im: 0 }, tm: { re: 0, im: 0 } };
  }
  const c = { re: cosT, im: 0 };
  const te = div(sub(c, root), add(c, root));
  const epsCos = mul(eps, c);
  const tm = div(sub(epsCos, root), add(epsCos, root));
  return { te, tm };
}
