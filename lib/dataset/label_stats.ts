/**
 * Realized rare-event label fractions of a set of episodes, at the three levels a
 * model sees them: slots (`rareEvent`), UE-slots (`rareEventUe`), and windows (the
 * per-AP flags `apRareEventPast` / `apRareEventFuture` of `windows.ts`, counted per
 * (window, AP) pair).
 *
 * @module
 */
import type { Episode } from "../mobility/mod.ts";
import type { WindowParams } from "./presets.ts";
import { apRareEventFlags, slotRange, windowStarts } from "./windows.ts";

/** Label fractions; each `*Fraction` is in [0, 1]. */
export interface RareEventFractions {
  /** Episodes counted. */
  readonly episodes: number;
  /** Slots counted (all episodes). */
  readonly slots: number;
  /** Fraction of slots with `rareEvent = 1`. */
  readonly slotFraction: number;
  /** Fraction of (slot, UE) pairs with `rareEventUe = 1`. */
  readonly ueSlotFraction: number;
  /** Fraction of slots with an injected walker on the floor (when recorded). */
  readonly injectedActiveSlotFraction: number;
  /** Fraction of slots with a blockage onset. */
  readonly onsetSlotFraction: number;
  /** Windows counted. */
  readonly windows: number;
  /** Fraction of (window, AP) pairs with `apRareEventPast = 1`. */
  readonly apWindowPastFraction: number;
  /** Fraction of (window, AP) pairs with `apRareEventFuture = 1`. */
  readonly apWindowFutureFraction: number;
  /** Fraction of windows with any slot-level `rareEvent`. */
  readonly windowFraction: number;
}

/**
 * Label fractions of `episodes` with window geometry `params`.
 *
 * @example
 * ```ts
 * import { rareEventFractions } from "./label_stats.ts";
 * // synthetic example data: S = 3, A = 2, K = 1; UE 0 (AP 1) flagged in slot 2
 * const ep = {
 *   sceneName: "synthetic", materialSet: "none", seed: 0, slotCount: 3, apCount: 2, ueCount: 1,
 *   antennaCount: 1, slotDurationS: 0.01, uePositionsM: new Float32Array(9),
 *   channels: new Float32Array(12), servingAp: Int32Array.of(1, 1, 1),
 *   rssiDbm: new Float32Array(3), beamIndex: new Int32Array(3), blocked: new Uint8Array(3),
 *   hotspot: new Uint8Array(3), rareEvent: Uint8Array.of(0, 0, 1), blockageOnset: new Uint8Array(3),
 *   rareEventUe: Uint8Array.of(0, 0, 1),
 * };
 * const f = rareEventFractions([ep], { past: 1, future: 1, stride: 1 });
 * // windows [0,1] and [1,2]: only the second has AP 1 flagged in its future
 * if (f.apWindowFutureFraction !== 0.25 || f.apWindowPastFraction !== 0) throw new Error("1 of 4");
 * ```
 */
export function rareEventFractions(
  episodes: readonly Episode[],
  params: WindowParams,
): RareEventFractions {
  if (!Array.isArray(episodes)) throw new TypeError("episodes must be an array of Episode");
  let slots = 0, slotHits = 0, ueSlots = 0, ueHits = 0, active = 0, onsets = 0;
  let windows = 0, apPairs = 0, pastHits = 0, futureHits = 0, windowHits = 0;
  for (const ep of episodes) {
    const S = ep.slotCount, K = ep.ueCount, A = ep.apCount;
    slots += S;
    for (let s = 0; s < S; s++) {
      slotHits += ep.rareEvent[s];
      onsets += ep.blockageOnset[s];
      active += ep.injectedBlockageActive?.[s] ?? 0;
    }
    ueSlots += S * K;
    for (const v of ep.rareEventUe) ueHits += v;
    for (const start of windowStarts(S, params)) {
      const past = slotRange(ep, { first: start, count: params.past });
      const future = slotRange(ep, { first: start + params.past, count: params.future });
      const fp = apRareEventFlags(past, A);
      const ff = apRareEventFlags(future, A);
      for (let b = 0; b < A; b++) {
        pastHits += fp[b];
        futureHits += ff[b];
      }
      apPairs += A;
      windows++;
      if (past.rareEvent.includes(1) || future.rareEvent.includes(1)) windowHits++;
    }
  }
  const frac = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    episodes: episodes.length,
    slots,
    slotFraction: frac(slotHits, slots),
    ueSlotFraction: frac(ueHits, ueSlots),
    injectedActiveSlotFraction: frac(active, slots),
    onsetSlotFraction: frac(onsets, slots),
    windows,
    apWindowPastFraction: frac(pastHits, apPairs),
    apWindowFutureFraction: frac(futureHits, apPairs),
    windowFraction: frac(windowHits, windows),
  };
}
