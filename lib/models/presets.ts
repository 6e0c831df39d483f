/**
 * Model and training presets of the anchored-residual predictors (docs/model.md,
 * "Generative module"). Every preset keeps the paper's problem sizes (`K = 30`,
 * `Nt = 64`, `tau = 10`, `T = 5`), lambda_GP 10, 5 critic steps per generator step,
 * Adam 2e-4 / 0.5 / 0.999 and M = 20 trajectories, and the condition's linear forecast
 * uses `LINEAR_PREDICTION_DEFAULTS` (its 5 recent errors: `E = 5`).
 *
 * | preset | generator (embed / hidden / latent per row) | critic hidden | LSTM units | batch (windows x rows) | training length |
 * |---|---|---|---|---|---|
 * | `ci` | 16 / 32 / 4 | 16 | 8 | 4 x 4 | 2 epochs x 40 windows: seconds |
 * | `cpu` | 64 / 128 / 16 | 64 | 32 | 16 x 8 | 30 epochs x 800 windows: about 12 min on 2 cores |
 * | `paper` | 256 / 512 / 128 | 256 | 256 | 64 x 30 | 500 epochs over all windows |
 *
 * A window contributes `rowsPerSample` of its 30 UE rows (drawn at random), each with a
 * random horizon; the generator also takes the variety (best-of-k) loss with k = 4 and
 * weight 300 (a departure, docs/model.md). The LSTM takes one Adam step per critic batch.
 *
 * @example
 * ```ts
 * import { generatorConfig, modelPreset } from "./presets.ts";
 * const p = modelPreset("cpu");
 * if (generatorConfig(p, { seed: 1 }).hiddenUnits !== 128) throw new Error("cpu width");
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
import { LINEAR_PREDICTION_DEFAULTS, type LinearPredictorOptions } from "../channel/mod.ts";
import type { CriticConfig } from "./critic.ts";
import type { GeneratorConfig } from "./generator.ts";
import type { LstmConfig } from "./lstm.ts";
import type { ModelDims } from "./condition.ts";

/** Preset names. */
export type ModelPresetName = "ci" | "cpu" | "paper";

/** Sizes and training settings of one preset. */
export interface ModelPreset {
  readonly name: ModelPresetName;
  /** Problem sizes (30 x 64, tau 10, T 5, E 5 in every preset). */
  readonly dims: ModelDims;
  /** Linear-forecast settings of the condition (`E = dims.E` recent errors). */
  readonly linear: Readonly<LinearPredictorOptions>;
  /** Generator latent size per row. */
  readonly latentDim: number;
  /** Generator widths: condition embedding and the two hidden layers. */
  readonly embedUnits: number;
  readonly hiddenUnits: number;
  /** Critic width (first hidden layer). */
  readonly criticUnits: number;
  /** Windows per critic batch. */
  readonly batchSize: number;
  /** UE rows drawn per window (each with a random horizon). */
  readonly rowsPerSample: number;
  /** Passes over the training set for the cGAN (`samplesPerEpoch` caps an epoch if set). */
  readonly epochs: number;
  /** Training windows (AP samples) drawn per epoch; all when unset. */
  readonly samplesPerEpoch?: number;
  /** AP windows of the validation split scored after every epoch. */
  readonly validationSamples: number;
  readonly criticSteps: number;
  readonly lambdaGp: number;
  readonly adam: "paper" | "wgan-gp";
  /** Variety (best-of-k) loss of the generator: samples k (0 = off) and weight. */
  readonly varietySamples: number;
  readonly varietyWeight: number;
  readonly lstmUnits: number;
  /** Adam learning rate of the LSTM-DT (the paper's 2e-4 in every preset). */
  readonly lstmLearningRate: number;
  /** Monte Carlo trajectories per slot. */
  readonly M: number;
}

const DIMS: ModelDims = {
  K: PAPER_SETUP.ueCount,
  Nt: PAPER_SETUP.upaRows * PAPER_SETUP.upaCols,
  tau: PAPER_HISTORY_SLOTS,
  T: PAPER_HORIZON_SLOTS,
  E: LINEAR_PREDICTION_DEFAULTS.errorSlots,
};
const COMMON = {
  dims: DIMS,
  linear: {
    order: LINEAR_PREDICTION_DEFAULTS.order,
    fitSlots: LINEAR_PREDICTION_DEFAULTS.fitSlots,
    regularization: LINEAR_PREDICTION_DEFAULTS.regularization,
    alignPhase: LINEAR_PREDICTION_DEFAULTS.alignPhase,
  },
  criticSteps: PAPER_SETUP.criticStepsPerGeneratorStep,
  lambdaGp: PAPER_SETUP.gradientPenaltyWeight,
  adam: "paper",
  varietySamples: 4,
  varietyWeight: 300,
  lstmLearningRate: PAPER_SETUP.lstmLearningRate,
  M: PAPER_TRAJECTORY_COUNT,
} as const;

/** The three presets. */
export const MODEL_PRESETS: Readonly<Record<ModelPresetName, ModelPreset>> = {
  ci: {
    ...COMMON,
    name: "ci",
    latentDim: 4,
    embedUnits: 16,
    hiddenUnits: 32,
    criticUnits: 16,
    batchSize: 4,
    rowsPerSample: 4,
    epochs: 2,
    samplesPerEpoch: 40,
    validationSamples: 4,
    lstmUnits: 8,
  },
  cpu: {
    ...COMMON,
    name: "cpu",
    latentDim: 16,
    embedUnits: 64,
    hiddenUnits: 128,
    criticUnits: 64,
    batchSize: 16,
    rowsPerSample: 8,
    epochs: 30,
    samplesPerEpoch: 800,
    validationSamples: 32,
    lstmUnits: 32,
  },
  paper: {
    ...COMMON,
    name: "paper",
    latentDim: PAPER_SETUP.latentDim,
    embedUnits: 256,
    hiddenUnits: 512,
    criticUnits: 256,
    batchSize: 64,
    rowsPerSample: 30,
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
    embedUnits: preset.embedUnits,
    hiddenUnits: preset.hiddenUnits,
    seed: options.seed ?? 0,
  };
}

/** Critic configuration of a preset. */
export function criticConfig(
  preset: ModelPreset,
  options: { readonly seed?: number } = {},
): CriticConfig {
  return { ...preset.dims, hiddenUnits: preset.criticUnits, seed: options.seed ?? 0 };
}

/** LSTM configuration of a preset. */
export function lstmConfig(
  preset: ModelPreset,
  options: { readonly seed?: number } = {},
): LstmConfig {
  return { ...preset.dims, units: preset.lstmUnits, seed: options.seed ?? 0 };
}
