/**
 * Views of an episode's stored channels as the complex matrices the beamformers use.
 *
 * @module
 */
import { type ComplexMatrix, complexMatrix } from "../core/mod.ts";
import type { Episode } from "../mobility/mod.ts";

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
  const { apCount: a, ueCount: k, antennaCount: nt, slotCount } = episode;
  if (!Number.isInteger(slot) || slot < 0 || slot >= slotCount) {
    throw new RangeError(`slot must be an integer in [0, ${slotCount - 1}], got ${slot}`);
  }
  const perAp = k * nt;
  const out: ComplexMatrix[] = [];
  for (let b = 0; b < a; b++) {
    const m = complexMatrix(k, nt);
    const base = 2 * (slot * a + b) * perAp;
    for (let i = 0; i < perAp; i++) {
      m.re[i] = episode.channels[base + 2 * i];
      m.im[i] = episode.channels[base + 2 * i + 1];
    }
    out.push(m);
  }
  return out;
}
