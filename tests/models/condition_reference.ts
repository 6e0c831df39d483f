/**
 * Reference implementation of `apConditions` (lib/models/condition.ts) as it was before
 * the rewrite on `linearRows` (issue 13): the linear features as matrices first, then
 * copied into the conditions. Kept only as the tests' reference (same numbers, bit for bit).
 *
 * @module
 */
import {
  assertFiniteNumber,
  assertInteger,
  assertPositive,
  type ComplexMatrix,
} from "../../lib/core/mod.ts";
import type { TwinHistory } from "../../lib/channel/mod.ts";
import {
  type ApCondition,
  type ApConditionOptions,
  assertModelDims,
  conditionSlots,
  MAX_ROW_RMS,
} from "../../lib/models/condition.ts";
import { apRfScalars } from "../../lib/models/rf.ts";
import { referenceLinearFeatures } from "../twin/linear_prediction_reference.ts";

/**
 * Copies row `k` of a matrix, divided by `scale`, into `out` at `offset` (interleaved),
 * its RMS capped at {@link MAX_ROW_RMS}.
 */
function putRow(m: ComplexMatrix, k: number, scale: number, out: Float32Array, offset: number) {
  const nt = m.cols;
  let power = 0;
  for (let j = k * nt; j < (k + 1) * nt; j++) power += m.re[j] ** 2 + m.im[j] ** 2;
  const rms = Math.sqrt(power / nt) / scale;
  const f = (rms > MAX_ROW_RMS ? MAX_ROW_RMS / rms : 1) / scale;
  for (let j = 0; j < nt; j++) {
    out[offset + 2 * j] = m.re[k * nt + j] * f;
    out[offset + 2 * j + 1] = m.im[k * nt + j] * f;
  }
}

/**
 * The row conditions of a history's APs at its sync slot: the linear features
 * (`linearFeatures` with `horizon = T`, `errorSlots = E`), the RF scalars of each AP's
 * newest matrix, the flag, and the row gains (module doc).
 *
 * @param history the twin's history (or a dataset episode seen as one).
 * @param options sizes, linear settings, RF normalization, APs, flag.
 * @returns one {@link ApCondition} per AP asked for.
 */
export function referenceApConditions(
  history: TwinHistory,
  options: ApConditionOptions,
): ApCondition[] {
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
  const f = referenceLinearFeatures(history, { ...linear, horizon: T, errorSlots: E, aps });
  let pastFlag = false;
  for (let i = 0; i < tau && history.syncSlot - i >= 0; i++) {
    if (history.rareEvent(history.syncSlot - i) === 1) pastFlag = true;
  }
  const S = conditionSlots(dims), row = 2 * Nt;
  return aps.map((ap, ib) => {
    const past = f.past.slice(fitSlots - tau).map((slot) => slot[ib]);
    const newest = past[tau - 1];
    const interleaved = new Float32Array(K * row);
    for (let j = 0; j < K * Nt; j++) {
      interleaved[2 * j] = newest.re[j];
      interleaved[2 * j + 1] = newest.im[j];
    }
    const r = apRfScalars(interleaved, { K, Nt });
    const flag = options.rareEvent ? options.rareEvent(ap) : pastFlag;
    const slots = new Float32Array(K * S * row);
    const rfOut = new Float32Array(K * 3);
    const scales = new Float32Array(K);
    for (let k = 0; k < K; k++) {
      let power = 0;
      for (const m of past) {
        for (let j = k * Nt; j < (k + 1) * Nt; j++) power += m.re[j] ** 2 + m.im[j] ** 2;
      }
      const s = Math.max(1e-30, Math.sqrt(power / (tau * Nt)));
      scales[k] = s;
      const base = k * S * row;
      past.forEach((m, i) => putRow(m, k, s, slots, base + i * row));
      f.forecast.forEach((slot, t) => putRow(slot[ib], k, s, slots, base + (tau + t) * row));
      f.errors.forEach((slot, i) => putRow(slot[ib], k, s, slots, base + (tau + T + i) * row));
      rfOut[3 * k] = (r.rssiDbm[k] - center) / span;
      rfOut[3 * k + 1] = (2 * r.beamIndex[k]) / (beams - 1) - 1;
      rfOut[3 * k + 2] = flag ? 1 : 0;
    }
    return { slots, rf: rfOut, scales, dims };
  });
}
