/**
 * Fig. 3c: SINR vs the number of APs per scheme, with the paper's endpoints as reference
 * marks.
 *
 * @module
 */
import { PAPER_DENSITY_ENDPOINTS } from "../../core/mod.ts";
import { type Figure, Plot, renderPlot } from "../../plot/mod.ts";
import { PAPER_MARKER, schemeColorScale } from "../schemes.ts";
import type { DensityStudy } from "./run.ts";

const METRIC_LABEL = { median: "median SINR", outage10: "10 %-outage SINR" } as const;

/**
 * Fig. 3c: median and 10 %-outage SINR vs number of APs, per scheme: line = median over
 * seeds, band = range over seeds; hollow diamonds = the paper's endpoint values.
 */
export function densityFigure(sweep: DensityStudy, options: { title?: string } = {}): Figure {
  const rows = sweep.summary.map((r) => ({ ...r, panel: METRIC_LABEL[r.metric] }));
  const schemes = new Set(rows.map((r) => r.scheme));
  const paper = PAPER_DENSITY_ENDPOINTS.map((p) => ({ ...p, panel: METRIC_LABEL[p.metric] }));
  const k = sweep.config.ueCount;
  const seeds = sweep.config.seeds.length;
  return renderPlot({
    title: options.title ?? "Post-beamforming SINR vs network density (Fig. 3c)",
    subtitle: `K = ${k} UEs; lines: median over ${seeds} seeds, bands: min-max over seeds; ` +
      `hollow diamonds: the paper's endpoint values (not our data)`,
    caption: `K/A (mean UEs per AP): ${
      sweep.config.apCounts.map((a) => `A=${a}: ${(k / a).toFixed(1)}`).join(", ")
    }. The paper's "K_b ~ 10 throughout" cannot hold for every A with K = 30.`,
    width: 760,
    height: 520,
    marginRight: 110,
    x: { label: "number of APs A", ticks: sweep.config.apCounts, grid: true },
    y: { label: "SINR (dB)", grid: true },
    fy: { label: null },
    color: schemeColorScale([...schemes, ...paper.map((p) => p.scheme)]),
    marks: [
      Plot.areaY(rows, {
        x: "apCount",
        y1: "min",
        y2: "max",
        fill: "scheme",
        fillOpacity: 0.15,
        fy: "panel",
      }),
      Plot.line(rows, { x: "apCount", y: "median", stroke: "scheme", fy: "panel", marker: "dot" }),
      Plot.dot(paper, {
        x: "apCount",
        y: "sinrDb",
        stroke: "scheme",
        fy: "panel",
        ...PAPER_MARKER,
      }),
      Plot.text(paper, {
        x: "apCount",
        y: "sinrDb",
        text: () => "paper",
        dx: 14,
        fontSize: 9,
        fill: "scheme",
        fy: "panel",
        textAnchor: "start",
      }),
    ],
  });
}

/** The study's figures by file name. */
export function densityStudyFigures(sweep: DensityStudy): Record<string, Figure> {
  return { "fig3c_density_sweep": densityFigure(sweep) };
}
