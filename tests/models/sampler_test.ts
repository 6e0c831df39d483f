import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import { stackRows } from "../../lib/models/batch.ts";
import { type ApCondition, apConditions, conditionSlots } from "../../lib/models/condition.ts";
import { anchoredMix, buildGenerator, splitGenerator } from "../../lib/models/generator.ts";
import { drawLatent } from "../../lib/models/latent.ts";
import { sampleTrajectories } from "../../lib/models/sampler.ts";
import {
  randomizeAnchorHead,
  randomTensor,
  scalarsTensor,
  setupTestBackend,
  TINY,
  TINY_LINEAR,
  tinyHistory,
} from "./_setup.ts";

await setupTestBackend();
const { K, Nt, T } = TINY;
const F = 2 * Nt, S = conditionSlots(TINY), per = K * F;
const LATENT = 3;

/** A tiny generator whose anchor head has random non-zero weights (its output depends on z). */
function tinyGenerator(seed = 1, dims = TINY) {
  const g = buildGenerator({ ...dims, latentDim: LATENT, embedUnits: 8, hiddenUnits: 16, seed });
  randomizeAnchorHead(g, seed, 0.2);
  return g;
}

function conditions(seed: number, syncSlot: number): ApCondition[] {
  return apConditions(tinyHistory(seed, syncSlot), { dims: TINY, linear: TINY_LINEAR });
}

/** The full generator on explicit rows: `[R, 2 Nt]` normalized. */
function generatorRows(
  g: tf.LayersModel,
  rows: { condition: ApCondition; k: number; horizon: number }[],
  z: Float32Array,
): Float32Array {
  const st = stackRows(rows);
  return tf.tidy(() =>
    (g.apply([
      tf.tensor3d(st.cond, [rows.length, S, F]),
      tf.tensor2d(st.scalars, [rows.length, 3 + T]),
      tf.tensor2d(z, [rows.length, LATENT]),
    ]) as tf.Tensor).dataSync() as Float32Array
  );
}

Deno.test("sampleTrajectories: seeded; z shared over a trajectory's horizons; equals the generator", () => {
  const g = tinyGenerator();
  const [c] = conditions(1, 12);
  const M = 3;
  const a = sampleTrajectories(g, [c], { M, T, rng: createRng(9).stream("z") });
  const b = sampleTrajectories(g, [c], { M, T, rng: createRng(9).stream("z") });
  const other = sampleTrajectories(g, [c], { M, T, rng: createRng(10).stream("z") });
  assert.equal(a.length, M * T * per);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, other);
  const slot = (arr: Float32Array, m: number, t: number) =>
    arr.subarray((m * T + t) * per, (m * T + t + 1) * per);
  assert.notDeepEqual(slot(a, 0, 0), slot(a, 0, 1), "the horizon changes the slot");
  assert.notDeepEqual(slot(a, 0, 0), slot(a, 1, 0), "so does the trajectory");
  // The in-graph generator on the same rows with latent z[m K + k] for every horizon t,
  // times s_k, gives the same numbers: one z per (trajectory, row), shared over t.
  const z = drawLatent(createRng(9).stream("z"), { rows: M * K, dim: LATENT });
  const rows = [], zs = new Float32Array(M * T * K * LATENT);
  for (let m = 0; m < M; m++) {
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < K; k++) {
        zs.set(z.subarray((m * K + k) * LATENT, (m * K + k + 1) * LATENT), rows.length * LATENT);
        rows.push({ condition: c, k, horizon: t + 1 });
      }
    }
  }
  const y = generatorRows(g, rows, zs);
  let worst = 0, departure = 0;
  for (let r = 0; r < rows.length; r++) {
    const s = c.scales[rows[r].k], fOff = (rows[r].k * S + TINY.tau + rows[r].horizon - 1) * F;
    for (let i = 0; i < F; i++) {
      worst = Math.max(
        worst,
        Math.abs(a[r * F + i] / s - y[r * F + i]) / (1 + Math.abs(y[r * F + i])),
      );
      departure = Math.max(departure, Math.abs(y[r * F + i] - c.slots[fOff + i]));
    }
  }
  assert.ok(worst < 1e-5, `host anchor vs generator: ${worst}`);
  assert.ok(
    departure > 1e-2,
    `the randomized head moves the samples off the forecast: ${departure}`,
  );
  // Several APs in one pass: z rows are drawn (n, m, k) in order, so AP 0 sees the same
  // latents as above; AP 1's block differs.
  const [c0, c1] = conditions(1, 12);
  const both = sampleTrajectories(g, [c0, c1], { M, T, rng: createRng(9).stream("z") });
  assert.equal(both.length, 2 * M * T * per);
  assert.deepEqual(both.subarray(0, M * T * per), a);
  // Fewer slots than the model's T: the first slots of each trajectory, same latents.
  const short = sampleTrajectories(g, [c], { M, T: 1, rng: createRng(9).stream("z") });
  for (let m = 0; m < M; m++) {
    assert.deepEqual(short.subarray(m * per, (m + 1) * per), slot(a, m, 0));
  }
  const n = tf.memory().numTensors;
  sampleTrajectories(g, [c, c1], { M, T, rng: createRng(1) });
  assert.equal(tf.memory().numTensors, n);
  assert.throws(() => sampleTrajectories(g, [c], { M, T: 3, rng: createRng(1) }), /options\.T/);
  assert.throws(() => sampleTrajectories(g, [c], { M: 0, rng: createRng(1) }), /options\.M/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => sampleTrajectories(g, [c], { M, T } as any), /options\.rng/);
  assert.throws(() => sampleTrajectories(g, [], { M, rng: createRng(1) }), /conditions/);
  g.dispose();
});

Deno.test("sampleTrajectories: an untrained generator samples the forecast times s_k", () => {
  const g = buildGenerator({ ...TINY, latentDim: LATENT, embedUnits: 8, hiddenUnits: 16 });
  const [c] = conditions(2, 14);
  const M = 2;
  const a = sampleTrajectories(g, [c], { M, T, rng: createRng(3) });
  for (let m = 0; m < M; m++) {
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < K; k++) {
        const o = ((m * T + t) * K + k) * F, f = (k * S + TINY.tau + t) * F;
        for (let i = 0; i < F; i++) {
          const want = Math.fround(c.slots[f + i] * c.scales[k]);
          assert.ok(Math.abs(a[o + i] - want) <= 1e-6 * Math.abs(want), `m ${m} t ${t} k ${k}`);
        }
      }
    }
  }
  g.dispose();
});

Deno.test("anchoredMix on the host equals the in-graph anchor (E = 2 and E = 0)", () => {
  for (const dims of [TINY, { ...TINY, E: 0 }]) {
    const g = tinyGenerator(3, dims);
    const { embed, head } = splitGenerator(g);
    assert.equal(splitGenerator(g), splitGenerator(g), "cached");
    const s = conditionSlots(dims), R = 6, horizons = [1, 2, 1, 2, 2, 1];
    const cond = randomTensor(`cond-${dims.E}`, [R, s, F]);
    const scalars = scalarsTensor(`sc-${dims.E}`, horizons, T);
    const z = randomTensor(`z-${dims.E}`, [R, LATENT]);
    const full = tf.tidy(() => (g.apply([cond, scalars, z]) as tf.Tensor).dataSync());
    const [coeffs, residual] = tf.tidy(() => {
      const e = embed.apply(cond) as tf.Tensor;
      return (head.apply([e, scalars, z]) as tf.Tensor[]).map((x) => x.dataSync() as Float32Array);
    });
    const J2 = 2 * (1 + dims.E);
    assert.equal(coeffs.length, R * J2);
    assert.ok(coeffs.some((v) => Math.abs(v) > 1e-2), "non-zero mixing weights");
    const slots = cond.dataSync() as Float32Array;
    const out = new Float32Array(F);
    horizons.forEach((horizon, r) => {
      anchoredMix(slots.subarray(r * s * F, (r + 1) * s * F), {
        ...dims,
        horizon,
        coeffs: coeffs.subarray(r * J2, (r + 1) * J2),
        residual: residual.subarray(r * F, (r + 1) * F),
        out,
      });
      for (let i = 0; i < F; i++) {
        const want = full[r * F + i];
        assert.ok(Math.abs(out[i] - want) <= 1e-5 * (1 + Math.abs(want)), `E ${dims.E} row ${r}`);
      }
    });
    tf.dispose([cond, scalars, z]);
    g.dispose();
  }
});

Deno.test("sampleTrajectories: head chunks give the same samples as one launch", () => {
  const g = tinyGenerator();
  const [c, c1] = conditions(1, 12);
  const opts = { M: 3, T: 2 } as const;
  const one = sampleTrajectories(g, [c, c1], { ...opts, rng: createRng(5), chunkRows: Infinity });
  const chunked = sampleTrajectories(g, [c, c1], { ...opts, rng: createRng(5), chunkRows: 5 });
  assert.equal(one.length, chunked.length);
  // Physical amplitudes (~1e-4): compare against the largest one.
  const ref = one.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  assert.ok(ref > 0);
  for (let i = 0; i < one.length; i++) {
    assert.ok(Math.abs(one[i] - chunked[i]) <= 1e-6 * ref, `[${i}] ${one[i]} vs ${chunked[i]}`);
  }
  assert.throws(
    () => sampleTrajectories(g, [c], { ...opts, rng: createRng(5), chunkRows: 0 }),
    /chunkRows/,
  );
  g.dispose();
});

Deno.test("sampleTrajectories: the fused head equals the layers path to float32 precision", () => {
  const g = tinyGenerator(3);
  const cs = conditions(2, 14);
  for (const opts of [{ M: 4, T: 2 }, { M: 3, T: 1 }, { M: 1, T: 2 }]) {
    const fused = sampleTrajectories(g, cs, { ...opts, rng: createRng(7), path: "fused" });
    const layers = sampleTrajectories(g, cs, { ...opts, rng: createRng(7), path: "layers" });
    assert.equal(fused.length, layers.length);
    const ref = layers.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
    assert.ok(ref > 0);
    for (let i = 0; i < fused.length; i++) {
      assert.ok(
        Math.abs(fused[i] - layers[i]) <= 1e-6 * ref,
        `${JSON.stringify(opts)} [${i}] ${fused[i]} vs ${layers[i]}`,
      );
    }
  }
  g.dispose();
});

Deno.test("sampleTrajectories: the fused head samples the current weights, and leaks no tensor", () => {
  // Regression: the fused head once cached the weights of the first call, so the
  // per-epoch validation of a model in training sampled its first epoch's weights.
  const g = tinyGenerator(4);
  const cs = conditions(3, 14);
  const sample = (path: "fused" | "layers") =>
    sampleTrajectories(g, cs, { M: 2, T: 1, rng: createRng(5), path });
  const before = sample("fused");
  randomizeAnchorHead(g, 9, 0.3); // "training" changes the weights
  const tensors = tf.memory().numTensors;
  const after = sample("fused");
  assert.equal(tf.memory().numTensors, tensors, "no tensor left behind by a call");
  assert.ok(after.some((v, i) => v !== before[i]), "new weights, new samples");
  const layers = sample("layers");
  const ref = layers.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  for (let i = 0; i < after.length; i++) {
    assert.ok(Math.abs(after[i] - layers[i]) <= 1e-6 * ref, `[${i}] ${after[i]} vs ${layers[i]}`);
  }
  g.dispose();
});
