/**
 * Empirical CDFs as tidy rows for Observable Plot, and percentiles.
 *
 * @module
 */

/** One step of an empirical CDF: `p = P(X <= value)`. */
export interface CdfRow {
  /** Sample value (units of the input, e.g. dB). */
  readonly value: number;
  /** Cumulative probability in (0, 1]. */
  readonly p: number;
  /** Scheme label, when given. */
  readonly scheme?: string;
}

function checkValues(values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== "number") throw new TypeError(`values[${i}] must be a number`);
    if (Number.isNaN(values[i])) throw new RangeError(`values[${i}] is NaN`);
  }
}

/**
 * Empirical CDF: the sorted samples with `p = (i + 1) / n` (ties keep one row each, so
 * a step plot via Plot's `line` with `curve: "step-after"` is exact). `-Infinity` and
 * `Infinity` are kept; NaN is rejected.
 *
 * @param values samples (any units).
 * @param options `scheme`: label stored on every row (for Plot's `stroke`).
 * @returns `n` rows, ascending in `value`.
 *
 * @example
 * ```ts
 * import { empiricalCdf } from "./cdf.ts";
 * console.log(empiricalCdf([3, 1, 2], { scheme: "zf" })[0]); // { value: 1, p: 0.3333333333333333, scheme: "zf" }
 * ```
 */
export function empiricalCdf(
  values: ArrayLike<number>,
  options: { scheme?: string } = {},
): CdfRow[] {
  checkValues(values);
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const { scheme } = options;
  return Array.from(
    sorted,
    (value, i) =>
      scheme === undefined ? { value, p: (i + 1) / n } : { value, p: (i + 1) / n, scheme },
  );
}

/**
 * Percentile with linear interpolation between order statistics (R type 7 / NumPy
 * default): position `q (n - 1)` in the sorted sample. NaN for an empty sample.
 *
 * @param values samples.
 * @param q quantile in `[0, 1]` (0.5: median, 0.1: 10 % outage level).
 * @returns the interpolated quantile (units of the input).
 *
 * @example
 * ```ts
 * import { percentile } from "./cdf.ts";
 * console.log(percentile([1, 2, 3, 4], 0.5), percentile([0, 10], 0.1)); // 2.5 1
 * ```
 */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (typeof q !== "number" || !(q >= 0 && q <= 1)) {
    throw new RangeError(`q must be in [0, 1], got ${q}`);
  }
  checkValues(values);
  const n = values.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const pos = q * (n - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  // equal neighbours (infinities included: inf - inf is NaN) need no interpolation
  if (lo === hi || s[lo] === s[hi]) return s[lo];
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/**
 * Median and 10 %-outage level (the 10th percentile) of a sample, as the paper reports
 * SINR ("median" and "10%-outage").
 *
 * @param values samples (e.g. SINR in dB).
 * @returns `{ median, outage10, count }`.
 *
 * @example
 * ```ts
 * import { sinrSummary } from "./cdf.ts";
 * console.log(sinrSummary([0, 10, 20])); // { median: 10, outage10: 2, count: 3 }
 * ```
 */
export function sinrSummary(
  values: ArrayLike<number>,
): { median: number; outage10: number; count: number } {
  return {
    median: percentile(values, 0.5),
    outage10: percentile(values, 0.1),
    count: values.length,
  };
}
