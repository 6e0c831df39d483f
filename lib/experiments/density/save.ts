/**
 * Writes the density study: Fig. 3c and its per-seed, summary and paper tables.
 *
 * @module
 */
import { PAPER_DENSITY_ENDPOINTS } from "../../core/mod.ts";
import { saveFigures, writeTables } from "../tables.ts";
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
  written.push(...await saveFigures(densityStudyFigures(sweep), outDir, { metadata: provenance }));
  const tables: Record<string, readonly object[]> = {
    "density_sweep_seeds": sweep.seedRows,
    "density_sweep_summary": sweep.summary,
    "density_sweep_paper": PAPER_DENSITY_ENDPOINTS,
  };
  written.push(...await writeTables(tables, outDir, { provenance }));
  return written;
}
