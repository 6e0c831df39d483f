/**
 * Physical constants and unit conversions. Names carry their units:
 * `Db` is a power ratio in decibels, `Dbm` is power in dB relative to 1 mW,
 * `W` is watts, `Hz` is hertz, `M` is metres, `S` is seconds.
 *
 * @module
 */

/** Speed of light in vacuum, m/s. */
export const SPEED_OF_LIGHT_M_PER_S = 299_792_458;
/** Boltzmann constant, J/K. */
export const BOLTZMANN_J_PER_K = 1.380649e-23;
/** Vacuum permittivity, F/m. */
export const VACUUM_PERMITTIVITY_F_PER_M = 8.8541878128e-12;
/** Reference temperature for thermal noise, K (gives -174 dBm/Hz). */
export const NOISE_TEMPERATURE_K = 290;

/** Power ratio in dB to linear. `dbToLinear(3)` is about 2. */
export function dbToLinear(valueDb: number): number {
  return Math.pow(10, valueDb / 10);
}

/** Linear power ratio to dB. Zero maps to `-Infinity`. */
export function linearToDb(value: number): number {
  return 10 * Math.log10(value);
}

/** Power in dBm to watts. */
export function dbmToWatt(powerDbm: number): number {
  return Math.pow(10, (powerDbm - 30) / 10);
}

/** Power in watts to dBm. */
export function wattToDbm(powerW: number): number {
  return 10 * Math.log10(powerW) + 30;
}

/** Free-space wavelength in metres for a carrier in Hz. */
export function wavelengthM(frequencyHz: number): number {
  return SPEED_OF_LIGHT_M_PER_S / frequencyHz;
}

/**
 * Thermal noise power in dBm over a bandwidth, including a receiver noise figure:
 * `10 log10(k T0 B) + 30 + NF`, i.e. about -174 dBm/Hz + 10 log10(B) + NF.
 *
 * @example
 * ```ts
 * import { thermalNoiseDbm } from "./units.ts";
 * const noiseDbm = thermalNoiseDbm(400e6, 9); // about -79 dBm
 * if (Math.abs(noiseDbm + 79) > 0.1) throw new Error("unexpected noise floor");
 * ```
 */
export function thermalNoiseDbm(bandwidthHz: number, noiseFigureDb = 0): number {
  return 10 * Math.log10(BOLTZMANN_J_PER_K * NOISE_TEMPERATURE_K * bandwidthHz) + 30 +
    noiseFigureDb;
}

/** Degrees to radians. */
export function degToRad(angleDeg: number): number {
  return (angleDeg * Math.PI) / 180;
}

/** Radians to degrees. */
export function radToDeg(angleRad: number): number {
  return (angleRad * 180) / Math.PI;
}
