/**
 * The channel tracker as the episode simulator drives it, against the plain steps it
 * stands for: a retrace is `trackedPathFromRay` of every traced path, an update is
 * `moveTrackedPath` of every path (also when the UE has not moved since a retrace), and
 * skipping the update of a UE that stands still after a move changes nothing. Every
 * number is compared with `Object.is`.
 */
import assert from "node:assert/strict";
import { type Vec3, wavelengthM } from "../../lib/core/mod.ts";
import {
  createChannelModel,
  createChannelTracker,
  moveTrackedPath,
  type TrackedPath,
  trackedPathFromRay,
} from "../../lib/channel/mod.ts";
import { loadNamedScene, sceneFaces } from "../../lib/scene/mod.ts";

function plain(p: TrackedPath) {
  return {
    ...p,
    departure: Array.from(p.departure),
    arrival: Array.from(p.arrival),
    vertices: Array.from(p.vertices),
    mirrorAxes: Array.from(p.mirrorAxes),
    mirrorCoordinates: Array.from(p.mirrorCoordinates),
    flip: Array.from(p.flip),
  };
}

Deno.test("tracker = trace + moveTrackedPath per update, standing still included (bit for bit)", async () => {
  const scene = await loadNamedScene("office");
  const model = createChannelModel(scene, { maxReflectionOrder: 2 });
  const lambda = wavelengthM(scene.carrierFrequencyHz);
  const faces = new Map(sceneFaces(scene).map((f) => [f.id, f]));
  const tracker = createChannelTracker(model, { ueCount: 1, retraceDistanceM: 0.05 });
  // trace, stand (must move: traced gains differ from moved ones), move, stand (skip),
  // stand, move, retrace (> 5 cm), stand.
  const walk: Vec3[] = [
    [4, 5, 1],
    [4, 5, 1],
    [4.01, 5, 1],
    [4.01, 5, 1],
    [4.01, 5, 1],
    [4.02, 5.01, 1],
    [4.1, 5.01, 1],
    [4.1, 5.01, 1],
  ];
  let refs: TrackedPath[][] = [];
  let tracedAt: Vec3 | null = null;
  for (const [step, rx] of walk.entries()) {
    tracker.update(0, [rx[0], rx[1], rx[2]]);
    const far = tracedAt === null || Math.hypot(
          rx[0] - tracedAt[0],
          rx[1] - tracedAt[1],
          rx[2] - tracedAt[2],
        ) > 0.05;
    if (far) {
      refs = scene.accessPoints.map((_, b) =>
        model.paths(b, rx).map((p) => trackedPathFromRay(p, faces, lambda))
      );
      tracedAt = rx;
    } else {
      for (const paths of refs) for (const p of paths) moveTrackedPath(p, rx, lambda);
    }
    for (let b = 0; b < scene.accessPoints.length; b++) {
      const got = tracker.link(b, 0).paths.map(plain);
      assert.deepStrictEqual(got, refs[b].map(plain), `step ${step}, AP ${b}`);
    }
  }
});
