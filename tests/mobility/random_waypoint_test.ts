import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import { createRandomWaypointWalker, createWalkableArea } from "../../lib/mobility/mod.ts";
import { loadNamedScene } from "../../lib/scene/mod.ts";

Deno.test("walkable area excludes furniture, partitions and the wall margin", async () => {
  const area = createWalkableArea(await loadNamedScene("office"));
  assert.equal(area.isWalkable(2, 4), false, "desk-1");
  assert.equal(area.isWalkable(7, 5), false, "glass partition");
  assert.equal(area.isWalkable(7, 12.4), true, "doorway");
  assert.equal(area.isWalkable(0.1, 5), false, "wall margin");
  assert.equal(area.isWalkable(3.5, 7.5), true);
  assert.equal(area.isLegClear([5, 5], [9, 5]), false, "through the glass");
  assert.equal(area.isLegClear([6, 12.4], [8, 12.4]), true, "through the doorway");
  const rng = createRng(1).stream("s");
  for (let i = 0; i < 1000; i++) {
    const [x, y] = area.sample(rng);
    assert.ok(area.isWalkable(x, y));
  }
  assert.throws(() => createWalkableArea(area.scene, { wallMarginM: 100 }), RangeError);
});

Deno.test("random waypoint: stays on walkable floor, never faster than v_max, never crosses obstacles", async () => {
  const scene = await loadNamedScene("office");
  const area = createWalkableArea(scene);
  const dt = 0.01;
  const vMax = 1;
  let zones = 0;
  let moving = 0;
  let total = 0;
  for (let w = 0; w < 12; w++) {
    const walker = createRandomWaypointWalker(area, createRng(7).stream(`w${w}`), {
      maxSpeedMPerS: vMax,
    });
    const startZone = Math.floor(walker.position[0] / 6.67);
    let crossed = false;
    for (let s = 0; s < 3000; s++) {
      const a: [number, number] = [walker.position[0], walker.position[1]];
      walker.step(dt);
      const b: [number, number] = [walker.position[0], walker.position[1]];
      assert.ok(area.isWalkable(b[0], b[1]), `walker ${w} slot ${s} off the floor at ${b}`);
      const speed = Math.hypot(b[0] - a[0], b[1] - a[1]) / dt;
      assert.ok(speed <= vMax + 1e-9, `walker ${w} slot ${s}: ${speed} m/s`);
      // Within one slot a walker may turn at a waypoint; both halves are on clear legs.
      if (speed > 0) {
        assert.ok(
          area.isLegClear(a, b) || area.isWalkable((a[0] + b[0]) / 2, (a[1] + b[1]) / 2),
          "step crosses an obstacle",
        );
        moving++;
      }
      total++;
      const v = Math.hypot(walker.velocity[0], walker.velocity[1]);
      assert.ok(v <= vMax + 1e-12);
      if (Math.floor(walker.position[0] / 6.67) !== startZone) crossed = true;
    }
    if (crossed) zones++;
  }
  assert.ok(moving / total > 0.3 && moving / total < 0.95, `moving fraction ${moving / total}`);
  assert.ok(zones >= 1, "some walkers reach another zone through a doorway");
});

Deno.test("random waypoint redirect: a disc sampler keeps the walker converging into the disc", async () => {
  const area = createWalkableArea(await loadNamedScene("office"));
  const walker = createRandomWaypointWalker(area, createRng(3).stream("w"), {
    start: [3, 2],
  });
  const disc = { centre: [4, 7.5] as const, radiusM: 2 };
  walker.redirect((r) => area.sampleInDisc(r, disc));
  for (let s = 0; s < 1500; s++) walker.step(0.01);
  const d = Math.hypot(walker.position[0] - 4, walker.position[1] - 7.5);
  assert.ok(d <= 2 + 1e-9, `walker ended ${d} m from the disc centre`);
  assert.throws(
    () => createRandomWaypointWalker(area, createRng(1), { minSpeedMPerS: 2, maxSpeedMPerS: 1 }),
    RangeError,
  );
  assert.throws(
    () => createRandomWaypointWalker(area, createRng(1), { start: [2, 4] }),
    RangeError,
  );
});
