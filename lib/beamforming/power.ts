/**
 * Link-budget defaults of the beamforming layer and the per-beam power split.
 *
 * Each AP radiates {@link TX_POWER_DBM} in total, split equally over the UEs it
 * serves; with unit-norm beams the per-beam power is `P_b = P_AP / K_b` and the AP's
 * total radiated power `sum_j P_b ||w_{b,j}||^2` equals `P_AP` exactly. The receiver
 * noise is thermal noise over {@link BANDWIDTH_HZ} plus {@link NOISE_FIGURE_DB}.
 *
 * @module
 */
import { assertFiniteNumber, assertInteger, dbmToWatt, thermalNoiseDbm } from "../core/mod.ts";

/** Total transmit power per AP, dBm (paper Table I: 23 dBm). */
export const TX_POWER_DBM = 23;
/** System bandwidth, Hz (paper Table I: 400 MHz, 3GPP NR FR2). */
export const BANDWIDTH_HZ = 400e6;
/** UE receiver noise figure, dB (paper Table I: 9 dB; docs/model.md, "Control loop"). */
export const NOISE_FIGURE_DB = 9;
/** Noise power `-174 dBm/Hz + 10 log10(400 MHz) + 9 dB`, dBm (about -78.95 dBm at 290 K). */
export const NOISE_POWER_DBM: number = thermalNoiseDbm(BANDWIDTH_HZ, NOISE_FIGURE_DB);
/** {@link NOISE_POWER_DBM} in watts (about 1.26e-11 W). */
export const NOISE_POWER_W: number = dbmToWatt(NOISE_POWER_DBM);

/**
 * UEs served by each AP: `served[b]` lists, ascending, the UE indices `k` with
 * `servingAp[k] === b`. A negative `servingAp[k]` marks an unserved UE (listed nowhere).
 *
 * @param servingAp `[K]` AP index per UE, in `[0, apCount)` or negative (unserved).
 * @param apCount number of APs `A`.
 * @returns `A` arrays of global UE indices.
 *
 * @example
 * ```ts
 * import { servedUesByAp } from "./power.ts";
 * const served = servedUesByAp(Int32Array.of(1, 0, 1), 2);
 * console.log(Array.from(served[1])); // [0, 2]
 * ```
 */
export function servedUesByAp(servingAp: Int32Array, apCount: number): Int32Array[] {
  if (!(servingAp instanceof Int32Array)) throw new TypeError("servingAp must be an Int32Array");
  assertInteger("apCount", apCount, { min: 1 });
  const counts = new Int32Array(apCount);
  for (let k = 0; k < servingAp.length; k++) {
    const b = servingAp[k];
    if (b >= apCount) {
      throw new RangeError(`servingAp[${k}] = ${b} is out of range for apCount ${apCount}`);
    }
    if (b >= 0) counts[b]++;
  }
  const served = Array.from(counts, (c) => new Int32Array(c));
  counts.fill(0);
  for (let k = 0; k < servingAp.length; k++) {
    const b = servingAp[k];
    if (b >= 0) served[b][counts[b]++] = k;
  }
  return served;
}

/**
 * Per-beam transmit power of each AP, W: the AP's total power split equally over its
 * served UEs, `P_b = 10^((txPowerDbm - 30) / 10) / K_b` (0 for an AP serving nobody).
 *
 * @param servingAp `[K]` serving AP per UE (negative: unserved).
 * @param options `apCount` (A); `txPowerDbm` per AP, default {@link TX_POWER_DBM}.
 * @returns `[A]` per-beam power, W.
 *
 * @example
 * ```ts
 * import { perBeamPowerW } from "./power.ts";
 * const p = perBeamPowerW(Int32Array.of(0, 0, 1), { apCount: 2, txPowerDbm: 30 });
 * console.log(p[0], p[1]); // 0.5 1
 * ```
 */
export function perBeamPowerW(
  servingAp: Int32Array,
  options: { apCount: number; txPowerDbm?: number },
): Float64Array {
  const { apCount, txPowerDbm = TX_POWER_DBM } = options;
  assertFiniteNumber("txPowerDbm", txPowerDbm);
  const served = servedUesByAp(servingAp, apCount);
  const total = dbmToWatt(txPowerDbm);
  return Float64Array.from(served, (s) => (s.length === 0 ? 0 : total / s.length));
}
