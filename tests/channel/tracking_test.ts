import assert from "node:assert/strict";
import { wavelengthM } from "../../lib/core/mod.ts";
import {
  channelRowFromPaths,
  createChannelModel,
  createChannelTracker,
  DEFAULT_RETRACE_DISTANCE_M,
  trackedChannelRow,
} from "../../lib/channel/mod.ts";
import { loadNamedScene } from "../../lib/scene/mod.ts";
import type { ComplexVector, Vec3 } from "../../lib/core/mod.ts";

/** Relative error tolerated for the separable row builder vs channelRowFromPaths. */
const ROW_TOLERANCE = 1e-12;
/**
 * Tolerated median relative channel error along a 20 cm walk tracked with retraces
 * every DEFAULT_RETRACE_DISTANCE_M (5 cm). This walk measures a median of 2e-4 (p90
 * 4e-4); over 80 random walks the error 5 cm after a retrace has median 2 %, p90 12 %
 * (tracking.ts), so the tolerances leave room for other geometries.
 */
const WALK_MEDIAN_TOLERANCE = 0.03;
/** Tolerated 90th-percentile error along the same walk. */
const WALK_P90_TOLERANCE = 0.2;

function relativeError(a: ComplexVector, b: ComplexVector): number {
  let e = 0;
  let n = 0;
  for (let i = 0; i < a.re.length; i++) {
    e += (a.re[i] - b.re[i]) ** 2 + (a.im[i] - b.im[i]) ** 2;
    n += b.re[i] ** 2 + b.im[i] ** 2;
  }
  return Math.sqrt(e / n);
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((x, y) => x - y);
  return s[Math.floor(q * (s.length - 1))];
}

Deno.test("trackedChannelRow equals channelRowFromPaths at the trace point", async () => {
  const scene = await loadNamedScene("office");
  const model = createChannelModel(scene, { maxReflectionOrder: 2 });
  const tracker = createChannelTracker(model, { ueCount: 2 });
  const ues: Vec3[] = [[4.3, 5.1, 1], [15.2, 11.7, 1]];
  ues.forEach((p, k) => tracker.update(k, p));
  for (let b = 0; b < model.apCount; b++) {
    for (let k = 0; k < 2; k++) {
      const ap = scene.accessPoints[b];
      const fast = trackedChannelRow(ap, tracker.link(b, k).paths);
      const ref = channelRowFromPaths(ap, model.paths(b, ues[k]));
      const err = relativeError(fast, ref);
      assert.ok(err < ROW_TOLERANCE, `AP ${b} UE ${k}: ${err}`);
    }
  }
});

/** Round-off tolerated between a row with per-path phases and the sum of rotated single-path rows. */
const PHASE_ROW_TOLERANCE = 1e-12;

Deno.test("trackedChannelRow: pathPhaseRad rotates each path's contribution by exp(j phase)", async () => {
  const scene = await loadNamedScene("office");
  const model = createChannelModel(scene, { maxReflectionOrder: 2 });
  const tracker = createChannelTracker(model, { ueCount: 1 });
  tracker.update(0, [4.3, 5.1, 1]);
  const ap = scene.accessPoints[0];
  const paths = tracker.link(0, 0).paths;
  assert.ok(paths.length >= 3, `want multipath, got ${paths.length} paths`);
  const phase = Float64Array.from(paths, (_, l) => 0.7 * l + 0.3);
  const amplitude = Float64Array.from(paths, (_, l) => 1 / (1 + l));
  const row = trackedChannelRow(ap, paths, { pathAmplitude: amplitude, pathPhaseRad: phase });
  const ref = { re: new Float64Array(row.re.length), im: new Float64Array(row.re.length) };
  paths.forEach((p, l) => {
    const single = trackedChannelRow(ap, [p], { pathAmplitude: amplitude.subarray(l) });
    const c = Math.cos(phase[l]), s = Math.sin(phase[l]);
    for (let n = 0; n < ref.re.length; n++) {
      ref.re[n] += single.re[n] * c - single.im[n] * s;
      ref.im[n] += single.re[n] * s + single.im[n] * c;
    }
  });
  const err = relativeError(row, ref);
  assert.ok(err < PHASE_ROW_TOLERANCE, `relative error ${err}`);
  // Not a common phase: the row without phases is not a rotation of this one.
  const plain = trackedChannelRow(ap, paths, { pathAmplitude: amplitude });
  assert.ok(relativeError(plain, row) > 0.1);
  // Zero phases give the plain row.
  const zero = trackedChannelRow(ap, paths, {
    pathAmplitude: amplitude,
    pathPhaseRad: new Float64Array(paths.length),
  });
  assert.ok(relativeError(zero, plain) < PHASE_ROW_TOLERANCE);
  assert.throws(
    () => trackedChannelRow(ap, paths, { pathPhaseRad: new Float64Array(paths.length - 1) }),
    {
      name: "RangeError",
      message: new RegExp(`options\\.pathPhaseRad must have >= ${paths.length}`),
    },
  );
});

Deno.test("tracked paths keep exact geometry (length, directions, vertices) between retraces", async () => {
  const scene = await loadNamedScene("office");
  const model = createChannelModel(scene, { maxReflectionOrder: 2 });
  const tracker = createChannelTracker(model, { ueCount: 1, retraceDistanceM: 10 });
  tracker.update(0, [4.2, 5.3, 1]);
  const p1: Vec3 = [4.25, 5.32, 1];
  tracker.update(0, p1);
  assert.equal(tracker.stats.traces, model.apCount, "no retrace within 10 m");
  const tracked = tracker.link(0, 0).paths;
  let matched = 0;
  for (const f of model.paths(0, p1)) {
    const t = tracked.find((q) =>
      q.reflectionOrder === f.reflectionOrder &&
      q.sourceImage.every((v, i) => Math.abs(v - f.sourceImage[i]) < 1e-9)
    );
    if (!t) continue;
    matched++;
    assert.ok(Math.abs(t.lengthM - f.lengthM) < 1e-9);
    for (let i = 0; i < 3; i++) {
      assert.ok(Math.abs(t.departure[i] - f.departure.unit[i]) < 1e-12, "departure");
      assert.ok(Math.abs(t.arrival[i] - f.arrival.unit[i]) < 1e-12, "arrival");
    }
    f.vertices.forEach((v, j) => {
      for (let i = 0; i < 3; i++) assert.ok(Math.abs(t.vertices[3 * j + i] - v[i]) < 1e-9);
    });
  }
  assert.ok(matched > 10, `most paths persist over 5 cm (matched ${matched})`);
});

Deno.test("tracked vs fully retraced channel along a 20 cm walk: small error, continuous phase", async () => {
  const scene = await loadNamedScene("office");
  const lambda = wavelengthM(scene.carrierFrequencyHz);
  const model = createChannelModel(scene, { maxReflectionOrder: 2 });
  const tracker = createChannelTracker(model, { ueCount: 1 });
  assert.equal(tracker.retraceDistanceM, DEFAULT_RETRACE_DISTANCE_M);
  const stepM = 0.002;
  const errors: number[] = [];
  const start: Vec3 = [4.1, 6.2, scene.ueHeightM];
  let prev: ComplexVector | null = null;
  let maxStepChange = 0;
  for (let i = 0; i <= 100; i++) {
    const p: Vec3 = [start[0] + 0.8 * i * stepM, start[1] + 0.6 * i * stepM, start[2]];
    const before = tracker.stats.traces;
    tracker.update(0, p);
    const ap = scene.accessPoints[0];
    const tracked = trackedChannelRow(ap, tracker.link(0, 0).paths);
    errors.push(relativeError(tracked, channelRowFromPaths(ap, model.paths(0, p))));
    // Continuity between retraces: each path's phase moves by <= 2 pi step / lambda.
    if (prev && tracker.stats.traces === before) {
      maxStepChange = Math.max(maxStepChange, relativeError(tracked, prev));
    }
    prev = tracked;
  }
  const median = quantile(errors, 0.5);
  const p90 = quantile(errors, 0.9);
  console.log(`20 cm walk: median ${median.toExponential(2)}, p90 ${p90.toExponential(2)}`);
  assert.ok(median < WALK_MEDIAN_TOLERANCE, `median ${median}`);
  assert.ok(p90 < WALK_P90_TOLERANCE, `p90 ${p90}`);
  const bound = (2 * Math.PI * stepM / lambda) * 1.05;
  assert.ok(maxStepChange < bound, `step change ${maxStepChange} > ${bound}`);
  assert.ok(tracker.stats.traces >= 4 && tracker.stats.traces <= 15, "retraced every 5 cm");
});

Deno.test("createChannelTracker rejects bad arguments", async () => {
  const scene = await loadNamedScene("office");
  const model = createChannelModel(scene, { maxReflectionOrder: 0 });
  assert.throws(() => createChannelTracker(model, { ueCount: 0 }), RangeError);
  assert.throws(
    () => createChannelTracker(model, { ueCount: 1, retraceDistanceM: -1 }),
    RangeError,
  );
  const t = createChannelTracker(model, { ueCount: 1 });
  assert.throws(() => t.update(1, [1, 1, 1]), /ue must be/);
  assert.throws(() => t.link(0, 0), /not been updated/);
});
