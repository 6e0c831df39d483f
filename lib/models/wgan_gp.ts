/**
 * One-step WGAN-GP trainers for the conditional generator and the PatchGAN critic
 * (paper eq. 13), kept apart from the model builders (tfjs-examples style).
 *
 * Critic loss (minimized): `L_D = mean D(G(z|c)|c) - mean D(x|c) + lambda mean (||grad_xhat
 * D(xhat|c)||_2 - 1)^2` with `xhat = eps x + (1 - eps) G(z|c)`, `eps ~ U[0, 1)` per row,
 * the norm taken per row over all its values (`2 Nt` for a channel row), `lambda = 10`.
 * Generator loss: `L_G = -mean D(G(z|c)|c)`, plus (optional, `varietySamples` k > 0) the
 * variety loss `varietyWeight * mean_rows min_{j<k} mean (G(z_j|c) - x)^2 / (mean x^2 + 0.5)`
 * (relative to the row's power plus a unit-RMS row's), which makes the samples cover the
 * real row (docs/model.md, "Generative module").
 *
 * The penalty is a gradient of a gradient: `tf.grad` (inner, w.r.t. `xhat`) runs inside
 * `tf.variableGrads` (outer, w.r.t. the critic's weights), so the weight gradient carries
 * the second-order term. In tfjs 4.22 this is exact only for ops that save their inputs
 * (the critic's are: dense, reshape, concat, conv, LeakyReLU, mean) and needs a gradient
 * for `Greater` (LeakyReLU's gradient uses it); `setupBackend()` of `lib/models/backend`
 * registers one, and {@link createWganGpTrainer} refuses to start without it.
 *
 * Optimizers: Adam `lr 2e-4, beta1 0.5, beta2 0.999` (paper, default) or the WGAN-GP
 * paper's `1e-4, 0, 0.9` (`adam: "wgan-gp"`). `criticSteps` (default the paper's 5)
 * critic updates per generator update ({@link WganGpTrainer.trainStep}). Latents `z` and `eps` come from the
 * seeded `rng` (or are passed explicitly). Every step runs inside `tf.tidy` and returns
 * plain numbers.
 *
 * @example
 * ```ts ignore
 * import { createRng } from "../core/mod.ts";
 * const trainer = createWganGpTrainer({ generator, critic }, { rng: createRng(1).stream("gan") });
 * const { criticLoss } = trainer.criticStep(batch);
 * const { generatorLoss } = trainer.generatorStep(batch);
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, assertNonNegative, assertPositive, PAPER_SETUP, Rng } from "../core/mod.ts";
import type { GanBatch } from "./batch.ts";
import { drawLatent, drawUniform } from "./latent.ts";

type GradientMap = Parameters<tf.AdamOptimizer["applyGradients"]>[0];

/** Adam hyper-parameters. */
export interface AdamSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
}

/** The paper's Adam settings (Sec. III.B.4). */
export const PAPER_ADAM: AdamSettings = { learningRate: 2e-4, beta1: 0.5, beta2: 0.999 };
/** The WGAN-GP paper's defaults (Gulrajani et al. 2017), for unstable runs. */
export const WGAN_GP_ADAM: AdamSettings = { learningRate: 1e-4, beta1: 0, beta2: 0.9 };

/** Options of {@link createWganGpTrainer}. */
export interface WganGpOptions {
  /**
   * Seeded source of `z` and `eps` (e.g. `createRng(seed).stream("wgan")`); without one,
   * every step must be given its {@link StepNoise}.
   */
  readonly rng?: Rng;
  /** Gradient-penalty weight (default the paper's 10). */
  readonly lambdaGp?: number;
  /** Critic updates per generator update in `trainStep` (default the paper's 5). */
  readonly criticSteps?: number;
  /** `"paper"` (default), `"wgan-gp"` or explicit settings, for both networks. */
  readonly adam?: "paper" | "wgan-gp" | AdamSettings;
  /**
   * Samples `k` of the generator's variety (best-of-k) loss, 0 = off (default 0): a
   * departure from the paper, docs/model.md, "Generative module".
   */
  readonly varietySamples?: number;
  /** Weight of the variety loss in the generator's objective (default 10). */
  readonly varietyWeight?: number;
}

/** Explicit random draws for one step (otherwise drawn from the trainer's rng). */
export interface StepNoise {
  /** `[R, latentDim]`. */
  readonly z?: tf.Tensor2D;
  /** `[k R, latentDim]`: the variety loss's `k` latents per row (sample-major). */
  readonly zVariety?: tf.Tensor2D;
  /** `[B]` interpolation weights in [0, 1]. */
  readonly epsilon?: tf.Tensor1D;
}

/** Critic-side losses of one batch (before the update when returned by a step). */
export interface CriticLosses {
  /** `L_D` (minimized by the critic). */
  readonly criticLoss: number;
  /** `mean D(real) - mean D(fake)`, the Wasserstein estimate. */
  readonly wasserstein: number;
  /** `lambda mean (||grad|| - 1)^2`. */
  readonly gradientPenalty: number;
}

/** A stateful trainer owning two Adam optimizers. */
export interface WganGpTrainer {
  readonly generator: tf.LayersModel;
  readonly critic: tf.LayersModel;
  readonly generatorOptimizer: tf.AdamOptimizer;
  readonly criticOptimizer: tf.AdamOptimizer;
  /** One critic update; returns the losses evaluated before the update. */
  criticStep(batch: GanBatch, noise?: StepNoise): CriticLosses;
  /**
   * One generator update; returns the adversarial `L_G` and the variety loss (0 when
   * off) before the update.
   */
  generatorStep(
    batch: GanBatch,
    noise?: StepNoise,
  ): { readonly generatorLoss: number; readonly varietyLoss: number };
  /** Critic losses without updating anything (generator in training mode, as in steps). */
  evaluateCritic(batch: GanBatch, noise?: StepNoise): CriticLosses;
  /**
   * `criticSteps` critic updates (one per batch of `criticBatches`, cycled) then one
   * generator update on `generatorBatch`; returns the last critic losses and `L_G`.
   */
  trainStep(
    criticBatches: readonly GanBatch[],
    generatorBatch: GanBatch,
  ): CriticLosses & { readonly generatorLoss: number; readonly varietyLoss: number };
  /** Disposes the optimizers' state (not the models). */
  dispose(): void;
}

/** Resolves `"paper"`, `"wgan-gp"` or explicit settings. */
export function resolveAdam(adam: WganGpOptions["adam"] = "paper"): AdamSettings {
  if (adam === "paper") return PAPER_ADAM;
  if (adam === "wgan-gp") return WGAN_GP_ADAM;
  if (adam === null || typeof adam !== "object") {
    throw new TypeError(`adam must be "paper", "wgan-gp" or {learningRate, beta1, beta2}`);
  }
  assertPositive("adam.learningRate", adam.learningRate);
  assertNonNegative("adam.beta1", adam.beta1);
  assertNonNegative("adam.beta2", adam.beta2);
  if (adam.beta1 >= 1 || adam.beta2 >= 1) throw new RangeError("adam betas must be < 1");
  return adam;
}

/** Throws a clear error unless a `Greater` gradient is registered (LeakyReLU's penalty). */
export function assertSecondOrderReady(): void {
  if (!tf.getGradient("Greater")) {
    throw new Error(
      "WGAN-GP needs a gradient for the Greater kernel (LeakyReLU's gradient uses it and the " +
        "penalty differentiates it again): call setupBackend() from lib/models/backend first",
    );
  }
}

/**
 * The gradient penalty `lambda mean_b (||grad_x D(x_b | c_b)||_2 - 1)^2` as a scalar
 * that is differentiable w.r.t. the critic's weights (second-order term included).
 *
 * @param critic `[x, cond, scalars] -> [R, 1]`, with no cross-row ops (no batch norm).
 * @param inputs `xHat` `[R, 2 Nt]`, `cond`, `scalars`; `lambda` (default 10).
 */
export function gradientPenalty(
  critic: tf.LayersModel,
  inputs: {
    readonly xHat: tf.Tensor;
    readonly cond: tf.Tensor;
    readonly scalars: tf.Tensor2D;
    readonly lambda?: number;
  },
): tf.Scalar {
  const lambda = inputs.lambda ?? PAPER_SETUP.gradientPenaltyWeight;
  assertNonNegative("lambda", lambda);
  // Rows are independent, so the gradient of the batch sum is the per-row gradient.
  const dDdx = tf.grad((x: tf.Tensor) =>
    tf.sum(critic.apply([x, inputs.cond, inputs.scalars]) as tf.Tensor)
  );
  const g = dDdx(inputs.xHat);
  const axes = Array.from({ length: g.rank - 1 }, (_, i) => i + 1);
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), axes), 1e-12));
  return tf.mul(lambda, tf.mean(tf.square(tf.sub(norm, 1)))) as tf.Scalar;
}

/**
 * Creates the trainer. Models are used as built (`buildGenerator`, `buildCritic`).
 *
 * @param models `generator` `[cond, scalars, z] -> [R, 2 Nt]`, `critic`.
 * @param options {@link WganGpOptions}.
 */
export function createWganGpTrainer(
  models: { readonly generator: tf.LayersModel; readonly critic: tf.LayersModel },
  options: WganGpOptions = {},
): WganGpTrainer {
  const t = trainerState(models, options);
  return {
    generator: t.generator,
    critic: t.critic,
    generatorOptimizer: t.generatorOptimizer,
    criticOptimizer: t.criticOptimizer,
    criticStep: (batch, noise) => criticStep(t, batch, noise),
    generatorStep: (batch, noise) => generatorStep(t, batch, noise),
    evaluateCritic: (batch, noise) => evaluateCritic(t, batch, noise),
    trainStep: (criticBatches, generatorBatch) => trainStep(t, criticBatches, generatorBatch),
    dispose() {
      t.generatorOptimizer.dispose();
      t.criticOptimizer.dispose();
    },
  };
}

/** The models, settings and optimizers a trainer's steps share. */
interface TrainerState {
  readonly generator: tf.LayersModel;
  readonly critic: tf.LayersModel;
  readonly rng: Rng | undefined;
  readonly lambda: number;
  readonly criticSteps: number;
  readonly latentDim: number;
  readonly varietySamples: number;
  readonly varietyWeight: number;
  readonly generatorOptimizer: tf.AdamOptimizer;
  readonly criticOptimizer: tf.AdamOptimizer;
}

/** Checks the models and options (and the second-order gradient) and creates the two optimizers. */
function trainerState(
  models: { readonly generator: tf.LayersModel; readonly critic: tf.LayersModel },
  options: WganGpOptions,
): TrainerState {
  const { generator, critic } = models;
  if (!(generator instanceof tf.LayersModel)) {
    throw new TypeError("models.generator must be a tf.LayersModel");
  }
  if (!(critic instanceof tf.LayersModel)) {
    throw new TypeError("models.critic must be a tf.LayersModel");
  }
  if (options === null || typeof options !== "object") {
    throw new TypeError("options must be an object");
  }
  if (options.rng !== undefined && !(options.rng instanceof Rng)) {
    throw new TypeError("options.rng must be an Rng");
  }
  const lambda = options.lambdaGp ?? PAPER_SETUP.gradientPenaltyWeight;
  const criticSteps = options.criticSteps ?? PAPER_SETUP.criticStepsPerGeneratorStep;
  assertNonNegative("lambdaGp", lambda);
  assertInteger("criticSteps", criticSteps, { min: 1 });
  const varietySamples = options.varietySamples ?? 0;
  const varietyWeight = options.varietyWeight ?? 10;
  assertInteger("options.varietySamples", varietySamples, { min: 0 });
  assertNonNegative("options.varietyWeight", varietyWeight);
  const adam = resolveAdam(options.adam);
  assertSecondOrderReady();
  return {
    generator,
    critic,
    rng: options.rng,
    lambda,
    criticSteps,
    latentDim: generator.inputs[2].shape[1] as number,
    varietySamples,
    varietyWeight,
    generatorOptimizer: tf.train.adam(adam.learningRate, adam.beta1, adam.beta2),
    criticOptimizer: tf.train.adam(adam.learningRate, adam.beta1, adam.beta2),
  };
}

/**
 * A step's `z` `[B, latentDim]` and `eps` `[B]`: those of `noise`, else drawn from the
 * trainer's rng (`z` first). Without an rng, `z` must be given, and `eps` too when
 * `needEpsilon` (the generator step does not use it; with an rng it still draws one, so
 * that a step's draws do not depend on which kind of step it is).
 */
function stepNoise(
  t: TrainerState,
  batch: GanBatch,
  noise: StepNoise = {},
  needEpsilon = true,
): { z: tf.Tensor2D; epsilon: tf.Tensor1D | undefined } {
  const B = batch.real.shape[0], { rng, latentDim } = t;
  if (!rng && (!noise.z || (needEpsilon && !noise.epsilon))) {
    throw new TypeError("a trainer created without options.rng needs noise.z and noise.epsilon");
  }
  const z = noise.z ?? tf.tensor2d(drawLatent(rng!, { rows: B, dim: latentDim }), [B, latentDim]);
  const epsilon = noise.epsilon ?? (rng ? tf.tensor1d(drawUniform(rng, { n: B })) : undefined);
  if (z.shape[0] !== B || z.shape[1] !== latentDim) {
    throw new RangeError(`noise.z must be [${B}, ${latentDim}]`);
  }
  if (epsilon && epsilon.shape[0] !== B) throw new RangeError(`noise.epsilon must be [${B}]`);
  return { z, epsilon };
}

/** `G(z | c)` in training mode, `[B, K, Nt, 2]`. */
function fakeOf(t: TrainerState, batch: GanBatch, z: tf.Tensor2D): tf.Tensor2D {
  return t.generator.apply([batch.cond, batch.scalars, z], { training: true }) as tf.Tensor2D;
}

/** The critic loss `L_D` and its parts `W` and `GP` (all kept by the caller's tidy). */
function criticObjective(
  t: TrainerState,
  batch: GanBatch,
  fake: tf.Tensor2D,
  epsilon: tf.Tensor1D,
): { loss: tf.Scalar; w: tf.Tensor; gp: tf.Scalar } {
  const { real, cond, scalars } = batch;
  const dReal = tf.mean(t.critic.apply([real, cond, scalars]) as tf.Tensor);
  const dFake = tf.mean(t.critic.apply([fake, cond, scalars]) as tf.Tensor);
  const e = tf.reshape(epsilon, [-1, 1]);
  const xHat = tf.add(tf.mul(e, real), tf.mul(tf.sub(1, e), fake));
  const gp = gradientPenalty(t.critic, { xHat, cond, scalars, lambda: t.lambda });
  const w = tf.sub(dReal, dFake);
  return { loss: tf.add(tf.neg(w), gp) as tf.Scalar, w, gp };
}

function readCritic(loss: tf.Tensor, w: tf.Tensor, gp: tf.Tensor): CriticLosses {
  return {
    criticLoss: loss.dataSync()[0],
    wasserstein: w.dataSync()[0],
    gradientPenalty: gp.dataSync()[0],
  };
}

function evaluateCritic(t: TrainerState, batch: GanBatch, noise?: StepNoise): CriticLosses {
  let out!: CriticLosses;
  tf.tidy(() => {
    const { z, epsilon } = stepNoise(t, batch, noise);
    const { loss, w, gp } = criticObjective(t, batch, fakeOf(t, batch, z), epsilon!);
    out = readCritic(loss, w, gp);
  });
  return out;
}

function criticStep(t: TrainerState, batch: GanBatch, noise?: StepNoise): CriticLosses {
  let out!: CriticLosses;
  tf.tidy(() => {
    const { z, epsilon } = stepNoise(t, batch, noise);
    // The fake is a constant for the critic update (no generator gradients taped).
    const fake = fakeOf(t, batch, z);
    let parts: tf.Tensor[] = [];
    try {
      const { value, grads } = tf.variableGrads(() => {
        const { loss, w, gp } = criticObjective(t, batch, fake, epsilon!);
        parts = [tf.keep(w), tf.keep(gp)];
        return loss;
      }, t.critic.trainableWeights.map((v) => v.read() as tf.Variable));
      out = readCritic(value, parts[0], parts[1]);
      t.criticOptimizer.applyGradients(grads as unknown as GradientMap);
    } finally {
      tf.dispose(parts);
    }
  });
  return out;
}

function generatorStep(
  t: TrainerState,
  batch: GanBatch,
  noise?: StepNoise,
): { readonly generatorLoss: number; readonly varietyLoss: number } {
  let generatorLoss = NaN, varietyLoss = NaN;
  tf.tidy(() => {
    const { z } = stepNoise(t, batch, noise, false);
    const k = t.varietySamples, R = batch.real.shape[0];
    let zv: tf.Tensor2D | undefined;
    if (k > 0) {
      zv = noise?.zVariety ??
        (t.rng
          ? tf.tensor2d(drawLatent(t.rng, { rows: k * R, dim: t.latentDim }), [k * R, t.latentDim])
          : undefined);
      if (!zv || zv.shape[0] !== k * R || zv.shape[1] !== t.latentDim) {
        throw new RangeError(`noise.zVariety must be [${k * R}, ${t.latentDim}]`);
      }
    }
    let parts: tf.Tensor[] = [];
    try {
      const { value, grads } = tf.variableGrads(() => {
        const fake = fakeOf(t, batch, z);
        const adversarial = tf.neg(
          tf.mean(t.critic.apply([fake, batch.cond, batch.scalars]) as tf.Tensor),
        ) as tf.Scalar;
        if (!zv) {
          parts = [tf.keep(adversarial)];
          return adversarial;
        }
        // Variety (best-of-k) loss: the closest of k samples to each real row.
        const tile = (x: tf.Tensor) => tf.tile(x, [k, ...x.shape.slice(1).map(() => 1)]);
        const many = t.generator.apply([tile(batch.cond), tile(batch.scalars), zv], {
          training: true,
        }) as tf.Tensor2D;
        // Relative to the row's power plus that of a unit-RMS row (0.5 per real value),
        // so a faded or a strong row weighs about the same.
        const power = tf.add(tf.mean(tf.square(batch.real), 1), 0.5); // [R]
        const err = tf.div(
          tf.mean(
            tf.squaredDifference(tf.reshape(many, [k, R, -1]), tf.expandDims(batch.real, 0)),
            2,
          ),
          power,
        );
        const variety = tf.mean(tf.min(err, 0)) as tf.Scalar;
        parts = [tf.keep(adversarial), tf.keep(variety)];
        return tf.add(adversarial, tf.mul(t.varietyWeight, variety)) as tf.Scalar;
      }, t.generator.trainableWeights.map((v) => v.read() as tf.Variable));
      generatorLoss = parts[0].dataSync()[0];
      varietyLoss = parts[1] ? parts[1].dataSync()[0] : 0;
      if (!Number.isFinite(value.dataSync()[0])) generatorLoss = NaN;
      t.generatorOptimizer.applyGradients(grads as unknown as GradientMap);
    } finally {
      tf.dispose(parts);
    }
  });
  return { generatorLoss, varietyLoss };
}

function trainStep(
  t: TrainerState,
  criticBatches: readonly GanBatch[],
  generatorBatch: GanBatch,
): CriticLosses & { readonly generatorLoss: number; readonly varietyLoss: number } {
  if (!Array.isArray(criticBatches) || criticBatches.length === 0) {
    throw new RangeError("criticBatches must be a non-empty array");
  }
  let last!: CriticLosses;
  for (let i = 0; i < t.criticSteps; i++) {
    last = criticStep(t, criticBatches[i % criticBatches.length]);
  }
  return { ...last, ...generatorStep(t, generatorBatch) };
}
