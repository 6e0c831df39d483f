/**
 * The mobility study in one call (notebook 01b and `deno task figures`): one showcase
 * episode (forced to have a hotspot) for trajectories, an injected blockage event and
 * a hotspot snapshot, and many short episodes with the paper's rates for realized vs
 * configured rare-event statistics. Everything is a pure function of the config (seed
 * included): two runs give the same rows and the same figure bytes.
 *
 * @module
 */
import { type ChannelAgingRow, channelAgingRows } from "./channel_aging.ts";
import { joinPath } from "../core/mod.ts";
import {
  DEFAULT_EPISODE_CONFIG,
  type Episode,
  type EpisodeConfig,
  simulateEpisode,
} from "../mobility/mod.ts";
import { saveFigure } from "../plot/mod.ts";
import { loadNamedScene, type Scene } from "../scene/mod.ts";
import {
  blockageGainFigure,
  blockageSinrFigure,
  hotspotSnapshotFigure,
  rareEventStatsFigure,
  trajectoriesFigure,
} from "./mobility_figures.ts";
import {
  type BlockageEvent,
  blockageEvent,
  hotspotSnapshot,
  type HotspotSnapshotRow,
  type RareEventStatRow,
  rareEventStatRows,
  type TrajectoryRow,
  trajectoryRows,
} from "./mobility_rows.ts";
import type { PresetName } from "./presets.ts";
import type { StudyProgress } from "./channel_study.ts";
import { writeTable } from "./tables.ts";

/** Configuration of the mobility study. */
export interface MobilityStudyConfig {
  readonly sceneName: string;
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
 * import { mobilityStudyConfig } from "./mobility_study.ts";
 * if (mobilityStudyConfig("ci").statsEpisodeCount < 10) throw new Error("enough episodes");
 * ```
 */
export function mobilityStudyConfig(preset: PresetName): MobilityStudyConfig {
  const base = { sceneName: "office", seed: 1, trajectoryUes: 10 };
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

/** Everything the study computed. */
export interface MobilityStudyResult {
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
  options: { onProgress?: StudyProgress } = {},
): Promise<MobilityStudyResult> {
  const { onProgress } = options;
  const scene = await loadNamedScene(config.sceneName);
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

/** The study's figures by file name. */
export function mobilityStudyFigures(result: MobilityStudyResult): Record<string, Element> {
  const { scene } = result;
  const figures: Record<string, Element> = {
    "mobility_trajectories": trajectoriesFigure(scene, result.trajectories),
    "mobility_rare_event_stats": rareEventStatsFigure(result.rareEventStats),
  };
  if (result.blockage) {
    figures["mobility_blockage_gain"] = blockageGainFigure(result.blockage);
    figures["mobility_blockage_sinr"] = blockageSinrFigure(result.blockage);
  }
  if (result.hotspot) {
    figures["mobility_hotspot_snapshot"] = hotspotSnapshotFigure(scene, result.hotspot);
  }
  return figures;
}

/** Saves every figure (SVG + PNG) and table (CSV + JSON) of the study under `outDir`. */
export async function saveMobilityStudy(
  result: MobilityStudyResult,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const provenance = {
    ...options.provenance,
    config: result.config,
    scene: result.scene.name,
    showcaseEpisode: showcaseEpisodeConfig(result.config),
    blockageOnsetSlot: result.blockage?.onsetSlot ?? null,
    blockageUe: result.blockage?.ue ?? null,
  };
  const written: string[] = [];
  for (const [name, figure] of Object.entries(mobilityStudyFigures(result))) {
    const { svgPath, pngPath } = await saveFigure(figure, joinPath(outDir, name), {
      metadata: provenance,
    });
    written.push(svgPath, pngPath);
  }
  const tables: Record<string, readonly object[]> = {
    "mobility_trajectories": result.trajectories,
    "mobility_blockage_event": result.blockage?.rows ?? [],
    "mobility_hotspot_snapshot": result.hotspot ?? [],
    "mobility_rare_event_stats": result.rareEventStats,
    "mobility_channel_aging": result.channelAging,
  };
  for (const [name, rows] of Object.entries(tables)) {
    written.push(...await writeTable(rows, joinPath(outDir, name), { provenance }));
  }
  return written;
}
