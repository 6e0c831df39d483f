import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import { createLinearPredictor } from "../../lib/channel/mod.ts";
import { apConditions } from "../../lib/models/condition.ts";
import { buildCritic } from "../../lib/models/critic.ts";
import { buildGenerator } from "../../lib/models/generator.ts";
import { buildLstm } from "../../lib/models/lstm.ts";
import {
  anchoredDims,
  createCganPredictor,
  createLstmPredictor,
} from "../../lib/models/predictors.ts";
import { generatorConfig, lstmConfig, modelPreset } from "../../lib/models/presets.ts";
import { apRfScalars, modelCodebook } from "../../lib/models/rf.ts";
import { sampleTrajectories } from "../../lib/models/sampler.ts";
import { beamVector } from "../../lib/channel/codebook.ts";
import type { WczfScenarios } from "../../lib/beamforming/mod.ts";
import { randomizeAnchorHead, setupTestBackend, TINY, TINY_LINEAR, tinyHistory } from "./_setup.ts";

await setupTestBackend();

const { K, Nt } = TINY;
const small = { ...TINY, latentDim: 3, embedUnits: 8, hiddenUnits: 16, seed: 2 };

Deno.test("cGAN predictor: [M][T][A] physical matrices from one pass, seeded", () => {
  const g = buildGenerator(small);
  randomizeAnchorHead(g, 2, 0.2);
  const history = tinyHistory(1, 12);
  const options = { M: 3, linear: TINY_LINEAR };
  const p = createCganPredictor(g, { ...options, rng: createRng(1).stream("z") });
  const q = createCganPredictor(g, { ...options, rng: createRng(1).stream("z") });
  assert.equal(p.trajectories, 3);
  assert.equal(p.name, "cgan");
  const a = p.predict(history, 2) as WczfScenarios;
  const b = q.predict(history, 2) as WczfScenarios;
  assert.equal(a.length, 3);
  assert.equal(a[0].length, 2);
  assert.equal(a[0][0].length, 2);
  assert.equal(a[2][1][1].rows, K);
  assert.equal(a[2][1][1].cols, Nt);
  assert.deepEqual(a[1][1][0].re, b[1][1][0].re);
  assert.notDeepEqual(a[0][1][0].re, a[1][1][0].re, "trajectories differ");
  assert.ok(p.lastTimings.forwardMs > 0);
  // The layout: result[m][t][b] is block (b, m, t) of the sampler's [A, M, T, K, Nt].
  const conds = apConditions(history, { dims: TINY, linear: TINY_LINEAR });
  const raw = sampleTrajectories(g, conds, { M: 3, T: 2, rng: createRng(1).stream("z") });
  for (let bb = 0; bb < 2; bb++) {
    for (let m = 0; m < 3; m++) {
      for (let t = 0; t < 2; t++) {
        const base = ((bb * 3 + m) * 2 + t) * K * Nt * 2, x = a[m][t][bb];
        for (let e = 0; e < K * Nt; e++) {
          assert.equal(x.re[e], raw[base + 2 * e]);
          assert.equal(x.im[e], raw[base + 2 * e + 1]);
        }
      }
    }
  }
  assert.throws(() => p.predict(history, 3), /horizon/);
  // Too short a history for the linear forecast's fit.
  assert.throws(() => p.predict(tinyHistory(1, 1), 1), /fitSlots/);
  const n = tf.memory().numTensors;
  p.predict(history, 2);
  assert.equal(tf.memory().numTensors, n);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => createCganPredictor(g, { linear: TINY_LINEAR } as any), /options\.rng/);
  assert.throws(
    () => createCganPredictor(g, { M: 0, rng: createRng(1), linear: TINY_LINEAR }),
    /options\.M/,
  );
  const wide = buildGenerator({ ...small, Nt: 16 });
  const pw = createCganPredictor(wide, { rng: createRng(1), linear: TINY_LINEAR });
  assert.throws(() => pw.predict(history, 1), /expects 16 antennas/);
  wide.dispose();
  g.dispose();
});

Deno.test("LSTM predictor: one trajectory, horizon slots per AP", () => {
  const model = buildLstm({ ...TINY, units: 4, seed: 1 });
  const p = createLstmPredictor(model, { linear: TINY_LINEAR, name: "lstm-test" });
  const history = tinyHistory(1, 15);
  const out = p.predict(history, 2) as WczfScenarios;
  assert.equal(p.trajectories, 1);
  assert.equal(p.name, "lstm-test");
  assert.equal(out.length, 1);
  assert.equal(out[0].length, 2);
  assert.equal(out[0][0].length, 2);
  assert.equal(out[0][1][1].rows, K);
  assert.ok(out[0][1][1].re.every(Number.isFinite));
  assert.throws(() => p.predict(history, 3), /horizon/);
  const n = tf.memory().numTensors;
  p.predict(history, 1);
  assert.equal(tf.memory().numTensors, n);
  model.dispose();
});

Deno.test("untrained predictors reproduce the linear predictor of the preset's settings", () => {
  // The whole path a learned scheme takes (conditions from the twin history, row
  // normalization, the anchor, de-normalization, [M][T][A] unpacking) must return the
  // linear forecast when the networks add nothing: preset widths, tau / T / E and linear
  // settings, on the tiny episode's K x Nt.
  const preset = modelPreset("ci");
  const dims = { K, Nt };
  const g = buildGenerator({ ...generatorConfig(preset, { seed: 1 }), ...dims });
  const l = buildLstm({ ...lstmConfig(preset, { seed: 1 }), ...dims });
  const cgan = createCganPredictor(g, { M: 2, rng: createRng(4), linear: preset.linear });
  const lstm = createLstmPredictor(l, { linear: preset.linear });
  const linear = createLinearPredictor(preset.linear);
  const history = tinyHistory(3, 19);
  const H = preset.dims.T;
  const want = linear.predict(history, H) as WczfScenarios;
  const checks: [string, WczfScenarios][] = [
    ["cgan", cgan.predict(history, H) as WczfScenarios],
    ["lstm", lstm.predict(history, H) as WczfScenarios],
  ];
  let worst = 0;
  for (const [name, got] of checks) {
    for (const trajectory of got) {
      assert.equal(trajectory.length, H);
      for (let t = 0; t < H; t++) {
        for (let b = 0; b < 2; b++) {
          const x = trajectory[t][b], y = want[0][t][b];
          for (let k = 0; k < K; k++) {
            let rowMax = 0;
            for (let j = k * Nt; j < (k + 1) * Nt; j++) {
              rowMax = Math.max(rowMax, Math.abs(y.re[j]), Math.abs(y.im[j]));
            }
            for (let j = k * Nt; j < (k + 1) * Nt; j++) {
              const err = Math.max(Math.abs(x.re[j] - y.re[j]), Math.abs(x.im[j] - y.im[j]));
              worst = Math.max(worst, err / rowMax);
              assert.ok(err <= 1e-6 * rowMax, `${name} t ${t} b ${b} k ${k}: ${err} / ${rowMax}`);
            }
          }
        }
      }
    }
  }
  assert.ok(worst > 0, "float32 rounding, not the same arrays");
  g.dispose();
  l.dispose();
});

Deno.test("anchoredDims: the sizes from the anchor layer; a model without one is refused", () => {
  const g = buildGenerator(small);
  const l = buildLstm({ ...TINY, E: 0, units: 2 });
  const critic = buildCritic({ ...TINY, hiddenUnits: 4 });
  assert.deepEqual(anchoredDims(g), { ...TINY, K: 0 });
  assert.deepEqual(anchoredDims(l), { ...TINY, E: 0, K: 0 });
  assert.deepEqual(anchoredDims(critic), { ...TINY, K: 0 }, "its residual layer is one too");
  const input = tf.input({ shape: [4] });
  const plain = tf.model({
    inputs: input,
    outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor,
  });
  assert.throws(() => anchoredDims(plain), /no anchor layer/);
  assert.throws(() => createLstmPredictor(plain, { linear: TINY_LINEAR }), /no anchor layer/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => createLstmPredictor({} as any, { linear: TINY_LINEAR }), /tf\.LayersModel/);
  for (const m of [g, l, critic, plain]) m.dispose();
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
