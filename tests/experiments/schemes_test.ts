import assert from "node:assert/strict";
import {
  closesGap,
  createSchemeRegistry,
  defaultSchemes,
  legendOrder,
  reproductionRows,
  SCHEME_IDS,
  schemeColorScale,
  schemeInfo,
  SCHEMES,
  type SchemeSamples,
  summarizeSchemeSamples,
  variantId,
} from "../../lib/experiments/mod.ts";

/** Per-scheme samples with a constant SINR offset (enough for summaries). */
function samplesOf(scheme: string, sinrDb: number): SchemeSamples {
  const v = Array.from({ length: 20 }, (_, i) => sinrDb + (i % 5) * 0.1);
  return {
    scheme,
    sinrDb: v,
    rareSinrDb: v,
    plr: [0.01, 0.2],
    rarePlr: [0.01, 0.2],
    stepMs: [1],
    predictMs: [0],
  };
}

Deno.test("registry: every id once, colours unique, roles found by kind", () => {
  const ids = SCHEMES.entries.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(new Set(SCHEMES.entries.map((e) => e.color)).size, ids.length);
  assert.equal(SCHEMES.baseline, SCHEME_IDS.baseline);
  assert.equal(SCHEMES.oracle, SCHEME_IDS.oracle);
  assert.deepEqual(Object.values(SCHEME_IDS).sort(), [...ids].sort(), "SCHEME_IDS lists them all");
  assert.equal(schemeInfo(variantId(SCHEME_IDS.genaiDt, "M=1")).id, SCHEME_IDS.genaiDt);
  assert.throws(() => schemeInfo("no-such-scheme"), /unknown scheme "no-such-scheme"/);
  assert.throws(
    () =>
      createSchemeRegistry([
        { id: "a", label: "", kind: "reactive", color: "#000" },
        { id: "a", label: "", kind: "oracle", color: "#111" },
      ]),
    /registered twice/,
  );
  assert.throws(
    () => createSchemeRegistry([{ id: "a", label: "", kind: "oracle", color: "#000" }]),
    /exactly one scheme of kind "reactive"/,
  );
});

Deno.test("registry: the schemes built from it carry its ids; legend and colours follow it", () => {
  const episode = { seed: 1 } as Parameters<ReturnType<typeof defaultSchemes>>[0];
  const names = defaultSchemes()(episode).map((s) => s.name);
  assert.deepEqual(names, [
    SCHEME_IDS.baseline,
    SCHEME_IDS.classicalAr1,
    SCHEME_IDS.linearPrediction,
    SCHEME_IDS.linearScenarios,
    SCHEME_IDS.oracle,
    SCHEME_IDS.genieZf,
    SCHEME_IDS.trueNextScenarios,
  ]);
  assert.deepEqual(legendOrder(["x", "oracle", "baseline"]), ["baseline", "oracle", "x"]);
  const c = schemeColorScale(["oracle T=5", "baseline"]);
  assert.equal(c.range[0], SCHEMES.entries[0].color);
  assert.ok(!SCHEMES.entries.some((e) => e.color === c.range[1]), "variants take spare colours");
  assert.ok(closesGap(SCHEME_IDS.classicalAr1));
  assert.ok(!closesGap(SCHEME_IDS.baseline) && !closesGap(SCHEME_IDS.oracle));
  assert.ok(!closesGap(SCHEME_IDS.genieZf), "bounds are not deployable");
  assert.ok(!closesGap(SCHEME_IDS.trueNextScenarios), "perfect-CSI references neither");
  assert.ok(closesGap(SCHEME_IDS.linearScenarios));
});

Deno.test("renaming a scheme in the registry renames it everywhere: no gain turns NaN", () => {
  // A registry whose baseline and oracle have other ids, as a maintainer renaming them would.
  const renamed = createSchemeRegistry(
    SCHEMES.entries.map((e) =>
      e.id === SCHEME_IDS.baseline
        ? { ...e, id: "reactive-zf" }
        : e.id === SCHEME_IDS.oracle
        ? { ...e, id: "true-future" }
        : e
    ),
  );
  const samples = [
    samplesOf("reactive-zf", 5),
    samplesOf(SCHEME_IDS.classicalAr1, 3),
    samplesOf("true-future", 9),
  ];
  const { summary, gapClosure } = summarizeSchemeSamples(samples, { registry: renamed });
  for (const s of summary) {
    assert.ok(Number.isFinite(s.rareMedianGainOverBaselineDb), `${s.scheme}: finite gain`);
  }
  const gain = summary.find((s) => s.scheme === "true-future")!.rareMedianGainOverBaselineDb;
  assert.ok(Math.abs(gain - 4) < 1e-9, `oracle gain ${gain} = 4 dB`);
  assert.deepEqual(gapClosure.map((g) => g.scheme), [SCHEME_IDS.classicalAr1]);
  assert.ok(Number.isFinite(gapClosure[0].outage10Sinr));
  // With the default registry the same samples have no baseline: a clear error, not NaN.
  assert.throws(
    () => summarizeSchemeSamples(samples),
    /no samples of the baseline "baseline"/,
  );
  // The reproduction table finds the renamed baseline through the registry too.
  const seedRow = (scheme: string, medianSinrDb: number) => ({
    seed: 1,
    scheme,
    medianSinrDb,
    outage10SinrDb: medianSinrDb - 3,
    rareMedianSinrDb: medianSinrDb,
    rareOutage10SinrDb: medianSinrDb - 3,
    rareMedianGainOverBaselineDb: medianSinrDb - 5,
    rareProbabilityPlrAbove5: 0.95,
    rareMedianPlr: 0.1,
    rarePlrReduction: 0,
    gapClosureOutage10Sinr: 0,
    gapClosurePlrAbove5: 0,
    medianStepMs: 1,
    p95StepMs: 1,
    medianPredictMs: 0,
  });
  const rows = reproductionRows({
    registry: renamed,
    wczf: { seedRows: [seedRow("reactive-zf", 5), seedRow(SCHEME_IDS.genaiDt, 1)] },
  });
  const genai = rows.find((r) =>
    r.scheme === SCHEME_IDS.genaiDt && r.quantity.startsWith("median SINR gain")
  )!;
  assert.match(genai.reason, /-4\.0 dB from the baseline's/);
});
