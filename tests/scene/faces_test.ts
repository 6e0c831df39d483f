import assert from "node:assert/strict";
import { loadNamedScene, parseScene, sceneFaces } from "../../lib/scene/mod.ts";
import type { Scene } from "../../lib/scene/mod.ts";

const GEOMETRY_TOL_M = 1e-12;

function tinyScene(objects: Scene["objects"]): Scene {
  return parseScene({
    name: "tiny",
    description: "test",
    carrierFrequencyHz: 73e9,
    bandwidthHz: 400e6,
    noiseFigureDb: 9,
    ueHeightM: 1,
    room: {
      size: [4, 3, 3],
      wallMaterial: "concrete",
      wallThicknessM: 0.2,
      floorMaterial: "concrete",
      ceilingMaterial: "concrete",
    },
    objects,
    accessPoints: [{
      id: "ap1",
      position: [2, 1.5, 2.9],
      boresight: [0, 0, -1],
      horizontalAxis: [1, 0, 0],
      array: { horizontal: 8, vertical: 8, spacingWavelengths: 0.5 },
      txPowerDbm: 23,
    }],
  });
}

Deno.test("sceneFaces: empty room has 6 inward-facing opaque faces", () => {
  const faces = sceneFaces(tinyScene([]));
  assert.deepEqual(faces.map((f) => f.id), [
    "wall:x0",
    "wall:x1",
    "wall:y0",
    "wall:y1",
    "floor",
    "ceiling",
  ]);
  assert.deepEqual(faces.map((f) => f.facing), [1, -1, 1, -1, 1, -1]);
  assert.ok(faces.every((f) => f.penetrableThicknessM === null && f.objectId === "room"));
  const ceiling = faces[5];
  assert.deepEqual([ceiling.axis, ceiling.coordinate, ceiling.uMax, ceiling.vMax], [2, 3, 4, 3]);
});

Deno.test("sceneFaces: furniture drops floor/wall-coplanar faces; partition gives one mid-plane face", () => {
  const faces = sceneFaces(tinyScene([
    {
      id: "desk",
      kind: "furniture",
      material: "wood",
      box: { min: [1, 1, 0], max: [2.6, 1.8, 0.75] },
    },
    { id: "cab", kind: "furniture", material: "metal", box: { min: [0, 2.5, 0], max: [1, 3, 2] } },
    {
      id: "glass",
      kind: "partition",
      material: "glass",
      box: { min: [3, 0, 0], max: [3.012, 2, 3] },
    },
  ]));
  const ids = faces.map((f) => f.id).slice(6);
  assert.deepEqual(ids, [
    "desk:-x",
    "desk:+x",
    "desk:-y",
    "desk:+y",
    "desk:+z",
    "cab:+x",
    "cab:-y",
    "cab:+z",
    "glass:x",
  ]);
  const glass = faces.at(-1)!;
  assert.equal(glass.axis, 0);
  assert.equal(glass.facing, 0);
  assert.ok(Math.abs(glass.coordinate - 3.006) < GEOMETRY_TOL_M);
  assert.ok(Math.abs(glass.penetrableThicknessM! - 0.012) < GEOMETRY_TOL_M);
  assert.deepEqual([glass.uMin, glass.uMax, glass.vMin, glass.vMax], [0, 2, 0, 3]);
  const deskTop = faces.find((f) => f.id === "desk:+z")!;
  assert.deepEqual([
    deskTop.coordinate,
    deskTop.facing,
    deskTop.uMin,
    deskTop.uMax,
    deskTop.vMin,
    deskTop.vMax,
  ], [0.75, 1, 1, 2.6, 1, 1.8]);
  assert.equal(faces.find((f) => f.id === "desk:-y")!.facing, -1);
});

Deno.test("sceneFaces: office.json counts and unique ids", async () => {
  const office = await loadNamedScene("office");
  const faces = sceneFaces(office);
  const partitions = office.objects.filter((o) => o.kind === "partition").length;
  const desks = office.objects.filter((o) => o.id.startsWith("desk")).length;
  const cabinets = office.objects.filter((o) => o.id.startsWith("cabinet")).length;
  assert.equal(partitions, 4);
  assert.equal(desks, 12);
  assert.equal(cabinets, 5);
  // 6 room + 4 partitions + 12 desks x 5 + 5 cabinets x 4 (bottom and wall side hidden).
  assert.equal(faces.length, 6 + 4 + 60 + 20);
  assert.equal(new Set(faces.map((f) => f.id)).size, faces.length);
  assert.equal(faces.filter((f) => f.penetrableThicknessM !== null).length, 4);
  for (const f of faces) {
    assert.ok(f.uMin < f.uMax && f.vMin < f.vMax, f.id);
  }
});
