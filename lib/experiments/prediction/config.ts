/**
 * Settings of the prediction study (how well each predictor forecasts the channel, per
 * horizon): one config per preset, on the WC-ZF study's episode geometry.
 *
 * @module
 */
import { PAPER_HORIZON_SLOTS } from "../../core/mod.ts";
import type { PresetName } from "../presets.ts";
import { deriveSeeds } from "../spread.ts";
import { wczfStudyConfig } from "../wczf/config.ts";

/**
 * Settings of the prediction study: one episode per seed; at every `syncStride`-th sync
 * slot `s` from `firstSlot - 1` to `slotCount - 1 - horizon`, every predictor forecasts
 * slots `s + 1 .. s + horizon` from the twin's history up to `s`.
 */
export interface PredictionStudyConfig {
  readonly sceneName: string;
  /** A scene file used instead of `data/scenes/<sceneName>.json` (see `loadStudyScene`). */
  readonly scenePath?: string;
  /** Slots per episode (10 ms each). */
  readonly slotCount: number;
  /**
   * First predicted slot: the first sync slot is `firstSlot - 1` (the same evaluated
   * window as the WC-ZF study, whose first decision uses CSI up to `firstSlot - 1`).
   */
  readonly firstSlot: number;
  /** Forecast horizon T, slots: every horizon `1..T` is scored. */
  readonly horizon: number;
  /** Score every `syncStride`-th sync slot (1 = all), to bound the learned predictors' cost. */
  readonly syncStride: number;
  /**
   * Blockages forced per episode on top of the random ones, as in the WC-ZF study
   * (`forcedEvaluationBlockages`, stream `"forced-evaluation"` of the episode seed).
   */
  readonly forcedBlockagesPerEpisode: number;
  /** Seeds of the episodes (one episode per seed). */
  readonly episodeSeeds: readonly number[];
}

/**
 * Seed offset of the prediction episodes within one `--seed` (see `deriveSeeds`; the
 * other studies use 100, 300, 500, 700 and 900).
 */
export const PREDICTION_SEED_OFFSET = 200;

/**
 * The study's settings for a preset: the WC-ZF study's scene, episode length, first
 * evaluated slot and forced blockages (`wczfStudyConfig`), the paper's horizon T = 5,
 * and its own seeds (offset {@link PREDICTION_SEED_OFFSET}). `ci`: 1 seed, every sync
 * slot; `cpu`: 5 seeds, every 2nd sync slot (18 of 36 per episode); `paper`: 5 seeds,
 * every 10th sync slot of 1 000-slot episodes.
 *
 * @param preset `ci`, `cpu` or `paper`.
 * @param options `seed`: the base seed (default 1).
 *
 * @example
 * ```ts
 * import { predictionStudyConfig } from "./config.ts";
 * const c = predictionStudyConfig("cpu", { seed: 1 });
 * console.log(c.episodeSeeds, c.horizon, c.syncStride); // [ 1200, 1201, 1202, 1203, 1204 ] 5 2
 * ```
 */
export function predictionStudyConfig(
  preset: PresetName,
  options: { seed?: number } = {},
): PredictionStudyConfig {
  const { seed = 1 } = options;
  const sizes = {
    ci: { seeds: 1, syncStride: 1 },
    cpu: { seeds: 5, syncStride: 2 },
    paper: { seeds: 5, syncStride: 10 },
  }[preset];
  if (!sizes) throw new RangeError(`preset must be ci, cpu or paper, got ${preset}`);
  const geometry = wczfStudyConfig(preset, { seed });
  return {
    sceneName: geometry.sceneName,
    slotCount: geometry.slotCount,
    firstSlot: geometry.firstSlot,
    horizon: PAPER_HORIZON_SLOTS,
    syncStride: sizes.syncStride,
    forcedBlockagesPerEpisode: geometry.forcedBlockagesPerEpisode ?? 0,
    episodeSeeds: deriveSeeds(seed, sizes.seeds, { offset: PREDICTION_SEED_OFFSET }),
  };
}
