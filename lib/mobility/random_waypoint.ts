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
  const start = options.start ?? area.sample(rng);
  if (!area.isWalkable(start[0], start[1])) {
    throw new RangeError(`options.start (${start[0]}, ${start[1]}) is not walkable`);
  }
  const position = new Float64Array(start);
  const velocity = new Float64Array(2);
  const heading = new Float64Array([1, 0]);
  let sampler: DestinationSampler | null = null;
  let route: FloorPoint[] = [];
  let speed = 0;
  let pauseS = 0;
  let paused = false;

  function planRoute(): boolean {
    const here: FloorPoint = [position[0], position[1]];
    for (let a = 0; a < maxDestinationAttempts; a++) {
      const dest = sampler ? sampler(rng) : area.sample(rng);
      if (dest === null) continue;
      if (area.isLegClear(here, dest)) {
        route = [dest];
        return true;
      }
      for (let v = 0; v < maxViaAttempts; v++) {
        const via = area.sample(rng);
        if (area.isLegClear(here, via) && area.isLegClear(via, dest)) {
          route = [via, dest];
          return true;
        }
      }
    }
    return false;
  }

  function startLeg(): void {
    if (planRoute()) {
      speed = rng.uniformIn(minSpeedMPerS, maxSpeedMPerS);
      paused = false;
    } else {
      route = [];
      pauseS = rng.exponential(meanPauseS);
      paused = true;
    }
  }

  startLeg();

  function step(dtS: number): void {
    assertNonNegative("dtS", dtS);
    let left = dtS;
    let moved = false;
    // A bounded number of state changes per step (arrive, pause ends, ...).
    for (let guard = 0; guard < 8 && left > 0; guard++) {
      if (paused) {
        if (pauseS > left) {
          pauseS -= left;
          left = 0;
          break;
        }
        left -= pauseS;
        pauseS = 0;
        startLeg();
        continue;
      }
      const target = route[0];
      const dx = target[0] - position[0];
      const dy = target[1] - position[1];
      const dist = Math.hypot(dx, dy);
      const reach = speed * left;
      if (dist > 1e-12) {
        heading[0] = dx / dist;
        heading[1] = dy / dist;
      }
      if (reach < dist) {
        position[0] += heading[0] * reach;
        position[1] += heading[1] * reach;
        left = 0;
        moved = true;
        break;
      }
      position[0] = target[0];
      position[1] = target[1];
      left -= dist / speed;
      moved = dist > 0;
      route.shift();
      if (route.length === 0) {
        paused = true;
        pauseS = rng.exponential(meanPauseS);
      }
    }
    const v = moved && !paused ? speed : 0;
    velocity[0] = heading[0] * v;
    velocity[1] = heading[1] * v;
  }

  return {
    position,
    velocity,
    heading,
    get paused() {
      return paused;
    },
    step,
    redirect(next, opts = {}) {
      sampler = next;
      if (opts.immediate ?? true) startLeg();
    },
  };
}
