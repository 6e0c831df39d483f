/**
 * Row-shared linear prediction (Prony type), its recent one-step errors, and the
 * residual scenarios around it: the reference predictor of the twin and the anchor the
 * learned predictors sample around (lib/models).
 *
 * A walking UE's channel row to one AP, `h[s]` `[Nt]`, is a sum of paths whose phases
 * advance at constant rates while it walks straight; the rates (Dopplers) are the same
 * on every antenna, only the steering differs. So one recurrence
 *
 *     h[s] ≈ sum_{p=1..L} c_p h[s - p]
 *
 * with `L` complex coefficients holds for all `Nt` entries of a row at once, and is
 * exact for `L` or fewer paths. The coefficients are fitted by least squares over the
 * last `fitSlots` synchronized slots (all entries stacked), then the recurrence runs
 * forward. A per-entry AR(1) (`createArPredictor`) cannot do this: each entry mixes
 * several Dopplers. Reference: Yin et al., "Addressing the curse of mobility in massive
 * MIMO with Prony-based angular-delay domain channel predictions", IEEE JSAC 2020.
 *
 * Oscillator phase: a UE may report each slot's CSI with a random common phase (the
 * same for all of its rows). ZF and SINR are blind to it, but it breaks the recurrence.
 * With `alignPhase` (default on), each past slot's rows of a UE (all APs together) are
 * first rotated so that their inner product with the next slot's aligned rows is real
 * and positive; the forecast is then right up to one common phase per UE, which is all
 * a beam needs. Everything this module returns is in that aligned frame: the newest
 * synchronized slot keeps its phase.
 *
 * Recent errors: the one-step error the same predictor made for each of the last
 * `errorSlots` synchronized slots, `x[s] - x̂[s | s-1]`, each from its own fit on the
 * `fitSlots` slots before it. They are computed again at every call (no state), from one
 * Gram matrix per row shared by all fits.
 *
 * Cost per (UE, AP) row, `n = fitSlots + errorSlots` window slots: `n (n+1) / 2` inner
 * products of `Nt` complex values for the Gram matrix, then per fit `O(fitSlots L^2)`
 * additions and an `O(L^3)` solve, and `O(horizon L Nt)` for the forecast: with K = 30,
 * A = 3, Nt = 64, L = 6, n = 15, about 0.8 M complex multiply-adds per decision.
 *
 * @module
 */
import { assertInteger, type ComplexMatrix, complexMatrix } from "../core/mod.ts";
import type { ChannelPredictor, ChannelTrajectories, TwinHistory } from "./predictor.ts";

/**
 * The linear-prediction settings chosen on validation episodes (`deno task tune-linear`;
 * the grid and its results are in docs/model.md, "Control loop"): 6 taps fitted on 10
 * slots, ridge 1e-3, phase alignment on; for the residual scenarios the 5 most recent
 * one-step errors at a quarter scale. Every option below defaults to these.
 */
export const LINEAR_PREDICTION_DEFAULTS = Object.freeze({
  order: 6,
  fitSlots: 10,
  regularization: 1e-3,
  alignPhase: true,
  errorSlots: 5,
  errorScale: 0.25,
});

/** Options of {@link createLinearPredictor}. */
export interface LinearPredictorOptions {
  /** Recurrence order `L` (taps), >= 1 (default 6). */
  readonly order?: number;
  /** Past slots the coefficients are fitted on, >= order + 1 (default 10). */
  readonly fitSlots?: number;
  /** Ridge weight relative to the mean diagonal of the normal matrix (default 1e-3). */
  readonly regularization?: number;
  /** Remove a per-(UE, slot) common phase before fitting (default true). */
  readonly alignPhase?: boolean;
  /** Name in tables (default "linear-prediction"). */
  readonly name?: string;
}

/** Options of {@link linearFeatures}. */
export interface LinearFeatureOptions extends LinearPredictorOptions {
  /** Forecast slots, >= 1. */
  readonly horizon: number;
  /** Recent one-step errors to return, >= 0 (default 0). */
  readonly errorSlots?: number;
  /** Only these APs (default all); the phase alignment still uses every AP. */
  readonly aps?: readonly number[];
}

/**
 * The linear forecast of a history and its recent errors, in the aligned frame:
 * `[slot][b]` lists of `[K, Nt]` matrices for the APs asked for (in `aps` order).
 */
export interface LinearFeatures {
  /** The last `fitSlots` synchronized slots, aligned, oldest first. */
  readonly past: ComplexMatrix[][];
  /** Forecast of slots `syncSlot + 1 .. syncSlot + horizon`. */
  readonly forecast: ComplexMatrix[][];
  /**
   * One-step errors for slots `syncSlot, syncSlot - 1, ...` (newest first),
   * `errorSlots` entries; those the history is too short for are zero matrices.
   */
  readonly errors: ComplexMatrix[][];
  /** How many of `errors` are real (the rest are zero). */
  readonly errorCount: number;
}

/** Validated options with defaults. */
function settings(options: LinearPredictorOptions) {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`options must be an object, got ${options}`);
  }
  const {
    order = LINEAR_PREDICTION_DEFAULTS.order,
    fitSlots = LINEAR_PREDICTION_DEFAULTS.fitSlots,
    regularization = LINEAR_PREDICTION_DEFAULTS.regularization,
    alignPhase = LINEAR_PREDICTION_DEFAULTS.alignPhase,
    name = "linear-prediction",
  } = options;
  assertInteger("options.order", order, { min: 1 });
  assertInteger("options.fitSlots", fitSlots, { min: 2 });
  if (order > fitSlots - 1) {
    throw new RangeError(
      `options.order ${order} is larger than options.fitSlots ${fitSlots} allows ` +
        `(order <= fitSlots - 1, so that at least one slot is predicted from the window)`,
    );
  }
  if (!(regularization >= 0) || !Number.isFinite(regularization)) {
    throw new RangeError(
      `options.regularization must be a finite number >= 0, got ${regularization}`,
    );
  }
  return { order, fitSlots, regularization, alignPhase, name };
}

/** Checks a history window for NaN / infinite entries; the error names the slot and AP. */
function assertFiniteHistory(
  window: readonly (readonly ComplexMatrix[])[],
  firstSlot: number,
): void {
  // Fast screen: `x * 0` is 0 for a finite x and NaN otherwise.
  let screen = 0;
  for (const aps of window) {
    for (const h of aps) {
      const re = h.re, im = h.im;
      for (let j = 0; j < re.length; j++) screen += re[j] * 0 + im[j] * 0;
    }
  }
  if (screen === 0) return;
  window.forEach((aps, i) =>
    aps.forEach((h, b) => {
      for (let j = 0; j < h.re.length; j++) {
        if (!Number.isFinite(h.re[j]) || !Number.isFinite(h.im[j])) {
          throw new RangeError(
            `history.channels(${firstSlot + i})[${b}] has a non-finite entry at index ${j}`,
          );
        }
      }
    })
  );
}

/**
 * Per-(UE, slot) rotations that align each past slot of a UE with the next one:
 * `phase[i * K + k]` (rad) multiplies slot i's rows of UE k; the newest slot keeps 0.
 */
function alignmentPhases(
  window: readonly (readonly ComplexMatrix[])[],
  ueCount: number,
): Float64Array {
  const n = window.length;
  const phases = new Float64Array(n * ueCount);
  for (let i = n - 2; i >= 0; i--) {
    for (let k = 0; k < ueCount; k++) {
      // <h_i, h_{i+1}> over all APs, with slot i+1 already rotated by phases[i+1][k]
      let re = 0, im = 0;
      for (let b = 0; b < window[i].length; b++) {
        const a = window[i][b], c = window[i + 1][b];
        const ar = a.re, ai = a.im, cr = c.re, ci = c.im;
        const off = k * a.cols;
        for (let j = off; j < off + a.cols; j++) {
          // conj(a) c
          re += ar[j] * cr[j] + ai[j] * ci[j];
          im += ar[j] * ci[j] - ai[j] * cr[j];
        }
      }
      const next = phases[(i + 1) * ueCount + k];
      phases[i * ueCount + k] = re === 0 && im === 0 ? next : Math.atan2(im, re) + next;
    }
  }
  return phases;
}

/**
 * Writes the aligned series of row (k, b) into `out` `[n, 2 Nt]` (interleaved, oldest
 * first).
 */
function alignedRowInto(
  window: readonly (readonly ComplexMatrix[])[],
  phases: Float64Array | null,
  k: number,
  b: number,
  out: Float64Array,
): void {
  const K = phases ? phases.length / window.length : 0;
  for (let i = 0; i < window.length; i++) {
    const h = window[i][b], nt = h.cols, re = h.re, im = h.im;
    const theta = phases ? phases[i * K + k] : 0;
    const cr = Math.cos(theta), ci = Math.sin(theta);
    const o = i * 2 * nt, from = k * nt;
    for (let j = 0; j < nt; j++) {
      const r = re[from + j], m = im[from + j];
      out[o + 2 * j] = r * cr - m * ci;
      out[o + 2 * j + 1] = r * ci + m * cr;
    }
  }
}

/**
 * Gram matrix `gram[a * 2n + 2b (+1)] = <x[a], x[b]>` (interleaved complex `[n, n]`) of
 * the series `x` `[n, F]` (`F = 2 Nt` interleaved values per slot).
 */
function seriesGramInto(x: Float64Array, n: number, F: number, gram: Float64Array): void {
  for (let a = 0; a < n; a++) {
    const ua = a * F;
    for (let b = a; b < n; b++) {
      const vb = b * F;
      let re = 0, im = 0;
      for (let j = 0; j < F; j += 2) {
        const ur = x[ua + j], ui = x[ua + j + 1], vr = x[vb + j], vi = x[vb + j + 1];
        re += ur * vr + ui * vi;
        im += ur * vi - ui * vr;
      }
      gram[a * 2 * n + 2 * b] = re;
      gram[a * 2 * n + 2 * b + 1] = im;
      gram[b * 2 * n + 2 * a] = re; // <x_b, x_a> = conj(<x_a, x_b>)
      gram[b * 2 * n + 2 * a + 1] = -im;
    }
  }
}

/** Scratch of one fit: the normal matrix `[L, L]`, right side and solution `[L]` (complex). */
interface FitScratch {
  readonly g: Float64Array;
  readonly r: Float64Array;
  readonly c: Float64Array;
}

/**
 * Least-squares coefficients of `x[s] ≈ sum_p c_p x[s-p]` for the targets
 * `s = first + L .. last` (window slots `first..last` of the series): the normal
 * equations `G c = r`, `G_qp = sum_s <x[s-q], x[s-p]>`, `r_q = sum_s <x[s-q], x[s]>`,
 * read off the series' Gram matrix (`n` slots), with a relative ridge; into `fit.c`.
 */
function fitFromGram(
  gram: Float64Array,
  n: number,
  window: { first: number; last: number },
  order: number,
  ridge: number,
  fit: FitScratch,
): Float64Array {
  const L = order, g = fit.g.fill(0), r = fit.r.fill(0);
  for (let s = window.first + L; s <= window.last; s++) {
    for (let q = 1; q <= L; q++) {
      const row = (s - q) * 2 * n;
      r[2 * (q - 1)] += gram[row + 2 * s];
      r[2 * (q - 1) + 1] += gram[row + 2 * s + 1];
      for (let p = 1; p <= L; p++) {
        g[2 * ((q - 1) * L + p - 1)] += gram[row + 2 * (s - p)];
        g[2 * ((q - 1) * L + p - 1) + 1] += gram[row + 2 * (s - p) + 1];
      }
    }
  }
  let trace = 0;
  for (let q = 0; q < L; q++) trace += g[2 * (q * L + q)];
  const lambda = ridge * (trace > 0 ? trace / L : 1);
  for (let q = 0; q < L; q++) g[2 * (q * L + q)] += lambda;
  return solveComplex(g, r, L, fit.c);
}

/** Solves the complex `L x L` system `g c = r` (interleaved, row-major) in place, into `c`. */
function solveComplex(g: Float64Array, r: Float64Array, L: number, c: Float64Array): Float64Array {
  c.fill(0);
  for (let col = 0; col < L; col++) {
    let pivot = col, best = -1;
    for (let row = col; row < L; row++) {
      const m = Math.hypot(g[2 * (row * L + col)], g[2 * (row * L + col) + 1]);
      if (m > best) [best, pivot] = [m, row];
    }
    if (best === 0) return c; // no information: predict zero change
    if (pivot !== col) {
      for (let j = 0; j < 2 * L; j++) {
        [g[2 * col * L + j], g[2 * pivot * L + j]] = [g[2 * pivot * L + j], g[2 * col * L + j]];
      }
      for (let j = 0; j < 2; j++) {
        [r[2 * col + j], r[2 * pivot + j]] = [r[2 * pivot + j], r[2 * col + j]];
      }
    }
    const pr = g[2 * (col * L + col)], pi = g[2 * (col * L + col) + 1];
    const d = pr * pr + pi * pi;
    for (let row = col + 1; row < L; row++) {
      const ar = g[2 * (row * L + col)], ai = g[2 * (row * L + col) + 1];
      const fr = (ar * pr + ai * pi) / d, fi = (ai * pr - ar * pi) / d; // a / pivot
      for (let j = col; j < L; j++) {
        const br = g[2 * (col * L + j)], bi = g[2 * (col * L + j) + 1];
        g[2 * (row * L + j)] -= fr * br - fi * bi;
        g[2 * (row * L + j) + 1] -= fr * bi + fi * br;
      }
      const br = r[2 * col], bi = r[2 * col + 1];
      r[2 * row] -= fr * br - fi * bi;
      r[2 * row + 1] -= fr * bi + fi * br;
    }
  }
  for (let row = L - 1; row >= 0; row--) {
    let sr = r[2 * row], si = r[2 * row + 1];
    for (let j = row + 1; j < L; j++) {
      const ar = g[2 * (row * L + j)], ai = g[2 * (row * L + j) + 1];
      sr -= ar * c[2 * j] - ai * c[2 * j + 1];
      si -= ar * c[2 * j + 1] + ai * c[2 * j];
    }
    const pr = g[2 * (row * L + row)], pi = g[2 * (row * L + row) + 1];
    const d = pr * pr + pi * pi;
    c[2 * row] = (sr * pr + si * pi) / d;
    c[2 * row + 1] = (si * pr - sr * pi) / d;
  }
  return c;
}

/**
 * One step of the recurrence: `out[o..o+F)` from the `L` slots of `x` (`[*, F]`) ending
 * at slot `last`.
 */
function stepInto(
  x: Float64Array,
  F: number,
  last: number,
  c: Float64Array,
  out: Float64Array,
  o: number,
): void {
  const L = c.length / 2;
  for (let j = 0; j < F; j++) out[o + j] = 0;
  for (let p = 1; p <= L; p++) {
    const xo = (last + 1 - p) * F, cr = c[2 * (p - 1)], ci = c[2 * (p - 1) + 1];
    for (let j = 0; j < F; j += 2) {
      out[o + j] += cr * x[xo + j] - ci * x[xo + j + 1];
      out[o + j + 1] += cr * x[xo + j + 1] + ci * x[xo + j];
    }
  }
}

/**
 * What {@link linearRows} hands to its consumer for each (AP, UE) row, AP-major: views
 * of scratch buffers, valid during the call only.
 */
export interface LinearRow {
  /** Index into `aps` and UE. */
  readonly ib: number;
  readonly k: number;
  /**
   * `[n + horizon, 2 Nt]` interleaved: the aligned window (`n = fitSlots + errorCount`
   * slots, oldest first), then the forecast of slots `+1..+horizon`.
   */
  readonly run: Float64Array;
  /** `[errorCount, 2 Nt]`: the one-step errors, newest first. */
  readonly errors: Float64Array;
  /** Window slots `n` and real errors `errorCount` (as in {@link LinearRowsInfo}). */
  readonly n: number;
  readonly errorCount: number;
}

/** Sizes of a {@link linearRows} pass. */
export interface LinearRowsInfo {
  /** Window slots `n = fitSlots + errorCount`. */
  readonly n: number;
  readonly fitSlots: number;
  readonly errorCount: number;
  readonly horizon: number;
  readonly aps: readonly number[];
}

/** Scratch of {@link linearRows}, reused between calls (synchronous, not re-entrant). */
const rowScratch = new Map<string, Float64Array>();
function scratchOf(name: string, length: number): Float64Array {
  let a = rowScratch.get(name);
  if (!a || a.length !== length) {
    a = new Float64Array(length);
    rowScratch.set(name, a);
  }
  return a;
}

/**
 * The row-level core of {@link linearFeatures}: validates, aligns, and for every
 * (AP, UE) row computes one Gram matrix, the forecast fit and the `errorCount` causal
 * fits, and calls `onRow` with the aligned window, the forecast and the errors (views
 * of scratch buffers, no allocation per row). Consumers write them where they need them
 * (matrices in {@link linearFeatures}, normalized model conditions in lib/models).
 *
 * @returns the sizes of the pass.
 */
export function linearRows(
  history: TwinHistory,
  options: LinearFeatureOptions,
  onRow: (row: LinearRow) => void,
): LinearRowsInfo {
  const { order, fitSlots, regularization, alignPhase } = settings(options);
  const { horizon, errorSlots = 0 } = options;
  assertInteger("horizon", horizon, { min: 1 });
  assertInteger("options.errorSlots", errorSlots, { min: 0 });
  const aps = options.aps ?? Array.from({ length: history.apCount }, (_, b) => b);
  aps.forEach((b, i) =>
    assertInteger(`options.aps[${i}]`, b, { min: 0, max: history.apCount - 1 })
  );
  const available = history.syncSlot + 1;
  if (available < fitSlots) {
    throw new RangeError(
      `history holds ${available} slot(s) up to syncSlot ${history.syncSlot}, fewer than ` +
        `options.fitSlots ${fitSlots} (order ${order})`,
    );
  }
  const errorCount = Math.min(errorSlots, available - fitSlots);
  const n = fitSlots + errorCount;
  const first = history.syncSlot - n + 1;
  const window: (readonly ComplexMatrix[])[] = [];
  for (let i = 0; i < n; i++) window.push(history.channels(first + i));
  assertFiniteHistory(window, first);
  const K = history.ueCount, Nt = history.antennaCount, F = 2 * Nt;
  const phases = alignPhase ? alignmentPhases(window, K) : null;
  const run = scratchOf("run", (n + horizon) * F);
  const errors = scratchOf("errors", errorCount * F);
  const gram = scratchOf("gram", 2 * n * n);
  const fit: FitScratch = {
    g: scratchOf("g", 2 * order * order),
    r: scratchOf("r", 2 * order),
    c: scratchOf("c", 2 * order),
  };
  const predicted = scratchOf("predicted", F);
  for (let ib = 0; ib < aps.length; ib++) {
    const b = aps[ib];
    for (let k = 0; k < K; k++) {
      alignedRowInto(window, phases, k, b, run);
      seriesGramInto(run, n, F, gram);
      const c = fitFromGram(
        gram,
        n,
        { first: n - fitSlots, last: n - 1 },
        order,
        regularization,
        fit,
      );
      for (let t = 0; t < horizon; t++) stepInto(run, F, n - 1 + t, c, run, (n + t) * F);
      for (let i = 0; i < errorCount; i++) {
        const target = n - 1 - i; // error for slot syncSlot - i
        const ci = fitFromGram(
          gram,
          n,
          { first: target - fitSlots, last: target - 1 },
          order,
          regularization,
          fit,
        );
        stepInto(run, F, target - 1, ci, predicted, 0);
        for (let j = 0; j < F; j++) errors[i * F + j] = run[target * F + j] - predicted[j];
      }
      onRow({ ib, k, run, errors, n, errorCount });
    }
  }
  return { n, fitSlots, errorCount, horizon, aps };
}

/** Writes slot `slot` of an interleaved `[*, 2 Nt]` series into row `k` of `m`. */
function putRow(m: ComplexMatrix, k: number, x: Float64Array, slot: number): void {
  const nt = m.cols, o = slot * 2 * nt;
  for (let j = 0; j < nt; j++) {
    m.re[k * nt + j] = x[o + 2 * j];
    m.im[k * nt + j] = x[o + 2 * j + 1];
  }
}

/**
 * The linear forecast, the aligned past and the recent one-step errors of a history
 * (module doc). Reads slots `syncSlot - fitSlots - errorSlots + 1 .. syncSlot` (fewer
 * when the history is shorter: the missing errors are zero).
 *
 * Throws a `RangeError` naming the argument when the history is shorter than
 * `fitSlots`, holds a non-finite entry, or `horizon` / `errorSlots` / `aps` are invalid.
 *
 * @example
 * ```ts
 * import { complexMatrix } from "../core/mod.ts";
 * import { linearFeatures } from "./linear_prediction.ts";
 * // one UE, one AP, 4 antennas: a single path turning 0.3 rad per slot
 * const slot = (s: number) => {
 *   const m = complexMatrix(1, 4);
 *   for (let n = 0; n < 4; n++) [m.re[n], m.im[n]] = [Math.cos(0.3 * s + n), Math.sin(0.3 * s + n)];
 *   return [m];
 * };
 * const history = {
 *   syncSlot: 11, apCount: 1, ueCount: 1, antennaCount: 4,
 *   channels: slot, rareEvent: () => 0,
 * };
 * const f = linearFeatures(history, { order: 2, fitSlots: 6, horizon: 2, errorSlots: 3 });
 * console.log(f.forecast.length, f.errors.length, f.errorCount); // 2 3 3
 * ```
 */
export function linearFeatures(
  history: TwinHistory,
  options: LinearFeatureOptions,
): LinearFeatures {
  const { fitSlots } = settings(options);
  const { horizon, errorSlots = 0 } = options;
  assertInteger("horizon", horizon, { min: 1 });
  assertInteger("options.errorSlots", errorSlots, { min: 0 });
  const K = history.ueCount, Nt = history.antennaCount;
  const apCount = options.aps?.length ?? history.apCount;
  const zeros = () => Array.from({ length: apCount }, () => complexMatrix(K, Nt));
  let past: ComplexMatrix[][] = [], forecast: ComplexMatrix[][] = [];
  let errors: ComplexMatrix[][] = [];
  const info = linearRows(history, options, (row) => {
    if (past.length === 0) {
      past = Array.from({ length: fitSlots }, zeros);
      forecast = Array.from({ length: horizon }, zeros);
      errors = Array.from({ length: errorSlots }, zeros);
    }
    const { ib, k, run, n, errorCount } = row;
    for (let i = 0; i < fitSlots; i++) putRow(past[i][ib], k, run, errorCount + i);
    for (let t = 0; t < horizon; t++) putRow(forecast[t][ib], k, run, n + t);
    for (let i = 0; i < errorCount; i++) putRow(errors[i][ib], k, row.errors, i);
  });
  if (past.length === 0) { // no rows (K = 0 or no APs)
    past = Array.from({ length: fitSlots }, zeros);
    forecast = Array.from({ length: horizon }, zeros);
    errors = Array.from({ length: errorSlots }, zeros);
  }
  return { past, forecast, errors, errorCount: info.errorCount };
}

/**
 * The linear-prediction twin: one point forecast (`M = 1`) per decision.
 *
 * @example
 * ```ts
 * import { createLinearPredictor } from "./linear_prediction.ts";
 * const p = createLinearPredictor({ order: 4, fitSlots: 8 });
 * console.log(p.name, p.trajectories); // linear-prediction 1
 * ```
 */
export function createLinearPredictor(options: LinearPredictorOptions = {}): ChannelPredictor {
  const s = settings(options);
  return {
    name: s.name,
    trajectories: 1,
    predict(history: TwinHistory, horizon: number): ChannelTrajectories {
      assertInteger("horizon", horizon, { min: 1 });
      return [linearFeatures(history, { ...s, horizon }).forecast];
    },
  };
}

/**
 * `base` (`[T][A]` matrices) followed by one scenario per recent error of `features`:
 * `base + errorScale * errors[i]` on every slot, row by row (errors the history was too
 * short for repeat `base`). `M = 1 + features.errors.length` trajectories.
 *
 * @param base the trajectory the scenarios spread around (a forecast, or the truth).
 * @param features from {@link linearFeatures} (its `errors` for the same APs as `base`).
 * @param options `errorScale` (>= 0).
 */
export function residualScenarios(
  base: readonly ComplexMatrix[][],
  features: Pick<LinearFeatures, "errors" | "errorCount">,
  options: { readonly errorScale: number },
): ComplexMatrix[][][] {
  const { errorScale } = options;
  if (!(errorScale >= 0) || !Number.isFinite(errorScale)) {
    throw new RangeError(`options.errorScale must be a finite number >= 0, got ${errorScale}`);
  }
  const shifted = (e: readonly ComplexMatrix[]) =>
    base.map((slot) =>
      slot.map((m, b) => {
        const out = complexMatrix(m.rows, m.cols);
        for (let j = 0; j < m.re.length; j++) {
          out.re[j] = m.re[j] + errorScale * e[b].re[j];
          out.im[j] = m.im[j] + errorScale * e[b].im[j];
        }
        return out;
      })
    );
  return [
    base as ComplexMatrix[][],
    ...features.errors.map((
      e,
      i,
    ) => (i < features.errorCount ? shifted(e) : base as ComplexMatrix[][])),
  ];
}

/** Options of {@link createResidualScenarioPredictor}. */
export interface ResidualScenarioOptions extends LinearPredictorOptions {
  /** Recent one-step errors used as scenarios (M = errorSlots + 1; default 5). */
  readonly errorSlots?: number;
  /** Scale of the errors added back (default 0.25). */
  readonly errorScale?: number;
}

/**
 * The validated `errorSlots` (>= 1) and `errorScale` (finite, >= 0) of residual-scenario
 * options, with the defaults of {@link LINEAR_PREDICTION_DEFAULTS}.
 */
export function residualScenarioSettings(
  options: Pick<ResidualScenarioOptions, "errorSlots" | "errorScale">,
): { errorSlots: number; errorScale: number } {
  const {
    errorSlots = LINEAR_PREDICTION_DEFAULTS.errorSlots,
    errorScale = LINEAR_PREDICTION_DEFAULTS.errorScale,
  } = options;
  assertInteger("options.errorSlots", errorSlots, { min: 1 });
  if (!(errorScale >= 0) || !Number.isFinite(errorScale)) {
    throw new RangeError(`options.errorScale must be a finite number >= 0, got ${errorScale}`);
  }
  return { errorSlots, errorScale };
}

/**
 * Residual scenarios around the linear forecast (no training, no state). Scenario 0 is
 * the forecast; scenario `i` adds `errorScale` times the predictor's one-step error for
 * slot `syncSlot - i + 1` (`linearFeatures`' `errors[i - 1]`), row by row, to every
 * forecast slot (where the history is too short for that error, the scenario repeats
 * the forecast). WC-ZF over them hedges each UE against the directions its channel
 * recently moved in unforeseen.
 *
 * @example
 * ```ts
 * import { createResidualScenarioPredictor } from "./linear_prediction.ts";
 * const p = createResidualScenarioPredictor({ order: 4, fitSlots: 10, errorSlots: 5 });
 * console.log(p.trajectories); // 6
 * ```
 */
export function createResidualScenarioPredictor(
  options: ResidualScenarioOptions = {},
): ChannelPredictor {
  const s = settings(options);
  const { errorSlots, errorScale } = residualScenarioSettings(options);
  return {
    name: options.name ?? "linear-scenarios",
    trajectories: errorSlots + 1,
    predict(history: TwinHistory, horizon: number): ChannelTrajectories {
      assertInteger("horizon", horizon, { min: 1 });
      const f = linearFeatures(history, { ...s, horizon, errorSlots });
      return residualScenarios(f.forecast, f, { errorScale });
    },
  };
}
