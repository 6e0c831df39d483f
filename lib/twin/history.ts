/**
 * A history view that enforces causality: predictors see slots up to `syncSlot` only.
 *
 * @module
 */
import type { ComplexMatrix } from "../core/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import { slotChannels } from "./channels.ts";
import type { TwinHistory } from "../channel/predictor.ts";

/**
 * The twin's view of an episode at `syncSlot`. Channel sets are cached (a predictor
 * reads the same past slots again at the next step).
 */
export function episodeHistory(
  episode: Episode,
  options: { syncSlot: number; cache?: Map<number, ComplexMatrix[]> },
): TwinHistory {
  const { syncSlot } = options;
  const cache = options.cache ?? new Map<number, ComplexMatrix[]>();
  const check = (slot: number) => {
    if (!Number.isInteger(slot) || slot < 0 || slot > syncSlot) {
      throw new RangeError(`slot must be in [0, ${syncSlot}] (the twin's past), got ${slot}`);
    }
  };
  return {
    syncSlot,
    apCount: episode.apCount,
    ueCount: episode.ueCount,
    antennaCount: episode.antennaCount,
    channels(slot) {
      check(slot);
      let c = cache.get(slot);
      if (!c) {
        c = slotChannels(episode, slot);
        cache.set(slot, c);
      }
      return c;
    },
    rareEvent(slot) {
      check(slot);
      return episode.rareEvent[slot];
    },
  };
}
