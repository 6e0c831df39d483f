/**
 * Fig. 3a/3b with the spread over seeds, and the ablations (beyond the paper), in one
 * pass: every seed is one WC-ZF evaluation episode, run with the main schemes plus the
 * ablation variants (oracle and AR(1) with T = 1; with the shipped models, GenAI-DT with
 * M = 1 and 5, T = 1 and without the rare-event flag). Fig. 3a/3b pool the seeds' samples
 * of the main schemes; the tables give each metric's spread over seeds.
 *
 * @module
 */
import { createRng, joinPath } from "../core/mod.ts";
import { fractionAbove, percentile, PLR_THRESHOLD } from "../metrics/mod.ts";
import { saveFigure } from "../plot/mod.ts";
import {
  createArPredictor,
  createHoldPredictor,
  createOraclePredictor,
  predictiveWczfScheme,
  randomBeamsScheme,
  type Scheme,
} from "../twin/mod.ts";
import { SCHEME_ORDER, type Spread, spread } from "./figures_common.ts";
import type { PresetName } from "./presets.ts";
import { writeTable } from "./tables.ts";
import {
  defaultSchemes,
  mergeSchemeSamples,
  runWczfEvaluation,
  type SchemeFactory,
  type SchemeSamples,
  summarizeSchemeSamples,
  type WczfEvaluation,
  type WczfEvaluationConfig,
  wczfEvaluationConfig,
} from "./wczf_evaluation.ts";
import { payloadRows, plrCdfFigure, sinrCdfFigure } from "./wczf_figures.ts";

/** The evaluation config for the figures: `count` seeds per preset, derived from `seed`. */
export function wczfSeedsConfig(
  preset: PresetName,
  options: { seed?: number } = {},
): WczfEvaluationConfig {
  const { seed = 1 } = options;
  const base = wczfEvaluationConfig(preset);
  // Short episodes get forced blockages so that every seed has rare-event samples
  // (see `forcedBlockagesPerEpisode`); 1 000-slot episodes reach the random rate.
  const sizes = {
    ci: { n: 2, first: 22, slots: 36, forced: 2 },
    cpu: { n: 5, first: 20, slots: 60, forced: 3 },
    paper: { n: 10, first: base.firstSlot, slots: 1000, forced: 0 },
  };
  const { n, first, slots, forced } = sizes[preset];
  return {
    ...base,
    firstSlot: first,
    slotCount: slots,
    forcedBlockagesPerEpisode: forced,
    episodeSeeds: Array.from({ length: n }, (_, i) => seed * 1000 + 100 + i),
  };
}

/**
 * Variants that need no training: the oracle and AR(1) WC-ZF with `T = 1`; hold (the
 * last synchronized CSI repeated over T = 5 slots, through the same WC-ZF and proactive
 * association as the predictive schemes: where a learned predictor anchored on the
 * last CSI would start); and random beams (the floor a predictor without phase
 * information falls to).
 */
export function classicalAblationSchemes(): SchemeFactory {
  return (episode): Scheme[] => [
    predictiveWczfScheme(createOraclePredictor(episode), { horizon: 1, name: "oracle T=1" }),
    predictiveWczfScheme(createArPredictor(), { horizon: 1, name: "classical-ar1 T=1" }),
    predictiveWczfScheme(createHoldPredictor(), { horizon: 5, name: "hold" }),
    randomBeamsScheme(createRng(episode.seed).stream("random-beams")),
  ];
}

/** Per-seed metrics of one scheme. */
export interface WczfSeedRow {
  seed: number;
  scheme: string;
  medianSinrDb: number;
  outage10SinrDb: number;
  rareMedianSinrDb: number;
  rareOutage10SinrDb: number;
  rareMedianGainOverBaselineDb: number;
  rareProbabilityPlrAbove5: number;
  /** Median per-UE rare-event PLR. */
  rareMedianPlr: number;
  /** 1 - median PLR / baseline's median PLR (rare events); NaN if the baseline's is 0. */
  rarePlrReduction: number;
  gapClosureOutage10Sinr: number;
  gapClosurePlrAbove5: number;
  medianStepMs: number;
  p95StepMs: number;
  medianPredictMs: number;
}

/** Result of {@link runWczfSeeds}. */
export interface WczfSeeds {
  readonly config: WczfEvaluationConfig;
  readonly seedRows: WczfSeedRow[];
  /** Samples of all seeds pooled, with summary and gap closure (Fig. 3a/3b). */
  readonly pooled: WczfEvaluation;
  /** Per seed (config order), that seed's samples of every scheme (the figures' bands). */
  readonly seedSamples: SchemeSamples[][];
  /** Schemes of the figures (the rest are ablation variants). */
  readonly mainSchemes: string[];
  /** Notes (e.g. learned schemes skipped). */
  readonly notes: string[];
}

/**
 * Runs one WC-ZF evaluation per seed with `schemes + extraSchemes + ablations`.
 *
 * @param config evaluation settings (see {@link wczfSeedsConfig}); one episode per seed.
 * @param options `schemes` (default: baseline, AR(1), oracle, genie ZF), `extraSchemes`
 *   (e.g. learned), `ablations` (default {@link classicalAblationSchemes}), `notes`,
 *   `onProgress`.
 */
export async function runWczfSeeds(
  config: WczfEvaluationConfig,
  options: {
    schemes?: SchemeFactory;
    extraSchemes?: SchemeFactory;
    ablations?: SchemeFactory;
    notes?: string[];
    onProgress?: (stage: string, done: number, total: number) => void;
  } = {},
): Promise<WczfSeeds> {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config must be an object, got ${config}`);
  }
  const main = options.schemes ?? defaultSchemes({ horizon: config.horizon });
  const ablations = options.ablations ?? classicalAblationSchemes();
  const mainNames = new Set<string>();
  const schemes: SchemeFactory = (episode) => {
    const m = [...main(episode), ...(options.extraSchemes?.(episode) ?? [])];
    for (const s of m) mainNames.add(s.name);
    return [...m, ...ablations(episode)];
  };
  const seedRows: WczfSeedRow[] = [];
  const all: SchemeSamples[][] = [];
  let rareSum = 0;
  for (const [i, seed] of config.episodeSeeds.entries()) {
    const ev = await runWczfEvaluation({ ...config, episodeSeeds: [seed] }, {
      schemes,
      onProgress: (stage, d, t) =>
        options.onProgress?.(`WC-ZF seed ${i + 1}/${config.episodeSeeds.length} ${stage}`, d, t),
    });
    all.push(ev.samples);
    rareSum += ev.rareFraction;
    seedRows.push(...seedRowsOf(seed, ev));
  }
  const samples = mergeSchemeSamples(all);
  const { summary, gapClosure } = summarizeSchemeSamples(samples);
  const order = (n: string) => {
    const i = SCHEME_ORDER.indexOf(n);
    return i < 0 ? SCHEME_ORDER.length : i;
  };
  return {
    config,
    seedRows,
    pooled: {
      config,
      samples,
      summary,
      gapClosure,
      rareFraction: rareSum / config.episodeSeeds.length,
    },
    seedSamples: all,
    mainSchemes: [...mainNames].sort((a, b) => order(a) - order(b)),
    notes: options.notes ?? [],
  };
}

function seedRowsOf(seed: number, ev: WczfEvaluation): WczfSeedRow[] {
  const med = (x: number[]) => (x.length ? percentile(x, 0.5) : NaN);
  const base = ev.samples.find((s) => s.scheme === "baseline");
  const baseMedPlr = base ? med(base.rarePlr) : NaN;
  return ev.summary.map((s) => {
    const samples = ev.samples.find((x) => x.scheme === s.scheme)!;
    const gap = ev.gapClosure.find((g) => g.scheme === s.scheme);
    const medPlr = med(samples.rarePlr);
    return {
      seed,
      scheme: s.scheme,
      medianSinrDb: s.medianSinrDb,
      outage10SinrDb: s.outage10SinrDb,
      rareMedianSinrDb: s.rareMedianSinrDb,
      rareOutage10SinrDb: s.rareOutage10SinrDb,
      rareMedianGainOverBaselineDb: s.rareMedianGainOverBaselineDb,
      rareProbabilityPlrAbove5: fractionAbove(samples.rarePlr, { threshold: PLR_THRESHOLD }),
      rareMedianPlr: medPlr,
      rarePlrReduction: baseMedPlr > 0 ? 1 - medPlr / baseMedPlr : NaN,
      gapClosureOutage10Sinr: gap?.outage10Sinr ?? NaN,
      gapClosurePlrAbove5: gap?.probabilityPlrAbove5 ?? NaN,
      medianStepMs: s.medianStepMs,
      p95StepMs: s.p95StepMs,
      medianPredictMs: med(samples.predictMs),
    };
  });
}

/** Spread over seeds of every numeric field of {@link WczfSeedRow}, per scheme. */
export function wczfSpreadRows(
  result: WczfSeeds,
  options: { schemes?: readonly string[] } = {},
): ({ scheme: string; metric: string } & Spread)[] {
  const names = options.schemes ?? [...new Set(result.seedRows.map((r) => r.scheme))];
  const metrics = Object.keys(result.seedRows[0] ?? {}).filter((k) =>
    k !== "seed" && k !== "scheme"
  ) as (keyof WczfSeedRow)[];
  return names.flatMap((scheme) => {
    const rows = result.seedRows.filter((r) => r.scheme === scheme);
    return metrics.map((metric) => ({
      scheme,
      metric,
      ...spread(rows.map((r) => r[metric] as number)),
    }));
  });
}

/** Ablation table: the rare-event metrics of every variant next to its reference. */
export function ablationRows(result: WczfSeeds) {
  const keep = [
    "rareMedianSinrDb",
    "rareOutage10SinrDb",
    "rareProbabilityPlrAbove5",
    "medianStepMs",
  ];
  return wczfSpreadRows(result)
    .filter((r) => keep.includes(r.metric))
    .map((r) => ({
      variant: r.scheme,
      kind: result.mainSchemes.includes(r.scheme) ? "reference" : "ablation",
      metric: r.metric,
      median: r.median,
      min: r.min,
      max: r.max,
      seeds: r.n,
    }));
}

/**
 * Fields measured with the wall clock: the only outputs that differ between two runs
 * with the same seed. They go to `latency.csv` (and the latency rows of the
 * reproduction table), never into the other tables.
 */
export const TIMING_FIELDS = ["medianStepMs", "p95StepMs", "medianPredictMs"] as const;

function withoutTiming<T extends object>(row: T): Partial<T> {
  const out = { ...row } as Record<string, unknown>;
  for (const f of TIMING_FIELDS) delete out[f];
  return out as Partial<T>;
}

/**
 * Decision latency per scheme measured in-process (prediction + WC-ZF + power split,
 * one control-loop step), ms: median and p95 over all slots pooled, and the spread of
 * the per-seed medians.
 */
export function latencyRows(result: WczfSeeds) {
  return result.pooled.summary.map((s) => {
    const per = spread(
      result.seedRows.filter((r) => r.scheme === s.scheme).map((r) => r.medianStepMs),
    );
    const samples = result.pooled.samples.find((x) => x.scheme === s.scheme)!;
    return {
      scheme: s.scheme,
      medianStepMs: s.medianStepMs,
      p95StepMs: s.p95StepMs,
      medianPredictMs: samples.predictMs.length ? percentile(samples.predictMs, 0.5) : NaN,
      seedMedianMinMs: per.min,
      seedMedianMaxMs: per.max,
      slots: samples.stepMs.length,
    };
  });
}

/** Writes Fig. 3a/3b (pooled over seeds, main schemes), spread, ablation and payload tables. */
export async function saveWczfSeeds(
  result: WczfSeeds,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const written: string[] = [];
  const main = (list: readonly SchemeSamples[]) =>
    list.filter((s) => result.mainSchemes.includes(s.scheme));
  const samples = main(result.pooled.samples);
  const perSeed = result.seedSamples.map(main);
  const n = result.config.episodeSeeds.length;
  const figures = {
    "fig3a_sinr_cdf_rare_events": sinrCdfFigure(samples, {
      title: `Post-beamforming SINR under rare events (Fig. 3a), ${n} seeds`,
      perSeed,
    }),
    "fig3a_sinr_cdf_all": sinrCdfFigure(samples, { rare: false, perSeed }),
    "fig3b_plr_cdf_rare_events": plrCdfFigure(samples, {
      title: `Per-UE packet-loss rate under rare events (Fig. 3b), ${n} seeds`,
      perSeed,
    }),
  };
  const provenance = {
    ...options.provenance,
    config: result.config,
    rareFraction: result.pooled.rareFraction,
    notes: result.notes,
  };
  for (const [name, figure] of Object.entries(figures)) {
    const { svgPath, pngPath } = await saveFigure(figure, joinPath(outDir, name), {
      metadata: provenance,
    });
    written.push(svgPath, pngPath);
  }
  const timing = new Set<string>(TIMING_FIELDS);
  const tables: Record<string, readonly object[]> = {
    "wczf_summary": result.pooled.summary.map((r) => withoutTiming(r)),
    "wczf_gap_closure": result.pooled.gapClosure,
    "wczf_seeds": result.seedRows.map((r) => withoutTiming(r)),
    "wczf_spread": wczfSpreadRows(result, { schemes: result.mainSchemes })
      .filter((r) => !timing.has(r.metric)),
    "ablations": ablationRows(result).filter((r) => !timing.has(r.metric)),
    "latency": latencyRows(result),
    "wczf_payload": payloadRows({ apCount: 3, ueCount: 30, antennaCount: 64 }),
  };
  for (const [name, rows] of Object.entries(tables)) {
    written.push(...await writeTable(rows, joinPath(outDir, name), { provenance }));
  }
  return written;
}
