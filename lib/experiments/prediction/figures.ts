/**
 * Figures of the prediction study: SGCS vs horizon per predictor (scenario 0, all
 * samples and rare events) and the scenario generators' best-of-M SGCS, in one faceted
 * figure; plus the markdown table.
 *
 * @module
 */
import { type Figure, Plot, renderPlot } from "../../plot/mod.ts";
import { schemeColorScale } from "../schemes.ts";
import type { PredictionSubset } from "./evaluation.ts";
import type { PredictionStudy } from "./run.ts";

const SUBSET_LABEL: Record<PredictionSubset, string> = {
  all: "all samples",
  rare: "rare-event samples",
};

const METRIC_LABEL = { sgcs: "scenario 0", bestOfM: "best of M" } as const;

/**
 * Tidy rows of {@link predictionFigure}: `{ predictor, trajectories, horizon, subset,
 * panel, value, lo, hi }`, `panel` the metric (`"scenario 0"`: SGCS of every
 * predictor's scenario 0; `"best of M"`: best-of-M SGCS of predictors with M > 1),
 * `lo`/`hi` the range of the per-seed SGCS (scenario-0 panel only; NaN in the other).
 */
export function predictionFigureRows(study: PredictionStudy) {
  const sgcs = study.rows.map((r) => ({
    predictor: r.predictor,
    trajectories: r.trajectories,
    horizon: r.horizon,
    subset: SUBSET_LABEL[r.subset],
    panel: METRIC_LABEL.sgcs,
    value: r.sgcs,
    lo: r.sgcsSeedMin,
    hi: r.sgcsSeedMax,
  }));
  const best = study.rows.filter((r) => r.trajectories > 1).map((r) => ({
    predictor: r.predictor,
    trajectories: r.trajectories,
    horizon: r.horizon,
    subset: SUBSET_LABEL[r.subset],
    panel: METRIC_LABEL.bestOfM,
    value: r.bestOfMSgcs,
    lo: NaN,
    hi: NaN,
  }));
  return [...sgcs, ...best].filter((r) => Number.isFinite(r.value));
}

/**
 * SGCS vs horizon per predictor: columns all samples / rare-event samples; top row the
 * SGCS of scenario 0 (the forecast; one sample of a sampler) with the per-seed range as
 * a band (two seeds or more), bottom row the best-of-M SGCS of the scenario generators.
 * Scenario generators (M > 1) are dashed, so a generator whose scenario 0 is another
 * predictor's forecast (linear-scenarios over linear-prediction) lets it show through.
 */
export function predictionFigure(study: PredictionStudy, options: { title?: string } = {}): Figure {
  const rows = predictionFigureRows(study);
  const n = study.config.episodeSeeds.length;
  const band = rows.filter((r) => Number.isFinite(r.lo) && Number.isFinite(r.hi));
  const stride = study.config.syncStride;
  return renderPlot({
    title: options.title ?? "Channel prediction quality vs horizon",
    subtitle: `SGCS = |h^H ĥ|² / (|h|² |ĥ|²) per (UE, AP) row; ${n} seed(s) pooled` +
      (n >= 2 ? ", bands: range of the per-seed SGCS" : "") +
      (stride === 1 ? "; every sync slot" : `; 1 in ${stride} sync slots`),
    caption: "Horizon t: the forecast of slot s + t from CSI up to slot s (10 ms per slot). " +
      "Dashed: scenario generators (M > 1); their scenario 0 is one sample for a sampler " +
      "(GenAI-DT) and the linear forecast for linear-scenarios.",
    width: 760,
    height: 560,
    x: { label: "horizon (slots of 10 ms)", ticks: study.config.horizon, grid: true },
    y: { label: "SGCS", domain: [0, 1], grid: true },
    fx: { label: null },
    fy: { label: null, domain: [METRIC_LABEL.sgcs, METRIC_LABEL.bestOfM] },
    marginRight: 80,
    color: schemeColorScale(rows.map((r) => r.predictor)),
    marks: [
      Plot.areaY(band, {
        x: "horizon",
        y1: "lo",
        y2: "hi",
        fill: "predictor",
        fillOpacity: 0.15,
        fx: "subset",
        fy: "panel",
      }),
      ...[false, true].map((generator) =>
        Plot.line(rows.filter((r) => (r.trajectories > 1) === generator), {
          x: "horizon",
          y: "value",
          stroke: "predictor",
          strokeDasharray: generator ? "6,4" : undefined,
          fx: "subset",
          fy: "panel",
          marker: "dot",
        })
      ),
      Plot.frame({ stroke: "#ddd" }),
    ],
  });
}

/** The study's figures by file name. */
export function predictionStudyFigures(study: PredictionStudy): Record<string, Figure> {
  return { "prediction": predictionFigure(study) };
}

/**
 * The pooled table as Markdown (one row per predictor, horizon and subset; 3 decimals,
 * NMSE with 1; `-` for a metric that does not apply).
 */
export function predictionMarkdown(study: PredictionStudy): string {
  const f = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "-");
  const head = [
    "| predictor | M | horizon | subset | SGCS | seed range | NMSE (dB) | best-of-M SGCS | " +
    "coverage | samples |",
    "| --- | --: | --: | --- | --: | --- | --: | --: | --: | --: |",
  ];
  const lines = study.rows.map((r) =>
    `| ${r.predictor} | ${r.trajectories} | ${r.horizon} | ${r.subset} | ${f(r.sgcs, 3)} | ` +
    `${r.seeds >= 2 ? `${f(r.sgcsSeedMin, 3)}-${f(r.sgcsSeedMax, 3)}` : "-"} | ` +
    `${f(r.nmseDb, 1)} | ${f(r.bestOfMSgcs, 3)} | ${f(r.coverage, 3)} | ${r.samples} |`
  );
  return [...head, ...lines].join("\n") + "\n";
}
