/**
 * Radiation pattern of one array element.
 *
 * - `"3gpp"`: 3GPP TR 38.901 Table 7.3-1: 65 degree half-power beamwidth in both
 *   planes, 30 dB front-to-back ratio, 8 dBi maximum gain.
 * - `"isotropic"`: 0 dBi in every direction (useful for validating against closed forms).
 *
 * @module
 */
import { dbToLinear } from "../core/mod.ts";

/** Element pattern choice. */
export type ElementPattern = "3gpp" | "isotropic";

/**
 * Element power gain in dBi for a direction given by its cosines in the array frame
 * (`ub` along boresight, `uh` along the horizontal axis, `uv` along `e_v`).
 *
 * @example
 * ```ts
 * import { elementGainDbi } from "./element_pattern.ts";
 * if (elementGainDbi("3gpp", 1, 0, 0) !== 8) throw new Error("boresight gain is 8 dBi");
 * ```
 */
export function elementGainDbi(
  pattern: ElementPattern,
  ub: number,
  uh: number,
  uv: number,
): number {
  if (pattern === "isotropic") return 0;
  // Zenith angle from e_v is 90 deg at boresight; azimuth from boresight towards e_h.
  const zenithDeg = (Math.acos(Math.max(-1, Math.min(1, uv))) * 180) / Math.PI;
  const azimuthDeg = (Math.atan2(uh, ub) * 180) / Math.PI;
  const vertical = -Math.min(12 * ((zenithDeg - 90) / 65) ** 2, 30);
  const horizontal = -Math.min(12 * (azimuthDeg / 65) ** 2, 30);
  return 8 - Math.min(-(vertical + horizontal), 30);
}

/** Element field (amplitude) gain, linear: `sqrt(10^(G/10))`. */
export function elementAmplitude(
  pattern: ElementPattern,
  ub: number,
  uh: number,
  uv: number,
): number {
  return pattern === "isotropic" ? 1 : Math.sqrt(dbToLinear(elementGainDbi(pattern, ub, uh, uv)));
}
