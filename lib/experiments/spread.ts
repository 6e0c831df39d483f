/**
 * Seeds and their spread: the episode seeds of a study, derived from one base seed, and
 * the median / quartiles / range of a per-seed statistic, as every study reports it.
 *
 * @module
 */
import { assertInteger } from "../core/mod.ts";
import { percentile } from "../metrics/mod.ts";

/**
 * `count` episode seeds derived from a base seed: `base * 1000 + offset + i`, so the
 * experiments of one `--seed` never share an episode by accident.
 *
 * @example
 * ```ts
 * import { deriveSeeds } from "./spread.ts";
 * console.log(deriveSeeds(1, 3, { offset: 200 })); // [ 1200, 1201, 1202 ]
 * ```
 */
export function deriveSeeds(base: number, count: number, options: { offset?: number } = {}) {
  assertInteger("base", base, { min: 0 });
  assertInteger("count", count, { min: 1 });
  const { offset = 0 } = options;
  assertInteger("options.offset", offset, { min: 0, max: 999 });
  return Array.from({ length: count }, (_, i) => base * 1000 + offset + i);
}

/** Spread of a per-seed statistic. */
export interface Spread {
  readonly median: number;
  readonly q25: number;
  readonly q75: number;
  readonly min: number;
  readonly max: number;
  /** Number of finite-or-infinite (non-NaN) values. */
  readonly n: number;
}

/**
 * Median, quartiles and range of per-seed values (NaN entries dropped; all NaN when
 * none is left). `Infinity` (e.g. never recovered) is kept and sorts last.
 *
 * @example
 * ```ts
 * import { spread } from "./spread.ts";
 * console.log(spread([1, 2, 3, 4, 100]).median); // 3
 * ```
 */
export function spread(values: ArrayLike<number>): Spread {
  const v = Array.from(values).filter((x) => !Number.isNaN(x));
  if (v.length === 0) return { median: NaN, q25: NaN, q75: NaN, min: NaN, max: NaN, n: 0 };
  const lo = Math.min(...v), hi = Math.max(...v);
  return {
    median: percentile(v, 0.5),
    q25: percentile(v, 0.25),
    q75: percentile(v, 0.75),
    min: lo,
    max: hi,
    n: v.length,
  };
}

/**
 * `median [min, max]` with `digits` decimals, for printed tables; infinities print as
 * `inf` / `-inf` (e.g. a `T_rec` that never recovered within its trace).
 */
export function formatSpread(s: Spread, options: { digits?: number; unit?: string } = {}): string {
  const { digits = 1, unit = "" } = options;
  const f = (x: number) =>
    Number.isFinite(x)
      ? x.toFixed(digits)
      : x === Infinity
      ? "inf"
      : x === -Infinity
      ? "-inf"
      : "NaN";
  if (s.n === 0) return "n/a";
  return `${f(s.median)}${unit} [${f(s.min)}, ${f(s.max)}] (n=${s.n})`;
}
