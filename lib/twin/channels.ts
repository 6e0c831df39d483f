/**
 * Views of an episode's stored channels as the complex matrices the beamformers use.
 * The conversion itself lives in `lib/mobility/slot_channels.ts`; this re-export keeps
 * the twin's vocabulary.
 *
 * @module
 */
import type { ComplexMatrix } from "../core/mod.ts";
import { type Episode, slotChannelMatrices } from "../mobility/mod.ts";

/**
 * The channels of one slot: `A` matrices `H_b` `[K, Nt]` (row k = `h_{k,b}^H`), copied
 * from the episode's interleaved complex64 storage `[S, A, K, Nt]` into float64.
 *
 * @example
 * ```ts ignore
 * const [h0] = slotChannels(episode, 12); // AP 0 at slot 12, [K, Nt]
 * ```
 */
export function slotChannels(episode: Episode, slot: number): ComplexMatrix[] {
  return slotChannelMatrices(episode, slot);
}
