/**
 * Writes the channel study: every figure (SVG + PNG) and table (CSV + JSON).
 *
 * @module
 */
import { joinPath } from "../../core/mod.ts";
import { saveFigure } from "../../plot/mod.ts";
import { writeTable } from "../tables.ts";
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
  for (const [name, figure] of Object.entries(figures)) {
    const { svgPath, pngPath } = await saveFigure(figure, joinPath(outDir, name), {
      metadata: provenance,
    });
    written.push(svgPath, pngPath);
  }
  const tables: Record<string, readonly object[]> = {
    "channel_example_paths": result.examplePathRows,
    "channel_survey": result.survey,
    "channel_survey_summary": result.surveySummary,
    "channel_materials": result.materials,
  };
  for (const [name, rows] of Object.entries(tables)) {
    written.push(...await writeTable(rows, joinPath(outDir, name), { provenance }));
  }
  return written;
}
