/**
 * The optimized tracer of lib/rt against the readable reference in trace_reference.ts:
 * the same paths, bit for bit (every number compared with `Object.is`), for receivers
 * all over the shipped scenes, every reflection order up to 3, both material sets, and
 * penetration on and off.
 */
import assert from "node:assert/strict";
import { createRng, type Vec3 } from "../../lib/core/mod.ts";
import { createPathTracer } from "../../lib/rt/mod.ts";
import { loadNamedScene, type Scene } from "../../lib/scene/mod.ts";
import { shoebox } from "./fixtures.ts";
import { createReferencePathTracer } from "./trace_reference.ts";

function receivers(scene: Scene, count: number, seed: number): Vec3[] {
  const r = createRng(seed).stream("rx");
  const [sx, sy] = scene.room.size;
  const out: Vec3[] = [];
  for (let i = 0; i < count; i++) {
    out.push([r.uniformIn(0.2, sx - 0.2), r.uniformIn(0.2, sy - 0.2), scene.ueHeightM]);
  }
  // Receivers on a face plane, at an AP's x or y, and right below an AP.
  const ap = scene.accessPoints[0].position;
  out.push([ap[0], ap[1], scene.ueHeightM], [ap[0], 1, scene.ueHeightM], [1, ap[1], 1.5]);
  return out;
}

async function compare(name: string, options: Parameters<typeof createPathTracer>[2], n: number) {
  const scene = await loadNamedScene(name);
  let paths = 0;
  for (const ap of scene.accessPoints) {
    const fast = createPathTracer(scene, ap.position, options);
    const ref = createReferencePathTracer(scene, ap.position, options);
    assert.equal(fast.imageCount, ref.imageCount);
    for (const rx of receivers(scene, n, paths + 1)) {
      const a = fast.trace(rx);
      const b = ref.trace(rx);
      assert.deepStrictEqual(a, b, `${name} ${JSON.stringify(options)} rx ${rx}`);
      paths += a.length;
    }
  }
  return paths;
}

Deno.test("createPathTracer equals the reference tracer bit for bit (office, lab28)", async () => {
  let paths = 0;
  paths += await compare("office", { maxReflectionOrder: 2 }, 60);
  paths += await compare("office", { maxReflectionOrder: 1, materialSet: "paper" }, 30);
  paths += await compare("office", { maxReflectionOrder: 2, penetration: false }, 20);
  paths += await compare("office", { maxReflectionOrder: 0 }, 20);
  paths += await compare("lab28", { maxReflectionOrder: 2 }, 30);
  assert.ok(paths > 5000, `${paths} paths compared`);
});

Deno.test("createPathTracer equals the reference in a shoebox up to order 3, odd polarization", () => {
  const tx: Vec3 = [3.1, 4.3, 2.7];
  const scene = shoebox([7, 9, 3.2], [3.1, 4.3, 2.7]);
  for (const polarization of [[0, 0, 1], [1, 0, 0], [0.3, 0.4, 0.5]] as Vec3[]) {
    const options = { maxReflectionOrder: 3, polarization };
    const fast = createPathTracer(scene, tx, options);
    const ref = createReferencePathTracer(scene, tx, options);
    for (const rx of [[5.3, 1.9, 1.1], [3.1, 4.3, 1], [0.5, 8.5, 3.1]] as Vec3[]) {
      assert.deepStrictEqual(fast.trace(rx), ref.trace(rx));
    }
  }
});
