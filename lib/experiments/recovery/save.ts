/**
 * Writes the recovery study: Fig. 4 (trace, T_rec) and the per-seed, trace and summary
 * tables.
 *
 * @module
 */
import { saveFigures, writeTables } from "../tables.ts";
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
  written.push(...await saveFigures(figures, outDir, { metadata: provenance }));
  const tables: Record<string, readonly object[]> = {
    "recovery_traces": study.traces,
    "recovery_per_seed": study.recovery,
    "recovery_summary": recoverySummaryTable(study),
  };
  written.push(...await writeTables(tables, outDir, { provenance }));
  return written;
}
