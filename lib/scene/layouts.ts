/**
 * Access-point layouts for density sweeps.
 *
 * @module
 */
import { assertFiniteNumber, assertInteger } from "../core/mod.ts";
import type { AccessPoint, Scene } from "./types.ts";

/** Largest AP count {@link withCeilingGridAccessPoints} accepts. */
export const MAX_GRID_ACCESS_POINTS = 16;
/** Default distance of grid APs below the ceiling, m. */
export const DEFAULT_CEILING_OFFSET_M = 0.1;

/** Options of {@link withCeilingGridAccessPoints}. */
export interface CeilingGridOptions {
  /** AP height, m; default `ceiling - 0.1`. Must be strictly inside the room. */
  readonly heightM?: number;
}

/**
 * The grid shape `{ rows, cols }` (`rows` along y, `cols` along x, `rows * cols =
 * count`) whose aspect `cols / rows` is closest, in log ratio, to the room's
 * `x / y` aspect. Ties go to more columns. Prime counts give a single row.
 *
 * @example
 * ```ts
 * import { ceilingGridShape } from "./layouts.ts";
 * const { rows, cols } = ceilingGridShape(12, [20, 15, 3]); // 3 x 4
 * if (rows !== 3 || cols !== 4) throw new Error("bad grid");
 * ```
 */
export function ceilingGridShape(
  count: number,
  roomSizeM: readonly [number, number, number],
): { rows: number; cols: number } {
  assertInteger("count", count, { min: 1, max: MAX_GRID_ACCESS_POINTS });
  const target = Math.log(roomSizeM[0] / roomSizeM[1]);
  let best = { rows: 1, cols: count };
  let bestScore = Infinity;
  for (let cols = count; cols >= 1; cols--) {
    if (count % cols !== 0) continue;
    const rows = count / cols;
    const score = Math.abs(Math.log(cols / rows) - target);
    if (score < bestScore - 1e-12) {
      bestScore = score;
      best = { rows, cols };
    }
  }
  return best;
}

/**
 * A copy of `scene` whose access points are replaced by `count` APs on a regular
 * ceiling grid: the grid shape from {@link ceilingGridShape}, each AP at the centre of
 * its cell (`x = (i + 1/2) L_x / cols`, `y = (j + 1/2) L_y / rows`), at `heightM`
 * (default ceiling - 0.1 m). Orientation, array and transmit power are copied from the
 * scene's first AP. Ids `ap1..apN`, row-major from the (x = 0, y = 0) corner: x varies
 * fastest. Everything else (objects, zones, name, ...) is shared with the input.
 * An AP may end up inside furniture or a partition; the office layout keeps cabinets
 * below 2.9 m, so ceiling APs are always clear there.
 *
 * @param scene a validated scene with at least one AP.
 * @param count number of APs, integer in `[1, 16]`.
 * @param options `heightM`.
 * @returns the new scene.
 *
 * @example
 * ```ts
 * import { withCeilingGridAccessPoints } from "./layouts.ts";
 * import { parseScene } from "./parse.ts";
 * import office from "../../data/scenes/office.json" with { type: "json" };
 * const dense = withCeilingGridAccessPoints(parseScene(office), 6);
 * if (dense.accessPoints.length !== 6 || dense.accessPoints[5].id !== "ap6") throw new Error("bad");
 * ```
 */
export function withCeilingGridAccessPoints(
  scene: Scene,
  count: number,
  options: CeilingGridOptions = {},
): Scene {
  if (typeof scene !== "object" || scene === null || !Array.isArray(scene.accessPoints)) {
    throw new TypeError("scene must be a validated Scene");
  }
  if (scene.accessPoints.length === 0) {
    throw new RangeError("scene.accessPoints must contain at least one AP to copy from");
  }
  assertInteger("count", count, { min: 1, max: MAX_GRID_ACCESS_POINTS });
  const [lx, ly, lz] = scene.room.size;
  const heightM = options.heightM ?? lz - DEFAULT_CEILING_OFFSET_M;
  assertFiniteNumber("options.heightM", heightM);
  if (!(heightM > 0 && heightM < lz)) {
    throw new RangeError(`options.heightM must be inside the room (0, ${lz}), got ${heightM}`);
  }
  const template = scene.accessPoints[0];
  const { rows, cols } = ceilingGridShape(count, scene.room.size);
  const accessPoints: AccessPoint[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      accessPoints.push({
        id: `ap${accessPoints.length + 1}`,
        position: [((i + 0.5) * lx) / cols, ((j + 0.5) * ly) / rows, heightM],
        boresight: template.boresight,
        horizontalAxis: template.horizontalAxis,
        array: template.array,
        txPowerDbm: template.txPowerDbm,
      });
    }
  }
  return { ...scene, accessPoints };
}
