/** Small scenes built in code for ray-tracing tests. */
import { parseScene, type Scene } from "../../lib/scene/mod.ts";

/** An empty concrete shoebox `[sx, sy, sz]` with one AP at `apPosition`. */
export function shoebox(
  size: [number, number, number],
  apPosition: [number, number, number],
  objects: unknown[] = [],
): Scene {
  return parseScene({
    name: "shoebox",
    description: "test room",
    carrierFrequencyHz: 73e9,
    bandwidthHz: 400e6,
    noiseFigureDb: 9,
    ueHeightM: 1,
    room: {
      size,
      wallMaterial: "concrete",
      wallThicknessM: 0.2,
      floorMaterial: "concrete",
      ceilingMaterial: "concrete",
    },
    objects,
    accessPoints: [{
      id: "ap1",
      position: apPosition,
      boresight: [0, 0, -1],
      horizontalAxis: [1, 0, 0],
      array: { horizontal: 8, vertical: 8, spacingWavelengths: 0.5 },
      txPowerDbm: 23,
    }],
    zones: [],
  }, { source: "test" });
}
