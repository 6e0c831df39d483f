/**
 * Dataset presets: how many episodes, how long, and which simulator settings.
 *
 * | preset  | episodes x slots | K  | A | Nt | order | windows (stride 1) | channels on disk | time (2 cores) |
 * |---------|------------------|----|---|----|-------|--------------------|------------------|----------------|
 * | `ci`    | 5 x 40           | 30 | 3 | 64 | 1     | 5 x 26 = 130       | 3.7 MB           | seconds        |
 * | `cpu`   | 20 x 200         | 30 | 3 | 64 | 2     | 20 x 186 = 3 720   | 184 MB           | 1-2 minutes    |
 * | `paper` | 51 x 1 000       | 30 | 3 | 64 | 2     | 51 x 986 = 50 286  | 2.35 GB          | 5-15 minutes   |
 *
 * Times measured on this machine with `deno task dataset` (2 Deno Workers): `ci` 2 s,
 * `cpu` 34-41 s (about 12 ms per slot at order 2 on one core, reference SINR included);
 * `paper` about 51 000 x 12 ms / 2 workers = 5 minutes of simulation when the two cores
 * are free; see bench/results/dataset.json for the breakdown and the measured build.
 *
 * A (APs) and Nt (antennas) come from the scene (`data/scenes/office.json`: 3 APs with
 * 8 x 8 UPAs); the dataset records what the episodes actually had. `paper` holds the
 * paper's 50 000 samples as windows of 1 000-slot episodes (Table I), see docs/model.md,
 * "Dataset". Every preset splits episodes 80 / 10 / 10 into train /
 * validation / test and uses tau = 10 past and T = 5 future slots per window.
 *
 * @module
 */
import { PAPER_HISTORY_SLOTS, PAPER_HORIZON_SLOTS, PAPER_SETUP } from "../core/mod.ts";
import type { EpisodeConfig } from "../mobility/mod.ts";

/** Dataset preset names. */
export type DatasetPresetName = "ci" | "cpu" | "paper";

/** All dataset preset names, in increasing cost. */
export const DATASET_PRESET_NAMES: readonly DatasetPresetName[] = ["ci", "cpu", "paper"];

/** Window geometry: a sample is `past + future` consecutive slots of one episode. */
export interface WindowParams {
  /** Observed slots tau (10 in the paper). */
  readonly past: number;
  /** Predicted slots T (5 in the paper). */
  readonly future: number;
  /** Slots between the starts of consecutive windows (1: every window). */
  readonly stride: number;
}

/** The paper's window: tau = 10, T = 5, every start slot. */
export const PAPER_WINDOW: WindowParams = Object.freeze({
  past: PAPER_HISTORY_SLOTS,
  future: PAPER_HORIZON_SLOTS,
  stride: 1,
});

/** Fractions of episodes per split; they sum to 1. */
export interface SplitFractions {
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

/** 80 / 10 / 10. */
export const DEFAULT_SPLIT_FRACTIONS: SplitFractions = Object.freeze({
  train: 0.8,
  validation: 0.1,
  test: 0.1,
});

/** Everything that defines a dataset besides the seed and the code. JSON-safe. */
export interface DatasetPreset {
  /** Preset name (recorded in the manifest). */
  readonly name: string;
  /** One line for humans. */
  readonly description: string;
  /** Scene file name under `data/scenes/` without `.json`. */
  readonly sceneName: string;
  /** Episodes (= shards). */
  readonly episodeCount: number;
  /** Slots S per episode. */
  readonly slotCount: number;
  /** UEs K per episode. */
  readonly ueCount: number;
  /** Material set of the ray tracing ("itu" or "paper"). */
  readonly materialSet: string;
  /** Further simulator settings (see `EpisodeConfig` in lib/mobility/simulate.ts). */
  readonly episode: Readonly<Partial<EpisodeConfig>>;
  /** Window geometry. */
  readonly window: WindowParams;
  /** Episode split fractions. */
  readonly splitFractions: SplitFractions;
}

const BASE = {
  sceneName: "office",
  ueCount: 30,
  materialSet: "itu",
  window: PAPER_WINDOW,
  splitFractions: DEFAULT_SPLIT_FRACTIONS,
} as const;

/** The presets by name. */
export const DATASET_PRESETS: Readonly<Record<DatasetPresetName, DatasetPreset>> = Object.freeze({
  ci: Object.freeze({
    ...BASE,
    name: "ci",
    description: "seconds: 5 episodes x 40 slots, K = 30, reflection order 1",
    episodeCount: 5,
    slotCount: 40,
    episode: Object.freeze({ maxReflectionOrder: 1 }),
  }),
  cpu: Object.freeze({
    ...BASE,
    name: "cpu",
    description: "1-2 minutes: 20 episodes x 200 slots, K = 30, reflection order 2",
    episodeCount: 20,
    slotCount: 200,
    episode: Object.freeze({ maxReflectionOrder: 2 }),
  }),
  paper: Object.freeze({
    ...BASE,
    name: "paper",
    description: "50 286 windows: 51 episodes x 1 000 slots, K = 30, reflection order 2 (2.35 GB)",
    episodeCount: 51,
    slotCount: PAPER_SETUP.episodeSlots,
    episode: Object.freeze({ maxReflectionOrder: 2 }),
  }),
});

/**
 * The preset of a name; throws a `RangeError` listing the valid names otherwise.
 *
 * @example
 * ```ts
 * import { datasetPreset } from "./presets.ts";
 * if (datasetPreset("cpu").ueCount !== 30) throw new Error("K = 30");
 * ```
 */
export function datasetPreset(name: string): DatasetPreset {
  if (!DATASET_PRESET_NAMES.includes(name as DatasetPresetName)) {
    throw new RangeError(
      `preset must be one of ${DATASET_PRESET_NAMES.join(", ")}, got ${JSON.stringify(name)}`,
    );
  }
  return DATASET_PRESETS[name as DatasetPresetName];
}

/** Windows per episode: `floor((S - past - future) / stride) + 1`, or 0 if S is too short.
 *
 * @example
 * ```ts
 * import { PAPER_WINDOW, windowsPerEpisode } from "./presets.ts";
 * if (windowsPerEpisode(1000, PAPER_WINDOW) !== 986) throw new Error("986");
 * ```
 */
export function windowsPerEpisode(slotCount: number, window: WindowParams): number {
  const span = window.past + window.future;
  if (slotCount < span) return 0;
  return Math.floor((slotCount - span) / window.stride) + 1;
}

function assertCount(name: string, v: unknown, min: number): void {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(`${name} must be an integer, got ${JSON.stringify(v)}`);
  }
  if (v < min) throw new RangeError(`${name} must be >= ${min}, got ${v}`);
}

/**
 * Checks a preset's fields; throws `TypeError`/`RangeError` naming the field.
 *
 * @example
 * ```ts
 * import { DATASET_PRESETS, validateDatasetPreset } from "./presets.ts";
 * validateDatasetPreset(DATASET_PRESETS.ci);
 * ```
 */
export function validateDatasetPreset(preset: DatasetPreset): void {
  if (typeof preset !== "object" || preset === null) {
    throw new TypeError("preset must be an object");
  }
  for (const key of ["name", "sceneName", "materialSet"] as const) {
    if (typeof preset[key] !== "string" || preset[key].length === 0) {
      throw new TypeError(`preset.${key} must be a non-empty string`);
    }
  }
  assertCount("preset.episodeCount", preset.episodeCount, 1);
  assertCount("preset.slotCount", preset.slotCount, 1);
  assertCount("preset.ueCount", preset.ueCount, 1);
  assertCount("preset.window.past", preset.window?.past, 1);
  assertCount("preset.window.future", preset.window?.future, 1);
  assertCount("preset.window.stride", preset.window?.stride, 1);
  if (windowsPerEpisode(preset.slotCount, preset.window) === 0) {
    throw new RangeError(
      `preset.slotCount (${preset.slotCount}) must be >= window.past + window.future (${
        preset.window.past + preset.window.future
      })`,
    );
  }
  const f = preset.splitFractions;
  for (const key of ["train", "validation", "test"] as const) {
    const v = f?.[key];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
      throw new RangeError(`preset.splitFractions.${key} must be in [0, 1], got ${v}`);
    }
  }
  if (Math.abs(f.train + f.validation + f.test - 1) > 1e-9) {
    throw new RangeError(
      `preset.splitFractions must sum to 1, got ${f.train + f.validation + f.test}`,
    );
  }
  if (typeof preset.episode !== "object" || preset.episode === null) {
    throw new TypeError("preset.episode must be an object (simulator overrides)");
  }
}
