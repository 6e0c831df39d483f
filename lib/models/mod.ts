/**
 * Predictors: the conditional WGAN-GP generator and PatchGAN critic (paper Sec. III.B),
 * their trainers and sampler, the LSTM-DT baseline, checkpoints and presets. The tfjs
 * backend set-up lives in `./backend/` (call `setupBackend()` before training).
 *
 * @module
 */
export * from "./batch.ts";
export * from "./checkpoint.ts";
export * from "./condition.ts";
export * from "./critic.ts";
export * from "./divergence.ts";
export * from "./generator.ts";
export * from "./latent.ts";
export * from "./lstm.ts";
export * from "./presets.ts";
export * from "./sampler.ts";
export * from "./scale_layer.ts";
export * from "./wgan_gp.ts";
export * from "./predictors.ts";
export * from "./rf.ts";
export * from "./shipped.ts";
export * from "./train.ts";
