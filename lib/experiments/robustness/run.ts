/**
 * The robustness study: the WC-ZF evaluation (T = 1) rerun under each condition of
 * {@link RobustnessStudyConfig.conditions} (per-path phase jitter, reflection order 5,
 * noisy CSI, UE oscillator phase), so the gains do not rest on an idealized
 * synthesizer. The metric is the rare-event median SINR gain over the baseline under
 * the same condition, per seed, then its median / min / max over seeds and the gain of
 * all seeds' samples pooled.
 *
 * @module
 */
import { createLinearPredictor, predictiveWczfScheme } from "../../twin/mod.ts";
import { defaultSchemes, LINEAR_DEFAULTS, type SchemeFactory } from "../scheme_sets.ts";
import { legendOrder, SCHEME_IDS, variantId } from "../schemes.ts";
import { spread } from "../spread.ts";
import {
  mergeSchemeSamples,
  runWczfEvaluation,
  type SchemeSamples,
  summarizeSchemeSamples,
} from "../wczf/mod.ts";
import type { RobustnessStudyConfig } from "./config.ts";

/** Gain of one scheme on one seed under one condition. */
export interface RobustnessSeedRow {
  condition: string;
  seed: number;
  scheme: string;
  /** Rare-event median SINR of the scheme minus the baseline's (same condition, seed), dB. */
  rareMedianGainDb: number;
  /** Rare-event median SINR of the scheme, dB. */
  rareMedianSinrDb: number;
}

/** One row of the robustness table: a scheme under a condition, gains in dB. */
export interface RobustnessRow {
  condition: string;
  scheme: string;
  /** Median over seeds of the per-seed rare-event median SINR gain over the baseline, dB. */
  medianGainDb: number;
  /** Smallest per-seed gain, dB. */
  minGainDb: number;
  /** Largest per-seed gain, dB. */
  maxGainDb: number;
  /** Seeds with rare-event samples (NaN gains dropped). */
  seeds: number;
  /** The gain of all seeds' rare-event samples pooled, dB. */
  pooledGainDb: number;
}

/** Result of {@link runRobustnessStudy}. */
export interface RobustnessStudy {
  readonly config: RobustnessStudyConfig;
  /** Per (condition, seed, scheme), in config order. */
  readonly seedRows: RobustnessSeedRow[];
  /** Per (condition, scheme): the table. */
  readonly rows: RobustnessRow[];
  /** The schemes run, in legend order. */
  readonly schemes: string[];
  /** Per condition, the fraction of evaluated UE-slots that were rare-event samples (mean over seeds). */
  readonly rareFraction: Record<string, number>;
  /** How to read the table (which schemes stay exact, what the gain is relative to). */
  readonly notes: string[];
}

/**
 * The variant the study adds to the default schemes: linear prediction without phase
 * alignment (`"linear-prediction align off"`, built as in `classicalAblationSchemes`),
 * which shows what alignment buys under the oscillator-phase condition.
 */
export function robustnessVariantSchemes(options: { horizon?: number } = {}): SchemeFactory {
  const { horizon = 1 } = options;
  return () => [
    predictiveWczfScheme(createLinearPredictor({ ...LINEAR_DEFAULTS, alignPhase: false }), {
      horizon,
      name: variantId(SCHEME_IDS.linearPrediction, "align off"),
    }),
  ];
}

/** The notes every robustness table carries. */
export const ROBUSTNESS_NOTES: readonly string[] = Object.freeze([
  "gain: rare-event median SINR of the scheme minus the baseline's under the same condition " +
  "and seed, dB; median / min / max over seeds; pooled: over all seeds' samples pooled",
  "CSI SNR: every scheme, the baseline included, decides on the same noisy history; " +
  "genie ZF and the oracle read the episode directly and stay exact (their gain grows as " +
  "the baseline degrades); true-next+scenarios keeps the true next slot and takes its " +
  "scenario spread from the noisy history",
  "jitter: every tracked path's phase follows a random walk of sigma rad per slot in the " +
  "true channels, so it reaches every scheme, the exact ones included",
  "oscillator: a random common phase per UE and slot in the stored channels (SINR is blind " +
  "to it); linear prediction aligns phases, 'linear-prediction align off' shows what that " +
  "buys; true-next+scenarios' spread then lives in the aligned frame, rotated against the " +
  "true rows",
]);

/** Options of {@link runRobustnessStudy} and {@link runRobustnessUnit}. */
export interface RobustnessStudyOptions {
  schemes?: SchemeFactory;
  extraSchemes?: SchemeFactory;
  variants?: SchemeFactory;
  notes?: readonly string[];
  onProgress?: (stage: string, done: number, total: number) => void;
}

/**
 * What one (condition, seed) of the robustness study produces: the raw per-scheme
 * samples of its WC-ZF evaluation, pooled by {@link poolRobustnessStudy}. Plain data,
 * so a shard of `deno task figures --shard` can store it.
 */
export interface RobustnessUnitResult {
  readonly condition: string;
  readonly seed: number;
  readonly samples: SchemeSamples[];
  readonly rareFraction: number;
}

function validateRobustness(config: RobustnessStudyConfig): void {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config must be an object, got ${config}`);
  }
  if (!Array.isArray(config.conditions) || config.conditions.length === 0) {
    throw new RangeError(`config.conditions must be a non-empty array, got ${config.conditions}`);
  }
  const names = config.conditions.map((c) => c.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) {
    throw new RangeError(`config.conditions: condition "${repeated}" is repeated`);
  }
}

/**
 * Runs the WC-ZF evaluation of one condition and one seed (the per-seed work of
 * {@link runRobustnessStudy}).
 *
 * @param config see `robustnessStudyConfig`.
 * @param conditionIndex position in `config.conditions`.
 * @param seedIndex position in `config.evaluation.episodeSeeds`.
 */
export async function runRobustnessUnit(
  config: RobustnessStudyConfig,
  conditionIndex: number,
  seedIndex: number,
  options: RobustnessStudyOptions = {},
): Promise<RobustnessUnitResult> {
  validateRobustness(config);
  const { evaluation } = config;
  const condition = config.conditions[conditionIndex];
  const seeds = evaluation.episodeSeeds;
  const seed = seeds[seedIndex];
  if (condition === undefined || seed === undefined) {
    throw new RangeError(
      `(condition ${conditionIndex}, seed ${seedIndex}) outside the config ` +
        `(${config.conditions.length} conditions, ${seeds.length} seeds)`,
    );
  }
  const main = options.schemes ?? defaultSchemes({ horizon: evaluation.horizon });
  const variants = options.variants ?? robustnessVariantSchemes({ horizon: evaluation.horizon });
  const schemes: SchemeFactory = (episode) => [
    ...main(episode),
    ...(options.extraSchemes?.(episode) ?? []),
    ...variants(episode),
  ];
  const ev = await runWczfEvaluation({
    ...evaluation,
    episodeSeeds: [seed],
    episode: { ...evaluation.episode, ...condition.episode },
    estimationSnrDb: condition.estimationSnrDb,
  }, {
    schemes,
    onProgress: (stage, d, t) =>
      options.onProgress?.(
        `robustness ${conditionIndex + 1}/${config.conditions.length} "${condition.name}" seed ` +
          `${seedIndex + 1}/${seeds.length} ${stage}`,
        d,
        t,
      ),
  });
  return { condition: condition.name, seed, samples: ev.samples, rareFraction: ev.rareFraction };
}

/**
 * Pools the (condition, seed) results, conditions in config order and seeds in
 * `config.evaluation.episodeSeeds` order within each, into the study. Pure.
 */
export function poolRobustnessStudy(
  config: RobustnessStudyConfig,
  results: readonly RobustnessUnitResult[],
  notes: readonly string[] = [],
): RobustnessStudy {
  validateRobustness(config);
  const seedRows: RobustnessSeedRow[] = [];
  const rows: RobustnessRow[] = [];
  const rareFraction: Record<string, number> = {};
  const seen = new Set<string>();
  const seeds = config.evaluation.episodeSeeds;
  for (const condition of config.conditions) {
    const units = results.filter((r) => r.condition === condition.name);
    const perSeed: SchemeSamples[][] = [];
    let rare = 0;
    for (const unit of units) {
      perSeed.push(unit.samples);
      rare += unit.rareFraction;
      for (const s of summarizeSchemeSamples(unit.samples).summary) {
        seen.add(s.scheme);
        seedRows.push({
          condition: condition.name,
          seed: unit.seed,
          scheme: s.scheme,
          rareMedianGainDb: s.rareMedianGainOverBaselineDb,
          rareMedianSinrDb: s.rareMedianSinrDb,
        });
      }
    }
    rareFraction[condition.name] = rare / seeds.length;
    const pooled = summarizeSchemeSamples(mergeSchemeSamples(perSeed)).summary;
    for (const p of pooled) {
      const gains = spread(
        seedRows
          .filter((r) => r.condition === condition.name && r.scheme === p.scheme)
          .map((r) => r.rareMedianGainDb),
      );
      rows.push({
        condition: condition.name,
        scheme: p.scheme,
        medianGainDb: gains.median,
        minGainDb: gains.min,
        maxGainDb: gains.max,
        seeds: gains.n,
        pooledGainDb: p.rareMedianGainOverBaselineDb,
      });
    }
  }
  return {
    config,
    seedRows,
    rows,
    schemes: legendOrder(seen),
    rareFraction,
    notes: [...ROBUSTNESS_NOTES, ...(notes ?? [])],
  };
}

/**
 * Runs the WC-ZF evaluation once per (condition, seed) with the same schemes
 * ({@link runRobustnessUnit} each, then {@link poolRobustnessStudy}).
 *
 * @param config see `robustnessStudyConfig`.
 * @param options `schemes` (default `defaultSchemes({ horizon })`), `extraSchemes`
 *   (e.g. the learned ones), `variants` (default {@link robustnessVariantSchemes}),
 *   `notes` (added to {@link ROBUSTNESS_NOTES}), `onProgress`.
 *
 * @example
 * ```ts ignore
 * const study = await runRobustnessStudy(robustnessStudyConfig("ci"));
 * console.table(study.rows);
 * ```
 */
export async function runRobustnessStudy(
  config: RobustnessStudyConfig,
  options: RobustnessStudyOptions = {},
): Promise<RobustnessStudy> {
  validateRobustness(config);
  const results: RobustnessUnitResult[] = [];
  for (const c of config.conditions.keys()) {
    for (const i of config.evaluation.episodeSeeds.keys()) {
      results.push(await runRobustnessUnit(config, c, i, options));
    }
  }
  return poolRobustnessStudy(config, results, options.notes);
}
