import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import { buildGenerator, splitGenerator } from "../../lib/models/generator.ts";
import { buildLstm } from "../../lib/models/lstm.ts";
import { createCganPredictor, createLstmPredictor } from "../../lib/models/predictors.ts";
import { apRfScalars, modelCodebook } from "../../lib/models/rf.ts";
import { beamVector } from "../../lib/channel/codebook.ts";
import { episodeHistory } from "../../lib/twin/history.ts";
import { syntheticEpisode } from "../twin/fixtures.ts";
import type { WczfScenarios } from "../../lib/beamforming/mod.ts";
import { setupTestBackend } from "./_setup.ts";

await setupTestBackend();

const dims = { K: 4, Nt: 8, tau: 3, T: 2 };
const small = { ...dims, filterScale: 1 / 16, fcUnits: 64, latentDim: 8, seed: 2 };
// Test data: a smooth synthetic channel, A = 2 APs.
const episode = syntheticEpisode(
  { slots: 12, aps: 2, ues: 4, antennas: 8 },
  (
    s,
    b,
    k,
    n,
  ) => [Math.cos(0.3 * n + 0.1 * s + b) * (k + 1), Math.sin(0.2 * n - 0.1 * s) * (k + 1)],
);

Deno.test("splitGenerator: head(embed(h)) equals the full generator", () => {
  const g = buildGenerator(small);
  const { embed, head, embedDim } = splitGenerator(g);
  assert.equal(splitGenerator(g), splitGenerator(g)); // cached
  const rng = createRng(4).stream("x");
  const h = tf.tensor4d(Float32Array.from({ length: 2 * 4 * 8 * 6 }, () => rng.normal()), [
    2,
    4,
    8,
    6,
  ]);
  const s = tf.tensor2d(Float32Array.from({ length: 2 * 11 }, () => rng.normal()), [2, 11]);
  const z = tf.tensor2d(Float32Array.from({ length: 2 * 8 }, () => rng.normal()), [2, 8]);
  const full = (g.apply([h, s, z]) as tf.Tensor).dataSync();
  const e = embed.apply(h) as tf.Tensor;
  assert.deepEqual(e.shape, [2, embedDim]);
  const parts = (head.apply([e, s, z]) as tf.Tensor).dataSync();
  for (let i = 0; i < full.length; i++) assert.ok(Math.abs(full[i] - parts[i]) < 1e-5);
  tf.dispose([h, s, z, e]);
  g.dispose();
});

Deno.test("cGAN predictor: [M][T][A] physical matrices from one pass, seeded", () => {
  const g = buildGenerator(small);
  const history = episodeHistory(episode, { syncSlot: 5 });
  const p = createCganPredictor(g, { M: 3, rng: createRng(1).stream("z") });
  const q = createCganPredictor(g, { M: 3, rng: createRng(1).stream("z") });
  assert.equal(p.trajectories, 3);
  const a = p.predict(history, 2) as WczfScenarios;
  const b = q.predict(history, 2) as WczfScenarios;
  assert.equal(a.length, 3);
  assert.equal(a[0].length, 2);
  assert.equal(a[0][0].length, 2);
  assert.equal(a[2][1][1].rows, 4);
  assert.equal(a[2][1][1].cols, 8);
  assert.deepEqual(a[1][1][0].re, b[1][1][0].re);
  assert.ok(p.lastTimings.forwardMs > 0);
  // De-normalized: amplitudes follow the UE's scale (row k has gain ~ k + 1).
  const m = a[0][0][0];
  let big = 0;
  for (let i = 0; i < 8; i++) big = Math.max(big, Math.hypot(m.re[3 * 8 + i], m.im[3 * 8 + i]));
  assert.ok(big > 0 && big <= 3 * 4 * Math.SQRT2 + 1e-6);
  assert.throws(() => p.predict(history, 3), RangeError);
  // Early slots: the oldest slot is repeated, no error.
  p.predict(episodeHistory(episode, { syncSlot: 0 }), 1);
  const n = tf.memory().numTensors;
  p.predict(history, 2);
  assert.equal(tf.memory().numTensors, n);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => createCganPredictor(g, {} as any), /options\.rng/);
  g.dispose();
});

Deno.test("LSTM predictor: one trajectory, horizon slots per AP", () => {
  const model = buildLstm({ ...dims, units: 4, seed: 1 });
  const p = createLstmPredictor(model);
  const out = p.predict(episodeHistory(episode, { syncSlot: 7 }), 2) as WczfScenarios;
  assert.equal(p.trajectories, 1);
  assert.equal(out.length, 1);
  assert.equal(out[0].length, 2);
  assert.equal(out[0][0].length, 2);
  assert.throws(() => p.predict(episodeHistory(episode, { syncSlot: 7 }), 3), RangeError);
  model.dispose();
});

Deno.test("apRfScalars: the beam of a codebook vector is found, RSSI = P + 10 log10 gain", () => {
  const cb = modelCodebook(64);
  const f = beamVector(cb, 27);
  const row = new Float32Array(128);
  for (let n = 0; n < 64; n++) {
    row[2 * n] = 1e-3 * f.re[n];
    row[2 * n + 1] = -1e-3 * f.im[n];
  }
  const r = apRfScalars(row, { K: 1, Nt: 64 });
  assert.equal(r.beamIndex[0], 27);
  assert.ok(Math.abs(r.rssiDbm[0] - (23 - 60)) < 1e-3);
  assert.equal(apRfScalars(new Float32Array(128), { K: 1, Nt: 64 }).rssiDbm[0], -200);
  assert.throws(() => apRfScalars(row, { K: 2, Nt: 64 }), RangeError);
});

/**
 * A "hold" network: `history [B, K, Nt, 2 tau] -> [B, T, K, Nt, 2]`, every horizon slot a
 * copy of the newest past slot (channels `2 (tau - 1)`, `2 (tau - 1) + 1`).
 */
function holdModel(d: { K: number; Nt: number; tau: number; T: number }): tf.LayersModel {
  const history = tf.input({ shape: [d.K, d.Nt, 2 * d.tau] });
  // [K, Nt, 2 tau] -> [K Nt, tau, 2] (an "image" whose width is time) -> crop to the last slot
  let x = tf.layers.reshape({ targetShape: [d.K * d.Nt, d.tau, 2] }).apply(history);
  x = tf.layers.cropping2D({ cropping: [[0, 0], [d.tau - 1, 0]] }).apply(x);
  const slot = tf.layers.reshape({ targetShape: [1, d.K, d.Nt, 2] }).apply(x) as tf.SymbolicTensor;
  const out = d.T === 1
    ? slot
    : tf.layers.concatenate({ axis: 1 }).apply(Array.from({ length: d.T }, () => slot));
  return tf.model({ inputs: history, outputs: out as tf.SymbolicTensor });
}

Deno.test("LSTM predictor wiring: a hold network returns the last synchronized channels exactly", () => {
  // The whole path a learned scheme takes (conditions from the twin history, row
  // normalization, model layout, de-normalization, [M][T][A] unpacking) must reproduce
  // the physical channel when the network itself copies its newest input slot.
  const model = holdModel(dims);
  const p = createLstmPredictor(model);
  const history = episodeHistory(episode, { syncSlot: 7 });
  const out = p.predict(history, 2) as WczfScenarios;
  const truth = history.channels(7);
  for (let t = 0; t < 2; t++) {
    for (let b = 0; b < 2; b++) {
      const got = out[0][t][b], want = truth[b];
      assert.equal(got.rows, want.rows);
      for (let i = 0; i < want.re.length; i++) {
        const tol = 1e-5 * (1 + Math.hypot(want.re[i], want.im[i]));
        assert.ok(Math.abs(got.re[i] - want.re[i]) < tol, `re[${i}] t=${t} b=${b}`);
        assert.ok(Math.abs(got.im[i] - want.im[i]) < tol, `im[${i}] t=${t} b=${b}`);
      }
    }
  }
  model.dispose();
});
