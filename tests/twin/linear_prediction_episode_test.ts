/**
 * The optimized linear prediction (lib/channel/linear_prediction.ts: banded Gram, pivots
 * without `Math.hypot` when no tie is near, the finite check folded into the phase
 * alignment, scratch buffers shared by all calls) against the kept reference
 * (`linear_prediction_reference.ts`), bit for bit (`Object.is` on every value), over
 * whole episodes: consecutive sync slots, skipped and repeated slots, two histories
 * alternating, estimation noise, predictors reused on a new episode, and the edge cases
 * of the shortcuts (exact ties, zero rows, extreme magnitudes, non-finite entries).
 */
import assert from "node:assert/strict";
import { type ComplexMatrix, createRng } from "../../lib/core/mod.ts";
import {
  type ChannelTrajectories,
  createLinearPredictor,
  createResidualScenarioPredictor,
  episodeHistory,
  type LinearFeatureOptions,
  linearFeatures,
  residualScenarios,
  type TwinHistory,
} from "../../lib/twin/mod.ts";
import type { Episode } from "../../lib/mobility/mod.ts";
import { referenceLinearFeatures } from "./linear_prediction_reference.ts";
import { syntheticEpisode } from "./fixtures.ts";

/** A multipath episode: 3 paths per (AP, UE) row, 1 % noise, a random phase per (UE, slot). */
function multipathEpisode(seed: number, dims = { slots: 36, aps: 3, ues: 5, antennas: 16 }) {
  const rng = createRng(seed).stream("lp-episode");
  const paths = Array.from({ length: dims.aps * dims.ues }, () =>
    Array.from({ length: 3 }, () => ({
      amp: 0.3 + rng.uniform(),
      doppler: 0.8 * (rng.uniform() - 0.5),
      spatial: Math.PI * (rng.uniform() - 0.5),
      phase: 2 * Math.PI * rng.uniform(),
    })));
  const oscillator = Array.from({ length: dims.slots * dims.ues }, () => 6.3 * rng.uniform());
  const noise = Array.from(
    { length: dims.slots * dims.aps * dims.ues * dims.antennas * 2 },
    () => 0.01 * rng.normal(),
  );
  return syntheticEpisode(dims, (s, b, k, n) => {
    let re = 0, im = 0;
    for (const p of paths[b * dims.ues + k]) {
      const a = p.doppler * s + p.spatial * n + p.phase + oscillator[s * dims.ues + k];
      re += p.amp * Math.cos(a);
      im += p.amp * Math.sin(a);
    }
    const i = 2 * (((s * dims.aps + b) * dims.ues + k) * dims.antennas + n);
    return [(k + 1) * 1e-5 * (re + noise[i]), (k + 1) * 1e-5 * (im + noise[i + 1])];
  });
}

/** Every value the same (`Object.is`: -0 and +0 differ, NaN equals NaN). */
function assertSameValues(a: ArrayLike<number>, b: ArrayLike<number>, what: string) {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${what}[${i}]: ${a[i]} !== ${b[i]}`);
  }
}

function assertSameMatrices(
  a: readonly (readonly ComplexMatrix[])[],
  b: readonly (readonly ComplexMatrix[])[],
  what: string,
) {
  assert.equal(a.length, b.length, `${what}: slots`);
  a.forEach((slot, i) => {
    assert.equal(slot.length, b[i].length, `${what}[${i}]: APs`);
    slot.forEach((m, j) => {
      assertSameValues(m.re, b[i][j].re, `${what}[${i}][${j}].re`);
      assertSameValues(m.im, b[i][j].im, `${what}[${i}][${j}].im`);
    });
  });
}

function assertSameFeatures(history: TwinHistory, options: LinearFeatureOptions, label: string) {
  const got = linearFeatures(history, options);
  const want = referenceLinearFeatures(history, options);
  assert.equal(got.errorCount, want.errorCount, label);
  assertSameMatrices(got.past, want.past, `${label} past`);
  assertSameMatrices(got.forecast, want.forecast, `${label} forecast`);
  assertSameMatrices(got.errors, want.errors, `${label} errors`);
}

const OPTION_SETS: readonly LinearFeatureOptions[] = [
  { horizon: 1, errorSlots: 5 }, // the shipped defaults (order 6, 10 fit slots)
  { horizon: 5, errorSlots: 5 },
  { horizon: 1 }, // linear-prediction: no errors
  { horizon: 2, errorSlots: 3, order: 3, fitSlots: 7, aps: [2, 0] },
  { horizon: 3, errorSlots: 4, alignPhase: false, order: 4, fitSlots: 6 },
  { horizon: 2, errorSlots: 2, order: 1, fitSlots: 2 },
];

/** A fresh history view of `episode` at each sync slot, one shared cache (as the loop does). */
function views(episode: Episode, estimationSnrDb = Infinity) {
  const cache = new Map<number, ComplexMatrix[]>();
  return (syncSlot: number) => episodeHistory(episode, { syncSlot, cache, estimationSnrDb });
}

Deno.test("linearFeatures equals the reference at every slot of an episode, clean and noisy", () => {
  const episode = multipathEpisode(1);
  for (const snr of [Infinity, 10]) {
    const view = views(episode, snr);
    for (const options of OPTION_SETS) {
      const first = (options.fitSlots ?? 10) - 1;
      for (let s = first; s < episode.slotCount; s++) {
        assertSameFeatures(view(s), options, `snr ${snr} ${JSON.stringify(options)} slot ${s}`);
      }
    }
  }
});

Deno.test("linearFeatures equals the reference with skipped, repeated and alternating histories", () => {
  const a = multipathEpisode(2),
    b = multipathEpisode(3, { slots: 30, aps: 2, ues: 7, antennas: 8 });
  const clean = views(a), noisy = views(a, 5), other = views(b);
  // skipped and repeated slots, out of order; three histories (two of the same episode,
  // one of another size) interleaved, so that every call follows a different one
  const order = [12, 14, 13, 13, 20, 9, 29, 21, 25, 25, 10, 28];
  for (const options of OPTION_SETS) {
    const label = JSON.stringify(options);
    const first = (options.fitSlots ?? 10) - 1;
    for (const s of order.filter((s) => s >= first)) {
      assertSameFeatures(clean(s), options, `clean ${label} slot ${s}`);
      assertSameFeatures(noisy(s), options, `noisy ${label} slot ${s}`);
      if (!options.aps) assertSameFeatures(other(s), options, `other ${label} slot ${s}`);
    }
  }
});

/** The reference numbers of the linear-prediction and linear-scenarios predictors. */
function referencePredict(history: TwinHistory, horizon: number, scenarios: boolean) {
  if (!scenarios) return [referenceLinearFeatures(history, { horizon }).forecast];
  const f = referenceLinearFeatures(history, { horizon, errorSlots: 5 });
  return residualScenarios(f.forecast, f, { errorScale: 0.25 });
}

function assertSameTrajectories(got: ChannelTrajectories, want: ChannelTrajectories, what: string) {
  assert.equal(got.length, want.length, `${what}: M`);
  got.forEach((m, i) => assertSameMatrices(m, want[i], `${what}[${i}]`));
}

Deno.test("a predictor reused on a new episode gives the numbers of a fresh one", async () => {
  const first = multipathEpisode(4), second = multipathEpisode(5);
  for (const scenarios of [false, true]) {
    const make = () => scenarios ? createResidualScenarioPredictor() : createLinearPredictor();
    const reused = make();
    for (const T of [1, 5]) {
      const v1 = views(first), v2 = views(second);
      for (let s = 9; s < first.slotCount; s++) await reused.predict(v1(s), T);
      for (let s = 9; s < second.slotCount; s++) {
        const history = v2(s);
        const got = await reused.predict(history, T);
        const fresh = await make().predict(history, T);
        const label = `${reused.name} T=${T} slot ${s}`;
        assertSameTrajectories(got, fresh, `${label} reused vs fresh`);
        assertSameTrajectories(got, referencePredict(history, T, scenarios), `${label} reference`);
      }
    }
  }
});

/** A history of given slot sets (`[slot][AP]` matrices), no noise. */
function listHistory(sets: readonly ComplexMatrix[][], syncSlot: number): TwinHistory {
  return {
    syncSlot,
    apCount: sets[0].length,
    ueCount: sets[0][0].rows,
    antennaCount: sets[0][0].cols,
    channels: (slot) => {
      if (slot > syncSlot) throw new RangeError("future");
      return sets[slot];
    },
    rareEvent: () => 0,
  };
}

/** The slots of `episode` as matrices, with `edit(slot, ap, matrix)` applied to each. */
function editedSets(episode: Episode, edit: (s: number, b: number, m: ComplexMatrix) => void) {
  const view = views(episode)(episode.slotCount - 1);
  return Array.from({ length: episode.slotCount }, (_, s) =>
    view.channels(s).map((m, b) => {
      const copy = { ...m, re: m.re.slice(), im: m.im.slice() };
      edit(s, b, copy);
      return copy;
    }));
}

Deno.test("linearFeatures equals the reference on ties, zero rows and extreme magnitudes", () => {
  const episode = multipathEpisode(6, { slots: 20, aps: 2, ues: 4, antennas: 8 });
  const cases: Record<string, (s: number, b: number, m: ComplexMatrix) => void> = {
    // constant rows: every normal-matrix column has exactly tied pivots
    "constant rows": (_s, _b, m) => {
      for (let j = 0; j < m.re.length; j++) [m.re[j], m.im[j]] = [1e-5 * (j % 3), -2e-5];
    },
    // a row that alternates sign: tied magnitudes, opposite phases
    "alternating rows": (s, _b, m) => {
      for (let j = 0; j < m.re.length; j++) [m.re[j], m.im[j]] = [(-1) ** s * 1e-5, 0];
    },
    // real rows: exact zeros (of both signs) in every imaginary part
    "real rows": (_s, _b, m) => m.im.fill(0),
    "negative real rows": (_s, _b, m) => {
      for (let j = 0; j < m.re.length; j++) [m.re[j], m.im[j]] = [-Math.abs(m.re[j]), -0];
    },
    "zero AP and zero UE": (_s, b, m) => {
      if (b === 1) m.re.fill(0), m.im.fill(0);
      for (let j = 0; j < m.cols; j++) m.re[2 * m.cols + j] = m.im[2 * m.cols + j] = 0;
    },
    "zero from slot 12": (s, _b, m) => {
      if (s >= 12) m.re.fill(0), m.im.fill(0);
    },
    "tiny (1e-160)": (_s, _b, m) => {
      for (let j = 0; j < m.re.length; j++) {
        [m.re[j], m.im[j]] = [m.re[j] * 1e-155, m.im[j] * 1e-155];
      }
    },
    "subnormal products (1e-300)": (_s, _b, m) => {
      for (let j = 0; j < m.re.length; j++) {
        [m.re[j], m.im[j]] = [m.re[j] * 1e-295, m.im[j] * 1e-295];
      }
    },
    "huge (1e140)": (_s, _b, m) => {
      for (let j = 0; j < m.re.length; j++) [m.re[j], m.im[j]] = [m.re[j] * 1e145, m.im[j] * 1e145];
    },
    "overflowing (1e200)": (_s, _b, m) => {
      for (let j = 0; j < m.re.length; j++) [m.re[j], m.im[j]] = [m.re[j] * 1e205, m.im[j] * 1e205];
    },
    "one row 1e100 above the rest": (_s, b, m) => {
      if (b === 0) { for (let j = 0; j < m.cols; j++) m.re[j] *= 1e100; }
    },
  };
  for (const [name, edit] of Object.entries(cases)) {
    const sets = editedSets(episode, edit);
    for (const options of OPTION_SETS) {
      if (options.aps?.some((b) => b >= 2)) continue;
      for (const s of [11, 15, 19]) {
        assertSameFeatures(
          listHistory(sets, s),
          options,
          `${name} ${JSON.stringify(options)} ${s}`,
        );
      }
    }
  }
});

Deno.test("linearFeatures names the slot and AP of any non-finite entry, aligned or not", () => {
  const episode = multipathEpisode(7, { slots: 20, aps: 3, ues: 4, antennas: 8 });
  const places = [
    { slot: 19, ap: 0, index: 0 }, // newest slot
    { slot: 5, ap: 2, index: 31 }, // oldest slot of the window, last entry of the last AP
    { slot: 12, ap: 1, index: 17 },
  ];
  for (const value of [NaN, Infinity, -Infinity]) {
    for (const { slot, ap, index } of places) {
      const sets = editedSets(episode, (s, b, m) => {
        if (s === slot && b === ap) m.im[index] = value;
      });
      for (const alignPhase of [true, false]) {
        assert.throws(
          () => linearFeatures(listHistory(sets, 19), { horizon: 1, errorSlots: 5, alignPhase }),
          new RegExp(
            `history\\.channels\\(${slot}\\)\\[${ap}\\] has a non-finite entry at index ${index}`,
          ),
          `${value} at ${slot}/${ap}/${index}, alignPhase ${alignPhase}`,
        );
      }
    }
  }
  // outside the window: not read, no error
  const early = editedSets(episode, (s, b, m) => {
    if (s === 3 && b === 0) m.re[0] = NaN;
  });
  assertSameFeatures(
    listHistory(early, 19),
    { horizon: 1, errorSlots: 5 },
    "NaN before the window",
  );
});
