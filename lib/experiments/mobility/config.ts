/**
 * Settings of the mobility study (notebook 01b): one config per preset.
 *
 * @module
 */
import type { PresetName } from "../presets.ts";

/** Configuration of the mobility study. */
export interface MobilityStudyConfig {
  readonly sceneName: string;
  /** A scene file used instead of `data/scenes/<sceneName>.json` (see `loadStudyScene`). */
  readonly scenePath?: string;
  readonly seed: number;
  /** Showcase episode: slots and reflection order (hotspot forced, paper's blockage rate). */
  readonly showcaseSlotCount: number;
  readonly showcaseReflectionOrder: number;
  /** UEs whose trajectories are drawn (the first n). */
  readonly trajectoryUes: number;
  /** Statistics: episodes, slots each, reflection order (labels need only the LoS). */
  readonly statsEpisodeCount: number;
  readonly statsSlotCount: number;
  readonly statsReflectionOrder: number;
}

/**
 * The study's configuration for a preset (`ci` runs in seconds).
 *
 * @example
 * ```ts
 * import { mobilityStudyConfig } from "./config.ts";
 * if (mobilityStudyConfig("ci").statsEpisodeCount < 10) throw new Error("enough episodes");
 * ```
 */
export function mobilityStudyConfig(
  preset: PresetName,
  options: { seed?: number } = {},
): MobilityStudyConfig {
  const { seed = 1 } = options;
  const base = { sceneName: "office", seed, trajectoryUes: 10 };
  switch (preset) {
    case "ci":
      return {
        ...base,
        showcaseSlotCount: 300,
        showcaseReflectionOrder: 1,
        statsEpisodeCount: 24,
        statsSlotCount: 60,
        statsReflectionOrder: 0,
      };
    case "cpu":
      return {
        ...base,
        showcaseSlotCount: 600,
        showcaseReflectionOrder: 2,
        statsEpisodeCount: 160,
        statsSlotCount: 100,
        statsReflectionOrder: 0,
      };
    case "paper":
      return {
        ...base,
        showcaseSlotCount: 1000,
        showcaseReflectionOrder: 2,
        statsEpisodeCount: 800,
        statsSlotCount: 100,
        statsReflectionOrder: 0,
      };
  }
}
