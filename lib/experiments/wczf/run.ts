/**
 * The WC-ZF study (Fig. 3a/3b and the ablations, notebook 03): every seed is one
 * evaluation episode, run with the main schemes plus the ablation variants (oracle and
 * AR(1) with T = 1, hold, random beams; with the shipped models, GenAI-DT with M = 1 and
 * 5, T = 1 and without the rare-event flag). Fig. 3a/3b pool the seeds' samples of the
 * main schemes; the tables give each metric's spread over seeds.
 *
 * @module
 */
import { fractionAbove, percentile, PLR_THRESHOLD } from "../../metrics/mod.ts";
import { classicalAblationSchemes, defaultSchemes, type SchemeFactory } from "../scheme_sets.ts";
import { legendOrder, type SchemeRegistry, SCHEMES } from "../schemes.ts";
import { type Spread, spread } from "../spread.ts";
import type { WczfStudyConfig } from "./config.ts";
import {
  mergeSchemeSamples,
  runWczfEvaluation,
  type SchemeSamples,
  summarizeSchemeSamples,
  type WczfEvaluation,
} from "./evaluation.ts";

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

/** Result of {@link runWczfStudy}. */
export interface WczfStudy {
  readonly config: WczfStudyConfig;
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

/** Options of {@link runWczfStudy} and {@link runWczfSeed}. */
export interface WczfStudyOptions {
  schemes?: SchemeFactory;
  extraSchemes?: SchemeFactory;
  ablations?: SchemeFactory;
  notes?: string[];
  onProgress?: (stage: string, done: number, total: number) => void;
}

/**
 * What one seed of the WC-ZF study produces (one episode, every scheme): the raw
 * per-scheme samples that {@link poolWczfStudy} pools. Plain data, so a shard of
 * `deno task figures --shard` can store it and `--merge` pool it.
 */
export interface WczfSeedResult {
  readonly seed: number;
  readonly samples: SchemeSamples[];
  readonly rareFraction: number;
  /** Schemes of the figures in this episode (the rest are ablation variants). */
  readonly mainSchemes: string[];
}

/**
 * Runs the WC-ZF evaluation of one seed of `config.episodeSeeds` with
 * `schemes + extraSchemes + ablations` (the per-seed work of {@link runWczfStudy}).
 *
 * @param config evaluation settings (see `wczfStudyConfig`).
 * @param index position of the seed in `config.episodeSeeds`.
 */
export async function runWczfSeed(
  config: WczfStudyConfig,
  index: number,
  options: WczfStudyOptions = {},
): Promise<WczfSeedResult> {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config must be an object, got ${config}`);
  }
  const seed = config.episodeSeeds[index];
  if (seed === undefined) {
    throw new RangeError(`index ${index} outside config.episodeSeeds (${config.episodeSeeds})`);
  }
  const main = options.schemes ?? defaultSchemes({ horizon: config.horizon });
  const ablations = options.ablations ?? classicalAblationSchemes();
  const mainNames = new Set<string>();
  const schemes: SchemeFactory = (episode) => {
    const m = [...main(episode), ...(options.extraSchemes?.(episode) ?? [])];
    for (const s of m) mainNames.add(s.name);
    return [...m, ...ablations(episode)];
  };
  const ev = await runWczfEvaluation({ ...config, episodeSeeds: [seed] }, {
    schemes,
    onProgress: (stage, d, t) =>
      options.onProgress?.(`WC-ZF seed ${index + 1}/${config.episodeSeeds.length} ${stage}`, d, t),
  });
  return { seed, samples: ev.samples, rareFraction: ev.rareFraction, mainSchemes: [...mainNames] };
}

/**
 * Pools the per-seed results (in `config.episodeSeeds` order) into the study: per-seed
 * rows, all samples pooled with their summary and gap closure. Pure.
 */
export function poolWczfStudy(
  config: WczfStudyConfig,
  results: readonly WczfSeedResult[],
  notes: string[] = [],
): WczfStudy {
  const seedRows: WczfSeedRow[] = [];
  const all: SchemeSamples[][] = [];
  const mainNames = new Set<string>();
  let rareSum = 0;
  for (const r of results) {
    for (const name of r.mainSchemes) mainNames.add(name);
    const { summary, gapClosure } = summarizeSchemeSamples(r.samples);
    all.push(r.samples);
    rareSum += r.rareFraction;
    seedRows.push(
      ...seedRowsOf(r.seed, {
        config: { ...config, episodeSeeds: [r.seed] },
        samples: r.samples,
        summary,
        gapClosure,
        rareFraction: r.rareFraction,
      }),
    );
  }
  const samples = mergeSchemeSamples(all);
  const { summary, gapClosure } = summarizeSchemeSamples(samples);
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
    mainSchemes: legendOrder(mainNames),
    notes,
  };
}

/**
 * Runs one WC-ZF evaluation per seed with `schemes + extraSchemes + ablations`
 * ({@link runWczfSeed} per seed, then {@link poolWczfStudy}).
 *
 * @param config evaluation settings (see `wczfStudyConfig`); one episode per seed.
 * @param options `schemes` (default: baseline, AR(1), oracle, genie ZF), `extraSchemes`
 *   (e.g. learned), `ablations` (default {@link classicalAblationSchemes}), `notes`,
 *   `onProgress`.
 */
export async function runWczfStudy(
  config: WczfStudyConfig,
  options: WczfStudyOptions = {},
): Promise<WczfStudy> {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config must be an object, got ${config}`);
  }
  const results: WczfSeedResult[] = [];
  for (const i of config.episodeSeeds.keys()) results.push(await runWczfSeed(config, i, options));
  return poolWczfStudy(config, results, options.notes ?? []);
}

function seedRowsOf(
  seed: number,
  ev: WczfEvaluation,
  registry: SchemeRegistry = SCHEMES,
): WczfSeedRow[] {
  const med = (x: number[]) => (x.length ? percentile(x, 0.5) : NaN);
  const base = ev.samples.find((s) => s.scheme === registry.baseline);
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
  result: WczfStudy,
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
export function ablationRows(result: WczfStudy) {
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

/**
 * Decision latency per scheme measured in-process (prediction + WC-ZF + power split,
 * one control-loop step), ms: median and p95 over all slots pooled, and the spread of
 * the per-seed medians.
 */
export function latencyRows(result: WczfStudy) {
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
