/**
 * Figures of the WC-ZF evaluation: Fig. 3a (SINR CDF under rare events) and Fig. 3b
 * (packet-loss CDF), plus the control-payload table.
 *
 * @module
 */
import {
  BLER_SLOPE_PER_DB,
  BLER_THRESHOLD_DB,
  controlPayloadBytes,
  PLR_THRESHOLD,
} from "../metrics/mod.ts";
import { type Figure, Plot, renderPlot } from "../plot/mod.ts";
import { cdfRows, type SchemeSamples } from "./wczf_evaluation.ts";

const SCHEME_ORDER = ["baseline", "classical-ar1", "lstm-dt", "genai-dt", "oracle", "genie-zf"];

function schemeColor(samples: readonly SchemeSamples[]) {
  const names = samples.map((s) => s.scheme);
  const domain = [
    ...SCHEME_ORDER.filter((n) => names.includes(n)),
    ...names.filter((n) => !SCHEME_ORDER.includes(n)),
  ];
  return { domain, scheme: "tableau10" as const, legend: true };
}

/** Fig. 3a: CDF of post-beamforming SINR of rare-event UE-slots (or all, `rare: false`). */
export function sinrCdfFigure(
  samples: readonly SchemeSamples[],
  options: { rare?: boolean; title?: string } = {},
): Figure {
  const { rare = true } = options;
  const rows = cdfRows(samples, { field: rare ? "rareSinrDb" : "sinrDb" });
  return renderPlot({
    title: options.title ?? `Post-beamforming SINR${rare ? " under rare events" : ""} (Fig. 3a)`,
    width: 640,
    height: 360,
    x: { label: "SINR (dB)", grid: true },
    y: { label: "CDF", domain: [0, 1], grid: true },
    color: schemeColor(samples),
    marks: [
      Plot.line(rows, { x: "value", y: "p", stroke: "scheme", curve: "step-after" }),
      Plot.ruleY([0.1], { stroke: "#999", strokeDasharray: "4,3" }),
    ],
  });
}

/** Fig. 3b: CDF of the per-UE packet-loss rate (logistic BLER curve, stated in the caption). */
export function plrCdfFigure(
  samples: readonly SchemeSamples[],
  options: { rare?: boolean; title?: string } = {},
): Figure {
  const { rare = true } = options;
  const rows = cdfRows(samples, { field: rare ? "rarePlr" : "plr" });
  return renderPlot({
    title: options.title ?? `Per-UE packet-loss rate${rare ? " under rare events" : ""} (Fig. 3b)`,
    caption:
      `Fixed-MCS packet per UE per slot, BLER = 1 / (1 + exp(${BLER_SLOPE_PER_DB} (SINR - ${BLER_THRESHOLD_DB} dB))); ` +
      `dashed line: PLR = ${PLR_THRESHOLD * 100} %.`,
    width: 640,
    height: 380,
    x: { label: "packet-loss rate", grid: true, domain: [0, 1] },
    y: { label: "CDF", domain: [0, 1], grid: true },
    color: schemeColor(samples),
    marks: [
      Plot.line(rows, { x: "value", y: "p", stroke: "scheme", curve: "step-after" }),
      Plot.ruleX([PLR_THRESHOLD], { stroke: "#999", strokeDasharray: "4,3" }),
    ],
  });
}

/** The control payload per slot for the paper's sizes, with and without I/Q splitting. */
export function payloadRows(dims: { apCount: number; ueCount: number; antennaCount: number }) {
  return [
    { encoding: "8-bit I + 8-bit Q per weight", componentsPerWeight: 2 as const },
    { encoding: "one 8-bit code per weight", componentsPerWeight: 1 as const },
  ].map(({ encoding, componentsPerWeight }) => {
    const p = controlPayloadBytes(dims, { weightBits: 8, componentsPerWeight });
    return {
      encoding,
      apCount: dims.apCount,
      ueCount: dims.ueCount,
      antennaCount: dims.antennaCount,
      weightBits: p.weightBits,
      scalarBits: p.scalarBits,
      bytes: p.bytes,
      paperBytes: 2100,
    };
  });
}
