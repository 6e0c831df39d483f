import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import { buildCritic } from "../../lib/models/critic.ts";
import { buildGenerator } from "../../lib/models/generator.ts";
import { createWganGpTrainer, gradientPenalty } from "../../lib/models/wgan_gp.ts";
import type { GanBatch } from "../../lib/models/batch.ts";
import { randomTensor, scalarsTensor, setupTestBackend } from "./_setup.ts";

await setupTestBackend();

/** The smallest sizes that still have every part: 2 x 4 rows, 2 past, 2 future, 1 error. */
const DIMS = { K: 2, Nt: 4, tau: 2, T: 2, E: 1 } as const;
const F = 2 * DIMS.Nt, S = DIMS.tau + DIMS.T + DIMS.E;
const LATENT = 3;

function tinyBatch(R: number, seed: string): GanBatch {
  return {
    real: randomTensor(`${seed}-real`, [R, F]) as tf.Tensor2D,
    cond: randomTensor(`${seed}-cond`, [R, S, F]) as tf.Tensor3D,
    scalars: scalarsTensor(`${seed}-sc`, Array.from({ length: R }, (_, r) => 1 + (r % 2)), 2),
  };
}

const disposeAll = (b: GanBatch) => tf.dispose([b.real, b.cond, b.scalars]);

/** Sets element `index` of the critic's weight `name`; returns the old value. */
function setElement(critic: tf.LayersModel, name: string, index: number, value: number): number {
  const w = critic.weights.find((v) => v.originalName === name)!;
  const arr = w.read().dataSync().slice();
  const old = arr[index];
  arr[index] = value;
  const t = tf.tensor(arr, w.shape as number[]);
  w.write(t);
  t.dispose();
  return old;
}

Deno.test("gradient penalty: weight gradient matches central finite differences (2nd order)", () => {
  const critic = buildCritic({ ...DIMS, hiddenUnits: 8, seed: 3 });
  const b = tinyBatch(3, "fd");
  const xHat = randomTensor("xhat", [3, F]) as tf.Tensor2D;
  // At the Glorot initialization of these sizes ||grad_x D|| is O(1) (P = 0.40 for this
  // seed), where the penalty's weight gradient is sizeable.
  const penalty = () =>
    gradientPenalty(critic, { xHat, cond: b.cond, scalars: b.scalars, lambda: 1 });
  const vars = critic.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(penalty, vars);
  const gradOf = (name: string) => {
    const i = critic.trainableWeights.findIndex((w) => w.originalName === name);
    // A weight that cannot influence the penalty gets no entry at all: treat it as zeros.
    return grads[vars[i].name]?.dataSync() ?? new Float32Array(vars[i].size);
  };
  // Per layer: the element with the largest |gradient| (deterministic for the seed).
  const argmax = (name: string) => {
    const g = gradOf(name);
    let best = 0;
    for (let i = 1; i < g.length; i++) if (Math.abs(g[i]) > Math.abs(g[best])) best = i;
    return best;
  };
  // d_dense1's input rows: [x (F); x - f (F); cond (S F); scalars (3 + T)]. Row 2 F + 3
  // reads a condition value: it only moves LeakyReLU kinks.
  const condRow = (2 * F + 3) * 8;
  const cases: [string, number, number, "moves" | "kinks"][] = [
    ["d_score/kernel", argmax("d_score/kernel"), 1e-2, "moves"],
    ["d_dense2/kernel", argmax("d_dense2/kernel"), 1e-3, "moves"],
    ["d_dense1/kernel", argmax("d_dense1/kernel"), 1e-3, "moves"],
    ["d_dense1/kernel", condRow, 1e-3, "kinks"],
    ["d_dense1/bias", 0, 1e-3, "kinks"],
    ["d_score/bias", 0, 1e-2, "kinks"],
  ];
  const rows: string[] = [];
  for (const [name, index, h, kind] of cases) {
    const analytic = gradOf(name)[index];
    const w0 = setElement(critic, name, index, NaN);
    setElement(critic, name, index, w0 + h);
    const plus = tf.tidy(() => penalty().dataSync()[0]);
    setElement(critic, name, index, w0 - h);
    const minus = tf.tidy(() => penalty().dataSync()[0]);
    setElement(critic, name, index, w0);
    const fd = (plus - minus) / (2 * h);
    rows.push(
      `${name}[${index}] h=${h}: P=${plus.toFixed(5)} analytic ${analytic.toExponential(4)} fd ${
        fd.toExponential(4)
      }`,
    );
    assert.ok(
      Math.abs(fd - analytic) <= 2e-3 + 2e-2 * Math.abs(analytic),
      `${name}[${index}]: analytic ${analytic} vs finite difference ${fd}`,
    );
    if (kind === "kinks") {
      // Biases and the condition's (and scalars') weights only move LeakyReLU kinks:
      // grad_x D is piecewise constant in them, so this gradient is exactly 0 (and so is
      // the difference quotient).
      assert.equal(analytic, 0, `${name}[${index}]: grad_x D cannot depend on it`);
    } else {
      // The penalty depends on the weights only through grad_x D: a detached
      // (first-order-only) implementation would give exactly 0 here.
      assert.ok(
        Math.abs(analytic) > 2e-2,
        `${name}[${index}] gradient ${analytic} too small to test`,
      );
    }
  }
  console.log(rows.join("\n"));
  tf.dispose([grads, xHat]);
  disposeAll(b);
  critic.dispose();
});

Deno.test("critic loss gradient differs from the one with the penalty detached", () => {
  const critic = buildCritic({ ...DIMS, hiddenUnits: 8, seed: 4 });
  const b = tinyBatch(2, "detach");
  const xHat = randomTensor("xhat2", [2, F]) as tf.Tensor2D;
  const vars = critic.trainableWeights.map((w) => w.read() as tf.Variable);
  const loss = (detach: boolean) => () => {
    const d = tf.mean(critic.apply([b.real, b.cond, b.scalars]) as tf.Tensor);
    const gp = gradientPenalty(critic, { xHat, cond: b.cond, scalars: b.scalars });
    return tf.add(tf.neg(d), detach ? tf.scalar(gp.dataSync()[0]) : gp) as tf.Scalar;
  };
  const full = tf.variableGrads(loss(false), vars);
  const detached = tf.variableGrads(loss(true), vars);
  const name = vars[vars.length - 2].name; // d_score kernel
  const diff = tf.tidy(() =>
    tf.max(tf.abs(tf.sub(full.grads[name], detached.grads[name]))).dataSync()[0]
  );
  assert.ok(diff > 1e-3, `penalty changed the d_score gradient by only ${diff}`);
  assert.equal(full.value.dataSync()[0], detached.value.dataSync()[0]);
  tf.dispose([full.grads, detached.grads, full.value, detached.value, xHat]);
  disposeAll(b);
  critic.dispose();
});

function tinyModels(seed: number) {
  return {
    generator: buildGenerator({ ...DIMS, latentDim: LATENT, embedUnits: 8, hiddenUnits: 16, seed }),
    critic: buildCritic({ ...DIMS, hiddenUnits: 8, seed }),
  };
}

function disposeModels(models: ReturnType<typeof tinyModels>) {
  models.generator.dispose();
  models.critic.dispose();
}

Deno.test("wgan-gp steps: finite losses and no tensor growth after warm-up", () => {
  for (const varietySamples of [0, 3]) {
    const models = tinyModels(1);
    const trainer = createWganGpTrainer(models, {
      rng: createRng(1).stream("wgan"),
      varietySamples,
    });
    const batch = tinyBatch(4, "mem");
    const r0 = trainer.trainStep([batch], batch); // warm-up: creates the optimizer state
    for (const v of Object.values(r0)) assert.ok(Number.isFinite(v), JSON.stringify(r0));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const c = trainer.criticStep(batch);
      const g = trainer.generatorStep(batch);
      assert.ok(Number.isFinite(c.criticLoss) && Number.isFinite(g.generatorLoss));
      assert.ok(Number.isFinite(c.wasserstein) && c.gradientPenalty >= 0);
      assert.ok(Number.isFinite(g.varietyLoss));
      trainer.evaluateCritic(batch);
    }
    assert.equal(tf.memory().numTensors, before, `varietySamples ${varietySamples}`);
    trainer.dispose();
    disposeAll(batch);
    disposeModels(models);
  }
});

Deno.test("critic steps reduce the critic loss on a separable toy batch", () => {
  const models = tinyModels(2);
  const trainer = createWganGpTrainer(models, {
    rng: createRng(2).stream("wgan"),
    adam: { learningRate: 1e-3, beta1: 0.5, beta2: 0.999 },
  });
  const R = 4;
  // Real rows: a constant +1 pattern; fakes: the untrained generator's forecasts
  // (random condition values).
  const batch = tinyBatch(R, "toy");
  const real = tf.onesLike(batch.real) as tf.Tensor2D;
  const toy = { ...batch, real };
  const noise = {
    z: randomTensor("z", [R, LATENT]) as tf.Tensor2D,
    epsilon: tf.tensor1d([0.1, 0.4, 0.6, 0.9]),
  };
  const start = trainer.evaluateCritic(toy, noise);
  for (let i = 0; i < 5; i++) trainer.criticStep(toy, noise);
  const end = trainer.evaluateCritic(toy, noise);
  assert.ok(end.criticLoss < start.criticLoss, `${start.criticLoss} -> ${end.criticLoss}`);
  assert.ok(end.wasserstein > start.wasserstein);
  trainer.dispose();
  tf.dispose([real, noise.z, noise.epsilon]);
  disposeAll(batch);
  disposeModels(models);
});

Deno.test("variety loss: 0 when off; positive and decreasing under generator steps when on", () => {
  const R = 6, k = 3;
  const batch = tinyBatch(R, "variety");
  const noise = {
    z: randomTensor("vz", [R, LATENT]) as tf.Tensor2D,
    zVariety: randomTensor("vzv", [k * R, LATENT]) as tf.Tensor2D,
  };
  const off = tinyModels(5);
  const offTrainer = createWganGpTrainer(off, { rng: createRng(5).stream("off") });
  assert.equal(offTrainer.generatorStep(batch).varietyLoss, 0);
  offTrainer.dispose();
  disposeModels(off);

  const on = tinyModels(5);
  const trainer = createWganGpTrainer(on, {
    varietySamples: k,
    adam: { learningRate: 1e-2, beta1: 0.5, beta2: 0.999 },
  });
  const losses: number[] = [];
  for (let i = 0; i < 12; i++) losses.push(trainer.generatorStep(batch, noise).varietyLoss);
  assert.ok(losses[0] > 0, `${losses[0]}`);
  assert.ok(losses.every(Number.isFinite));
  assert.ok(losses[11] < 0.8 * losses[0], losses.map((v) => v.toFixed(4)).join(" "));
  trainer.dispose();
  disposeModels(on);
  tf.dispose([noise.z, noise.zVariety]);
  disposeAll(batch);
});

Deno.test("createWganGpTrainer validates its arguments", () => {
  const models = tinyModels(3);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => createWganGpTrainer(models, { rng: 7 } as any), /options\.rng/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => createWganGpTrainer({ ...models, critic: {} as any }), /models\.critic/);
  assert.throws(
    () => createWganGpTrainer(models, { rng: createRng(1), criticSteps: 0 }),
    /criticSteps/,
  );
  assert.throws(
    () => createWganGpTrainer(models, { rng: createRng(1), varietySamples: -1 }),
    /options\.varietySamples/,
  );
  assert.throws(
    () => createWganGpTrainer(models, { rng: createRng(1), varietyWeight: -1 }),
    /options\.varietyWeight/,
  );
  assert.throws(
    () => createWganGpTrainer(models, { adam: { learningRate: 1e-3, beta1: 1, beta2: 0.9 } }),
    /betas/,
  );
  // Without an rng every step needs its noise.
  const noRng = createWganGpTrainer(models, {});
  const batch = tinyBatch(2, "no-rng");
  assert.throws(() => noRng.criticStep(batch), /noise\.z and noise\.epsilon/);
  const z = randomTensor("z-no-rng", [2, LATENT]) as tf.Tensor2D;
  const zBad = randomTensor("z-bad", [3, LATENT]) as tf.Tensor2D;
  assert.throws(() => noRng.criticStep(batch, { z }), /noise\.epsilon/);
  assert.throws(() => noRng.generatorStep(batch, { z: zBad }), /noise\.z must be \[2, 3\]/);
  assert.ok(Number.isFinite(noRng.generatorStep(batch, { z }).generatorLoss));
  noRng.dispose();
  const variety = createWganGpTrainer(models, { varietySamples: 2 });
  assert.throws(() => variety.generatorStep(batch, { z }), /noise\.zVariety must be \[4, 3\]/);
  variety.dispose();
  tf.dispose([z, zBad]);
  disposeAll(batch);
  disposeModels(models);
});
