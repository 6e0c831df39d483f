/**
 * Samples as windows of an episode, indexed rather than copied. A sample reference
 * `{ episode, start }` names the slots `start .. start + tau + T - 1` of one episode:
 * the past `start .. start + tau - 1` (the last observed slot is `start + tau - 1`) and
 * the future `start + tau .. start + tau + T - 1`. A window never crosses an episode
 * boundary: `start` runs over `0, stride, 2 stride, ...` while `start + tau + T <= S`.
 *
 * Since slots are the outermost axis of every array, each part of a window is a
 * contiguous range, returned as a `subarray` view (no copy) of the episode's arrays.
 *
 * Rare-event flags of a window (what the generator is conditioned on, per AP, since the
 * generator works per AP):
 *
 * - `apRareEventPast[b] = 1` iff some past slot s and UE k have `servingAp[s, k] = b`
 *   and `rareEventUe[s, k] = 1` (the label of the *same* slot s, so a UE that
 *   re-associates during a blockage flags the AP that serves it in that slot);
 * - `apRareEventFuture[b]`: the same over the future slots;
 * - `rareEvent` / `rareEventInFuture`: any slot-level `rareEvent` in the whole window /
 *   its future part (`rareEvent[s]` = any UE's `rareEventUe[s, k]`).
 *
 * @module
 */
import type { Episode } from "../mobility/mod.ts";
import type { WindowParams } from "./presets.ts";

/** A sample: one window of one episode. */
export interface SampleRef {
  /** Episode index in the dataset. */
  readonly episode: number;
  /** First slot of the window (the first past slot). */
  readonly start: number;
}

/** Slots `[first, first + count)` of an episode as views; shapes with n = count. */
export interface SlotRange {
  /** First slot (episode slot index). */
  readonly first: number;
  /** Number of slots n. */
  readonly count: number;
  /** `[n, A, K, Nt]` complex64 interleaved (2 floats per entry). */
  readonly channels: Float32Array;
  /** `[n, K, 3]` m. */
  readonly uePositionsM: Float32Array;
  /** `[n, K]`. */
  readonly servingAp: Int32Array;
  /** `[n, K]` dBm. */
  readonly rssiDbm: Float32Array;
  /** `[n, K]`. */
  readonly beamIndex: Int32Array;
  /** `[n, K]` 0/1. */
  readonly blocked: Uint8Array;
  /** `[n, K]` 0/1. */
  readonly hotspot: Uint8Array;
  /** `[n]` 0/1. */
  readonly rareEvent: Uint8Array;
  /** `[n]` 0/1. */
  readonly blockageOnset: Uint8Array;
  /** `[n, K]` dB, when the episode has it. */
  readonly servingBodyLossDb?: Float32Array;
  /** `[n]` 0/1, when the episode has it. */
  readonly injectedBlockageActive?: Uint8Array;
  /** `[n, K]` 0/1 per-UE rare-event label (see `Episode.rareEventUe`). */
  readonly rareEventUe: Uint8Array;
  /** `[n, K]` reference SINR (coordinated ZF on the true channels), dB, when present. */
  readonly sinrDb?: Float32Array;
}

/** One sample: past (tau slots) and future (T slots) of one episode. */
export interface EpisodeWindow {
  readonly ref: SampleRef;
  /** A, K, Nt of the episode. */
  readonly apCount: number;
  readonly ueCount: number;
  readonly antennaCount: number;
  /** Past slots: channels `[tau, A, K, Nt]` complex, RSSI `[tau, K]`, ... */
  readonly past: SlotRange;
  /** Future slots: channels `[T, A, K, Nt]` complex, ... (the prediction targets). */
  readonly future: SlotRange;
  /** Any rare event (injected blockage or hotspot) in the window's slots. */
  readonly rareEvent: boolean;
  /** A rare event in the future part (what a predictor must anticipate). */
  readonly rareEventInFuture: boolean;
  /** An injected blockage starts in the future part. */
  readonly blockageOnsetInFuture: boolean;
  /**
   * `[A]` 0/1: AP b serves, in some past slot, a UE with `rareEventUe` set in that slot
   * (see the module doc). A new array (not a view).
   */
  readonly apRareEventPast: Uint8Array;
  /** `[A]` 0/1: the same over the future slots. */
  readonly apRareEventFuture: Uint8Array;
}

/**
 * Per-AP rare-event flags of a slot range: `out[b] = 1` iff some slot s of the range
 * and UE k have `servingAp[s, k] = b` and `rareEventUe[s, k] = 1`.
 *
 * @param range a {@link SlotRange} (or its `servingAp` and `rareEventUe`).
 * @param apCount A.
 * @returns `[A]` 0/1.
 *
 * @example
 * ```ts
 * import { apRareEventFlags } from "./windows.ts";
 * // synthetic example data: 2 slots, K = 2; UE 1 (served by AP 2) flagged in slot 1
 * const range = { servingAp: Int32Array.of(0, 2, 0, 2), rareEventUe: Uint8Array.of(0, 0, 0, 1) };
 * const f = apRareEventFlags(range, 3);
 * if (f.join() !== "0,0,1") throw new Error(f.join());
 * ```
 */
export function apRareEventFlags(
  range: Pick<SlotRange, "servingAp" | "rareEventUe">,
  apCount: number,
): Uint8Array {
  if (!Number.isInteger(apCount) || apCount < 1) {
    throw new RangeError(`apCount must be a positive integer, got ${apCount}`);
  }
  const out = new Uint8Array(apCount);
  const flags = range.rareEventUe;
  if (!(flags instanceof Uint8Array)) {
    throw new TypeError("range.rareEventUe must be a Uint8Array [n, K]");
  }
  if (flags.length !== range.servingAp.length) {
    throw new RangeError(
      `range.rareEventUe has ${flags.length} entries, range.servingAp ${range.servingAp.length}`,
    );
  }
  for (let i = 0; i < flags.length; i++) {
    if (flags[i]) {
      const b = range.servingAp[i];
      if (!(b >= 0 && b < apCount)) throw new RangeError(`servingAp ${b} out of [0, ${apCount})`);
      out[b] = 1;
    }
  }
  return out;
}

/**
 * Throws unless `params` is a valid window geometry.
 *
 * @example
 * ```ts
 * import { assertWindowParams } from "./windows.ts";
 * assertWindowParams("window", { past: 10, future: 5, stride: 1 });
 * ```
 */
export function assertWindowParams(label: string, params: WindowParams): void {
  if (typeof params !== "object" || params === null) {
    throw new TypeError(`${label} must be an object`);
  }
  for (const key of ["past", "future", "stride"] as const) {
    if (!Number.isInteger(params[key]) || params[key] < 1) {
      throw new RangeError(`${label}.${key} must be a positive integer, got ${params[key]}`);
    }
  }
}

/**
 * The window start slots of an episode of `slotCount` slots.
 *
 * @example
 * ```ts
 * import { windowStarts } from "./windows.ts";
 * const s = windowStarts(20, { past: 10, future: 5, stride: 2 });
 * if (s.join() !== "0,2,4") throw new Error(s.join());
 * ```
 */
export function windowStarts(slotCount: number, params: WindowParams): number[] {
  assertWindowParams("params", params);
  if (!Number.isInteger(slotCount) || slotCount < 0) {
    throw new RangeError(`slotCount must be a non-negative integer, got ${slotCount}`);
  }
  const out: number[] = [];
  const span = params.past + params.future;
  for (let s = 0; s + span <= slotCount; s += params.stride) out.push(s);
  return out;
}

/**
 * Sample references of a list of episodes (in the given order).
 *
 * @example
 * ```ts
 * import { sampleRefs } from "./windows.ts";
 * const refs = sampleRefs([{ episode: 3, slotCount: 16 }], { past: 10, future: 5, stride: 1 });
 * if (refs.length !== 2 || refs[1].start !== 1) throw new Error("two windows");
 * ```
 */
export function sampleRefs(
  episodes: readonly { readonly episode: number; readonly slotCount: number }[],
  params: WindowParams,
): SampleRef[] {
  const out: SampleRef[] = [];
  for (const { episode, slotCount } of episodes) {
    for (const start of windowStarts(slotCount, params)) out.push({ episode, start });
  }
  return out;
}

/**
 * Slots `[first, first + count)` of an episode as subarray views.
 *
 * @example
 * ```ts
 * import { slotRange } from "./windows.ts";
 * // synthetic example data: S = 3, A = K = Nt = 1
 * const ep = {
 *   sceneName: "synthetic", materialSet: "none", seed: 0, slotCount: 3, apCount: 1, ueCount: 1,
 *   antennaCount: 1, slotDurationS: 0.01, uePositionsM: new Float32Array(9),
 *   channels: new Float32Array([0, 0, 1, 0, 2, 0]), servingAp: new Int32Array(3),
 *   rssiDbm: new Float32Array(3), beamIndex: new Int32Array(3), blocked: new Uint8Array(3),
 *   hotspot: new Uint8Array(3), rareEvent: new Uint8Array(3), blockageOnset: new Uint8Array(3),
 *   rareEventUe: new Uint8Array(3),
 * };
 * const r = slotRange(ep, { first: 1, count: 2 });
 * if (r.channels[0] !== 1 || r.channels.length !== 4) throw new Error("slots 1..2");
 * ```
 */
export function slotRange(
  episode: Episode,
  range: { readonly first: number; readonly count: number },
): SlotRange {
  const { first, count } = range;
  if (!Number.isInteger(first) || first < 0) {
    throw new RangeError(`range.first must be a non-negative integer, got ${first}`);
  }
  if (!Number.isInteger(count) || count < 0 || first + count > episode.slotCount) {
    throw new RangeError(
      `range [${first}, ${first + count}) must lie inside the episode's ${episode.slotCount} slots`,
    );
  }
  const A = episode.apCount;
  const K = episode.ueCount;
  const Nt = episode.antennaCount;
  const end = first + count;
  const per = <T extends Float32Array | Int32Array | Uint8Array>(a: T, n: number): T =>
    a.subarray(first * n, end * n) as T;
  return {
    first,
    count,
    channels: per(episode.channels, 2 * A * K * Nt),
    uePositionsM: per(episode.uePositionsM, K * 3),
    servingAp: per(episode.servingAp, K),
    rssiDbm: per(episode.rssiDbm, K),
    beamIndex: per(episode.beamIndex, K),
    blocked: per(episode.blocked, K),
    hotspot: per(episode.hotspot, K),
    rareEvent: per(episode.rareEvent, 1),
    blockageOnset: per(episode.blockageOnset, 1),
    ...(episode.servingBodyLossDb ? { servingBodyLossDb: per(episode.servingBodyLossDb, K) } : {}),
    ...(episode.injectedBlockageActive
      ? { injectedBlockageActive: per(episode.injectedBlockageActive, 1) }
      : {}),
    rareEventUe: per(episode.rareEventUe, K),
    ...(episode.sinrDb ? { sinrDb: per(episode.sinrDb, K) } : {}),
  };
}

/**
 * The window of `ref` in `episode` (views, no copy). Throws a `RangeError` when the
 * window would leave the episode.
 *
 * @example
 * ```ts
 * import { episodeWindow } from "./windows.ts";
 * const S = 16; // synthetic example data: A = K = Nt = 1, channel value = slot index
 * const channels = new Float32Array(2 * S);
 * for (let s = 0; s < S; s++) channels[2 * s] = s;
 * const ep = {
 *   sceneName: "synthetic", materialSet: "none", seed: 0, slotCount: S, apCount: 1, ueCount: 1,
 *   antennaCount: 1, slotDurationS: 0.01, uePositionsM: new Float32Array(3 * S), channels,
 *   servingAp: new Int32Array(S), rssiDbm: new Float32Array(S), beamIndex: new Int32Array(S),
 *   blocked: new Uint8Array(S), hotspot: new Uint8Array(S), rareEvent: new Uint8Array(S),
 *   blockageOnset: new Uint8Array(S), rareEventUe: new Uint8Array(S),
 * };
 * const w = episodeWindow(ep, { ref: { episode: 0, start: 1 }, params: { past: 10, future: 5, stride: 1 } });
 * if (w.past.channels[0] !== 1 || w.future.channels[0] !== 11) throw new Error("offsets");
 * ```
 */
export function episodeWindow(
  episode: Episode,
  options: { readonly ref: SampleRef; readonly params: WindowParams },
): EpisodeWindow {
  const { ref, params } = options;
  assertWindowParams("options.params", params);
  const { start } = ref;
  if (
    !Number.isInteger(start) || start < 0 || start + params.past + params.future > episode.slotCount
  ) {
    throw new RangeError(
      `options.ref.start ${start}: window of ${params.past} + ${params.future} slots leaves episode ${ref.episode} (${episode.slotCount} slots)`,
    );
  }
  const past = slotRange(episode, { first: start, count: params.past });
  const future = slotRange(episode, { first: start + params.past, count: params.future });
  return {
    ref,
    apCount: episode.apCount,
    ueCount: episode.ueCount,
    antennaCount: episode.antennaCount,
    past,
    future,
    rareEvent: past.rareEvent.includes(1) || future.rareEvent.includes(1),
    rareEventInFuture: future.rareEvent.includes(1),
    blockageOnsetInFuture: future.blockageOnset.includes(1),
    apRareEventPast: apRareEventFlags(past, episode.apCount),
    apRareEventFuture: apRareEventFlags(future, episode.apCount),
  };
}
