/**
 * A tiny training set-up for the training-loop tests: a SYNTHETIC dataset (tests/dataset
 * synthetic episodes: K = 4 UEs, Nt = 8 antennas, A = 3 APs, 30 slots, tau = 10, T = 5)
 * and a preset whose networks fit it (the ci preset's linear settings and E = 5; embedding
 * 8, hidden 16, latent 4, critic 8, LSTM 4; batches of 2 windows x 2 rows).
 *
 * @module
 */
import { MODEL_PRESETS, type ModelPreset } from "../../lib/models/presets.ts";
import { buildSynthetic } from "../dataset/helpers.ts";

/** Synthetic dims of the training tests. */
export const TRAIN_DIMS = Object.freeze({ S: 30, A: 3, K: 4, Nt: 8 });

/** The tiny preset (2 generator steps per epoch, M = 3). */
export const TINY_PRESET: ModelPreset = Object.freeze({
  ...MODEL_PRESETS.ci,
  dims: { K: 4, Nt: 8, tau: 10, T: 5, E: 5 },
  latentDim: 4,
  embedUnits: 8,
  hiddenUnits: 16,
  criticUnits: 8,
  batchSize: 2,
  rowsPerSample: 2,
  samplesPerEpoch: 20,
  validationSamples: 2,
  lstmUnits: 4,
  epochs: 2,
  M: 3,
});

/** Builds the synthetic dataset into `dir` (6 episodes). */
export async function buildTrainDataset(dir: string): Promise<void> {
  await buildSynthetic(dir, { episodeCount: 6, dims: TRAIN_DIMS });
}
