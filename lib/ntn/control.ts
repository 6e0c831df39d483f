/**
 * The energy-aware control loop of the UAV case study: the paper's five schemes and
 * the oracle bound, each one a channel predictor behind the twin's one predictor
 * interface (`ChannelPredictor`, lib/channel/predictor.ts) feeding the minimum-power
 * controller of lib/energy.
 *
 * Time: the mission is `intervals` traffic intervals of `intervalS` seconds. Each
 * interval is represented by one burst of `historySlots + controlSlots + delaySlots`
 * slots of `slotS` seconds at its start (the twin's synchronization period); the mean
 * supply power over the burst's controlled slots is charged to the battery for the
 * whole interval. Within a burst every user sends a pilot each slot (MMSE estimate)
 * and a position report (Kalman filter); the set of active users and their demand are
 * those of the interval.
 *
 * Per controlled slot `s` (history up to `s`), the power decided applies to slot
 * `u = s + delaySlots` (feedback and processing delay). Each scheme predicts the
 * full-power SNR of every active user at `u` (the worst over its trajectories), the
 * controller (`proactivePower`) picks the smallest power fraction that keeps
 * target + margin, and the true SNR at `u` with that power is scored against the
 * target. Users that no trajectory lets reach the target even at full power are
 * predicted outages and left out of the decision (admission control; without it one
 * blocked user pins every scheme at full power). Schemes:
 *
 * - `full-power`: full-power MRT, `p = 1` always (the baseline).
 * - `reactive-dt`: the twin's last MMSE estimate held (sample-and-hold).
 * - `cgan-only`: no CSI synchronization. With a generative predictor
 *   (`PowerMissionOptions.generative`): that predictor on the twin's *geometric*
 *   history, i.e. the channel the twin's geometry gives at the user positions of the
 *   Kalman forecast made at the burst's first decision and the planned UAV positions,
 *   every slot (no measured CSI). Without one: the geometric sampler (M position samples
 *   from that forecast's covariance through the same geometry), not a trained cGAN.
 * - `reactive-dt-cgan`: the generative predictor synchronized every slot but used
 *   reactively: its estimate of the current slot `s` (made from history up to `s - 1`)
 *   is taken to hold at `u`.
 * - `proactive-dt-cgan`: the same predictor, looking ahead to `u`.
 * - `cgan-only-geometric`: the geometric sampler (stand-in ablation; equals `cgan-only`
 *   without a generative predictor).
 * - `proactive-dt-residual`: the residual-scenario stand-in
 *   (`createResidualScenarioPredictor`, scenarios around the linear-prediction twin)
 *   looking ahead (ablation; equals `proactive-dt-cgan` without a generative predictor).
 * - `proactive-dt-linear`: its scenario 0 alone, the linear-prediction twin (ablation).
 * - `oracle`: the true channel at `u`, margin 0 (bound).
 *
 * The generative predictor: lib/ntn does not import lib/models (README "Layout"), so
 * `runPowerMission` takes a factory (`PowerMissionOptions.generative`, called fresh per
 * mission with seeded streams of the mission's seed) behind the twin's predictor
 * interface. The power study (lib/experiments/power/generative.ts) passes the shipped
 * GenAI-DT generator (conditional WGAN-GP, per (UE, AP) row, anchored on the linear
 * forecast) where the preset's weights exist: trained on the indoor office, applied
 * zero-shot to this 26 GHz channel (no UAV training set exists). Without a factory (the
 * ci preset ships no weights) the three cGAN schemes fall back to the stand-ins above;
 * `PowerMission.generative` and the labels ({@link powerSchemeLabel}) say which ran.
 *
 * @module
 */
import {
  assertFiniteNumber,
  assertInteger,
  assertNonNegative,
  assertPositive,
  type ComplexMatrix,
  complexMatrix,
  createRng,
  dbmToWatt,
  type Rng,
  type Vec3,
} from "../core/mod.ts";
import {
  type ChannelPredictor,
  type ChannelTrajectories,
  createResidualScenarioPredictor,
  type TwinHistory,
} from "../channel/mod.ts";
import {
  createBattery,
  drain,
  EARTH_MICRO,
  earthInputPowerForFractionW,
  type EarthPowerParameters,
  proactivePower,
} from "../energy/mod.ts";
import {
  createNtnScene,
  createTraffic,
  createUserTracks,
  type NtnScenarioConfig,
  type NtnScene,
  uavPosition,
  validateNtnScenario,
} from "./scenario.ts";
import { isLineOfSight, ntnChannelMatrix, ntnNoisePowerW } from "./propagation.ts";
import { createKalmanCv, type KalmanCv, mmseChannelEstimate } from "./estimation.ts";

/** Rounding tolerance of the QoS test, dB (the oracle meets its target with equality). */
export const QOS_TOLERANCE_DB = 1e-9;

/** Scheme ids, in table order. */
export const POWER_SCHEME_IDS = [
  "full-power",
  "reactive-dt",
  "cgan-only",
  "reactive-dt-cgan",
  "proactive-dt-cgan",
  "cgan-only-geometric",
  "proactive-dt-residual",
  "proactive-dt-linear",
  "oracle",
] as const;
/** One scheme id. */
export type PowerSchemeId = typeof POWER_SCHEME_IDS[number];

/**
 * Legend labels when the cGAN schemes run on the stand-ins (no generative factory: the
 * paper's names, the stand-in named; the two ablation rows then repeat the cGAN rows).
 */
export const POWER_SCHEME_LABELS: Readonly<Record<PowerSchemeId, string>> = Object.freeze({
  "full-power": "Full-power MRT (baseline)",
  "reactive-dt": "Reactive DT",
  "cgan-only": "cGAN only (geometric sampler, no sync)",
  "reactive-dt-cgan": "Reactive DT + cGAN (scenario stand-in)",
  "proactive-dt-cgan": "Proactive DT + cGAN (scenario stand-in)",
  "cgan-only-geometric": "cGAN only, geometric sampler (stand-in ablation)",
  "proactive-dt-residual": "Proactive DT, residual-scenario stand-in (ablation)",
  "proactive-dt-linear": "Proactive DT, linear twin (ablation)",
  "oracle": "Oracle (true future)",
});

/**
 * The legend label of a scheme in a mission whose cGAN schemes used `generative` (the
 * mission's {@link PowerMission.generative}): with a given generative predictor the
 * three cGAN schemes carry its name, else {@link POWER_SCHEME_LABELS}.
 */
export function powerSchemeLabel(
  scheme: PowerSchemeId,
  generative?: Pick<PowerGenerativeInfo, "source" | "name">,
): string {
  if (generative?.source !== "given") return POWER_SCHEME_LABELS[scheme];
  switch (scheme) {
    case "cgan-only":
      return `cGAN only (${generative.name} on the geometric twin, no sync)`;
    case "reactive-dt-cgan":
      return `Reactive DT + cGAN (${generative.name})`;
    case "proactive-dt-cgan":
      return `Proactive DT + cGAN (${generative.name})`;
    default:
      return POWER_SCHEME_LABELS[scheme];
  }
}

/** The schemes whose predictions come from the generative predictor when one is given. */
export const GENERATIVE_POWER_SCHEMES: readonly PowerSchemeId[] = [
  "cgan-only",
  "reactive-dt-cgan",
  "proactive-dt-cgan",
];

/** Which schemes are reactive (act on the present) in the paper's sense. */
export const REACTIVE_POWER_SCHEMES: readonly PowerSchemeId[] = [
  "full-power",
  "reactive-dt",
  "cgan-only",
  "reactive-dt-cgan",
];

/** Settings of one mission. */
export interface PowerRunConfig {
  readonly scenario: NtnScenarioConfig;
  /** EARTH base-station class; `pMaxW` is replaced by `powerBudgetW`. */
  readonly earth: EarthPowerParameters;
  /** Maximum RF output power per transceiver chain, W (> 0): the power budget. */
  readonly powerBudgetW: number;
  /** Battery capacity, Wh (> 0). */
  readonly batteryCapacityWh: number;
  /** QoS floor: the SINR target never goes below it, dB. */
  readonly minTargetDb: number;
  /** Safety margins swept, dB (>= 0); the first entry >= `marginDb` is the headline. */
  readonly marginsDb: readonly number[];
  /** The headline margin of every predicting scheme except the oracle (0), dB. */
  readonly marginDb: number;
  /** Slot length, s. */
  readonly slotS: number;
  /** Length of a traffic interval, s (one burst represents it). */
  readonly intervalS: number;
  /** Traffic intervals of the mission. */
  readonly intervals: number;
  /** Slots of CSI history before the first decision of a burst. */
  readonly historySlots: number;
  /** Decisions per burst. */
  readonly controlSlots: number;
  /** Slots between a decision and the slot it applies to (>= 1). */
  readonly delaySlots: number;
  /** Position samples (M) of the geometric sampler (`cgan-only-geometric`; `cgan-only` without a generative predictor). */
  readonly samplerTrajectories: number;
}

/** Default mission settings (docs/model.md, "Energy-aware power control"). */
export const POWER_RUN_DEFAULTS: Omit<PowerRunConfig, "scenario"> = Object.freeze({
  earth: EARTH_MICRO,
  powerBudgetW: EARTH_MICRO.pMaxW,
  batteryCapacityWh: 274,
  minTargetDb: 0,
  marginsDb: Object.freeze([0, 1, 2, 3, 4, 6]),
  marginDb: 2,
  slotS: 0.02,
  intervalS: 10,
  intervals: 60,
  historySlots: 20,
  controlSlots: 20,
  delaySlots: 2,
  samplerTrajectories: 6,
});

/** Throws a `RangeError` naming the field for an invalid run config. */
export function validatePowerRun(config: PowerRunConfig): void {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config must be an object, got ${config}`);
  }
  validateNtnScenario(config.scenario);
  assertFiniteNumber("config.powerBudgetW", config.powerBudgetW);
  if (!(config.powerBudgetW > 0)) {
    throw new RangeError(`config.powerBudgetW must be > 0 W, got ${config.powerBudgetW}`);
  }
  assertFiniteNumber("config.batteryCapacityWh", config.batteryCapacityWh);
  if (!(config.batteryCapacityWh > 0)) {
    throw new RangeError(
      `config.batteryCapacityWh must be > 0 Wh, got ${config.batteryCapacityWh}`,
    );
  }
  assertFiniteNumber("config.minTargetDb", config.minTargetDb);
  if (!Array.isArray(config.marginsDb) || config.marginsDb.length === 0) {
    throw new RangeError("config.marginsDb must be a non-empty array");
  }
  config.marginsDb.forEach((m, i) => assertNonNegative(`config.marginsDb[${i}]`, m));
  assertNonNegative("config.marginDb", config.marginDb);
  if (!config.marginsDb.includes(config.marginDb)) {
    throw new RangeError(`config.marginDb (${config.marginDb}) must be one of config.marginsDb`);
  }
  assertPositive("config.slotS", config.slotS);
  assertPositive("config.intervalS", config.intervalS);
  assertInteger("config.intervals", config.intervals, { min: 1 });
  assertInteger("config.historySlots", config.historySlots, { min: 17 });
  assertInteger("config.controlSlots", config.controlSlots, { min: 1 });
  assertInteger("config.delaySlots", config.delaySlots, { min: 1 });
  assertInteger("config.samplerTrajectories", config.samplerTrajectories, { min: 1 });
  const burstS = (config.historySlots + config.controlSlots + config.delaySlots) * config.slotS;
  if (burstS > config.intervalS) {
    throw new RangeError(
      `config.intervalS (${config.intervalS} s) must hold one burst (${burstS} s of slots)`,
    );
  }
}

/** Per-interval trace of one scheme at one margin. */
export interface PowerSchemeTrace {
  readonly scheme: PowerSchemeId;
  readonly marginDb: number;
  /** Mean transmit power fraction of `P_max` per interval. */
  readonly powerFraction: number[];
  /** Mean radiated RF power per interval (all TRX), W. */
  readonly rfPowerW: number[];
  /** Mean supply power (EARTH) per interval, W. */
  readonly supplyPowerW: number[];
  /** Battery state of charge at the end of each interval. */
  readonly stateOfCharge: number[];
  /** QoS violations and active samples per interval. */
  readonly violations: number[];
  readonly samples: number[];
}

/** Which generative predictor a mission's cGAN schemes used. */
export interface PowerGenerativeInfo {
  /**
   * `given`: the factory of {@link PowerMissionOptions.generative}; `stand-in`: the
   * residual-scenario predictor (and the geometric sampler for `cgan-only`).
   */
  readonly source: "given" | "stand-in";
  /** Its name in labels (`generativeName`, else the predictor's own `name`). */
  readonly name: string;
  /** What it is and where it comes from (`generativeNote`, else a default). */
  readonly note: string;
  /** Trajectories per prediction (M). */
  readonly trajectories: number;
  /** Whether `cgan-only` used it on the geometric twin (else the geometric sampler). */
  readonly cganOnly: boolean;
}

/**
 * Options of {@link runPowerMission}: what the JSON-like {@link PowerRunConfig} cannot
 * hold. lib/ntn does not import lib/models; the study (lib/experiments/power) passes
 * the trained generator in through the twin's predictor interface.
 */
export interface PowerMissionOptions {
  /**
   * Makes the generative predictor of the cGAN schemes (`reactive-dt-cgan`,
   * `proactive-dt-cgan`, and `cgan-only` on the twin's geometric history), fresh per
   * mission, from a seeded stream of the mission's seed (`ntn-generative`, and
   * `ntn-generative-geometric` for `cgan-only`'s own instance): same seed, same
   * samples. Absent: the residual-scenario stand-in and the geometric sampler.
   */
  readonly generative?: (rng: Rng) => ChannelPredictor;
  /** Name of the generative predictor in labels (default its `name`). */
  readonly generativeName?: string;
  /** What the generative predictor is, or why the stand-in runs (recorded in the mission). */
  readonly generativeNote?: string;
  /**
   * Whether `cgan-only` uses the generative predictor on the twin's geometric history
   * (default true); false keeps the geometric sampler there.
   */
  readonly generativeCganOnly?: boolean;
}

/** Default note of a mission without a generative factory. */
export const STAND_IN_GENERATIVE_NOTE = "residual-scenario stand-in " +
  "(createResidualScenarioPredictor around the linear-prediction twin; cgan-only: " +
  "geometric sampler of Kalman-forecast positions), not a trained cGAN";

/** Result of {@link runPowerMission}. */
export interface PowerMission {
  readonly seed: number;
  /** The generative predictor behind the cGAN schemes. */
  readonly generative: PowerGenerativeInfo;
  readonly traces: PowerSchemeTrace[];
  /** Active users per interval. */
  readonly activeUsers: number[];
  /** SINR target per interval, dB. */
  readonly targetDb: number[];
  /** Largest full-power SNR over every (slot, user) sample of the mission, dB. */
  readonly maxFullPowerSnrDb: number;
  /** Share of scored (slot, user) samples with a geometric line of sight to the UAV. */
  readonly clearShare: number;
  /** Warnings (bad but runnable input). */
  readonly warnings: string[];
}

/** The SINR target of an interval: Shannon for the total demand over the band, floored. */
export function intervalTargetDb(
  demandMbps: readonly number[],
  bandwidthHz: number,
  minTargetDb: number,
): number {
  const total = demandMbps.reduce((s, d) => s + d, 0) * 1e6;
  if (total <= 0) return minTargetDb;
  return Math.max(minTargetDb, 10 * Math.log10(Math.pow(2, total / bandwidthHz) - 1));
}

function rowGains(h: ComplexMatrix): number[] {
  const out: number[] = [];
  for (let k = 0; k < h.rows; k++) {
    let g = 0;
    for (let n = 0; n < h.cols; n++) g += h.re[k * h.cols + n] ** 2 + h.im[k * h.cols + n] ** 2;
    out.push(g);
  }
  return out;
}

/** Matched-filter gain `|h^H w|^2` with `w = h_hat / ||h_hat||`, per row. */
function mrtGains(h: ComplexMatrix, hHat: ComplexMatrix): number[] {
  const out: number[] = [];
  for (let k = 0; k < h.rows; k++) {
    let re = 0, im = 0, n2 = 0;
    for (let n = 0; n < h.cols; n++) {
      const j = k * h.cols + n;
      // h^H row times conj? Rows are h^H already: y = sum_n row[n] w[n], w = conj-free
      // beam matched to the row: w[n] = conj(hHat[n]) / ||hHat||.
      re += h.re[j] * hHat.re[j] + h.im[j] * hHat.im[j];
      im += h.im[j] * hHat.re[j] - h.re[j] * hHat.im[j];
      n2 += hHat.re[j] ** 2 + hHat.im[j] ** 2;
    }
    out.push(n2 > 0 ? (re * re + im * im) / n2 : 0);
  }
  return out;
}

/**
 * Sample-and-hold over the twin history (the same rule as lib/twin's
 * `createHoldPredictor`, kept here so that lib/ntn does not import the indoor control
 * loop and its beamformers).
 */
function createHold(): ChannelPredictor {
  return {
    name: "hold",
    trajectories: 1,
    predict(history, horizon) {
      const last = history.channels(history.syncSlot);
      return [Array.from({ length: horizon }, () => last)];
    },
  };
}

/** One burst of the mission. */
interface Burst {
  times: number[];
  uav: Vec3[];
  truth: ComplexMatrix[];
  estimate: ComplexMatrix[];
}

function burstHistory(b: Burst, syncSlot: number, K: number, nt: number): TwinHistory {
  return {
    syncSlot,
    apCount: 1,
    ueCount: K,
    antennaCount: nt,
    channels(slot: number) {
      if (slot > syncSlot || slot < 0) {
        throw new RangeError(`slot ${slot} is outside the history [0, ${syncSlot}]`);
      }
      return [b.estimate[slot]];
    },
    rareEvent: () => 0,
  };
}

/**
 * The oracle over one burst: the true channels of the next slots, each row scaled to
 * the gain the MRT beam of that slot really collects (its own estimate's beam), so that
 * the oracle's full-power SNR is exactly the one the users get.
 */
function burstOracle(b: Burst): ChannelPredictor {
  const effective = b.truth.map((h, s) => {
    const g = rowGains(h), r = mrtGains(h, b.estimate[s]);
    const out = complexMatrix(h.rows, h.cols);
    for (let k = 0; k < h.rows; k++) {
      const w = g[k] > 0 ? Math.sqrt(r[k] / g[k]) : 0;
      for (let n = 0; n < h.cols; n++) {
        out.re[k * h.cols + n] = w * h.re[k * h.cols + n];
        out.im[k * h.cols + n] = w * h.im[k * h.cols + n];
      }
    }
    return out;
  });
  return {
    name: "oracle",
    trajectories: 1,
    predict(history, horizon) {
      return [
        Array.from({ length: horizon }, (_, t) => [
          effective[Math.min(effective.length - 1, history.syncSlot + 1 + t)],
        ]),
      ];
    },
  };
}

/**
 * The `cgan-only` sampler of one burst: user positions drawn from Kalman forecasts
 * frozen at `frozenSlot`, the planned UAV position, and the twin's geometry; M samples.
 */
function burstSampler(
  scene: NtnScene,
  b: Burst,
  filters: readonly KalmanCv[],
  frozenSlot: number,
  m: number,
  rng: Rng,
): ChannelPredictor {
  const frozen = filters.map((f) => ({ p: f.position(), v: f.velocity(), c: f.covariance() }));
  const h = scene.config.ueHeightM;
  return {
    name: "geometric-sampler",
    trajectories: m,
    predict(history, horizon) {
      const out: ComplexMatrix[][][] = Array.from({ length: m }, () => []);
      for (let t = 0; t < horizon; t++) {
        const slot = Math.min(b.times.length - 1, history.syncSlot + 1 + t);
        const dt = b.times[slot] - b.times[frozenSlot];
        for (let i = 0; i < m; i++) {
          const ues: Vec3[] = frozen.map((f) => {
            const sx = Math.sqrt(Math.max(0, f.c[0] + 2 * dt * f.c[2] + dt * dt * f.c[10]));
            const sy = Math.sqrt(Math.max(0, f.c[5] + 2 * dt * f.c[7] + dt * dt * f.c[15]));
            const ex = i === 0 ? 0 : sx * rng.normal(), ey = i === 0 ? 0 : sy * rng.normal();
            return [f.p[0] + dt * f.v[0] + ex, f.p[1] + dt * f.v[1] + ey, h];
          });
          out[i].push([ntnChannelMatrix(scene, b.uav[slot], ues)]);
        }
      }
      return out;
    },
  };
}

/**
 * The twin's geometric history of one burst, for `cgan-only` on the generative
 * predictor: no CSI at all; every slot's channel is the twin's geometry at the user
 * positions of the Kalman forecast frozen at `frozenSlot` (extrapolated along the
 * estimated velocity, backwards and forwards) and the planned UAV position. Matrices
 * are computed once per slot.
 */
function geometricHistories(
  scene: NtnScene,
  b: Burst,
  filters: readonly KalmanCv[],
  frozenSlot: number,
): (syncSlot: number) => TwinHistory {
  const frozen = filters.map((f) => ({ p: f.position(), v: f.velocity() }));
  const h = scene.config.ueHeightM;
  const cache: ComplexMatrix[] = [];
  const at = (slot: number) => {
    if (cache[slot] === undefined) {
      const dt = b.times[slot] - b.times[frozenSlot];
      const ues: Vec3[] = frozen.map((f) => [f.p[0] + dt * f.v[0], f.p[1] + dt * f.v[1], h]);
      cache[slot] = ntnChannelMatrix(scene, b.uav[slot], ues);
    }
    return cache[slot];
  };
  return (syncSlot) => ({
    syncSlot,
    apCount: 1,
    ueCount: filters.length,
    antennaCount: b.truth[0].cols,
    channels(slot: number) {
      if (slot > syncSlot || slot < 0) {
        throw new RangeError(`slot ${slot} is outside the history [0, ${syncSlot}]`);
      }
      return [at(slot)];
    },
    rareEvent: () => 0,
  });
}

function worstSnrDb(
  traj: ChannelTrajectories,
  slotIndex: number,
  pMaxTotalW: number,
  noiseW: number,
): number[][] {
  return traj.map((m) =>
    rowGains(m[slotIndex][0]).map((g) => 10 * Math.log10((pMaxTotalW * g) / noiseW))
  );
}

/**
 * Runs one mission (one seed): scenario, traffic, bursts, every scheme at every margin.
 *
 * @param config see {@link POWER_RUN_DEFAULTS}.
 * @param seed the mission's seed (scene, walks, traffic, pilots, reports, samplers).
 * @param options the generative predictor of the cGAN schemes (default: the stand-ins).
 */
export async function runPowerMission(
  config: PowerRunConfig,
  seed: number,
  options: PowerMissionOptions = {},
): Promise<PowerMission> {
  validatePowerRun(config);
  if (options.generative !== undefined && typeof options.generative !== "function") {
    throw new TypeError("options.generative must be a function (rng) => ChannelPredictor");
  }
  const rng = createRng(seed);
  const sc = config.scenario;
  const scene = createNtnScene(sc, rng);
  const K = sc.ueCount;
  const nt = sc.array.horizontal * sc.array.vertical;
  const durationS = config.intervals * config.intervalS;
  const tracks = createUserTracks(scene, durationS, rng);
  const traffic = createTraffic(sc, config.intervals, rng);
  const noiseW = ntnNoisePowerW(scene);
  const earth = { ...config.earth, pMaxW: config.powerBudgetW };
  const pMaxTotalW = earth.nTrx * earth.pMaxW;
  const pilot = {
    pilotPowerW: dbmToWatt(sc.pilotPowerDbm),
    pilotLength: sc.pilotLength,
    noisePowerW: noiseW,
  };
  const pilotRng = rng.stream("ntn-pilots");
  const reportRng = rng.stream("ntn-reports");
  const samplerRng = rng.stream("ntn-sampler");
  const orbitPhase = 2 * Math.PI * rng.stream("ntn-orbit").uniform();
  const residual = createResidualScenarioPredictor({ name: "cgan-stand-in" });
  const given = options.generative !== undefined;
  const cganOnlyGiven = given && options.generativeCganOnly !== false;
  // Fresh per mission, latents from the mission's seed.
  const generative = given ? options.generative!(rng.stream("ntn-generative")) : residual;
  const geometricGenerative = cganOnlyGiven
    ? options.generative!(rng.stream("ntn-generative-geometric"))
    : null;
  const generativeInfo: PowerGenerativeInfo = {
    source: given ? "given" : "stand-in",
    name: options.generativeName ?? generative.name,
    note: options.generativeNote ?? (given ? generative.name : STAND_IN_GENERATIVE_NOTE),
    trajectories: generative.trajectories,
    cganOnly: cganOnlyGiven,
  };
  const hold = createHold();
  const filters = tracks.map((tr) => {
    const p = tr.position(0);
    return createKalmanCv({
      position: [p[0], p[1]],
      accelerationStd: 0.5,
      measurementStd: Math.max(sc.positionNoiseM, 1e-3),
    });
  });
  let lastReportS = 0;
  const S = config.historySlots + config.controlSlots + config.delaySlots;
  const D = config.delaySlots;
  const margins = config.marginsDb;
  const traces = new Map<string, PowerSchemeTrace>();
  const key = (s: PowerSchemeId, m: number) => `${s}|${m}`;
  for (const s of POWER_SCHEME_IDS) {
    for (const m of s === "oracle" || s === "full-power" ? [0] : margins) {
      traces.set(key(s, m), {
        scheme: s,
        marginDb: m,
        powerFraction: [],
        rfPowerW: [],
        supplyPowerW: [],
        stateOfCharge: [],
        violations: [],
        samples: [],
      });
    }
  }
  const batteries = new Map(
    [...traces.keys()].map((k) => [k, createBattery(config.batteryCapacityWh)]),
  );
  const activeUsers: number[] = [];
  const targets: number[] = [];
  let maxSnrDb = -Infinity, clear = 0, clearTotal = 0;
  for (let i = 0; i < config.intervals; i++) {
    const t0 = i * config.intervalS;
    const burst: Burst = { times: [], uav: [], truth: [], estimate: [] };
    for (let s = 0; s < S; s++) {
      const t = t0 + s * config.slotS;
      const uav = uavPosition(sc, t, orbitPhase);
      const ues = tracks.map((tr) => tr.position(t));
      const h = ntnChannelMatrix(scene, uav, ues);
      burst.times.push(t);
      burst.uav.push(uav);
      burst.truth.push(h);
      burst.estimate.push(mmseChannelEstimate(h, pilot, pilotRng));
      if (s < config.historySlots) {
        // Position reports reach the twin during the history part of the burst.
        filters.forEach((f, k) => {
          f.predict(t - lastReportS);
          f.update([
            ues[k][0] + sc.positionNoiseM * reportRng.normal(),
            ues[k][1] + sc.positionNoiseM * reportRng.normal(),
          ]);
        });
        lastReportS = t;
      }
    }
    const active = traffic.active[i];
    const targetDb = intervalTargetDb(traffic.demandMbps[i], sc.bandwidthHz, config.minTargetDb);
    activeUsers.push(active.filter((a) => a).length);
    targets.push(targetDb);
    const firstDecision = config.historySlots - 1;
    const sampler = burstSampler(
      scene,
      burst,
      filters,
      firstDecision,
      config.samplerTrajectories,
      samplerRng,
    );
    const geometric = geometricGenerative === null
      ? null
      : geometricHistories(scene, burst, filters, firstDecision);
    const oracle = burstOracle(burst);
    const sums = new Map<string, { p: number; supply: number; viol: number; n: number }>();
    for (const k of traces.keys()) sums.set(k, { p: 0, supply: 0, viol: 0, n: 0 });
    let previous = await generative.predict(burstHistory(burst, firstDecision - 1, K, nt), D);
    for (let j = 0; j < config.controlSlots; j++) {
      const s = firstDecision + j;
      const u = s + D;
      const history = burstHistory(burst, s, K, nt);
      const current = await residual.predict(history, D);
      const generated = given ? await generative.predict(history, D) : current;
      const sampled = worstSnrDb(
        await sampler.predict(burstHistory(burst, s, K, nt), D),
        D - 1,
        pMaxTotalW,
        noiseW,
      );
      const predicted: Record<Exclude<PowerSchemeId, "full-power">, number[][]> = {
        "reactive-dt": worstSnrDb(await hold.predict(history, D), D - 1, pMaxTotalW, noiseW),
        "cgan-only": geometricGenerative === null ? sampled : worstSnrDb(
          await geometricGenerative.predict(geometric!(s), D),
          D - 1,
          pMaxTotalW,
          noiseW,
        ),
        "reactive-dt-cgan": worstSnrDb(previous, 0, pMaxTotalW, noiseW),
        "proactive-dt-cgan": worstSnrDb(generated, D - 1, pMaxTotalW, noiseW),
        "cgan-only-geometric": sampled,
        "proactive-dt-residual": worstSnrDb(current, D - 1, pMaxTotalW, noiseW),
        "proactive-dt-linear": worstSnrDb([current[0]], D - 1, pMaxTotalW, noiseW),
        "oracle": worstSnrDb(await oracle.predict(history, D), D - 1, pMaxTotalW, noiseW),
      };
      previous = generated;
      // What the users actually get at slot u: MRT on that slot's own estimate.
      const gTrue = mrtGains(burst.truth[u], burst.estimate[u]);
      const snrFull = gTrue.map((g) => 10 * Math.log10((pMaxTotalW * g) / noiseW));
      for (let k = 0; k < K; k++) {
        maxSnrDb = Math.max(maxSnrDb, snrFull[k]);
      }
      const anyActive = active.some((a) => a);
      for (const [k, tr] of traces) {
        let p = 1;
        if (tr.scheme !== "full-power") {
          if (!anyActive) p = 0;
          else {
            // Users no trajectory lets reach the target even at full power are
            // predicted outages: left out of the power decision (admission control).
            const rows = predicted[tr.scheme];
            const served = active.map((a, q) => a && rows.some((r) => r[q] >= targetDb));
            p = served.some((a) => a)
              ? proactivePower({
                predictedSinrFullPowerDb: rows,
                targetDb,
                marginDb: tr.marginDb,
                active: served,
              }).powerFraction
              : 0;
          }
        }
        const acc = sums.get(k)!;
        acc.p += p;
        acc.supply += earthInputPowerForFractionW(earth, p);
        for (let q = 0; q < K; q++) {
          if (!active[q]) continue;
          acc.n++;
          const got = p > 0 ? snrFull[q] + 10 * Math.log10(p) : -Infinity;
          if (got < targetDb - QOS_TOLERANCE_DB) acc.viol++;
        }
      }
      for (let q = 0; q < K; q++) {
        clearTotal++;
        if (isLineOfSight(scene.buildings, burst.uav[u], tracks[q].position(burst.times[u]))) {
          clear++;
        }
      }
    }
    for (const [k, tr] of traces) {
      const acc = sums.get(k)!;
      const n = config.controlSlots;
      const meanP = acc.p / n;
      const supply = acc.supply / n;
      tr.powerFraction.push(meanP);
      tr.rfPowerW.push(meanP * pMaxTotalW);
      tr.supplyPowerW.push(supply);
      const d = drain(batteries.get(k)!, supply, config.intervalS);
      batteries.set(k, d.battery);
      tr.stateOfCharge.push(d.battery.stateOfCharge);
      tr.violations.push(acc.viol);
      tr.samples.push(acc.n);
    }
  }
  const warnings: string[] = [];
  const maxTarget = Math.max(...targets);
  if (config.minTargetDb > maxSnrDb) {
    warnings.push(
      `config.minTargetDb (${config.minTargetDb} dB) is above the best full-power SNR of ` +
        `any user in the mission (${maxSnrDb.toFixed(1)} dB): every active sample violates QoS`,
    );
  } else if (maxTarget > maxSnrDb) {
    warnings.push(
      `the SINR target of some intervals (up to ${maxTarget.toFixed(1)} dB) is above the best ` +
        `full-power SNR of any user (${maxSnrDb.toFixed(1)} dB)`,
    );
  }
  return {
    seed,
    generative: generativeInfo,
    traces: [...traces.values()],
    activeUsers,
    targetDb: targets,
    maxFullPowerSnrDb: maxSnrDb,
    clearShare: clearTotal > 0 ? clear / clearTotal : NaN,
    warnings,
  };
}
