import assert from "node:assert/strict";
import { vec3, wavelengthM } from "../../lib/core/mod.ts";
import {
  complexRelativePermittivity,
  fresnelCoefficients,
  slabCoefficients,
} from "../../lib/em/mod.ts";
import { createPathTracer, tracePaths } from "../../lib/rt/mod.ts";
import { materialParameters } from "../../lib/scene/mod.ts";
import { shoebox } from "./fixtures.ts";

/** Relative tolerance on closed-form gains (pure floating-point round-off). */
const GAIN_RTOL = 1e-9;
/** Absolute tolerance on delays, s. */
const DELAY_ATOL_S = 1e-18;

const F_HZ = 73e9;
const LAMBDA = wavelengthM(F_HZ);

Deno.test("two-ray: the wall reflection matches the image closed form in delay and gain", () => {
  // Large room: only the y = 0 wall is near; tx and rx at the same height, so with
  // vertical polarization the wall reflection is pure TE.
  const tx: [number, number, number] = [40, 2, 50];
  const rx: [number, number, number] = [47, 3, 50];
  const scene = shoebox([100, 100, 100], tx);
  const paths = tracePaths(scene, { tx, rx }, { maxReflectionOrder: 1 });
  const wall = paths.find((p) =>
    p.reflectionOrder === 1 && Math.abs(p.interactions[0].point[1]) < 1e-12
  );
  assert.ok(wall, "the y = 0 wall reflection must exist");
  const image: [number, number, number] = [tx[0], -tx[1], tx[2]];
  const lengthM = vec3.distance(image, rx);
  assert.ok(Math.abs(wall.delayS - lengthM / 299_792_458) < DELAY_ATOL_S);
  const cosTheta = (tx[1] + rx[1]) / lengthM;
  const eps = complexRelativePermittivity(
    materialParameters("concrete", { set: "itu", frequencyHz: F_HZ }),
    F_HZ,
  );
  const { te } = fresnelCoefficients(eps, Math.acos(cosTheta));
  const spread = LAMBDA / (4 * Math.PI * lengthM);
  const phase = -2 * Math.PI * lengthM / LAMBDA;
  const expected = {
    re: spread * (te.re * Math.cos(phase) - te.im * Math.sin(phase)),
    im: spread * (te.re * Math.sin(phase) + te.im * Math.cos(phase)),
  };
  const err = Math.hypot(wall.gain.re - expected.re, wall.gain.im - expected.im);
  assert.ok(err <= GAIN_RTOL * spread, `gain error ${err} vs ${spread}`);
  // Line of sight: Friis amplitude, geometric phase.
  const los = paths.find((p) => p.isDirect)!;
  const d = vec3.distance(tx, rx);
  assert.ok(Math.abs(Math.hypot(los.gain.re, los.gain.im) - LAMBDA / (4 * Math.PI * d)) < 1e-15);
});

Deno.test("empty shoebox: the image method finds 4n^2 + 2 paths of order n (n = 1..5)", () => {
  const tx: [number, number, number] = [3.1, 4.3, 2.7];
  const scene = shoebox([7, 9, 3.2], tx);
  const tracer = createPathTracer(scene, tx, { maxReflectionOrder: 5 });
  const paths = tracer.trace([5.3, 1.9, 1.1]);
  const counts = [0, 0, 0, 0, 0, 0];
  for (const p of paths) counts[p.reflectionOrder]++;
  assert.deepEqual(counts, [1, 6, 18, 38, 66, 102]);
  // Every reflection obeys the law of reflection: equal angles in and out.
  for (const p of paths) {
    for (let i = 1; i < p.vertices.length - 1; i++) {
      const din = vec3.normalize(vec3.sub(p.vertices[i], p.vertices[i - 1]));
      const dout = vec3.normalize(vec3.sub(p.vertices[i + 1], p.vertices[i]));
      const sum = vec3.add(din, vec3.scale(dout, -1));
      // din - dout is along the face normal: two of its components vanish.
      const small = [...sum].map(Math.abs).sort((a, b) => a - b);
      assert.ok(small[0] < 1e-9 && small[1] < 1e-9, "specular reflection");
    }
  }
});

Deno.test("an opaque cabinet blocks the direct path; a glass partition attenuates it", () => {
  const tx: [number, number, number] = [2, 5, 2.5];
  const rx: [number, number, number] = [8, 5, 1];
  const cabinet = {
    id: "cab",
    kind: "furniture",
    material: "metal",
    box: { min: [4.5, 4, 0], max: [5.5, 6, 2.9] },
  };
  const blocked = tracePaths(shoebox([10, 10, 3], tx, [cabinet]), { tx, rx }, {
    maxReflectionOrder: 0,
  });
  assert.equal(blocked.length, 0);

  const glass = {
    id: "glass",
    kind: "partition",
    material: "glass",
    box: { min: [4.994, 0, 0], max: [5.006, 10, 3] },
  };
  const through = tracePaths(shoebox([10, 10, 3], tx, [glass]), { tx, rx }, {
    maxReflectionOrder: 0,
    materialSet: "itu",
  });
  assert.equal(through.length, 1);
  assert.equal(through[0].interactions.length, 1);
  assert.equal(through[0].interactions[0].kind, "transmission");
  const d = vec3.distance(tx, rx);
  const ratio = Math.hypot(through[0].gain.re, through[0].gain.im) / (LAMBDA / (4 * Math.PI * d));
  const eps = complexRelativePermittivity(
    materialParameters("glass", { set: "itu", frequencyHz: F_HZ }),
    F_HZ,
  );
  const angle = through[0].interactions[0].incidenceAngleRad;
  const t =
    slabCoefficients(eps, { thicknessM: 0.012, frequencyHz: F_HZ, incidenceAngleRad: angle })
      .transmission;
  // The ray has both TE and TM parts: the ratio lies between the two magnitudes.
  const lo = Math.min(Math.hypot(t.te.re, t.te.im), Math.hypot(t.tm.re, t.tm.im));
  const hi = Math.max(Math.hypot(t.te.re, t.te.im), Math.hypot(t.tm.re, t.tm.im));
  assert.ok(ratio >= lo - 1e-12 && ratio <= hi + 1e-12, `${lo} <= ${ratio} <= ${hi}`);
  assert.ok(ratio < 1);
});

Deno.test("tracePaths rejects a bad reflection order", () => {
  const tx: [number, number, number] = [1, 1, 1];
  assert.throws(
    () => tracePaths(shoebox([5, 5, 3], tx), { tx, rx: [2, 2, 1] }, { maxReflectionOrder: -1 }),
    (e: Error) => e instanceof RangeError && /maxReflectionOrder/.test(e.message),
  );
});
