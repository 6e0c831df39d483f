import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import { buildLstm } from "../../lib/models/lstm.ts";
import { lstmForward, lstmFusable } from "../../lib/models/lstm_fused.ts";
import { createLstmPredictor } from "../../lib/models/predictors.ts";
import { loadShippedModels } from "../../lib/models/shipped.ts";
import { conditionSlots } from "../../lib/models/condition.ts";
import { createSimdKernels, fastTanh } from "../../lib/models/simd_kernels.ts";
import type { WczfScenarios } from "../../lib/beamforming/mod.ts";
import { setupTestBackend, TINY, TINY_LINEAR, tinyHistory } from "./_setup.ts";

await setupTestBackend();

/** Seeded normal values, `scale` times. */
function normals(seed: number, n: number, scale = 1): Float32Array {
  const rng = createRng(seed).stream("lstm-fused");
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = scale * rng.normal();
  return v;
}

/** Every weight of a model replaced by seeded normals times `scale`. */
function randomizeWeights(model: tf.LayersModel, seed: number, scale: number): void {
  const ws = model.getWeights().map((w, i) => tf.tensor(normals(seed + i, w.size, scale), w.shape));
  model.setWeights(ws);
  tf.dispose(ws);
}

/** max |fused - layers| / max |layers| over the first `horizon` slots. */
function relativeGap(model: tf.LayersModel, cond: Float32Array, rows: number, horizon: number) {
  const fused = lstmForward(model, cond, { rows, horizon });
  const layers = lstmForward(model, cond, { rows, horizon, path: "layers" });
  assert.equal(fused.length, layers.length);
  let scale = 0, gap = 0;
  for (let i = 0; i < layers.length; i++) {
    scale = Math.max(scale, Math.abs(layers[i]));
    gap = Math.max(gap, Math.abs(fused[i] - layers[i]));
  }
  assert.ok(scale > 0);
  return gap / scale;
}

Deno.test("simd kernels: tanh within 1e-6, gemm equals the host product", () => {
  let worst = 0;
  for (let i = -20000; i <= 20000; i++) {
    const x = i * 5e-4;
    worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
  }
  assert.ok(worst < 1e-6, `tanh error ${worst}`);
  assert.equal(fastTanh(50), Math.fround(fastTanh(8)));
  const k = createSimdKernels(1);
  const M = 6, K = 7, N = 32, ldb = 48;
  const mem = new Float32Array(k.memory.buffer);
  const a = 16, b = a + M * K, bias = b + K * ldb, c = bias + N; // float offsets (aligned: 16, ...)
  const off = [a, b, bias, c].map((x) => Math.ceil(x / 4) * 4);
  mem.set(normals(1, M * K), off[0]);
  mem.set(normals(2, K * ldb), off[1]);
  mem.set(normals(3, N), off[2]);
  k.gemm(off[0] * 4, off[1] * 4, off[2] * 4, off[3] * 4, M, K, N, ldb, 0);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = mem[off[2] + n];
      for (let q = 0; q < K; q++) s += mem[off[0] + m * K + q] * mem[off[1] + q * ldb + n];
      assert.ok(Math.abs(s - mem[off[3] + m * N + n]) < 1e-5, `C[${m}, ${n}]`);
    }
  }
});

Deno.test("lstmForward: fused equals the layers on the shipped cpu weights", async () => {
  const { lstm, generator, critic } = await loadShippedModels("cpu");
  assert.ok(lstmFusable(lstm));
  const [, S, F] = lstm.inputs[0].shape as number[];
  const rows = 90; // A K of the decision (3 x 30)
  const cond = normals(11, rows * S * F);
  for (const horizon of [1, 5]) {
    const gap = relativeGap(lstm, cond, rows, horizon);
    assert.ok(gap <= 1e-5, `horizon ${horizon}: ${gap}`);
  }
  // an odd row count (padded to the kernels' row block inside)
  assert.ok(relativeGap(lstm, cond.subarray(0, 7 * S * F), 7, 3) <= 1e-5);
  [lstm, generator, critic].forEach((m) => m.dispose());
});

Deno.test("lstmForward: fused equals the layers on random weights, and reads the current ones", () => {
  const model = buildLstm({ K: 30, Nt: 64, tau: 10, T: 5, E: 5, units: 32, seed: 3 });
  const S = 20, F = 128, rows = 12;
  const cond = normals(5, rows * S * F);
  randomizeWeights(model, 100, 0.15);
  assert.ok(relativeGap(model, cond, rows, 5) <= 1e-5);
  // weights changed between calls: the fused path follows them (no stale cache)
  randomizeWeights(model, 200, 0.3);
  assert.ok(relativeGap(model, cond, rows, 2) <= 1e-5);
  const n = tf.memory().numTensors;
  lstmForward(model, cond, { rows, horizon: 5 });
  assert.equal(tf.memory().numTensors, n, "no tensor leaks");
  model.dispose();
});

Deno.test("lstmForward: a model the kernels cannot take runs the layers; bad arguments", () => {
  const odd = buildLstm({ ...TINY, units: 6, seed: 1 }); // 4 u = 24: not a column block
  assert.equal(lstmFusable(odd), false);
  const S = conditionSlots(TINY), F = 2 * TINY.Nt;
  const cond = normals(2, 3 * S * F);
  const a = lstmForward(odd, cond, { rows: 3, horizon: 2 });
  const b = lstmForward(odd, cond, { rows: 3, horizon: 2, path: "layers" });
  assert.deepEqual(a, b);
  assert.throws(() => lstmForward(odd, cond, { rows: 3, horizon: 3 }), /horizon/);
  assert.throws(() => lstmForward(odd, cond, { rows: 4, horizon: 1 }), /cond must be/);
  odd.dispose();
});

Deno.test("LSTM predictor: the fused path gives the layers' matrices (tiny history)", () => {
  const model = buildLstm({ ...TINY, units: 8, seed: 4 });
  randomizeWeights(model, 300, 0.3);
  assert.ok(lstmFusable(model));
  const history = tinyHistory(1, 12);
  const fused = createLstmPredictor(model, { linear: TINY_LINEAR });
  const layers = createLstmPredictor(model, { linear: TINY_LINEAR, path: "layers" });
  for (const horizon of [1, 2]) {
    const a = fused.predict(history, horizon) as WczfScenarios;
    const b = layers.predict(history, horizon) as WczfScenarios;
    let scale = 0, gap = 0;
    for (let t = 0; t < horizon; t++) {
      for (let ap = 0; ap < a[0][t].length; ap++) {
        const x = a[0][t][ap], y = b[0][t][ap];
        for (let e = 0; e < y.re.length; e++) {
          scale = Math.max(scale, Math.abs(y.re[e]), Math.abs(y.im[e]));
          gap = Math.max(gap, Math.abs(x.re[e] - y.re[e]), Math.abs(x.im[e] - y.im[e]));
        }
      }
    }
    assert.ok(scale > 0 && gap <= 1e-5 * scale, `horizon ${horizon}: ${gap} / ${scale}`);
  }
  model.dispose();
});
