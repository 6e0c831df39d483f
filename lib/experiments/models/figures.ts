/**
 * Figures of the generative-module study (notebook 02_cgan_training, `deno task
 * figures`), from the rows of `models_study.ts`.
 *
 * @module
 */
import { type Figure, Plot, renderPlot } from "../../plot/mod.ts";
import type { BlockageSampleRows, ChannelStatistics, LossRow } from "./study.ts";

/** Loss curves per generator step (one panel per loss). */
export function lossCurvesFigure(
  rows: readonly LossRow[],
  options: { title?: string } = {},
): Figure {
  return renderPlot({
    title: options.title ?? "Training losses per generator step",
    width: 640,
    height: 420,
    x: { label: "generator step" },
    y: { label: "loss", grid: true },
    fy: { label: null },
    facet: { data: rows, y: "loss" },
    marks: [
      Plot.line(rows, { x: "step", y: "value", stroke: "loss" }),
      Plot.dot(rows, { x: "step", y: "value", r: 1.5 }),
    ],
  });
}

/** Empirical CDFs of per-row gains, real vs generated, one panel per rare-event flag. */
export function gainCdfFigure(stats: ChannelStatistics, options: { title?: string } = {}): Figure {
  const rows = stats.gainCdf.map((r) => ({ ...r, panel: `flag ${r.flag}` }));
  return renderPlot({
    title: options.title ?? `Per-row channel gain, real vs generated (${stats.windows} windows)`,
    width: 640,
    height: 280,
    x: { label: "10 log10 ||h_k||^2 (dB)" },
    y: { label: "CDF", domain: [0, 1], grid: true },
    color: { legend: true },
    fx: { label: null },
    marks: [Plot.line(rows, { x: "gainDb", y: "cdf", stroke: "source", fx: "panel" })],
  });
}

/** Mean DFT-beam power profile (the spatial spectrum), real vs generated. */
export function angleProfileFigure(
  stats: ChannelStatistics,
  options: { title?: string } = {},
): Figure {
  return renderPlot({
    title: options.title ?? "Mean beam-power profile over the 8 x 8 DFT codebook",
    width: 640,
    height: 260,
    x: { label: "DFT beam index" },
    y: { label: "power / row power (dB)", grid: true },
    color: { legend: true },
    marks: [Plot.line(stats.angleProfile, { x: "beam", y: "powerDb", stroke: "source" })],
  });
}

/** Gain of one UE row: past and true future (black), samples with flag 0 and flag 1. */
export function blockageSamplesFigure(
  data: BlockageSampleRows,
  options: { title?: string } = {},
): Figure {
  const truth = data.rows.filter((r) => r.series === "truth");
  const samples = data.rows.filter((r) => r.series !== "truth");
  return renderPlot({
    title: options.title ?? `Samples around a rare event: ${data.note}`,
    width: 640,
    height: 300,
    x: { label: "slot relative to the newest past slot" },
    y: { label: "||h_k||^2 (dB)", grid: true },
    color: {
      legend: true,
      domain: ["truth", "flag 0", "flag 1"],
      range: ["black", "#4e79a7", "#e15759"],
    },
    marks: [
      Plot.line(samples, {
        x: "slot",
        y: "gainDb",
        z: (d) => `${d.series}-${d.m}`,
        stroke: "series",
        strokeOpacity: 0.5,
      }),
      Plot.line(truth, { x: "slot", y: "gainDb", stroke: "series", strokeWidth: 2.5 }),
      Plot.ruleX([0.5], { strokeDasharray: "4 3" }),
    ],
  });
}
