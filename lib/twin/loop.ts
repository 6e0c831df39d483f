/**
 * The digital-twin control loop: runs an episode slot by slot. At slot s the twin holds
 * CSI up to s - 1 (one 10 ms synchronization period old); every scheme decides the
 * association and beams for slot s from that history, and the true channels of slot s
 * give each UE's SINR per eq. (5). With `options.estimationSnrDb` the history holds
 * noisy CSI estimates (see {@link episodeHistory}): every scheme, the baseline included,
 * decides from the same noisy past, while the SINR is still computed on the true
 * channels (schemes that read the episode directly, genie ZF and the oracle predictor,
 * stay exact).
 *
 * @module
 */
import { NOISE_POWER_W, perBeamPowerW, sinrDb, sinrLinear } from "../beamforming/mod.ts";
import type { ComplexMatrix } from "../core/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import { slotChannels } from "./channels.ts";
import { episodeHistory, type EpisodeHistoryOptions } from "./history.ts";
import type { Scheme } from "./schemes.ts";

/** Per-scheme outcome of one episode. Arrays are `[S', K]` over the evaluated slots. */
export interface SchemeTrace {
  readonly scheme: string;
  /** Post-beamforming SINR, dB, `[S', K]` row-major. */
  readonly sinrDb: Float32Array;
  /** Serving AP used, `[S', K]`. */
  readonly servingAp: Int32Array;
  /** Prediction time per slot, ms, `[S']`. */
  readonly predictMs: Float64Array;
  /** Beamforming time per slot, ms, `[S']`. */
  readonly beamformMs: Float64Array;
}

/** Result of {@link runControlLoop}. */
export interface ControlLoopResult {
  /** Evaluated slot indices, `[S']`. */
  readonly slots: Int32Array;
  readonly ueCount: number;
  readonly traces: SchemeTrace[];
}

/** Options of {@link runControlLoop}. */
export interface ControlLoopOptions {
  /** First evaluated slot (>= 1; default 10). */
  firstSlot?: number;
  /** Last evaluated slot (default the episode's last). */
  lastSlot?: number;
  /** Per-AP transmit power, dBm (default that of `perBeamPowerW`, 23 dBm). */
  txPowerDbm?: number;
  /** Noise power, W (default `NOISE_POWER_W`). */
  noisePowerW?: number;
  /**
   * SNR of the twin's CSI estimates, dB (default `Infinity`: exact CSI); see
   * {@link EpisodeHistoryOptions.estimationSnrDb}.
   */
  estimationSnrDb?: EpisodeHistoryOptions["estimationSnrDb"];
  /** Seed of the estimation noise (default `episode.seed`); see {@link EpisodeHistoryOptions.noiseSeed}. */
  noiseSeed?: EpisodeHistoryOptions["noiseSeed"];
  /** Called after each evaluated slot with (slots done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs every scheme over the slots `[firstSlot, lastSlot]` of an episode.
 *
 * @example
 * ```ts ignore
 * const result = await runControlLoop(episode, [reactiveZfScheme(), genieZfScheme(episode)]);
 * ```
 */
export async function runControlLoop(
  episode: Episode,
  schemes: readonly Scheme[],
  options: ControlLoopOptions = {},
): Promise<ControlLoopResult> {
  const {
    firstSlot = 10,
    lastSlot = episode.slotCount - 1,
    noisePowerW = NOISE_POWER_W,
    estimationSnrDb,
    noiseSeed,
  } = options;
  if (!Number.isInteger(firstSlot) || firstSlot < 1 || firstSlot > lastSlot) {
    throw new RangeError(`options.firstSlot must be an integer in [1, lastSlot], got ${firstSlot}`);
  }
  if (!Number.isInteger(lastSlot) || lastSlot >= episode.slotCount) {
    throw new RangeError(`options.lastSlot must be < ${episode.slotCount}, got ${lastSlot}`);
  }
  const count = lastSlot - firstSlot + 1;
  const k = episode.ueCount;
  const traces = schemes.map((s) => ({
    scheme: s.name,
    sinrDb: new Float32Array(count * k),
    servingAp: new Int32Array(count * k),
    predictMs: new Float64Array(count),
    beamformMs: new Float64Array(count),
  }));
  const cache = new Map<number, ComplexMatrix[]>();
  const scratch = new Float64Array(k);
  for (let i = 0; i < count; i++) {
    const slot = firstSlot + i;
    // Keep the cache to the slots a predictor may still read.
    for (const key of cache.keys()) if (key < slot - 32) cache.delete(key);
    const history = episodeHistory(episode, {
      syncSlot: slot - 1,
      cache,
      estimationSnrDb,
      noiseSeed,
    });
    const truth = slotChannels(episode, slot);
    for (let j = 0; j < schemes.length; j++) {
      const d = await schemes[j].decide(history);
      const beamPowerW = perBeamPowerW(d.servingAp, {
        apCount: episode.apCount,
        txPowerDbm: options.txPowerDbm,
      });
      const sinr = sinrDb(sinrLinear(truth, d.beams, { beamPowerW, noisePowerW, out: scratch }));
      const t = traces[j];
      t.sinrDb.set(sinr, i * k);
      t.servingAp.set(d.servingAp, i * k);
      t.predictMs[i] = d.predictMs;
      t.beamformMs[i] = d.beamformMs;
    }
    options.onProgress?.(i + 1, count);
  }
  return { slots: Int32Array.from({ length: count }, (_, i) => firstSlot + i), ueCount: k, traces };
}
