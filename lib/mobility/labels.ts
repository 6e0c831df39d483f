/**
 * The rare-event label as one mask: which (slot, UE) samples count as rare events.
 * The simulator (`simulate.ts`, step 6) computes the label; every study that
 * conditions on rare events reads it through {@link rareEventMask}, so there is one
 * definition (docs/model.md, "Control loop", rare-event samples).
 *
 * @module
 */
import type { Episode } from "./episode.ts";

/**
 * The rare-event samples of an episode, `[S, K]` uint8 flattened row-major (entry
 * `slot * K + ue`): 1 iff
 *
 * - the UE is the target of an injected blockage walker that is on the floor in that
 *   slot AND the UE is blocked then (`blocked = 1`: body loss on the straight ray from
 *   its serving AP above the blocked threshold, 3 dB by default, from any body); or
 * - the UE is a hotspot member inside the hotspot disc (`hotspot = 1`).
 *
 * A UE that no injected walker on the floor targets is a rare-event sample only in a
 * hotspot, however deep its fade (background walkers and carriers alone never make
 * one). This is the episode's own {@link Episode.rareEventUe} array (no
 * copy: do not modify it), checked against the episode's dimensions.
 *
 * @param episode an episode with `slotCount` S, `ueCount` K and `rareEventUe`.
 * @returns the `[S * K]` 0/1 mask.
 *
 * @example
 * ```ts
 * import { rareEventMask } from "./labels.ts";
 * // 2 slots x 3 UEs: UE 1 has a rare event in slot 1
 * const episode = { slotCount: 2, ueCount: 3, rareEventUe: Uint8Array.of(0, 0, 0, 0, 1, 0) };
 * const mask = rareEventMask(episode);
 * if (mask[1 * 3 + 1] !== 1) throw new Error("slot 1, UE 1");
 * ```
 */
export function rareEventMask(
  episode: Pick<Episode, "slotCount" | "ueCount" | "rareEventUe">,
): Uint8Array {
  if (typeof episode !== "object" || episode === null) {
    throw new TypeError("episode must be an Episode object");
  }
  const { slotCount, ueCount, rareEventUe } = episode;
  if (!(rareEventUe instanceof Uint8Array)) {
    throw new TypeError(
      "episode.rareEventUe must be a Uint8Array [S, K] (episodes from simulateEpisode have it)",
    );
  }
  if (rareEventUe.length !== slotCount * ueCount) {
    throw new RangeError(
      `episode.rareEventUe has ${rareEventUe.length} entries, episode.slotCount x episode.ueCount = ${slotCount} x ${ueCount} needs ${
        slotCount * ueCount
      }`,
    );
  }
  return rareEventUe;
}
