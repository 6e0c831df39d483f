/**
 * Planar faces of a scene, the input of the ray tracer.
 *
 * @module
 */
import type { Box, Face, MaterialName, Scene } from "./types.ts";

/** Tolerance for deciding that a box face lies on a room boundary plane, m. */
export const COPLANAR_TOLERANCE_M = 1e-9;

const AXIS_NAMES = ["x", "y", "z"] as const;

/** The two axes other than `axis`, lower-numbered first: `[u, v]`. */
function otherAxes(axis: 0 | 1 | 2): [0 | 1 | 2, 0 | 1 | 2] {
  return axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
}

function face(
  id: string,
  objectId: string,
  material: MaterialName,
  axis: 0 | 1 | 2,
  coordinate: number,
  box: Box,
  facing: 1 | -1 | 0,
  penetrableThicknessM: number | null,
): Face {
  const [u, v] = otherAxes(axis);
  return {
    id,
    objectId,
    material,
    axis,
    coordinate,
    uMin: box.min[u],
    uMax: box.max[u],
    vMin: box.min[v],
    vMax: box.max[v],
    facing,
    penetrableThicknessM,
  };
}

/**
 * All planar faces of a scene, in a stable order with stable ids:
 *
 * 1. the room's 6 interior faces, opaque, object id `"room"`, each facing the interior:
 *    `wall:x0`, `wall:x1`, `wall:y0`, `wall:y1` (wall material), `floor` (z = 0),
 *    `ceiling` (z = room height);
 * 2. for each object in scene order:
 *    - furniture: its box faces `<id>:-x`, `<id>:+x`, `<id>:-y`, `<id>:+y`, `<id>:-z`,
 *      `<id>:+z`, opaque, facing outwards (`-1` for `-`, `+1` for `+`), EXCEPT faces lying on a room boundary plane (floor, ceiling, or
 *      a wall the box stands against): those are hidden and would only duplicate the
 *      room's face;
 *    - partition: ONE face `<id>:<axis>` at the mid-plane of the box's thinnest
 *      dimension, spanning the other two, `facing: 0` (both sides), with
 *      `penetrableThicknessM` = that thickness
 *      (rays reflect on it or pass through with slab transmission).
 *
 * @param scene a validated scene.
 * @returns faces (new array).
 *
 * @example
 * ```ts
 * import { sceneFaces } from "./faces.ts";
 * import { parseScene } from "./parse.ts";
 * import office from "../../data/scenes/office.json" with { type: "json" };
 * const faces = sceneFaces(parseScene(office));
 * if (faces[4].id !== "floor" || faces[4].coordinate !== 0) throw new Error("floor first after walls");
 * ```
 */
export function sceneFaces(scene: Scene): Face[] {
  if (typeof scene !== "object" || scene === null || typeof scene.room !== "object") {
    throw new TypeError("scene must be a validated Scene");
  }
  const size = scene.room.size;
  const roomBox: Box = { min: [0, 0, 0], max: size };
  const faces: Face[] = [
    face("wall:x0", "room", scene.room.wallMaterial, 0, 0, roomBox, 1, null),
    face("wall:x1", "room", scene.room.wallMaterial, 0, size[0], roomBox, -1, null),
    face("wall:y0", "room", scene.room.wallMaterial, 1, 0, roomBox, 1, null),
    face("wall:y1", "room", scene.room.wallMaterial, 1, size[1], roomBox, -1, null),
    face("floor", "room", scene.room.floorMaterial, 2, 0, roomBox, 1, null),
    face("ceiling", "room", scene.room.ceilingMaterial, 2, size[2], roomBox, -1, null),
  ];
  const onBoundary = (axis: 0 | 1 | 2, coordinate: number) =>
    Math.abs(coordinate) <= COPLANAR_TOLERANCE_M ||
    Math.abs(coordinate - size[axis]) <= COPLANAR_TOLERANCE_M;

  for (const object of scene.objects) {
    const { box } = object;
    if (object.kind === "partition") {
      let axis: 0 | 1 | 2 = 0;
      for (const a of [1, 2] as const) {
        if (box.max[a] - box.min[a] < box.max[axis] - box.min[axis]) axis = a;
      }
      const thicknessM = box.max[axis] - box.min[axis];
      const mid = (box.min[axis] + box.max[axis]) / 2;
      faces.push(
        face(
          `${object.id}:${AXIS_NAMES[axis]}`,
          object.id,
          object.material,
          axis,
          mid,
          box,
          0,
          thicknessM,
        ),
      );
      continue;
    }
    for (const axis of [0, 1, 2] as const) {
      for (const side of ["-", "+"] as const) {
        const coordinate = side === "-" ? box.min[axis] : box.max[axis];
        if (onBoundary(axis, coordinate)) continue;
        faces.push(
          face(
            `${object.id}:${side}${AXIS_NAMES[axis]}`,
            object.id,
            object.material,
            axis,
            coordinate,
            box,
            side === "-" ? -1 : 1,
            null,
          ),
        );
      }
    }
  }
  return faces;
}
