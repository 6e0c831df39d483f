/**
 * Settings of the channel study (notebook 01): one config per preset.
 *
 * @module
 */
import type { MaterialSet } from "../../scene/mod.ts";
import type { PresetName } from "../presets.ts";

/** Settings of the channel study. */
export interface ChannelStudyConfig {
  readonly sceneName: string;
  /** A scene file used instead of `data/scenes/<sceneName>.json` (see `loadStudyScene`). */
  readonly scenePath?: string;
  readonly materialSet: MaterialSet;
  readonly maxReflectionOrder: number;
  /** Random UE positions for the path-loss and delay-spread survey. */
  readonly surveyLinkCount: number;
  /** Radio-map grid spacing, m. */
  readonly radioMapResolutionM: number;
  readonly seed: number;
}

/** The channel study's settings per preset. */
export function channelStudyConfig(
  preset: PresetName,
  options: { seed?: number } = {},
): ChannelStudyConfig {
  const { seed = 1 } = options;
  const base = { sceneName: "office", materialSet: "itu" as const, seed };
  switch (preset) {
    case "ci":
      return { ...base, maxReflectionOrder: 1, surveyLinkCount: 120, radioMapResolutionM: 1.0 };
    case "cpu":
      return { ...base, maxReflectionOrder: 2, surveyLinkCount: 600, radioMapResolutionM: 0.25 };
    case "paper":
      return { ...base, maxReflectionOrder: 3, surveyLinkCount: 2000, radioMapResolutionM: 0.1 };
  }
}
