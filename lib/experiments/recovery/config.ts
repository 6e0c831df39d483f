/**
 * Settings of the recovery study (Fig. 4, notebook 05): one config per preset.
 *
 * @module
 */
import { PAPER_HISTORY_SLOTS, PAPER_SETUP } from "../../core/mod.ts";
import { HEADLINE_HORIZON_SLOTS } from "../scheme_sets.ts";
import type { PresetName } from "../presets.ts";
import { deriveSeeds } from "../spread.ts";

/** Seed offset of the recovery episodes within one `--seed` (see `deriveSeeds`). */
export const RECOVERY_SEED_OFFSET = 500;

/** Settings of the recovery study. */
export interface RecoveryStudyConfig {
  readonly sceneName: string;
  /** A scene file used instead of `data/scenes/<sceneName>.json` (see `loadStudyScene`). */
  readonly scenePath?: string;
  readonly seeds: readonly number[];
  readonly ueCount: number;
  /** Blockage onset slot (25 = 250 ms with 10 ms slots). */
  readonly onsetSlot: number;
  /** Slots from the onset to the walker's leading edge reaching the ray. */
  readonly edgeLeadSlots: number;
  /** Slots simulated after the onset. */
  readonly tailSlots: number;
  /** First controlled slot (history before it). */
  readonly firstSlot: number;
  readonly horizon: number;
  readonly maxReflectionOrder: number;
  /** How long the SINR must stay in the 1 dB band to count as recovered, ms. */
  readonly recoveryHoldMs: number;
  /** Trailing-mean window of the SINR (dB) for the band test, ms. */
  readonly recoverySmoothingMs: number;
}

/**
 * The study's settings per preset.
 *
 * @example
 * ```ts
 * import { recoveryStudyConfig } from "./config.ts";
 * if (recoveryStudyConfig("cpu").seeds.length < 5) throw new Error(">= 5 seeds");
 * ```
 */
export function recoveryStudyConfig(
  preset: PresetName,
  options: { seed?: number } = {},
): RecoveryStudyConfig {
  const { seed = 1 } = options;
  const seeds = (n: number) => deriveSeeds(seed, n, { offset: RECOVERY_SEED_OFFSET });
  const base = {
    sceneName: "office",
    ueCount: PAPER_SETUP.ueCount,
    onsetSlot: 25,
    edgeLeadSlots: 5,
    horizon: HEADLINE_HORIZON_SLOTS,
    recoveryHoldMs: 100,
    recoverySmoothingMs: 30,
  };
  switch (preset) {
    case "ci":
      return { ...base, seeds: seeds(2), tailSlots: 60, firstSlot: 12, maxReflectionOrder: 1 };
    case "cpu":
      return {
        ...base,
        seeds: seeds(5),
        tailSlots: 60,
        firstSlot: PAPER_HISTORY_SLOTS,
        maxReflectionOrder: 2,
      };
    case "paper":
      return {
        ...base,
        seeds: seeds(20),
        tailSlots: 75,
        firstSlot: PAPER_HISTORY_SLOTS,
        maxReflectionOrder: 2,
      };
  }
}
