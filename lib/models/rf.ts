/**
 * Per-AP RF scalars of the condition, derived from one AP's channel matrix: for each UE
 * `k`, the best beam of the AP's DFT codebook for the row `h_k` and its RSSI
 * `P_tx + 10 log10 |h_k^H f|^2` (lib/channel/codebook.ts). The dataset's own
 * `rssiDbm`/`beamIndex` are those of the *serving* AP only; the generator works per AP,
 * so training and inference both use this function on the newest past slot.
 *
 * The codebook: a square UPA `sqrt(Nt) x sqrt(Nt)` when `Nt` is a perfect square (8 x 8
 * for Nt = 64), else a linear `Nt x 1` array; half-wavelength spacing; `beamCount = Nt`.
 * RSSI is clamped to `>= minRssiDbm` (default -200 dBm) so a dead row stays finite.
 *
 * @example
 * ```ts
 * import { apRfScalars } from "./rf.ts";
 * const K = 1, Nt = 4;
 * const h = new Float32Array(K * Nt * 2).fill(0);
 * h[0] = 1e-4; // a single element: every beam sees the same gain
 * const { rssiDbm, beamIndex } = apRfScalars(h, { K, Nt });
 * if (rssiDbm.length !== 1 || beamIndex[0] < 0 || beamIndex[0] >= 4) throw new Error("rf");
 * ```
 *
 * @module
 */
import { assertFiniteNumber, assertInteger } from "../core/mod.ts";
import { bestBeam, createDftCodebook, type DftCodebook } from "../channel/codebook.ts";

/** Default AP transmit power for the RSSI, dBm (the paper's 23 dBm). */
export const RF_TX_POWER_DBM = 23;

const codebooks = new Map<number, DftCodebook>();

/** The DFT codebook used for an `Nt`-antenna AP (cached; see the module doc). */
export function modelCodebook(Nt: number): DftCodebook {
  assertInteger("Nt", Nt, { min: 1 });
  let cb = codebooks.get(Nt);
  if (!cb) {
    const side = Math.round(Math.sqrt(Nt));
    const square = side * side === Nt;
    cb = createDftCodebook({
      horizontal: square ? side : Nt,
      vertical: square ? side : 1,
      spacingWavelengths: 0.5,
    });
    codebooks.set(Nt, cb);
  }
  return cb;
}

/**
 * Best beam and RSSI of every UE row of one AP's channel.
 *
 * @param matrix interleaved complex `[K, Nt]` (`K * Nt * 2` floats), e.g. the newest past
 *   slot of the AP; `offset` (floats) selects a matrix inside a larger array.
 * @param options `K`, `Nt`, `offset` (default 0), `txPowerDbm` (default 23),
 *   `minRssiDbm` (default -200).
 * @returns `rssiDbm` `[K]` and `beamIndex` `[K]` (in `[0, Nt)`).
 */
export function apRfScalars(
  matrix: Float32Array,
  options: {
    readonly K: number;
    readonly Nt: number;
    readonly offset?: number;
    readonly txPowerDbm?: number;
    readonly minRssiDbm?: number;
  },
): { readonly rssiDbm: Float32Array; readonly beamIndex: Int32Array } {
  if (!(matrix instanceof Float32Array)) throw new TypeError("matrix must be a Float32Array");
  const { K, Nt } = options;
  assertInteger("options.K", K, { min: 1 });
  const offset = options.offset ?? 0;
  assertInteger("options.offset", offset, { min: 0 });
  if (offset + K * Nt * 2 > matrix.length) {
    throw new RangeError(`matrix: need ${K * Nt * 2} floats from offset ${offset}`);
  }
  const tx = options.txPowerDbm ?? RF_TX_POWER_DBM;
  const floor = options.minRssiDbm ?? -200;
  assertFiniteNumber("options.txPowerDbm", tx);
  assertFiniteNumber("options.minRssiDbm", floor);
  const cb = modelCodebook(Nt);
  const rssiDbm = new Float32Array(K);
  const beamIndex = new Int32Array(K);
  for (let k = 0; k < K; k++) {
    const { index, gain } = bestBeam(matrix, cb, { offset: offset + k * Nt * 2 });
    beamIndex[k] = index;
    rssiDbm[k] = gain > 0 ? Math.max(floor, tx + 10 * Math.log10(gain)) : floor;
  }
  return { rssiDbm, beamIndex };
}
