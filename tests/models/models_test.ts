import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { buildCritic } from "../../lib/models/critic.ts";
import { buildGenerator } from "../../lib/models/generator.ts";
import { buildLstm } from "../../lib/models/lstm.ts";
import { criticConfig, generatorConfig, modelPreset } from "../../lib/models/presets.ts";
import { setupTestBackend } from "./_setup.ts";

await setupTestBackend();

const shapesOf = (m: tf.LayersModel) =>
  Object.fromEntries(m.layers.map((l) => [l.name, JSON.stringify(l.outputShape)]));

Deno.test("generator layer shapes are the documented ones (paper / cpu / ci)", () => {
  const expected: Record<string, [number, number, number, number]> = {
    paper: [64, 128, 256, 1019970],
    cpu: [8, 16, 32, 134218],
    ci: [4, 8, 16, 114150],
  };
  for (const name of ["paper", "cpu", "ci"] as const) {
    const [f1, f2, f3, params] = expected[name];
    const g = buildGenerator(generatorConfig(modelPreset(name)));
    const s = shapesOf(g);
    assert.equal(s.history, "[null,30,64,20]");
    assert.equal(s.scalars, "[null,66]");
    assert.equal(s.z, "[null,128]");
    assert.equal(s.g_embed_conv1, `[null,15,32,${f1}]`);
    assert.equal(s.g_embed_conv2, `[null,8,16,${f2}]`);
    assert.equal(s.g_embed_conv3, `[null,4,8,${f3}]`);
    assert.equal(s.g_embed_pool, `[null,${f3}]`);
    assert.equal(s.g_fuse, `[null,${f3 + 66 + 128}]`);
    assert.equal(s.g_fc, "[null,512]");
    assert.equal(s.g_grid, "[null,4,8,16]");
    assert.equal(s.g_up1_relu, `[null,8,16,${f3}]`);
    assert.equal(s.g_up2_relu, `[null,16,32,${f2}]`);
    assert.equal(s.g_up3_relu, `[null,32,64,${f1}]`);
    assert.equal(s.g_out_conv, "[null,32,64,2]");
    assert.equal(s.g_crop, "[null,30,64,2]");
    assert.equal(s.g_out_scale, "[null,30,64,2]");
    assert.equal(g.countParams(), params);
    g.dispose();
  }
});

Deno.test("critic layer shapes are the documented ones (paper / cpu / ci)", () => {
  const expected: Record<string, [number, number, number, number]> = {
    paper: [64, 128, 256, 808257],
    cpu: [8, 16, 32, 141913],
    ci: [4, 8, 16, 132717],
  };
  for (const name of ["paper", "cpu", "ci"] as const) {
    const [f1, f2, f3, params] = expected[name];
    const d = buildCritic(criticConfig(modelPreset(name)));
    const s = shapesOf(d);
    assert.equal(s.x, "[null,30,64,2]");
    assert.equal(s.d_cond_proj, "[null,1920]");
    assert.equal(s.d_cond_map, "[null,30,64,1]");
    assert.equal(s.d_concat, "[null,30,64,23]");
    assert.equal(s.d_conv1, `[null,15,32,${f1}]`);
    assert.equal(s.d_conv2, `[null,8,16,${f2}]`);
    assert.equal(s.d_conv3, `[null,4,8,${f3}]`);
    assert.equal(s.d_score, "[null,4,8,1]"); // ceil(30/8) x ceil(64/8)
    assert.equal(s.d_mean, "[null,1]");
    assert.equal(d.countParams(), params);
    assert.ok(!d.layers.some((l) => l.getClassName() === "BatchNormalization"));
    d.dispose();
  }
});

Deno.test("generator output lies in [-outputScale, outputScale]; same seed, same weights", () => {
  const cfg = { ...generatorConfig(modelPreset("ci")), seed: 4 };
  const g1 = buildGenerator(cfg);
  const g2 = buildGenerator(cfg);
  const y = tf.tidy(() => {
    const inputs = [tf.ones([2, 30, 64, 20]), tf.ones([2, 66]), tf.ones([2, 128])];
    const a = g1.predict(inputs) as tf.Tensor;
    const b = g2.predict(inputs) as tf.Tensor;
    return [tf.max(tf.abs(a)).dataSync()[0], tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]];
  });
  assert.ok(y[0] <= 3 && y[0] > 0);
  assert.equal(y[1], 0);
  g1.dispose();
  g2.dispose();
});

Deno.test("LSTM baseline shapes (paper size parameter count)", () => {
  const m = buildLstm({ K: 30, Nt: 64, tau: 10, T: 5 });
  const s = shapesOf(m);
  assert.equal(s.l_seq, "[null,10,3840]");
  assert.equal(s.l_lstm1, "[null,10,256]");
  assert.equal(s.l_lstm2, "[null,256]");
  assert.equal(s.l_out, "[null,5,30,64,2]");
  assert.equal(m.countParams(), 9655040);
  m.dispose();
});

Deno.test("builders name bad arguments", () => {
  assert.throws(() => buildGenerator({ K: 0, Nt: 64, tau: 10, T: 5 }), /dims.K/);
  assert.throws(() => buildGenerator({ K: 30, Nt: 64, tau: 10, T: 5, fcUnits: 100 }), /fcUnits/);
  assert.throws(() => buildCritic({ K: 30, Nt: 64, tau: 10, T: 5, filterScale: 0 }), /filterScale/);
});
