import assert from "node:assert/strict";
import { buildCondition } from "../../lib/models/condition.ts";
import {
  buildLstm,
  createLstmTrainer,
  forecastLstm,
  makeLstmBatch,
} from "../../lib/models/lstm.ts";
import * as tf from "@tensorflow/tfjs";
import { setupTestBackend, TINY, tinyWindow } from "./_setup.ts";

await setupTestBackend();

Deno.test("LSTM-DT: training steps reduce the MSE; forecast has [T, K, Nt] complex", () => {
  const model = buildLstm({ ...TINY, units: 8, seed: 1 });
  const trainer = createLstmTrainer(model, { learningRate: 1e-2 });
  const windows = [tinyWindow(1), tinyWindow(2), tinyWindow(3)];
  const batch = makeLstmBatch(windows, TINY);
  assert.deepEqual(batch.future.shape, [3, TINY.T, TINY.K, TINY.Nt, 2]);
  const start = trainer.evaluate(batch);
  trainer.step(batch);
  const n = tf.memory().numTensors;
  for (let i = 0; i < 10; i++) trainer.step(batch);
  assert.equal(tf.memory().numTensors, n);
  const end = trainer.evaluate(batch);
  assert.ok(end < start, `${start} -> ${end}`);
  const f = forecastLstm(model, buildCondition(windows[0], TINY));
  assert.equal(f.length, TINY.T * TINY.K * TINY.Nt * 2);
  assert.ok(f.every(Number.isFinite));
  tf.dispose([batch.history, batch.future]);
  trainer.dispose();
  model.dispose();
});
