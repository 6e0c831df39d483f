/**
 * Writes the recovery study: Fig. 4 (trace, T_rec) and the per-seed, trace and summary
 * tables.
 *
 * @module
 */
import { joinPath } from "../../core/mod.ts";
import { saveFigure } from "../../plot/mod.ts";
import { writeTable } from "../tables.ts";
import { recoveryStudyFigures, recoverySummaryTable } from "./figures.ts";
import type { RecoveryStudy } from "./run.ts";

/** Writes Fig. 4 (trace, T_rec) and the tables under `outDir`. */
export async function saveRecoveryStudy(
  study: RecoveryStudy,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const written: string[] = [];
  const figures = recoveryStudyFigures(study);
  const provenance = { ...options.provenance, config: study.config };
  for (const [name, figure] of Object.entries(figures)) {
    const { svgPath, pngPath } = await saveFigure(figure, joinPath(outDir, name), {
      metadata: provenance,
    });
    written.push(svgPath, pngPath);
  }
  const tables: Record<string, readonly object[]> = {
    "recovery_traces": study.traces,
    "recovery_per_seed": study.recovery,
    "recovery_summary": recoverySummaryTable(study),
  };
  for (const [name, rows] of Object.entries(tables)) {
    written.push(...await writeTable(rows, joinPath(outDir, name), { provenance }));
  }
  return written;
}
