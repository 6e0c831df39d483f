/**
 * Train / validation / test assignment by episode (never by sample): windows of one
 * episode are strongly correlated, so a sample-level split would leak the test set
 * into training.
 *
 * @module
 */
import { createRng } from "../core/mod.ts";
import type { SplitFractions } from "./presets.ts";

/** Split names. */
export type SplitName = "train" | "validation" | "test";

/** All split names. */
export const SPLIT_NAMES: readonly SplitName[] = ["train", "validation", "test"];

/** Episode indices per split, each sorted ascending. */
export type SplitAssignment = Readonly<Record<SplitName, readonly number[]>>;

/**
 * Throws a `RangeError` listing the valid names unless `name` is a split.
 *
 * @example
 * ```ts
 * import { assertSplitName } from "./splits.ts";
 * assertSplitName("split", "test");
 * ```
 */
export function assertSplitName(label: string, name: unknown): asserts name is SplitName {
  if (!SPLIT_NAMES.includes(name as SplitName)) {
    throw new RangeError(
      `${label} must be one of ${SPLIT_NAMES.join(", ")}, got ${JSON.stringify(name)}`,
    );
  }
}

/**
 * Episode counts per split: largest remainder of `fractions * episodeCount`; with at
 * least 3 episodes, every split with a positive fraction gets at least one episode
 * (taken from the largest split).
 *
 * @example
 * ```ts
 * import { splitCounts } from "./splits.ts";
 * const c = splitCounts(51, { train: 0.8, validation: 0.1, test: 0.1 });
 * if (c.train !== 41 || c.test !== 5) throw new Error("41/5/5");
 * ```
 */
export function splitCounts(
  episodeCount: number,
  fractions: SplitFractions,
): Record<SplitName, number> {
  const raw = SPLIT_NAMES.map((s) => fractions[s] * episodeCount);
  const counts = raw.map(Math.floor);
  let left = episodeCount - counts.reduce((a, b) => a + b, 0);
  const order = [0, 1, 2].sort((a, b) => (raw[b] - counts[b]) - (raw[a] - counts[a]) || a - b);
  for (let i = 0; left > 0; i = (i + 1) % 3, left--) counts[order[i]]++;
  if (episodeCount >= 3) {
    for (let s = 0; s < 3; s++) {
      if (counts[s] === 0 && fractions[SPLIT_NAMES[s]] > 0) {
        const largest = counts.indexOf(Math.max(...counts));
        counts[largest]--;
        counts[s]++;
      }
    }
  }
  return { train: counts[0], validation: counts[1], test: counts[2] };
}

/**
 * Assigns episodes to splits: a seeded shuffle (stream "dataset-split" of `seed`) of
 * `0..episodeCount-1`, cut by {@link splitCounts}. Deterministic in (seed, count,
 * fractions); the splits are disjoint and cover every episode.
 *
 * @example
 * ```ts
 * import { assignSplits } from "./splits.ts";
 * import { DEFAULT_SPLIT_FRACTIONS } from "./presets.ts";
 * const s = assignSplits(10, { seed: 1, fractions: DEFAULT_SPLIT_FRACTIONS });
 * if (s.train.length !== 8 || s.test.length !== 1) throw new Error("80/10/10");
 * ```
 */
export function assignSplits(
  episodeCount: number,
  options: { readonly seed: number; readonly fractions: SplitFractions },
): SplitAssignment {
  if (!Number.isInteger(episodeCount) || episodeCount < 1) {
    throw new RangeError(`episodeCount must be a positive integer, got ${episodeCount}`);
  }
  const counts = splitCounts(episodeCount, options.fractions);
  const order = Array.from({ length: episodeCount }, (_, i) => i);
  createRng(options.seed).stream("dataset-split").shuffle(order);
  const train = order.slice(0, counts.train).sort((a, b) => a - b);
  const validation = order.slice(counts.train, counts.train + counts.validation)
    .sort((a, b) => a - b);
  const test = order.slice(counts.train + counts.validation).sort((a, b) => a - b);
  return { train, validation, test };
}

/**
 * The split an episode belongs to.
 *
 * @example
 * ```ts
 * import { splitOfEpisode } from "./splits.ts";
 * if (splitOfEpisode({ train: [0], validation: [2], test: [1] }, 1) !== "test") throw new Error("test");
 * ```
 */
export function splitOfEpisode(splits: SplitAssignment, episode: number): SplitName {
  for (const s of SPLIT_NAMES) if (splits[s].includes(episode)) return s;
  throw new RangeError(`episode ${episode} is in no split`);
}
