/**
 * Figures of the WC-ZF study: Fig. 3a (SINR CDF under rare events) and Fig. 3b
 * (packet-loss CDF) with per-seed bands, plus the control-payload rows.
 *
 * @module
 */
import {
  BLER_SLOPE_PER_DB,
  BLER_THRESHOLD_DB,
  controlPayloadBytes,
  percentile,
  PLR_THRESHOLD,
} from "../../metrics/mod.ts";
import { type Figure, Plot, renderPlot } from "../../plot/mod.ts";
import { schemeColorScale } from "../schemes.ts";
import { cdfRows, type SchemeSamples } from "./evaluation.ts";
import type { WczfStudy } from "./run.ts";

function schemeColor(samples: readonly SchemeSamples[]) {
  return schemeColorScale(samples.map((s) => s.scheme));
}

type SampleField = "sinrDb" | "rareSinrDb" | "plr" | "rarePlr";

/** Probability levels of the per-seed bands. */
const BAND_LEVELS = Array.from({ length: 51 }, (_, i) => i / 50);

/**
 * The spread of per-seed CDFs, quantile by quantile: for each scheme and level `p`,
 * the smallest and largest `p`-quantile over the seeds that have samples. Rows
 * `{ scheme, p, lo, hi }`; schemes with fewer than two such seeds get no band.
 *
 * @param perSeed per seed, the samples of every scheme.
 * @param field which samples.
 */
export function seedBandRows(
  perSeed: readonly (readonly SchemeSamples[])[],
  field: SampleField,
): { scheme: string; p: number; lo: number; hi: number }[] {
  const schemes = [...new Set(perSeed.flatMap((seed) => seed.map((s) => s.scheme)))];
  return schemes.flatMap((scheme) => {
    const seeds = perSeed
      .map((seed) => seed.find((s) => s.scheme === scheme)?.[field] ?? [])
      .filter((x) => x.length > 0);
    if (seeds.length < 2) return [];
    return BAND_LEVELS.map((p) => {
      const q = seeds.map((x) => percentile(x, p));
      return { scheme, p, lo: Math.min(...q), hi: Math.max(...q) };
    });
  });
}

function bandMarks(
  perSeed: readonly (readonly SchemeSamples[])[] | undefined,
  field: SampleField,
) {
  if (!perSeed || perSeed.length < 2) return [];
  return [
    Plot.areaX(seedBandRows(perSeed, field), {
      y: "p",
      x1: "lo",
      x2: "hi",
      fill: "scheme",
      fillOpacity: 0.15,
    }),
  ];
}

function bandSubtitle(perSeed: readonly unknown[] | undefined): string | undefined {
  return perSeed && perSeed.length >= 2
    ? `lines: ${perSeed.length} seeds pooled; bands: range of the per-seed CDFs`
    : undefined;
}

/** Options of {@link sinrCdfFigure} and {@link plrCdfFigure}. */
export interface CdfFigureOptions {
  /** Rare-event samples only (default true). */
  readonly rare?: boolean;
  readonly title?: string;
  /** Per seed, the samples of every scheme: draws the per-seed bands (two seeds or more). */
  readonly perSeed?: readonly (readonly SchemeSamples[])[];
}

/**
 * Fig. 3a: CDF of post-beamforming SINR of rare-event UE-slots (or all, `rare: false`).
 * With `perSeed` (two or more seeds), a band per scheme shows the range of the
 * per-seed CDFs around the pooled line.
 */
export function sinrCdfFigure(
  samples: readonly SchemeSamples[],
  options: CdfFigureOptions = {},
): Figure {
  const { rare = true } = options;
  const field = rare ? "rareSinrDb" : "sinrDb";
  const rows = cdfRows(samples, { field });
  return renderPlot({
    title: options.title ?? `Post-beamforming SINR${rare ? " under rare events" : ""} (Fig. 3a)`,
    subtitle: bandSubtitle(options.perSeed),
    width: 640,
    height: 360,
    x: { label: "SINR (dB)", grid: true },
    y: { label: "CDF", domain: [0, 1], grid: true },
    color: schemeColor(samples),
    marks: [
      ...bandMarks(options.perSeed, field),
      Plot.line(rows, { x: "value", y: "p", stroke: "scheme", curve: "step-after" }),
      Plot.ruleY([0.1], { stroke: "#999", strokeDasharray: "4,3" }),
    ],
  });
}

/**
 * Fig. 3b: CDF of the per-UE packet-loss rate (logistic BLER curve, stated in the
 * caption); `perSeed` adds the per-seed bands as in {@link sinrCdfFigure}.
 */
export function plrCdfFigure(
  samples: readonly SchemeSamples[],
  options: CdfFigureOptions = {},
): Figure {
  const { rare = true } = options;
  const field = rare ? "rarePlr" : "plr";
  const rows = cdfRows(samples, { field });
  return renderPlot({
    title: options.title ?? `Per-UE packet-loss rate${rare ? " under rare events" : ""} (Fig. 3b)`,
    subtitle: bandSubtitle(options.perSeed),
    caption:
      `Fixed-MCS packet per UE per slot, BLER = 1 / (1 + exp(${BLER_SLOPE_PER_DB} (SINR - ${BLER_THRESHOLD_DB} dB))); ` +
      `dashed line: PLR = ${PLR_THRESHOLD * 100} %.`,
    width: 640,
    height: 380,
    x: { label: "packet-loss rate", grid: true, domain: [0, 1] },
    y: { label: "CDF", domain: [0, 1], grid: true },
    color: schemeColor(samples),
    marks: [
      ...bandMarks(options.perSeed, field),
      Plot.line(rows, { x: "value", y: "p", stroke: "scheme", curve: "step-after" }),
      Plot.ruleX([PLR_THRESHOLD], { stroke: "#999", strokeDasharray: "4,3" }),
    ],
  });
}

/**
 * The control payload per slot for given sizes (the paper's, or a scene's: see
 * `payloadDims`), with and without I/Q splitting.
 */
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

/**
 * The study's figures by file name: Fig. 3a (rare events and all samples) and Fig. 3b,
 * pooled over seeds, main schemes only, with the per-seed bands.
 */
export function wczfStudyFigures(result: WczfStudy): Record<string, Figure> {
  const main = (list: readonly SchemeSamples[]) =>
    list.filter((s) => result.mainSchemes.includes(s.scheme));
  const samples = main(result.pooled.samples);
  const perSeed = result.seedSamples.map(main);
  const n = result.config.episodeSeeds.length;
  return {
    "fig3a_sinr_cdf_rare_events": sinrCdfFigure(samples, {
      title: `Post-beamforming SINR under rare events (Fig. 3a), ${n} seeds`,
      perSeed,
    }),
    "fig3a_sinr_cdf_all": sinrCdfFigure(samples, { rare: false, perSeed }),
    "fig3b_plr_cdf_rare_events": plrCdfFigure(samples, {
      title: `Per-UE packet-loss rate under rare events (Fig. 3b), ${n} seeds`,
      perSeed,
    }),
  };
}
