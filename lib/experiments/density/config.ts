/**
 * Settings of the density study (Fig. 3c, notebook 04): one config per preset.
 *
 * @module
 */
import { PAPER_HISTORY_SLOTS, PAPER_SETUP } from "../../core/mod.ts";
import { HEADLINE_HORIZON_SLOTS } from "../scheme_sets.ts";
import type { PresetName } from "../presets.ts";
import { deriveSeeds } from "../spread.ts";

/** Seed offset of the density episodes within one `--seed` (see `deriveSeeds`). */
export const DENSITY_SEED_OFFSET = 300;

/** Settings of the density sweep. */
export interface DensityStudyConfig {
  readonly sceneName: string;
  /** A scene file used instead of `data/scenes/<sceneName>.json` (see `loadStudyScene`). */
  readonly scenePath?: string;
  /** AP counts on the ceiling grid, each in [1, 16]. */
  readonly apCounts: readonly number[];
  /** UEs `K`. */
  readonly ueCount: number;
  /** Episode seeds (one episode per seed and AP count). */
  readonly seeds: readonly number[];
  /** Slots per episode (the first `firstSlot` are history only). */
  readonly slotCount: number;
  readonly firstSlot: number;
  /** WC-ZF horizon `T`, slots. */
  readonly horizon: number;
  /** Ray-tracing order of the episodes. */
  readonly maxReflectionOrder: number;
}

/**
 * The sweep's settings per preset; `seeds` derive from `seed` (see `deriveSeeds`).
 *
 * @example
 * ```ts
 * import { densityStudyConfig } from "./config.ts";
 * const c = densityStudyConfig("cpu");
 * if (c.seeds.length < 5 || c.apCounts[0] !== 2) throw new Error("5 seeds, A from 2");
 * ```
 */
export function densityStudyConfig(
  preset: PresetName,
  options: { seed?: number } = {},
): DensityStudyConfig {
  const { seed = 1 } = options;
  const all = Array.from({ length: 11 }, (_, i) => i + 2);
  const base = {
    sceneName: "office",
    ueCount: PAPER_SETUP.ueCount,
    firstSlot: PAPER_HISTORY_SLOTS,
    horizon: HEADLINE_HORIZON_SLOTS,
  };
  const seeds = (n: number) => deriveSeeds(seed, n, { offset: DENSITY_SEED_OFFSET });
  switch (preset) {
    case "ci":
      return {
        ...base,
        apCounts: [2, 6, 12],
        seeds: seeds(2),
        slotCount: 14,
        maxReflectionOrder: 1,
      };
    case "cpu":
      return { ...base, apCounts: all, seeds: seeds(5), slotCount: 16, maxReflectionOrder: 2 };
    case "paper":
      return { ...base, apCounts: all, seeds: seeds(10), slotCount: 200, maxReflectionOrder: 2 };
  }
}
