/**
 * Writes the power study: Fig. 3c, Fig. 3d, the trade-off figure and their tables.
 *
 * @module
 */
import { saveFigures, writeTables } from "../tables.ts";
import { powerHeadlineTable, powerStudyFigures, powerSummaryTable } from "./figures.ts";
import type { PowerStudy } from "./run.ts";

/** Writes the figures (SVG + PNG) and tables (CSV + JSON) under `outDir`. */
export async function savePowerStudy(
  study: PowerStudy,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const written: string[] = [];
  const provenance = {
    ...options.provenance,
    config: study.config,
    generative: study.generative,
    notes: [...((options.provenance?.notes as string[] | undefined) ?? []), ...study.notes],
  };
  written.push(...await saveFigures(powerStudyFigures(study), outDir, { metadata: provenance }));
  const tables: Record<string, readonly object[]> = {
    "power_per_seed": study.seedRows,
    "power_summary": powerSummaryTable(study),
    "power_headline": powerHeadlineTable(study),
    "power_battery": study.battery,
    "power_equal_qos": study.equalQos,
    "power_targets": study.targets,
    "power_reproduction": study.reproduction,
    "power_warnings": study.warnings,
    "power_notes": study.notes.map((note) => ({ note })),
  };
  written.push(...await writeTables(tables, outDir, { provenance }));
  return written;
}
