/**
 * Settings of the power study (the second system's UAV case study, Fig. 3c/3d,
 * notebook 06): one config per preset.
 *
 * @module
 */
import { type NtnScenarioConfig, ntnScenarioConfig, POWER_RUN_DEFAULTS } from "../../ntn/mod.ts";
import type { PowerRunConfig } from "../../ntn/mod.ts";
import type { PresetName } from "../presets.ts";
import { deriveSeeds } from "../spread.ts";

/**
 * Trajectories per prediction of the trained generator in the power study: the paper's
 * M = 20 (the shipped weights' validation M).
 */
export const POWER_GENERATOR_TRAJECTORIES = 20;

/** Seed offset of the power missions within one `--seed` (see `deriveSeeds`). */
export const POWER_SEED_OFFSET = 600;

/** Settings of the power study: one mission per seed. */
export interface PowerStudyConfig {
  readonly seeds: readonly number[];
  /** The mission (scenario, power model, battery, QoS, timing, margins). */
  readonly run: PowerRunConfig;
  /** Allowed excess of a scheme's violation rate over full-power MRT's, percentage points. */
  readonly qosTolerancePp: number;
  /**
   * The trained generator of the cGAN schemes: shipped weights `data/models/<weights>/`
   * and trajectories M per prediction. Used when the weights exist, else (and when
   * absent) the residual-scenario stand-in (`loadPowerGenerative`).
   */
  readonly generator?: PowerGeneratorConfig;
}

/** Which trained generator the power study asks for. */
export interface PowerGeneratorConfig {
  /** Weights preset (`data/models/<weights>/`). */
  readonly weights: PresetName;
  /** Trajectories per prediction (M). */
  readonly trajectories: number;
}

/**
 * The study's settings per preset: ci 2 seeds of a 1-minute mission (6 intervals),
 * cpu 5 seeds of a 10-minute mission, paper 20 seeds of a 20-minute mission; the cGAN
 * schemes ask for the preset's own shipped generator (`generator`; ci has none and runs
 * the stand-in).
 *
 * @example
 * ```ts
 * import { powerStudyConfig } from "./config.ts";
 * if (powerStudyConfig("cpu").seeds.length < 5) throw new Error(">= 5 seeds");
 * ```
 */
export function powerStudyConfig(
  preset: PresetName,
  options: { seed?: number; scenario?: Partial<NtnScenarioConfig> } = {},
): PowerStudyConfig {
  const { seed = 1 } = options;
  const seeds = (n: number) => deriveSeeds(seed, n, { offset: POWER_SEED_OFFSET });
  const scenario = ntnScenarioConfig(options.scenario);
  const run = (over: Partial<PowerRunConfig>): PowerRunConfig => ({
    ...POWER_RUN_DEFAULTS,
    scenario,
    ...over,
  });
  // The preset's own shipped weights (none for ci: the stand-in runs there), M = 20.
  const generator: PowerGeneratorConfig = {
    weights: preset,
    trajectories: POWER_GENERATOR_TRAJECTORIES,
  };
  switch (preset) {
    case "ci":
      return {
        seeds: seeds(2),
        run: run({ intervals: 6, controlSlots: 8, marginsDb: [0, 1, 2, 3, 4] }),
        qosTolerancePp: 1,
        generator,
      };
    case "cpu":
      return {
        seeds: seeds(5),
        run: run({ intervals: 60, controlSlots: 20 }),
        qosTolerancePp: 1,
        generator,
      };
    case "paper":
      return {
        seeds: seeds(20),
        run: run({ intervals: 120, controlSlots: 25 }),
        qosTolerancePp: 1,
        generator,
      };
  }
}
