/**
 * The mobility study in one call (notebook 01b and `deno task figures`): one showcase
 * episode (forced to have a hotspot) for trajectories, an injected blockage event and
 * a hotspot snapshot, and many short episodes with the paper's rates for realized vs
 * configured rare-event statistics. Everything is a pure function of the config (seed
 * included): two runs give the same rows and the same figure bytes.
 *
 * @module
 */
import { loadStudyScene } from "../scene_source.ts";
import {
  DEFAULT_EPISODE_CONFIG,
  type Episode,
  type EpisodeConfig,
  simulateEpisode,
} from "../../mobility/mod.ts";
import type { Scene } from "../../scene/mod.ts";
import type { StageProgress } from "../progress.ts";
import { type ChannelAgingRow, channelAgingRows } from "./channel_aging.ts";
import type { MobilityStudyConfig } from "./config.ts";
import {
  type BlockageEvent,
  blockageEvent,
  hotspotSnapshot,
  type HotspotSnapshotRow,
  type RareEventStatRow,
  rareEventStatRows,
  type TrajectoryRow,
  trajectoryRows,
} from "./rows.ts";

/** Everything the study computed. */
export interface MobilityStudy {
  readonly config: MobilityStudyConfig;
  readonly scene: Scene;
  readonly showcase: Episode;
  readonly trajectories: TrajectoryRow[];
  readonly blockage: BlockageEvent | null;
  readonly hotspot: HotspotSnapshotRow[] | null;
  readonly rareEventStats: RareEventStatRow[];
  /** Raw vs signature correlation of the showcase episode's channels per lag (1-5 slots). */
  readonly channelAging: ChannelAgingRow[];
}

/**
 * Simulator settings of the showcase episode (hotspot forced; every other rate is the
 * paper's).
 */
export function showcaseEpisodeConfig(config: MobilityStudyConfig): Partial<EpisodeConfig> {
  return {
    slotCount: config.showcaseSlotCount,
    maxReflectionOrder: config.showcaseReflectionOrder,
    hotspotProbability: 1,
  };
}

/** Runs the study; `onProgress` reports ("showcase episode" | "statistics", done, total). */
export async function runMobilityStudy(
  config: MobilityStudyConfig,
  options: { onProgress?: StageProgress } = {},
): Promise<MobilityStudy> {
  const { onProgress } = options;
  const scene = await loadStudyScene(config);
  const showcase = simulateEpisode(scene, showcaseEpisodeConfig(config), config.seed, {
    onProgress: (d, t) => onProgress?.("showcase episode", d, t),
  });
  const stats: Episode[] = [];
  const statsConfig = {
    slotCount: config.statsSlotCount,
    maxReflectionOrder: config.statsReflectionOrder,
  };
  for (let i = 0; i < config.statsEpisodeCount; i++) {
    stats.push(simulateEpisode(scene, statsConfig, config.seed * 100_003 + 1 + i));
    onProgress?.("statistics", i + 1, config.statsEpisodeCount);
  }
  const ues = Array.from({ length: Math.min(config.trajectoryUes, showcase.ueCount) }, (_, k) => k);
  return {
    config,
    scene,
    showcase,
    trajectories: trajectoryRows(showcase, { everySlots: 5, ues }),
    blockage: blockageEvent(showcase),
    hotspot: hotspotSnapshot(showcase),
    channelAging: channelAgingRows(showcase, { maxLag: 5 }),
    rareEventStats: rareEventStatRows(stats, {
      blockageProbabilityPerSlot: DEFAULT_EPISODE_CONFIG.blockageProbabilityPerSlot,
      hotspotProbability: DEFAULT_EPISODE_CONFIG.hotspotProbability,
    }),
  };
}
