/**
 * SINR recovery after a blockage (paper Fig. 4; docs/model.md, "Metrics", T_rec): the same
 * definition for every scheme.
 *
 * - Pre-blockage level `L_pre`: mean of the SINR **in dB** over the
 *   `preWindowMs` (default {@link PRE_WINDOW_MS} = 50 ms) before the onset slot
 *   (fewer slots if the trace starts later; at least one slot).
 * - Recovery slot `r`: the first slot `r >= onset` from which the SINR *stays* at or
 *   above `L_pre - toleranceDb` (default 1 dB) until the end of the trace. Being above
 *   the pre-blockage level counts as recovered (only drops are deviations).
 * - With `holdMs` finite, "stays" means for `holdMs` (the band must hold on the slots
 *   `r .. r + holdMs / slotMs - 1`, all inside the trace), and `r` is searched from the
 *   first slot below the band; with `smoothingMs` > one slot the test uses the trailing
 *   mean of the dB trace over that window (the pre-level and depth use the raw trace).
 *   Both matter for traces that fluctuate by more than the band on their own (stale or
 *   predicted beams at 73 GHz): "until the end of the trace" then reports the last
 *   unrelated dip, and grows with the trace length.
 * - `T_rec = (r - onset) * slotMs` (0 when the SINR never fell below the band).
 *   **`Infinity`** when the last slot of the trace is still below the band (or no
 *   `holdMs` window inside the trace stays in it): never recovered within the trace. **`NaN`** (with every other field NaN) when `L_pre` is
 *   not finite (e.g. a `-Infinity` dB sample in the pre-window).
 * - Depth: `L_pre - min_{t >= onset} SINR_t`, dB (negative if the SINR only rose).
 *
 * @module
 */
import { assertInteger, assertPositive } from "../core/mod.ts";

/** Default averaging window before the onset for the pre-blockage level, ms. */
export const PRE_WINDOW_MS = 50;
/** Default recovery band below the pre-blockage level, dB. */
export const RECOVERY_TOLERANCE_DB = 1;

/** Result of {@link blockageRecovery}. */
export interface BlockageRecovery {
  /** `T_rec`, ms; `Infinity` if never recovered within the trace; NaN if undefined. */
  readonly recoveryMs: number;
  /** Pre-blockage level `L_pre`, dB. */
  readonly preLevelDb: number;
  /** Depth of the drop `L_pre - min SINR after onset`, dB. */
  readonly dropDb: number;
  /** Recovery slot index `r`, or -1 if never recovered / undefined. */
  readonly recoveredIndex: number;
}

/**
 * Recovery time and drop depth of an SINR trace around a blockage onset.
 *
 * @param sinrDb SINR per slot, dB (`-Infinity` allowed, NaN rejected).
 * @param options `slotMs` (slot duration, ms), `onsetIndex` (first blocked slot, >= 1),
 *   `preWindowMs`, `toleranceDb`.
 * @returns recovery time (ms), pre-blockage level and depth (dB), recovery slot.
 *
 * @example
 * ```ts
 * import { blockageRecovery } from "./recovery.ts";
 * // 10 ms slots: 20 dB, drop to 8 dB at slot 5, 19.5 dB again from slot 8
 * const trace = [20, 20, 20, 20, 20, 8, 12, 18, 19.5, 20];
 * const r = blockageRecovery(trace, { slotMs: 10, onsetIndex: 5 });
 * console.log(r.recoveryMs, r.dropDb); // 30 12
 * ```
 */
export function blockageRecovery(
  sinrDb: ArrayLike<number>,
  options: {
    slotMs: number;
    onsetIndex: number;
    preWindowMs?: number;
    toleranceDb?: number;
    holdMs?: number;
    smoothingMs?: number;
  },
): BlockageRecovery {
  const {
    slotMs,
    onsetIndex,
    preWindowMs = PRE_WINDOW_MS,
    toleranceDb = RECOVERY_TOLERANCE_DB,
    holdMs = Infinity,
    smoothingMs = slotMs,
  } = options;
  assertPositive("slotMs", slotMs);
  assertPositive("preWindowMs", preWindowMs);
  assertPositive("toleranceDb", toleranceDb);
  if (!(holdMs > 0)) throw new RangeError(`holdMs must be > 0 (or Infinity), got ${holdMs}`);
  assertPositive("smoothingMs", smoothingMs);
  const n = sinrDb.length;
  assertInteger("onsetIndex", onsetIndex, { min: 1, max: n - 1 });
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(sinrDb[i])) throw new RangeError(`sinrDb[${i}] is NaN`);
  }
  const slots = Math.max(1, Math.round(preWindowMs / slotMs));
  const from = Math.max(0, onsetIndex - slots);
  let sum = 0;
  for (let i = from; i < onsetIndex; i++) sum += sinrDb[i];
  const pre = sum / (onsetIndex - from);
  if (!Number.isFinite(pre)) {
    return { recoveryMs: NaN, preLevelDb: pre, dropDb: NaN, recoveredIndex: -1 };
  }
  const floor = pre - toleranceDb;
  let last = -1; // last slot below the band
  let min = Infinity;
  for (let i = onsetIndex; i < n; i++) {
    if (sinrDb[i] < floor) last = i;
    if (sinrDb[i] < min) min = sinrDb[i];
  }
  const dropDb = pre - min;
  if (Number.isFinite(holdMs) || smoothingMs > slotMs) {
    const r = heldRecovery(sinrDb, onsetIndex, floor, {
      holdSlots: Number.isFinite(holdMs) ? Math.max(1, Math.round(holdMs / slotMs)) : Infinity,
      smoothingSlots: Math.max(1, Math.round(smoothingMs / slotMs)),
    });
    return {
      recoveryMs: r < 0 ? Infinity : (r - onsetIndex) * slotMs,
      preLevelDb: pre,
      dropDb,
      recoveredIndex: r,
    };
  }
  if (last === n - 1) return { recoveryMs: Infinity, preLevelDb: pre, dropDb, recoveredIndex: -1 };
  const r = last < 0 ? onsetIndex : last + 1;
  return { recoveryMs: (r - onsetIndex) * slotMs, preLevelDb: pre, dropDb, recoveredIndex: r };
}

/** First slot from which the trailing-mean trace stays >= floor for `holdSlots`; -1 if none. */
function heldRecovery(
  sinrDb: ArrayLike<number>,
  onsetIndex: number,
  floor: number,
  options: { holdSlots: number; smoothingSlots: number },
): number {
  const { holdSlots, smoothingSlots } = options;
  const n = sinrDb.length;
  const smooth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const from = Math.max(0, i - smoothingSlots + 1);
    let sum = 0;
    for (let j = from; j <= i; j++) sum += sinrDb[j];
    smooth[i] = sum / (i - from + 1);
  }
  let first = -1;
  for (let i = onsetIndex; i < n && first < 0; i++) if (smooth[i] < floor) first = i;
  if (first < 0) return onsetIndex; // never left the band
  let run = 0;
  for (let i = first; i < n; i++) {
    run = smooth[i] >= floor ? run + 1 : 0;
    if (run >= holdSlots) return i - run + 1;
  }
  // "until the end of the trace" (holdSlots infinite): recovered if the tail is in band
  return holdSlots === Infinity && run > 0 ? n - run : -1;
}
