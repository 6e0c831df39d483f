/**
 * Writes the WC-ZF study: Fig. 3a/3b, the summary, gap-closure, per-seed, spread,
 * ablation, latency and payload tables.
 *
 * @module
 */
import { PAPER_SETUP } from "../../core/mod.ts";
import { saveFigures, writeTables } from "../tables.ts";
import { payloadRows, wczfStudyFigures } from "./figures.ts";
import { ablationRows, latencyRows, TIMING_FIELDS, wczfSpreadRows, type WczfStudy } from "./run.ts";

function withoutTiming<T extends object>(row: T): Partial<T> {
  const out = { ...row } as Record<string, unknown>;
  for (const f of TIMING_FIELDS) delete out[f];
  return out as Partial<T>;
}

/**
 * Writes every figure (SVG + PNG) and table (CSV + JSON) of the study under `outDir`.
 * Wall-clock timings go to `latency` only, so every other output is a pure function of
 * the config.
 *
 * @returns the written paths.
 */
export async function saveWczfStudy(
  result: WczfStudy,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const written: string[] = [];
  const provenance = {
    ...options.provenance,
    config: result.config,
    rareFraction: result.pooled.rareFraction,
    notes: result.notes,
  };
  written.push(...await saveFigures(wczfStudyFigures(result), outDir, { metadata: provenance }));
  const timing = new Set<string>(TIMING_FIELDS);
  const tables: Record<string, readonly object[]> = {
    "wczf_summary": result.pooled.summary.map((r) => withoutTiming(r)),
    "wczf_gap_closure": result.pooled.gapClosure,
    "wczf_seeds": result.seedRows.map((r) => withoutTiming(r)),
    "wczf_spread": wczfSpreadRows(result, { schemes: result.mainSchemes })
      .filter((r) => !timing.has(r.metric)),
    "ablations": ablationRows(result).filter((r) => !timing.has(r.metric)),
    "latency": latencyRows(result),
    "wczf_payload": payloadRows({
      apCount: PAPER_SETUP.apCount,
      ueCount: PAPER_SETUP.ueCount,
      antennaCount: PAPER_SETUP.upaRows * PAPER_SETUP.upaCols,
    }),
  };
  written.push(...await writeTables(tables, outDir, { provenance }));
  return written;
}
