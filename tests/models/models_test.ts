import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { buildCritic } from "../../lib/models/critic.ts";
import { buildGenerator } from "../../lib/models/generator.ts";
import { buildLstm } from "../../lib/models/lstm.ts";
import {
  criticConfig,
  generatorConfig,
  lstmConfig,
  modelPreset,
} from "../../lib/models/presets.ts";
import { randomizeAnchorHead, randomTensor, scalarsTensor, setupTestBackend } from "./_setup.ts";

await setupTestBackend();

const shapesOf = (m: tf.LayersModel) =>
  Object.fromEntries(m.layers.map((l) => [l.name, JSON.stringify(l.outputShape)]));

/** Every preset has the paper's sizes: Nt 64 (F = 128), S = 10 + 5 + 5 = 20, 3 + 5 scalars. */
const F = 128, S = 20, SC = 8;

Deno.test("generator layer shapes and parameter counts are the documented ones (paper / cpu / ci)", () => {
  // [embedUnits, hiddenUnits, latentDim, parameters]; parameters =
  // (S F + 1) e + (e + 8 + L + 1) h + (h + 1) h + (h + 1) 12 + (h + 1) F
  const expected: Record<string, [number, number, number, number]> = {
    paper: [256, 512, 128, 1191308],
    cpu: [64, 128, 16, 209868],
    ci: [16, 32, 4, 47580],
  };
  for (const name of ["paper", "cpu", "ci"] as const) {
    const [e, h, L, params] = expected[name];
    assert.equal((S * F + 1) * e + (e + SC + L + 1) * h + (h + 1) * h + (h + 1) * (12 + F), params);
    const g = buildGenerator(generatorConfig(modelPreset(name)));
    const s = shapesOf(g);
    assert.equal(s.cond, "[null,20,128]");
    assert.equal(s.scalars, "[null,8]");
    assert.equal(s.z, `[null,${L}]`);
    assert.equal(s.g_flat, "[null,2560]");
    assert.equal(s.g_embed, `[null,${e}]`);
    assert.equal(s.g_fuse, `[null,${e + SC + L}]`);
    assert.equal(s.g_hidden1, `[null,${h}]`);
    assert.equal(s.g_hidden2, `[null,${h}]`);
    assert.equal(s.g_coeffs, "[null,12]");
    assert.equal(s.g_residual, "[null,128]");
    assert.equal(s.g_out, "[null,128]");
    assert.deepEqual(g.outputs[0].shape, [null, F]);
    assert.equal(g.countParams(), params);
    g.dispose();
  }
});

Deno.test("critic layer shapes and parameter counts are the documented ones (paper / cpu / ci)", () => {
  // [hiddenUnits, parameters]; parameters = (2826 + 1) H + (H + 1) H / 2 + H / 2 + 1
  const expected: Record<string, [number, number]> = {
    paper: [256, 756737],
    cpu: [64, 183041],
    ci: [16, 45377],
  };
  for (const name of ["paper", "cpu", "ci"] as const) {
    const [H, params] = expected[name];
    assert.equal(2 * F + 2 + S * F + SC, 2826);
    assert.equal((2826 + 1) * H + (H + 1) * (H / 2) + H / 2 + 1, params);
    const d = buildCritic(criticConfig(modelPreset(name)));
    const s = shapesOf(d);
    assert.equal(s.x, "[null,128]");
    assert.equal(s.cond, "[null,20,128]");
    assert.equal(s.d_residual, "[null,128]");
    assert.equal(s.d_flat, "[null,2560]");
    assert.equal(s.d_x_power, "[null,1]");
    assert.equal(s.d_residual_power, "[null,1]");
    assert.equal(s.d_concat, "[null,2826]");
    assert.equal(s.d_dense1, `[null,${H}]`);
    assert.equal(s.d_dense2, `[null,${H / 2}]`);
    assert.equal(s.d_score, "[null,1]");
    assert.equal(d.countParams(), params);
    assert.ok(!d.layers.some((l) => l.getClassName() === "BatchNormalization"));
    d.dispose();
  }
});

Deno.test("LSTM layer shapes and parameter counts are the documented ones (paper / cpu / ci)", () => {
  // [units, parameters]; parameters = 4 (F u + u^2 + u) + 4 (2 u^2 + u) + (u + 1) 5 F
  const expected: Record<string, [number, number]> = {
    paper: [256, 1084032],
    cpu: [32, 50048],
    ci: [8, 10688],
  };
  for (const name of ["paper", "cpu", "ci"] as const) {
    const [u, params] = expected[name];
    assert.equal(4 * (F * u + u * u + u) + 4 * (2 * u * u + u) + (u + 1) * 5 * F, params);
    const m = buildLstm(lstmConfig(modelPreset(name)));
    const s = shapesOf(m);
    assert.equal(s.cond, "[null,20,128]");
    assert.equal(s.l_lstm1, `[null,20,${u}]`);
    assert.equal(s.l_lstm2, `[null,${u}]`);
    assert.equal(s.l_head, "[null,640]");
    assert.equal(s.l_out, "[null,5,128]");
    assert.equal(m.countParams(), params);
    m.dispose();
  }
});

Deno.test("an untrained generator returns the forecast of each row's horizon exactly", () => {
  const cfg = generatorConfig(modelPreset("ci"), { seed: 3 });
  const g = buildGenerator(cfg);
  const R = 10, horizons = Array.from({ length: R }, (_, r) => 1 + (r % 5));
  const [y, cond] = tf.tidy(() => {
    const cond = randomTensor("cond", [R, S, F]);
    const scalars = scalarsTensor("scalars", horizons, 5);
    const z = randomTensor("z", [R, cfg.latentDim!]);
    return [(g.apply([cond, scalars, z]) as tf.Tensor).dataSync(), cond.dataSync()];
  });
  assert.equal(y.length, R * F);
  horizons.forEach((h, r) => {
    const f = cond.subarray((r * S + 10 + h - 1) * F, (r * S + 10 + h) * F);
    assert.deepEqual(y.subarray(r * F, (r + 1) * F), f, `row ${r}, horizon ${h}`);
  });
  g.dispose();
});

Deno.test("an untrained LSTM returns the forecast of every horizon exactly", () => {
  const m = buildLstm({ ...lstmConfig(modelPreset("ci"), { seed: 2 }) });
  const R = 3;
  const [y, cond] = tf.tidy(() => {
    const cond = randomTensor("lstm-cond", [R, S, F]);
    return [(m.apply(cond) as tf.Tensor).dataSync(), cond.dataSync()];
  });
  assert.equal(y.length, R * 5 * F);
  for (let r = 0; r < R; r++) {
    assert.deepEqual(
      y.subarray(r * 5 * F, (r + 1) * 5 * F),
      cond.subarray((r * S + 10) * F, (r * S + 15) * F),
      `row ${r}`,
    );
  }
  m.dispose();
});

Deno.test("same seed, same weights (generator, critic, LSTM); another seed, others", () => {
  const p = modelPreset("ci");
  const builders = [
    (seed: number) => buildGenerator(generatorConfig(p, { seed })),
    (seed: number) => buildCritic(criticConfig(p, { seed })),
    (seed: number) => buildLstm(lstmConfig(p, { seed })),
  ];
  for (const build of builders) {
    const [a, b, c] = [build(4), build(4), build(5)];
    const wa = a.getWeights().map((w) => w.dataSync());
    assert.deepEqual(b.getWeights().map((w) => w.dataSync()), wa, a.name);
    assert.notDeepEqual(c.getWeights().map((w) => w.dataSync()), wa, a.name);
    for (const m of [a, b, c]) m.dispose();
  }
  // ... and the same outputs once the anchor head is moved off zero.
  const g1 = buildGenerator(generatorConfig(p, { seed: 4 }));
  const g2 = buildGenerator(generatorConfig(p, { seed: 4 }));
  randomizeAnchorHead(g1, 1);
  randomizeAnchorHead(g2, 1);
  const diff = tf.tidy(() => {
    const inputs = [randomTensor("c", [2, S, F]), scalarsTensor("s", [1, 5], 5), tf.ones([2, 4])];
    const a = g1.apply(inputs) as tf.Tensor, b = g2.apply(inputs) as tf.Tensor;
    return [
      tf.max(tf.abs(tf.sub(a, b))).dataSync()[0],
      // horizons 1 and 5: forecast slots 10 and 14
      tf.max(tf.abs(tf.sub(
        a,
        tf.concat([
          tf.reshape(tf.slice(inputs[0], [0, 10, 0], [1, 1, F]), [1, F]),
          tf.reshape(tf.slice(inputs[0], [1, 14, 0], [1, 1, F]), [1, F]),
        ]),
      ))).dataSync()[0],
    ];
  });
  assert.equal(diff[0], 0);
  assert.ok(diff[1] > 0);
  g1.dispose();
  g2.dispose();
});

Deno.test("builders name bad arguments", () => {
  const dims = { K: 30, Nt: 64, tau: 10, T: 5, E: 5 };
  assert.throws(() => buildGenerator({ ...dims, K: 0 }), /dims.K/);
  assert.throws(() => buildGenerator({ ...dims, E: -1 }), /dims.E/);
  assert.throws(() => buildGenerator({ ...dims, embedUnits: 0 }), /embedUnits/);
  assert.throws(() => buildGenerator({ ...dims, hiddenUnits: 1.5 }), /hiddenUnits/);
  assert.throws(() => buildGenerator({ ...dims, latentDim: 0 }), /latentDim/);
  assert.throws(() => buildGenerator({ ...dims, seed: -1 }), /seed/);
  assert.throws(() => buildCritic({ ...dims, hiddenUnits: 1 }), /hiddenUnits/);
  assert.throws(() => buildCritic({ ...dims, leakySlope: 0 }), /leakySlope/);
  assert.throws(() => buildCritic({ ...dims, tau: 0 }), /dims.tau/);
  assert.throws(() => buildLstm({ ...dims, units: 0 }), /units/);
  assert.throws(() => buildLstm({ ...dims, T: 0 }), /dims.T/);
});
