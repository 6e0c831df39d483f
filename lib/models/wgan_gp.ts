/**
 * One-step WGAN-GP trainers for the conditional generator and the PatchGAN critic
 * (paper eq. 13), kept apart from the model builders (tfjs-examples style).
 *
 * Critic loss (minimized): `L_D = mean D(G(z|c)|c) - mean D(x|c) + lambda mean (||grad_xhat
 * D(xhat|c)||_2 - 1)^2` with `xhat = eps x + (1 - eps) G(z|c)`, `eps ~ U[0, 1)` per row,
 * the norm taken per row over all `K * Nt * 2` values, `lambda = 10`.
 * Generator loss: `L_G = -mean D(G(z|c)|c)`.
 *
 * The penalty is a gradient of a gradient: `tf.grad` (inner, w.r.t. `xhat`) runs inside
 * `tf.variableGrads` (outer, w.r.t. the critic's weights), so the weight gradient carries
 * the second-order term. In tfjs 4.22 this is exact only for ops that save their inputs
 * (the critic's are: dense, reshape, concat, conv, LeakyReLU, mean) and needs a gradient
 * for `Greater` (LeakyReLU's gradient uses it); `setupBackend()` of `lib/models/backend`
 * registers one, and {@link createWganGpTrainer} refuses to start without it.
 *
 * Optimizers: Adam `lr 2e-4, beta1 0.5, beta2 0.999` (paper, default) or the WGAN-GP
 * paper's `1e-4, 0, 0.9` (`adam: "wgan-gp"`). `criticSteps` (5) critic updates per
 * generator update ({@link WganGpTrainer.trainStep}). Latents `z` and `eps` come from the
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
import { assertInteger, assertNonNegative, assertPositive, Rng } from "../core/mod.ts";
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
  /** Seeded source of `z` and `eps` (e.g. `createRng(seed).stream("wgan")`). */
  readonly rng: Rng;
  /** Gradient-penalty weight (default 10). */
  readonly lambdaGp?: number;
  /** Critic updates per generator update in `trainStep` (default 5). */
  readonly criticSteps?: number;
  /** `"paper"` (default), `"wgan-gp"` or explicit settings, for both networks. */
  readonly adam?: "paper" | "wgan-gp" | AdamSettings;
}

/** Explicit random draws for one step (otherwise drawn from the trainer's rng). */
export interface StepNoise {
  /** `[B, latentDim]`. */
  readonly z?: tf.Tensor2D;
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
  /** One generator update; returns `L_G` before the update. */
  generatorStep(batch: GanBatch, noise?: StepNoise): { readonly generatorLoss: number };
  /** Critic losses without updating anything (generator in training mode, as in steps). */
  evaluateCritic(batch: GanBatch, noise?: StepNoise): CriticLosses;
  /**
   * `criticSteps` critic updates (one per batch of `criticBatches`, cycled) then one
   * generator update on `generatorBatch`; returns the last critic losses and `L_G`.
   */
  trainStep(
    criticBatches: readonly GanBatch[],
    generatorBatch: GanBatch,
  ): CriticLosses & { readonly generatorLoss: number };
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
 * @param critic `[x, history, scalars] -> [B, 1]`, with no cross-row ops (no batch norm).
 * @param inputs `xHat` `[B, K, Nt, 2]`, `history`, `scalars`; `lambda` (default 10).
 */
export function gradientPenalty(
  critic: tf.LayersModel,
  inputs: {
    readonly xHat: tf.Tensor4D;
    readonly history: tf.Tensor4D;
    readonly scalars: tf.Tensor2D;
    readonly lambda?: number;
  },
): tf.Scalar {
  const lambda = inputs.lambda ?? 10;
  assertNonNegative("lambda", lambda);
  // Rows are independent, so the gradient of the batch sum is the per-row gradient.
  const dDdx = tf.grad((x: tf.Tensor) =>
    tf.sum(critic.apply([x, inputs.history, inputs.scalars]) as tf.Tensor)
  );
  const g = dDdx(inputs.xHat);
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12));
  return tf.mul(lambda, tf.mean(tf.square(tf.sub(norm, 1)))) as tf.Scalar;
}

/**
 * Creates the trainer. Models are used as built (`buildGenerator`, `buildCritic`).
 *
 * @param models `generator` `[history, scalars, z] -> [B,K,Nt,2]`, `critic`.
 * @param options {@link WganGpOptions} (`rng` required).
 */
export function createWganGpTrainer(
  models: { readonly generator: tf.LayersModel; readonly critic: tf.LayersModel },
  options: WganGpOptions,
): WganGpTrainer {
  const { generator, critic } = models;
  if (!(generator instanceof tf.LayersModel)) {
    throw new TypeError("models.generator must be a tf.LayersModel");
  }
  if (!(critic instanceof tf.LayersModel)) {
    throw new TypeError("models.critic must be a tf.LayersModel");
  }
  if (!(options?.rng instanceof Rng)) throw new TypeError("options.rng must be an Rng");
  const lambda = options.lambdaGp ?? 10;
  const criticSteps = options.criticSteps ?? 5;
  assertNonNegative("lambdaGp", lambda);
  assertInteger("criticSteps", criticSteps, { min: 1 });
  const adam = resolveAdam(options.adam);
  assertSecondOrderReady();
  const rng = options.rng;
  const latentDim = generator.inputs[2].shape[1] as number;
  const generatorOptimizer = tf.train.adam(adam.learningRate, adam.beta1, adam.beta2);
  const criticOptimizer = tf.train.adam(adam.learningRate, adam.beta1, adam.beta2);
  const gVars = () => generator.trainableWeights.map((w) => w.read() as tf.Variable);
  const dVars = () => critic.trainableWeights.map((w) => w.read() as tf.Variable);

  const draws = (batch: GanBatch, noise: StepNoise = {}) => {
    const B = batch.real.shape[0];
    const z = noise.z ?? tf.tensor2d(drawLatent(rng, { rows: B, dim: latentDim }), [B, latentDim]);
    const epsilon = noise.epsilon ?? tf.tensor1d(drawUniform(rng, { n: B }));
    if (z.shape[0] !== B || z.shape[1] !== latentDim) {
      throw new RangeError(`noise.z must be [${B}, ${latentDim}]`);
    }
    if (epsilon.shape[0] !== B) throw new RangeError(`noise.epsilon must be [${B}]`);
    return { z, epsilon };
  };

  /** Returns `[L_D, W, GP]`; the last two are kept (caller disposes). */
  const criticObjective = (batch: GanBatch, fake: tf.Tensor4D, epsilon: tf.Tensor1D) => {
    const { real, history, scalars } = batch;
    const dReal = tf.mean(critic.apply([real, history, scalars]) as tf.Tensor);
    const dFake = tf.mean(critic.apply([fake, history, scalars]) as tf.Tensor);
    const e = tf.reshape(epsilon, [-1, 1, 1, 1]);
    const xHat = tf.add(tf.mul(e, real), tf.mul(tf.sub(1, e), fake)) as tf.Tensor4D;
    const gp = gradientPenalty(critic, { xHat, history, scalars, lambda });
    const w = tf.sub(dReal, dFake);
    return { loss: tf.add(tf.neg(w), gp) as tf.Scalar, w, gp };
  };

  const readCritic = (loss: tf.Tensor, w: tf.Tensor, gp: tf.Tensor): CriticLosses => ({
    criticLoss: loss.dataSync()[0],
    wasserstein: w.dataSync()[0],
    gradientPenalty: gp.dataSync()[0],
  });

  const evaluateCritic = (batch: GanBatch, noise?: StepNoise): CriticLosses => {
    let out!: CriticLosses;
    tf.tidy(() => {
      const { z, epsilon } = draws(batch, noise);
      const fake = generator.apply([batch.history, batch.scalars, z], {
        training: true,
      }) as tf.Tensor4D;
      const { loss, w, gp } = criticObjective(batch, fake, epsilon);
      out = readCritic(loss, w, gp);
    });
    return out;
  };

  const criticStep = (batch: GanBatch, noise?: StepNoise): CriticLosses => {
    let out!: CriticLosses;
    tf.tidy(() => {
      const { z, epsilon } = draws(batch, noise);
      // The fake is a constant for the critic update (no generator gradients taped).
      const fake = generator.apply([batch.history, batch.scalars, z], {
        training: true,
      }) as tf.Tensor4D;
      let parts: tf.Tensor[] = [];
      try {
        const { value, grads } = tf.variableGrads(() => {
          const { loss, w, gp } = criticObjective(batch, fake, epsilon);
          parts = [tf.keep(w), tf.keep(gp)];
          return loss;
        }, dVars());
        out = readCritic(value, parts[0], parts[1]);
        criticOptimizer.applyGradients(grads as unknown as GradientMap);
      } finally {
        tf.dispose(parts);
      }
    });
    return out;
  };

  const generatorStep = (batch: GanBatch, noise?: StepNoise) => {
    let generatorLoss = NaN;
    tf.tidy(() => {
      const { z } = draws(batch, noise);
      const { value, grads } = tf.variableGrads(() => {
        const fake = generator.apply([batch.history, batch.scalars, z], { training: true });
        return tf.neg(
          tf.mean(critic.apply([fake as tf.Tensor, batch.history, batch.scalars]) as tf.Tensor),
        ) as tf.Scalar;
      }, gVars());
      generatorLoss = value.dataSync()[0];
      generatorOptimizer.applyGradients(grads as unknown as GradientMap);
    });
    return { generatorLoss };
  };

  const trainStep = (criticBatches: readonly GanBatch[], generatorBatch: GanBatch) => {
    if (!Array.isArray(criticBatches) || criticBatches.length === 0) {
      throw new RangeError("criticBatches must be a non-empty array");
    }
    let last!: CriticLosses;
    for (let i = 0; i < criticSteps; i++) {
      last = criticStep(criticBatches[i % criticBatches.length]);
    }
    return { ...last, ...generatorStep(generatorBatch) };
  };

  return {
    generator,
    critic,
    generatorOptimizer,
    criticOptimizer,
    criticStep,
    generatorStep,
    evaluateCritic,
    trainStep,
    dispose() {
      generatorOptimizer.dispose();
      criticOptimizer.dispose();
    },
  };
}
