/**
 * The channels of one slot of an {@link Episode} as one `ComplexMatrix` per AP: the
 * episode stores `[S, A, K, Nt]` complex64 interleaved (re, im) as float32; the
 * beamforming layer works on `H_b` `[K, Nt]` (row k = `h_{k,b}^H`) in float64. This is
 * the one place that converts between the two (the simulator, the dataset and the
 * experiments all call it).
 *
 * @module
 */
import { assertInteger, type ComplexMatrix, complexMatrix } from "../core/mod.ts";

/** What {@link slotChannelMatrices} needs of an episode (an `Episode` or a window part). */
export interface InterleavedChannels {
  /** `[S, A, K, Nt]` complex64 interleaved, `2 S A K Nt` float32. */
  readonly channels: Float32Array;
  readonly apCount: number;
  readonly ueCount: number;
  readonly antennaCount: number;
}

/**
 * Slot `slot`'s channels, one `[K, Nt]` matrix per AP (float64 copies of the float32
 * values). Pass `options.out` (from an earlier call with the same A, K, Nt) to reuse
 * the matrices.
 *
 * @param data interleaved channels and their A, K, Nt.
 * @param slot slot index in `[0, channels.length / (2 A K Nt))`.
 * @returns `A` matrices `H_b`, `[K, Nt]`.
 *
 * @example
 * ```ts
 * import { slotChannelMatrices } from "./slot_channels.ts";
 * // synthetic example data: S = 2, A = 1, K = 1, Nt = 2
 * const data = { channels: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), apCount: 1, ueCount: 1, antennaCount: 2 };
 * const [h] = slotChannelMatrices(data, 1);
 * if (h.re[1] !== 7 || h.im[1] !== 8) throw new Error("slot 1, antenna 1 = 7 + 8j");
 * ```
 */
export function slotChannelMatrices(
  data: InterleavedChannels,
  slot: number,
  options: { readonly out?: ComplexMatrix[] } = {},
): ComplexMatrix[] {
  if (typeof data !== "object" || data === null || !(data.channels instanceof Float32Array)) {
    throw new TypeError("data must hold channels (Float32Array), apCount, ueCount, antennaCount");
  }
  const A = data.apCount, K = data.ueCount, Nt = data.antennaCount;
  assertInteger("data.apCount", A, { min: 1 });
  assertInteger("data.ueCount", K, { min: 1 });
  assertInteger("data.antennaCount", Nt, { min: 1 });
  const perSlot = 2 * A * K * Nt;
  const slots = Math.floor(data.channels.length / perSlot);
  if (!Number.isInteger(slot) || slot < 0 || slot >= slots) {
    throw new RangeError(`slot must be an integer in [0, ${slots}), got ${slot}`);
  }
  const out = options.out ?? Array.from({ length: A }, () => complexMatrix(K, Nt));
  if (out.length !== A || out.some((m) => m.rows !== K || m.cols !== Nt)) {
    throw new RangeError(`options.out must hold ${A} matrices [${K}, ${Nt}]`);
  }
  const c = data.channels;
  let i = slot * perSlot;
  for (let b = 0; b < A; b++) {
    const { re, im } = out[b];
    for (let j = 0; j < K * Nt; j++, i += 2) {
      re[j] = c[i];
      im[j] = c[i + 1];
    }
  }
  return out;
}
