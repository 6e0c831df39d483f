import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type ComplexMatrix, complexMatrix, createRng } from "../../lib/core/mod.ts";
import { linearFeatures } from "../../lib/channel/mod.ts";
import { disposeBatch, makeGanBatch, makeLstmBatch, stackRows } from "../../lib/models/batch.ts";
import {
  alignedTargets,
  type ApCondition,
  apConditions,
  conditionSlots,
  rowScalars,
  scalarSize,
} from "../../lib/models/condition.ts";
import { slotChannelMatrices } from "../../lib/mobility/mod.ts";
import { apRfScalars } from "../../lib/models/rf.ts";
import {
  setupTestBackend,
  TINY,
  TINY_LINEAR,
  tinyEpisode,
  tinyHistory,
  tinySamples,
} from "./_setup.ts";
import { episodeHistory } from "../../lib/twin/history.ts";

await setupTestBackend();
const { K, Nt, tau, T, E } = TINY;
const S = tau + T + E, F = 2 * Nt;

/** Relative float32 agreement of two numbers against a reference magnitude. */
function near(a: number, b: number, ref: number, what: string, tol = 1e-5) {
  assert.ok(Math.abs(a - b) <= tol * ref, `${what}: ${a} vs ${b}`);
}

/** Row `k` of a complex matrix divided by `s`, interleaved. */
function rowOf(m: ComplexMatrix, k: number, s = 1): number[] {
  const out: number[] = [];
  for (let j = 0; j < m.cols; j++) out.push(m.re[k * m.cols + j] / s, m.im[k * m.cols + j] / s);
  return out;
}

/** Slot `i` of row `k` of a condition. */
function slotOf(c: ApCondition, k: number, i: number): Float32Array {
  const o = (k * S + i) * F;
  return c.slots.subarray(o, o + F);
}

Deno.test("condition sizes: S = tau + T + E slots, 3 + T scalars (20 and 8 at paper size)", () => {
  assert.equal(conditionSlots({ tau: 10, T: 5, E: 5 }), 20);
  assert.equal(scalarSize({ T: 5 }), 8);
  assert.equal(conditionSlots(TINY), S);
});

Deno.test("apConditions: shapes, rows divided by their past RMS, past / forecast / error slots", () => {
  const history = tinyHistory(1, 12);
  const conds = apConditions(history, { dims: TINY, linear: TINY_LINEAR });
  assert.equal(conds.length, 2);
  const f = linearFeatures(history, { ...TINY_LINEAR, horizon: T, errorSlots: E });
  assert.equal(f.errorCount, E);
  conds.forEach((c, b) => {
    assert.equal(c.slots.length, K * S * F);
    assert.equal(c.rf.length, 3 * K);
    assert.equal(c.scales.length, K);
    assert.deepEqual(c.dims, TINY);
    const newest = history.channels(12)[b];
    for (let k = 0; k < K; k++) {
      // s_k: RMS of the row's raw past entries (alignment only rotates a row's phase).
      let raw = 0;
      for (let s = 12 - tau + 1; s <= 12; s++) {
        raw += rowOf(history.channels(s)[b], k).reduce((a, v) => a + v * v, 0);
      }
      near(c.scales[k], Math.sqrt(raw / (tau * Nt)), c.scales[k], `s_${k}`, 1e-6);
      // The normalized past has unit mean power per entry.
      let power = 0;
      for (let i = 0; i < tau; i++) power += slotOf(c, k, i).reduce((a, v) => a + v * v, 0);
      near(power / (tau * Nt), 1, 1, `past power of row ${k}`);
      // The newest past slot keeps its phase: it is the raw channel over s_k.
      const s = c.scales[k];
      rowOf(newest, k, s).forEach((v, j) => near(slotOf(c, k, tau - 1)[j], v, 1, `newest[${j}]`));
      // Then the aligned past, the forecast of slots +1..+T and the errors, newest first.
      for (let i = 0; i < tau; i++) {
        const want = rowOf(f.past[TINY_LINEAR.fitSlots! - tau + i][b], k, s);
        want.forEach((v, j) => near(slotOf(c, k, i)[j], v, 1, `past ${i}`));
      }
      for (let t = 0; t < T; t++) {
        const want = rowOf(f.forecast[t][b], k, s);
        want.forEach((v, j) => near(slotOf(c, k, tau + t)[j], v, 1, `forecast ${t}`));
      }
      for (let i = 0; i < E; i++) {
        const want = rowOf(f.errors[i][b], k, s);
        assert.ok(want.some((v) => v !== 0), "the errors of this history are real");
        want.forEach((v, j) => near(slotOf(c, k, tau + T + i)[j], v, 1, `error ${i}`));
      }
    }
  });
  // A row twice as strong has the same normalized condition and twice the gain.
  const episode = tinyEpisode(1);
  const doubled = { ...episode, channels: episode.channels.map((v) => 2 * v) };
  const [c2] = apConditions(episodeHistory(doubled, { syncSlot: 12 }), {
    dims: TINY,
    linear: TINY_LINEAR,
  });
  c2.slots.forEach((v, i) => near(v, conds[0].slots[i], 1, `slots[${i}]`));
  c2.scales.forEach((v, k) => near(v, 2 * conds[0].scales[k], v, `scales[${k}]`, 1e-6));
});

Deno.test("apConditions: RF scalars [rssi, beam, flag] per row, options, AP subset", () => {
  const history = tinyHistory(1, 12);
  const conds = apConditions(history, { dims: TINY, linear: TINY_LINEAR });
  conds.forEach((c, b) => {
    const m = history.channels(12)[b];
    const interleaved = Float32Array.from(
      { length: K * F },
      (_, i) => i % 2 === 0 ? m.re[i >> 1] : m.im[i >> 1],
    );
    const r = apRfScalars(interleaved, { K, Nt });
    for (let k = 0; k < K; k++) {
      near(c.rf[3 * k], (r.rssiDbm[k] + 60) / 20, 1, `rssi ${k}`);
      assert.equal(c.rf[3 * k + 1], Math.fround((2 * r.beamIndex[k]) / (Nt - 1) - 1));
      assert.equal(c.rf[3 * k + 2], 1, "slots 10 and 11 are flagged, within the last tau");
    }
  });
  const [late] = apConditions(tinyHistory(1, 20), { dims: TINY, linear: TINY_LINEAR });
  for (let k = 0; k < K; k++) assert.equal(late.rf[3 * k + 2], 0, "no flag in slots 17..20");
  // Other RF normalization constants.
  const [o] = apConditions(history, {
    dims: TINY,
    linear: TINY_LINEAR,
    rf: { rssiCenterDbm: -100, rssiSpanDb: 40, beamCount: 16 },
  });
  for (let k = 0; k < K; k++) {
    near(o.rf[3 * k], (conds[0].rf[3 * k] * 20 - 60 + 100) / 40, 1, `rssi ${k}`);
    const beam = (conds[0].rf[3 * k + 1] + 1) * (Nt - 1) / 2;
    near(o.rf[3 * k + 1], (2 * beam) / 15 - 1, 1, `beam ${k}`);
  }
  // Per-AP flag, AP subset.
  const flagged = apConditions(history, {
    dims: TINY,
    linear: TINY_LINEAR,
    rareEvent: (ap) => ap === 1,
  });
  assert.deepEqual([flagged[0].rf[2], flagged[1].rf[2]], [0, 1]);
  const [only1] = apConditions(history, { dims: TINY, linear: TINY_LINEAR, aps: [1] });
  assert.deepEqual(only1.slots, conds[1].slots);
  assert.deepEqual(only1.rf, conds[1].rf);
  assert.deepEqual(only1.scales, conds[1].scales);
  // Row scalars: [rf of row k; onehot(horizon - 1)].
  const sc = rowScalars(conds[0], { k: 2, horizon: 2 });
  assert.deepEqual([...sc], [...conds[0].rf.subarray(6, 9), 0, 1]);
  assert.throws(() => rowScalars(conds[0], { k: 2, horizon: 3 }), /options\.horizon/);
  assert.throws(() => rowScalars(conds[0], { k: 4, horizon: 1 }), /options\.k/);
});

Deno.test("apConditions: argument errors name the argument", () => {
  const history = tinyHistory(1, 12);
  const linear = TINY_LINEAR;
  assert.throws(() => apConditions(history, { dims: { ...TINY, K: 5 }, linear }), /dims expect/);
  assert.throws(
    () => apConditions(history, { dims: TINY, linear: { order: 2, fitSlots: 3 } }),
    /options\.linear\.fitSlots 3 must be >= dims\.tau 4/,
  );
  assert.throws(() => apConditions(history, { dims: { ...TINY, E: -1 }, linear }), /dims\.E/);
  assert.throws(() => apConditions(history, { dims: { ...TINY, tau: 0 }, linear }), /dims\.tau/);
  assert.throws(
    () => apConditions(history, { dims: TINY, linear, rf: { rssiSpanDb: 0 } }),
    /rssiSpanDb/,
  );
  assert.throws(
    () => apConditions(history, { dims: TINY, linear, rf: { beamCount: 1 } }),
    /beamCount/,
  );
  assert.throws(() => apConditions(history, { dims: TINY, linear, aps: [2] }), /aps\[0\]/);
  assert.throws(
    () => apConditions(tinyHistory(1, 2), { dims: TINY, linear }),
    /fewer than options\.fitSlots/,
  );
});

Deno.test("alignedTargets: a row's common phase is removed (e^{j phi} forecast -> forecast)", () => {
  const history = tinyHistory(2, 13);
  const [c] = apConditions(history, { dims: TINY, linear: TINY_LINEAR });
  const rng = createRng(3).stream("phases");
  // future[t] row k = g e^{j phi_kt} s_k forecast_kt (physical amplitudes).
  const rotated = (gain: number) =>
    Array.from({ length: T }, (_, t) => {
      const m = complexMatrix(K, Nt);
      for (let k = 0; k < K; k++) {
        const phi = 2 * Math.PI * rng.uniform(), s = c.scales[k];
        const f = slotOf(c, k, tau + t);
        for (let j = 0; j < Nt; j++) {
          const fr = f[2 * j], fi = f[2 * j + 1];
          m.re[k * Nt + j] = gain * s * (fr * Math.cos(phi) - fi * Math.sin(phi));
          m.im[k * Nt + j] = gain * s * (fr * Math.sin(phi) + fi * Math.cos(phi));
        }
      }
      return m;
    });
  for (const gain of [1, 1.7]) {
    const y = alignedTargets(c, rotated(gain));
    assert.equal(y.length, K * T * F);
    for (let k = 0; k < K; k++) {
      for (let t = 0; t < T; t++) {
        const f = slotOf(c, k, tau + t);
        for (let j = 0; j < F; j++) {
          near(y[(k * T + t) * F + j], gain * f[j], gain, `gain ${gain} k ${k} t ${t} [${j}]`);
        }
      }
    }
  }
  // The true future: a per-row phase changes nothing, and the rows are divided by s_k.
  const episode = tinyEpisode(2);
  const truth = Array.from({ length: T }, (_, t) => slotChannelMatrices(episode, 14 + t)[0]);
  const a = alignedTargets(c, truth);
  const turned = truth.map((m, t) => {
    const out = complexMatrix(K, Nt);
    for (let k = 0; k < K; k++) {
      const phi = 0.7 * k - 1.3 * t;
      for (let j = k * Nt; j < (k + 1) * Nt; j++) {
        out.re[j] = m.re[j] * Math.cos(phi) - m.im[j] * Math.sin(phi);
        out.im[j] = m.re[j] * Math.sin(phi) + m.im[j] * Math.cos(phi);
      }
    }
    return out;
  });
  const b = alignedTargets(c, turned);
  let power = 0;
  a.forEach((v, i) => {
    near(b[i], v, 1, `rotated truth [${i}]`);
    power += v * v;
  });
  const raw = truth.reduce(
    (acc, m) => acc + rowOf(m, 3, c.scales[3]).reduce((x, v) => x + v * v, 0),
    0,
  );
  let row3 = 0;
  for (let i = 3 * T * F; i < 4 * T * F; i++) row3 += a[i] * a[i];
  near(row3, raw, raw, "row 3 power over s_3^2");
  assert.ok(power > 0);
  assert.throws(() => alignedTargets(c, truth.slice(1)), /future must hold T = 2/);
  assert.throws(
    () => alignedTargets(c, [truth[0], complexMatrix(K, Nt + 1)]),
    /future\[1\] must be \[4, 8\]/,
  );
});

Deno.test("makeGanBatch: rows of random UEs and horizons with their targets, or every horizon", () => {
  const samples = tinySamples(1, [12, 15]);
  assert.equal(samples.length, 4);
  const b = makeGanBatch(samples, { rng: createRng(5), rowsPerSample: 2 });
  assert.deepEqual(b.real.shape, [8, F]);
  assert.deepEqual(b.cond.shape, [8, S, F]);
  assert.deepEqual(b.scalars.shape, [8, 3 + T]);
  const real = b.real.dataSync(), cond = b.cond.dataSync(), sc = b.scalars.dataSync();
  const per = S * F;
  for (let r = 0; r < 8; r++) {
    const sample = samples[Math.floor(r / 2)];
    // which UE row: the condition row it copies
    const k = Array.from({ length: K }, (_, k) => k).find((k) =>
      sample.condition.slots.subarray(k * per, (k + 1) * per)
        .every((v, i) => v === cond[r * per + i])
    );
    assert.ok(k !== undefined, `row ${r} copies a condition row`);
    const onehot = Array.from(sc.subarray(r * (3 + T) + 3, (r + 1) * (3 + T)));
    assert.equal(onehot.reduce((a, v) => a + v, 0), 1, `row ${r}: one horizon`);
    const h = onehot.indexOf(1) + 1;
    assert.deepEqual(
      Array.from(sc.subarray(r * (3 + T), r * (3 + T) + 3)),
      Array.from(sample.condition.rf.subarray(3 * k, 3 * k + 3)),
    );
    const o = (k * T + h - 1) * F;
    assert.deepEqual(real.subarray(r * F, (r + 1) * F), sample.future.subarray(o, o + F));
  }
  // Two distinct rows per sample.
  for (let n = 0; n < 4; n++) {
    assert.notDeepEqual(
      cond.subarray(2 * n * per, (2 * n + 1) * per),
      cond.subarray((2 * n + 1) * per, (2 * n + 2) * per),
    );
  }
  // Targets are normalized by the past gains: mean |h|^2 near 1, re/im RMS near 1/sqrt(2).
  const rms = Math.sqrt(tf.tidy(() => tf.mean(tf.square(b.real)).dataSync()[0]));
  assert.ok(Math.abs(rms - Math.SQRT1_2) < 0.25, `rms ${rms}`);
  disposeBatch(b);
  // Every row and horizon: no rng needed, rows then horizons.
  const all = makeGanBatch(samples, { horizons: "all" });
  assert.equal(all.real.shape[0], 4 * K * T);
  const s2 = all.scalars.arraySync();
  assert.deepEqual(s2[0].slice(3), [1, 0]);
  assert.deepEqual(s2[1].slice(3), [0, 1]);
  assert.deepEqual(all.real.dataSync().subarray(0, K * T * F), samples[0].future);
  disposeBatch(all);
  assert.throws(() => makeGanBatch(samples), /options\.rng/);
  assert.throws(() => makeGanBatch(samples, { horizons: "all", rowsPerSample: 2 }), /options\.rng/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => makeGanBatch(samples, { horizons: "x" as any }), /options\.horizons/);
  assert.throws(
    () => makeGanBatch(samples, { rng: createRng(1), rowsPerSample: 0 }),
    /rowsPerSample/,
  );
  assert.throws(() => makeGanBatch([]), /samples/);
});

Deno.test("makeLstmBatch and stackRows: every horizon of a row; host stacking", () => {
  const samples = tinySamples(1, [12]);
  const b = makeLstmBatch(samples);
  assert.deepEqual(b.cond.shape, [2 * K, S, F]);
  assert.deepEqual(b.future.shape, [2 * K, T, F]);
  assert.deepEqual(
    b.future.dataSync(),
    Float32Array.from([...samples[0].future, ...samples[1].future]),
  );
  assert.deepEqual(
    b.cond.dataSync(),
    Float32Array.from([...samples[0].condition.slots, ...samples[1].condition.slots]),
  );
  tf.dispose([b.cond, b.future]);
  const sub = makeLstmBatch(samples, { rng: createRng(2), rowsPerSample: 1 });
  assert.deepEqual(sub.future.shape, [2, T, F]);
  tf.dispose([sub.cond, sub.future]);
  assert.throws(() => makeLstmBatch(samples, { rowsPerSample: 1 }), /options\.rng/);
  const c = samples[1].condition;
  const rows = stackRows([{ condition: c, k: 3, horizon: 2 }, { condition: c, k: 0, horizon: 1 }]);
  assert.equal(rows.rows, 2);
  assert.deepEqual(rows.cond.subarray(0, S * F), c.slots.subarray(3 * S * F, 4 * S * F));
  assert.deepEqual([...rows.scalars], [
    ...rowScalars(c, { k: 3, horizon: 2 }),
    ...rowScalars(c, { k: 0, horizon: 1 }),
  ]);
  assert.throws(() => stackRows([]), /rows must be a non-empty array/);
  assert.throws(() => stackRows([{ condition: c, k: 0, horizon: 3 }]), /options\.horizon/);
});
