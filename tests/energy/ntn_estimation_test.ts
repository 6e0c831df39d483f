import assert from "node:assert/strict";
import { complexMatrix, createRng } from "../../lib/core/mod.ts";
import { createKalmanCv, mmseChannelEstimate, pilotSnr } from "../../lib/ntn/mod.ts";

Deno.test("MMSE estimate: error variance beta / (1 + rho) per entry, seeded", () => {
  const rng = createRng(3).stream("h");
  const K = 3, nt = 64;
  const h = complexMatrix(K, nt);
  for (let j = 0; j < h.re.length; j++) {
    h.re[j] = 1e-5 * rng.normal();
    h.im[j] = 1e-5 * rng.normal();
  }
  const pilot = { pilotPowerW: 0.2, pilotLength: 1, noisePowerW: 2e-11 };
  let err = 0, beta = 0;
  const trials = 200;
  for (let t = 0; t < trials; t++) {
    const e = mmseChannelEstimate(h, pilot, createRng(t));
    for (let j = 0; j < nt; j++) err += (e.re[j] - h.re[j]) ** 2 + (e.im[j] - h.im[j]) ** 2;
  }
  for (let j = 0; j < nt; j++) beta += (h.re[j] ** 2 + h.im[j] ** 2) / nt;
  const rho = pilotSnr(beta, pilot);
  const expected = beta / (1 + rho);
  const measured = err / (trials * nt);
  // Bias of a fixed h adds (1 - w)^2 |h|^2 with w = rho/(1+rho): same order; within 30 %.
  assert.ok(Math.abs(measured / expected - 1) < 0.3, `${measured} vs ${expected}`);
  assert.deepEqual(
    mmseChannelEstimate(h, pilot, createRng(9)),
    mmseChannelEstimate(h, pilot, createRng(9)),
  );
  assert.throws(() => pilotSnr(1, { ...pilot, pilotPowerW: -1 }), /pilotPowerW/);
});

Deno.test("Kalman CV: tracks a straight walk from noisy reports, forecast std grows", () => {
  const rng = createRng(5).stream("reports");
  const kf = createKalmanCv({ position: [0, 0], accelerationStd: 0.2, measurementStd: 1.5 });
  const dt = 0.1;
  for (let i = 1; i <= 300; i++) {
    kf.predict(dt);
    kf.update([0.8 * i * dt + 1.5 * rng.normal(), -0.6 * i * dt + 1.5 * rng.normal()]);
  }
  const [vx, vy] = kf.velocity();
  assert.ok(Math.abs(vx - 0.8) < 0.15 && Math.abs(vy + 0.6) < 0.15, `${vx} ${vy}`);
  const [x, y] = kf.position();
  assert.ok(Math.hypot(x - 24, y + 18) < 1.2);
  const near = kf.forecast(0.1), far = kf.forecast(5);
  assert.ok(far.std[0] > near.std[0]);
  assert.ok(Math.abs(far.position[0] - (x + 5 * vx)) < 1e-12);
  assert.throws(
    () => createKalmanCv({ position: [0, 0], accelerationStd: 0, measurementStd: 1 }),
    /accelerationStd/,
  );
});
