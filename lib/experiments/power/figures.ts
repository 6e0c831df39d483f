/**
 * The power study's figures: remaining battery over the mission (the paper's Fig. 3c),
 * total power and saving per scheme (Fig. 3d) with the paper's values as hollow
 * diamonds, and the energy-saving-vs-QoS trade-off over the margin sweep.
 *
 * @module
 */
import { PAPER_UAV_POWER } from "../../core/mod.ts";
import { POWER_SCHEME_IDS, type PowerSchemeId, powerSchemeLabel } from "../../ntn/mod.ts";
import { type Figure, Plot, renderPlot } from "../../plot/mod.ts";
import { PAPER_MARKER } from "../schemes.ts";
import { formatRange, type PowerStudy } from "./run.ts";

const COLORS: Readonly<Record<PowerSchemeId, string>> = Object.freeze({
  "full-power": "#4e4e4e",
  "reactive-dt": "#e15759",
  "cgan-only": "#f28e2b",
  "reactive-dt-cgan": "#b07aa1",
  "proactive-dt-cgan": "#4e79a7",
  "cgan-only-geometric": "#edc948",
  "proactive-dt-residual": "#9c755f",
  "proactive-dt-linear": "#76b7b2",
  "oracle": "#59a14f",
});

/** The color scale of the schemes (legend labels = ids). */
export function powerColorScale() {
  return {
    domain: [...POWER_SCHEME_IDS],
    range: POWER_SCHEME_IDS.map((s) => COLORS[s]),
    legend: true,
  };
}

function caption(study: PowerStudy): string {
  const r = study.config.run;
  return `UAV at ${r.scenario.uavAltitudeM} m, ${r.scenario.carrierHz / 1e9} GHz, ` +
    `${r.scenario.array.horizontal}x${r.scenario.array.vertical} UPA, K = ${r.scenario.ueCount} ` +
    `users; EARTH ${r.earth.name} (${r.earth.nTrx} x ${r.powerBudgetW} W RF), battery ` +
    `${r.batteryCapacityWh} Wh; ${study.config.seeds.length} seeds; headline margin ` +
    `${r.marginDb} dB. ${generativeCaption(study)}`;
}

/** The caption's sentence on the generator behind the cGAN schemes. */
function generativeCaption(study: PowerStudy): string {
  const g = study.generative;
  return g.source === "given"
    ? `"cGAN" schemes: ${g.name} (M = ${g.trajectories}); "-residual"/"-geometric": the stand-ins.`
    : `"cGAN" schemes use the residual-scenario stand-in, not a trained cGAN ` +
      `(the ablation rows repeat them).`;
}

/** Fig. 3c: remaining battery energy over the mission per scheme (median, min-max band). */
export function powerBatteryFigure(study: PowerStudy, options: { title?: string } = {}): Figure {
  const rows = study.battery;
  return renderPlot({
    title: options.title ?? "Remaining UAV battery energy over the mission (Fig. 3c)",
    subtitle: "lines: median over seeds, bands: min-max; radio supply power only (EARTH model)",
    caption: caption(study),
    width: 760,
    height: 440,
    marginRight: 20,
    x: { label: "mission time (min)", grid: true },
    y: { label: "remaining energy (Wh)", grid: true },
    color: powerColorScale(),
    marks: [
      Plot.areaY(rows, {
        x: "timeMin",
        y1: "minWh",
        y2: "maxWh",
        fill: "scheme",
        fillOpacity: 0.12,
      }),
      Plot.line(rows, { x: "timeMin", y: "medianWh", stroke: "scheme" }),
    ],
  });
}

/** Fig. 3d (power): radiated RF power per scheme, median bar and min-max rule, paper's watts. */
export function powerTotalFigure(study: PowerStudy, options: { title?: string } = {}): Figure {
  const rows = study.summary.filter((s) => s.headline).map((s) => ({
    scheme: s.scheme,
    median: s.rfPowerW.median,
    min: s.rfPowerW.min,
    max: s.rfPowerW.max,
    supply: s.supplyPowerW.median,
  }));
  const paper = [
    { scheme: "full-power", value: PAPER_UAV_POWER.fullPowerW },
    { scheme: "proactive-dt-cgan", value: PAPER_UAV_POWER.proactiveW },
  ];
  return renderPlot({
    title: options.title ?? "Total radiated power per scheme (Fig. 3d)",
    subtitle: "bars: median over seeds, rules: min-max; labels: EARTH supply power (W); " +
      "hollow diamonds: the paper's watts (not our data; its basis is not stated)",
    caption: caption(study),
    width: 760,
    height: 440,
    marginBottom: 70,
    x: { label: null, domain: [...POWER_SCHEME_IDS], tickRotate: -20 },
    y: { label: "radiated RF power, all TRX (W)", grid: true },
    color: powerColorScale(),
    marks: [
      Plot.barY(rows, { x: "scheme", y: "median", fill: "scheme" }),
      Plot.ruleX(rows, { x: "scheme", y1: "min", y2: "max", stroke: "black" }),
      Plot.text(rows, {
        x: "scheme",
        y: "max",
        text: (d: { supply: number }) => `${d.supply.toFixed(0)} W supply`,
        dy: -8,
        fontSize: 9,
      }),
      Plot.dot(paper, { x: "scheme", y: "value", stroke: "black", ...PAPER_MARKER }),
    ],
  });
}

/**
 * Fig. 3d (saving): RF saving per scheme over full-power MRT (bars: median, rules:
 * min-max), the supply saving as a black tick, the paper's savings as hollow diamonds.
 */
export function powerSavingFigure(study: PowerStudy, options: { title?: string } = {}): Figure {
  const rows = study.summary.filter((s) => s.headline && s.scheme !== "full-power").map((s) => ({
    scheme: s.scheme,
    median: s.savingRfPct.median,
    min: s.savingRfPct.min,
    max: s.savingRfPct.max,
    supply: s.savingSupplyPct.median,
  }));
  const paper = Object.entries(PAPER_UAV_POWER.savingPct).map(([scheme, value]) => ({
    scheme,
    value,
  }));
  const [lo, hi] = PAPER_UAV_POWER.cganOnlySavingRangePct;
  return renderPlot({
    title: options.title ?? "Energy saving over full-power MRT per scheme (Fig. 3d)",
    subtitle: "bars: RF saving, median over seeds, rules: min-max; black ticks: EARTH supply " +
      "saving; hollow diamonds: the paper's savings (not our data), grey range: its cGAN-only span",
    caption: caption(study),
    width: 760,
    height: 440,
    marginBottom: 70,
    x: { label: null, domain: POWER_SCHEME_IDS.filter((s) => s !== "full-power"), tickRotate: -20 },
    y: { label: "saving (%)", grid: true, domain: [0, 100] },
    color: powerColorScale(),
    marks: [
      Plot.barY(rows, { x: "scheme", y: "median", fill: "scheme" }),
      Plot.ruleX(rows, { x: "scheme", y1: "min", y2: "max", stroke: "black" }),
      Plot.tickY(rows, { x: "scheme", y: "supply", stroke: "black", strokeWidth: 3 }),
      Plot.ruleX([{ scheme: "cgan-only", lo, hi }], {
        x: "scheme",
        y1: "lo",
        y2: "hi",
        stroke: "#999",
        strokeWidth: 6,
        strokeOpacity: 0.6,
      }),
      Plot.dot(paper, { x: "scheme", y: "value", stroke: "black", ...PAPER_MARKER }),
    ],
  });
}

/**
 * The trade-off: RF saving vs QoS violation rate per scheme over the margin sweep
 * (median over seeds; labels = margin in dB).
 */
export function powerTradeoffFigure(study: PowerStudy, options: { title?: string } = {}): Figure {
  const rows = study.summary.map((s) => ({
    scheme: s.scheme,
    marginDb: s.marginDb,
    violation: s.violationRatePct.median,
    saving: s.savingRfPct.median,
    headline: s.headline,
  })).sort((a, b) => a.marginDb - b.marginDb);
  const full = rows.find((r) => r.scheme === "full-power")!;
  return renderPlot({
    title: options.title ?? "Energy saving vs QoS violations per scheme",
    subtitle: `median over seeds; each line sweeps the safety margin (labels, dB); ` +
      `dashed: full-power MRT's violation rate + ${study.config.qosTolerancePp} pp`,
    caption: caption(study),
    width: 760,
    height: 480,
    x: { label: "QoS violation rate (% of active user-slots)", grid: true },
    y: { label: "RF saving over full-power MRT (%)", grid: true },
    color: powerColorScale(),
    marks: [
      Plot.ruleX([full.violation + study.config.qosTolerancePp], { strokeDasharray: "4 3" }),
      Plot.line(rows, { x: "violation", y: "saving", stroke: "scheme", z: "scheme" }),
      Plot.dot(rows, {
        x: "violation",
        y: "saving",
        stroke: "scheme",
        fill: (d: { headline: boolean; scheme: string }) => d.headline ? d.scheme : "white",
      }),
      Plot.text(rows.filter((r) => r.scheme !== "full-power" && r.scheme !== "oracle"), {
        x: "violation",
        y: "saving",
        text: (d: { marginDb: number }) => `${d.marginDb}`,
        dy: -8,
        fontSize: 8,
        fill: "scheme",
      }),
    ],
  });
}

/** The study's figures by file name. */
export function powerStudyFigures(study: PowerStudy): Record<string, Figure> {
  return {
    "fig3c_power_battery": powerBatteryFigure(study),
    "fig3d_power_total": powerTotalFigure(study),
    "fig3d_power_saving": powerSavingFigure(study),
    "power_tradeoff": powerTradeoffFigure(study),
  };
}

/** Wide rows for a printed table: per scheme at its headline margin, median [min, max]. */
export function powerHeadlineTable(study: PowerStudy) {
  return study.summary.filter((s) => s.headline).map((s) => ({
    scheme: s.scheme,
    label: powerSchemeLabel(s.scheme, study.generative),
    marginDb: s.marginDb,
    rfPowerW: formatRange(s.rfPowerW, 2),
    savingRfPct: formatRange(s.savingRfPct),
    supplyPowerW: formatRange(s.supplyPowerW, 1),
    savingSupplyPct: formatRange(s.savingSupplyPct),
    violationRatePct: formatRange(s.violationRatePct, 2),
  }));
}

/** Flat summary rows for tables (every scheme and margin). */
export function powerSummaryTable(study: PowerStudy) {
  return study.summary.map((s) => {
    const flat: Record<string, unknown> = {
      scheme: s.scheme,
      marginDb: s.marginDb,
      headline: s.headline,
    };
    for (
      const k of [
        "rfPowerW",
        "supplyPowerW",
        "savingRfPct",
        "savingSupplyPct",
        "violationRatePct",
      ] as const
    ) {
      flat[`${k}Median`] = s[k].median;
      flat[`${k}Min`] = s[k].min;
      flat[`${k}Max`] = s[k].max;
    }
    flat.seeds = s.rfPowerW.n;
    return flat;
  });
}
