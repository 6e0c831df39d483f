/**
 * The density sweep (paper Fig. 3c): `A = 2..12` APs on a regular ceiling grid of the
 * office, `K = 30` UEs, short rare-event episodes per `(A, seed)`, every scheme through
 * the control loop; median and 10 %-outage SINR (all UE-slots) per scheme vs `A`, with
 * the spread over seeds and the paper's endpoint values as reference markers.
 *
 * The paper claims `K_b ~ 10 << N_t` "throughout"; with `K = 30` the mean load per AP is
 * `K / A` (15 at A = 2, 2.5 at A = 12), so that cannot hold for every A (docs/model.md,
 * "Density sweep"): the rows carry `uesPerAp = K / A`.
 *
 * @module
 */
import { loadStudyScene } from "../scene_source.ts";
import { assertInteger } from "../../core/mod.ts";
import { percentile } from "../../metrics/mod.ts";
import { simulateEpisode } from "../../mobility/mod.ts";
import { withCeilingGridAccessPoints } from "../../scene/mod.ts";
import { runControlLoop } from "../../twin/mod.ts";
import { densitySchemes, type SchemeFactory } from "../scheme_sets.ts";
import { type Spread, spread } from "../spread.ts";
import type { DensityStudyConfig } from "./config.ts";

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

/** Result of {@link runDensityStudy}. */
export interface DensityStudy {
  readonly config: DensityStudyConfig;
  readonly seedRows: DensitySeedRow[];
  readonly summary: DensitySummaryRow[];
}

function validate(config: DensityStudyConfig): void {
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

/** Options of {@link runDensityStudy} and {@link runDensityUnit}. */
export interface DensityStudyOptions {
  schemes?: SchemeFactory;
  extraSchemes?: SchemeFactory;
  onProgress?: (stage: string, done: number, total: number) => void;
}

/**
 * One `(A, seed)` of the sweep (the per-seed work of {@link runDensityStudy}): one
 * episode, every scheme; returns its rows, one per scheme.
 *
 * @param config see `densityStudyConfig`.
 * @param apCount one of `config.apCounts`.
 * @param seed one of `config.seeds`.
 */
export async function runDensityUnit(
  config: DensityStudyConfig,
  apCount: number,
  seed: number,
  options: DensityStudyOptions = {},
): Promise<DensitySeedRow[]> {
  validate(config);
  if (!config.apCounts.includes(apCount) || !config.seeds.includes(seed)) {
    throw new RangeError(`(A = ${apCount}, seed ${seed}) is not a unit of the config`);
  }
  const scene = withCeilingGridAccessPoints(await loadStudyScene(config), apCount);
  const makeSchemes = options.schemes ?? densitySchemes({ horizon: config.horizon });
  const seedRows: DensitySeedRow[] = [];
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
  return seedRows;
}

/**
 * The study from its units' rows (each `(A, seed)` in config order: A outer, seed
 * inner). Pure.
 */
export function poolDensityStudy(
  config: DensityStudyConfig,
  units: readonly (readonly DensitySeedRow[])[],
): DensityStudy {
  const seedRows = units.flat();
  return { config, seedRows, summary: summarizeDensity(seedRows) };
}

/**
 * Runs the sweep: for every AP count and seed, one episode and every scheme
 * ({@link runDensityUnit} each, then {@link poolDensityStudy}).
 *
 * @param config see `densityStudyConfig`.
 * @param options `schemes` (default `densitySchemes`), `extraSchemes` (learned
 *   predictors), `onProgress(stage, done, total)`.
 *
 * @example
 * ```ts ignore
 * const study = await runDensityStudy(densityStudyConfig("ci"));
 * console.table(study.summary);
 * ```
 */
export async function runDensityStudy(
  config: DensityStudyConfig,
  options: DensityStudyOptions = {},
): Promise<DensityStudy> {
  validate(config);
  const units: DensitySeedRow[][] = [];
  const total = config.apCounts.length * config.seeds.length;
  for (const apCount of config.apCounts) {
    for (const seed of config.seeds) {
      units.push(await runDensityUnit(config, apCount, seed, options));
      options.onProgress?.("density sweep", units.length, total);
    }
  }
  return poolDensityStudy(config, units);
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
