import assert from "node:assert/strict";
import { type ComplexMatrix, complexMatrix, createRng } from "../../lib/core/mod.ts";
import {
  type ChannelTrajectories,
  createLinearPredictor,
  createResidualScenarioPredictor,
  linearFeatures,
  type TwinHistory,
} from "../../lib/twin/mod.ts";

/** Relative tolerance of an exact fit (float64 arithmetic, ridge 1e-12). */
const EXACT_TOL = 1e-6;
/**
 * SGCS that phase alignment may cost without an oscillator phase: aligning each slot to
 * the next removes the rotation of the dominant path together with a small slot-to-slot
 * wobble of the cross terms, which bends the exponentials (0.0075 measured here).
 */
const ALIGN_COST_SGCS = 0.01;

/**
 * A history whose row (k, b) is a sum of `paths` complex exponentials shared by all
 * antennas: `h[s]_n = sum_p g_p exp(j (w_p s + theta_{p,n}))`, plus an optional
 * oscillator phase per (UE, slot) and complex Gaussian noise. Reading a slot after
 * `syncSlot` throws, so a predictor that peeks fails.
 */
function synthetic(options: {
  slots: number;
  paths: number;
  seed?: number;
  oscillator?: boolean;
  noiseStd?: number;
  aps?: number;
  ues?: number;
  antennas?: number;
}) {
  const { slots, paths, seed = 1, oscillator = false, noiseStd = 0 } = options;
  const A = options.aps ?? 2, K = options.ues ?? 3, Nt = options.antennas ?? 64;
  const rng = createRng(seed).stream("synthetic");
  const model = Array.from({ length: A * K }, () =>
    Array.from({ length: paths }, () => ({
      gain: 0.3 + rng.uniform(),
      omega: (rng.uniform() - 0.5) * 2 * Math.PI,
      theta: Array.from({ length: Nt }, () => rng.uniform() * 2 * Math.PI),
    })));
  const osc = Array.from(
    { length: slots },
    () => Array.from({ length: K }, () => rng.uniform() * 2 * Math.PI),
  );
  const noise = createRng(seed).stream("noise");
  const all: ComplexMatrix[][] = Array.from(
    { length: slots },
    (_, s) =>
      Array.from({ length: A }, (_, b) => {
        const m = complexMatrix(K, Nt);
        for (let k = 0; k < K; k++) {
          const phi = oscillator ? osc[s][k] : 0;
          for (let n = 0; n < Nt; n++) {
            let re = 0, im = 0;
            for (const p of model[b * K + k]) {
              const a = p.omega * s + p.theta[n] + phi;
              re += p.gain * Math.cos(a);
              im += p.gain * Math.sin(a);
            }
            m.re[k * Nt + n] = re + noiseStd * noise.normal();
            m.im[k * Nt + n] = im + noiseStd * noise.normal();
          }
        }
        return m;
      }),
  );
  const history = (syncSlot: number): TwinHistory => ({
    syncSlot,
    apCount: A,
    ueCount: K,
    antennaCount: Nt,
    channels(slot) {
      if (slot > syncSlot) throw new Error(`read the future: slot ${slot} > ${syncSlot}`);
      return all[slot];
    },
    rareEvent: () => 0,
  });
  return { all, history };
}

/** Mean over rows of |h^H g|^2 / (|h|^2 |g|^2) (SGCS). */
function sgcs(truth: readonly ComplexMatrix[], predicted: readonly ComplexMatrix[]): number {
  let sum = 0, rows = 0;
  truth.forEach((h, b) => {
    const g = predicted[b];
    for (let k = 0; k < h.rows; k++) {
      let re = 0, im = 0, hh = 0, gg = 0;
      for (let j = k * h.cols; j < (k + 1) * h.cols; j++) {
        re += h.re[j] * g.re[j] + h.im[j] * g.im[j];
        im += h.re[j] * g.im[j] - h.im[j] * g.re[j];
        hh += h.re[j] ** 2 + h.im[j] ** 2;
        gg += g.re[j] ** 2 + g.im[j] ** 2;
      }
      sum += (re * re + im * im) / (hh * gg);
      rows++;
    }
  });
  return sum / rows;
}

function relativeError(truth: readonly ComplexMatrix[], predicted: readonly ComplexMatrix[]) {
  let e = 0, p = 0;
  truth.forEach((h, b) => {
    for (let j = 0; j < h.re.length; j++) {
      e += (h.re[j] - predicted[b].re[j]) ** 2 + (h.im[j] - predicted[b].im[j]) ** 2;
      p += h.re[j] ** 2 + h.im[j] ** 2;
    }
  });
  return Math.sqrt(e / p);
}

const first = (t: ChannelTrajectories | Promise<ChannelTrajectories>) => t as ChannelTrajectories;

Deno.test("linear prediction: exact on a sum of L <= order exponentials shared by 64 entries", () => {
  const { all, history } = synthetic({ slots: 20, paths: 3 });
  const p = createLinearPredictor({
    order: 4,
    fitSlots: 10,
    regularization: 1e-12,
    alignPhase: false,
  });
  const out = first(p.predict(history(12), 5));
  for (let t = 0; t < 5; t++) {
    const err = relativeError(all[13 + t], out[0][t]);
    assert.ok(err < EXACT_TOL, `horizon ${t + 1}: relative error ${err}`);
  }
});

Deno.test("linear prediction: causal, reads no slot after syncSlot", () => {
  const { history } = synthetic({ slots: 16, paths: 2 });
  // the history throws on any future read; the fit window ends at syncSlot
  const p = createLinearPredictor({ order: 2, fitSlots: 6 });
  assert.doesNotThrow(() => p.predict(history(9), 3));
});

Deno.test("linear prediction: graceful under estimation noise (30 dB per entry)", () => {
  // paths' total power ~ paths * E[gain^2]; noise std per real dimension for ~30 dB
  const { all, history } = synthetic({ slots: 20, paths: 3, noiseStd: 0.04 });
  const p = createLinearPredictor({ order: 4, fitSlots: 10 });
  const out = first(p.predict(history(12), 1));
  const s = sgcs(all[13], out[0][0]);
  assert.ok(s > 0.95, `SGCS ${s} > 0.95 at 30 dB`);
  const hold = sgcs(all[13], all[12]);
  assert.ok(s > hold, `beats holding the last CSI (${hold})`);
});

Deno.test("linear prediction: alignment costs at most ALIGN_COST_SGCS without an oscillator phase", () => {
  const { all, history } = synthetic({ slots: 20, paths: 2 });
  const on = first(createLinearPredictor({ order: 4, fitSlots: 10 }).predict(history(12), 1));
  const off = first(
    createLinearPredictor({ order: 4, fitSlots: 10, alignPhase: false }).predict(history(12), 1),
  );
  const a = sgcs(all[13], on[0][0]), b = sgcs(all[13], off[0][0]);
  assert.ok(b > 0.999, `unaligned SGCS ${b}`);
  assert.ok(a > b - ALIGN_COST_SGCS, `SGCS aligned ${a} vs not ${b}`);
});

Deno.test("linear prediction: alignment restores the forecast under a random oscillator phase", () => {
  const { all, history } = synthetic({ slots: 20, paths: 2, oscillator: true });
  const on = first(createLinearPredictor({ order: 4, fitSlots: 10 }).predict(history(12), 1));
  const off = first(
    createLinearPredictor({ order: 4, fitSlots: 10, alignPhase: false }).predict(history(12), 1),
  );
  const a = sgcs(all[13], on[0][0]), b = sgcs(all[13], off[0][0]);
  assert.ok(a > 0.99, `aligned SGCS ${a}`);
  assert.ok(b < a - 0.1, `unaligned SGCS ${b} far below`);
});

Deno.test("linear prediction: errors name the bad parameter", () => {
  const { history } = synthetic({ slots: 12, paths: 1, antennas: 4 });
  assert.throws(() => createLinearPredictor({ order: 10, fitSlots: 10 }), /options\.order 10/);
  assert.throws(() => createLinearPredictor({ order: 0 }), /options\.order/);
  const p = createLinearPredictor({ order: 2, fitSlots: 6 });
  assert.throws(() => p.predict(history(8), 0), /horizon/);
  assert.throws(() => p.predict(history(3), 1), /history holds 4 slot\(s\)/);
  const bad = history(8);
  const nan: TwinHistory = {
    ...bad,
    channels(slot) {
      const m = bad.channels(slot).map((x) => ({ ...x, re: Float64Array.from(x.re) }));
      if (slot === 7) m[1].re[2] = NaN;
      return m;
    },
  };
  assert.throws(() => p.predict(nan, 1), /history\.channels\(7\)\[1\] has a non-finite entry/);
  assert.throws(() => createResidualScenarioPredictor({ errorScale: -1 }), /options\.errorScale/);
});

Deno.test("linear features: each recent error is the one-step error of its own causal fit", () => {
  const { all, history } = synthetic({ slots: 24, paths: 3, noiseStd: 0.05 });
  const opts = { order: 4, fitSlots: 10, alignPhase: false };
  const f = linearFeatures(history(16), { ...opts, horizon: 1, errorSlots: 3 });
  assert.equal(f.errorCount, 3);
  const plain = createLinearPredictor(opts);
  for (let i = 0; i < 3; i++) {
    const target = 16 - i;
    const predicted = first(plain.predict(history(target - 1), 1))[0][0];
    const expected = all[target].map((h, b) => ({
      ...h,
      re: h.re.map((v, j) => v - predicted[b].re[j]),
      im: h.im.map((v, j) => v - predicted[b].im[j]),
    }));
    const err = relativeError(expected, f.errors[i]);
    assert.ok(err < EXACT_TOL, `error ${i}: relative difference ${err}`);
  }
  // too short a history for all errors: the rest are zero
  const short = linearFeatures(history(10), { ...opts, horizon: 1, errorSlots: 3 });
  assert.equal(short.errorCount, 1);
  assert.ok(short.errors[2].every((m) => m.re.every((v) => v === 0)));
});

Deno.test("residual scenarios: forecast first, then the recent one-step errors at half scale", () => {
  const { all, history } = synthetic({ slots: 24, paths: 3, noiseStd: 0.05 });
  const p = createResidualScenarioPredictor({ order: 4, fitSlots: 10, errorSlots: 3 });
  assert.equal(p.trajectories, 4);
  const plain = createLinearPredictor({ order: 4, fitSlots: 10 });
  const early = first(p.predict(history(10), 2));
  assert.equal(early.length, 4);
  assert.deepEqual(early[3], early[0], "no error available yet: the scenario repeats the forecast");
  const out = first(p.predict(history(15), 2));
  assert.deepEqual(out[0], first(plain.predict(history(15), 2))[0], "scenario 0 is the forecast");
  for (let m = 1; m < 4; m++) {
    const spreadOut = relativeError(out[0][0], out[m][0]);
    assert.ok(spreadOut > 0 && spreadOut < 0.5, `scenario ${m} spread ${spreadOut}`);
  }
  const best = Math.max(...out.map((traj) => sgcs(all[16], traj[0])));
  assert.ok(best >= sgcs(all[16], out[0][0]) - 1e-12, "best of M at least the forecast");
});
