/**
 * The condition of the learned predictors: **one (UE, AP) channel row** at one sync slot,
 * anchored on the row-shared linear forecast (lib/channel/linear_prediction.ts).
 *
 * The models work row by row (weights shared over UEs and APs): a row's future is a sum
 * of its own paths, so a row is the natural sample, and the `K = 30` rows of a window
 * give thirty training rows instead of one 30 x 64 image. Per row `k` of AP `b`:
 *
 * | part | shape | content |
 * |---|---|---|
 * | `slots` | `[tau + T + E, 2 Nt]` | the last `tau` synchronized rows (oldest first), the linear forecast of the next `T`, and its `E` most recent one-step errors (newest first), all phase-aligned (the newest slot's frame) and divided by the row gain `s_k`; interleaved re/im per antenna |
 * | `rf` | `[3]` | normalized RSSI of the row's best DFT beam `(rssi_dBm - rssiCenterDbm) / rssiSpanDb`, the beam index `2 i / (beamCount - 1) - 1`, and the rare-event flag `f` (0/1) |
 * | `scale` | scalar | `s_k`: RMS of the row's past entries (floor `1e-30`): multiply outputs by it |
 *
 * The model scalars of a row add the horizon one-hot: `[rf; onehot(t - 1)]`, `3 + T`
 * values ({@link rowScalars}). The paper's condition `c = [e; r; f]` keeps its parts:
 * `e` is the generator's embedding of `slots`, `r` the row's RSSI and beam, `f` the flag;
 * docs/model.md, "Generative module", states the departures (per row, the forecast and
 * errors in the condition).
 *
 * @example
 * ```ts
 * import { complexMatrix } from "../core/mod.ts";
 * import { apConditions, rowScalars } from "./condition.ts";
 * const dims = { K: 2, Nt: 4, tau: 8, T: 2, E: 1 };
 * const slot = (s: number) => {
 *   const m = complexMatrix(2, 4);
 *   for (let j = 0; j < 8; j++) [m.re[j], m.im[j]] = [Math.cos(0.2 * s + j), Math.sin(0.2 * s + j)];
 *   return [m];
 * };
 * const history = {
 *   syncSlot: 12, apCount: 1, ueCount: 2, antennaCount: 4, channels: slot, rareEvent: () => 1,
 * };
 * const [c] = apConditions(history, { dims, linear: { order: 2, fitSlots: 8 } });
 * console.log(c.slots.length, c.rf[2], rowScalars(c, { k: 0, horizon: 2 }).length); // 176 1 5
 * ```
 *
 * @module
 */
import {
  assertFiniteNumber,
  assertInteger,
  assertPositive,
  type ComplexMatrix,
} from "../core/mod.ts";
import { type LinearPredictorOptions, linearRows, type TwinHistory } from "../channel/mod.ts";
import { apRfScalars } from "./rf.ts";

/** Problem sizes shared by the condition, generator, critic, LSTM and sampler. */
export interface ModelDims {
  /** UEs per AP (rows of a window), 30 in the paper. */
  readonly K: number;
  /** AP antennas, 64 in the paper. */
  readonly Nt: number;
  /** Past slots in the condition, 10 in the paper. */
  readonly tau: number;
  /** Future slots (prediction horizon), 5 in the paper. */
  readonly T: number;
  /** Recent one-step errors of the linear forecast in the condition (>= 0). */
  readonly E: number;
}

/** Normalization constants of the RF scalars. */
export interface RfNormalization {
  /** RSSI mapped to 0, dBm (default -60). */
  readonly rssiCenterDbm?: number;
  /** RSSI span mapped to 1, dB (default 20). */
  readonly rssiSpanDb?: number;
  /** Codebook size for the beam index (default `Nt`). */
  readonly beamCount?: number;
}

/** The conditions of the `K` rows of one AP at one sync slot. */
export interface ApCondition {
  /** `[K, tau + T + E, 2 Nt]` normalized rows (module doc). */
  readonly slots: Float32Array;
  /** `[K, 3]`: normalized RSSI, beam index, flag. */
  readonly rf: Float32Array;
  /** `[K]` row gains `s_k`. */
  readonly scales: Float32Array;
  readonly dims: ModelDims;
}

/** Slots per row condition: `tau + T + E`. */
export function conditionSlots(dims: Pick<ModelDims, "tau" | "T" | "E">): number {
  return dims.tau + dims.T + dims.E;
}

/** Length of a row's model scalars: `3 + T`. */
export function scalarSize(dims: Pick<ModelDims, "T">): number {
  return 3 + dims.T;
}

/** Throws unless `dims` holds positive integers `K, Nt, tau, T` and `E >= 0`. */
export function assertModelDims(dims: ModelDims): void {
  if (dims === null || typeof dims !== "object") throw new TypeError("dims must be an object");
  assertInteger("dims.K", dims.K, { min: 1 });
  assertInteger("dims.Nt", dims.Nt, { min: 1 });
  assertInteger("dims.tau", dims.tau, { min: 1 });
  assertInteger("dims.T", dims.T, { min: 1 });
  assertInteger("dims.E", dims.E, { min: 0 });
}

/** Options of {@link apConditions}. */
export interface ApConditionOptions {
  readonly dims: ModelDims;
  /** Linear-forecast settings (its `fitSlots` must be >= `dims.tau`). */
  readonly linear: LinearPredictorOptions;
  readonly rf?: RfNormalization;
  /** APs to build (default all). */
  readonly aps?: readonly number[];
  /**
   * Per-AP rare-event flag (default: 1 for every AP when `history.rareEvent(s)` is 1 for
   * any of the last `tau` slots).
   */
  readonly rareEvent?: (ap: number) => boolean;
}

/**
 * Largest RMS of a normalized row the models see, relative to the row's past RMS (20 dB
 * above it): condition slots and training targets beyond it are scaled down to it. A
 * row recovering from a deep fade within the horizon, or a linear forecast whose
 * recurrence grows, would otherwise dominate every loss; the cap keeps their direction.
 */
export const MAX_ROW_RMS = 10;

/**
 * Copies slot `slot` of an interleaved `[*, 2 Nt]` series, divided by `scale`, into
 * `out` at `offset`, its RMS capped at {@link MAX_ROW_RMS}.
 */
function putRow(
  x: Float64Array,
  slot: number,
  nt: number,
  scale: number,
  out: Float32Array,
  offset: number,
) {
  const o = slot * 2 * nt;
  let power = 0;
  for (let j = 0; j < nt; j++) power += x[o + 2 * j] ** 2 + x[o + 2 * j + 1] ** 2;
  const rms = Math.sqrt(power / nt) / scale;
  const f = (rms > MAX_ROW_RMS ? MAX_ROW_RMS / rms : 1) / scale;
  for (let j = 0; j < 2 * nt; j++) out[offset + j] = x[o + j] * f;
}

/**
 * The row conditions of a history's APs at its sync slot: the linear features
 * (`linearRows` with `horizon = T`, `errorSlots = E`, written straight into the
 * normalized rows), the RF scalars of each AP's newest matrix, the flag, and the row
 * gains (module doc). The same numbers as building `linearFeatures`' matrices first
 * (tests/models/condition_reference.ts, compared bit for bit).
 *
 * @param history the twin's history (or a dataset episode seen as one).
 * @param options sizes, linear settings, RF normalization, APs, flag.
 * @returns one {@link ApCondition} per AP asked for.
 */
export function apConditions(history: TwinHistory, options: ApConditionOptions): ApCondition[] {
  const { dims, linear } = options;
  assertModelDims(dims);
  const { K, Nt, tau, T, E } = dims;
  if (history.ueCount !== K || history.antennaCount !== Nt) {
    throw new RangeError(
      `history has K = ${history.ueCount}, Nt = ${history.antennaCount}; dims expect ${K} x ${Nt}`,
    );
  }
  const fitSlots = linear.fitSlots ?? 10;
  if (fitSlots < tau) {
    throw new RangeError(`options.linear.fitSlots ${fitSlots} must be >= dims.tau ${tau}`);
  }
  const rf = options.rf ?? {};
  const center = rf.rssiCenterDbm ?? -60, span = rf.rssiSpanDb ?? 20;
  const beams = rf.beamCount ?? Math.max(2, Nt);
  assertFiniteNumber("options.rf.rssiCenterDbm", center);
  assertPositive("options.rf.rssiSpanDb", span);
  assertInteger("options.rf.beamCount", beams, { min: 2 });
  const aps = options.aps ?? Array.from({ length: history.apCount }, (_, b) => b);
  const S = conditionSlots(dims), row = 2 * Nt;
  const out = aps.map(() => ({
    slots: new Float32Array(K * S * row),
    rf: new Float32Array(K * 3),
    scales: new Float32Array(K),
    /** The newest past slot, interleaved float32 (the RF scalars' input). */
    newest: new Float32Array(K * row),
  }));
  linearRows(history, { ...linear, horizon: T, errorSlots: E, aps }, (r) => {
    const { ib, k, run, errors, n } = r;
    const o = out[ib];
    const p0 = n - tau; // the condition's past: the window's last tau slots
    let power = 0;
    for (let i = 0; i < tau; i++) {
      const x = (p0 + i) * row;
      for (let j = 0; j < Nt; j++) power += run[x + 2 * j] ** 2 + run[x + 2 * j + 1] ** 2;
    }
    const s = Math.max(1e-30, Math.sqrt(power / (tau * Nt)));
    o.scales[k] = s;
    const base = k * S * row;
    for (let i = 0; i < tau; i++) putRow(run, p0 + i, Nt, s, o.slots, base + i * row);
    for (let t = 0; t < T; t++) putRow(run, n + t, Nt, s, o.slots, base + (tau + t) * row);
    // errors the history is too short for stay zero (as zero matrices would give)
    for (let i = 0; i < r.errorCount; i++) {
      putRow(errors, i, Nt, s, o.slots, base + (tau + T + i) * row);
    }
    const x = (n - 1) * row;
    for (let j = 0; j < row; j++) o.newest[k * row + j] = run[x + j];
  });
  let pastFlag = false;
  for (let i = 0; i < tau && history.syncSlot - i >= 0; i++) {
    if (history.rareEvent(history.syncSlot - i) === 1) pastFlag = true;
  }
  return aps.map((ap, ib) => {
    const { slots, rf: rfOut, scales, newest } = out[ib];
    const r = apRfScalars(newest, { K, Nt });
    const flag = options.rareEvent ? options.rareEvent(ap) : pastFlag;
    for (let k = 0; k < K; k++) {
      rfOut[3 * k] = (r.rssiDbm[k] - center) / span;
      rfOut[3 * k + 1] = (2 * r.beamIndex[k]) / (beams - 1) - 1;
      rfOut[3 * k + 2] = flag ? 1 : 0;
    }
    return { slots, rf: rfOut, scales, dims };
  });
}

/**
 * Model scalars of row `k` at horizon `t`: `[rssi, beam, flag, onehot(t - 1)]`, `3 + T`.
 *
 * @param condition from {@link apConditions}.
 * @param options row `k` and `horizon` in 1..T.
 */
export function rowScalars(
  condition: ApCondition,
  options: { readonly k: number; readonly horizon: number },
): Float32Array {
  const { K, T } = condition.dims;
  assertInteger("options.k", options.k, { min: 0, max: K - 1 });
  assertInteger("options.horizon", options.horizon, { min: 1, max: T });
  const out = new Float32Array(scalarSize(condition.dims));
  out.set(condition.rf.subarray(3 * options.k, 3 * options.k + 3));
  out[3 + options.horizon - 1] = 1;
  return out;
}

/**
 * The future rows of one AP, normalized by the condition's row gains (RMS capped at
 * {@link MAX_ROW_RMS}) and each rotated by the common phase that best aligns it with the
 * forecast of its horizon (a row's common phase is invisible to ZF and SINR; aligning
 * removes it from the targets): `[K, T, 2 Nt]`.
 *
 * @param condition from {@link apConditions} (its forecast and gains).
 * @param future the true channels of slots `+1..+T`, `[T]` matrices `[K, Nt]` of this AP.
 */
export function alignedTargets(condition: ApCondition, future: readonly ComplexMatrix[]) {
  const { K, Nt, tau, T } = condition.dims;
  if (future.length !== T) throw new RangeError(`future must hold T = ${T} matrices`);
  const S = conditionSlots(condition.dims), row = 2 * Nt;
  const out = new Float32Array(K * T * row);
  for (let k = 0; k < K; k++) {
    const s = condition.scales[k];
    for (let t = 0; t < T; t++) {
      const m = future[t];
      if (m.rows !== K || m.cols !== Nt) throw new RangeError(`future[${t}] must be [${K}, ${Nt}]`);
      const fOff = (k * S + tau + t) * row;
      let re = 0, im = 0; // f^H y
      for (let j = 0; j < Nt; j++) {
        const fr = condition.slots[fOff + 2 * j], fi = condition.slots[fOff + 2 * j + 1];
        const yr = m.re[k * Nt + j], yi = m.im[k * Nt + j];
        re += fr * yr + fi * yi;
        im += fr * yi - fi * yr;
      }
      const mag = Math.hypot(re, im);
      let power = 0;
      for (let j = k * Nt; j < (k + 1) * Nt; j++) power += m.re[j] ** 2 + m.im[j] ** 2;
      const rms = Math.sqrt(power / Nt) / s;
      const g = (rms > MAX_ROW_RMS ? MAX_ROW_RMS / rms : 1) / s;
      const cr = mag > 0 ? re / mag : 1, ci = mag > 0 ? -im / mag : 0; // e^{-j arg}
      const o = (k * T + t) * row;
      for (let j = 0; j < Nt; j++) {
        const yr = m.re[k * Nt + j], yi = m.im[k * Nt + j];
        out[o + 2 * j] = (yr * cr - yi * ci) * g;
        out[o + 2 * j + 1] = (yr * ci + yi * cr) * g;
      }
    }
  }
  return out;
}
