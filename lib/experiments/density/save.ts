/**
 * Writes the density study: Fig. 3c and its per-seed, summary and paper tables.
 *
 * @module
 */
import { joinPath, PAPER_DENSITY_ENDPOINTS } from "../../core/mod.ts";
import { saveFigure } from "../../plot/mod.ts";
import { writeTable } from "../tables.ts";
import { densityStudyFigures } from "./figures.ts";
import type { DensityStudy } from "./run.ts";

/** Writes Fig. 3c (SVG + PNG) and its tables (CSV + JSON) under `outDir`. */
export async function saveDensityStudy(
  sweep: DensityStudy,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const written: string[] = [];
  const provenance = { ...options.provenance, config: sweep.config };
  for (const [name, figure] of Object.entries(densityStudyFigures(sweep))) {
    const { svgPath, pngPath } = await saveFigure(figure, joinPath(outDir, name), {
      metadata: provenance,
    });
    written.push(svgPath, pngPath);
  }
  const tables: Record<string, readonly object[]> = {
    "density_sweep_seeds": sweep.seedRows,
    "density_sweep_summary": sweep.summary,
    "density_sweep_paper": PAPER_DENSITY_ENDPOINTS,
  };
  for (const [name, rows] of Object.entries(tables)) {
    written.push(...await writeTable(rows, joinPath(outDir, name), { provenance }));
  }
  return written;
}
