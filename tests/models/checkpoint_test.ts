import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import {
  loadCheckpoint,
  readCheckpointManifest,
  saveCheckpoint,
} from "../../lib/models/checkpoint.ts";
import { buildCritic } from "../../lib/models/critic.ts";
import { checkLosses, DivergenceError } from "../../lib/models/divergence.ts";
import { buildGenerator } from "../../lib/models/generator.ts";
import { decodeNpy } from "../../lib/dataset/npy.ts";
import { createWganGpTrainer } from "../../lib/models/wgan_gp.ts";
import { randomTensor, scalarsTensor, setupTestBackend, TINY } from "./_setup.ts";

await setupTestBackend();
const { Nt, tau, T, E } = TINY;
const F = 2 * Nt, S = tau + T + E;

function models(seed: number) {
  return {
    generator: buildGenerator({ ...TINY, latentDim: 8, embedUnits: 8, hiddenUnits: 16, seed }),
    critic: buildCritic({ ...TINY, hiddenUnits: 8, seed }),
  };
}

function batch() {
  return {
    real: randomTensor("b-real", [2, F]) as tf.Tensor2D,
    cond: randomTensor("b-cond", [2, S, F]) as tf.Tensor3D,
    scalars: scalarsTensor("b-sc", [1, 2], T),
  };
}

Deno.test("checkpoint: atomic save, npy files, resume gives identical next steps", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ckpt-" });
  const path = `${dir}/gan`;
  const a = models(1);
  const ta = createWganGpTrainer(a, { rng: createRng(1).stream("w") });
  const b0 = batch();
  ta.trainStep([b0], b0);
  const optimizers = { generator: ta.generatorOptimizer, critic: ta.criticOptimizer };
  await saveCheckpoint(path, { models: a, optimizers, step: 1, meta: { preset: "test" } });
  await saveCheckpoint(path, { models: a, optimizers, step: 1, meta: { preset: "test" } });
  const names = [...Deno.readDirSync(dir)].map((e) => e.name);
  assert.deepEqual(names, ["gan"], "no temp or old folders left");
  const manifest = await readCheckpointManifest(path);
  assert.equal(manifest.step, 1);
  assert.equal(manifest.models.generator.length, a.generator.weights.length);
  assert.ok(manifest.optimizers.critic.length > 1, "Adam moments saved");
  const first = manifest.models.critic[0];
  const npy = decodeNpy(await Deno.readFile(`${path}/${first.file}`));
  assert.deepEqual(npy.shape, first.shape);
  assert.equal(npy.dtype, first.dtype === "int32" ? "<i4" : "<f4");

  // A fresh pair with other weights, restored from the checkpoint.
  const c = models(2);
  const tc = createWganGpTrainer(c, { rng: createRng(1).stream("w2") });
  const { step, meta } = await loadCheckpoint(path, {
    models: c,
    optimizers: { generator: tc.generatorOptimizer, critic: tc.criticOptimizer },
  });
  assert.deepEqual([step, meta.preset], [1, "test"]);
  const noise = {
    z: tf.ones([2, 8]) as tf.Tensor2D,
    epsilon: tf.tensor1d([0.3, 0.7]),
  };
  const la = ta.criticStep(b0, noise);
  const lc = tc.criticStep(b0, noise);
  assert.ok(Math.abs(la.criticLoss - lc.criticLoss) < 1e-5, `${la.criticLoss} vs ${lc.criticLoss}`);
  const la2 = ta.criticStep(b0, noise);
  const lc2 = tc.criticStep(b0, noise);
  assert.ok(Math.abs(la2.criticLoss - lc2.criticLoss) < 1e-5, "same Adam state after resume");
  for (let i = 0; i < 2; i++) {
    const ga = ta.generatorStep(b0, noise).generatorLoss;
    const gc = tc.generatorStep(b0, noise).generatorLoss;
    assert.ok(Math.abs(ga - gc) < 1e-5, `generator step ${i}: ${ga} vs ${gc}`);
  }

  const other = buildCritic({ ...TINY, Nt: 16, hiddenUnits: 8 });
  await assert.rejects(() => loadCheckpoint(path, { models: { critic: other } }), /shape/);
  await assert.rejects(() => loadCheckpoint(path, { models: { nope: other } }), /no model "nope"/);
  tf.dispose([b0.real, b0.cond, b0.scalars, noise.z, noise.epsilon]);
  ta.dispose();
  tc.dispose();
  for (const m of [a.generator, a.critic, c.generator, c.critic, other]) m.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("checkLosses stops on NaN / explosion with a clear message", () => {
  checkLosses({ criticLoss: -3, generatorLoss: 1 }, { step: 5 });
  assert.throws(
    () => checkLosses({ criticLoss: NaN }, { step: 7, lastCheckpoint: "out/x" }),
    (e: unknown) =>
      e instanceof DivergenceError && e.step === 7 && /criticLoss = NaN/.test(e.message) &&
      /out\/x/.test(e.message),
  );
  assert.throws(() => checkLosses({ g: 2e6 }, { step: 1 }), DivergenceError);
  assert.throws(() => checkLosses({ g: 1 }, { step: -1 }), RangeError);
});
