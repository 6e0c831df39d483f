import assert from "node:assert/strict";
import {
  ceilingGridShape,
  loadNamedScene,
  withCeilingGridAccessPoints,
} from "../../lib/scene/mod.ts";

const MIN_SEPARATION_M = 1;

Deno.test("ceilingGridShape: closest to the 4:3 room aspect", () => {
  const size = [20, 15, 3] as const;
  assert.deepEqual(ceilingGridShape(3, size), { rows: 1, cols: 3 });
  assert.deepEqual(ceilingGridShape(4, size), { rows: 2, cols: 2 });
  assert.deepEqual(ceilingGridShape(6, size), { rows: 2, cols: 3 });
  assert.deepEqual(ceilingGridShape(12, size), { rows: 3, cols: 4 });
  assert.deepEqual(ceilingGridShape(9, size), { rows: 3, cols: 3 });
});

Deno.test("withCeilingGridAccessPoints: 2..12 APs inside the room, distinct, clear of objects", async () => {
  const office = await loadNamedScene("office");
  const [lx, ly, lz] = office.room.size;
  for (let n = 2; n <= 12; n++) {
    const scene = withCeilingGridAccessPoints(office, n);
    const aps = scene.accessPoints;
    assert.equal(aps.length, n);
    assert.deepEqual(aps.map((a) => a.id), Array.from({ length: n }, (_, i) => `ap${i + 1}`));
    for (const ap of aps) {
      const [x, y, z] = ap.position;
      assert.ok(x > 0 && x < lx && y > 0 && y < ly, `${n}: ${ap.position}`);
      assert.ok(Math.abs(z - (lz - 0.1)) < 1e-12);
      assert.deepEqual(ap.array, office.accessPoints[0].array);
      assert.equal(ap.txPowerDbm, office.accessPoints[0].txPowerDbm);
      assert.deepEqual(ap.boresight, [0, 0, -1]);
      for (const o of office.objects) {
        const inside = [0, 1, 2].every((k) =>
          ap.position[k] >= o.box.min[k] && ap.position[k] <= o.box.max[k]
        );
        assert.ok(!inside, `${ap.id} inside ${o.id}`);
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const d = Math.hypot(
          aps[i].position[0] - aps[j].position[0],
          aps[i].position[1] - aps[j].position[1],
        );
        assert.ok(d > MIN_SEPARATION_M, `${n}: ap${i + 1} and ap${j + 1} ${d} m apart`);
      }
    }
    assert.equal(scene.objects, office.objects);
  }
  // The input is unchanged.
  assert.equal(office.accessPoints.length, 3);
});

Deno.test("withCeilingGridAccessPoints: options and errors", async () => {
  const office = await loadNamedScene("office");
  const low = withCeilingGridAccessPoints(office, 4, { heightM: 2.5 });
  assert.ok(low.accessPoints.every((a) => a.position[2] === 2.5));
  assert.throws(() => withCeilingGridAccessPoints(office, 0), {
    name: "RangeError",
    message: /count/,
  });
  assert.throws(() => withCeilingGridAccessPoints(office, 17), /count/);
  assert.throws(() => withCeilingGridAccessPoints(office, 2.5), /count/);
  assert.throws(() => withCeilingGridAccessPoints(office, 4, { heightM: 3 }), {
    name: "RangeError",
    message: /options\.heightM/,
  });
});
