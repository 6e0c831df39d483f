/**
 * The density sweep (paper Fig. 3c): `A = 2..12` APs on a regular ceiling grid of the
 * office, `K = 30` UEs, short rare-event episodes per `(A, seed)`, every scheme through
 * the control loop; median and 10 %-outage SINR (all UE-slots) per scheme vs `A`, with
 * the spread over seeds and the paper's endpoint values as reference markers.
 *
 * The paper claims `K_b ~ 10 << N_t` "throughout"; with `K = 30` the mean load per AP is
 * `K / A` (15 at A = 2, 2.5 at A = 12), so that cannot hold for every A (DESIGN.md,
 * internal contradictions): the rows carry `uesPerAp = K / A`.
 *
 * @module
 */
import { assertInteger, joinPath } from "../core/mod.ts";
import { percentile } from "../metrics/mod.ts";
import { simulateEpisode } from "../mobility/mod.ts";
import { type Figure, Plot, renderPlot, saveFigure } from "../plot/mod.ts";
import { loadNamedScene, withCeilingGridAccessPoints } from "../scene/mod.ts";
import {
  createArPredictor,
  createOraclePredictor,
  predictiveWczfScheme,
  reactiveZfScheme,
  runControlLoop,
} from "../twin/mod.ts";
import { PAPER_MARKER, schemeColorScale, type Spread, spread } from "./figures_common.ts";
import type { PresetName } from "./presets.ts";
import { writeTable } from "./tables.ts";
import type { SchemeFactory } from "./wczf_evaluation.ts";

/** Settings of the density sweep. */
export interface DensitySweepConfig {
  readonly sceneName: string;
  /** AP counts on the ceiling grid, each in [1, 16]. */
  readonly apCounts: readonly number[];
  /** UEs `K`. */
  readonly ueCount: number;
  /** Episode seeds (one episode per seed and AP count). */
  readonly seeds: readonly number[];
  /** Slots per episode (the first `firstSlot` are history only). */
  readonly slotCount: number;
  readonly firstSlot: number;
  /** WC-ZF horizon `T`, slots. */
  readonly horizon: number;
  /** Ray-tracing order of the episodes. */
  readonly maxReflectionOrder: number;
}

/**
 * The sweep's settings per preset; `seeds` derive from `seed` (see `deriveSeeds`).
 *
 * @example
 * ```ts
 * import { densitySweepConfig } from "./density_sweep.ts";
 * const c = densitySweepConfig("cpu");
 * if (c.seeds.length < 5 || c.apCounts[0] !== 2) throw new Error("5 seeds, A from 2");
 * ```
 */
export function densitySweepConfig(
  preset: PresetName,
  options: { seed?: number } = {},
): DensitySweepConfig {
  const { seed = 1 } = options;
  const all = Array.from({ length: 11 }, (_, i) => i + 2);
  const base = { sceneName: "office", ueCount: 30, firstSlot: 10, horizon: 5 };
  const seeds = (n: number) => Array.from({ length: n }, (_, i) => seed * 1000 + 300 + i);
  switch (preset) {
    case "ci":
      return {
        ...base,
        apCounts: [2, 6, 12],
        seeds: seeds(2),
        slotCount: 14,
        maxReflectionOrder: 1,
      };
    case "cpu":
      return { ...base, apCounts: all, seeds: seeds(5), slotCount: 16, maxReflectionOrder: 2 };
    case "paper":
      return { ...base, apCounts: all, seeds: seeds(10), slotCount: 200, maxReflectionOrder: 2 };
  }
}

/** The sweep's default schemes (no training): baseline, AR(1) WC-ZF, oracle WC-ZF. */
export function densitySchemes(options: { horizon?: number } = {}): SchemeFactory {
  const { horizon = 5 } = options;
  return (episode) => [
    reactiveZfScheme(),
    predictiveWczfScheme(createArPredictor(), { horizon, name: "classical-ar1" }),
    predictiveWczfScheme(createOraclePredictor(episode), { horizon, name: "oracle" }),
  ];
}

/** One `(A, seed, scheme)` result. */
export interface DensitySeedRow {
  apCount: number;
  /** Mean UEs per AP, `K / A`. */
  uesPerAp: number;
  seed: number;
  scheme: string;
  /** Median SINR over the episode's UE-slots, dB. */
  medianSinrDb: number;
  /** 10th-percentile SINR, dB. */
  outage10SinrDb: number;
  /** Largest number of UEs one AP served in one slot. */
  maxUesPerAp: number;
}

/** Spread over seeds of one `(A, scheme, metric)`. */
export interface DensitySummaryRow extends Spread {
  apCount: number;
  uesPerAp: number;
  scheme: string;
  metric: "median" | "outage10";
}

/** The paper's endpoint values of Fig. 3c, dB. */
export const PAPER_DENSITY_ENDPOINTS: readonly {
  scheme: string;
  metric: "median" | "outage10";
  apCount: number;
  sinrDb: number;
}[] = [
  { scheme: "baseline", metric: "median", apCount: 2, sinrDb: 17.8 },
  { scheme: "baseline", metric: "median", apCount: 12, sinrDb: 8.3 },
  { scheme: "baseline", metric: "outage10", apCount: 2, sinrDb: 11.2 },
  { scheme: "baseline", metric: "outage10", apCount: 12, sinrDb: 2.6 },
  { scheme: "lstm-dt", metric: "median", apCount: 2, sinrDb: 19.2 },
  { scheme: "lstm-dt", metric: "median", apCount: 12, sinrDb: 9.6 },
  { scheme: "genai-dt", metric: "median", apCount: 2, sinrDb: 22.1 },
  { scheme: "genai-dt", metric: "median", apCount: 12, sinrDb: 16.3 },
  { scheme: "genai-dt", metric: "outage10", apCount: 2, sinrDb: 15.8 },
  { scheme: "genai-dt", metric: "outage10", apCount: 12, sinrDb: 10.2 },
];

/** Result of {@link runDensitySweep}. */
export interface DensitySweep {
  readonly config: DensitySweepConfig;
  readonly seedRows: DensitySeedRow[];
  readonly summary: DensitySummaryRow[];
}

function validate(config: DensitySweepConfig): void {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config must be an object, got ${config}`);
  }
  if (!config.apCounts.length) throw new RangeError("config.apCounts must not be empty");
  for (const a of config.apCounts) assertInteger("config.apCounts[i]", a, { min: 1, max: 16 });
  if (!config.seeds.length) throw new RangeError("config.seeds must not be empty");
  assertInteger("config.ueCount", config.ueCount, { min: 1 });
  assertInteger("config.firstSlot", config.firstSlot, { min: 1 });
  assertInteger("config.slotCount", config.slotCount, { min: config.firstSlot + 1 });
}

/**
 * Runs the sweep: for every AP count and seed, one episode and every scheme.
 *
 * @param config see {@link densitySweepConfig}.
 * @param options `schemes` (default {@link densitySchemes}), `extraSchemes` (learned
 *   predictors), `onProgress(stage, done, total)`.
 *
 * @example
 * ```ts ignore
 * const sweep = await runDensitySweep(densitySweepConfig("ci"));
 * console.table(sweep.summary);
 * ```
 */
export async function runDensitySweep(
  config: DensitySweepConfig,
  options: {
    schemes?: SchemeFactory;
    extraSchemes?: SchemeFactory;
    onProgress?: (stage: string, done: number, total: number) => void;
  } = {},
): Promise<DensitySweep> {
  validate(config);
  const base = await loadNamedScene(config.sceneName);
  const makeSchemes = options.schemes ?? densitySchemes({ horizon: config.horizon });
  const seedRows: DensitySeedRow[] = [];
  const total = config.apCounts.length * config.seeds.length;
  let done = 0;
  for (const apCount of config.apCounts) {
    const scene = withCeilingGridAccessPoints(base, apCount);
    for (const seed of config.seeds) {
      const episode = simulateEpisode(scene, {
        slotCount: config.slotCount,
        ueCount: config.ueCount,
        maxReflectionOrder: config.maxReflectionOrder,
      }, seed);
      const schemes = [...makeSchemes(episode), ...(options.extraSchemes?.(episode) ?? [])];
      const result = await runControlLoop(episode, schemes, { firstSlot: config.firstSlot });
      for (const trace of result.traces) {
        let maxLoad = 0;
        const count = new Int32Array(apCount);
        for (let i = 0; i < result.slots.length; i++) {
          count.fill(0);
          for (let u = 0; u < episode.ueCount; u++) {
            count[trace.servingAp[i * episode.ueCount + u]]++;
          }
          for (const c of count) maxLoad = Math.max(maxLoad, c);
        }
        seedRows.push({
          apCount,
          uesPerAp: config.ueCount / apCount,
          seed,
          scheme: trace.scheme,
          medianSinrDb: percentile(trace.sinrDb, 0.5),
          outage10SinrDb: percentile(trace.sinrDb, 0.1),
          maxUesPerAp: maxLoad,
        });
      }
      options.onProgress?.("density sweep", ++done, total);
    }
  }
  return { config, seedRows, summary: summarizeDensity(seedRows) };
}

/** Spread over seeds per `(A, scheme, metric)`, in the rows' order. */
export function summarizeDensity(rows: readonly DensitySeedRow[]): DensitySummaryRow[] {
  const groups = new Map<string, DensitySeedRow[]>();
  for (const r of rows) {
    const key = `${r.apCount}|${r.scheme}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const out: DensitySummaryRow[] = [];
  for (const g of groups.values()) {
    const { apCount, uesPerAp, scheme } = g[0];
    out.push({
      apCount,
      uesPerAp,
      scheme,
      metric: "median",
      ...spread(g.map((r) => r.medianSinrDb)),
    });
    out.push({
      apCount,
      uesPerAp,
      scheme,
      metric: "outage10",
      ...spread(g.map((r) => r.outage10SinrDb)),
    });
  }
  return out;
}

const METRIC_LABEL = { median: "median SINR", outage10: "10 %-outage SINR" } as const;

/**
 * Fig. 3c: median and 10 %-outage SINR vs number of APs, per scheme: line = median over
 * seeds, band = range over seeds; hollow diamonds = the paper's endpoint values.
 */
export function densityFigure(sweep: DensitySweep, options: { title?: string } = {}): Figure {
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

/** Writes Fig. 3c (SVG + PNG) and its tables (CSV + JSON) under `outDir`. */
export async function saveDensitySweep(
  sweep: DensitySweep,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const written: string[] = [];
  const provenance = { ...options.provenance, config: sweep.config };
  const { svgPath, pngPath } = await saveFigure(
    densityFigure(sweep),
    joinPath(outDir, "fig3c_density_sweep"),
    { metadata: provenance },
  );
  written.push(svgPath, pngPath);
  const tables: Record<string, readonly object[]> = {
    "density_sweep_seeds": sweep.seedRows,
    "density_sweep_summary": sweep.summary,
    "density_sweep_paper": PAPER_DENSITY_ENDPOINTS,
  };
  for (const [name, rows] of Object.entries(tables)) {
    written.push(...await writeTable(rows, joinPath(outDir, name), { provenance }));
  }
  return written;
}
