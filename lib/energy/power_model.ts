/**
 * The EARTH base-station power model (G. Auer et al., "How much energy is needed to
 * run a wireless network?", IEEE Wireless Commun. 18(5), 2011, eq. (1) and Table 2):
 *
 * - `P_in = N_TRX (P_0 + Delta_p P_out)` for `0 < P_out <= P_max`,
 * - `P_in = N_TRX P_sleep` for `P_out = 0`,
 *
 * with `P_out` the RF output power per transceiver chain (TRX) in W and `P_in` the
 * supply power of the whole base station in W.
 *
 * Provenance of the numbers: written from memory first, then checked (2026-11-27)
 * against several independent public simulator sources that cite Auer et al. and type
 * Table 2 in (MATLAB LTE simulators' `EvolvedNodeB` / `GetPowerIn`, a Java energy
 * model, a MATLAB HCN script): all five classes agree with the values below. The
 * article itself could not be opened from here, so the residual uncertainty is that of
 * those copies. The paper under study gives no power
 * model; `docs/model.md` ("Energy-aware power control") records the choice.
 *
 * @example
 * ```ts
 * import { EARTH_MICRO, earthInputPowerW } from "./power_model.ts";
 * console.log(earthInputPowerW(EARTH_MICRO, EARTH_MICRO.pMaxW).toFixed(2)); // 144.76
 * console.log(earthInputPowerW(EARTH_MICRO, 0)); // 78 (sleep)
 * ```
 *
 * @module
 */
import {
  assertFiniteNumber,
  assertInteger,
  assertNonNegative,
  assertPositive,
} from "../core/mod.ts";

/** Parameters of the EARTH model for one base-station class. */
export interface EarthPowerParameters {
  /** Class name as in Auer et al. Table 2. */
  readonly name: string;
  /** Number of transceiver chains `N_TRX`. */
  readonly nTrx: number;
  /** Maximum RF output power per TRX `P_max` in W. */
  readonly pMaxW: number;
  /** Power per TRX at the minimum non-zero load `P_0` in W. */
  readonly p0W: number;
  /** Slope of the load dependence `Delta_p` (dimensionless, W per W of RF output). */
  readonly deltaP: number;
  /** Power per TRX in sleep mode `P_sleep` in W. */
  readonly pSleepW: number;
}

/** EARTH macro cell (Auer et al. 2011, Table 2, 2010 technology). */
export const EARTH_MACRO: EarthPowerParameters = Object.freeze({
  name: "macro",
  nTrx: 6,
  pMaxW: 20,
  p0W: 130,
  deltaP: 4.7,
  pSleepW: 75,
});

/** EARTH remote radio head (Auer et al. 2011, Table 2). */
export const EARTH_RRH: EarthPowerParameters = Object.freeze({
  name: "RRH",
  nTrx: 6,
  pMaxW: 20,
  p0W: 84,
  deltaP: 2.8,
  pSleepW: 56,
});

/**
 * EARTH micro cell (Auer et al. 2011, Table 2): 2 TRX, 6.3 W (38 dBm) each. The
 * default of this project for the UAV-mounted base station: a small cell whose RF
 * power is in the range of an aerial platform, with the load-dependent slope kept.
 */
export const EARTH_MICRO: EarthPowerParameters = Object.freeze({
  name: "micro",
  nTrx: 2,
  pMaxW: 6.3,
  p0W: 56,
  deltaP: 2.6,
  pSleepW: 39,
});

/** EARTH pico cell (Auer et al. 2011, Table 2). */
export const EARTH_PICO: EarthPowerParameters = Object.freeze({
  name: "pico",
  nTrx: 2,
  pMaxW: 0.13,
  p0W: 6.8,
  deltaP: 4.0,
  pSleepW: 4.3,
});

/** EARTH femto cell (Auer et al. 2011, Table 2). */
export const EARTH_FEMTO: EarthPowerParameters = Object.freeze({
  name: "femto",
  nTrx: 2,
  pMaxW: 0.05,
  p0W: 4.8,
  deltaP: 8.0,
  pSleepW: 2.9,
});

/** The default class: {@link EARTH_MICRO}. */
export const EARTH_DEFAULT: EarthPowerParameters = EARTH_MICRO;

/** Throws (naming the field) unless `params` is a valid EARTH parameter set. */
export function assertEarthParameters(params: EarthPowerParameters): void {
  assertInteger("params.nTrx", params.nTrx, { min: 1 });
  assertPositive("params.pMaxW", params.pMaxW);
  assertNonNegative("params.p0W", params.p0W);
  assertNonNegative("params.deltaP", params.deltaP);
  assertNonNegative("params.pSleepW", params.pSleepW);
}

/**
 * Supply power `P_in` in W of a base station whose TRXs each radiate `pOutW` W.
 * Throws a `RangeError` naming `pOutW` when it is negative, not finite, or above
 * `params.pMaxW`.
 */
export function earthInputPowerW(
  params: EarthPowerParameters,
  pOutW: number,
): number {
  assertEarthParameters(params);
  assertFiniteNumber("pOutW", pOutW);
  if (pOutW < 0) throw new RangeError(`pOutW must be >= 0, got ${pOutW}`);
  if (pOutW > params.pMaxW) {
    throw new RangeError(`pOutW must be <= params.pMaxW (${params.pMaxW} W), got ${pOutW}`);
  }
  if (pOutW === 0) return params.nTrx * params.pSleepW;
  return params.nTrx * (params.p0W + params.deltaP * pOutW);
}

/**
 * Supply power in W for a transmit-power fraction `fraction` in `[0, 1]` of `P_max`
 * (the controller's output): `earthInputPowerW(params, fraction * params.pMaxW)`.
 */
export function earthInputPowerForFractionW(
  params: EarthPowerParameters,
  fraction: number,
): number {
  assertFiniteNumber("fraction", fraction);
  if (fraction < 0 || fraction > 1) {
    throw new RangeError(`fraction must be in [0, 1], got ${fraction}`);
  }
  return earthInputPowerW(params, Math.min(fraction * params.pMaxW, params.pMaxW));
}
