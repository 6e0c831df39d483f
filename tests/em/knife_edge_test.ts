import assert from "node:assert/strict";
import {
  fresnelIntegrals,
  fresnelKirchhoffV,
  knifeEdgeLossApproxDb,
  knifeEdgeLossDb,
  screenBlockageLossDb,
} from "../../lib/em/mod.ts";
import { SPEED_OF_LIGHT_M_PER_S } from "../../lib/core/mod.ts";

const FRESNEL_TOL = 1e-13;
const QUADRATURE_TOL = 1e-10;
const APPROX_TOL_DB = 0.5;
const LAMBDA_M = SPEED_OF_LIGHT_M_PER_S / 73e9;

/** Composite Simpson rule for C and S, as an independent check. */
function quadrature(x: number, steps = 20000): { c: number; s: number } {
  const h = x / steps;
  let c = 0;
  let s = 0;
  for (let i = 0; i <= steps; i++) {
    const w = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    const t = i * h;
    c += w * Math.cos((Math.PI / 2) * t * t);
    s += w * Math.sin((Math.PI / 2) * t * t);
  }
  return { c: (c * h) / 3, s: (s * h) / 3 };
}

Deno.test("fresnelIntegrals: tabulated values", () => {
  // Abramowitz & Stegun / mpmath values.
  const table: [number, number, number][] = [
    [0.5, 0.4923442258714464, 0.0647324328599993],
    [1, 0.7798934003768228, 0.4382591473903548],
    [2, 0.4882534060753408, 0.3434156783636982],
    [10, 0.4998986942055157, 0.4681699785848822],
  ];
  for (const [x, c, s] of table) {
    const r = fresnelIntegrals(x);
    assert.ok(Math.abs(r.c - c) < FRESNEL_TOL, `C(${x}) = ${r.c}`);
    assert.ok(Math.abs(r.s - s) < FRESNEL_TOL, `S(${x}) = ${r.s}`);
  }
  assert.deepEqual(fresnelIntegrals(0), { c: 0, s: 0 });
  const neg = fresnelIntegrals(-1);
  assert.ok(Math.abs(neg.c + 0.7798934003768228) < FRESNEL_TOL);
  const far = fresnelIntegrals(1e4);
  assert.ok(Math.abs(far.c - 0.5) < 1e-4 && Math.abs(far.s - 0.5) < 1e-4);
});

Deno.test("fresnelIntegrals: matches quadrature on both sides of the method switch", () => {
  for (const x of [0.1, 0.9, 1.49, 1.5, 1.51, 2.5, 4, 6]) {
    const r = fresnelIntegrals(x);
    const q = quadrature(x);
    assert.ok(Math.abs(r.c - q.c) < QUADRATURE_TOL, `C(${x}): ${r.c} vs ${q.c}`);
    assert.ok(Math.abs(r.s - q.s) < QUADRATURE_TOL, `S(${x}): ${r.s} vs ${q.s}`);
  }
});

Deno.test("knifeEdgeLossDb: J(0) = 20 log10 2 = 6.02 dB exactly", () => {
  assert.ok(Math.abs(knifeEdgeLossDb(0) - 20 * Math.log10(2)) < 1e-12);
  assert.ok(Math.abs(knifeEdgeLossDb(0) - 6.02) < 0.001);
});

Deno.test("knifeEdgeLossDb: close to the ITU-R P.526 approximation for v > -0.78", () => {
  for (let v = -0.7; v <= 10; v += 0.1) {
    const diff = Math.abs(knifeEdgeLossDb(v) - knifeEdgeLossApproxDb(v));
    assert.ok(diff < APPROX_TOL_DB, `v=${v.toFixed(2)}: diff ${diff}`);
  }
  // Large v: J ~ 13 + 20 log10 v (within 0.1 dB at v = 10).
  assert.ok(Math.abs(knifeEdgeLossDb(10) - (12.95 + 20)) < 0.1);
  // Deep illuminated region: J -> 0.
  assert.ok(Math.abs(knifeEdgeLossDb(-20)) < 0.5);
});

Deno.test("fresnelKirchhoffV: formula and sign", () => {
  const v = fresnelKirchhoffV(0.05, { d1M: 3, d2M: 1, wavelengthM: LAMBDA_M });
  assert.ok(Math.abs(v - 0.05 * Math.sqrt((2 * 4) / (LAMBDA_M * 3))) < 1e-12);
  assert.ok(fresnelKirchhoffV(-0.05, { d1M: 3, d2M: 1, wavelengthM: LAMBDA_M }) < 0);
  assert.throws(() => fresnelKirchhoffV(0.1, { d1M: 0, d2M: 1, wavelengthM: 1 }), /options\.d1M/);
});

const base = {
  transmitterPositionM: [0, 0, 1.5] as const,
  receiverPositionM: [8, 0, 1.5] as const,
  widthM: 0.3,
  heightM: 1.75,
  wavelengthM: LAMBDA_M,
};

Deno.test("screenBlockageLossDb: body in the middle of a link attenuates 10-30 dB", () => {
  const lossDb = screenBlockageLossDb({ ...base, screenCenterM: [4, 0, 0.875] });
  assert.ok(lossDb > 10 && lossDb < 30, `loss ${lossDb}`);
});

Deno.test("screenBlockageLossDb: symmetric in lateral offset and in tx/rx swap", () => {
  for (const y of [0.05, 0.15, 0.3]) {
    const left = screenBlockageLossDb({ ...base, screenCenterM: [3, y, 0.875] });
    const right = screenBlockageLossDb({ ...base, screenCenterM: [3, -y, 0.875] });
    assert.ok(Math.abs(left - right) < 1e-9);
    const swapped = screenBlockageLossDb({
      ...base,
      transmitterPositionM: base.receiverPositionM,
      receiverPositionM: base.transmitterPositionM,
      screenCenterM: [3, y, 0.875],
    });
    assert.ok(Math.abs(left - swapped) < 1e-9);
  }
});

Deno.test("screenBlockageLossDb: decreases smoothly as the body leaves the line", () => {
  let previous = Infinity;
  for (let y = 0; y <= 1.5; y += 0.05) {
    const lossDb = screenBlockageLossDb({ ...base, screenCenterM: [4, y, 0.875] });
    assert.ok(lossDb <= previous + 1e-9, `not monotone at y=${y}`);
    assert.ok(lossDb >= 0);
    previous = lossDb;
  }
  assert.ok(previous < 0.1);
});

Deno.test("screenBlockageLossDb: limits (huge screen, outside the link, vertical link)", () => {
  const huge = screenBlockageLossDb({
    ...base,
    widthM: 100,
    heightM: 100,
    screenCenterM: [4, 0, 1.5],
  });
  assert.ok(huge > 40, `huge screen loss ${huge}`);
  assert.equal(screenBlockageLossDb({ ...base, screenCenterM: [-1, 0, 0.875] }), 0);
  assert.equal(screenBlockageLossDb({ ...base, screenCenterM: [9, 0, 0.875] }), 0);
  assert.equal(
    screenBlockageLossDb({
      ...base,
      transmitterPositionM: [1, 1, 2.9],
      receiverPositionM: [1, 1, 1.0],
      screenCenterM: [1, 1, 0.875],
    }),
    0,
  );
  // A short screen far below a link: almost nothing.
  const low = screenBlockageLossDb({ ...base, heightM: 0.5, screenCenterM: [4, 0, 0.25] });
  assert.ok(low < 0.5, `low screen loss ${low}`);
});

Deno.test("screenBlockageLossDb: rejects bad geometry naming the option", () => {
  assert.throws(
    () => screenBlockageLossDb({ ...base, widthM: -1, screenCenterM: [4, 0, 1] }),
    { name: "RangeError", message: /options\.widthM/ },
  );
  assert.throws(
    () =>
      screenBlockageLossDb({
        ...base,
        screenCenterM: [4, 0] as unknown as [number, number, number],
      }),
    { name: "TypeError", message: /options\.screenCenterM/ },
  );
});
