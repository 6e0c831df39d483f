import assert from "node:assert/strict";
import {
  predictionStudyConfig,
  predictionStudyFigures,
  predictorMetricRows,
  runPredictionStudy,
  savePredictionStudy,
  trainingFreePredictors,
} from "../../lib/experiments/prediction/mod.ts";
import { forcedEvaluationBlockages } from "../../lib/experiments/wczf/evaluation.ts";
import { simulateEpisode } from "../../lib/mobility/mod.ts";
import { loadNamedScene } from "../../lib/scene/mod.ts";
import { type ChannelPredictor, createOraclePredictor } from "../../lib/twin/mod.ts";

const config = predictionStudyConfig("ci");
const T = config.horizon;
const K = 30;
const syncSlots = config.slotCount - 1 - T - (config.firstSlot - 1) + 1;

/** The oracle under a name of its own: exact at every horizon if slots line up. */
const truthFactory = (episode: Parameters<typeof createOraclePredictor>[0]) => {
  const o = createOraclePredictor(episode);
  return [{ ...o, name: "truth", predict: o.predict }];
};

let cached: ReturnType<typeof runPredictionStudy> | undefined;
/** The ci study with the true future as an extra predictor, run once for every test. */
const ciStudy = () => (cached ??= runPredictionStudy(config, { extraPredictors: truthFactory }));

Deno.test("prediction study (ci): config, shapes and subsets", async () => {
  const study = await ciStudy();
  assert.equal(config.episodeSeeds.length, 1);
  assert.equal(T, 5);
  assert.equal(config.syncStride, 1);
  assert.deepEqual(study.predictors, [
    "classical-ar1",
    "linear-prediction",
    "linear-scenarios",
    "hold",
    "truth",
  ]);
  assert.equal(study.rows.length, 5 * T * 2);
  assert.equal(study.seedRows.length, 5 * T * 2);
  for (const r of study.rows) {
    assert.ok(r.horizon >= 1 && r.horizon <= T);
    if (r.subset === "all") assert.equal(r.samples, K * syncSlots, `${r.predictor} samples`);
    else assert.ok(r.samples > 0 && r.samples < K * syncSlots, "rare events in the ci episode");
    assert.ok(r.sgcs >= 0 && r.sgcs <= 1, `${r.predictor} t=${r.horizon} SGCS ${r.sgcs}`);
    assert.equal(r.seeds, 1);
    if (r.trajectories === 1) {
      assert.ok(Number.isNaN(r.bestOfMSgcs) && Number.isNaN(r.coverage), "M = 1: not applicable");
    } else {
      assert.ok(r.coverage >= 0 && r.coverage <= 1);
    }
  }
});

Deno.test("prediction study (ci): slots line up (the true future scores SGCS 1, NMSE -inf)", async () => {
  const study = await ciStudy();
  for (const r of study.rows.filter((r) => r.predictor === "truth")) {
    assert.ok(Math.abs(r.sgcs - 1) < 1e-12, `t=${r.horizon} ${r.subset}: ${r.sgcs}`);
    assert.ok(r.nmseDb < -200, `t=${r.horizon} ${r.subset}: ${r.nmseDb} dB`);
  }
});

Deno.test("prediction study (ci): linear prediction beats hold at horizon 1", async () => {
  const study = await ciStudy();
  const at = (predictor: string, subset: string) =>
    study.rows.find((r) => r.predictor === predictor && r.horizon === 1 && r.subset === subset)!;
  for (const subset of ["all", "rare"]) {
    const lp = at("linear-prediction", subset), hold = at("hold", subset);
    assert.ok(lp.sgcs > hold.sgcs, `${subset}: SGCS ${lp.sgcs} vs hold ${hold.sgcs}`);
    assert.ok(lp.nmseDb < hold.nmseDb, `${subset}: NMSE ${lp.nmseDb} vs hold ${hold.nmseDb} dB`);
  }
});

Deno.test("prediction study (ci): best-of-M >= scenario 0; linear-scenarios' scenario 0 is the forecast", async () => {
  const study = await ciStudy();
  const generators = study.rows.filter((r) => r.trajectories > 1);
  assert.equal(generators.length, T * 2);
  for (const r of generators) {
    assert.ok(r.bestOfMSgcs >= r.sgcs - 1e-12, `${r.predictor} t=${r.horizon} ${r.subset}`);
    const point = study.rows.find((p) =>
      p.predictor === "linear-prediction" && p.horizon === r.horizon && p.subset === r.subset
    )!;
    assert.equal(r.sgcs, point.sgcs);
  }
});

Deno.test("prediction study (ci): deterministic; predictorMetricRows gives the seed's rows", async () => {
  const study = await ciStudy();
  const again = await runPredictionStudy(config, { extraPredictors: truthFactory });
  assert.deepEqual(again.rows, study.rows);
  const scene = await loadNamedScene(config.sceneName);
  const seed = config.episodeSeeds[0];
  const episode = simulateEpisode(scene, {
    slotCount: config.slotCount,
    forcedBlockages: forcedEvaluationBlockages(config, seed),
  }, seed);
  const rows = await predictorMetricRows([episode], trainingFreePredictors(), {
    horizon: T,
    firstSync: config.firstSlot - 1,
  });
  const expected = study.seedRows
    .filter((r) => r.predictor !== "truth")
    .map(({ seed: _, ...r }) => r);
  const key = (r: { predictor: string; horizon: number; subset: string }) =>
    `${r.predictor} ${r.horizon} ${r.subset}`;
  assert.deepEqual(
    [...rows].sort((a, b) => key(a).localeCompare(key(b))),
    [...expected].sort((a, b) => key(a).localeCompare(key(b))),
  );
  // thinning: every 2nd sync slot halves (rounded up) the samples
  const thin = await predictorMetricRows([episode], trainingFreePredictors(), {
    horizon: T,
    firstSync: config.firstSlot - 1,
    syncStride: 2,
  });
  assert.equal(thin.find((r) => r.subset === "all")!.samples, K * Math.ceil(syncSlots / 2));
  // errors name the argument
  await assert.rejects(() => predictorMetricRows([], trainingFreePredictors(), { horizon: T }), {
    name: "RangeError",
    message: /episodes/,
  });
  await assert.rejects(
    () => predictorMetricRows([episode], trainingFreePredictors(), { horizon: T, syncStride: 0 }),
    { name: "RangeError", message: /options\.syncStride/ },
  );
  const liar: ChannelPredictor = {
    name: "liar",
    trajectories: 3,
    predict: (history, horizon) => [Array.from({ length: horizon }, () => history.channels(9))],
  };
  await assert.rejects(() => predictorMetricRows([episode], [liar], { horizon: 2 }), {
    name: "RangeError",
    message: /predictor "liar" returned 1 trajectories, declares 3/,
  });
});

Deno.test("prediction study (ci): figure and tables", async () => {
  const study = await ciStudy();
  const figures = predictionStudyFigures(study);
  assert.deepEqual(Object.keys(figures), ["prediction"]);
  const dir = await Deno.makeTempDir();
  try {
    const written = await savePredictionStudy(study, dir, { provenance: { test: true } });
    for (const name of ["prediction.svg", "prediction.png", "prediction.csv", "prediction.md"]) {
      assert.ok(written.some((p) => p.endsWith(`/${name}`)), `${name} written`);
    }
    const csv = await Deno.readTextFile(`${dir}/prediction.csv`);
    assert.equal(
      csv.split("\n")[0],
      "predictor,trajectories,horizon,subset,sgcs,nmseDb,bestOfMSgcs,coverage,samples," +
        "sgcsSeedMin,sgcsSeedMax,seeds",
    );
    const json = JSON.parse(await Deno.readTextFile(`${dir}/prediction.json`));
    assert.equal(json.provenance.test, true);
    assert.equal(json.provenance.config.horizon, T);
    const md = await Deno.readTextFile(`${dir}/prediction.md`);
    assert.equal(md.trim().split("\n").length, 2 + study.rows.length);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
