/**
 * Rare events: injected blockages and hotspots (docs/model.md, "Mobility and blockage").
 *
 * - Injected blockage: network-wide, one Bernoulli(p) draw per slot (p = 0.05: one event
 *   per 200 ms on average). An event picks a UE uniformly and spawns a walker that
 *   crosses that UE's line of sight to its serving AP: it starts `sideOffsetM` (1 m) to
 *   one side (random) of the link's horizontal projection, walks perpendicular to it at
 *   `v ~ U(0.8, 1.2)` m/s for `2 sideOffsetM`, and disappears. It crosses the link near
 *   the UE, `d ~ U(0.5, 1.5)` m from the UE towards the AP, capped at 35 % of the
 *   horizontal AP-UE distance: a ceiling AP's direct ray is below head height only in
 *   that stretch (at 35 %, 1.0 m + 0.35 x 1.9 m = 1.67 m < 1.7 m). It aims at where the
 *   UE will be when the walker reaches the link (current velocity extrapolated).
 * - Hotspot: per episode with probability `hotspotProbability`, at a slot drawn
 *   uniformly in the first 30 % of the episode, the 8-12 UEs nearest a uniform walkable
 *   centre head for uniform points of the walkable part of a 4 m disc around it and
 *   keep wandering inside it for `U(5, 10)` s (clipped at the episode's end), then
 *   resume ordinary random waypoints.
 *
 * @module
 */
import { assertInteger, assertNonNegative, PAPER_SETUP, type Rng, type Vec3 } from "../core/mod.ts";
import type { FloorPoint, WalkableArea } from "./walkable.ts";

/** Default threshold of the `blocked` label: body loss on the serving AP's direct ray, dB. */
export const BLOCKED_THRESHOLD_DB = 3;

/** A walker injected to cross a link: straight line, constant velocity. */
export interface InjectedWalker {
  /** UE whose link it crosses. */
  readonly ue: number;
  /** Spawn time, s. */
  readonly startS: number;
  /** Lifetime, s. */
  readonly durationS: number;
  /** Start floor point, m. */
  readonly start: FloorPoint;
  /** Velocity `[vx, vy]`, m/s. */
  readonly velocity: FloorPoint;
}

/** Options of {@link planInjectedBlockage}. */
export interface InjectedBlockageOptions {
  /** Walker speed range, m/s; default [0.8, 1.2]. */
  readonly speedMPerS?: readonly [number, number];
  /** Distance of the start point from the link, m; default 1. */
  readonly sideOffsetM?: number;
  /** Range of the crossing point's distance from the UE towards the AP, m; default [0.5, 1.5]. */
  readonly crossingDistanceM?: readonly [number, number];
  /** Largest crossing distance as a fraction of the horizontal AP-UE distance; default 0.35. */
  readonly maxCrossingFraction?: number;
}

/**
 * Plans one injected blockage across the link from `link.apPositionM` to the UE.
 *
 * @param link the UE (index, position, floor velocity), its serving AP, and the time now.
 * @param rng the blockage stream.
 *
 * @example
 * ```ts
 * import { createRng } from "../core/mod.ts";
 * import { planInjectedBlockage } from "./rare_events.ts";
 * const w = planInjectedBlockage(
 *   { ue: 0, uePositionM: [5, 5, 1], ueVelocity: [0, 0], apPositionM: [10, 5, 2.9], timeS: 0 },
 *   createRng(1).stream("blockage"),
 * );
 * if (Math.abs(w.velocity[0]) > 1e-12) throw new Error("walks perpendicular to the x-aligned link");
 * ```
 */
export function planInjectedBlockage(
  link: {
    ue: number;
    uePositionM: Vec3;
    ueVelocity: ArrayLike<number>;
    apPositionM: Vec3;
    timeS: number;
  },
  rng: Rng,
  options: InjectedBlockageOptions = {},
): InjectedWalker {
  const {
    speedMPerS = [0.8, 1.2],
    sideOffsetM = 1,
    crossingDistanceM = [0.5, 1.5],
    maxCrossingFraction = 0.35,
  } = options;
  assertNonNegative("link.timeS", link.timeS);
  assertNonNegative("options.sideOffsetM", sideOffsetM);
  const speed = rng.uniformIn(speedMPerS[0], speedMPerS[1]);
  const reachS = sideOffsetM / speed;
  // Where the UE will be when the walker reaches the link.
  const ux = link.uePositionM[0] + link.ueVelocity[0] * reachS;
  const uy = link.uePositionM[1] + link.ueVelocity[1] * reachS;
  let dx = link.apPositionM[0] - ux;
  let dy = link.apPositionM[1] - uy;
  const horizontal = Math.hypot(dx, dy);
  if (horizontal < 1e-9) {
    dx = 1;
    dy = 0;
  } else {
    dx /= horizontal;
    dy /= horizontal;
  }
  const wanted = rng.uniformIn(crossingDistanceM[0], crossingDistanceM[1]);
  const d = Math.min(wanted, maxCrossingFraction * horizontal);
  const cx = ux + dx * d;
  const cy = uy + dy * d;
  const side = rng.bernoulli(0.5) ? 1 : -1;
  // Perpendicular unit (-dy, dx) times side: start there, walk the other way.
  const px = -dy * side;
  const py = dx * side;
  return {
    ue: link.ue,
    startS: link.timeS,
    durationS: (2 * sideOffsetM) / speed,
    start: [cx + px * sideOffsetM, cy + py * sideOffsetM],
    velocity: [-px * speed, -py * speed],
  };
}

/** Floor position of an injected walker at time `timeS`, or null outside its lifetime. */
export function injectedWalkerPosition(walker: InjectedWalker, timeS: number): FloorPoint | null {
  const t = timeS - walker.startS;
  if (t < 0 || t > walker.durationS) return null;
  return [walker.start[0] + walker.velocity[0] * t, walker.start[1] + walker.velocity[1] * t];
}

/** A hotspot of one episode. */
export interface HotspotPlan {
  /** First slot of the hotspot. */
  readonly startSlot: number;
  /** Slot after the last one (exclusive). */
  readonly endSlot: number;
  /** Centre, m (a walkable point). */
  readonly centre: FloorPoint;
  readonly radiusM: number;
  /** Number of member UEs (the nearest to the centre at `startSlot`). */
  readonly size: number;
}

/** Options of {@link planHotspot}. */
export interface HotspotOptions {
  /** Slots in the episode. */
  readonly slotCount: number;
  /** Slot duration, s. */
  readonly slotDurationS: number;
  /** UEs in the episode (the group size is capped at it). */
  readonly ueCount: number;
  /** Probability that the episode has a hotspot; default 0.125. */
  readonly probability?: number;
  /** Group size range (inclusive); default [8, 12]. */
  readonly size?: readonly [number, number];
  /** Disc radius, m; default 4. */
  readonly radiusM?: number;
  /** Duration range, s; default [5, 10]. */
  readonly durationS?: readonly [number, number];
  /** Start slot range as a fraction of the episode; default [0, 0.3]. */
  readonly startFraction?: readonly [number, number];
}

/**
 * Decides whether an episode has a hotspot, and if so when, where and how large.
 * Always draws the same number of variates from `rng` up to the Bernoulli draw, so the
 * rest of the plan does not shift other draws.
 *
 * @example
 * ```ts
 * import { createRng } from "../core/mod.ts";
 * import { loadNamedScene } from "../scene/mod.ts";
 * import { createWalkableArea, planHotspot } from "./mod.ts";
 * const area = createWalkableArea(await loadNamedScene("office"));
 * const plan = planHotspot(area, createRng(2).stream("hotspot"), {
 *   slotCount: 1000, slotDurationS: 0.01, ueCount: 30, probability: 1,
 * });
 * if (!plan || plan.size < 8 || plan.size > 12) throw new Error("a hotspot of 8-12 UEs");
 * ```
 */
export function planHotspot(
  area: WalkableArea,
  rng: Rng,
  options: HotspotOptions,
): HotspotPlan | null {
  const {
    slotCount,
    slotDurationS,
    ueCount,
    probability = 0.125,
    size = PAPER_SETUP.hotspotUes,
    radiusM = PAPER_SETUP.hotspotRadiusMeters,
    durationS = [5, 10],
    startFraction = [0, 0.3],
  } = options;
  assertInteger("options.slotCount", slotCount, { min: 1 });
  assertInteger("options.ueCount", ueCount, { min: 1 });
  if (!(probability >= 0 && probability <= 1)) {
    throw new RangeError(`options.probability must be in [0, 1], got ${probability}`);
  }
  if (!rng.bernoulli(probability)) return null;
  const startSlot = Math.min(
    slotCount - 1,
    Math.floor(rng.uniformIn(startFraction[0], startFraction[1]) * slotCount),
  );
  const lengthSlots = Math.max(
    1,
    Math.round(rng.uniformIn(durationS[0], durationS[1]) / slotDurationS),
  );
  const n = Math.min(ueCount, size[0] + rng.integer(size[1] - size[0] + 1));
  return {
    startSlot,
    endSlot: Math.min(slotCount, startSlot + lengthSlots),
    centre: area.sample(rng),
    radiusM,
    size: n,
  };
}
