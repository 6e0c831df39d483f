/**
 * The walkable floor of a scene: the room's floor shrunk by a wall margin, minus the
 * footprints of every object (furniture and partitions) grown by an obstacle margin
 * (about a person's half width). Points are floor positions `[x, y]`; UEs and bodies
 * add their own heights.
 *
 * @module
 */
import { assertNonNegative, type Rng, type Vec3 } from "../core/mod.ts";
import type { Scene } from "../scene/mod.ts";

/** A floor point `[x, y]`, m. */
export type FloorPoint = readonly [number, number];

/** Options of {@link createWalkableArea}. */
export interface WalkableOptions {
  /** Keep-out distance from the room's walls, m; default 0.3. */
  readonly wallMarginM?: number;
  /** Keep-out distance around every object footprint, m; default 0.25. */
  readonly obstacleMarginM?: number;
  /** Attempts of rejection sampling before giving up; default 10 000. */
  readonly maxAttempts?: number;
}

/** Axis-aligned floor rectangle `[xMin, yMin, xMax, yMax]`, m. */
export type FloorRect = readonly [number, number, number, number];

/** The walkable floor of a scene. */
export interface WalkableArea {
  readonly scene: Scene;
  /** Bounds of the walkable region (room minus wall margin). */
  readonly bounds: FloorRect;
  /** Grown footprints of the objects (keep-out rectangles). */
  readonly obstacles: readonly FloorRect[];
  /** Whether a floor point is walkable. */
  isWalkable(x: number, y: number): boolean;
  /** Whether the straight leg from `a` to `b` stays on walkable floor. */
  isLegClear(a: FloorPoint, b: FloorPoint): boolean;
  /** A uniform random walkable point. */
  sample(rng: Rng): FloorPoint;
  /** A uniform random walkable point within `radiusM` of `centre`, or null if none found. */
  sampleInDisc(rng: Rng, disc: { centre: FloorPoint; radiusM: number }): FloorPoint | null;
}

/**
 * Builds the walkable floor of a scene.
 *
 * @example
 * ```ts
 * import { createRng } from "../core/mod.ts";
 * import { loadNamedScene } from "../scene/mod.ts";
 * import { createWalkableArea } from "./walkable.ts";
 * const area = createWalkableArea(await loadNamedScene("office"));
 * const [x, y] = area.sample(createRng(1).stream("start"));
 * if (!area.isWalkable(x, y)) throw new Error("samples are walkable");
 * if (area.isWalkable(2, 4)) throw new Error("(2, 4) is inside desk-1");
 * ```
 */
export function createWalkableArea(scene: Scene, options: WalkableOptions = {}): WalkableArea {
  const { wallMarginM = 0.3, obstacleMarginM = 0.25, maxAttempts = 10_000 } = options;
  assertNonNegative("options.wallMarginM", wallMarginM);
  assertNonNegative("options.obstacleMarginM", obstacleMarginM);
  const [sx, sy] = scene.room.size;
  const bounds: FloorRect = [wallMarginM, wallMarginM, sx - wallMarginM, sy - wallMarginM];
  if (!(bounds[0] < bounds[2] && bounds[1] < bounds[3])) {
    throw new RangeError(`options.wallMarginM ${wallMarginM} leaves no floor in the room`);
  }
  const obstacles: FloorRect[] = scene.objects.map((o) => [
    o.box.min[0] - obstacleMarginM,
    o.box.min[1] - obstacleMarginM,
    o.box.max[0] + obstacleMarginM,
    o.box.max[1] + obstacleMarginM,
  ]);

  function isWalkable(x: number, y: number): boolean {
    if (!(x >= bounds[0] && x <= bounds[2] && y >= bounds[1] && y <= bounds[3])) return false;
    for (const r of obstacles) {
      if (x > r[0] && x < r[2] && y > r[1] && y < r[3]) return false;
    }
    return true;
  }

  function isLegClear(a: FloorPoint, b: FloorPoint): boolean {
    if (!isWalkable(a[0], a[1]) || !isWalkable(b[0], b[1])) return false;
    // The walkable bounds are convex; test the segment against each keep-out box.
    for (const r of obstacles) if (segmentHitsRect(a, b, r)) return false;
    return true;
  }

  function sample(rng: Rng): FloorPoint {
    for (let i = 0; i < maxAttempts; i++) {
      const x = rng.uniformIn(bounds[0], bounds[2]);
      const y = rng.uniformIn(bounds[1], bounds[3]);
      if (isWalkable(x, y)) return [x, y];
    }
    throw new RangeError(`scene ${scene.name}: no walkable point found in ${maxAttempts} draws`);
  }

  function sampleInDisc(
    rng: Rng,
    disc: { centre: FloorPoint; radiusM: number },
  ): FloorPoint | null {
    const { centre, radiusM } = disc;
    assertNonNegative("disc.radiusM", radiusM);
    for (let i = 0; i < 1000; i++) {
      const r = radiusM * Math.sqrt(rng.uniform());
      const phi = 2 * Math.PI * rng.uniform();
      const x = centre[0] + r * Math.cos(phi);
      const y = centre[1] + r * Math.sin(phi);
      if (isWalkable(x, y)) return [x, y];
    }
    return null;
  }

  return { scene, bounds, obstacles, isWalkable, isLegClear, sample, sampleInDisc };
}

/** A floor point lifted to a height: `[x, y, heightM]`. */
export function atHeight(p: FloorPoint, heightM: number): Vec3 {
  return [p[0], p[1], heightM];
}

/** Whether segment a-b meets the open rectangle r (slab method). */
function segmentHitsRect(a: FloorPoint, b: FloorPoint, r: FloorRect): boolean {
  let t0 = 0;
  let t1 = 1;
  for (let axis = 0; axis < 2; axis++) {
    const d = b[axis] - a[axis];
    const lo = r[axis];
    const hi = r[axis + 2];
    if (Math.abs(d) < 1e-15) {
      if (a[axis] <= lo || a[axis] >= hi) return false;
      continue;
    }
    let ta = (lo - a[axis]) / d;
    let tb = (hi - a[axis]) / d;
    if (ta > tb) [ta, tb] = [tb, ta];
    t0 = Math.max(t0, ta);
    t1 = Math.min(t1, tb);
    if (t0 >= t1) return false;
  }
  return true;
}
