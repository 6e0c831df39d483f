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
import { setupTestBackend, TINY } from "./_setup.ts";

await setupTestBackend();
const { K, Nt, tau, T } = TINY;

function models(seed: number) {
  return {
    generator: buildGenerator({ ...TINY, filterScale: 1 / 16, fcUnits: 64, latentDim: 8, seed }),
    critic: buildCritic({ ...TINY, filterScale: 1 / 16, seed }),
  };
}

function batch() {
  const r = createRng(3).stream("b");
  const t = (shape: number[]) => {
    const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < v.length; i++) v[i] = r.normal();
    return tf.tensor(v, shape);
  };
  return {
    real: t([2, K, Nt, 2]) as tf.Tensor4D,
    history: t([2, K, Nt, 2 * tau]) as tf.Tensor4D,
    scalars: t([2, 2 * K + 1 + T]) as tf.Tensor2D,
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

  const other = buildCritic({ K: 4, Nt: 16, tau, T, filterScale: 1 / 16 });
  await assert.rejects(() => loadCheckpoint(path, { models: { critic: other } }), /shape/);
  await assert.rejects(() => loadCheckpoint(path, { models: { nope: other } }), /no model "nope"/);
  tf.dispose([b0.real, b0.history, b0.scalars, noise.z, noise.epsilon]);
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
