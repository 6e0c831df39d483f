import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import { buildCondition } from "../../lib/models/condition.ts";
import { buildGenerator } from "../../lib/models/generator.ts";
import { sampleTrajectories } from "../../lib/models/sampler.ts";
import { setupTestBackend, TINY, tinyWindow } from "./_setup.ts";

await setupTestBackend();
const { K, Nt } = TINY;
const per = K * Nt * 2;

Deno.test("sampleTrajectories: one pass, seeded, z shared per trajectory, de-normalized", () => {
  const g = buildGenerator({ ...TINY, filterScale: 1 / 16, fcUnits: 64, latentDim: 8, seed: 1 });
  const c = buildCondition(tinyWindow(1), TINY);
  const M = 3, T = 2;
  const a = sampleTrajectories(g, c, { M, T, rng: createRng(9).stream("z") });
  const b = sampleTrajectories(g, c, { M, T, rng: createRng(9).stream("z") });
  const other = sampleTrajectories(g, c, { M, T, rng: createRng(10).stream("z") });
  assert.equal(a.length, M * T * per);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, other);
  // The generator's raw output for the same rows, to check the row scaling and layout.
  const slot = (arr: Float32Array, m: number, t: number) =>
    arr.subarray((m * T + t) * per, (m * T + t + 1) * per);
  // Horizon changes the slot, trajectory changes it too.
  assert.notDeepEqual(slot(a, 0, 0), slot(a, 0, 1));
  assert.notDeepEqual(slot(a, 0, 0), slot(a, 1, 0));
  // De-normalized: row k amplitude scales with s_k (rows have gains ~ (k + 1) * 1e-4).
  const s0 = slot(a, 1, 1);
  for (let k = 0; k < K; k++) {
    let m = 0;
    for (let i = 0; i < Nt * 2; i++) m = Math.max(m, Math.abs(s0[k * Nt * 2 + i]));
    assert.ok(m <= 3 * c.scales[k] * (1 + 1e-6), `row ${k}: ${m} > 3 s_k`);
  }
  // Several APs in one pass: the first AP's block equals the single-AP result.
  const c2 = buildCondition(tinyWindow(2), TINY);
  const both = sampleTrajectories(g, [c, c2], { M, T, rng: createRng(9).stream("z") });
  assert.equal(both.length, 2 * M * T * per);
  // z rows are drawn for (n, m) in order, so AP 0 sees the same latents as above.
  assert.deepEqual(both.subarray(0, M * T * per), a);
  const n = tf.memory().numTensors;
  sampleTrajectories(g, c, { M, T, rng: createRng(1) });
  assert.equal(tf.memory().numTensors, n);
  assert.throws(() => sampleTrajectories(g, c, { M, T: 3, rng: createRng(1) }), /T must be/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => sampleTrajectories(g, c, { M, T } as any), TypeError);
  g.dispose();
});

Deno.test("sampleTrajectories: head chunks give the same samples as one launch", () => {
  const g = buildGenerator({ ...TINY, filterScale: 1 / 16, fcUnits: 64, latentDim: 8, seed: 1 });
  const c = buildCondition(tinyWindow(1), TINY);
  const opts = { M: 3, T: 2 } as const;
  const one = sampleTrajectories(g, [c, c], { ...opts, rng: createRng(5), chunkRows: Infinity });
  const chunked = sampleTrajectories(g, [c, c], { ...opts, rng: createRng(5), chunkRows: 5 });
  assert.equal(one.length, chunked.length);
  for (let i = 0; i < one.length; i++) {
    assert.ok(Math.abs(one[i] - chunked[i]) <= 1e-6 * (1 + Math.abs(one[i])));
  }
  assert.throws(
    () => sampleTrajectories(g, c, { ...opts, rng: createRng(5), chunkRows: 0 }),
    /chunkRows/,
  );
  g.dispose();
});
