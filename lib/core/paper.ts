/**
 * Every number the paper states, in one place: its setup (Table I), the horizon and the
 * number of generated trajectories, and the values it reports (Fig. 3a-3c, Fig. 4, the
 * latency and payload). Code that needs one of them imports it from here; nothing else
 * types a paper number.
 *
 * These are targets and settings, never results: a figure or table shows them beside
 * ours as reference marks, and no output of ours is computed from them.
 *
 * Paper: "GenAI-Enhanced Digital Twins for Predictive Interference Management in
 * Ultra-Dense Networks", Section IV and Table I.
 *
 * @module
 */

/** The paper's four schemes (Section IV.A), by the ids our scheme registry uses for them. */
export type PaperSchemeId = "baseline" | "lstm-dt" | "genai-dt" | "oracle";

/** The paper's label for each of its schemes, as printed in its figures. */
export const PAPER_SCHEME_LABELS: Readonly<Record<PaperSchemeId, string>> = Object.freeze({
  "baseline": "Baseline",
  "lstm-dt": "LSTM DT",
  "genai-dt": "GenAI-DT",
  "oracle": "Oracle",
});

/** Prediction horizon T, slots (Table I: "20 / 5 slots (50 ms)"). */
export const PAPER_HORIZON_SLOTS = 5;

/** Monte Carlo trajectories M the cGAN draws per decision (Table I). */
export const PAPER_TRAJECTORY_COUNT = 20;

/** Past CSI snapshots tau the predictors see (Section III.A). */
export const PAPER_HISTORY_SLOTS = 10;

/** Synchronization period / slot, ms (Table I). */
export const PAPER_SLOT_MS = 10;

/** Table I, the simulation setup. */
export const PAPER_SETUP = Object.freeze({
  roomMeters: Object.freeze([20, 15, 3] as const),
  carrierGhz: 73,
  bandwidthMhz: 400,
  upaRows: 8,
  upaCols: 8,
  txPowerDbm: 23,
  noiseFigureDb: 9,
  maxReflections: 5,
  apCount: 3,
  ueCount: 30,
  uesPerAp: 10,
  episodeSlots: 1000,
  maxSpeedMps: 1,
  latentDim: 128,
  batchSize: 64,
  cganEpochs: 500,
  gradientPenaltyWeight: 10,
  criticStepsPerGeneratorStep: 5,
  lstmHiddenUnits: 256,
  lstmLayers: 2,
  lstmLearningRate: 2e-4,
  lstmEpochs: 800,
  datasetSlots: 50_000,
  densityApCounts: Object.freeze([2, 12] as const),
  /** Network-wide blockage probability per slot ("p < 0.05"). */
  blockageProbabilityPerSlot: 0.05,
  /** Hotspot size, UEs, within `hotspotRadiusMeters`, in 10-15 % of traces. */
  hotspotUes: Object.freeze([8, 12] as const),
  hotspotRadiusMeters: 4,
  hotspotTraceShare: Object.freeze([0.1, 0.15] as const),
});

/** A value the paper reports: a range `[low, high]` (equal for a single value) and its print. */
export interface PaperValue {
  readonly low: number;
  readonly high: number;
  /** As printed in the paper, e.g. "5-8", "~140", "2.8-4.1 (GPU)". */
  readonly text: string;
}

function value(low: number, high = low, text?: string): PaperValue {
  return Object.freeze({ low, high, text: text ?? (low === high ? `${low}` : `${low}-${high}`) });
}

/**
 * The reported results (Section IV.B-C), per scheme where the paper gives one. A scheme
 * absent from a record has no value in the paper.
 */
export const PAPER_RESULTS = Object.freeze({
  /** Fig. 3a: median SINR gain over the baseline under rare events, dB. */
  rareMedianGainDb: Object.freeze({
    "genai-dt": value(5, 8),
    "lstm-dt": value(2, 4),
  }) as Readonly<Partial<Record<PaperSchemeId, PaperValue>>>,
  /** Fig. 3a: GenAI-DT's share of the oracle gap closed in the low-SINR tail, %. */
  gapClosureOutageSinrPct: Object.freeze({ "genai-dt": value(60, 70) }) as Readonly<
    Partial<Record<PaperSchemeId, PaperValue>>
  >,
  /** Fig. 3b: median packet-loss reduction over the baseline under rare events, %. */
  rarePlrReductionPct: Object.freeze({ "genai-dt": value(60, 70) }) as Readonly<
    Partial<Record<PaperSchemeId, PaperValue>>
  >,
  /** Fig. 3b: probability that the packet-loss rate exceeds 5 % under rare events, %. */
  rareProbabilityPlrAbove5Pct: Object.freeze({
    "baseline": value(20),
    "lstm-dt": value(15),
    "genai-dt": value(7),
  }) as Readonly<Partial<Record<PaperSchemeId, PaperValue>>>,
  /** Fig. 3b: GenAI-DT's share of the oracle gap closed in P(PLR > 5 %), %. */
  gapClosurePlrAbove5Pct: Object.freeze({ "genai-dt": value(75, 85) }) as Readonly<
    Partial<Record<PaperSchemeId, PaperValue>>
  >,
  /** Fig. 4: recovery time after a blockage at t = 250 ms, ms ("≈ 140", "~ 90", "≈ 40"). */
  recoveryMs: Object.freeze({
    "baseline": value(140, 140, "~140"),
    "lstm-dt": value(90, 90, "~90"),
    "genai-dt": value(40, 40, "~40"),
  }) as Readonly<Partial<Record<PaperSchemeId, PaperValue>>>,
  /** Fig. 4: instantaneous SINR drop at the blockage, dB. */
  blockageDropDb: Object.freeze({ "genai-dt": value(8) }) as Readonly<
    Partial<Record<PaperSchemeId, PaperValue>>
  >,
  /** Section IV.C: decision latency per slot (predict + WC-ZF) on a cloud GPU, ms. */
  decisionLatencyMs: Object.freeze({ "genai-dt": value(2.8, 4.1, "2.8-4.1 (GPU)") }) as Readonly<
    Partial<Record<PaperSchemeId, PaperValue>>
  >,
  /** Table I: control payload per slot, kB. */
  payloadKb: value(2.1),
  /** The blockage time of Fig. 4, ms. */
  recoveryBlockageAtMs: 250,
});

/** One endpoint of Fig. 3c: a scheme's median or 10 %-outage SINR at A = 2 or 12 APs. */
export interface PaperDensityEndpoint {
  readonly scheme: PaperSchemeId;
  readonly metric: "median" | "outage10";
  readonly apCount: number;
  readonly sinrDb: number;
}

/** The endpoint values of Fig. 3c that the text states, dB. */
export const PAPER_DENSITY_ENDPOINTS: readonly PaperDensityEndpoint[] = Object.freeze(
  [
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
  ] as const,
);

/**
 * The second system of the same authors ("Towards Intelligent Wireless Networks: The
 * Synergy of Generative AI and Digital Twins", Section IV, Fig. 3d): total power per
 * scheme in the UAV NTN case study. Targets, never our values. The paper does not say
 * whether "total power" is radiated or supply power; "cGAN only" has no number, only
 * "higher savings" than reactive DT and less than reactive DT + cGAN.
 */
export const PAPER_UAV_POWER = Object.freeze({
  /** Setup (Section IV.A). */
  carrierGhz: 26,
  uavAltitudeM: 100,
  serviceAreaM: 400,
  upaRows: 8,
  upaCols: 8,
  ueSpeedMps: 1,
  /** Reactive MRT at full power (the baseline), W. */
  fullPowerW: 36.57,
  /** Proactive DT + cGAN, W. */
  proactiveW: 11.27,
  /** Energy saving over the baseline per scheme, %. */
  savingPct: Object.freeze({
    "reactive-dt": 13.2,
    "reactive-dt-cgan": 28.7,
    "proactive-dt-cgan": 69.2,
  }) as Readonly<Record<string, number>>,
  /** cGAN only: between reactive DT and reactive DT + cGAN (no number), %. */
  cganOnlySavingRangePct: Object.freeze([13.2, 28.7] as const),
});
