/**
 * Fresnel reflection coefficients of a dielectric / lossy half-space seen from air.
 *
 * @module
 */
import { assertFiniteNumber, type Complex } from "../core/mod.ts";
import { assertComplex } from "./complex_scalar.ts";
import { fresnelInto } from "./coefficients.ts";

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
  const out = new Float64Array(4);
  fresnelInto(relativePermittivity.re, relativePermittivity.im, incidenceAngleRad, out);
  return { te: { re: out[0], im: out[1] }, tm: { re: out[2], im: out[3] } };
}
