/**
 * Complex relative permittivity of a material from its real permittivity and
 * conductivity.
 *
 * @module
 */
import { assertPositive, type Complex, VACUUM_PERMITTIVITY_F_PER_M } from "../core/mod.ts";
import type { MaterialParameters } from "../scene/types.ts";
import { assertFiniteNumber } from "../core/mod.ts";

/**
 * Complex relative permittivity `eps = eps_r' - j sigma / (2 pi f eps0)`.
 *
 * Time convention: fields vary as `e^{+j omega t}` (as in ITU-R P.2040), so a lossy
 * material has a NEGATIVE imaginary part, and a wave travelling a distance `d` picks up
 * `e^{-j k d}`.
 *
 * @param params material (`relativePermittivity` eps_r' > 0, `conductivitySPerM` >= 0).
 * @param frequencyHz carrier frequency, Hz (> 0).
 * @returns dimensionless complex relative permittivity.
 *
 * @example
 * ```ts
 * import { complexRelativePermittivity } from "./permittivity.ts";
 * const eps = complexRelativePermittivity(
 *   { name: "concrete", relativePermittivity: 5.31, conductivitySPerM: 0.33, set: "paper" },
 *   73e9,
 * ); // about 5.31 - 0.081j
 * if (!(eps.im < 0)) throw new Error("lossy material must have negative imaginary part");
 * ```
 */
export function complexRelativePermittivity(
  params: MaterialParameters,
  frequencyHz: number,
): Complex {
  if (typeof params !== "object" || params === null) {
    throw new TypeError(`params must be a MaterialParameters object, got ${params}`);
  }
  assertPositive("params.relativePermittivity", params.relativePermittivity);
  assertFiniteNumber("params.conductivitySPerM", params.conductivitySPerM);
  if (params.conductivitySPerM < 0) {
    throw new RangeError(`params.conductivitySPerM must be >= 0, got ${params.conductivitySPerM}`);
  }
  assertPositive("frequencyHz", frequencyHz);
  return {
    re: params.relativePermittivity,
    im: -params.conductivitySPerM / (2 * Math.PI * frequencyHz * VACUUM_PERMITTIVITY_F_PER_M),
  };
}
