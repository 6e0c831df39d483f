/**
 * Row-shared linear prediction (Prony type) and the residual scenarios around it.
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
 * a beam needs.
 *
 * Cost per (UE, AP) row: `O(fitSlots L Nt)` for the normal equations, `O(L^3)` for the
 * solve and `O(horizon L Nt)` for the forecast: with K = 30, A = 3, Nt = 64, L = 8 and
 * 10 slots, about 0.5 M complex multiply-adds per decision.
 *
 * @module
 */
import { assertInteger, type ComplexMatrix, complexMatrix } from "../core/mod.ts";
import type { ChannelPredictor, ChannelTrajectories, TwinHistory } from "../channel/predictor.ts";

/** Options of {@link createLinearPredictor}. */
export interface LinearPredictorOptions {
  /** Recurrence order `L` (taps), >= 1 (default 8). */
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

/** One fitted row: its aligned past `x[s]` (oldest first) and coefficients `c[p-1]`. */
interface RowFit {
  /** Aligned past rows, `fitSlots` entries of interleaved `[re, im]` x Nt. */
  readonly past: Float64Array[];
  /** Coefficients `c_1..c_L`, interleaved re/im. */
  readonly coefficients: Float64Array;
}

/** Checks a history window for NaN / infinite entries; the error names the slot and AP. */
function assertFiniteHistory(window: readonly ComplexMatrix[][], firstSlot: number): void {
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
 * `phase[i][k]` (rad) multiplies slot i's rows of UE k; the newest slot keeps 0.
 */
function alignmentPhases(window: readonly ComplexMatrix[][], ueCount: number): Float64Array[] {
  const n = window.length;
  const phases = Array.from({ length: n }, () => new Float64Array(ueCount));
  for (let i = n - 2; i >= 0; i--) {
    for (let k = 0; k < ueCount; k++) {
      // <h_i, h_{i+1}> over all APs, with slot i+1 already rotated by phases[i+1][k]
      let re = 0, im = 0;
      for (let b = 0; b < window[i].length; b++) {
        const a = window[i][b], c = window[i + 1][b];
        const off = k * a.cols;
        for (let j = off; j < off + a.cols; j++) {
          // conj(a) c
          re += a.re[j] * c.re[j] + a.im[j] * c.im[j];
          im += a.re[j] * c.im[j] - a.im[j] * c.re[j];
        }
      }
      phases[i][k] = re === 0 && im === 0
        ? phases[i + 1][k]
        : Math.atan2(im, re) + phases[i + 1][k];
    }
  }
  return phases;
}

/** The aligned past of row (k, b): `fitSlots` interleaved vectors, oldest first. */
function alignedRow(
  window: readonly ComplexMatrix[][],
  phases: readonly Float64Array[] | null,
  k: number,
  b: number,
): Float64Array[] {
  return window.map((aps, i) => {
    const h = aps[b];
    const x = new Float64Array(2 * h.cols);
    const theta = phases ? phases[i][k] : 0;
    const cr = Math.cos(theta), ci = Math.sin(theta);
    for (let j = 0; j < h.cols; j++) {
      const re = h.re[k * h.cols + j], im = h.im[k * h.cols + j];
      x[2 * j] = re * cr - im * ci;
      x[2 * j + 1] = re * ci + im * cr;
    }
    return x;
  });
}

/** `sum_j conj(u_j) v_j` of interleaved vectors, as `[re, im]`. */
function dot(u: Float64Array, v: Float64Array): [number, number] {
  let re = 0, im = 0;
  for (let j = 0; j < u.length; j += 2) {
    re += u[j] * v[j] + u[j + 1] * v[j + 1];
    im += u[j] * v[j + 1] - u[j + 1] * v[j];
  }
  return [re, im];
}

/**
 * Least-squares coefficients of `x[s] ≈ sum_p c_p x[s-p]` over `s = L..n-1`: the normal
 * equations `G c = r`, `G_qp = sum_s <x[s-q], x[s-p]>`, `r_q = sum_s <x[s-q], x[s]>`,
 * with a relative ridge, solved by complex Gaussian elimination with partial pivoting.
 */
function fitCoefficients(
  past: readonly Float64Array[],
  order: number,
  ridge: number,
): Float64Array {
  const L = order, n = past.length;
  const g = new Float64Array(2 * L * L), r = new Float64Array(2 * L);
  for (let s = L; s < n; s++) {
    for (let q = 1; q <= L; q++) {
      const [rr, ri] = dot(past[s - q], past[s]);
      r[2 * (q - 1)] += rr;
      r[2 * (q - 1) + 1] += ri;
      for (let p = 1; p <= L; p++) {
        const [gr, gi] = dot(past[s - q], past[s - p]);
        g[2 * ((q - 1) * L + p - 1)] += gr;
        g[2 * ((q - 1) * L + p - 1) + 1] += gi;
      }
    }
  }
  let trace = 0;
  for (let q = 0; q < L; q++) trace += g[2 * (q * L + q)];
  const lambda = ridge * (trace > 0 ? trace / L : 1);
  for (let q = 0; q < L; q++) g[2 * (q * L + q)] += lambda;
  return solveComplex(g, r, L);
}

/** Solves the complex `L x L` system `g c = r` (interleaved, row-major) in place. */
function solveComplex(g: Float64Array, r: Float64Array, L: number): Float64Array {
  for (let col = 0; col < L; col++) {
    let pivot = col, best = -1;
    for (let row = col; row < L; row++) {
      const m = Math.hypot(g[2 * (row * L + col)], g[2 * (row * L + col) + 1]);
      if (m > best) [best, pivot] = [m, row];
    }
    if (best === 0) return new Float64Array(2 * L); // no information: predict zero change
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
  const c = new Float64Array(2 * L);
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

/** One step of the recurrence from the last `L` rows of `series` (newest last). */
function step(series: readonly Float64Array[], c: Float64Array): Float64Array {
  const L = c.length / 2, n = series.length;
  const out = new Float64Array(series[n - 1].length);
  for (let p = 1; p <= L; p++) {
    const x = series[n - p], cr = c[2 * (p - 1)], ci = c[2 * (p - 1) + 1];
    for (let j = 0; j < out.length; j += 2) {
      out[j] += cr * x[j] - ci * x[j + 1];
      out[j + 1] += cr * x[j + 1] + ci * x[j];
    }
  }
  return out;
}

/** Validated options with defaults. */
function settings(options: LinearPredictorOptions) {
  const {
    order = 8,
    fitSlots = 10,
    regularization = 1e-3,
    alignPhase = true,
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

/** The fitted rows of a history: `fits[b][k]`, plus the window's first slot. */
export interface LinearFit {
  readonly fits: RowFit[][];
  readonly apCount: number;
  readonly ueCount: number;
  readonly antennaCount: number;
}

/**
 * Fits one recurrence per (UE, AP) row on the last `fitSlots` slots of `history`.
 * Throws a `RangeError` naming the argument when the history is shorter than the window
 * or holds a non-finite entry.
 */
export function fitLinearPredictor(
  history: TwinHistory,
  options: LinearPredictorOptions = {},
): LinearFit {
  const { order, fitSlots, regularization, alignPhase } = settings(options);
  const available = history.syncSlot + 1;
  if (available < fitSlots) {
    throw new RangeError(
      `history holds ${available} slot(s) up to syncSlot ${history.syncSlot}, fewer than ` +
        `options.fitSlots ${fitSlots} (order ${order})`,
    );
  }
  const first = history.syncSlot - fitSlots + 1;
  const window = Array.from({ length: fitSlots }, (_, i) => history.channels(first + i));
  assertFiniteHistory(window, first);
  const phases = alignPhase ? alignmentPhases(window, history.ueCount) : null;
  const fits = Array.from(
    { length: history.apCount },
    (_, b) =>
      Array.from({ length: history.ueCount }, (_, k) => {
        const past = alignedRow(window, phases, k, b);
        return { past, coefficients: fitCoefficients(past, order, regularization) };
      }),
  );
  return {
    fits,
    apCount: history.apCount,
    ueCount: history.ueCount,
    antennaCount: history.antennaCount,
  };
}

/** Runs a fit forward: `horizon` slots of `A` matrices `[K, Nt]`, with `offsets` added per row. */
function forecast(
  fit: LinearFit,
  horizon: number,
  offset?: (b: number, k: number) => Float64Array | null,
): ComplexMatrix[][] {
  const out = Array.from(
    { length: horizon },
    () => Array.from({ length: fit.apCount }, () => complexMatrix(fit.ueCount, fit.antennaCount)),
  );
  for (let b = 0; b < fit.apCount; b++) {
    for (let k = 0; k < fit.ueCount; k++) {
      const { past, coefficients } = fit.fits[b][k];
      const series = [...past];
      const add = offset?.(b, k) ?? null;
      for (let t = 0; t < horizon; t++) {
        const next = step(series, coefficients);
        series.push(next);
        const m = out[t][b], nt = fit.antennaCount;
        for (let j = 0; j < nt; j++) {
          m.re[k * nt + j] = next[2 * j] + (add ? add[2 * j] : 0);
          m.im[k * nt + j] = next[2 * j + 1] + (add ? add[2 * j + 1] : 0);
        }
      }
    }
  }
  return out;
}

function assertHorizon(horizon: number): void {
  assertInteger("horizon", horizon, { min: 1 });
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
      assertHorizon(horizon);
      return [forecast(fitLinearPredictor(history, s), horizon)];
    },
  };
}

/** Options of {@link createResidualScenarioPredictor}. */
export interface ResidualScenarioOptions extends LinearPredictorOptions {
  /** Recent one-step errors kept as scenarios (M = errorSlots + 1; default 10). */
  readonly errorSlots?: number;
  /** Scale of the errors added back (default 0.5). */
  readonly errorScale?: number;
}

/**
 * The one-step error of a forecast row group against the CSI that then arrived, per
 * (AP, UE) row: `actual - e^{j phi} forecast`, with `phi` the UE's common phase that best
 * maps the forecast onto the actual rows (so an oscillator phase is no error), `[A][K]`
 * interleaved vectors.
 */
function oneStepErrors(forecastRows: readonly ComplexMatrix[], actual: readonly ComplexMatrix[]) {
  const A = actual.length, K = actual[0].rows, nt = actual[0].cols;
  const errors = Array.from(
    { length: A },
    () => Array.from({ length: K }, () => new Float64Array(2 * nt)),
  );
  for (let k = 0; k < K; k++) {
    let re = 0, im = 0;
    for (let b = 0; b < A; b++) {
      const f = forecastRows[b], h = actual[b];
      for (let j = k * nt; j < (k + 1) * nt; j++) {
        re += f.re[j] * h.re[j] + f.im[j] * h.im[j]; // conj(f) h
        im += f.re[j] * h.im[j] - f.im[j] * h.re[j];
      }
    }
    const mag = Math.hypot(re, im);
    const cr = mag > 0 ? re / mag : 1, ci = mag > 0 ? im / mag : 0;
    for (let b = 0; b < A; b++) {
      const f = forecastRows[b], h = actual[b], e = errors[b][k];
      for (let j = 0; j < nt; j++) {
        const i = k * nt + j;
        e[2 * j] = h.re[i] - (f.re[i] * cr - f.im[i] * ci);
        e[2 * j + 1] = h.im[i] - (f.re[i] * ci + f.im[i] * cr);
      }
    }
  }
  return errors;
}

/**
 * Residual scenarios around the linear forecast (no training). The predictor keeps the
 * one-step forecast of each decision; when the next slot's CSI arrives it stores the
 * error it made (`oneStepErrors`), keeping the last `errorSlots`. Scenario 0 is the
 * forecast; scenario `i` adds `errorScale` times the `i`-th most recent error, row by
 * row, to every forecast slot (until that many errors exist, the extra scenarios repeat
 * the forecast). WC-ZF over them hedges each UE against the directions its channel
 * recently moved in unforeseen. Stateful: make one per episode.
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
  const { errorSlots = 10, errorScale = 0.5 } = options;
  assertInteger("options.errorSlots", errorSlots, { min: 1 });
  if (!(errorScale >= 0) || !Number.isFinite(errorScale)) {
    throw new RangeError(`options.errorScale must be a finite number >= 0, got ${errorScale}`);
  }
  const errors: Float64Array[][][] = []; // newest first, [A][K] rows each
  let pending: { slot: number; rows: ComplexMatrix[] } | null = null;
  return {
    name: options.name ?? "linear-scenarios",
    trajectories: errorSlots + 1,
    predict(history: TwinHistory, horizon: number): ChannelTrajectories {
      assertHorizon(horizon);
      if (pending && pending.slot === history.syncSlot) {
        errors.unshift(oneStepErrors(pending.rows, history.channels(history.syncSlot)));
        errors.length = Math.min(errors.length, errorSlots);
      }
      const fit = fitLinearPredictor(history, s);
      const base = forecast(fit, horizon);
      pending = { slot: history.syncSlot + 1, rows: base[0] };
      return [
        base,
        ...Array.from(
          { length: errorSlots },
          (_, i) =>
            i < errors.length
              ? forecast(fit, horizon, (b, k) => errors[i][b][k].map((v) => errorScale * v))
              : base,
        ),
      ];
    },
  };
}
