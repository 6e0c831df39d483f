/**
 * Predictor quality on simulated episodes, per horizon: at each scored sync slot `s`,
 * every predictor forecasts `predict(episodeHistory(episode, { syncSlot: s }), T)` and
 * trajectory m's slot t (horizon `t + 1`) is compared with the true channels of slot
 * `s + 1 + t` (lib/metrics/prediction.ts, rows of all APs pooled):
 *
 * - `sgcs`, `nmseDb`: of **scenario 0**. For point forecasts (`M = 1`) and the linear
 *   residual scenarios (whose scenario 0 is the linear forecast) this is the forecast;
 *   for a sampler (the cGAN) it is one sample, which scores like any single scenario.
 *   (The scenario mean is not scored: a mean of scenarios with unaligned phases is no
 *   forecast of anything.)
 * - `bestOfMSgcs`, `coverage`: over all `M` scenarios, for scenario generators
 *   (`M > 1`) only; NaN for `M = 1` (best-of-1 is the SGCS, and a single scenario has
 *   radius 0).
 *
 * Pooling: every metric is pooled over all scored (UE, AP, slot) rows of the subset
 * (mean of per-row SGCS / best-of-M / coverage, every row weighing the same; NMSE as one
 * ratio of sums, `sum |h - e^{jφ} ĥ|^2 / sum |h|^2`, so strong rows weigh more). Subsets:
 * `all` (every UE) and `rare` (the UE-slots `(s + 1 + t, k)` flagged by `rareEventMask`,
 * all `A` rows of a flagged UE). `samples` counts UE-slots (`A` rows each).
 *
 * @module
 */
import {
  assertInteger,
  type ComplexMatrix,
  complexMatrix,
  PAPER_HISTORY_SLOTS,
} from "../../core/mod.ts";
import { alignedNmse, rowBestOfMSgcs, rowScenarioCoverage, rowSgcs } from "../../metrics/mod.ts";
import { type Episode, rareEventMask } from "../../mobility/mod.ts";
import {
  type ChannelPredictor,
  type ChannelTrajectories,
  episodeHistory,
  slotChannels,
} from "../../twin/mod.ts";

/** Which UE-slots a metric pools: every UE, or the rare-event samples only. */
export type PredictionSubset = "all" | "rare";

/** The subsets, in table order. */
export const PREDICTION_SUBSETS: readonly PredictionSubset[] = ["all", "rare"];

/** Sums behind one (predictor, horizon, subset) cell; pool tallies by adding them. */
export interface PredictionTally {
  readonly predictor: string;
  /** `M` of the predictor. */
  readonly trajectories: number;
  /** Horizon, slots after the sync slot (1..T). */
  readonly horizon: number;
  readonly subset: PredictionSubset;
  /** Sum of per-row SGCS of scenario 0 over the rows scored (zero true rows skipped). */
  sgcsSum: number;
  sgcsRows: number;
  /** `sum |h - e^{jφ} ĥ|^2` of scenario 0 (aligned error energy, channel units squared). */
  errorEnergy: number;
  /** `sum |h|^2` over the same rows. */
  trueEnergy: number;
  /** Sum of per-row best-of-M SGCS (`M > 1` only). */
  bestOfMSum: number;
  bestOfMRows: number;
  /** Rows inside the scenario envelope (`M > 1` only). */
  coveredRows: number;
  coverageRows: number;
  /** UE-slots scored (each holds `A` rows). */
  samples: number;
}

/** One (predictor, horizon, subset) row of predictor quality (module doc). */
export interface PredictionMetricRow {
  predictor: string;
  /** `M` of the predictor. */
  trajectories: number;
  /** Horizon, slots (10 ms each) after the last synchronized slot. */
  horizon: number;
  subset: PredictionSubset;
  /** Mean SGCS of scenario 0, in [0, 1]; NaN without samples. */
  sgcs: number;
  /** Aligned NMSE of scenario 0, dB (ratio of sums); NaN without samples. */
  nmseDb: number;
  /** Mean best-of-M SGCS in [0, 1]; NaN for `M = 1` or without samples. */
  bestOfMSgcs: number;
  /** Share of rows inside the scenarios' envelope; NaN for `M = 1` or without samples. */
  coverage: number;
  /** UE-slots pooled (`A` rows each). */
  samples: number;
}

/** Options of {@link tallyPredictions} and {@link predictorMetricRows}. */
export interface PredictionEvaluationOptions {
  /** Forecast horizon T, slots (>= 1): horizons `1..T` are scored. */
  readonly horizon: number;
  /**
   * First sync slot (default `PAPER_HISTORY_SLOTS - 1` = 9: ten slots of history, what
   * the linear predictor's fit and the learned models' window need).
   */
  readonly firstSync?: number;
  /** Last sync slot (default and at most `slotCount - 1 - horizon`). */
  readonly lastSync?: number;
  /** Score every `syncStride`-th sync slot from `firstSync` (default 1). */
  readonly syncStride?: number;
  /** Called after each scored sync slot. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The scored sync slots of an episode, validated. */
function syncSlots(episode: Episode, options: PredictionEvaluationOptions): number[] {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${options}`);
  }
  const { horizon, firstSync = PAPER_HISTORY_SLOTS - 1, syncStride = 1 } = options;
  assertInteger("options.horizon", horizon, { min: 1 });
  const maxSync = episode.slotCount - 1 - horizon;
  const { lastSync = maxSync } = options;
  assertInteger("options.firstSync", firstSync, { min: 0 });
  assertInteger("options.lastSync", lastSync, { min: firstSync, max: maxSync });
  assertInteger("options.syncStride", syncStride, { min: 1 });
  const out: number[] = [];
  for (let s = firstSync; s <= lastSync; s += syncStride) out.push(s);
  return out;
}

/** Checks `result[m][t][b]` against `M`, `T` and the episode's shapes; names the predictor. */
function checkTrajectories(
  p: ChannelPredictor,
  result: ChannelTrajectories,
  horizon: number,
  episode: Episode,
): void {
  const where = `predictor "${p.name}"`;
  if (!Array.isArray(result) || result.length !== p.trajectories) {
    throw new RangeError(
      `${where} returned ${Array.isArray(result) ? result.length : typeof result} ` +
        `trajectories, declares ${p.trajectories}`,
    );
  }
  result.forEach((tr, m) => {
    if (!Array.isArray(tr) || tr.length !== horizon) {
      throw new RangeError(
        `${where}: trajectory ${m} holds ${tr?.length} slots, horizon ${horizon}`,
      );
    }
    tr.forEach((set, t) => {
      if (!Array.isArray(set) || set.length !== episode.apCount) {
        throw new RangeError(
          `${where}: trajectory ${m} slot ${t} holds ${set?.length} matrices, A = ${episode.apCount}`,
        );
      }
    });
  });
}

/** The rows `ues` of every matrix of a set (`[|ues|, Nt]` each). */
function selectUes(set: readonly ComplexMatrix[], ues: readonly number[]): ComplexMatrix[] {
  return set.map((h) => {
    const out = complexMatrix(ues.length, h.cols);
    ues.forEach((k, i) => {
      out.re.set(h.re.subarray(k * h.cols, (k + 1) * h.cols), i * h.cols);
      out.im.set(h.im.subarray(k * h.cols, (k + 1) * h.cols), i * h.cols);
    });
    return out;
  });
}

/** `sum |h|^2` over every entry of a set. */
function energy(set: readonly ComplexMatrix[]): number {
  let e = 0;
  for (const h of set) for (let i = 0; i < h.re.length; i++) e += h.re[i] ** 2 + h.im[i] ** 2;
  return e;
}

function emptyTally(
  p: ChannelPredictor,
  horizon: number,
  subset: PredictionSubset,
): PredictionTally {
  return {
    predictor: p.name,
    trajectories: p.trajectories,
    horizon,
    subset,
    sgcsSum: 0,
    sgcsRows: 0,
    errorEnergy: 0,
    trueEnergy: 0,
    bestOfMSum: 0,
    bestOfMRows: 0,
    coveredRows: 0,
    coverageRows: 0,
    samples: 0,
  };
}

/** Adds the non-NaN entries of `values` whose row (`b * K + k`) is selected. */
function addRows(
  values: Float64Array,
  ueCount: number,
  keep: (k: number) => boolean,
): [number, number] {
  let sum = 0, n = 0;
  for (let j = 0; j < values.length; j++) {
    if (keep(j % ueCount) && !Number.isNaN(values[j])) {
      sum += values[j];
      n++;
    }
  }
  return [sum, n];
}

/**
 * The sums of every (predictor, horizon, subset) cell of one episode (module doc), in
 * the order predictors, then horizons, then subsets (`all`, `rare`).
 *
 * @param episode a simulated episode (its stored channels are the truth and the twin's CSI).
 * @param predictors the predictors (distinct names; fresh per episode when they hold
 *   state, e.g. the cGAN's latent stream).
 * @param options horizon T, sync slots, progress (see {@link PredictionEvaluationOptions}).
 * @returns `predictors.length * T * 2` tallies.
 */
export async function tallyPredictions(
  episode: Episode,
  predictors: readonly ChannelPredictor[],
  options: PredictionEvaluationOptions,
): Promise<PredictionTally[]> {
  if (typeof episode !== "object" || episode === null) {
    throw new TypeError(`episode must be an Episode, got ${episode}`);
  }
  if (!Array.isArray(predictors)) {
    throw new TypeError(
      `predictors must be an array of ChannelPredictor, got ${typeof predictors}`,
    );
  }
  const names = new Set<string>();
  predictors.forEach((p, i) => {
    if (typeof p?.predict !== "function" || typeof p.name !== "string") {
      throw new TypeError(`predictors[${i}] must be a ChannelPredictor`);
    }
    assertInteger(`predictors[${i}].trajectories`, p.trajectories, { min: 1 });
    if (names.has(p.name)) throw new RangeError(`predictors[${i}].name "${p.name}" is used twice`);
    names.add(p.name);
  });
  const slots = syncSlots(episode, options);
  const T = options.horizon;
  const K = episode.ueCount;
  const rare = rareEventMask(episode);
  const tallies = predictors.map((p) =>
    Array.from(
      { length: T },
      (_, t) => PREDICTION_SUBSETS.map((subset) => emptyTally(p, t + 1, subset)),
    )
  );
  const cache = new Map<number, ComplexMatrix[]>();
  const truths = new Map<number, ComplexMatrix[]>();
  const truthOf = (slot: number) => {
    let c = truths.get(slot);
    if (!c) truths.set(slot, c = slotChannels(episode, slot));
    return c;
  };
  for (const [i, s] of slots.entries()) {
    const history = episodeHistory(episode, { syncSlot: s, cache });
    for (const [ip, p] of predictors.entries()) {
      const result = await p.predict(history, T);
      checkTrajectories(p, result, T, episode);
      for (let t = 0; t < T; t++) {
        const slot = s + 1 + t;
        const truth = truthOf(slot);
        const flagged: number[] = [];
        for (let k = 0; k < K; k++) if (rare[slot * K + k]) flagged.push(k);
        const point = result[0][t];
        const sg = rowSgcs(truth, point);
        const scenarios = result.map((tr: ChannelTrajectories[number]) => tr[t]);
        const best = p.trajectories > 1 ? rowBestOfMSgcs(truth, scenarios) : null;
        const covered = p.trajectories > 1 ? rowScenarioCoverage(truth, scenarios) : null;
        for (const tally of tallies[ip][t]) {
          const ues = tally.subset === "all" ? null : flagged;
          if (ues && ues.length === 0) continue;
          const keep = ues ? (k: number) => rare[slot * K + k] === 1 : () => true;
          const [ss, sn] = addRows(sg, K, keep);
          tally.sgcsSum += ss;
          tally.sgcsRows += sn;
          const tSet = ues ? selectUes(truth, ues) : truth;
          const pSet = ues ? selectUes(point, ues) : point;
          const e = energy(tSet);
          if (e > 0) {
            tally.errorEnergy += alignedNmse(tSet, pSet) * e;
            tally.trueEnergy += e;
          }
          if (best && covered) {
            const [bs, bn] = addRows(best, K, keep);
            tally.bestOfMSum += bs;
            tally.bestOfMRows += bn;
            const [cs, cn] = addRows(covered, K, keep);
            tally.coveredRows += cs;
            tally.coverageRows += cn;
          }
          tally.samples += ues ? ues.length : K;
        }
      }
    }
    options.onProgress?.(i + 1, slots.length);
  }
  return tallies.flat(2);
}

/**
 * Adds tallies of the same (predictor, horizon, subset) cell over lists (e.g. episodes);
 * cells keep their first-seen order.
 */
export function mergePredictionTallies(
  lists: readonly (readonly PredictionTally[])[],
): PredictionTally[] {
  const pooled = new Map<string, PredictionTally>();
  for (const list of lists) {
    for (const t of list) {
      const key = `${t.predictor}\u0000${t.horizon}\u0000${t.subset}`;
      const p = pooled.get(key);
      if (!p) {
        pooled.set(key, { ...t });
        continue;
      }
      if (p.trajectories !== t.trajectories) {
        throw new RangeError(
          `lists: predictor "${t.predictor}" has M = ${p.trajectories} and M = ${t.trajectories}`,
        );
      }
      for (
        const f of [
          "sgcsSum",
          "sgcsRows",
          "errorEnergy",
          "trueEnergy",
          "bestOfMSum",
          "bestOfMRows",
          "coveredRows",
          "coverageRows",
          "samples",
        ] as const
      ) p[f] += t[f];
    }
  }
  return [...pooled.values()];
}

/** The metric rows of tallies (means and ratios of their sums; NaN where nothing was pooled). */
export function predictionMetricsOf(tallies: readonly PredictionTally[]): PredictionMetricRow[] {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
  return tallies.map((t) => ({
    predictor: t.predictor,
    trajectories: t.trajectories,
    horizon: t.horizon,
    subset: t.subset,
    sgcs: ratio(t.sgcsSum, t.sgcsRows),
    nmseDb: t.trueEnergy > 0 ? 10 * Math.log10(t.errorEnergy / t.trueEnergy) : NaN,
    bestOfMSgcs: t.trajectories > 1 ? ratio(t.bestOfMSum, t.bestOfMRows) : NaN,
    coverage: t.trajectories > 1 ? ratio(t.coveredRows, t.coverageRows) : NaN,
    samples: t.samples,
  }));
}

/**
 * Predictor quality per (predictor, horizon, subset), pooled over episodes (module
 * doc): for notebooks and scripts that hold episodes and predictors, e.g. the shipped
 * weights' validation.
 *
 * @param episodes simulated episodes (at least one).
 * @param predictors the predictors, or a factory called once per episode (fresh
 *   predictors per episode: seeded latents stay per episode).
 * @param options horizon T, sync slots (see {@link PredictionEvaluationOptions}).
 * @returns rows in the order predictors, horizons 1..T, subsets `all`, `rare`.
 *
 * @example
 * ```ts ignore
 * const rows = await predictorMetricRows([episode], [createHoldPredictor()], { horizon: 5 });
 * console.table(rows); // hold's SGCS per horizon, all UEs and rare events
 * ```
 */
export async function predictorMetricRows(
  episodes: readonly Episode[],
  predictors: readonly ChannelPredictor[] | ((episode: Episode) => ChannelPredictor[]),
  options: PredictionEvaluationOptions,
): Promise<PredictionMetricRow[]> {
  if (!Array.isArray(episodes) || episodes.length === 0) {
    throw new RangeError("episodes must be a non-empty array of Episode");
  }
  if (typeof predictors !== "function" && !Array.isArray(predictors)) {
    throw new TypeError("predictors must be an array of ChannelPredictor or a factory");
  }
  const lists: PredictionTally[][] = [];
  for (const episode of episodes) {
    const list = typeof predictors === "function" ? predictors(episode) : predictors;
    lists.push(await tallyPredictions(episode, list, options));
  }
  return predictionMetricsOf(mergePredictionTallies(lists));
}
