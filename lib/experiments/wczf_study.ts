/**
 * Saves the WC-ZF evaluation (Fig. 3a, 3b, summary, gap closure, payload) as figures
 * and tables. Shared by notebook 03 and `deno task figures`.
 *
 * @module
 */
import { joinPath } from "../core/mod.ts";
import { saveFigure } from "../plot/mod.ts";
import { payloadRows, plrCdfFigure, sinrCdfFigure } from "./wczf_figures.ts";
import type { WczfEvaluation } from "./wczf_evaluation.ts";
import { writeTable } from "./tables.ts";

/** Writes every figure and table of the evaluation under `outDir`; returns the paths. */
export async function saveWczfEvaluation(
  evaluation: WczfEvaluation,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const written: string[] = [];
  const figures = {
    "fig3a_sinr_cdf_rare_events": sinrCdfFigure(evaluation.samples),
    "fig3a_sinr_cdf_all": sinrCdfFigure(evaluation.samples, { rare: false }),
    "fig3b_plr_cdf_rare_events": plrCdfFigure(evaluation.samples),
  };
  const provenance = {
    ...options.provenance,
    config: evaluation.config,
    rareFraction: evaluation.rareFraction,
  };
  for (const [name, figure] of Object.entries(figures)) {
    const { svgPath, pngPath } = await saveFigure(figure, joinPath(outDir, name), {
      metadata: provenance,
    });
    written.push(svgPath, pngPath);
  }
  const tables: Record<string, readonly object[]> = {
    "wczf_summary": evaluation.summary,
    "wczf_gap_closure": evaluation.gapClosure,
    "wczf_payload": payloadRows({ apCount: 3, ueCount: 30, antennaCount: 64 }),
  };
  for (const [name, rows] of Object.entries(tables)) {
    written.push(...await writeTable(rows, joinPath(outDir, name), { provenance }));
  }
  return written;
}
