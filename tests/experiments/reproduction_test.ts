/**
 * Every reason rule of the reproduction table, flipped with small synthetic inputs: a
 * reason appears only when the measured rows show its premise.
 */
import assert from "node:assert/strict";
import {
  LEARNED_FAILURE_MARGIN_DB,
  type MeasuredResults,
  PLR_SATURATED,
  REASON_RULES,
  type ReproductionRow,
  reproductionRows,
  SCHEME_IDS as S,
  type WczfSeedRow,
} from "../../lib/experiments/mod.ts";

/** A per-seed WC-ZF row: every field finite, overrides on top. */
function seedRow(scheme: string, over: Partial<WczfSeedRow> = {}): WczfSeedRow {
  return {
    seed: 1,
    scheme,
    medianSinrDb: 10,
    outage10SinrDb: 5,
    rareMedianSinrDb: 8,
    rareOutage10SinrDb: 2,
    rareMedianGainOverBaselineDb: 0,
    rareProbabilityPlrAbove5: 0.2,
    rareMedianPlr: 0.01,
    rarePlrReduction: 0,
    gapClosureOutage10Sinr: 0.5,
    gapClosurePlrAbove5: 0.5,
    medianStepMs: 1,
    p95StepMs: 2,
    medianPredictMs: 0.5,
    ...over,
  };
}

function gains(g: Record<string, number>, extra: Partial<WczfSeedRow> = {}): WczfSeedRow[] {
  return Object.entries(g).map(([scheme, gain]) =>
    seedRow(scheme, { rareMedianGainOverBaselineDb: gain, ...extra })
  );
}

function reason(rows: ReproductionRow[], quantity: string, scheme: string): string {
  const r = rows.find((x) => x.quantity.startsWith(quantity) && x.scheme === scheme);
  assert.ok(r, `row ${quantity} / ${scheme}`);
  return r.reason;
}

const table = (results: MeasuredResults) => reproductionRows(results);

Deno.test("rule learned-not-run: a study that did not run gives 'not run' rows; learned say why", () => {
  const rows = table({});
  assert.ok(rows.every((x) => typeof x.reason === "string"));
  assert.equal(rows.find((x) => x.scheme === S.genaiDt)!.ours, "not run");
  assert.match(reason(rows, "median SINR gain", S.genaiDt), /shipped learned predictors/);
  assert.equal(reason(rows, "median SINR gain", S.oracle), "", "no data, no reason");
});

Deno.test("rule learned-below-baseline: flags a learned scheme only below the margin", () => {
  const at = (genai: number) =>
    table({
      wczf: {
        seedRows: [
          seedRow(S.baseline, { medianSinrDb: 7 }),
          seedRow(S.genaiDt, { medianSinrDb: genai }),
          seedRow(S.lstmDt, { medianSinrDb: 7 }),
          seedRow(S.randomBeams, { medianSinrDb: -9 }),
        ],
      },
    });
  const failed = at(7 - LEARNED_FAILURE_MARGIN_DB - 0.1);
  assert.match(reason(failed, "median SINR gain", S.genaiDt), /no usable spatial signature/);
  assert.match(reason(failed, "median SINR gain", S.genaiDt), /random beams: -16\.0 dB/);
  assert.doesNotMatch(reason(failed, "median SINR gain", S.lstmDt), /spatial signature/);
  const close = at(7 - LEARNED_FAILURE_MARGIN_DB + 0.1);
  assert.doesNotMatch(reason(close, "median SINR gain", S.genaiDt), /spatial signature/);
});

Deno.test("rule oracle-below-genie: only when the oracle's gain is below genie ZF's", () => {
  const below = table({ wczf: { seedRows: gains({ [S.oracle]: 4, [S.genieZf]: 8 }) } });
  assert.match(
    reason(below, "median SINR gain", S.oracle),
    /below zero-latency genie ZF \(4\.0 vs 8\.0/,
  );
  const above = table({ wczf: { seedRows: gains({ [S.oracle]: 9, [S.genieZf]: 8 }) } });
  assert.equal(reason(above, "median SINR gain", S.oracle), "");
});

Deno.test("rule csi-aging-cost: genie ZF's positive gain is what CSI aging costs", () => {
  const pos = table({ wczf: { seedRows: gains({ [S.genieZf]: 8.5 }) } });
  assert.match(reason(pos, "median SINR gain", S.genieZf), /costs the baseline 8\.5 dB/);
  const neg = table({ wczf: { seedRows: gains({ [S.genieZf]: -1 }) } });
  assert.equal(reason(neg, "median SINR gain", S.genieZf), "");
});

Deno.test("rule random-beams-floor: the floor only when nothing is below it", () => {
  const floor = table({ wczf: { seedRows: gains({ [S.randomBeams]: -16, [S.hold]: 1 }) } });
  assert.match(reason(floor, "median SINR gain", S.randomBeams), /^the floor/);
  const above = table({
    wczf: { seedRows: gains({ [S.randomBeams]: -16, [S.hold]: 1, [S.lstmDt]: -19 }) },
  });
  assert.match(reason(above, "median SINR gain", S.randomBeams), /yet above lstm-dt/);
});

Deno.test("rule ar1-below-hold: AR(1) explained only when it loses to holding the CSI", () => {
  const worse = table({ wczf: { seedRows: gains({ [S.classicalAr1]: -2, [S.hold]: 1 }) } });
  assert.match(reason(worse, "median SINR gain", S.classicalAr1), /below holding the last CSI/);
  assert.match(reason(worse, "median packet-loss reduction", S.classicalAr1), /below holding/);
  const better = table({ wczf: { seedRows: gains({ [S.classicalAr1]: 2, [S.hold]: 1 }) } });
  assert.equal(reason(better, "median SINR gain", S.classicalAr1), "");
});

Deno.test("rule below-paper-range: a paper scheme below the paper's range says so", () => {
  const low = table({ wczf: { seedRows: gains({ [S.lstmDt]: 1 }) } });
  assert.equal(reason(low, "median SINR gain", S.lstmDt), "below the paper's 2-4 dB");
  const inRange = table({ wczf: { seedRows: gains({ [S.lstmDt]: 3 }) } });
  assert.equal(reason(inRange, "median SINR gain", S.lstmDt), "");
});

Deno.test("rule plr-saturated, rule gap-degenerate: only at a saturated P(PLR > 5 %)", () => {
  const at = (p: number) =>
    table({
      wczf: {
        seedRows: [
          seedRow(S.baseline, { rareProbabilityPlrAbove5: p, rareMedianSinrDb: 3 }),
          seedRow(S.genaiDt, { rareProbabilityPlrAbove5: 0.1 }),
        ],
      },
    });
  const saturated = at(PLR_SATURATED);
  assert.match(reason(saturated, "P(PLR > 5 %)", S.baseline), /median SINR is 3\.0 dB/);
  assert.equal(reason(saturated, "P(PLR > 5 %)", S.genaiDt), "", "its own P is low");
  assert.match(reason(saturated, "oracle-gap closure, P(PLR", S.genaiDt), /degenerate/);
  const fine = at(PLR_SATURATED - 0.2);
  assert.equal(reason(fine, "P(PLR > 5 %)", S.baseline), "");
  assert.equal(reason(fine, "oracle-gap closure, P(PLR", S.genaiDt), "");
});

Deno.test("rule load-per-ap, rule density-trend: from the run's K, A and its own medians", () => {
  const summary = (a2: number, a12: number) =>
    [[2, a2], [12, a12]].flatMap(([apCount, median]) =>
      (["median", "outage10"] as const).map((metric) => ({
        apCount,
        uesPerAp: 30 / apCount,
        scheme: S.baseline,
        metric,
        median,
        q25: median,
        q75: median,
        min: median,
        max: median,
        n: 1,
      }))
    );
  const at = (ueCount: number, a2: number, a12: number) =>
    table({ density: { config: { ueCount, apCounts: [2, 12] }, summary: summary(a2, a12) } });
  const rising = at(30, 4, 20);
  assert.match(reason(rising, "density sweep median SINR, A = 2", S.baseline), /K\/A = 15\.0/);
  assert.match(reason(rising, "density sweep median SINR, A = 12", S.baseline), /rises with A/);
  const falling = at(16, 20, 4);
  assert.equal(reason(falling, "density sweep median SINR, A = 2", S.baseline), "", "K/A = 8");
  assert.match(reason(falling, "density sweep median SINR, A = 12", S.baseline), /falls with A/);
});

Deno.test("rule recovery-slower: slower than the paper, and unrecovered seeds counted", () => {
  const spreadOf = (v: number) => ({ median: v, q25: v, q75: v, min: v, max: v, n: 2 });
  const at = (ms: number, recovered: number) =>
    table({
      recovery: {
        config: { tailSlots: 60 },
        summary: [{
          scheme: S.baseline,
          recoveryMs: spreadOf(ms),
          dropDb: spreadOf(8),
          recovered,
          seeds: 2,
        }],
      },
    });
  assert.match(reason(at(400, 2), "T_rec", S.baseline), /shadows the link/);
  assert.doesNotMatch(reason(at(400, 2), "T_rec", S.baseline), /inf:/);
  assert.equal(reason(at(100, 2), "T_rec", S.baseline), "");
  assert.match(reason(at(100, 1), "T_rec", S.baseline), /inf: 1 of 2 seeds not back within 600 ms/);
});

Deno.test("rule latency-cpu: only above the paper's GPU figure", () => {
  const at = (ms: number) =>
    table({ wczf: { seedRows: [seedRow(S.genaiDt, { medianStepMs: ms })] } });
  assert.match(reason(at(150), "decision latency", S.genaiDt), /above the paper's cloud-GPU/);
  assert.equal(reason(at(3), "decision latency", S.genaiDt), "");
});

Deno.test("rule hold-reference: describes hold only when it ran", () => {
  const ran = table({ wczf: { seedRows: gains({ [S.hold]: 1 }) } });
  assert.match(reason(ran, "median SINR gain", S.hold), /what predicting buys over not/);
  assert.equal(reason(table({}), "median SINR gain", S.hold), "");
});

Deno.test("rule horizon-cost: a T = 5 row quotes its T = 1 row, only when both ran", () => {
  const t5 = `${S.linearScenarios} T=5`;
  const both = table({ wczf: { seedRows: gains({ [S.linearScenarios]: 8, [t5]: 3 }) } });
  assert.match(reason(both, "median SINR gain", t5), /minimax: 3\.0 dB vs 8\.0 dB at T = 1/);
  const alone = table({ wczf: { seedRows: gains({ [t5]: 3 }) } });
  assert.equal(reason(alone, "median SINR gain", t5), "");
});

Deno.test("rule learned-vs-linear: above or below the best scheme without training, by the data", () => {
  const at = (genai: number) =>
    table({
      wczf: {
        seedRows: gains({ [S.genaiDt]: genai, [S.linearPrediction]: 6, [S.linearScenarios]: 8 }),
      },
    });
  assert.match(reason(at(9), "median SINR gain", S.genaiDt), /^1\.0 dB above linear-scenarios/);
  assert.match(reason(at(5), "median SINR gain", S.genaiDt), /^3\.0 dB below linear-scenarios/);
  assert.match(reason(at(5), "median SINR gain", S.genaiDt), /anchored on gains 6\.0 dB alone/);
  const none = table({ wczf: { seedRows: gains({ [S.genaiDt]: 5 }) } });
  assert.doesNotMatch(reason(none, "median SINR gain", S.genaiDt), /without training/);
});

Deno.test("every reason rule has a test named after it", async () => {
  const source = await Deno.readTextFile(new URL(import.meta.url));
  for (const rule of REASON_RULES) {
    assert.ok(source.includes(`rule ${rule.id}:`) || source.includes(`rule ${rule.id},`), rule.id);
  }
});
