import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import { buildCritic } from "../../lib/models/critic.ts";
import { buildGenerator } from "../../lib/models/generator.ts";
import { createWganGpTrainer, gradientPenalty } from "../../lib/models/wgan_gp.ts";
import type { GanBatch } from "../../lib/models/batch.ts";
import { setupTestBackend, TINY } from "./_setup.ts";

await setupTestBackend();

const { K, Nt, tau, T } = TINY;
const S = 2 * K + 1 + T;

function randomTensor(seed: string, shape: number[], scale = 1): tf.Tensor {
  const rng = createRng(7).stream(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = scale * rng.normal();
  return tf.tensor(v, shape);
}

function tinyBatch(B: number, seed: string): GanBatch {
  return {
    real: randomTensor(`${seed}-real`, [B, K, Nt, 2]) as tf.Tensor4D,
    history: randomTensor(`${seed}-hist`, [B, K, Nt, 2 * tau]) as tf.Tensor4D,
    scalars: randomTensor(`${seed}-sc`, [B, S]) as tf.Tensor2D,
  };
}

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
  const critic = buildCritic({ ...TINY, filterScale: 1 / 16, seed: 3 });
  const b = tinyBatch(3, "fd");
  const xHat = randomTensor("xhat", [3, K, Nt, 2]) as tf.Tensor4D;
  // Larger weights put ||grad_x D|| near 1, where the penalty's weight gradient is sizeable.
  for (const w of critic.trainableWeights) {
    if (w.originalName.endsWith("kernel")) w.write(tf.mul(w.read(), 3));
  }
  const penalty = () =>
    gradientPenalty(critic, { xHat, history: b.history, scalars: b.scalars, lambda: 1 });
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
  const cases: [string, number, number][] = [
    ["d_score/kernel", argmax("d_score/kernel"), 1e-2],
    ["d_conv3/kernel", argmax("d_conv3/kernel"), 1e-3],
    ["d_conv2/kernel", argmax("d_conv2/kernel"), 1e-3],
    ["d_conv1/kernel", argmax("d_conv1/kernel"), 1e-3],
    ["d_cond_proj/kernel", argmax("d_cond_proj/kernel"), 1e-3],
    ["d_score/bias", 0, 1e-2],
  ];
  const rows: string[] = [];
  for (const [name, index, h] of cases) {
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
    if (name === "d_score/bias" || name === "d_cond_proj/kernel") {
      // Biases and the condition map only move LeakyReLU kinks: grad_x D is piecewise
      // constant in them, so this gradient is exactly 0 (and so is the difference quotient).
      assert.equal(analytic, 0, `${name}: grad_x D cannot depend on it`);
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
  tf.dispose([grads, xHat, b.real, b.history, b.scalars]);
  critic.dispose();
});

Deno.test("critic loss gradient differs from the one with the penalty detached", () => {
  const critic = buildCritic({ ...TINY, filterScale: 1 / 16, seed: 4 });
  const b = tinyBatch(2, "detach");
  const xHat = randomTensor("xhat2", [2, K, Nt, 2]) as tf.Tensor4D;
  const vars = critic.trainableWeights.map((w) => w.read() as tf.Variable);
  const loss = (detach: boolean) => () => {
    const d = tf.mean(critic.apply([b.real, b.history, b.scalars]) as tf.Tensor);
    const gp = gradientPenalty(critic, { xHat, history: b.history, scalars: b.scalars });
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
  tf.dispose([
    full.grads,
    detached.grads,
    full.value,
    detached.value,
    xHat,
    b.real,
    b.history,
    b.scalars,
  ]);
  critic.dispose();
});

function tinyModels(seed: number) {
  return {
    generator: buildGenerator({ ...TINY, filterScale: 1 / 16, fcUnits: 64, latentDim: 8, seed }),
    critic: buildCritic({ ...TINY, filterScale: 1 / 16, seed }),
  };
}

Deno.test("wgan-gp steps: finite losses and no tensor growth after warm-up", () => {
  const models = tinyModels(1);
  const trainer = createWganGpTrainer(models, { rng: createRng(1).stream("wgan") });
  const batch = tinyBatch(4, "mem");
  const r0 = trainer.trainStep([batch], batch); // warm-up: creates the optimizer state
  for (const v of Object.values(r0)) assert.ok(Number.isFinite(v));
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    const c = trainer.criticStep(batch);
    const g = trainer.generatorStep(batch);
    assert.ok(Number.isFinite(c.criticLoss) && Number.isFinite(g.generatorLoss));
    assert.ok(c.gradientPenalty >= 0);
  }
  assert.equal(tf.memory().numTensors, before);
  trainer.dispose();
  tf.dispose([batch.real, batch.history, batch.scalars]);
  models.generator.dispose();
  models.critic.dispose();
});

Deno.test("critic steps reduce the critic loss on a separable toy batch", () => {
  const models = tinyModels(2);
  const trainer = createWganGpTrainer(models, {
    rng: createRng(2).stream("wgan"),
    adam: { learningRate: 1e-3, beta1: 0.5, beta2: 0.999 },
  });
  const B = 4;
  // Real rows: a constant +1 pattern; fakes come from the untrained generator.
  const batch = tinyBatch(B, "toy");
  const real = tf.onesLike(batch.real) as tf.Tensor4D;
  const toy = { ...batch, real };
  const noise = {
    z: randomTensor("z", [B, 8]) as tf.Tensor2D,
    epsilon: tf.tensor1d([0.1, 0.4, 0.6, 0.9]),
  };
  const start = trainer.evaluateCritic(toy, noise);
  for (let i = 0; i < 5; i++) trainer.criticStep(toy, noise);
  const end = trainer.evaluateCritic(toy, noise);
  assert.ok(end.criticLoss < start.criticLoss, `${start.criticLoss} -> ${end.criticLoss}`);
  assert.ok(end.wasserstein > start.wasserstein);
  trainer.dispose();
  tf.dispose([batch.real, batch.history, batch.scalars, real, noise.z, noise.epsilon]);
  models.generator.dispose();
  models.critic.dispose();
});

Deno.test("createWganGpTrainer validates its arguments", () => {
  const models = tinyModels(3);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => createWganGpTrainer(models, { rng: 7 } as any), TypeError);
  // Without an rng every step needs its noise.
  const noRng = createWganGpTrainer(models, {});
  const batch = tinyBatch(2, "no-rng");
  assert.throws(() => noRng.criticStep(batch), TypeError);
  const z = randomTensor("z-no-rng", [2, 8]) as tf.Tensor2D;
  assert.throws(() => noRng.criticStep(batch, { z }), TypeError);
  assert.ok(Number.isFinite(noRng.generatorStep(batch, { z }).generatorLoss));
  noRng.dispose();
  tf.dispose([z, batch.real, batch.history, batch.scalars]);
  assert.throws(
    () => createWganGpTrainer(models, { rng: createRng(1), criticSteps: 0 }),
    RangeError,
  );
  models.generator.dispose();
  models.critic.dispose();
});
