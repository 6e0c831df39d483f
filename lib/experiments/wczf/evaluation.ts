/**
 * The WC-ZF evaluation behind notebook 03 and the paper's Fig. 3a/3b: rare-event
 * episodes run through the control loop for every scheme, then SINR and packet-loss
 * statistics, oracle-gap closure and timing.
 *
 * Rare-event samples are those of `rareEventMask(episode)` (lib/mobility/labels.ts): a
 * UE blocked while an injected blockage walker targets it, or a hotspot member inside
 * the hotspot disc. Fig. 3a/3b use those samples; the tables also report all samples.
 *
 * @module
 */
import { loadStudyScene } from "../scene_source.ts";
import {
  bler,
  empiricalCdf,
  fractionAbove,
  gapClosure,
  percentile,
  PLR_THRESHOLD,
} from "../../metrics/mod.ts";
import { assertInteger, createRng, PAPER_SETUP } from "../../core/mod.ts";
import {
  DEFAULT_EPISODE_CONFIG,
  FORCED_BLOCKAGE_APPROACH_M,
  type ForcedBlockage,
  rareEventMask,
  simulateEpisode,
} from "../../mobility/mod.ts";
import { runControlLoop } from "../../twin/mod.ts";
import type { WczfStudyConfig } from "./config.ts";
import { defaultSchemes, type SchemeFactory } from "../scheme_sets.ts";
import { closesGap, type SchemeRegistry, SCHEMES } from "../schemes.ts";

/**
 * The forced blockages of one evaluation episode (see
 * {@link WczfStudyConfig.forcedBlockagesPerEpisode}): `n` distinct UEs, onsets at
 * evenly spaced slots between `max(firstSlot + 2, walker approach)` (25 slots with the
 * default walkers) and 10 slots before the end, each
 * jittered by up to +-2 slots, so every event's fade and recovery fall inside the
 * evaluated window.
 *
 * @example
 * ```ts
 * import { forcedEvaluationBlockages } from "./evaluation.ts";
 * const events = forcedEvaluationBlockages(
 *   { firstSlot: 10, slotCount: 50, forcedBlockagesPerEpisode: 3 },
 *   101,
 * );
 * console.log(events.length); // 3
 * ```
 */
export function forcedEvaluationBlockages(
  config: Pick<WczfStudyConfig, "firstSlot" | "slotCount" | "forcedBlockagesPerEpisode">,
  seed: number,
  options: { ueCount?: number } = {},
): ForcedBlockage[] {
  const n = config.forcedBlockagesPerEpisode ?? 0;
  const { ueCount = PAPER_SETUP.ueCount } = options;
  assertInteger("config.forcedBlockagesPerEpisode", n, { min: 0, max: ueCount });
  if (n === 0) return [];
  // A forced walker appears FORCED_BLOCKAGE_APPROACH_M before the link: its onset can
  // be no earlier than the slowest walker's approach time.
  const { blockageWalkerSpeedMPerS, slotDurationS } = DEFAULT_EPISODE_CONFIG;
  const approachSlots = Math.ceil(
    FORCED_BLOCKAGE_APPROACH_M / blockageWalkerSpeedMPerS[0] / slotDurationS,
  );
  const first = Math.max(config.firstSlot + 2, approachSlots), last = config.slotCount - 10;
  if (last < first) {
    throw new RangeError(
      `config.slotCount ${config.slotCount} leaves no room for forced blockages: onsets ` +
        `need slots ${first}..slotCount - 10 (firstSlot ${config.firstSlot}, walker ` +
        `approach ${approachSlots} slots)`,
    );
  }
  const rng = createRng(seed).stream("forced-evaluation");
  const ues = Array.from({ length: ueCount }, (_, i) => i);
  for (let i = ueCount - 1; i > 0; i--) {
    const j = rng.integer(i + 1);
    [ues[i], ues[j]] = [ues[j], ues[i]];
  }
  return Array.from({ length: n }, (_, i) => {
    const centre = n === 1 ? (first + last) / 2 : first + (i * (last - first)) / (n - 1);
    const jitter = rng.integer(5) - 2;
    const slot = Math.min(last, Math.max(first, Math.round(centre) + jitter));
    return { slot, ue: ues[i] };
  });
}

/** Per-scheme samples pooled over episodes. */
export interface SchemeSamples {
  readonly scheme: string;
  /** SINR of every evaluated UE-slot, dB. */
  readonly sinrDb: number[];
  /** SINR of rare-event UE-slots only, dB. */
  readonly rareSinrDb: number[];
  /** Expected packet-loss rate per (episode, UE) over all slots. */
  readonly plr: number[];
  /** Expected packet-loss rate per (episode, UE) over its rare-event slots. */
  readonly rarePlr: number[];
  /** Decision time per slot (prediction + beamforming), ms. */
  readonly stepMs: number[];
  readonly predictMs: number[];
}

/** One row of the summary table. */
export interface SchemeSummary {
  scheme: string;
  medianSinrDb: number;
  outage10SinrDb: number;
  rareMedianSinrDb: number;
  rareOutage10SinrDb: number;
  medianGainOverBaselineDb: number;
  rareMedianGainOverBaselineDb: number;
  probabilityPlrAbove5: number;
  rareProbabilityPlrAbove5: number;
  medianStepMs: number;
  p95StepMs: number;
}

/** Result of {@link runWczfEvaluation}. */
export interface WczfEvaluation {
  readonly config: WczfStudyConfig;
  readonly samples: SchemeSamples[];
  readonly summary: SchemeSummary[];
  /** Oracle-gap closure of each predictive scheme (vs baseline and oracle). */
  readonly gapClosure: { scheme: string; outage10Sinr: number; probabilityPlrAbove5: number }[];
  /** Fraction of UE-slots that were rare-event samples. */
  readonly rareFraction: number;
}

/**
 * Simulates the episodes and runs every scheme through the control loop.
 *
 * @example
 * ```ts ignore
 * const evaluation = await runWczfEvaluation(wczfStudyConfig("ci"));
 * console.table(evaluation.summary);
 * ```
 */
export async function runWczfEvaluation(
  config: WczfStudyConfig,
  options: {
    schemes?: SchemeFactory;
    extraSchemes?: SchemeFactory;
    onProgress?: (stage: string, done: number, total: number) => void;
  } = {},
): Promise<WczfEvaluation> {
  const scene = await loadStudyScene(config);
  const makeSchemes = options.schemes ?? defaultSchemes({ horizon: config.horizon });
  const pooled = new Map<string, SchemeSamples>();
  let rareCount = 0, total = 0;
  for (const [e, seed] of config.episodeSeeds.entries()) {
    const stage = `episode ${e + 1}/${config.episodeSeeds.length}`;
    const forcedBlockages = forcedEvaluationBlockages(config, seed);
    const episode = simulateEpisode(
      scene,
      { ...config.episode, slotCount: config.slotCount, forcedBlockages },
      seed,
      { onProgress: (d, t) => options.onProgress?.(`${stage} simulate`, d, t) },
    );
    const schemes = [...makeSchemes(episode), ...(options.extraSchemes?.(episode) ?? [])];
    const result = await runControlLoop(episode, schemes, {
      firstSlot: config.firstSlot,
      estimationSnrDb: config.estimationSnrDb,
      onProgress: (d, t) => options.onProgress?.(`${stage} control loop`, d, t),
    });
    const k = episode.ueCount;
    const rare = rareEventMask(episode);
    for (const trace of result.traces) {
      let s = pooled.get(trace.scheme);
      if (!s) {
        s = {
          scheme: trace.scheme,
          sinrDb: [],
          rareSinrDb: [],
          plr: [],
          rarePlr: [],
          stepMs: [],
          predictMs: [],
        };
        pooled.set(trace.scheme, s);
      }
      const lossAll = new Float64Array(k), lossRare = new Float64Array(k);
      const rareSlots = new Int32Array(k);
      result.slots.forEach((slot, i) => {
        for (let u = 0; u < k; u++) {
          const v = trace.sinrDb[i * k + u];
          const p = bler(v);
          s!.sinrDb.push(v);
          lossAll[u] += p;
          if (rare[slot * k + u]) {
            s!.rareSinrDb.push(v);
            lossRare[u] += p;
            rareSlots[u]++;
          }
        }
        s!.stepMs.push(trace.predictMs[i] + trace.beamformMs[i]);
        s!.predictMs.push(trace.predictMs[i]);
      });
      for (let u = 0; u < k; u++) {
        s.plr.push(lossAll[u] / result.slots.length);
        if (rareSlots[u] >= config.minRareSlotsPerUe) s.rarePlr.push(lossRare[u] / rareSlots[u]);
      }
    }
    result.slots.forEach((slot) => {
      for (let u = 0; u < k; u++) rareCount += rare[slot * k + u];
    });
    total += result.slots.length * k;
  }
  const samples = [...pooled.values()];
  const { summary, gapClosure: gap } = summarizeSchemeSamples(samples);
  return {
    config,
    samples,
    summary,
    gapClosure: gap,
    rareFraction: total ? rareCount / total : NaN,
  };
}

/**
 * The summary rows and oracle-gap closure of pooled per-scheme samples (what
 * {@link runWczfEvaluation} reports; also used to pool evaluations of several seeds).
 */
export function summarizeSchemeSamples(
  samples: readonly SchemeSamples[],
  options: { registry?: SchemeRegistry } = {},
): { summary: SchemeSummary[]; gapClosure: WczfEvaluation["gapClosure"] } {
  const { registry = SCHEMES } = options;
  const baseline = samples.find((s) => s.scheme === registry.baseline);
  if (!baseline) {
    throw new RangeError(
      `samples: no samples of the baseline "${registry.baseline}" (the registry's reactive ` +
        `scheme), every gain is measured against it; got ${samples.map((s) => s.scheme)}`,
    );
  }
  const med = (x: number[]) => (x.length ? percentile(x, 0.5) : NaN);
  const p10 = (x: number[]) => (x.length ? percentile(x, 0.1) : NaN);
  const summary = samples.map((s) => ({
    scheme: s.scheme,
    medianSinrDb: med(s.sinrDb),
    outage10SinrDb: p10(s.sinrDb),
    rareMedianSinrDb: med(s.rareSinrDb),
    rareOutage10SinrDb: p10(s.rareSinrDb),
    medianGainOverBaselineDb: med(s.sinrDb) - med(baseline.sinrDb),
    rareMedianGainOverBaselineDb: med(s.rareSinrDb) - med(baseline.rareSinrDb),
    probabilityPlrAbove5: fractionAbove(s.plr, { threshold: PLR_THRESHOLD }),
    rareProbabilityPlrAbove5: fractionAbove(s.rarePlr, { threshold: PLR_THRESHOLD }),
    medianStepMs: med(s.stepMs),
    p95StepMs: s.stepMs.length ? percentile(s.stepMs, 0.95) : NaN,
  }));
  const b = summary.find((s) => s.scheme === registry.baseline)!;
  const o = summary.find((s) => s.scheme === registry.oracle);
  const gap = summary
    .filter((s) => closesGap(s.scheme, registry))
    .map((s) => ({
      scheme: s.scheme,
      outage10Sinr: o
        ? gapClosure({
          proposed: s.rareOutage10SinrDb,
          baseline: b.rareOutage10SinrDb,
          oracle: o.rareOutage10SinrDb,
        })
        : NaN,
      probabilityPlrAbove5: o
        ? gapClosure({
          proposed: s.rareProbabilityPlrAbove5,
          baseline: b.rareProbabilityPlrAbove5,
          oracle: o.rareProbabilityPlrAbove5,
        })
        : NaN,
    }));
  return { summary, gapClosure: gap };
}

/** Concatenates the samples of several evaluations scheme by scheme (first-seen order). */
export function mergeSchemeSamples(lists: readonly (readonly SchemeSamples[])[]): SchemeSamples[] {
  const pooled = new Map<string, SchemeSamples>();
  for (const list of lists) {
    for (const s of list) {
      const p = pooled.get(s.scheme);
      if (!p) {
        pooled.set(s.scheme, {
          scheme: s.scheme,
          sinrDb: [...s.sinrDb],
          rareSinrDb: [...s.rareSinrDb],
          plr: [...s.plr],
          rarePlr: [...s.rarePlr],
          stepMs: [...s.stepMs],
          predictMs: [...s.predictMs],
        });
      } else {
        for (
          const key of ["sinrDb", "rareSinrDb", "plr", "rarePlr", "stepMs", "predictMs"] as const
        ) {
          for (const v of s[key]) p[key].push(v);
        }
      }
    }
  }
  return [...pooled.values()];
}

/** Empirical CDF rows of each scheme, thinned to at most `points` rows per scheme. */
export function cdfRows(
  samples: readonly SchemeSamples[],
  options: { field: "sinrDb" | "rareSinrDb" | "plr" | "rarePlr"; points?: number },
): { scheme: string; value: number; p: number }[] {
  const { field, points = 400 } = options;
  return samples.flatMap((s) => {
    const rows = s[field].length ? empiricalCdf(s[field], { scheme: s.scheme }) : [];
    const step = Math.max(1, Math.floor(rows.length / points));
    return rows.filter((_, i) => i % step === 0 || i === rows.length - 1)
      .map((r) => ({ scheme: s.scheme, value: r.value, p: r.p }));
  });
}
