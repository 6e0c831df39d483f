/**
 * 3GPP TR 38.811 (NTN channel model) as a check of the UAV scenario, like the indoor
 * 38.901 check of the office: the LOS probability vs elevation angle (Table 6.6.1-1)
 * and the basic path loss `PL = FSPL(d, f) + SF + CL` (Section 6.6.2) with the Ka-band
 * shadow-fading spreads and clutter losses (Tables 6.6.2-1..3).
 *
 * The tables are tabulated at elevations 10, 20, ..., 90 degrees; between them this
 * module interpolates linearly (as 38.811 allows), below 10 degrees it holds the 10-degree
 * value. The values were cross-checked against three independent public implementations
 * (docs/model.md, "Energy-aware power control: UAV NTN").
 *
 * 38.811 is written for satellite and HAPS links; for a UAV at 100 m it is only a
 * reference band for the statistics of our geometric model, not the model itself.
 *
 * @example
 * ```ts
 * import { losProbability38811 } from "./tr38811.ts";
 * console.log(losProbability38811("urban", 45).toFixed(3)); // 0.669
 * ```
 *
 * @module
 */
import { assertFiniteNumber, assertPositive } from "../core/mod.ts";

/** 38.811 environments. */
export type Ntn38811Environment = "dense-urban" | "urban" | "suburban";

/** The 38.811 environments, in table order. */
export const NTN_38811_ENVIRONMENTS: readonly Ntn38811Environment[] = [
  "dense-urban",
  "urban",
  "suburban",
];

/** Elevation grid of the tables, degrees. */
export const TR38811_ELEVATIONS_DEG: readonly number[] = [10, 20, 30, 40, 50, 60, 70, 80, 90];

interface Table {
  /** LOS probability, % (Table 6.6.1-1). */
  readonly losPercent: readonly number[];
  /** Ka-band shadow fading std, LOS, dB. */
  readonly sigmaLosDb: readonly number[];
  /** Ka-band shadow fading std, NLOS, dB. */
  readonly sigmaNlosDb: readonly number[];
  /** Ka-band clutter loss, NLOS, dB. */
  readonly clutterLossDb: readonly number[];
}

/** TR 38.811 Tables 6.6.1-1 and 6.6.2-1 (dense urban), -2 (urban), -3 (suburban/rural), Ka band. */
export const TR38811_TABLES: Readonly<Record<Ntn38811Environment, Table>> = Object.freeze({
  "dense-urban": {
    losPercent: [28.2, 33.1, 39.8, 46.8, 53.7, 61.2, 73.8, 82.0, 98.1],
    sigmaLosDb: [2.9, 2.4, 2.7, 2.4, 2.4, 2.7, 2.6, 2.8, 0.6],
    sigmaNlosDb: [17.1, 17.1, 15.6, 14.6, 14.2, 12.6, 12.1, 12.3, 12.3],
    clutterLossDb: [44.3, 39.9, 37.5, 35.8, 34.6, 33.8, 33.3, 33.0, 32.9],
  },
  "urban": {
    losPercent: [24.6, 38.6, 49.3, 61.3, 72.6, 80.5, 91.9, 96.8, 99.2],
    sigmaLosDb: [4, 4, 4, 4, 4, 4, 4, 4, 4],
    sigmaNlosDb: [6, 6, 6, 6, 6, 6, 6, 6, 6],
    clutterLossDb: [44.3, 39.9, 37.5, 35.8, 34.6, 33.8, 33.3, 33.0, 32.9],
  },
  "suburban": {
    losPercent: [78.2, 86.9, 91.9, 92.9, 93.5, 94.0, 94.9, 95.2, 99.8],
    sigmaLosDb: [1.9, 1.6, 1.9, 2.3, 2.7, 3.1, 3.0, 3.6, 0.4],
    sigmaNlosDb: [10.7, 10.0, 11.2, 11.6, 11.8, 10.8, 10.8, 10.8, 10.8],
    clutterLossDb: [29.5, 24.6, 21.9, 20.0, 18.7, 17.8, 17.2, 16.9, 16.8],
  },
});

function table(env: Ntn38811Environment): Table {
  const t = TR38811_TABLES[env];
  if (t === undefined) {
    throw new RangeError(
      `environment must be one of ${NTN_38811_ENVIRONMENTS.join(", ")}, got ${env}`,
    );
  }
  return t;
}

function interpolate(values: readonly number[], elevationDeg: number): number {
  assertFiniteNumber("elevationDeg", elevationDeg);
  if (elevationDeg < 0 || elevationDeg > 90) {
    throw new RangeError(`elevationDeg must be in [0, 90], got ${elevationDeg}`);
  }
  const e = Math.max(10, elevationDeg);
  const i = Math.min(7, Math.floor(e / 10) - 1);
  const w = (e - TR38811_ELEVATIONS_DEG[i]) / 10;
  return values[i] * (1 - w) + values[i + 1] * w;
}

/** LOS probability in `[0, 1]` at elevation `elevationDeg` (degrees, `[0, 90]`). */
export function losProbability38811(env: Ntn38811Environment, elevationDeg: number): number {
  return interpolate(table(env).losPercent, elevationDeg) / 100;
}

/** Free-space path loss in dB, 38.811 eq. (6.6-2): `32.45 + 20 log10(f_GHz) + 20 log10(d_m)`. */
export function freeSpacePathLoss38811Db(distanceM: number, frequencyHz: number): number {
  assertPositive("distanceM", distanceM);
  assertPositive("frequencyHz", frequencyHz);
  return 32.45 + 20 * Math.log10(frequencyHz / 1e9) + 20 * Math.log10(distanceM);
}

/** Mean and spread of the 38.811 basic path loss at one link. */
export interface PathLoss38811 {
  /** Free-space part, dB. */
  readonly fsplDb: number;
  /** Mean LOS path loss (FSPL; SF has zero mean), dB. */
  readonly losDb: number;
  /** Mean NLOS path loss (FSPL + clutter loss), dB. */
  readonly nlosDb: number;
  readonly sigmaLosDb: number;
  readonly sigmaNlosDb: number;
  readonly clutterLossDb: number;
  /** LOS probability at this elevation. */
  readonly losProbability: number;
}

/**
 * The 38.811 basic path loss statistics at slant range `distanceM` and elevation
 * `elevationDeg`, Ka-band tables (the 26 GHz carrier of the case study is below the
 * 38.811 Ka band, 30 GHz; the Ka values are the nearest).
 */
export function pathLoss38811(
  env: Ntn38811Environment,
  distanceM: number,
  elevationDeg: number,
  frequencyHz: number,
): PathLoss38811 {
  const t = table(env);
  const fsplDb = freeSpacePathLoss38811Db(distanceM, frequencyHz);
  const clutterLossDb = interpolate(t.clutterLossDb, elevationDeg);
  return {
    fsplDb,
    losDb: fsplDb,
    nlosDb: fsplDb + clutterLossDb,
    sigmaLosDb: interpolate(t.sigmaLosDb, elevationDeg),
    sigmaNlosDb: interpolate(t.sigmaNlosDb, elevationDeg),
    clutterLossDb,
    losProbability: interpolate(t.losPercent, elevationDeg) / 100,
  };
}
