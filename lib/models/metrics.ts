/**
 * Validation metrics of channel predictors (cGAN ensembles and point forecasts).
 *
 * For one window with truth `H` `[T, K, Nt]` and `M` samples `X_m` `[T, K, Nt]` (complex,
 * physical amplitudes):
 *
 * - **NMSE of the sample mean**: `sum |mean_m X_m - H|^2 / sum |H|^2` over all `T K Nt`
 *   entries (linear; report `10 log10` of the mean over windows). A point forecast is
 *   the `M = 1` case.
 * - **Spread**: `sqrt(mean over entries of (1/M) sum_m |X_m - mean|^2) / rms(H)`, the
 *   ensemble's standard deviation relative to the truth's RMS amplitude.
 * - **Coverage**: the fraction of entries whose true *amplitude* `|H|` lies inside the
 *   range `[min_m |X_m|, max_m |X_m|]` of the `M` sampled amplitudes. For a calibrated
 *   ensemble (truth exchangeable with the samples) the expected value is
 *   `(M - 1) / (M + 1)` (0.905 for M = 20): lower means over-confident samples, higher
 *   means too wide.
 * - **Row gains**: `10 log10 sum_n |h_{t,k,n}|^2` per row (dB); the real and generated
 *   distributions are compared with the Wasserstein-1 distance ({@link wasserstein1}).
 * - **Signature correlation**: mean over samples, slots and rows of
 *   `|<x_{m,t,k}, h_{t,k}>| / (|x_{m,t,k}| |h_{t,k}|)`: how well each sampled row points
 *   where the true one does, ignoring its common phase (what a beam needs; NMSE counts
 *   that phase, which at 73 GHz turns within a slot). 1 for a perfect direction; about
 *   `sqrt(pi / (4 Nt))` (0.11 for Nt = 64) for unrelated rows.
 *
 * @example
 * ```ts
 * import { ensembleMetrics, wasserstein1 } from "./metrics.ts";
 * const dims = { T: 1, K: 1, Nt: 1 };
 * const truth = Float32Array.of(1, 0);
 * const samples = Float32Array.of(0.5, 0, 1.5, 0); // M = 2: amplitudes 0.5 and 1.5
 * const m = ensembleMetrics(samples, truth, { ...dims, M: 2 });
 * if (m.nmse !== 0 || m.coverage !== 1 || Math.abs(m.spread - 0.5) > 1e-9) throw new Error("metrics");
 * if (wasserstein1([0, 1], [1, 2]) !== 1) throw new Error("W1 of a shift = the shift");
 * ```
 *
 * @module
 */
import { assertInteger } from "../core/mod.ts";

/** Metrics of one window. */
export interface EnsembleMetrics {
  /** Linear NMSE of the sample mean. */
  readonly nmse: number;
  /** Relative ensemble standard deviation (0 for `M = 1`). */
  readonly spread: number;
  /** Fraction of true amplitudes inside the sampled range (NaN for `M = 1`). */
  readonly coverage: number;
  /** True row gains, dB, `[T K]`. */
  readonly realGainsDb: Float64Array;
  /** Generated row gains, dB, `[M T K]`. */
  readonly generatedGainsDb: Float64Array;
  /** Mean signature correlation of the sampled rows with the true rows (NaN if none). */
  readonly signature: number;
}

/**
 * Metrics of one window.
 *
 * @param samples interleaved complex `[M, T, K, Nt]`.
 * @param truth interleaved complex `[T, K, Nt]`.
 * @param options `M`, `T`, `K`, `Nt`.
 */
export function ensembleMetrics(
  samples: Float32Array,
  truth: Float32Array,
  options: { readonly M: number; readonly T: number; readonly K: number; readonly Nt: number },
): EnsembleMetrics {
  const { M, T, K, Nt } = options;
  for (const [k, v] of Object.entries({ M, T, K, Nt })) assertInteger(k, v, { min: 1 });
  const E = T * K * Nt;
  if (!(truth instanceof Float32Array) || truth.length !== 2 * E) {
    throw new RangeError(`truth must be a Float32Array of 2 T K Nt = ${2 * E} floats`);
  }
  if (!(samples instanceof Float32Array) || samples.length !== 2 * M * E) {
    throw new RangeError(`samples must be a Float32Array of 2 M T K Nt = ${2 * M * E} floats`);
  }
  let err = 0;
  let pow = 0;
  let varSum = 0;
  let covered = 0;
  for (let e = 0; e < E; e++) {
    let mr = 0;
    let mi = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let m = 0; m < M; m++) {
      const re = samples[2 * (m * E + e)];
      const im = samples[2 * (m * E + e) + 1];
      mr += re;
      mi += im;
      const a = Math.hypot(re, im);
      if (a < lo) lo = a;
      if (a > hi) hi = a;
    }
    mr /= M;
    mi /= M;
    for (let m = 0; m < M; m++) {
      const dr = samples[2 * (m * E + e)] - mr;
      const di = samples[2 * (m * E + e) + 1] - mi;
      varSum += (dr * dr + di * di) / M;
    }
    const tr = truth[2 * e];
    const ti = truth[2 * e + 1];
    err += (mr - tr) ** 2 + (mi - ti) ** 2;
    pow += tr * tr + ti * ti;
    const ta = Math.hypot(tr, ti);
    if (ta >= lo && ta <= hi) covered++;
  }
  const gains = (data: Float32Array, rows: number) => {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let i = 0; i < 2 * Nt; i++) s += data[r * 2 * Nt + i] ** 2;
      out[r] = 10 * Math.log10(Math.max(s, 1e-30));
    }
    return out;
  };
  let sigSum = 0, sigCount = 0;
  for (let m = 0; m < M; m++) {
    for (let r = 0; r < T * K; r++) {
      let re = 0, im = 0, px = 0, ph = 0;
      for (let n = 0; n < Nt; n++) {
        const i = 2 * (r * Nt + n), j = 2 * (m * E + r * Nt + n);
        const xr = samples[j], xi = samples[j + 1], hr = truth[i], hi = truth[i + 1];
        re += xr * hr + xi * hi;
        im += xi * hr - xr * hi;
        px += xr * xr + xi * xi;
        ph += hr * hr + hi * hi;
      }
      if (px > 0 && ph > 0) {
        sigSum += Math.hypot(re, im) / Math.sqrt(px * ph);
        sigCount++;
      }
    }
  }
  return {
    signature: sigCount > 0 ? sigSum / sigCount : NaN,
    nmse: pow > 0 ? err / pow : NaN,
    spread: pow > 0 ? Math.sqrt(varSum / E) / Math.sqrt(pow / E) : NaN,
    coverage: M > 1 ? covered / E : NaN,
    realGainsDb: gains(truth, T * K),
    generatedGainsDb: gains(samples, M * T * K),
  };
}

/**
 * Wasserstein-1 distance between two empirical distributions (equal weights per value):
 * the area between their CDFs. NaN if either is empty.
 *
 * @param a values of the first sample.
 * @param b values of the second sample.
 */
export function wasserstein1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return NaN;
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let prev = Math.min(x[0], y[0]);
  let area = 0;
  while (i < x.length || j < y.length) {
    const next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
    area += Math.abs(i / x.length - j / y.length) * (next - prev);
    prev = next;
    if (i < x.length && x[i] === next) i++;
    else j++;
  }
  return area;
}

/** Converts a linear ratio to dB (`NaN` stays `NaN`). */
export function toDb(x: number): number {
  return 10 * Math.log10(x);
}
