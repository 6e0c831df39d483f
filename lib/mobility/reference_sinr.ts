/**
 * The reference SINR map of an episode: per slot and UE, the eq. (5) SINR under
 * coordinated ZF (lib/beamforming `zfBeams`) on the slot's *true* channels, with the
 * slot's max-RSSI association, each AP's 23 dBm split equally over the UEs it serves,
 * and noise `NOISE_POWER_W` (about -79 dBm). It labels how hard each slot is for an
 * ideal (perfect-CSI, zero-delay) precoder; the schemes of the control loop are
 * compared against it.
 *
 * Mobility uses lib/beamforming here; beamforming imports only lib/core, so the
 * layering stays acyclic.
 *
 * @module
 */
import type { ComplexMatrix } from "../core/mod.ts";
import {
  NOISE_POWER_W,
  perBeamPowerW,
  sinrDb,
  sinrLinear,
  TX_POWER_DBM,
  zfBeams,
} from "../beamforming/mod.ts";
import { type InterleavedChannels, slotChannelMatrices } from "./slot_channels.ts";

/** Options of the reference SINR. */
export interface ReferenceSinrOptions {
  /** Total transmit power per AP, dBm; default 23 (`TX_POWER_DBM`). */
  readonly txPowerDbm?: number;
  /** Noise power, W; default `NOISE_POWER_W`. */
  readonly noisePowerW?: number;
}

/**
 * Reference SINR of one slot, dB.
 *
 * @param channels `A` matrices `H_b` `[K, Nt]` (row k = `h_{k,b}^H`).
 * @param servingAp `[K]` serving AP per UE.
 * @param options power and noise.
 * @returns `[K]` SINR, dB.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { slotReferenceSinrDb } from "./reference_sinr.ts";
 * const h = matrixFromRows([[1e-2, 0], [0, 1e-2]]); // -40 dB: about 59 dB SNR
 * const s = slotReferenceSinrDb([h], Int32Array.of(0, 0));
 * if (!(s[0] > 40 && Math.abs(s[0] - s[1]) < 1e-9)) throw new Error("orthogonal UEs, no interference");
 * ```
 */
export function slotReferenceSinrDb(
  channels: readonly ComplexMatrix[],
  servingAp: Int32Array,
  options: ReferenceSinrOptions = {},
): Float64Array {
  const { txPowerDbm = TX_POWER_DBM, noisePowerW = NOISE_POWER_W } = options;
  const beams = zfBeams(channels, { servingAp });
  const linear = sinrLinear(channels, beams, {
    beamPowerW: perBeamPowerW(servingAp, { apCount: channels.length, txPowerDbm }),
    noisePowerW,
  });
  return sinrDb(linear);
}

/**
 * Reference SINR map of a whole episode (or of any `[S, A, K, Nt]` channels with their
 * `[S, K]` association), dB, `[S, K]` float32.
 *
 * @param data interleaved channels with A, K, Nt and `servingAp` `[S, K]`.
 * @param options power and noise.
 *
 * @example
 * ```ts
 * import { NOISE_POWER_DBM } from "../beamforming/mod.ts";
 * import { episodeReferenceSinrDb } from "./reference_sinr.ts";
 * // synthetic example data: S = 1, A = 1, K = 1, Nt = 1, |h|^2 = 1e-10 (-100 dB)
 * const data = {
 *   channels: Float32Array.of(1e-5, 0), servingAp: Int32Array.of(0),
 *   apCount: 1, ueCount: 1, antennaCount: 1,
 * };
 * const s = episodeReferenceSinrDb(data);
 * // SNR = 23 dBm - 100 dB - (-79 dBm) = 2 dB
 * if (Math.abs(s[0] - (23 - 100 - NOISE_POWER_DBM)) > 1e-3) throw new Error(`${s[0]}`);
 * ```
 */
export function episodeReferenceSinrDb(
  data: InterleavedChannels & { readonly servingAp: Int32Array },
  options: ReferenceSinrOptions = {},
): Float32Array {
  const K = data.ueCount;
  const S = Math.floor(data.servingAp.length / K);
  const out = new Float32Array(S * K);
  let matrices: ComplexMatrix[] | undefined;
  for (let s = 0; s < S; s++) {
    matrices = slotChannelMatrices(data, s, { out: matrices });
    out.set(
      slotReferenceSinrDb(matrices, data.servingAp.subarray(s * K, (s + 1) * K), options),
      s * K,
    );
  }
  return out;
}
