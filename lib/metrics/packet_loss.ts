/**
 * Packet loss from SINR: one fixed-MCS packet per UE per slot, lost with a logistic
 * block-error probability
 *
 *     BLER(sinr) = 1 / (1 + exp(slope * (sinrDb - thresholdDb)))
 *
 * Defaults: {@link BLER_THRESHOLD_DB} = 5 dB (the 50 % point) and {@link BLER_SLOPE_PER_DB}
 * = 1.5 / dB. Rationale: a fixed QPSK-3/4-like MCS with a long LDPC code has a
 * waterfall about 1 dB wide (with slope 1.5/dB BLER falls from 82 % to 18 % between
 * -1 and +1 dB of the threshold, and to 10 % at +1.46 dB); its 10 %-BLER point sits
 * near 6-7 dB in AWGN link curves, i.e. about 5 dB at 50 %. These are modeling choices,
 * to be stated in the figure captions, not values from the paper.
 *
 * @module
 */
import { assertFiniteNumber, assertPositive, type Rng } from "../core/mod.ts";

/** SINR at which BLER = 50 %, dB. */
export const BLER_THRESHOLD_DB = 5;
/** Steepness of the logistic BLER curve, 1/dB. */
export const BLER_SLOPE_PER_DB = 1.5;
/** Packet-loss-rate threshold of the paper's reliability metric, P(PLR > 5 %). */
export const PLR_THRESHOLD = 0.05;

/** Parameters of the logistic BLER curve. */
export interface BlerCurve {
  /** 50 % point, dB; default {@link BLER_THRESHOLD_DB}. */
  readonly thresholdDb?: number;
  /** Slope, 1/dB; default {@link BLER_SLOPE_PER_DB}. */
  readonly slopePerDb?: number;
}

/**
 * Block-error probability of one packet at a given SINR.
 *
 * @param sinrDb SINR, dB (`-Infinity` gives 1, `Infinity` gives 0).
 * @param curve threshold (dB) and slope (1/dB).
 * @returns BLER in [0, 1].
 *
 * @example
 * ```ts
 * import { bler } from "./packet_loss.ts";
 * console.log(bler(5), bler(-Infinity), bler(Infinity)); // 0.5 1 0
 * ```
 */
export function bler(sinrDb: number, curve: BlerCurve = {}): number {
  const { thresholdDb = BLER_THRESHOLD_DB, slopePerDb = BLER_SLOPE_PER_DB } = curve;
  assertFiniteNumber("thresholdDb", thresholdDb);
  assertPositive("slopePerDb", slopePerDb);
  if (Number.isNaN(sinrDb)) throw new RangeError("sinrDb is NaN");
  if (sinrDb === Infinity) return 0;
  if (sinrDb === -Infinity) return 1;
  return 1 / (1 + Math.exp(slopePerDb * (sinrDb - thresholdDb)));
}

/** Options of {@link packetLossRates}. */
export interface PacketLossOptions extends BlerCurve {
  /** Draw each packet's loss (Bernoulli) instead of returning the expected rate. */
  readonly rng?: Rng;
}

/**
 * Per-UE packet-loss rate over an episode: the mean over slots of `BLER(sinr)`
 * (expected value), or, with `rng`, the fraction of packets lost in one seeded
 * Bernoulli realization (packet lost when `u < BLER`, `u` uniform).
 *
 * @param sinrDbBySlot `[slots, K]` row-major SINR, dB.
 * @param options `ueCount` (K), BLER curve, optional `rng`.
 * @returns `[K]` packet-loss rates in [0, 1].
 *
 * @example
 * ```ts
 * import { packetLossRates } from "./packet_loss.ts";
 * // 2 slots x 2 UEs: UE 0 at the threshold twice, UE 1 always far above it
 * console.log(Array.from(packetLossRates(Float64Array.of(5, 60, 5, 60), { ueCount: 2 })));
 * // [0.5, 0]
 * ```
 */
export function packetLossRates(
  sinrDbBySlot: ArrayLike<number>,
  options: PacketLossOptions & { ueCount: number },
): Float64Array {
  const { ueCount, rng } = options;
  if (!(Number.isInteger(ueCount) && ueCount >= 1)) {
    throw new RangeError(`ueCount must be a positive integer, got ${ueCount}`);
  }
  if (sinrDbBySlot.length % ueCount !== 0) {
    throw new RangeError(
      `sinrDbBySlot has length ${sinrDbBySlot.length}, not a multiple of ueCount ${ueCount}`,
    );
  }
  const slots = sinrDbBySlot.length / ueCount;
  const out = new Float64Array(ueCount);
  for (let s = 0; s < slots; s++) {
    for (let k = 0; k < ueCount; k++) {
      const p = bler(sinrDbBySlot[s * ueCount + k], options);
      out[k] += rng ? (rng.uniform() < p ? 1 : 0) : p;
    }
  }
  if (slots > 0) { for (let k = 0; k < ueCount; k++) out[k] /= slots; }
  else out.fill(NaN);
  return out;
}

/**
 * Fraction of UEs whose packet-loss rate exceeds a threshold, `P(PLR > 5 %)` by default.
 *
 * @param plr `[K]` packet-loss rates.
 * @param options `threshold`, default {@link PLR_THRESHOLD}.
 * @returns fraction in [0, 1] (NaN for no UEs).
 *
 * @example
 * ```ts
 * import { fractionAbove } from "./packet_loss.ts";
 * console.log(fractionAbove(Float64Array.of(0.01, 0.05, 0.2, 0.5))); // 0.5
 * ```
 */
export function fractionAbove(
  plr: ArrayLike<number>,
  options: { threshold?: number } = {},
): number {
  const { threshold = PLR_THRESHOLD } = options;
  assertFiniteNumber("threshold", threshold);
  if (plr.length === 0) return NaN;
  let n = 0;
  for (let i = 0; i < plr.length; i++) if (plr[i] > threshold) n++;
  return n / plr.length;
}
