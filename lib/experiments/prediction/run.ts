/**
 * The prediction study: how well each predictor forecasts the channel, per horizon
 * 1..T (T = 5), on all samples and on rare-event samples. One episode per seed, the
 * WC-ZF study's geometry and forced blockages; predictors: hold, per-entry AR(1),
 * linear prediction and its residual scenarios (no training), plus any extra ones (the
 * learned LSTM-DT and GenAI-DT when the shipped weights load). Metrics and pooling are
 * in `evaluation.ts`; the table pools every seed's rows and gives the range of the
 * per-seed SGCS.
 *
 * @module
 */
import { loadStudyScene } from "../scene_source.ts";
import {
  createArPredictor,
  createHoldPredictor,
  createLinearPredictor,
  createResidualScenarioPredictor,
  type ResidualScenarioOptions,
} from "../../twin/mod.ts";
import type { ChannelPredictor } from "../../channel/predictor.ts";
import { type Episode, simulateEpisode } from "../../mobility/mod.ts";
import { LINEAR_DEFAULTS } from "../scheme_sets.ts";
import { legendOrder, SCHEME_IDS } from "../schemes.ts";
import { forcedEvaluationBlockages } from "../wczf/evaluation.ts";
import type { PredictionStudyConfig } from "./config.ts";
import {
  mergePredictionTallies,
  type PredictionMetricRow,
  predictionMetricsOf,
  type PredictionTally,
  tallyPredictions,
} from "./evaluation.ts";

/** Builds the predictors of one episode (fresh ones: a predictor may hold per-episode state). */
export type PredictorSetFactory = (episode: Episode) => ChannelPredictor[];

/** `p` under another name (the twin's constructors have their own names). */
function named(p: ChannelPredictor, name: string): ChannelPredictor {
  return p.name === name ? p : {
    name,
    trajectories: p.trajectories,
    predict: (history, horizon) => p.predict(history, horizon),
  };
}

/**
 * The predictors that need no training, under their registry ids: `hold` (last CSI
 * repeated), `classical-ar1` (per-entry AR(1) on 4 slots), `linear-prediction` and
 * `linear-scenarios` (M = errorSlots + 1; scenario 0 is the linear forecast).
 *
 * @param options `linear`: settings of the two linear predictors (default `LINEAR_DEFAULTS`).
 *
 * @example
 * ```ts
 * import { trainingFreePredictors } from "./run.ts";
 * const names = trainingFreePredictors()().map((p) => p.name);
 * console.log(names); // [ "hold", "classical-ar1", "linear-prediction", "linear-scenarios" ]
 * ```
 */
export function trainingFreePredictors(
  options: { linear?: ResidualScenarioOptions } = {},
): (episode?: Episode) => ChannelPredictor[] {
  const linear = { ...LINEAR_DEFAULTS, ...options.linear };
  return () => [
    named(createHoldPredictor(), SCHEME_IDS.hold),
    named(createArPredictor(), SCHEME_IDS.classicalAr1),
    named(createLinearPredictor(linear), SCHEME_IDS.linearPrediction),
    named(createResidualScenarioPredictor(linear), SCHEME_IDS.linearScenarios),
  ];
}

/** One cell of the study's table: pooled metrics and the range of the per-seed SGCS. */
export interface PredictionStudyRow extends PredictionMetricRow {
  /** Smallest per-seed SGCS (seeds with samples in this cell). */
  sgcsSeedMin: number;
  /** Largest per-seed SGCS. */
  sgcsSeedMax: number;
  /** Seeds with samples in this cell. */
  seeds: number;
}

/** Result of {@link runPredictionStudy}. */
export interface PredictionStudy {
  readonly config: PredictionStudyConfig;
  /** Every seed's rows pooled (predictors in legend order, horizons, subsets). */
  readonly rows: PredictionStudyRow[];
  /** Per seed (config order), that seed's rows. */
  readonly seedRows: (PredictionMetricRow & { seed: number })[];
  /** Predictors scored, in legend order. */
  readonly predictors: string[];
  /** Notes (e.g. learned predictors skipped). */
  readonly notes: string[];
}

/** Options of {@link runPredictionStudy} and {@link runPredictionSeed}. */
export interface PredictionStudyOptions {
  predictors?: PredictorSetFactory;
  extraPredictors?: PredictorSetFactory;
  notes?: string[];
  onProgress?: (stage: string, done: number, total: number) => void;
}

function validatePrediction(config: PredictionStudyConfig): void {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config must be an object, got ${config}`);
  }
  if (!Array.isArray(config.episodeSeeds) || config.episodeSeeds.length === 0) {
    throw new RangeError("config.episodeSeeds must hold at least one seed");
  }
}

/**
 * Simulates the episode of one seed and scores every predictor (the per-seed work of
 * {@link runPredictionStudy}); returns its tallies (plain sums).
 *
 * @param config settings (see `predictionStudyConfig`).
 * @param index position of the seed in `config.episodeSeeds`.
 */
export async function runPredictionSeed(
  config: PredictionStudyConfig,
  index: number,
  options: PredictionStudyOptions = {},
): Promise<PredictionTally[]> {
  validatePrediction(config);
  const seed = config.episodeSeeds[index];
  if (seed === undefined) {
    throw new RangeError(`index ${index} outside config.episodeSeeds (${config.episodeSeeds})`);
  }
  const make = options.predictors ?? trainingFreePredictors();
  const scene = await loadStudyScene(config);
  const stage = `prediction seed ${index + 1}/${config.episodeSeeds.length}`;
  const forcedBlockages = forcedEvaluationBlockages(config, seed);
  const episode = simulateEpisode(scene, { slotCount: config.slotCount, forcedBlockages }, seed, {
    onProgress: (d, t) => options.onProgress?.(`${stage} simulate`, d, t),
  });
  const predictors = [...make(episode), ...(options.extraPredictors?.(episode) ?? [])];
  return await tallyPredictions(episode, predictors, {
    horizon: config.horizon,
    firstSync: config.firstSlot - 1,
    syncStride: config.syncStride,
    onProgress: (d, t) => options.onProgress?.(`${stage} predict`, d, t),
  });
}

/**
 * The study from the per-seed tallies (in `config.episodeSeeds` order): per-seed rows,
 * pooled rows with the range of the per-seed SGCS. Pure.
 */
export function poolPredictionStudy(
  config: PredictionStudyConfig,
  perSeed: readonly (readonly PredictionTally[])[],
  notes: string[] = [],
): PredictionStudy {
  validatePrediction(config);
  const seedRows: (PredictionMetricRow & { seed: number })[] = [];
  for (const [e, tallies] of perSeed.entries()) {
    const seed = config.episodeSeeds[e];
    seedRows.push(...predictionMetricsOf(tallies).map((r) => ({ seed, ...r })));
  }
  const order = legendOrder(perSeed.flat().map((t) => t.predictor));
  const rank = (name: string) => order.indexOf(name);
  const pooled = predictionMetricsOf(mergePredictionTallies(perSeed))
    .sort((a, b) => rank(a.predictor) - rank(b.predictor));
  const rows = pooled.map((r) => {
    const per = seedRows
      .filter((s) =>
        s.predictor === r.predictor && s.horizon === r.horizon && s.subset === r.subset &&
        !Number.isNaN(s.sgcs)
      )
      .map((s) => s.sgcs);
    return {
      ...r,
      sgcsSeedMin: per.length ? Math.min(...per) : NaN,
      sgcsSeedMax: per.length ? Math.max(...per) : NaN,
      seeds: per.length,
    };
  });
  return { config, rows, seedRows, predictors: order, notes };
}

/**
 * Simulates one episode per seed and scores every predictor at every
 * `config.syncStride`-th sync slot from `firstSlot - 1` to `slotCount - 1 - horizon`
 * ({@link runPredictionSeed} per seed, then {@link poolPredictionStudy}).
 *
 * @param config settings (see `predictionStudyConfig`).
 * @param options `predictors` (default {@link trainingFreePredictors}), `extraPredictors`
 *   (e.g. `loadLearnedSchemes(preset).predictors`), `notes`, `onProgress`.
 *
 * @example
 * ```ts ignore
 * const study = await runPredictionStudy(predictionStudyConfig("ci"));
 * console.table(study.rows.filter((r) => r.horizon === 1));
 * ```
 */
export async function runPredictionStudy(
  config: PredictionStudyConfig,
  options: PredictionStudyOptions = {},
): Promise<PredictionStudy> {
  validatePrediction(config);
  const perSeed: PredictionTally[][] = [];
  for (const i of config.episodeSeeds.keys()) {
    perSeed.push(await runPredictionSeed(config, i, options));
  }
  return poolPredictionStudy(config, perSeed, options.notes ?? []);
}
