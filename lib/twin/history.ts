/**
 * A history view that enforces causality: predictors see slots up to `syncSlot` only,
 * optionally through CSI estimation noise.
 *
 * @module
 */
import { type ComplexMatrix, createRng } from "../core/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import { slotChannels } from "./channels.ts";
import type { TwinHistory } from "../channel/predictor.ts";

/** Options of {@link episodeHistory}. */
export interface EpisodeHistoryOptions {
  /** Last slot whose CSI reached the twin (`0 <= syncSlot`). */
  readonly syncSlot: number;
  /**
   * Channel sets already read, by slot (`A` matrices `[K, Nt]` each), shared between
   * the views of successive slots (and schemes); filled on demand. A cache holds the
   * CSI of one noise setting (`estimationSnrDb`, `noiseSeed`): reusing it with another
   * throws.
   */
  readonly cache?: Map<number, ComplexMatrix[]>;
  /**
   * SNR of the twin's CSI estimates, dB (default `Infinity`: the exact stored
   * channels). Finite: every (UE, AP) row `h` of every past slot gets independent
   * circularly-symmetric complex Gaussian error with per-entry variance
   * `|h|^2 / Nt / 10^(snr / 10)` (so `|h|^2 / E|e|^2 = 10^(snr / 10)` per row).
   */
  readonly estimationSnrDb?: number;
  /**
   * Seed of the estimation noise (an integer; default `episode.seed`). Slot `s` draws
   * from `createRng(noiseSeed).stream(`csi-noise-${s}`)` (AP-major, then UE, then
   * antenna; re then im), so every view, scheme and re-read of a slot sees the same
   * noisy CSI, whatever was read before.
   */
  readonly noiseSeed?: number;
}

/** Noise settings each cache was filled with (see {@link EpisodeHistoryOptions.cache}). */
const cacheNoise = new WeakMap<Map<number, ComplexMatrix[]>, string>();

/**
 * The twin's view of an episode at `syncSlot`. Channel sets are cached (a predictor
 * reads the same past slots again at the next step).
 *
 * @param episode the episode (its stored channels are the truth the estimates start from).
 * @param options sync slot, cache and estimation noise (see {@link EpisodeHistoryOptions}).
 *
 * @example
 * ```ts ignore
 * const h = episodeHistory(episode, { syncSlot: 9, estimationSnrDb: 20 });
 * const [h0] = h.channels(9); // AP 0's noisy [K, Nt] at slot 9
 * ```
 */
export function episodeHistory(episode: Episode, options: EpisodeHistoryOptions): TwinHistory {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${options}`);
  }
  const { syncSlot, estimationSnrDb = Infinity, noiseSeed = episode.seed } = options;
  if (
    typeof estimationSnrDb !== "number" || Number.isNaN(estimationSnrDb) ||
    estimationSnrDb === -Infinity
  ) {
    throw new RangeError(
      `options.estimationSnrDb must be a finite number or Infinity, got ${estimationSnrDb}`,
    );
  }
  if (!Number.isSafeInteger(noiseSeed)) {
    throw new RangeError(`options.noiseSeed must be a safe integer, got ${noiseSeed}`);
  }
  const noisy = estimationSnrDb !== Infinity;
  const cache = options.cache ?? new Map<number, ComplexMatrix[]>();
  const setting = noisy ? `snr ${estimationSnrDb} dB, seed ${noiseSeed}` : "clean";
  const previous = cacheNoise.get(cache);
  if (previous === undefined) cacheNoise.set(cache, setting);
  else if (previous !== setting) {
    throw new RangeError(
      `options.cache holds CSI of another noise setting (${previous}), not ${setting}`,
    );
  }
  const noiseVarianceScale = noisy ? Math.pow(10, -estimationSnrDb / 10) : 0;
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
        if (noisy) addEstimationNoise(c, noiseVarianceScale, noiseSeed, slot);
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

/**
 * Adds to every row `h` of every `[K, Nt]` matrix of `channels` (in place) complex
 * Gaussian error of per-entry variance `scale * |h|^2 / Nt`, drawn from stream
 * `csi-noise-${slot}` of `createRng(seed)`.
 */
function addEstimationNoise(
  channels: ComplexMatrix[],
  scale: number,
  seed: number,
  slot: number,
): void {
  const rng = createRng(seed).stream(`csi-noise-${slot}`);
  for (const h of channels) {
    const nt = h.cols;
    for (let k = 0; k < h.rows; k++) {
      const base = k * nt;
      let power = 0;
      for (let n = 0; n < nt; n++) power += h.re[base + n] ** 2 + h.im[base + n] ** 2;
      // Per-entry variance scale |h|^2 / Nt, half in each of re and im.
      const sd = Math.sqrt((scale * power) / nt / 2);
      for (let n = 0; n < nt; n++) {
        h.re[base + n] += sd * rng.normal();
        h.im[base + n] += sd * rng.normal();
      }
    }
  }
}
