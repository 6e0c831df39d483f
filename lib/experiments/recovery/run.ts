/**
 * SINR recovery after a blockage (paper Fig. 4): per seed, a quiet episode (no random
 * blockages, no hotspot; UEs, carriers and background walkers still move) with one
 * blockage forced on a chosen UE, every scheme through the control loop, the UE's SINR
 * trace per scheme, and `T_rec` and the drop depth from `blockageRecovery` (the same
 * definition for every scheme: recovered when the SINR, smoothed over
 * `recoverySmoothingMs` (30 ms), stays within 1 dB of its mean over the 50 ms before
 * the onset for `recoveryHoldMs` (100 ms); "until the end of the trace" would report
 * the last of the ±3-5 dB slot-to-slot dips that stale beams show anyway, and grow with
 * the trace length).
 *
 * Timing: the onset (`t = 250 ms`, slot 25) is `edgeLeadSlots` (5) slots before the
 * walker's leading edge reaches the UE's serving ray, when knife-edge diffraction
 * starts to attenuate it (about 1-2 dB); the shadow then deepens over ~10 slots.
 * The UE of each seed is drawn from the seed's "recovery-ue" stream.
 *
 * @module
 */
import { loadStudyScene } from "../scene_source.ts";
import { assertInteger, createRng } from "../../core/mod.ts";
import { blockageRecovery } from "../../metrics/mod.ts";
import { simulateEpisode } from "../../mobility/mod.ts";
import { runControlLoop } from "../../twin/mod.ts";
import { defaultSchemes, type SchemeFactory } from "../scheme_sets.ts";
import { type Spread, spread } from "../spread.ts";
import type { RecoveryStudyConfig } from "./config.ts";

/** One slot of a UE's trace. */
export interface RecoveryTraceRow {
  seed: number;
  ue: number;
  scheme: string;
  /** Time, ms (slot x 10 ms). */
  timeMs: number;
  sinrDb: number;
  /** SINR minus the pre-blockage level of this scheme, dB. */
  relativeDb: number;
}

/** `T_rec` and depth of one (seed, scheme). */
export interface RecoveryRow {
  seed: number;
  ue: number;
  scheme: string;
  /** `T_rec`, ms (`Infinity`: not recovered within the trace). */
  recoveryMs: number;
  dropDb: number;
  preLevelDb: number;
  /** Peak body loss on the UE's serving ray after the onset, dB (how hard it was hit). */
  peakBodyLossDb: number;
}

/** Spread over seeds per scheme. */
export interface RecoverySummaryRow {
  scheme: string;
  recoveryMs: Spread;
  dropDb: Spread;
  /** Seeds whose SINR recovered within the trace. */
  recovered: number;
  seeds: number;
}

/** Result of {@link runRecoveryStudy}. */
export interface RecoveryStudy {
  readonly config: RecoveryStudyConfig;
  readonly traces: RecoveryTraceRow[];
  readonly recovery: RecoveryRow[];
  readonly summary: RecoverySummaryRow[];
}

/** Options of {@link runRecoveryStudy} and {@link runRecoverySeed}. */
export interface RecoveryStudyOptions {
  schemes?: SchemeFactory;
  extraSchemes?: SchemeFactory;
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** What one seed of the recovery study produces (plain data). */
export interface RecoverySeedResult {
  readonly traces: RecoveryTraceRow[];
  readonly recovery: RecoveryRow[];
}

function validateRecovery(config: RecoveryStudyConfig): void {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config must be an object, got ${config}`);
  }
  assertInteger("config.onsetSlot", config.onsetSlot, { min: config.firstSlot + 1 });
  assertInteger("config.tailSlots", config.tailSlots, { min: 2 });
  if (!config.seeds.length) throw new RangeError("config.seeds must not be empty");
}

/**
 * One forced-blockage episode of one seed, every scheme (the per-seed work of
 * {@link runRecoveryStudy}).
 *
 * @param config see `recoveryStudyConfig`.
 * @param seed one of `config.seeds`.
 */
export async function runRecoverySeed(
  config: RecoveryStudyConfig,
  seed: number,
  options: RecoveryStudyOptions = {},
): Promise<RecoverySeedResult> {
  validateRecovery(config);
  if (!config.seeds.includes(seed)) throw new RangeError(`seed ${seed} is not in config.seeds`);
  const scene = await loadStudyScene(config);
  const makeSchemes = options.schemes ?? defaultSchemes({ horizon: config.horizon });
  const traces: RecoveryTraceRow[] = [];
  const recovery: RecoveryRow[] = [];
  const slotCount = config.onsetSlot + config.tailSlots;
  const ue = createRng(seed).stream("recovery-ue").integer(config.ueCount);
  const episode = simulateEpisode(scene, {
    slotCount,
    ueCount: config.ueCount,
    maxReflectionOrder: config.maxReflectionOrder,
    blockageProbabilityPerSlot: 0,
    hotspotProbability: 0,
    forcedBlockages: [{ slot: config.onsetSlot + config.edgeLeadSlots, ue }],
  }, seed);
  const schemes = [...makeSchemes(episode), ...(options.extraSchemes?.(episode) ?? [])];
  const result = await runControlLoop(episode, schemes, { firstSlot: config.firstSlot });
  const k = episode.ueCount;
  const slotMs = episode.slotDurationS * 1000;
  let peakLoss = 0;
  for (let s = config.onsetSlot; s < slotCount; s++) {
    peakLoss = Math.max(peakLoss, episode.servingBodyLossDb?.[s * k + ue] ?? NaN);
  }
  for (const trace of result.traces) {
    const sinr = Array.from(result.slots, (_, j) => trace.sinrDb[j * k + ue]);
    const r = blockageRecovery(sinr, {
      slotMs,
      onsetIndex: config.onsetSlot - config.firstSlot,
      holdMs: config.recoveryHoldMs,
      smoothingMs: config.recoverySmoothingMs,
    });
    recovery.push({
      seed,
      ue,
      scheme: trace.scheme,
      recoveryMs: r.recoveryMs,
      dropDb: r.dropDb,
      preLevelDb: r.preLevelDb,
      peakBodyLossDb: peakLoss,
    });
    result.slots.forEach((slot, j) =>
      traces.push({
        seed,
        ue,
        scheme: trace.scheme,
        timeMs: slot * slotMs,
        sinrDb: sinr[j],
        relativeDb: sinr[j] - r.preLevelDb,
      })
    );
  }
  return { traces, recovery };
}

/** The study from its per-seed results (in `config.seeds` order). Pure. */
export function poolRecoveryStudy(
  config: RecoveryStudyConfig,
  results: readonly RecoverySeedResult[],
): RecoveryStudy {
  const traces = results.flatMap((r) => r.traces);
  const recovery = results.flatMap((r) => r.recovery);
  return { config, traces, recovery, summary: summarizeRecovery(recovery) };
}

/**
 * Runs the study: one forced-blockage episode per seed, every scheme
 * ({@link runRecoverySeed} each, then {@link poolRecoveryStudy}).
 *
 * @param config see `recoveryStudyConfig`.
 * @param options `schemes` (default: baseline, AR(1), oracle, genie ZF), `extraSchemes`,
 *   `onProgress(stage, done, total)`.
 */
export async function runRecoveryStudy(
  config: RecoveryStudyConfig,
  options: RecoveryStudyOptions = {},
): Promise<RecoveryStudy> {
  validateRecovery(config);
  const results: RecoverySeedResult[] = [];
  for (const [i, seed] of config.seeds.entries()) {
    results.push(await runRecoverySeed(config, seed, options));
    options.onProgress?.("recovery time", i + 1, config.seeds.length);
  }
  return poolRecoveryStudy(config, results);
}

/** Spread over seeds of `T_rec` and the drop depth per scheme. */
export function summarizeRecovery(rows: readonly RecoveryRow[]): RecoverySummaryRow[] {
  const names = [...new Set(rows.map((r) => r.scheme))];
  return names.map((scheme) => {
    const g = rows.filter((r) => r.scheme === scheme);
    return {
      scheme,
      recoveryMs: spread(g.map((r) => r.recoveryMs)),
      dropDb: spread(g.map((r) => r.dropDb)),
      recovered: g.filter((r) => Number.isFinite(r.recoveryMs)).length,
      seeds: g.length,
    };
  });
}
