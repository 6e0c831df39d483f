/**
 * Writes the mobility study: every figure (SVG + PNG) and table (CSV + JSON).
 *
 * @module
 */
import { saveFigures, writeTables } from "../tables.ts";
import { mobilityStudyFigures } from "./figures.ts";
import { type MobilityStudy, showcaseEpisodeConfig } from "./run.ts";

/** Saves every figure (SVG + PNG) and table (CSV + JSON) of the study under `outDir`. */
export async function saveMobilityStudy(
  result: MobilityStudy,
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
  written.push(
    ...await saveFigures(mobilityStudyFigures(result), outDir, { metadata: provenance }),
  );
  const tables: Record<string, readonly object[]> = {
    "mobility_trajectories": result.trajectories,
    "mobility_blockage_event": result.blockage?.rows ?? [],
    "mobility_hotspot_snapshot": result.hotspot ?? [],
    "mobility_rare_event_stats": result.rareEventStats,
    "mobility_channel_aging": result.channelAging,
  };
  written.push(...await writeTables(tables, outDir, { provenance }));
  return written;
}
