/**
 * Reference implementation of `linearFeatures` (lib/channel/linear_prediction.ts) as it
 * was before the allocation-free rewrite (issue 13): arrays of `Float64Array` per row and
 * slot, one Gram per row, every fit allocating. Kept only as the tests' reference: the
 * optimized code must return the same numbers (bit for bit: same arithmetic, same order).
 *
 * @module
 */
import { assertInteger, type ComplexMatrix, complexMatrix } from "../../lib/core/mod.ts";
import type {
  LinearFeatureOptions,
  LinearFeatures,
  LinearPredictorOptions,
} from "../../lib/channel/linear_prediction.ts";
import type { TwinHistory } from "../../lib/channel/predictor.ts";

const LINEAR_PREDICTION_DEFAULTS = {
  order: 6,
  fitSlots: 10,
  regularization: 1e-3,
  alignPhase: true,
};

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

/** The aligned series of row (k, b): one interleaved `[re, im] x Nt` vector per slot, oldest first. */
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

/** Gram matrix `gram[a][b] = <x[a], x[b]>` (interleaved complex, `[n][2n]`) of a series. */
function seriesGram(series: readonly Float64Array[]): Float64Array[] {
  const n = series.length;
  const gram = Array.from({ length: n }, () => new Float64Array(2 * n));
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      const [re, im] = dot(series[a], series[b]);
      gram[a][2 * b] = re;
      gram[a][2 * b + 1] = im;
      gram[b][2 * a] = re; // <x_b, x_a> = conj(<x_a, x_b>)
      gram[b][2 * a + 1] = -im;
    }
  }
  return gram;
}

/**
 * Least-squares coefficients of `x[s] ≈ sum_p c_p x[s-p]` for the targets
 * `s = first + L .. last` (window slots `first..last` of the series): the normal
 * equations `G c = r`, `G_qp = sum_s <x[s-q], x[s-p]>`, `r_q = sum_s <x[s-q], x[s]>`,
 * read off the series' Gram matrix, with a relative ridge.
 */
function fitFromGram(
  gram: readonly Float64Array[],
  window: { first: number; last: number },
  order: number,
  ridge: number,
): Float64Array {
  const L = order;
  const g = new Float64Array(2 * L * L), r = new Float64Array(2 * L);
  for (let s = window.first + L; s <= window.last; s++) {
    for (let q = 1; q <= L; q++) {
      const row = gram[s - q];
      r[2 * (q - 1)] += row[2 * s];
      r[2 * (q - 1) + 1] += row[2 * s + 1];
      for (let p = 1; p <= L; p++) {
        g[2 * ((q - 1) * L + p - 1)] += row[2 * (s - p)];
        g[2 * ((q - 1) * L + p - 1) + 1] += row[2 * (s - p) + 1];
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

/** One step of the recurrence from the `L` rows of `series` ending at index `last`. */
function step(series: readonly Float64Array[], last: number, c: Float64Array): Float64Array {
  const L = c.length / 2;
  const out = new Float64Array(series[last].length);
  for (let p = 1; p <= L; p++) {
    const x = series[last + 1 - p], cr = c[2 * (p - 1)], ci = c[2 * (p - 1) + 1];
    for (let j = 0; j < out.length; j += 2) {
      out[j] += cr * x[j] - ci * x[j + 1];
      out[j + 1] += cr * x[j + 1] + ci * x[j];
    }
  }
  return out;
}

/** Writes an interleaved row into row `k` of `m`. */
function putRow(m: ComplexMatrix, k: number, x: Float64Array): void {
  const nt = m.cols;
  for (let j = 0; j < nt; j++) {
    m.re[k * nt + j] = x[2 * j];
    m.im[k * nt + j] = x[2 * j + 1];
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
export function referenceLinearFeatures(
  history: TwinHistory,
  options: LinearFeatureOptions,
): LinearFeatures {
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
  const window = Array.from({ length: n }, (_, i) => history.channels(first + i));
  assertFiniteHistory(window, first);
  const K = history.ueCount, Nt = history.antennaCount;
  const phases = alignPhase ? alignmentPhases(window, K) : null;
  const zeros = () => aps.map(() => complexMatrix(K, Nt));
  const past = Array.from({ length: fitSlots }, zeros);
  const forecast = Array.from({ length: horizon }, zeros);
  const errors = Array.from({ length: errorSlots }, zeros);
  aps.forEach((b, ib) => {
    for (let k = 0; k < K; k++) {
      const series = alignedRow(window, phases, k, b);
      const gram = seriesGram(series);
      for (let i = 0; i < fitSlots; i++) putRow(past[i][ib], k, series[errorCount + i]);
      const c = fitFromGram(gram, { first: n - fitSlots, last: n - 1 }, order, regularization);
      const run = [...series];
      for (let t = 0; t < horizon; t++) {
        run.push(step(run, run.length - 1, c));
        putRow(forecast[t][ib], k, run[run.length - 1]);
      }
      for (let i = 0; i < errorCount; i++) {
        const target = n - 1 - i; // error for slot syncSlot - i
        const ci = fitFromGram(
          gram,
          { first: target - fitSlots, last: target - 1 },
          order,
          regularization,
        );
        const predicted = step(series, target - 1, ci);
        const e = series[target].map((v, j) => v - predicted[j]);
        putRow(errors[i][ib], k, e);
      }
    }
  });
  return { past, forecast, errors, errorCount };
}
