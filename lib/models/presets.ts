/**
 * Model and training presets.
 *
 * | preset | filters | batch | training length | LSTM units | purpose |
 * |---|---|---|---|---|---|
 * | `ci` | 1/16 | 4 | 2 epochs x 40 samples (2 generator steps) | 8 | tests and doc runs: seconds |
 * | `cpu` | 1/8 | 32 | 8 epochs x 3 200 samples (160 generator steps) | 32 | about 25 min on 2 cores (wasm) |
 * | `paper` | 1 | 64 | 500 epochs over all samples | 256 | Table I |
 *
 * The `cpu` preset was resized to fit about 30 minutes on this 2-core machine: a
 * generator step (5 critic steps with the penalty + 1 generator step + 5 LSTM steps, batch
 * 32, incl. the host-side batch assembly) measured about 8 s with filters / 8, so 8
 * epochs of 20 generator steps; filters / 8 (not / 4) because the sampler's cost per
 * control slot is dominated by the generator head (see `sampler.ts`), and LSTM 32
 * units to keep the shipped weights a few MB (the LSTM's dense head is `units x 19 200`).
 * The LSTM takes one Adam step per cGAN batch (its own epoch count is the cGAN's).
 *
 * All presets keep the paper's problem sizes (`K = 30`, `Nt = 64`, `tau = 10`, `T = 5`),
 * latent 128, FC-512, lambda_GP 10, 5 critic steps per generator step, Adam 2e-4 / 0.5 /
 * 0.999 and M = 20 trajectories. See `generator.ts` / `critic.ts` for the layer shapes.
 *
 * @example
 * ```ts
 * import { generatorConfig, modelPreset } from "./presets.ts";
 * const p = modelPreset("cpu");
 * if (generatorConfig(p, { seed: 1 }).filterScale !== 0.125) throw new Error("cpu = filters / 8");
 * ```
 *
 * @module
 */
import {
  PAPER_HISTORY_SLOTS,
  PAPER_HORIZON_SLOTS,
  PAPER_SETUP,
  PAPER_TRAJECTORY_COUNT,
} from "../core/mod.ts";
import type { CriticConfig } from "./critic.ts";
import type { GeneratorConfig } from "./generator.ts";
import type { LstmConfig } from "./lstm.ts";
import type { ModelDims } from "./condition.ts";

/** Preset names. */
export type ModelPresetName = "ci" | "cpu" | "paper";

/** Sizes and training settings of one preset. */
export interface ModelPreset {
  readonly name: ModelPresetName;
  /** Problem sizes (30 x 64, tau 10, T 5 in every preset). */
  readonly dims: ModelDims;
  readonly latentDim: number;
  /** Conv width multiplier (generator and critic). */
  readonly filterScale: number;
  readonly fcUnits: number;
  /** Generator output multiplier after tanh. */
  readonly outputScale: number;
  readonly batchSize: number;
  /** Passes over the training set for the cGAN (`maxSteps` caps it if set). */
  readonly epochs: number;
  /** Training samples (AP windows) drawn per epoch; all when unset. */
  readonly samplesPerEpoch?: number;
  /** AP windows of the validation split scored after every epoch. */
  readonly validationSamples: number;
  readonly criticSteps: number;
  readonly lambdaGp: number;
  readonly adam: "paper" | "wgan-gp";
  readonly lstmUnits: number;
  /**
   * Adam learning rate of the LSTM-DT (the paper's 2e-4 in every preset); an explicit
   * `adam` setting of `trainModels` overrides it. Absent from manifests written before it
   * existed (the trainer's default, the same 2e-4, applies).
   */
  readonly lstmLearningRate: number;
  /** Monte Carlo trajectories per slot. */
  readonly M: number;
}

const DIMS: ModelDims = {
  K: PAPER_SETUP.ueCount,
  Nt: PAPER_SETUP.upaRows * PAPER_SETUP.upaCols,
  tau: PAPER_HISTORY_SLOTS,
  T: PAPER_HORIZON_SLOTS,
};
const COMMON = {
  dims: DIMS,
  latentDim: PAPER_SETUP.latentDim,
  fcUnits: 512,
  outputScale: 3,
  criticSteps: PAPER_SETUP.criticStepsPerGeneratorStep,
  lambdaGp: PAPER_SETUP.gradientPenaltyWeight,
  adam: "paper",
  lstmLearningRate: PAPER_SETUP.lstmLearningRate,
  M: PAPER_TRAJECTORY_COUNT,
} as const;

/** The three presets. */
export const MODEL_PRESETS: Readonly<Record<ModelPresetName, ModelPreset>> = {
  ci: {
    ...COMMON,
    name: "ci",
    filterScale: 1 / 16,
    batchSize: 4,
    epochs: 2,
    samplesPerEpoch: 40,
    validationSamples: 4,
    lstmUnits: 8,
  },
  cpu: {
    ...COMMON,
    name: "cpu",
    filterScale: 1 / 8,
    batchSize: 32,
    epochs: 8,
    samplesPerEpoch: 3200,
    validationSamples: 32,
    lstmUnits: 32,
  },
  paper: {
    ...COMMON,
    name: "paper",
    filterScale: 1,
    batchSize: 64,
    epochs: 500,
    validationSamples: 256,
    lstmUnits: 256,
  },
};

/** Looks a preset up by name; throws a `RangeError` naming the valid ones. */
export function modelPreset(name: ModelPresetName): ModelPreset {
  const p = MODEL_PRESETS[name];
  if (!p) {
    throw new RangeError(`unknown model preset "${name}"; use ${Object.keys(MODEL_PRESETS)}`);
  }
  return p;
}

/** Generator configuration of a preset. */
export function generatorConfig(
  preset: ModelPreset,
  options: { readonly seed?: number } = {},
): GeneratorConfig {
  return {
    ...preset.dims,
    latentDim: preset.latentDim,
    filterScale: preset.filterScale,
    fcUnits: preset.fcUnits,
    outputScale: preset.outputScale,
    seed: options.seed ?? 0,
  };
}

/** Critic configuration of a preset. */
export function criticConfig(
  preset: ModelPreset,
  options: { readonly seed?: number } = {},
): CriticConfig {
  return { ...preset.dims, filterScale: preset.filterScale, seed: options.seed ?? 0 };
}

/** LSTM configuration of a preset. */
export function lstmConfig(
  preset: ModelPreset,
  options: { readonly seed?: number } = {},
): LstmConfig {
  return { ...preset.dims, units: preset.lstmUnits, seed: options.seed ?? 0 };
}
