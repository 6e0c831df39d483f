import assert from "node:assert/strict";
import { createRng, vec3 } from "../../lib/core/mod.ts";
import {
  blockageLossDb,
  createNtnScene,
  createTraffic,
  createUserTracks,
  freeSpacePathLoss38811Db,
  isLineOfSight,
  losProbability38811,
  ntnChannelRow,
  ntnPaths,
  ntnScenarioConfig,
  pathLoss38811,
  uavPosition,
  validateNtnScenario,
} from "../../lib/ntn/mod.ts";

Deno.test("38.811 LOS probability: table values at the grid, linear in between", () => {
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  near(losProbability38811("urban", 10), 0.246);
  near(losProbability38811("suburban", 90), 0.998);
  near(losProbability38811("dense-urban", 50), 0.537);
  assert.ok(Math.abs(losProbability38811("urban", 45) - (0.613 + 0.726) / 2) < 1e-12);
  near(losProbability38811("urban", 3), 0.246); // held below 10 degrees
  assert.throws(() => losProbability38811("urban", 95), /elevationDeg/);
  // @ts-expect-error: unknown environment
  assert.throws(() => losProbability38811("rural-ish", 30), /environment/);
});

Deno.test("38.811 path loss: FSPL eq. 6.6-2 and Ka-band clutter loss for NLOS", () => {
  // 32.45 + 20 log10(26) + 20 log10(150) = 104.27 dB
  assert.ok(Math.abs(freeSpacePathLoss38811Db(150, 26e9) - 104.27) < 0.01);
  const pl = pathLoss38811("urban", 150, 30, 26e9);
  assert.ok(Math.abs(pl.clutterLossDb - 37.5) < 1e-12);
  assert.ok(Math.abs(pl.nlosDb - pl.losDb - 37.5) < 1e-12);
  assert.ok(Math.abs(pl.sigmaLosDb - 4) < 1e-12);
  assert.ok(Math.abs(pathLoss38811("suburban", 150, 20, 26e9).clutterLossDb - 24.6) < 1e-12);
});

Deno.test("scenario: altitude below the highest building is an error naming uavAltitudeM", () => {
  assert.throws(
    () => validateNtnScenario(ntnScenarioConfig({ uavAltitudeM: 30, buildingHeightM: [15, 40] })),
    /uavAltitudeM.*highest building/,
  );
  assert.throws(
    () =>
      validateNtnScenario(ntnScenarioConfig({
        uavAltitudeM: 50,
        buildings: [{ min: [0, 0, 0], max: [10, 10, 60] }],
      })),
    /uavAltitudeM \(50 m\).*60 m/,
  );
  assert.throws(() => validateNtnScenario(ntnScenarioConfig({ ueCount: 0 })), /ueCount/);
});

Deno.test("scenario: seeded, users stay in their cluster disc at 1 m/s, no building in a disc", () => {
  const cfg = ntnScenarioConfig();
  const a = createNtnScene(cfg, createRng(4));
  const b = createNtnScene(cfg, createRng(4));
  assert.deepEqual(a.buildings, b.buildings);
  assert.ok(a.buildings.length >= 6);
  const tracks = createUserTracks(a, 120, createRng(4));
  for (const [k, tr] of tracks.entries()) {
    const c = a.clusters[tr.cluster];
    assert.equal(tr.cluster, k % cfg.clusterCount);
    for (let t = 0; t <= 120; t += 7.3) {
      const p = tr.position(t);
      assert.ok(Math.hypot(p[0] - c.center[0], p[1] - c.center[1]) <= c.radiusM + 1e-9);
      const q = tr.position(t + 0.5);
      assert.ok(vec3.distance(p, q) <= 0.5 * cfg.ueSpeedMps + 1e-9);
    }
  }
  for (const bl of a.buildings) {
    for (const c of a.clusters) {
      const dx = Math.max(bl.min[0] - c.center[0], 0, c.center[0] - bl.max[0]);
      const dy = Math.max(bl.min[1] - c.center[1], 0, c.center[1] - bl.max[1]);
      assert.ok(Math.hypot(dx, dy) >= c.radiusM);
    }
  }
  const p0 = uavPosition(cfg, 0), p1 = uavPosition(cfg, 1);
  assert.equal(p0[2], 100);
  assert.ok(Math.abs(vec3.distance(p0, p1) - cfg.uavSpeedMps) < 0.01);
});

Deno.test("traffic: the number of active users varies, demand in range, seeded", () => {
  const cfg = ntnScenarioConfig();
  const t = createTraffic(cfg, 40, createRng(2));
  const counts = t.active.map((a) => a.filter((x) => x).length);
  assert.ok(Math.max(...counts) - Math.min(...counts) >= 4);
  t.demandMbps.forEach((row, i) =>
    row.forEach((d, k) => {
      if (t.active[i][k]) assert.ok(d >= cfg.demandMbps[0] && d <= cfg.demandMbps[1]);
      else assert.equal(d, 0);
    })
  );
  assert.deepEqual(createTraffic(cfg, 40, createRng(2)), t);
});

Deno.test("propagation: free space + ground reflection, UPA gain, knife-edge blockage", () => {
  const scene = createNtnScene(ntnScenarioConfig({ buildingCount: 0 }), createRng(1));
  const uav: [number, number, number] = [200, 200, 100],
    ue: [number, number, number] = [
      300,
      200,
      1.5,
    ];
  const [direct, ground] = ntnPaths(scene, uav, ue);
  const lambda = 299792458 / 26e9;
  const d = vec3.distance(uav, ue);
  assert.ok(
    Math.abs(Math.hypot(direct.gain.re, direct.gain.im) - lambda / (4 * Math.PI * d)) < 1e-15,
  );
  assert.ok(ground.lengthM > direct.lengthM);
  const gRatio = Math.hypot(ground.gain.re, ground.gain.im) /
    Math.hypot(direct.gain.re, direct.gain.im);
  assert.ok(gRatio > 0.05 && gRatio < 1);
  // The channel norm^2 holds the array gain (64) times the element gain and path power.
  const row = ntnChannelRow(scene, uav, ue);
  let g = 0;
  for (let n = 0; n < 64; n++) g += row.re[n] ** 2 + row.im[n] ** 2;
  const free = (lambda / (4 * Math.PI * d)) ** 2;
  assert.ok(g / free > 64 * 0.05 && g / free < 64 * 4 * 10);
  // A tall building between them: blocked, large loss; a low one: clear.
  const tall = [{ min: [240, 190, 0], max: [260, 210, 80] }] as const;
  const low = [{ min: [240, 190, 0], max: [260, 210, 5] }] as const;
  assert.equal(isLineOfSight(tall, uav, ue), false);
  assert.equal(isLineOfSight(low, uav, ue), true);
  assert.ok(blockageLossDb(tall, uav, ue, lambda) > 20);
  assert.equal(blockageLossDb(low, uav, ue, lambda), 0);
});

Deno.test("38.811 check: geometric LOS share of the scenario vs the suburban / urban tables", () => {
  // Like the indoor 38.901 check: our geometry's LOS share per elevation bin, against
  // the table; asserted loosely (a band), the table is a statistic of other cities.
  const scene = createNtnScene(ntnScenarioConfig(), createRng(7));
  const tracks = createUserTracks(scene, 600, createRng(7));
  const bins = new Map<number, { los: number; n: number }>();
  for (let t = 0; t < 600; t += 5) {
    const uav = uavPosition(scene.config, t);
    for (const tr of tracks) {
      const p = tr.position(t);
      const el = Math.atan2(uav[2] - p[2], Math.hypot(uav[0] - p[0], uav[1] - p[1])) * 180 /
        Math.PI;
      const bin = Math.min(90, Math.max(10, Math.round(el / 10) * 10));
      const e = bins.get(bin) ?? { los: 0, n: 0 };
      e.n++;
      if (isLineOfSight(scene.buildings, uav, p)) e.los++;
      bins.set(bin, e);
    }
  }
  let total = 0, los = 0;
  for (const [bin, e] of bins) {
    total += e.n;
    los += e.los;
    if (e.n > 100) {
      assert.ok(e.los / e.n >= losProbability38811("urban", bin) - 0.35, `bin ${bin}`);
    }
  }
  assert.ok(los / total > 0.6 && los / total < 0.99);
});
