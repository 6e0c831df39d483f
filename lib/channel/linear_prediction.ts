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
 * Gram matrix per row shared by all fits. They are not carried over from the previous
 * slots: the aligned frame is the newest slot's, so every past slot's rotation (a sum
 * of phase steps from the newest slot down) changes with each new slot, and the errors
 * and fits of the previous call are in another frame. Re-rotating them would change the
 * numbers at the rounding level; the caller gets exactly what a fresh computation gives.
 *
 * Cost per (UE, AP) row, `n = fitSlots + errorSlots` window slots: the band
 * `|a - b| <= L` of the Gram matrix (what the fits read; `(L + 1) n - L (L + 1) / 2`
 * inner products of `Nt` complex values), then per fit `O(fitSlots L^2)` additions and
 * an `O(L^3)` solve, and `O((horizon + errorSlots) L Nt)` for the forecast and the
 * errors: with K = 30, A = 3, Nt = 64, L = 6, n = 15, about 0.7 M complex multiply-adds
 * per decision (~1.2 ms on one core of the 2-core machine).
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
 *
 * Also returns `screen`, the sum of `re * 0 + im * 0` over the inner products: a
 * non-finite entry anywhere in the window makes its inner products (and so `screen`)
 * non-finite, since every slot is in one of the pairs (`n >= 2`) and every entry of a
 * `[K, Nt]` matrix is read ({@link linearRows} checks the shapes before trusting it).
 * A finite `screen` therefore proves the window finite; a non-finite one (also possible
 * when finite products overflow) sends the caller to the full check.
 */
function alignmentPhases(
  window: readonly (readonly ComplexMatrix[])[],
  ueCount: number,
): { phases: Float64Array; screen: number } {
  const n = window.length;
  const phases = new Float64Array(n * ueCount);
  let screen = 0;
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
      screen += re * 0 + im * 0;
      const next = phases[(i + 1) * ueCount + k];
      phases[i * ueCount + k] = re === 0 && im === 0 ? next : Math.atan2(im, re) + next;
    }
  }
  return { phases, screen };
}

/**
 * `cos` and `sin` of every alignment phase, `[n K]` each (computed once per (slot, UE)
 * instead of once per row: the same values, `Math.cos` / `Math.sin` being functions).
 */
function phaseRotations(
  phases: Float64Array | null,
  length: number,
  cos: Float64Array,
  sin: Float64Array,
): void {
  for (let i = 0; i < length; i++) {
    const theta = phases ? phases[i] : 0;
    cos[i] = Math.cos(theta);
    sin[i] = Math.sin(theta);
  }
}

/**
 * Writes the aligned series of row (k, b) into `out` `[n, 2 Nt]` (interleaved, oldest
 * first).
 */
function alignedRowInto(
  window: readonly (readonly ComplexMatrix[])[],
  rotation: { readonly cos: Float64Array; readonly sin: Float64Array; readonly K: number },
  k: number,
  b: number,
  out: Float64Array,
): void {
  const K = rotation.K;
  for (let i = 0; i < window.length; i++) {
    const h = window[i][b], nt = h.cols, re = h.re, im = h.im;
    const cr = rotation.cos[i * K + k], ci = rotation.sin[i * K + k];
    const o = i * 2 * nt, from = k * nt;
    for (let j = 0; j < nt; j++) {
      const r = re[from + j], m = im[from + j];
      out[o + 2 * j] = r * cr - m * ci;
      out[o + 2 * j + 1] = r * ci + m * cr;
    }
  }
}

/**
 * Band `|a - b| <= band` of the Gram matrix `gram[a * 2n + 2b (+1)] = <x[a], x[b]>`
 * (interleaved complex `[n, n]`) of the series `x` `[n, F]` (`F = 2 Nt` interleaved
 * values per slot). The fits read only `|a - b| <= order` ({@link fitFromGram}); the
 * entries outside the band are left as they were. Each entry is the same sum, in the
 * same order, as the full matrix's; two entries are summed side by side to share the
 * loads of `x[a]`.
 */
function seriesGramInto(
  x: Float64Array,
  n: number,
  F: number,
  band: number,
  gram: Float64Array,
): void {
  const put = (a: number, b: number, re: number, im: number) => {
    gram[a * 2 * n + 2 * b] = re;
    gram[a * 2 * n + 2 * b + 1] = im;
    gram[b * 2 * n + 2 * a] = re; // <x_b, x_a> = conj(<x_a, x_b>)
    gram[b * 2 * n + 2 * a + 1] = -im;
  };
  for (let a = 0; a < n; a++) {
    const ua = a * F, end = Math.min(n - 1, a + band);
    let b = a;
    for (; b + 1 <= end; b += 2) {
      const vb = b * F, wb = vb + F;
      let re = 0, im = 0, re2 = 0, im2 = 0;
      for (let j = 0; j < F; j += 2) {
        const ur = x[ua + j], ui = x[ua + j + 1];
        const vr = x[vb + j], vi = x[vb + j + 1], wr = x[wb + j], wi = x[wb + j + 1];
        re += ur * vr + ui * vi;
        im += ur * vi - ui * vr;
        re2 += ur * wr + ui * wi;
        im2 += ur * wi - ui * wr;
      }
      put(a, b, re, im);
      put(a, b + 1, re2, im2);
    }
    if (b <= end) {
      const vb = b * F;
      let re = 0, im = 0;
      for (let j = 0; j < F; j += 2) {
        const ur = x[ua + j], ui = x[ua + j + 1], vr = x[vb + j], vi = x[vb + j + 1];
        re += ur * vr + ui * vi;
        im += ur * vi - ui * vr;
      }
      put(a, b, re, im);
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
  // Each entry is 0 plus its terms in increasing s (entry by entry, in locals). The
  // lower triangle is the conjugate of the upper one: the terms of G_pq are those of
  // G_qp with the imaginary parts negated exactly (the Gram's mirror), and a
  // round-to-nearest sum of negated terms from +0 is the negated sum, except that an
  // exact zero stays +0 (never -0).
  const L = order, g = fit.g, r = fit.r, n2 = 2 * n;
  const s0 = window.first + L, s1 = window.last;
  for (let q = 1; q <= L; q++) {
    let rr = 0, ri = 0;
    for (let s = s0; s <= s1; s++) {
      const e = (s - q) * n2 + 2 * s;
      rr += gram[e];
      ri += gram[e + 1];
    }
    r[2 * (q - 1)] = rr;
    r[2 * (q - 1) + 1] = ri;
    for (let p = q; p <= L; p++) {
      let gr = 0, gi = 0;
      for (let s = s0; s <= s1; s++) {
        const e = (s - q) * n2 + 2 * (s - p);
        gr += gram[e];
        gi += gram[e + 1];
      }
      g[2 * ((q - 1) * L + p - 1)] = gr;
      g[2 * ((q - 1) * L + p - 1) + 1] = gi;
      if (p !== q) {
        g[2 * ((p - 1) * L + q - 1)] = gr;
        g[2 * ((p - 1) * L + q - 1) + 1] = gi === 0 ? 0 : -gi;
      }
    }
  }
  let trace = 0;
  for (let q = 0; q < L; q++) trace += g[2 * (q * L + q)];
  const lambda = ridge * (trace > 0 ? trace / L : 1);
  for (let q = 0; q < L; q++) g[2 * (q * L + q)] += lambda;
  return solveComplex(g, r, L, fit.c);
}

/**
 * The partial pivot of column `col` of `g` (`L x L`, interleaved): the first row
 * `row >= col` of largest `Math.hypot` of its entry, or -1 when they are all zero.
 */
function hypotPivot(g: Float64Array, L: number, col: number): number {
  let pivot = col, best = -1;
  for (let row = col; row < L; row++) {
    const m = Math.hypot(g[2 * (row * L + col)], g[2 * (row * L + col) + 1]);
    if (m > best) {
      best = m;
      pivot = row;
    }
  }
  return best === 0 ? -1 : pivot;
}

/** Relative gap of squared magnitudes that {@link pivotOf} needs to skip `Math.hypot`. */
const PIVOT_GAP = 2 ** -20;
/** Range of squared magnitudes where {@link pivotOf} trusts them (no under- or overflow). */
const PIVOT_MIN = 2 ** -900, PIVOT_MAX = 2 ** 900;

/**
 * The same row as {@link hypotPivot}, mostly without `Math.hypot` (~25 ns a call): the
 * row of largest squared magnitude `q = re^2 + im^2` is taken when every `q` is finite
 * and at most `2^900`, the largest is at least `2^-900`, and every other row's `q` is
 * below `(1 - 2^-20)` times the largest. Then the exact squared magnitudes keep that
 * order with a relative gap near `2^-20` (each `q` has a relative error of a few
 * `2^-53`, the underflow of a tiny part is below `2^-1074`), far more than the few
 * ulp of error of `Math.hypot`, so the hypot values have the same unique largest row
 * (and it is not zero). Anything else (ties, near ties, zeros, extreme or non-finite
 * values) goes to {@link hypotPivot} itself.
 */
function pivotOf(g: Float64Array, L: number, col: number): number {
  let pivot = col, qBest = -1;
  for (let row = col; row < L; row++) {
    const re = g[2 * (row * L + col)], im = g[2 * (row * L + col) + 1];
    const q = re * re + im * im;
    if (!(q <= PIVOT_MAX)) return hypotPivot(g, L, col);
    if (q > qBest) {
      qBest = q;
      pivot = row;
    }
  }
  if (!(qBest >= PIVOT_MIN)) return hypotPivot(g, L, col);
  const near = qBest * (1 - PIVOT_GAP);
  for (let row = col; row < L; row++) {
    if (row === pivot) continue;
    const re = g[2 * (row * L + col)], im = g[2 * (row * L + col) + 1];
    if (re * re + im * im >= near) return hypotPivot(g, L, col);
  }
  return pivot;
}

/** Solves the complex `L x L` system `g c = r` (interleaved, row-major) in place, into `c`. */
function solveComplex(g: Float64Array, r: Float64Array, L: number, c: Float64Array): Float64Array {
  c.fill(0);
  for (let col = 0; col < L; col++) {
    const pivot = pivotOf(g, L, col);
    if (pivot < 0) return c; // no information: predict zero change
    if (pivot !== col) {
      for (let j = 0; j < 2 * L; j++) {
        const t = g[2 * col * L + j];
        g[2 * col * L + j] = g[2 * pivot * L + j];
        g[2 * pivot * L + j] = t;
      }
      for (let j = 0; j < 2; j++) {
        const t = r[2 * col + j];
        r[2 * col + j] = r[2 * pivot + j];
        r[2 * pivot + j] = t;
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
  // per entry: 0, then the taps p = 1..L added in turn, two taps per pass over the
  // entries (`out` never overlaps the slots read)
  const L = c.length / 2;
  for (let p = 1; p <= L; p += 2) {
    const xo = (last + 1 - p) * F, cr = c[2 * (p - 1)], ci = c[2 * (p - 1) + 1];
    const fresh = p === 1;
    if (p < L) {
      const yo = xo - F, dr = c[2 * p], di = c[2 * p + 1];
      for (let j = 0; j < F; j += 2) {
        const r0 = fresh ? 0 : out[o + j], i0 = fresh ? 0 : out[o + j + 1];
        out[o + j] = (r0 + (cr * x[xo + j] - ci * x[xo + j + 1])) +
          (dr * x[yo + j] - di * x[yo + j + 1]);
        out[o + j + 1] = (i0 + (cr * x[xo + j + 1] + ci * x[xo + j])) +
          (dr * x[yo + j + 1] + di * x[yo + j]);
      }
    } else {
      for (let j = 0; j < F; j += 2) {
        const r0 = fresh ? 0 : out[o + j], i0 = fresh ? 0 : out[o + j + 1];
        out[o + j] = r0 + (cr * x[xo + j] - ci * x[xo + j + 1]);
        out[o + j + 1] = i0 + (cr * x[xo + j + 1] + ci * x[xo + j]);
      }
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

/**
 * Whether the alignment's inner products read every entry of the window: `n >= 2`
 * slots, each with the same number of matrices, all `[K, cols]` with both parts of
 * length `K cols` (what {@link alignmentPhases} walks).
 */
function screenedShapes(window: readonly (readonly ComplexMatrix[])[], K: number): boolean {
  if (window.length < 2) return false;
  const A = window[0].length, cols = A > 0 ? window[0][0].cols : 0, size = K * cols;
  for (const aps of window) {
    if (aps.length !== A) return false;
    for (const h of aps) {
      if (h.rows !== K || h.cols !== cols || h.re.length !== size || h.im.length !== size) {
        return false;
      }
    }
  }
  return true;
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
  const K = history.ueCount, Nt = history.antennaCount, F = 2 * Nt;
  let phases: Float64Array | null = null;
  if (alignPhase && screenedShapes(window, K)) {
    // the alignment's inner products read every entry: their screen proves the window
    // finite; otherwise the full check throws, or the values are finite after all
    const aligned = alignmentPhases(window, K);
    phases = aligned.phases;
    if (aligned.screen !== 0) assertFiniteHistory(window, first);
  } else {
    assertFiniteHistory(window, first);
    if (alignPhase) phases = alignmentPhases(window, K).phases;
  }
  const rotation = {
    cos: scratchOf("cos", n * K),
    sin: scratchOf("sin", n * K),
    K,
  };
  phaseRotations(phases, n * K, rotation.cos, rotation.sin);
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
      alignedRowInto(window, rotation, k, b, run);
      seriesGramInto(run, n, F, order, gram);
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
