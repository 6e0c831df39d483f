/**
 * Path-loss references: free space (Friis) and 3GPP TR 38.901 InH-Office.
 * All losses in dB (positive numbers), distances in metres, frequencies in Hz.
 *
 * @module
 */
import { assertPositive, wavelengthM } from "../core/mod.ts";
import type { RayPath } from "../rt/mod.ts";

/**
 * Free-space path loss `20 log10(4 pi d / lambda)`, dB.
 *
 * @example
 * ```ts
 * import { freeSpacePathLossDb } from "./pathloss.ts";
 * const lossDb = freeSpacePathLossDb(1, 73e9); // 69.71 dB
 * if (Math.abs(lossDb - 69.71) > 0.01) throw new Error("Friis at 73 GHz, 1 m");
 * ```
 */
export function freeSpacePathLossDb(distanceM: number, frequencyHz: number): number {
  assertPositive("distanceM", distanceM);
  assertPositive("frequencyHz", frequencyHz);
  return 20 * Math.log10((4 * Math.PI * distanceM) / wavelengthM(frequencyHz));
}

/** Mean path loss and shadow-fading standard deviation, dB. */
export interface PathLossStatistics {
  readonly meanDb: number;
  readonly shadowFadingSigmaDb: number;
}

/**
 * 3GPP TR 38.901 Table 7.4.1-1, InH-Office, for 1 m <= d_3D <= 150 m:
 * LOS `32.4 + 17.3 log10(d) + 20 log10(f_GHz)`, sigma 3 dB;
 * NLOS `max(PL_LOS, 17.3 + 38.3 log10(d) + 24.9 log10(f_GHz))`, sigma 8.03 dB.
 *
 * @example
 * ```ts
 * import { pathLoss38901InH } from "./pathloss.ts";
 * const los = pathLoss38901InH(10, 73e9, { lineOfSight: true });
 * console.log(los.meanDb.toFixed(2), "dB +-", los.shadowFadingSigmaDb); // 86.97 dB +- 3
 * ```
 */
export function pathLoss38901InH(
  distance3dM: number,
  frequencyHz: number,
  options: { lineOfSight: boolean },
): PathLossStatistics {
  assertPositive("distance3dM", distance3dM);
  assertPositive("frequencyHz", frequencyHz);
  if (distance3dM < 1 || distance3dM > 150) {
    throw new RangeError(`distance3dM must be in [1, 150] m for InH-Office, got ${distance3dM}`);
  }
  const fGHz = frequencyHz / 1e9;
  const los = 32.4 + 17.3 * Math.log10(distance3dM) + 20 * Math.log10(fGHz);
  if (options.lineOfSight) return { meanDb: los, shadowFadingSigmaDb: 3 };
  const nlos = 17.3 + 38.3 * Math.log10(distance3dM) + 24.9 * Math.log10(fGHz);
  return { meanDb: Math.max(los, nlos), shadowFadingSigmaDb: 8.03 };
}

/**
 * Path loss of a ray-traced link, dB: `-10 log10(sum_l |alpha_l|^2)`, the power sum
 * over paths (the local-area average that 38.901's formulas describe, without
 * small-scale fading). `Infinity` when there is no path.
 */
export function rayTracedPathLossDb(paths: readonly RayPath[]): number {
  let power = 0;
  for (const p of paths) power += p.gain.re ** 2 + p.gain.im ** 2;
  return -10 * Math.log10(power);
}
