import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import { disposeBatch, makeGanBatch } from "../../lib/models/batch.ts";
import { buildCondition, conditionScalars, scalarSize } from "../../lib/models/condition.ts";
import { setupTestBackend, TINY, tinyWindow } from "./_setup.ts";

await setupTestBackend();
const { K, Nt, tau, T } = TINY;

Deno.test("condition: shapes and normalizations (d_c = 256 + 2K + 1 + T at paper size)", () => {
  assert.equal(scalarSize({ K: 30, T: 5 }), 66);
  const w = tinyWindow(2);
  const c = buildCondition(w, TINY);
  assert.equal(c.history.length, K * Nt * 2 * tau);
  assert.equal(c.rf.length, 2 * K + 1);
  assert.equal(c.scales.length, K);
  assert.equal(c.rf[0], (-50 + 60) / 20);
  assert.equal(c.rf[K], -1);
  assert.equal(c.rf[K + 3], (2 * 63) / 63 - 1);
  assert.equal(c.rf[2 * K], 1);
  const s = conditionScalars(c, { horizon: 2 });
  assert.deepEqual([...s.subarray(2 * K + 1)], [0, 1]);
  assert.throws(() => conditionScalars(c, { horizon: 3 }), /horizon/);
  assert.throws(() => buildCondition({ ...w, beamIndex: [0, 1, 2, 64] }, TINY), /beamIndex\[3\]/);
  assert.throws(() => buildCondition({ ...w, rssiDbm: [1] }, TINY), /rssiDbm/);
});

Deno.test("makeGanBatch: one random horizon per window, or all T", () => {
  const windows = [tinyWindow(1), tinyWindow(2), tinyWindow(3)];
  const b = makeGanBatch(windows, { ...TINY, rng: createRng(5) });
  assert.deepEqual(b.real.shape, [3, K, Nt, 2]);
  assert.deepEqual(b.history.shape, [3, K, Nt, 2 * tau]);
  assert.deepEqual(b.scalars.shape, [3, 2 * K + 1 + T]);
  // targets are normalized by the past gains: unit mean |h|^2, so re/im RMS ~ 1/sqrt(2)
  const rms = Math.sqrt(tf.tidy(() => tf.mean(tf.square(b.real)).dataSync()[0]));
  assert.ok(Math.abs(rms - Math.SQRT1_2) < 0.05, `rms ${rms}`);
  disposeBatch(b);
  const all = makeGanBatch(windows, { ...TINY, horizons: "all" });
  assert.equal(all.real.shape[0], 3 * T);
  const sc = all.scalars.arraySync();
  assert.deepEqual(sc[1].slice(2 * K + 1), [0, 1]);
  disposeBatch(all);
});
