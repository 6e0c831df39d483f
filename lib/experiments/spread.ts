/**
 * Shared pieces of the paper-figure experiments (density sweep, recovery time,
 * ablations, reproduction table): seed lists, spread over seeds, scheme colours and the
 * style of the paper's reference markers.
 *
 * @module
 */
import { assertInteger } from "../core/mod.ts";
import { percentile } from "../metrics/mod.ts";

/** Legend order of the schemes; unknown names follow in first-seen order. */
export const SCHEME_ORDER: readonly string[] = [
  "baseline",
  "classical-ar1",
  "lstm-dt",
  "genai-dt",
  "oracle",
  "genie-zf",
];

/** Which of our schemes a paper curve corresponds to (paper label -> scheme name). */
export const PAPER_SCHEMES: Readonly<Record<string, string>> = {
  "Baseline": "baseline",
  "LSTM DT": "lstm-dt",
  "GenAI-DT": "genai-dt",
  "Oracle": "oracle",
};

/**
 * One colour per scheme (tableau10), the same in every figure whichever schemes it
 * shows; other names take the remaining colours in order of appearance.
 */
export const SCHEME_COLORS: Readonly<Record<string, string>> = {
  "baseline": "#4e79a7",
  "classical-ar1": "#f28e2c",
  "lstm-dt": "#e15759",
  "genai-dt": "#76b7b2",
  "oracle": "#59a14f",
  "genie-zf": "#edc949",
};

const SPARE_COLORS = ["#af7aa1", "#ff9da7", "#9c755f", "#bab0ab"];

/**
 * Colour scale options for a set of scheme names: legend in {@link SCHEME_ORDER} (other
 * names after, first seen first), colours from {@link SCHEME_COLORS}.
 *
 * @example
 * ```ts
 * import { schemeColorScale } from "./figures_common.ts";
 * const c = schemeColorScale(["oracle", "baseline"]);
 * console.log(c.domain, c.range); // [ "baseline", "oracle" ] [ "#4e79a7", "#59a14f" ]
 * ```
 */
export function schemeColorScale(names: Iterable<string>) {
  const all = [...new Set(names)];
  const domain = [
    ...SCHEME_ORDER.filter((n) => all.includes(n)),
    ...all.filter((n) => !SCHEME_ORDER.includes(n)),
  ];
  let spare = 0;
  const range = domain.map((n) => SCHEME_COLORS[n] ?? SPARE_COLORS[spare++ % SPARE_COLORS.length]);
  return { domain, range, legend: true };
}

/**
 * `count` episode seeds derived from a base seed: `base * 1000 + offset + i`, so the
 * experiments of one `--seed` never share an episode by accident.
 *
 * @example
 * ```ts
 * import { deriveSeeds } from "./figures_common.ts";
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
 * import { spread } from "./figures_common.ts";
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

/**
 * Mark options shared by every "paper" reference marker: hollow black-outlined
 * diamonds, so they never read as our data (ours are lines, bands and filled dots).
 */
export const PAPER_MARKER = {
  symbol: "diamond2" as const,
  r: 6,
  strokeWidth: 1.8,
  fill: "none",
};
