/**
 * The UAV non-terrestrial-network scenario of the second system (issue 15): open ground
 * with a few box buildings, one UAV base station on a circular flight path at a fixed
 * altitude over a square service area, ground users in clusters walking random
 * waypoints, and a traffic process (a time-varying set of active users, each with its
 * own demand). Everything is a pure function of the config and a seeded generator.
 *
 * Why not a scene file: `lib/scene` describes the inside of one room (walls and a
 * ceiling that always reflect); an open-sky outdoor scene cannot be expressed without
 * invasive changes there, so the outdoor geometry (line of sight, ground reflection,
 * building blockage) lives in this module and `propagation.ts` (docs/model.md).
 *
 * Units: metres, seconds, Hz, dBm, Mbit/s. Coordinates: `x, y` on the ground in
 * `[0, areaM]`, `z` up (ground at `z = 0`).
 *
 * @example
 * ```ts
 * import { createRng } from "../core/mod.ts";
 * import { createNtnScene, ntnScenarioConfig, uavPosition } from "./scenario.ts";
 * const scene = createNtnScene(ntnScenarioConfig(), createRng(1));
 * console.log(uavPosition(scene.config, 0)[2]); // 100
 * ```
 *
 * @module
 */
import {
  assertFiniteNumber,
  assertInteger,
  assertNonNegative,
  assertPositive,
  type Rng,
  type Vec3,
} from "../core/mod.ts";
import type { ArraySpec, Box } from "../scene/mod.ts";
import { type Ntn38811Environment, NTN_38811_ENVIRONMENTS } from "./tr38811.ts";

/** Settings of the UAV scenario. */
export interface NtnScenarioConfig {
  /** Side of the square service area, m (paper: 400 m). */
  readonly areaM: number;
  /** Carrier frequency, Hz (paper: 26 GHz). */
  readonly carrierHz: number;
  /** Bandwidth, Hz. */
  readonly bandwidthHz: number;
  /** Receiver noise figure of the ground users, dB. */
  readonly noiseFigureDb: number;
  /** The UAV's UPA (paper: 8 x 8), facing the ground. */
  readonly array: ArraySpec;
  /** UAV altitude above ground, m (paper: 100 m); must exceed every building. */
  readonly uavAltitudeM: number;
  /** Radius of the circular flight path around the area's centre, m. */
  readonly orbitRadiusM: number;
  /** UAV ground speed, m/s. */
  readonly uavSpeedMps: number;
  /** Number of box buildings. */
  readonly buildingCount: number;
  /** Building heights are drawn uniformly in this range, m. */
  readonly buildingHeightM: readonly [number, number];
  /** Building footprint sides are drawn uniformly in this range, m. */
  readonly buildingSideM: readonly [number, number];
  /**
   * TR 38.811 environment whose Ka-band clutter loss caps the knife-edge loss behind a
   * building (the energy of the paths this model does not trace).
   */
  readonly clutterEnvironment: Ntn38811Environment;
  /** Explicit buildings (replace the random ones when given). */
  readonly buildings?: readonly Box[];
  /** Ground-user clusters (hotspots). */
  readonly clusterCount: number;
  /** Radius of a cluster, m. */
  readonly clusterRadiusM: number;
  /** Ground users `K`. */
  readonly ueCount: number;
  /** Height of a user's antenna, m. */
  readonly ueHeightM: number;
  /** Walking speed, m/s (paper: 1 m/s, 38.901 pedestrian). */
  readonly ueSpeedMps: number;
  /** Probability that a user is active, mean over the mission. */
  readonly activityMean: number;
  /** Relative swing of the activity over the mission (0: constant load). */
  readonly activitySwing: number;
  /** Probability per traffic interval that a user keeps its on/off state. */
  readonly activityPersistence: number;
  /** Demand of an active user, drawn uniformly in this range when it turns on, Mbit/s. */
  readonly demandMbps: readonly [number, number];
  /** Uplink pilot power of a user, dBm. */
  readonly pilotPowerDbm: number;
  /** Pilot symbols per estimate (processing gain of the pilot). */
  readonly pilotLength: number;
  /** Standard deviation of a user's reported (GNSS) position per axis, m. */
  readonly positionNoiseM: number;
}

/** The defaults (sources and departures: docs/model.md, "Energy-aware power control"). */
export const NTN_SCENARIO_DEFAULTS: NtnScenarioConfig = Object.freeze({
  areaM: 400,
  carrierHz: 26e9,
  bandwidthHz: 400e6,
  noiseFigureDb: 7,
  array: Object.freeze({ horizontal: 8, vertical: 8, spacingWavelengths: 0.5 }),
  uavAltitudeM: 100,
  orbitRadiusM: 120,
  uavSpeedMps: 5,
  buildingCount: 12,
  buildingHeightM: Object.freeze([15, 40] as const),
  buildingSideM: Object.freeze([20, 45] as const),
  clutterEnvironment: "suburban",
  clusterCount: 4,
  clusterRadiusM: 40,
  ueCount: 24,
  ueHeightM: 1.5,
  ueSpeedMps: 1,
  activityMean: 0.5,
  activitySwing: 0.6,
  activityPersistence: 0.8,
  demandMbps: Object.freeze([10, 60] as const),
  pilotPowerDbm: 23,
  pilotLength: 256,
  positionNoiseM: 1.5,
}) as NtnScenarioConfig;

/** The defaults with `overrides`. */
export function ntnScenarioConfig(overrides: Partial<NtnScenarioConfig> = {}): NtnScenarioConfig {
  return { ...NTN_SCENARIO_DEFAULTS, ...overrides };
}

function assertRange(name: string, r: readonly [number, number], min = 0): void {
  if (!Array.isArray(r) || r.length !== 2) throw new TypeError(`${name} must be [low, high]`);
  assertFiniteNumber(`${name}[0]`, r[0]);
  assertFiniteNumber(`${name}[1]`, r[1]);
  if (r[0] < min || r[1] < r[0]) {
    throw new RangeError(`${name} must satisfy ${min} <= low <= high, got [${r[0]}, ${r[1]}]`);
  }
}

/** Highest building top of the config, m (the explicit list, else the height range's top). */
export function highestBuildingM(config: NtnScenarioConfig): number {
  if (config.buildings !== undefined) {
    return config.buildings.reduce((m, b) => Math.max(m, b.max[2]), 0);
  }
  return config.buildingCount > 0 ? config.buildingHeightM[1] : 0;
}

/**
 * Throws a `RangeError` naming the field for an invalid config: non-positive sizes,
 * speeds or counts, ranges out of order, probabilities outside `[0, 1]`, and a UAV
 * altitude not above the highest building (`uavAltitudeM`).
 */
export function validateNtnScenario(config: NtnScenarioConfig): void {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config must be an object, got ${config}`);
  }
  assertPositive("config.areaM", config.areaM);
  assertPositive("config.carrierHz", config.carrierHz);
  assertPositive("config.bandwidthHz", config.bandwidthHz);
  assertFiniteNumber("config.noiseFigureDb", config.noiseFigureDb);
  assertInteger("config.array.horizontal", config.array.horizontal, { min: 1 });
  assertInteger("config.array.vertical", config.array.vertical, { min: 1 });
  assertPositive("config.array.spacingWavelengths", config.array.spacingWavelengths);
  assertPositive("config.uavAltitudeM", config.uavAltitudeM);
  assertNonNegative("config.orbitRadiusM", config.orbitRadiusM);
  if (config.orbitRadiusM > config.areaM / 2) {
    throw new RangeError(
      `config.orbitRadiusM must be <= areaM / 2 (${
        config.areaM / 2
      } m), got ${config.orbitRadiusM}`,
    );
  }
  assertNonNegative("config.uavSpeedMps", config.uavSpeedMps);
  assertInteger("config.buildingCount", config.buildingCount, { min: 0 });
  assertRange("config.buildingHeightM", config.buildingHeightM);
  assertRange("config.buildingSideM", config.buildingSideM);
  if (config.buildingSideM[0] <= 0) throw new RangeError("config.buildingSideM must be > 0");
  if (!NTN_38811_ENVIRONMENTS.includes(config.clutterEnvironment)) {
    throw new RangeError(
      `config.clutterEnvironment must be one of ${NTN_38811_ENVIRONMENTS.join(", ")}, ` +
        `got ${config.clutterEnvironment}`,
    );
  }
  assertInteger("config.clusterCount", config.clusterCount, { min: 1 });
  assertPositive("config.clusterRadiusM", config.clusterRadiusM);
  assertInteger("config.ueCount", config.ueCount, { min: 1 });
  assertPositive("config.ueHeightM", config.ueHeightM);
  assertPositive("config.ueSpeedMps", config.ueSpeedMps);
  for (const name of ["activityMean", "activitySwing", "activityPersistence"] as const) {
    assertFiniteNumber(`config.${name}`, config[name]);
    if (config[name] < 0 || config[name] > 1) {
      throw new RangeError(`config.${name} must be in [0, 1], got ${config[name]}`);
    }
  }
  assertRange("config.demandMbps", config.demandMbps);
  assertFiniteNumber("config.pilotPowerDbm", config.pilotPowerDbm);
  assertInteger("config.pilotLength", config.pilotLength, { min: 1 });
  assertNonNegative("config.positionNoiseM", config.positionNoiseM);
  const top = highestBuildingM(config);
  if (!(config.uavAltitudeM > top)) {
    throw new RangeError(
      `config.uavAltitudeM (${config.uavAltitudeM} m) must be above the highest building ` +
        `(${top} m)`,
    );
  }
  if (!(config.ueHeightM < config.uavAltitudeM)) {
    throw new RangeError(`config.ueHeightM must be below config.uavAltitudeM`);
  }
}

/** A ground-user cluster: a disc on the ground. */
export interface Cluster {
  readonly center: readonly [number, number];
  readonly radiusM: number;
}

/** The static part of the scenario: buildings and clusters. */
export interface NtnScene {
  readonly config: NtnScenarioConfig;
  readonly buildings: readonly Box[];
  readonly clusters: readonly Cluster[];
}

function discHitsBox(c: Cluster, b: Box, pad: number): boolean {
  const dx = Math.max(b.min[0] - c.center[0], 0, c.center[0] - b.max[0]);
  const dy = Math.max(b.min[1] - c.center[1], 0, c.center[1] - b.max[1]);
  return dx * dx + dy * dy < (c.radiusM + pad) ** 2;
}

/**
 * Draws the clusters (centres inside the area, at least one radius from its edge) and
 * the buildings (in a ring just outside a random cluster's disc, so that they shadow
 * its users; never inside a disc, not overlapping each other) from
 * `rng.stream("ntn-clusters")` / `"ntn-buildings"`. Validates the config first.
 */
export function createNtnScene(config: NtnScenarioConfig, rng: Rng): NtnScene {
  validateNtnScenario(config);
  const a = config.areaM;
  const cr = rng.stream("ntn-clusters");
  const clusters: Cluster[] = [];
  const margin = Math.min(config.clusterRadiusM + 10, a / 2);
  for (let i = 0; i < config.clusterCount; i++) {
    let best: Cluster | null = null, bestGap = -Infinity;
    for (let tryN = 0; tryN < 30; tryN++) {
      const c: Cluster = {
        center: [cr.uniformIn(margin, a - margin), cr.uniformIn(margin, a - margin)],
        radiusM: config.clusterRadiusM,
      };
      const gap = clusters.reduce(
        (m, o) => Math.min(m, Math.hypot(o.center[0] - c.center[0], o.center[1] - c.center[1])),
        Infinity,
      );
      if (gap > bestGap) {
        best = c;
        bestGap = gap;
      }
      if (gap > 2.2 * config.clusterRadiusM) break;
    }
    clusters.push(best!);
  }
  let buildings: Box[];
  if (config.buildings !== undefined) {
    buildings = config.buildings.map((b) => ({ min: b.min, max: b.max }));
  } else {
    const br = rng.stream("ntn-buildings");
    buildings = [];
    for (let tryN = 0; tryN < 400 && buildings.length < config.buildingCount; tryN++) {
      const sx = br.uniformIn(config.buildingSideM[0], config.buildingSideM[1]);
      const sy = br.uniformIn(config.buildingSideM[0], config.buildingSideM[1]);
      const h = br.uniformIn(config.buildingHeightM[0], config.buildingHeightM[1]);
      // Around a random cluster, just outside its disc: buildings that shadow users.
      const cl = clusters[br.integer(clusters.length)];
      const ring = cl.radiusM + Math.max(sx, sy) / 2 + br.uniformIn(3, 40);
      const ang = 2 * Math.PI * br.uniform();
      const x = Math.min(a - sx, Math.max(0, cl.center[0] + ring * Math.cos(ang) - sx / 2));
      const y = Math.min(a - sy, Math.max(0, cl.center[1] + ring * Math.sin(ang) - sy / 2));
      const b: Box = { min: [x, y, 0], max: [x + sx, y + sy, h] };
      if (clusters.some((c) => discHitsBox(c, b, 3))) continue;
      const overlaps = buildings.some((o) =>
        o.min[0] < b.max[0] + 5 && b.min[0] < o.max[0] + 5 &&
        o.min[1] < b.max[1] + 5 && b.min[1] < o.max[1] + 5
      );
      if (overlaps) continue;
      buildings.push(b);
    }
  }
  return { config, buildings, clusters };
}

/** UAV position at mission time `tS` (s): the circular flight path at constant altitude. */
export function uavPosition(config: NtnScenarioConfig, tS: number, phaseRad = 0): Vec3 {
  const c = config.areaM / 2;
  const r = config.orbitRadiusM;
  const w = r > 0 ? config.uavSpeedMps / r : 0;
  const phi = phaseRad + w * tS;
  return [c + r * Math.cos(phi), c + r * Math.sin(phi), config.uavAltitudeM];
}

/** A user's walk: piecewise-linear legs between random waypoints of its cluster. */
export interface UserTrack {
  /** Cluster index. */
  readonly cluster: number;
  /** Position at time `tS` (s), m, `z = ueHeightM`. */
  position(tS: number): Vec3;
}

/**
 * Random-waypoint walks, one per user, covering `[0, durationS]`: user k belongs to
 * cluster `k mod clusterCount`, starts at a uniform point of its disc, and walks at
 * `ueSpeedMps` to uniform waypoints of the disc (no pause). Draws from
 * `rng.stream("ntn-ue-<k>")`.
 */
export function createUserTracks(scene: NtnScene, durationS: number, rng: Rng): UserTrack[] {
  assertNonNegative("durationS", durationS);
  const { config } = scene;
  const tracks: UserTrack[] = [];
  for (let k = 0; k < config.ueCount; k++) {
    const r = rng.stream(`ntn-ue-${k}`);
    const ci = k % scene.clusters.length;
    const cl = scene.clusters[ci];
    const draw = (): [number, number] => {
      const rad = cl.radiusM * Math.sqrt(r.uniform());
      const ang = 2 * Math.PI * r.uniform();
      return [cl.center[0] + rad * Math.cos(ang), cl.center[1] + rad * Math.sin(ang)];
    };
    const times: number[] = [0];
    const points: [number, number][] = [draw()];
    while (times[times.length - 1] <= durationS) {
      const p = points[points.length - 1];
      const q = draw();
      const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
      times.push(times[times.length - 1] + Math.max(len, 1e-6) / config.ueSpeedMps);
      points.push(q);
    }
    const h = config.ueHeightM;
    tracks.push({
      cluster: ci,
      position(tS: number): Vec3 {
        if (tS <= 0) return [points[0][0], points[0][1], h];
        let lo = 0, hi = times.length - 1;
        if (tS >= times[hi]) return [points[hi][0], points[hi][1], h];
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (times[mid] <= tS) lo = mid;
          else hi = mid;
        }
        const w = (tS - times[lo]) / (times[hi] - times[lo]);
        const p = points[lo], q = points[hi];
        return [p[0] + w * (q[0] - p[0]), p[1] + w * (q[1] - p[1]), h];
      },
    });
  }
  return tracks;
}

/** Traffic per interval: who is active, and with what demand. */
export interface Traffic {
  /** `active[i][k]`: user k active in interval i. */
  readonly active: readonly (readonly boolean[])[];
  /** `demandMbps[i][k]`: demand of user k in interval i (0 when inactive), Mbit/s. */
  readonly demandMbps: readonly (readonly number[])[];
  /** Activation probability of each interval (the load profile). */
  readonly activity: readonly number[];
}

/**
 * The traffic process over `intervals` intervals: the activation probability follows
 * one period of a sine over the mission, `activityMean (1 + activitySwing sin(2 pi i /
 * intervals))` clipped to `[0, 1]`; each user keeps its on/off state with probability
 * `activityPersistence`, else redraws it from the interval's probability; a user that
 * turns on draws its demand uniformly in `demandMbps`. Draws from
 * `rng.stream("ntn-traffic")`.
 */
export function createTraffic(config: NtnScenarioConfig, intervals: number, rng: Rng): Traffic {
  assertInteger("intervals", intervals, { min: 1 });
  const r = rng.stream("ntn-traffic");
  const K = config.ueCount;
  const active: boolean[][] = [];
  const demand: number[][] = [];
  const activity: number[] = [];
  let prev = new Array<boolean>(K).fill(false);
  let prevDemand = new Array<number>(K).fill(0);
  for (let i = 0; i < intervals; i++) {
    const p = Math.min(
      1,
      Math.max(
        0,
        config.activityMean * (1 + config.activitySwing * Math.sin(2 * Math.PI * i / intervals)),
      ),
    );
    activity.push(p);
    const on: boolean[] = [];
    const d: number[] = [];
    for (let k = 0; k < K; k++) {
      const keep = i > 0 && r.bernoulli(config.activityPersistence);
      const a = keep ? prev[k] : r.bernoulli(p);
      on.push(a);
      const fresh = a && !(keep && prev[k]);
      d.push(
        !a ? 0 : fresh ? r.uniformIn(config.demandMbps[0], config.demandMbps[1]) : prevDemand[k],
      );
    }
    active.push(on);
    demand.push(d);
    prev = on;
    prevDemand = d;
  }
  return { active, demandMbps: demand, activity };
}
