/**
 * Writes the WC-ZF study: Fig. 3a/3b, the summary, gap-closure, per-seed, spread,
 * ablation, latency and payload tables.
 *
 * @module
 */
import { DEFAULT_EPISODE_CONFIG } from "../../mobility/mod.ts";
import type { Scene } from "../../scene/mod.ts";
import { loadStudyScene } from "../scene_source.ts";
import { saveFigures, writeTables } from "../tables.ts";
import type { WczfStudyConfig } from "./config.ts";
import { payloadRows, wczfStudyFigures } from "./figures.ts";
import { ablationRows, latencyRows, TIMING_FIELDS, wczfSpreadRows, type WczfStudy } from "./run.ts";

function withoutTiming<T extends object>(row: T): Partial<T> {
  const out = { ...row } as Record<string, unknown>;
  for (const f of TIMING_FIELDS) delete out[f];
  return out as Partial<T>;
}

/**
 * The sizes the control payload is computed for: the scene's AP count and largest array,
 * the episodes' UE count (the office: A = 3, K = 30, Nt = 64, as in the paper).
 *
 * @param scene the study's scene.
 * @param config the study config (its `episode.ueCount`, else the default).
 * @returns `{ apCount, ueCount, antennaCount }`.
 */
export function payloadDims(
  scene: Scene,
  config: Pick<WczfStudyConfig, "episode">,
): { apCount: number; ueCount: number; antennaCount: number } {
  return {
    apCount: scene.accessPoints.length,
    ueCount: config.episode?.ueCount ?? DEFAULT_EPISODE_CONFIG.ueCount,
    antennaCount: Math.max(
      ...scene.accessPoints.map((ap) => ap.array.horizontal * ap.array.vertical),
    ),
  };
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
    "wczf_payload": payloadRows(payloadDims(await loadStudyScene(result.config), result.config)),
  };
  written.push(...await writeTables(tables, outDir, { provenance }));
  return written;
}
