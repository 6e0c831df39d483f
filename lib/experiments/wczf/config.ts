/**
 * Settings of the WC-ZF study (Fig. 3a/3b, notebook 03): one config per preset.
 *
 * @module
 */
import { PAPER_HISTORY_SLOTS, PAPER_SETUP } from "../../core/mod.ts";
import type { EpisodeConfig } from "../../mobility/mod.ts";
import { HEADLINE_HORIZON_SLOTS } from "../scheme_sets.ts";
import type { PresetName } from "../presets.ts";
import { deriveSeeds } from "../spread.ts";

/** Settings of the WC-ZF study: one episode per seed, every scheme through the loop. */
export interface WczfStudyConfig {
  readonly sceneName: string;
  /** A scene file used instead of `data/scenes/<sceneName>.json` (see `loadStudyScene`). */
  readonly scenePath?: string;
  /** First evaluated slot (the twin needs tau = 10 slots of history before it). */
  readonly firstSlot: number;
  /** WC-ZF horizon T, slots. */
  readonly horizon: number;
  /** Minimum rare-event slots for a UE's rare-event packet-loss rate to count. */
  readonly minRareSlotsPerUe: number;
  /** Seeds of the episodes (one episode per seed). */
  readonly episodeSeeds: readonly number[];
  readonly slotCount: number;
  /**
   * Blockages forced per episode on top of the random ones (default 0): distinct UEs and
   * onset slots drawn from the episode seed (stream `"forced-evaluation"`), onsets
   * spread over the evaluated slots. Short episodes need them: the random injection
   * (p = 0.05 per slot, walkers that must first reach a link) and the hotspots reach
   * their steady rate only after ~30 slots, so a 30-slot episode may hold no rare-event
   * sample at all. 1 000-slot episodes reach the random rate and force none.
   */
  readonly forcedBlockagesPerEpisode?: number;
  /**
   * Overrides of the episodes' {@link EpisodeConfig} (default none: the
   * `DEFAULT_EPISODE_CONFIG`), e.g. `{ pathPhaseJitterRad: 0.3 }` or
   * `{ maxReflectionOrder: 5 }` (the robustness study). `slotCount` and the forced
   * blockages come from the fields above.
   */
  readonly episode?: Readonly<Partial<Omit<EpisodeConfig, "slotCount" | "forcedBlockages">>>;
  /**
   * SNR of the twin's CSI estimates, dB (default `Infinity`: exact CSI), passed to
   * `runControlLoop`: every scheme, the baseline included, sees the same noisy history;
   * genie ZF and the oracle read the episode and stay exact.
   */
  readonly estimationSnrDb?: number;
}

/** Seed offset of the WC-ZF episodes within one `--seed` (see `deriveSeeds`). */
export const WCZF_SEED_OFFSET = 100;

/**
 * The study's settings for a preset; episode seeds derive from `seed`.
 *
 * @example
 * ```ts
 * import { wczfStudyConfig } from "./config.ts";
 * const c = wczfStudyConfig("cpu", { seed: 1 });
 * console.log(c.episodeSeeds); // [ 1100, 1101, 1102, 1103, 1104 ]
 * ```
 */
export function wczfStudyConfig(
  preset: PresetName,
  options: { seed?: number } = {},
): WczfStudyConfig {
  const { seed = 1 } = options;
  const sizes = {
    ci: { seeds: 2, firstSlot: 22, slotCount: 36, forced: 2 },
    cpu: { seeds: 5, firstSlot: 20, slotCount: 60, forced: 3 },
    paper: {
      seeds: 10,
      firstSlot: PAPER_HISTORY_SLOTS,
      slotCount: PAPER_SETUP.episodeSlots,
      forced: 0,
    },
  }[preset];
  return {
    sceneName: "office",
    firstSlot: sizes.firstSlot,
    horizon: HEADLINE_HORIZON_SLOTS,
    minRareSlotsPerUe: 5,
    episodeSeeds: deriveSeeds(seed, sizes.seeds, { offset: WCZF_SEED_OFFSET }),
    slotCount: sizes.slotCount,
    forcedBlockagesPerEpisode: sizes.forced,
  };
}
