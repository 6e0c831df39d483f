import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import { type ApCondition, apConditions, conditionSlots } from "../../lib/models/condition.ts";
import { buildGenerator } from "../../lib/models/generator.ts";
import { sampleTrajectories } from "../../lib/models/sampler.ts";
import { loadShippedModels } from "../../lib/models/shipped.ts";
import { wasmSampleSupported } from "../../lib/models/generator_wasm.ts";
import { randomizeAnchorHead, setupTestBackend, TINY, TINY_LINEAR, tinyHistory } from "./_setup.ts";

await setupTestBackend();

/** max |a - ref| / max |ref|. */
function gap(a: Float32Array, ref: Float32Array): number {
  assert.equal(a.length, ref.length);
  let scale = 0, worst = 0;
  for (let i = 0; i < ref.length; i++) {
    scale = Math.max(scale, Math.abs(ref[i]));
    worst = Math.max(worst, Math.abs(a[i] - ref[i]));
  }
  assert.ok(scale > 0);
  return worst / scale;
}

/** Widths the kernels take (multiples of 16), with a random anchor head. */
function kernelGenerator(seed: number, dims = TINY, E = dims.E) {
  const g = buildGenerator({ ...dims, E, latentDim: 4, embedUnits: 16, hiddenUnits: 32, seed });
  randomizeAnchorHead(g, seed, 0.2);
  return g;
}

/** The first `k` rows of a condition, as a condition of `K = k`. */
function firstRows(c: ApCondition, k: number): ApCondition {
  const S = conditionSlots(c.dims), F = 2 * c.dims.Nt;
  return {
    slots: c.slots.slice(0, k * S * F),
    rf: c.rf.slice(0, 3 * k),
    scales: c.scales.slice(0, k),
    dims: { ...c.dims, K: k },
  };
}

Deno.test("sampleTrajectories: the wasm path equals the layers path to float32 precision", () => {
  const g = kernelGenerator(3);
  assert.ok(wasmSampleSupported(g));
  const narrow = buildGenerator({ ...TINY, latentDim: 3, embedUnits: 8, hiddenUnits: 16 });
  assert.equal(wasmSampleSupported(narrow), false); // falls back to the tfjs fused head
  narrow.dispose();
  const cs = apConditions(tinyHistory(2, 14), { dims: TINY, linear: TINY_LINEAR });
  const odd = cs.map((c) => firstRows(c, 3)); // odd row counts: padded inside
  for (
    const [conds, opts] of [[cs, { M: 4, T: 2 }], [cs, { M: 3, T: 1 }], [odd, {
      M: 3,
      T: 2,
    }]] as const
  ) {
    const wasm = sampleTrajectories(g, conds, { ...opts, rng: createRng(7), path: "wasm" });
    const layers = sampleTrajectories(g, conds, { ...opts, rng: createRng(7), path: "layers" });
    assert.ok(gap(wasm, layers) <= 1e-6, `${JSON.stringify(opts)}: ${gap(wasm, layers)}`);
    // the default is the wasm path
    assert.deepEqual(sampleTrajectories(g, conds, { ...opts, rng: createRng(7) }), wasm);
  }
  g.dispose();
});

Deno.test("sampleTrajectories (wasm): E = 0, current weights, no tensor left", () => {
  const dims = { ...TINY, E: 0 };
  const g = kernelGenerator(5, dims);
  const cs = apConditions(tinyHistory(1, 14), { dims, linear: TINY_LINEAR });
  const sample = (path: "wasm" | "layers") =>
    sampleTrajectories(g, cs, { M: 2, T: 2, rng: createRng(5), path });
  assert.ok(gap(sample("wasm"), sample("layers")) <= 1e-6);
  const before = sample("wasm");
  randomizeAnchorHead(g, 9, 0.3);
  const tensors = tf.memory().numTensors;
  const after = sample("wasm");
  assert.equal(tf.memory().numTensors, tensors);
  assert.ok(after.some((v, i) => v !== before[i]), "new weights, new samples");
  assert.ok(gap(after, sample("layers")) <= 1e-6);
  g.dispose();
});

Deno.test("sampleTrajectories (wasm): the shipped cpu generator equals its layers", async () => {
  const { generator, critic, lstm, manifest } = await loadShippedModels("cpu");
  assert.ok(wasmSampleSupported(generator));
  const dims = { ...manifest.dims, K: 6 };
  const S = conditionSlots(dims), F = 2 * dims.Nt;
  const rng = createRng(3).stream("conditions");
  const conds: ApCondition[] = [0, 1].map(() => {
    const slots = new Float32Array(dims.K * S * F).map(() => rng.normal());
    const rf = new Float32Array(3 * dims.K).map((_, i) => i % 3 === 2 ? 0 : rng.normal());
    const scales = new Float32Array(dims.K).map(() => 1e-4 * (1 + rng.uniform()));
    return { slots, rf, scales, dims };
  });
  for (const T of [1, 5]) {
    const opts = { M: 5, T };
    const wasm = sampleTrajectories(generator, conds, { ...opts, rng: createRng(1), path: "wasm" });
    const layers = sampleTrajectories(generator, conds, {
      ...opts,
      rng: createRng(1),
      path: "layers",
    });
    assert.ok(gap(wasm, layers) <= 1e-6, `T = ${T}: ${gap(wasm, layers)}`);
  }
  [generator, critic, lstm].forEach((m) => m.dispose());
});
