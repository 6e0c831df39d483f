/**
 * Writes the mobility study: every figure (SVG + PNG) and table (CSV + JSON).
 *
 * @module
 */
import { joinPath } from "../../core/mod.ts";
import { saveFigure } from "../../plot/mod.ts";
import { writeTable } from "../tables.ts";
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
