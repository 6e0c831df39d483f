/**
 * SINR recovery after a blockage (paper Fig. 4): per seed, a quiet episode (no random
 * blockages, no hotspot; UEs, carriers and background walkers still move) with one
 * blockage forced on a chosen UE, every scheme through the control loop, the UE's SINR
 * trace per scheme, and `T_rec` and the drop depth from `blockageRecovery` (the same
 * definition for every scheme: recovered when the SINR, smoothed over
 * `recoverySmoothingMs` (30 ms), stays within 1 dB of its mean over the 50 ms before
 * the onset for `recoveryHoldMs` (100 ms); "until the end of the trace" would report
 * the last of the ±3-5 dB slot-to-slot dips that stale beams show anyway, and grow with
 * the trace length).
 *
 * Timing: the onset (`t = 250 ms`, slot 25) is `edgeLeadSlots` (5) slots before the
 * walker's leading edge reaches the UE's serving ray, when knife-edge diffraction
 * starts to attenuate it (about 1-2 dB); the shadow then deepens over ~10 slots.
 * The UE of each seed is drawn from the seed's "recovery-ue" stream.
 *
 * @module
 */
import { assertInteger, createRng, joinPath } from "../core/mod.ts";
import { blockageRecovery } from "../metrics/mod.ts";
import { simulateEpisode } from "../mobility/mod.ts";
import { type Figure, Plot, renderPlot, saveFigure } from "../plot/mod.ts";
import { loadNamedScene } from "../scene/mod.ts";
import { runControlLoop } from "../twin/mod.ts";
import { PAPER_MARKER, schemeColorScale, type Spread, spread } from "./figures_common.ts";
import type { PresetName } from "./presets.ts";
import { writeTable } from "./tables.ts";
import { defaultSchemes, type SchemeFactory } from "./wczf_evaluation.ts";

/** Settings of the recovery study. */
export interface RecoveryStudyConfig {
  readonly sceneName: string;
  readonly seeds: readonly number[];
  readonly ueCount: number;
  /** Blockage onset slot (25 = 250 ms with 10 ms slots). */
  readonly onsetSlot: number;
  /** Slots from the onset to the walker's leading edge reaching the ray. */
  readonly edgeLeadSlots: number;
  /** Slots simulated after the onset. */
  readonly tailSlots: number;
  /** First controlled slot (history before it). */
  readonly firstSlot: number;
  readonly horizon: number;
  readonly maxReflectionOrder: number;
  /** How long the SINR must stay in the 1 dB band to count as recovered, ms. */
  readonly recoveryHoldMs: number;
  /** Trailing-mean window of the SINR (dB) for the band test, ms. */
  readonly recoverySmoothingMs: number;
}

/**
 * The study's settings per preset.
 *
 * @example
 * ```ts
 * import { recoveryStudyConfig } from "./recovery_study.ts";
 * if (recoveryStudyConfig("cpu").seeds.length < 5) throw new Error(">= 5 seeds");
 * ```
 */
export function recoveryStudyConfig(
  preset: PresetName,
  options: { seed?: number } = {},
): RecoveryStudyConfig {
  const { seed = 1 } = options;
  const seeds = (n: number) => Array.from({ length: n }, (_, i) => seed * 1000 + 500 + i);
  const base = {
    sceneName: "office",
    ueCount: 30,
    onsetSlot: 25,
    edgeLeadSlots: 5,
    horizon: 5,
    recoveryHoldMs: 100,
    recoverySmoothingMs: 30,
  };
  switch (preset) {
    case "ci":
      return { ...base, seeds: seeds(2), tailSlots: 25, firstSlot: 12, maxReflectionOrder: 1 };
    case "cpu":
      return { ...base, seeds: seeds(5), tailSlots: 60, firstSlot: 10, maxReflectionOrder: 2 };
    case "paper":
      return { ...base, seeds: seeds(20), tailSlots: 75, firstSlot: 10, maxReflectionOrder: 2 };
  }
}

/** One slot of a UE's trace. */
export interface RecoveryTraceRow {
  seed: number;
  ue: number;
  scheme: string;
  /** Time, ms (slot x 10 ms). */
  timeMs: number;
  sinrDb: number;
  /** SINR minus the pre-blockage level of this scheme, dB. */
  relativeDb: number;
}

/** `T_rec` and depth of one (seed, scheme). */
export interface RecoveryRow {
  seed: number;
  ue: number;
  scheme: string;
  /** `T_rec`, ms (`Infinity`: not recovered within the trace). */
  recoveryMs: number;
  dropDb: number;
  preLevelDb: number;
  /** Peak body loss on the UE's serving ray after the onset, dB (how hard it was hit). */
  peakBodyLossDb: number;
}

/** Spread over seeds per scheme. */
export interface RecoverySummaryRow {
  scheme: string;
  recoveryMs: Spread;
  dropDb: Spread;
  /** Seeds whose SINR recovered within the trace. */
  recovered: number;
  seeds: number;
}

/** The paper's Fig. 4 values. */
export const PAPER_RECOVERY: readonly { scheme: string; recoveryMs: number; dropDb?: number }[] = [
  { scheme: "baseline", recoveryMs: 140 },
  { scheme: "lstm-dt", recoveryMs: 90 },
  { scheme: "genai-dt", recoveryMs: 40, dropDb: 8 },
];

/** Result of {@link runRecoveryStudy}. */
export interface RecoveryStudy {
  readonly config: RecoveryStudyConfig;
  readonly traces: RecoveryTraceRow[];
  readonly recovery: RecoveryRow[];
  readonly summary: RecoverySummaryRow[];
}

/**
 * Runs the study: one forced-blockage episode per seed, every scheme.
 *
 * @param config see {@link recoveryStudyConfig}.
 * @param options `schemes` (default: baseline, AR(1), oracle, genie ZF), `extraSchemes`,
 *   `onProgress(stage, done, total)`.
 */
export async function runRecoveryStudy(
  config: RecoveryStudyConfig,
  options: {
    schemes?: SchemeFactory;
    extraSchemes?: SchemeFactory;
    onProgress?: (stage: string, done: number, total: number) => void;
  } = {},
): Promise<RecoveryStudy> {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config must be an object, got ${config}`);
  }
  assertInteger("config.onsetSlot", config.onsetSlot, { min: config.firstSlot + 1 });
  assertInteger("config.tailSlots", config.tailSlots, { min: 2 });
  if (!config.seeds.length) throw new RangeError("config.seeds must not be empty");
  const scene = await loadNamedScene(config.sceneName);
  const makeSchemes = options.schemes ?? defaultSchemes({ horizon: config.horizon });
  const traces: RecoveryTraceRow[] = [];
  const recovery: RecoveryRow[] = [];
  const slotCount = config.onsetSlot + config.tailSlots;
  for (const [i, seed] of config.seeds.entries()) {
    const ue = createRng(seed).stream("recovery-ue").integer(config.ueCount);
    const episode = simulateEpisode(scene, {
      slotCount,
      ueCount: config.ueCount,
      maxReflectionOrder: config.maxReflectionOrder,
      blockageProbabilityPerSlot: 0,
      hotspotProbability: 0,
      forcedBlockages: [{ slot: config.onsetSlot + config.edgeLeadSlots, ue }],
    }, seed);
    const schemes = [...makeSchemes(episode), ...(options.extraSchemes?.(episode) ?? [])];
    const result = await runControlLoop(episode, schemes, { firstSlot: config.firstSlot });
    const k = episode.ueCount;
    const slotMs = episode.slotDurationS * 1000;
    let peakLoss = 0;
    for (let s = config.onsetSlot; s < slotCount; s++) {
      peakLoss = Math.max(peakLoss, episode.servingBodyLossDb?.[s * k + ue] ?? NaN);
    }
    for (const trace of result.traces) {
      const sinr = Array.from(result.slots, (_, j) => trace.sinrDb[j * k + ue]);
      const r = blockageRecovery(sinr, {
        slotMs,
        onsetIndex: config.onsetSlot - config.firstSlot,
        holdMs: config.recoveryHoldMs,
        smoothingMs: config.recoverySmoothingMs,
      });
      recovery.push({
        seed,
        ue,
        scheme: trace.scheme,
        recoveryMs: r.recoveryMs,
        dropDb: r.dropDb,
        preLevelDb: r.preLevelDb,
        peakBodyLossDb: peakLoss,
      });
      result.slots.forEach((slot, j) =>
        traces.push({
          seed,
          ue,
          scheme: trace.scheme,
          timeMs: slot * slotMs,
          sinrDb: sinr[j],
          relativeDb: sinr[j] - r.preLevelDb,
        })
      );
    }
    options.onProgress?.("recovery time", i + 1, config.seeds.length);
  }
  return { config, traces, recovery, summary: summarizeRecovery(recovery) };
}

/** Spread over seeds of `T_rec` and the drop depth per scheme. */
export function summarizeRecovery(rows: readonly RecoveryRow[]): RecoverySummaryRow[] {
  const names = [...new Set(rows.map((r) => r.scheme))];
  return names.map((scheme) => {
    const g = rows.filter((r) => r.scheme === scheme);
    return {
      scheme,
      recoveryMs: spread(g.map((r) => r.recoveryMs)),
      dropDb: spread(g.map((r) => r.dropDb)),
      recovered: g.filter((r) => Number.isFinite(r.recoveryMs)).length,
      seeds: g.length,
    };
  });
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
    paperRecoveryMs: PAPER_RECOVERY.find((p) => p.scheme === s.scheme)?.recoveryMs ?? NaN,
    paperDropDb: PAPER_RECOVERY.find((p) => p.scheme === s.scheme)?.dropDb ?? NaN,
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
  const onsetMs = study.config.onsetSlot * 10;
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
  const tailMs = (study.config.tailSlots) * 10;
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
  const paper = [...PAPER_RECOVERY];
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

/** Writes Fig. 4 (trace, T_rec) and the tables under `outDir`. */
export async function saveRecoveryStudy(
  study: RecoveryStudy,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const written: string[] = [];
  const figures = {
    "fig4_sinr_trace": recoveryTraceFigure(study),
    "fig4_recovery_time": recoveryTimeFigure(study),
  };
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
