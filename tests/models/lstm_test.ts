import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { makeLstmBatch } from "../../lib/models/batch.ts";
import { buildLstm, createLstmTrainer } from "../../lib/models/lstm.ts";
import { setupTestBackend, TINY, tinySamples } from "./_setup.ts";

await setupTestBackend();

Deno.test("LSTM-DT: training steps reduce the MSE from the forecast's; no tensor growth", () => {
  const model = buildLstm({ ...TINY, units: 8, seed: 1 });
  const trainer = createLstmTrainer(model, { learningRate: 1e-2 });
  const samples = tinySamples(1, [8, 11, 14, 17]);
  const batch = makeLstmBatch(samples);
  assert.deepEqual(batch.future.shape, [samples.length * TINY.K, TINY.T, 2 * TINY.Nt]);
  // Untrained: the output is the forecast, so the loss is the forecast's MSE.
  const forecastMse = tf.tidy(() => {
    const f = tf.slice(batch.cond, [0, TINY.tau, 0], [-1, TINY.T, -1]);
    return tf.mean(tf.squaredDifference(f, batch.future)).dataSync()[0];
  });
  const start = trainer.evaluate(batch);
  assert.ok(Math.abs(start - forecastMse) <= 1e-6 * forecastMse, `${start} vs ${forecastMse}`);
  assert.ok(start > 1e-4, `the forecast is not exact: ${start}`);
  assert.equal(trainer.step(batch), start, "step returns the loss before the update");
  const n = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) trainer.step(batch);
  assert.equal(tf.memory().numTensors, n);
  const end = trainer.evaluate(batch);
  assert.ok(Number.isFinite(end) && end < 0.9 * start, `${start} -> ${end}`);
  tf.dispose([batch.cond, batch.future]);
  trainer.dispose();
  model.dispose();
});

Deno.test("createLstmTrainer names bad arguments", () => {
  const model = buildLstm({ ...TINY, units: 2 });
  assert.throws(() => createLstmTrainer(model, { learningRate: 0 }), /learningRate/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => createLstmTrainer({} as any), /model must be a tf\.LayersModel/);
  model.dispose();
});
