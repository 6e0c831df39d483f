import assert from "node:assert/strict";
import { createRng, wavelengthM } from "../../lib/core/mod.ts";
import { screenBlockageLossDb } from "../../lib/em/mod.ts";
import {
  type Body,
  createBodyField,
  fieldPathBodyLossDb,
  pathBodyLossDb,
  segmentBodyLossDb,
  setBodyField,
} from "../../lib/mobility/mod.ts";
import { referencePathBodyLossDb } from "./bodies_reference.ts";

const LAMBDA = wavelengthM(73e9);
/** Agreement of the inlined screen loss with lib/em's screenBlockageLossDb, dB. */
const SCREEN_TOLERANCE_DB = 1e-6;

Deno.test("segment body loss equals screenBlockageLossDb wherever the prefilter lets it through", () => {
  const r = createRng(5).stream("geom");
  let compared = 0;
  for (let i = 0; i < 20000; i++) {
    const a = [r.uniformIn(0, 10), r.uniformIn(0, 10), r.uniformIn(0, 3)] as const;
    const b = [r.uniformIn(0, 10), r.uniformIn(0, 10), r.uniformIn(0, 3)] as const;
    const body: Body = {
      x: r.uniformIn(0, 10),
      y: r.uniformIn(0, 10),
      widthM: 0.3,
      heightM: 1.75,
      carriesUe: -1,
    };
    const fast = segmentBodyLossDb(a, b, body, {
      wavelengthM: LAMBDA,
      lateralMarginM: 100,
      verticalMarginM: 100,
    });
    const ref = screenBlockageLossDb({
      transmitterPositionM: a,
      receiverPositionM: b,
      screenCenterM: [body.x, body.y, body.heightM / 2],
      widthM: body.widthM,
      heightM: body.heightM,
      wavelengthM: LAMBDA,
    });
    if (ref > 0) compared++;
    assert.ok(Math.abs(fast - ref) < SCREEN_TOLERANCE_DB, `${fast} vs ${ref}`);
  }
  assert.ok(compared > 5000);
});

Deno.test("the prefilter drops at most 0.15 dB (default margins)", () => {
  const tx = [0, 0, 2.9] as const;
  const rx = [6, 0, 1] as const;
  for (const along of [0.5, 1, 2, 3, 3.5]) {
    for (const lateral of [0.64, 0.66, 1]) {
      const body: Body = { x: 6 - along, y: lateral, widthM: 0.3, heightM: 1.75, carriesUe: -1 };
      const ref = screenBlockageLossDb({
        transmitterPositionM: tx,
        receiverPositionM: rx,
        screenCenterM: [body.x, body.y, 0.875],
        widthM: 0.3,
        heightM: 1.75,
        wavelengthM: LAMBDA,
      });
      const fast = segmentBodyLossDb(tx, rx, body, { wavelengthM: LAMBDA });
      assert.ok(
        Math.abs(fast - ref) < 0.15,
        `along ${along} lateral ${lateral}: ${fast} vs ${ref}`,
      );
    }
  }
});

Deno.test("a body walking across a link: smooth fade of 10-20 dB, rise time near 100 ms", () => {
  // AP on the ceiling, UE at hand height 6 m away; a 1.75 m person crosses 1 m from the
  // UE at 1 m/s, sampled every 10 ms slot.
  const vertices = new Float64Array([0, 0, 2.9, 6, 0, 1]);
  const speed = 1;
  const dt = 0.01;
  const losses: number[] = [];
  for (let s = 0; s <= 200; s++) {
    const y = -1 + speed * s * dt;
    const body: Body = { x: 5, y, widthM: 0.3, heightM: 1.75, carriesUe: -1 };
    losses.push(pathBodyLossDb(vertices, [body], { wavelengthM: LAMBDA }));
  }
  const peak = Math.max(...losses);
  const mid = losses[100];
  const closedForm = screenBlockageLossDb({
    transmitterPositionM: [0, 0, 2.9],
    receiverPositionM: [6, 0, 1],
    screenCenterM: [5, 0, 0.875],
    widthM: 0.3,
    heightM: 1.75,
    wavelengthM: LAMBDA,
  });
  assert.ok(Math.abs(mid - closedForm) < SCREEN_TOLERANCE_DB, `midpoint ${mid} vs ${closedForm}`);
  assert.ok(peak >= 10 && peak <= 25, `peak ${peak} dB`);
  // Smooth: no jump larger than 3 dB between 10 ms slots.
  let maxJump = 0;
  for (let s = 1; s < losses.length; s++) {
    maxJump = Math.max(maxJump, Math.abs(losses[s] - losses[s - 1]));
  }
  assert.ok(maxJump < 3, `largest slot-to-slot change ${maxJump} dB`);
  // 10 %-90 % rise time of the fade (in dB) on the way in.
  const firstAbove = (level: number) => losses.findIndex((l) => l >= level);
  const riseS = (firstAbove(0.9 * peak) - firstAbove(0.1 * peak)) * dt;
  console.log(
    `crossing: peak ${peak.toFixed(1)} dB, midpoint ${mid.toFixed(1)} dB, ` +
      `rise (10-90 %) ${(riseS * 1000).toFixed(0)} ms, max step ${maxJump.toFixed(2)} dB`,
  );
  assert.ok(riseS >= 0.05 && riseS <= 0.3, `rise time ${riseS} s`);
});

Deno.test("the carrier of a UE does not block its own UE's paths", () => {
  const vertices = new Float64Array([0, 0, 2.9, 6, 0, 1]);
  const carrier: Body = { x: 5.7, y: 0, widthM: 0.3, heightM: 1.75, carriesUe: 3 };
  assert.equal(pathBodyLossDb(vertices, [carrier], { wavelengthM: LAMBDA, ue: 3 }), 0);
  assert.ok(pathBodyLossDb(vertices, [carrier], { wavelengthM: LAMBDA, ue: 4 }) > 10);
  assert.throws(() => pathBodyLossDb(vertices, [carrier], { wavelengthM: 0 }), RangeError);
});

Deno.test("fieldPathBodyLossDb and pathBodyLossDb equal the reference bit for bit (random rooms and paths)", () => {
  const r = createRng(17).stream("field");
  const field = createBodyField();
  let nonzero = 0;
  for (let trial = 0; trial < 300; trial++) {
    const bodies: Body[] = [];
    const n = r.integer(70);
    for (let j = 0; j < n; j++) {
      bodies.push({
        // Some bodies share an x (ties of the sort) or stand exactly on a vertex.
        x: j % 7 === 3 && j > 0 ? bodies[j - 1].x : r.uniformIn(0, 8),
        y: r.uniformIn(0, 6),
        widthM: r.bernoulli(0.5) ? 0.3 : r.uniformIn(0.2, 0.5),
        heightM: r.uniformIn(1.5, 1.9),
        carriesUe: r.bernoulli(0.5) ? r.integer(5) : -1,
      });
    }
    const extent = r.bernoulli(0.5) ? { maxHeightM: 1.9, maxHalfWidthM: 0.25 } : undefined;
    const margins = r.bernoulli(0.5) ? {} : { lateralMarginM: 0.2, verticalMarginM: 1 };
    const options = { wavelengthM: LAMBDA, bodyExtentM: extent, ...margins };
    setBodyField(field, bodies, options);
    for (let p = 0; p < 40; p++) {
      const segments = 1 + r.integer(4);
      const vertices = new Float64Array(3 * (segments + 1));
      for (let i = 0; i <= segments; i++) {
        vertices[3 * i] = r.uniformIn(0, 8);
        vertices[3 * i + 1] = r.uniformIn(0, 6);
        vertices[3 * i + 2] = i === 0 ? 2.9 : r.uniformIn(0, 3);
      }
      if (p % 10 === 0 && n > 0) {
        vertices[3] = bodies[0].x; // a vertex right above a body
        vertices[4] = bodies[0].y;
      }
      const ue = r.integer(6) - 1;
      const ref = referencePathBodyLossDb(vertices, bodies, { ...options, ue });
      const fast = fieldPathBodyLossDb(vertices, field, ue);
      assert.ok(Object.is(fast, ref), `trial ${trial} path ${p}: ${fast} vs ${ref}`);
      const single = pathBodyLossDb(vertices, bodies, { ...options, ue });
      assert.ok(Object.is(single, ref), `trial ${trial} path ${p}: ${single} vs ${ref}`);
      if (ref > 0) nonzero++;
    }
  }
  assert.ok(nonzero > 1000, `${nonzero} paths with a loss`);
});
