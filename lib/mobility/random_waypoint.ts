/**
 * Random waypoint mobility on a walkable floor.
 *
 * A walker picks a destination (uniform over the walkable floor, or from a sampler such
 * as a hotspot disc), a speed `v ~ U(minSpeed, maxSpeed)`, and walks there along
 * straight legs; on arrival it pauses for an exponential time (mean `meanPauseS`), then
 * picks the next destination. Legs never cross an obstacle's keep-out box: the direct
 * leg is used if clear, otherwise a two-leg route via a random walkable point that
 * sees both ends (this finds the doorways of the office's glass partitions); if no
 * route is found in a bounded number of draws, a new destination is drawn, and after
 * `maxDestinationAttempts` failures the walker pauses and tries again later.
 *
 * @module
 */
import { assertInteger, assertNonNegative, assertPositive, type Rng } from "../core/mod.ts";
import type { FloorPoint, WalkableArea } from "./walkable.ts";

/** Options of {@link createRandomWaypointWalker}. */
export interface RandomWaypointOptions {
  /** Lowest leg speed, m/s; default 0.3 (avoids the speed decay of v_min = 0). */
  readonly minSpeedMPerS?: number;
  /** Highest leg speed, m/s; default 1. */
  readonly maxSpeedMPerS?: number;
  /** Mean of the exponential pause at each destination, s; default 2. */
  readonly meanPauseS?: number;
  /** Start point; default a uniform walkable point. */
  readonly start?: FloorPoint;
  /** Destinations tried before pausing again; default 32. */
  readonly maxDestinationAttempts?: number;
  /** Intermediate points tried per blocked direct leg; default 24. */
  readonly maxViaAttempts?: number;
}

/** Draws a destination; `null` when it has none to offer. */
export type DestinationSampler = (rng: Rng) => FloorPoint | null;

/** A walker's state, advanced by {@link RandomWaypointWalker.step}. */
export interface RandomWaypointWalker {
  /** Current floor position `[x, y]`, m (updated in place). */
  readonly position: Float64Array;
  /** Current velocity `[vx, vy]`, m/s (zero while paused). */
  readonly velocity: Float64Array;
  /** Unit heading of the last leg `[hx, hy]` (kept while paused). */
  readonly heading: Float64Array;
  /** Whether the walker is pausing. */
  readonly paused: boolean;
  /** Advances the walker by `dtS` seconds. */
  step(dtS: number): void;
  /**
   * Replaces the destination sampler (`null`: uniform walkable floor again) and, with
   * `immediate` (default true), abandons the current leg or pause to head for a new
   * destination now.
   */
  redirect(sampler: DestinationSampler | null, options?: { immediate?: boolean }): void;
}

/**
 * Creates a random waypoint walker.
 *
 * @param area the walkable floor.
 * @param rng this walker's own stream (e.g. `rng.stream("ue-walk-3")`).
 *
 * @example
 * ```ts
 * import { createRng } from "../core/mod.ts";
 * import { loadNamedScene } from "../scene/mod.ts";
 * import { createRandomWaypointWalker, createWalkableArea } from "./mod.ts";
 * const area = createWalkableArea(await loadNamedScene("office"));
 * const walker = createRandomWaypointWalker(area, createRng(3).stream("ue-0"));
 * for (let s = 0; s < 100; s++) walker.step(0.01);
 * if (!area.isWalkable(walker.position[0], walker.position[1])) throw new Error("off floor");
 * ```
 */
export function createRandomWaypointWalker(
  area: WalkableArea,
  rng: Rng,
  options: RandomWaypointOptions = {},
): RandomWaypointWalker {
  const settings = resolveWalkerSettings(options);
  const start = options.start ?? area.sample(rng);
  if (!area.isWalkable(start[0], start[1])) {
    throw new RangeError(`options.start (${start[0]}, ${start[1]}) is not walkable`);
  }
  const ctx: WalkerContext = { area, rng, settings };
  const state: WalkerState = {
    position: new Float64Array(start),
    velocity: new Float64Array(2),
    heading: new Float64Array([1, 0]),
    sampler: null,
    route: [],
    speed: 0,
    pauseS: 0,
    paused: false,
    moved: false,
  };
  startLeg(state, ctx);
  return {
    position: state.position,
    velocity: state.velocity,
    heading: state.heading,
    get paused() {
      return state.paused;
    },
    step: (dtS) => stepWalker(state, ctx, dtS),
    redirect(next, opts = {}) {
      state.sampler = next;
      if (opts.immediate ?? true) startLeg(state, ctx);
    },
  };
}

/** {@link RandomWaypointOptions} checked, with defaults (speeds m/s, pause s). */
interface WalkerSettings {
  readonly minSpeedMPerS: number;
  readonly maxSpeedMPerS: number;
  readonly meanPauseS: number;
  readonly maxDestinationAttempts: number;
  readonly maxViaAttempts: number;
}

/** What a walker reads but never changes: its floor, stream and settings. */
interface WalkerContext {
  readonly area: WalkableArea;
  readonly rng: Rng;
  readonly settings: WalkerSettings;
}

/** A walker's mutable state. */
interface WalkerState {
  /** Floor position `[x, y]`, m. */
  readonly position: Float64Array;
  /** Velocity `[vx, vy]`, m/s. */
  readonly velocity: Float64Array;
  /** Unit heading of the last leg `[hx, hy]`. */
  readonly heading: Float64Array;
  /** Destination sampler; null for the uniform walkable floor. */
  sampler: DestinationSampler | null;
  /** Remaining waypoints of the current route, m. */
  route: FloorPoint[];
  /** Speed of the current leg, m/s. */
  speed: number;
  /** Pause time left, s. */
  pauseS: number;
  paused: boolean;
  /** Whether the walker moved in the current step (set by {@link walkLeg}). */
  moved: boolean;
}

/** Checks the options (in this order) and fills in the defaults. */
function resolveWalkerSettings(options: RandomWaypointOptions): WalkerSettings {
  const {
    minSpeedMPerS = 0.3,
    maxSpeedMPerS = 1,
    meanPauseS = 2,
    maxDestinationAttempts = 32,
    maxViaAttempts = 24,
  } = options;
  assertPositive("options.minSpeedMPerS", minSpeedMPerS);
  assertPositive("options.maxSpeedMPerS", maxSpeedMPerS);
  if (minSpeedMPerS > maxSpeedMPerS) {
    throw new RangeError(
      `options.minSpeedMPerS (${minSpeedMPerS}) must be <= maxSpeedMPerS (${maxSpeedMPerS})`,
    );
  }
  assertPositive("options.meanPauseS", meanPauseS);
  assertInteger("options.maxDestinationAttempts", maxDestinationAttempts, { min: 1 });
  assertInteger("options.maxViaAttempts", maxViaAttempts, { min: 0 });
  return { minSpeedMPerS, maxSpeedMPerS, meanPauseS, maxDestinationAttempts, maxViaAttempts };
}

/**
 * A clear route from the current position to a new destination (direct, or via one
 * intermediate walkable point), m; null if none was found within the attempt limits.
 */
function planRoute(state: WalkerState, ctx: WalkerContext): FloorPoint[] | null {
  const { area, rng, settings } = ctx;
  const { position, sampler } = state;
  const here: FloorPoint = [position[0], position[1]];
  for (let a = 0; a < settings.maxDestinationAttempts; a++) {
    const dest = sampler ? sampler(rng) : area.sample(rng);
    if (dest === null) continue;
    if (area.isLegClear(here, dest)) return [dest];
    for (let v = 0; v < settings.maxViaAttempts; v++) {
      const via = area.sample(rng);
      if (area.isLegClear(here, via) && area.isLegClear(via, dest)) return [via, dest];
    }
  }
  return null;
}

/** Heads for a new destination at a new speed, or pauses if no route was found. */
function startLeg(state: WalkerState, ctx: WalkerContext): void {
  const { rng, settings } = ctx;
  const route = planRoute(state, ctx);
  if (route !== null) {
    state.route = route;
    state.speed = rng.uniformIn(settings.minSpeedMPerS, settings.maxSpeedMPerS);
    state.paused = false;
  } else {
    state.route = [];
    state.pauseS = rng.exponential(settings.meanPauseS);
    state.paused = true;
  }
}

/** Spends up to `leftS` seconds pausing (starting a leg when the pause ends); returns the time left, s. */
function pauseFor(state: WalkerState, ctx: WalkerContext, leftS: number): number {
  if (state.pauseS > leftS) {
    state.pauseS -= leftS;
    return 0;
  }
  const left = leftS - state.pauseS;
  state.pauseS = 0;
  startLeg(state, ctx);
  return left;
}

/**
 * Walks up to `leftS` seconds towards the next waypoint (pausing on arriving at the
 * destination); sets `state.moved` and returns the time left, s.
 */
function walkLeg(state: WalkerState, ctx: WalkerContext, leftS: number): number {
  const { position, heading, route, speed } = state;
  const target = route[0];
  const dx = target[0] - position[0];
  const dy = target[1] - position[1];
  const dist = Math.hypot(dx, dy);
  const reach = speed * leftS;
  if (dist > 1e-12) {
    heading[0] = dx / dist;
    heading[1] = dy / dist;
  }
  if (reach < dist) {
    position[0] += heading[0] * reach;
    position[1] += heading[1] * reach;
    state.moved = true;
    return 0;
  }
  position[0] = target[0];
  position[1] = target[1];
  state.moved = dist > 0;
  route.shift();
  if (route.length === 0) {
    state.paused = true;
    state.pauseS = ctx.rng.exponential(ctx.settings.meanPauseS);
  }
  return leftS - dist / speed;
}

/** Advances the walker by `dtS` seconds and sets its velocity, m/s. */
function stepWalker(state: WalkerState, ctx: WalkerContext, dtS: number): void {
  assertNonNegative("dtS", dtS);
  let left = dtS;
  state.moved = false;
  // A bounded number of state changes per step (arrive, pause ends, ...).
  for (let guard = 0; guard < 8 && left > 0; guard++) {
    left = state.paused ? pauseFor(state, ctx, left) : walkLeg(state, ctx, left);
  }
  const v = state.moved && !state.paused ? state.speed : 0;
  state.velocity[0] = state.heading[0] * v;
  state.velocity[1] = state.heading[1] * v;
}
