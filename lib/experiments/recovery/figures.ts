/**
 * Fig. 4: the SINR trace around a blockage per scheme and the recovery time `T_rec` per
 * scheme over seeds, with the paper's values as reference marks; and the summary rows.
 *
 * @module
 */
import {
  PAPER_RESULTS,
  PAPER_SLOT_MS,
  type PaperSchemeId,
  type PaperValue,
} from "../../core/mod.ts";
import { type Figure, Plot, renderPlot } from "../../plot/mod.ts";
import { PAPER_MARKER, schemeColorScale } from "../schemes.ts";
import type { RecoveryRow, RecoveryStudy } from "./run.ts";

/** The paper's value of a scheme in one of its per-scheme records, NaN where it gives none. */
function paperValue(
  record: Readonly<Partial<Record<PaperSchemeId, PaperValue>>>,
  scheme: string,
): number {
  return record[scheme as PaperSchemeId]?.low ?? NaN;
}

/** The paper's Fig. 4 values as rows `{ scheme, recoveryMs }`, in the paper's order. */
export function paperRecoveryRows(): { scheme: string; recoveryMs: number }[] {
  return Object.entries(PAPER_RESULTS.recoveryMs).map(([scheme, v]) => ({
    scheme,
    recoveryMs: v!.low,
  }));
}

/** Flat summary rows for tables. */
export function recoverySummaryTable(study: RecoveryStudy) {
  return study.summary.map((s) => ({
    scheme: s.scheme,
    medianRecoveryMs: s.recoveryMs.median,
    q25RecoveryMs: s.recoveryMs.q25,
    q75RecoveryMs: s.recoveryMs.q75,
    minRecoveryMs: s.recoveryMs.min,
    maxRecoveryMs: s.recoveryMs.max,
    medianDropDb: s.dropDb.median,
    minDropDb: s.dropDb.min,
    maxDropDb: s.dropDb.max,
    recovered: s.recovered,
    seeds: s.seeds,
    paperRecoveryMs: paperValue(PAPER_RESULTS.recoveryMs, s.scheme),
    paperDropDb: paperValue(PAPER_RESULTS.blockageDropDb, s.scheme),
  }));
}

/** Fig. 4: the SINR trace of one seed's blocked UE per scheme, onset marked. */
export function recoveryTraceFigure(
  study: RecoveryStudy,
  options: { seed?: number; title?: string } = {},
): Figure {
  const seed = options.seed ?? study.config.seeds[0];
  const rows = study.traces.filter((r) => r.seed === seed);
  const ue = rows[0]?.ue;
  const onsetMs = study.config.onsetSlot * PAPER_SLOT_MS;
  const rec = study.recovery
    .filter((r) => r.seed === seed && Number.isFinite(r.recoveryMs))
    .map((r) => ({ ...r, timeMs: onsetMs + r.recoveryMs }));
  return renderPlot({
    title: options.title ?? `SINR around a blockage at t = ${onsetMs} ms (Fig. 4)`,
    subtitle: `seed ${seed}, UE ${ue}; dots: recovery (${study.config.recoverySmoothingMs} ms ` +
      `mean back within 1 dB of the 50 ms pre-onset mean for ${study.config.recoveryHoldMs} ms)`,
    width: 680,
    height: 380,
    x: { label: "time (ms)", grid: true },
    y: { label: "SINR of the blocked UE (dB)", grid: true },
    color: schemeColorScale(rows.map((r) => r.scheme)),
    marks: [
      Plot.ruleX([onsetMs], { stroke: "#444", strokeDasharray: "4,3" }),
      Plot.line(rows, { x: "timeMs", y: "sinrDb", stroke: "scheme" }),
      Plot.dot(rec, {
        x: "timeMs",
        y: (r: RecoveryRow) => r.preLevelDb - 1,
        fill: "scheme",
        r: 4,
      }),
    ],
  });
}

/**
 * `T_rec` per scheme: one dot per seed (not recovered: at the right edge, hollow), the
 * median as a tick; the paper's values as hollow diamonds.
 */
export function recoveryTimeFigure(study: RecoveryStudy, options: { title?: string } = {}): Figure {
  const tailMs = study.config.tailSlots * PAPER_SLOT_MS;
  const rows = study.recovery.map((r) => ({
    ...r,
    shownMs: Number.isFinite(r.recoveryMs) ? r.recoveryMs : tailMs,
    recovered: Number.isFinite(r.recoveryMs),
  }));
  const medians = study.summary.map((s) => ({
    scheme: s.scheme,
    median: Number.isFinite(s.recoveryMs.median) ? s.recoveryMs.median : tailMs,
  }));
  const names = rows.map((r) => r.scheme);
  const domain = schemeColorScale(names).domain;
  const paper = paperRecoveryRows();
  return renderPlot({
    title: options.title ?? "Recovery time T_rec per scheme (Fig. 4)",
    subtitle: `${study.config.seeds.length} seeds (one blocked UE each); dots: ours, ticks: median`,
    caption: `T_rec: SINR (${study.config.recoverySmoothingMs} ms trailing mean) back within ` +
      `1 dB of its pre-onset level for ${study.config.recoveryHoldMs} ms. ` +
      `Hollow dots at ${tailMs} ms: not recovered within the trace. ` +
      `Hollow diamonds: the paper's values (not our data).`,
    width: 680,
    height: 60 + 40 * new Set([...domain, ...paper.map((p) => p.scheme)]).size,
    marginLeft: 100,
    x: { label: "T_rec (ms)", grid: true, domain: [0, tailMs] },
    y: { label: null, domain: [...new Set([...domain, ...paper.map((p) => p.scheme)])] },
    color: schemeColorScale([...names, ...paper.map((p) => p.scheme)]),
    marks: [
      Plot.dot(rows.filter((r) => r.recovered), {
        x: "shownMs",
        y: "scheme",
        fill: "scheme",
        r: 3.5,
      }),
      Plot.dot(rows.filter((r) => !r.recovered), {
        x: "shownMs",
        y: "scheme",
        stroke: "scheme",
        r: 3.5,
      }),
      Plot.tickX(medians, { x: "median", y: "scheme", stroke: "scheme", strokeWidth: 2.5 }),
      Plot.dot(paper, { x: "recoveryMs", y: "scheme", stroke: "black", ...PAPER_MARKER }),
      Plot.text(paper, {
        x: "recoveryMs",
        y: "scheme",
        text: (p: { recoveryMs: number }) => `paper ${p.recoveryMs} ms`,
        dy: -12,
        fontSize: 9,
      }),
    ],
  });
}

/** The study's figures by file name. */
export function recoveryStudyFigures(study: RecoveryStudy): Record<string, Figure> {
  return {
    "fig4_sinr_trace": recoveryTraceFigure(study),
    "fig4_recovery_time": recoveryTimeFigure(study),
  };
}
