/**
 * Model and training presets.
 *
 * | preset | filters | batch | training length | LSTM units | purpose |
 * |---|---|---|---|---|---|
 * | `ci` | 1/16 | 4 | 3 generator steps | 8 | tests and doc runs: seconds |
 * | `cpu` | 1/4 | 32 | 20 epochs | 64 | laptop-sized runs (wasm backend) |
 * | `paper` | 1 | 64 | 500 epochs (LSTM 800) | 256 | Table I |
 *
 * All presets keep the paper's problem sizes (`K = 30`, `Nt = 64`, `tau = 10`, `T = 5`),
 * latent 128, FC-512, lambda_GP 10, 5 critic steps per generator step, Adam 2e-4 / 0.5 /
 * 0.999 and M = 20 trajectories. See `generator.ts` / `critic.ts` for the layer shapes.
 *
 * @example
 * ```ts
 * import { generatorConfig, modelPreset } from "./presets.ts";
 * const p = modelPreset("cpu");
 * if (generatorConfig(p, { seed: 1 }).filterScale !== 0.25) throw new Error("cpu = filters / 4");
 * ```
 *
 * @module
 */
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
  /** Hard cap on generator steps (ci), or undefined. */
  readonly maxSteps?: number;
  readonly criticSteps: number;
  readonly lambdaGp: number;
  readonly adam: "paper" | "wgan-gp";
  readonly lstmUnits: number;
  readonly lstmEpochs: number;
  /** Monte Carlo trajectories per slot. */
  readonly M: number;
}

const DIMS: ModelDims = { K: 30, Nt: 64, tau: 10, T: 5 };
const COMMON = {
  dims: DIMS,
  latentDim: 128,
  fcUnits: 512,
  outputScale: 3,
  criticSteps: 5,
  lambdaGp: 10,
  adam: "paper",
  M: 20,
} as const;

/** The three presets. */
export const MODEL_PRESETS: Readonly<Record<ModelPresetName, ModelPreset>> = {
  ci: {
    ...COMMON,
    name: "ci",
    filterScale: 1 / 16,
    batchSize: 4,
    epochs: 1,
    maxSteps: 3,
    lstmUnits: 8,
    lstmEpochs: 1,
  },
  cpu: {
    ...COMMON,
    name: "cpu",
    filterScale: 1 / 4,
    batchSize: 32,
    epochs: 20,
    lstmUnits: 64,
    lstmEpochs: 32,
  },
  paper: {
    ...COMMON,
    name: "paper",
    filterScale: 1,
    batchSize: 64,
    epochs: 500,
    lstmUnits: 256,
    lstmEpochs: 800,
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
