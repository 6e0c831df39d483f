/**
 * Figure of the robustness study: the rare-event median SINR gain over the baseline per
 * scheme and condition, one panel per condition family.
 *
 * @module
 */
import { type Figure, Plot, renderPlot } from "../../plot/mod.ts";
import { schemeColorScale, SCHEMES } from "../schemes.ts";
import {
  ROBUSTNESS_FAMILIES,
  ROBUSTNESS_REFERENCE_LEVELS,
  type RobustnessCondition,
} from "./config.ts";
import type { RobustnessRow, RobustnessStudy } from "./run.ts";

/** One point of {@link robustnessFigure}: a table row placed in its family's panel. */
export interface RobustnessPlotRow extends RobustnessRow {
  /** Panel: the condition family (the reference row appears in every family's panel). */
  family: string;
  /**
   * Position of the condition among its family's conditions in the config (which are in
   * increasing severity), 1-based; 0 = the reference.
   */
  position: number;
  /** Axis label of that position (e.g. `"0.3 rad"`). */
  level: string;
}

/**
 * The table rows as tidy plot rows: each condition's rows in its family's panel at its
 * position (the reference condition's rows repeated at position 0 of every panel that
 * has another condition, or alone in a `"reference"` panel when no other ran). The
 * baseline (gain 0 by definition) is left out.
 */
export function robustnessPlotRows(result: RobustnessStudy): RobustnessPlotRow[] {
  const conditions = result.config.conditions;
  const families = ROBUSTNESS_FAMILIES.filter((f) => conditions.some((c) => c.family === f));
  const reference = conditions.find((c) => c.family === "reference");
  const rowsOf = (c: RobustnessCondition) =>
    result.rows.filter((r) => r.condition === c.name && r.scheme !== SCHEMES.baseline);
  if (families.length === 0) {
    return reference
      ? rowsOf(reference).map((r) => ({ ...r, family: "reference", position: 0, level: "" }))
      : [];
  }
  return families.flatMap((family) => {
    const members = conditions.filter((c) => c.family === family);
    const out: RobustnessPlotRow[] = reference
      ? rowsOf(reference).map((r) => ({
        ...r,
        family,
        position: 0,
        level: ROBUSTNESS_REFERENCE_LEVELS[family],
      }))
      : [];
    members.forEach((c, i) => {
      out.push(...rowsOf(c).map((r) => ({ ...r, family, position: i + 1, level: c.level })));
    });
    return out;
  });
}

/**
 * Rare-event median SINR gain over the baseline vs condition, one panel per family
 * (jitter, reflection order, estimation SNR, oscillator), severity increasing to the
 * right from the reference: dot = median over seeds, bar = min-max over seeds, lines
 * join a scheme's dots within a panel; schemes side by side at each condition.
 */
export function robustnessFigure(
  result: RobustnessStudy,
  options: { title?: string } = {},
): Figure {
  const plotRows = robustnessPlotRows(result);
  const schemes = result.schemes.filter((s) => s !== SCHEMES.baseline);
  const color = schemeColorScale(schemes);
  const order = color.domain;
  const width = 0.6;
  const dodge = (scheme: string) =>
    order.length < 2 ? 0 : (order.indexOf(scheme) / (order.length - 1) - 0.5) * width;
  const rows = plotRows
    .map((r) => ({ ...r, x: r.position + dodge(r.scheme) }))
    .sort((a, b) => a.x - b.x);
  const labels = [
    ...new Map(plotRows.map((r) => [`${r.family}|${r.position}`, r])).values(),
  ].map((r) => ({ family: r.family, position: r.position, level: r.level }));
  const maxPosition = Math.max(1, ...plotRows.map((r) => r.position));
  const n = result.config.evaluation.episodeSeeds.length;
  return renderPlot({
    title: options.title ??
      "Rare-event median SINR gain over the baseline under channel and CSI impairments",
    subtitle:
      `T = ${result.config.evaluation.horizon}; dots: median over ${n} seed${
        n === 1 ? "" : "s"
      }, bars: ` +
      `min-max over seeds; 0 dB: the baseline under the same condition`,
    caption: "Noisy CSI reaches every scheme through the twin's history, the baseline " +
      "included; genie ZF and the oracle read the episode and stay exact.",
    width: 960,
    height: 440,
    marginBottom: 40,
    x: { axis: null, domain: [-0.5, maxPosition + 0.5] },
    y: { label: "rare-event median SINR gain (dB)", grid: true },
    fx: { label: null, axis: "top", domain: [...new Set(plotRows.map((r) => r.family))] },
    color,
    marks: [
      Plot.ruleY([0], { stroke: "#999", strokeDasharray: "4,3" }),
      Plot.ruleX(rows, {
        x: "x",
        y1: "minGainDb",
        y2: "maxGainDb",
        stroke: "scheme",
        strokeOpacity: 0.6,
        fx: "family",
      }),
      Plot.line(rows, { x: "x", y: "medianGainDb", stroke: "scheme", z: "scheme", fx: "family" }),
      Plot.dot(rows, { x: "x", y: "medianGainDb", fill: "scheme", r: 3, fx: "family" }),
      Plot.text(labels, {
        x: "position",
        text: "level",
        fx: "family",
        frameAnchor: "bottom",
        dy: 14,
        fontSize: 10,
      }),
    ],
  });
}

/** The study's figures by file name. */
export function robustnessStudyFigures(result: RobustnessStudy): Record<string, Figure> {
  return { "robustness": robustnessFigure(result) };
}
