/**
 * Writes the channel study: every figure (SVG + PNG) and table (CSV + JSON).
 *
 * @module
 */
import { saveFigures, writeTables } from "../tables.ts";
import { channelStudyFigures } from "./figures.ts";
import type { ChannelStudy } from "./run.ts";

/** Saves every figure (SVG + PNG) and table (CSV + JSON) of the study under `outDir`. */
export async function saveChannelStudy(
  result: ChannelStudy,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const figures = channelStudyFigures(result);
  const provenance = { ...options.provenance, config: result.config, scene: result.scene.name };
  const written: string[] = [];
  written.push(...await saveFigures(figures, outDir, { metadata: provenance }));
  const tables: Record<string, readonly object[]> = {
    "channel_example_paths": result.examplePathRows,
    "channel_survey": result.survey,
    "channel_survey_summary": result.surveySummary,
    "channel_materials": result.materials,
  };
  written.push(...await writeTables(tables, outDir, { provenance }));
  return written;
}
