/**
 * The conditioning input `c` of the generator and the critic (paper eq. 12, plus the
 * horizon index: docs/model.md, "Generative module"), for **one AP** at one slot.
 *
 * The paper's `c = [e; r; f]` has `d_c = 256 + 2K + 1 = 317`. Here `c` is delivered in two
 * parts, because the embedding `e` is computed *inside* the generator by its CNN:
 *
 * | part | shape (per row) | content |
 * |---|---|---|
 * | `history` | `[K, Nt, 2 tau]` = `[30, 64, 20]` | the last `tau` channel matrices of this AP, each AP-UE row divided by its gain `s_k` (see `normalization.ts`); channel `2 s` = re, `2 s + 1` = im of past slot `s` (`s = 0` oldest, `tau - 1` newest). The generator's CNN turns it into `e` (256 values at paper size) |
 * | `scalars` | `[2K + 1 + T]` = `[66]` | `r` = K normalized RSSI, then K normalized beam indices; the rare-event flag `f` (0/1); the horizon one-hot `onehot(t - 1)` (`T` values, `t` in 1..T) |
 *
 * So at paper size the generator's fused condition has `d_c = 256 + 60 + 1 + 5 = 322`
 * (317 of the paper + the 5-value horizon one-hot).
 *
 * Normalizations: RSSI `(rssi_dBm - rssiCenterDbm) / rssiSpanDb` (defaults -60 dBm and
 * 20 dB, so -100..-20 dBm maps to -2..2); beam index `2 i / (beamCount - 1) - 1`
 * in [-1, 1] (default `beamCount` 64, the 8 x 8 DFT codebook).
 *
 * A {@link Condition} holds the horizon-free part (`rf` = `[2K + 1]`); the horizon is
 * appended when rows are stacked into a batch ({@link conditionScalars}).
 *
 * @example
 * ```ts
 * import { buildCondition, conditionScalars } from "./condition.ts";
 * const dims = { K: 2, Nt: 4, tau: 3, T: 5 };
 * const past = new Float32Array(3 * 2 * 4 * 2).fill(0.5);
 * const c = buildCondition({ past, rssiDbm: [-60, -80], beamIndex: [0, 63], rareEvent: true }, dims);
 * const s = conditionScalars(c, { horizon: 2, T: 5 }); // [2K + 1 + T] = 10 values
 * if (s.length !== 10 || s[4] !== 1 || s[6] !== 1) throw new Error("layout");
 * ```
 *
 * @module
 */
import { assertFiniteNumber, assertInteger, assertPositive } from "../core/mod.ts";
import { complexToChannels, normalizeRows, rowScales, slotCount } from "./normalization.ts";

/** Problem sizes shared by the condition, generator, critic and sampler. */
export interface ModelDims {
  /** UEs per AP matrix (rows), 30 in the paper. */
  readonly K: number;
  /** AP antennas (columns), 64 in the paper. */
  readonly Nt: number;
  /** Past slots in the window, 10 in the paper. */
  readonly tau: number;
  /** Future slots (prediction horizon), 5 in the paper. */
  readonly T: number;
}

/** What the dataset provides for one AP at one slot. */
export interface ApObservation {
  /** Past window, interleaved complex `[tau, K, Nt]` (oldest first), raw amplitudes. */
  readonly past: Float32Array;
  /** RSSI per UE, dBm, `[K]`. */
  readonly rssiDbm: ArrayLike<number>;
  /** Active beam index per UE, `[K]`, integers in `[0, beamCount)`. */
  readonly beamIndex: ArrayLike<number>;
  /** Rare-event flag `f` (blockage or hotspot). */
  readonly rareEvent: boolean;
}

/** Normalization constants of the RF scalars. */
export interface RfNormalization {
  /** RSSI mapped to 0, dBm (default -60). */
  readonly rssiCenterDbm?: number;
  /** RSSI span mapped to 1, dB (default 20). */
  readonly rssiSpanDb?: number;
  /** Codebook size for the beam index (default 64). */
  readonly beamCount?: number;
}

/** The horizon-free condition of one AP at one slot. */
export interface Condition {
  /** Normalized past window as an image, `[K, Nt, 2 tau]` row-major. */
  readonly history: Float32Array;
  /** `[2K + 1]`: K normalized RSSI, K normalized beam indices, flag. */
  readonly rf: Float32Array;
  /** Row gains `s_k`, `[K]` (multiply generated rows by these to undo the normalization). */
  readonly scales: Float32Array;
  /** Sizes (`T` is not used by the condition itself but travels with it). */
  readonly dims: ModelDims;
}

/** Length of the generator/critic scalar input: `2K + 1 + T`. */
export function scalarSize(dims: Pick<ModelDims, "K" | "T">): number {
  return 2 * dims.K + 1 + dims.T;
}

/** Throws unless `dims` holds positive integers `K, Nt, tau, T`. */
export function assertModelDims(dims: ModelDims): void {
  if (dims === null || typeof dims !== "object") throw new TypeError("dims must be an object");
  assertInteger("dims.K", dims.K, { min: 1 });
  assertInteger("dims.Nt", dims.Nt, { min: 1 });
  assertInteger("dims.tau", dims.tau, { min: 1 });
  assertInteger("dims.T", dims.T, { min: 1 });
}

/**
 * Builds the condition of one AP at one slot.
 *
 * @param obs the dataset's window (`past` `[tau, K, Nt]` complex, RSSI `[K]`, beams `[K]`, flag).
 * @param options sizes (`K`, `Nt`, `tau`, `T`) and RF normalization constants.
 * @returns `history` `[K, Nt, 2 tau]`, `rf` `[2K + 1]`, `scales` `[K]`.
 */
export function buildCondition(
  obs: ApObservation,
  options: ModelDims & RfNormalization,
): Condition {
  assertModelDims(options);
  const { K, Nt, tau, T } = options;
  const S = slotCount("obs.past", obs.past, options);
  if (S !== tau) throw new RangeError(`obs.past holds ${S} slots, expected tau = ${tau}`);
  if (obs.rssiDbm?.length !== K) throw new RangeError(`obs.rssiDbm must have K = ${K} values`);
  if (obs.beamIndex?.length !== K) {
    throw new RangeError(`obs.beamIndex must have K = ${K} values`);
  }
  if (typeof obs.rareEvent !== "boolean") throw new TypeError("obs.rareEvent must be a boolean");
  const center = options.rssiCenterDbm ?? -60;
  const span = options.rssiSpanDb ?? 20;
  const beams = options.beamCount ?? 64;
  assertFiniteNumber("rssiCenterDbm", center);
  assertPositive("rssiSpanDb", span);
  assertInteger("beamCount", beams, { min: 2 });
  const scales = rowScales(obs.past, options);
  const history = complexToChannels(normalizeRows(obs.past, scales, options), options);
  const rf = new Float32Array(2 * K + 1);
  for (let k = 0; k < K; k++) {
    const r = obs.rssiDbm[k];
    assertFiniteNumber(`obs.rssiDbm[${k}]`, r);
    rf[k] = (r - center) / span;
    const b = obs.beamIndex[k];
    assertInteger(`obs.beamIndex[${k}]`, b, { min: 0, max: beams - 1 });
    rf[K + k] = (2 * b) / (beams - 1) - 1;
  }
  rf[2 * K] = obs.rareEvent ? 1 : 0;
  return { history, rf, scales, dims: { K, Nt, tau, T } };
}

/**
 * Scalar input of one row: `[rf; onehot(horizon - 1)]`, length `2K + 1 + T`.
 *
 * @param condition from {@link buildCondition}.
 * @param options `horizon` `t` in 1..T and `T` (default `condition.dims.T`).
 */
export function conditionScalars(
  condition: Condition,
  options: { readonly horizon: number; readonly T?: number },
): Float32Array {
  const T = options.T ?? condition.dims.T;
  assertInteger("T", T, { min: 1 });
  assertInteger("horizon", options.horizon, { min: 1, max: T });
  const out = new Float32Array(condition.rf.length + T);
  out.set(condition.rf);
  out[condition.rf.length + options.horizon - 1] = 1;
  return out;
}
