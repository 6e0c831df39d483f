/**
 * The second shipped scene, `data/scenes/lab28.json` (issue 14): a 14 x 10 m lab at
 * 28 GHz that differs from the office in size, materials, AP count and mounting, carrier,
 * bandwidth, noise figure and UE height; its materials follow ITU-R P.2040 at 28 GHz; and
 * its ray-traced line-of-sight path loss agrees with 3GPP TR 38.901 InH-Office at 28 GHz.
 */
import assert from "node:assert/strict";
import {
  createChannelModel,
  pathLoss38901InH,
  radioMap,
  rayTracedPathLossDb,
  rmsDelaySpreadS,
} from "../../lib/channel/mod.ts";
import { createRng } from "../../lib/core/mod.ts";
import { surveyLinks, surveySummary } from "../../lib/experiments/mod.ts";
import { ituMaterial, loadNamedScene, type Scene, sceneFaces } from "../../lib/scene/mod.ts";

const lab: Scene = await loadNamedScene("lab28");
const office: Scene = await loadNamedScene("office");

Deno.test("lab28: differs from the office in size, carrier, materials, AP count and mounting", () => {
  assert.deepEqual(lab.room.size, [14, 10, 3]);
  assert.equal(lab.carrierFrequencyHz, 28e9);
  assert.equal(lab.bandwidthHz, 200e6);
  assert.equal(lab.noiseFigureDb, 7);
  assert.equal(lab.ueHeightM, 1.2);
  assert.equal(lab.accessPoints.length, 4);
  assert.notEqual(lab.accessPoints.length, office.accessPoints.length);
  // Two APs on the ceiling facing down, two on walls facing into the room.
  const down = lab.accessPoints.filter((a) => a.boresight[2] < -0.99);
  const wall = lab.accessPoints.filter((a) => Math.hypot(a.boresight[0], a.boresight[1]) > 0.9);
  assert.equal(down.length, 2);
  assert.equal(wall.length, 2);
  for (const ap of wall) {
    // On a wall (within 0.2 m of it) and facing away from it, into the room.
    const [x, y]: readonly number[] = ap.position;
    const [sx, sy]: readonly number[] = lab.room.size;
    const inward: boolean = (x < 0.2 && ap.boresight[0] > 0) ||
      (x > sx - 0.2 && ap.boresight[0] < 0) ||
      (y < 0.2 && ap.boresight[1] > 0) || (y > sy - 0.2 && ap.boresight[1] < 0);
    assert.ok(inward, ap.id);
  }
  const used = new Set([
    lab.room.wallMaterial,
    lab.room.floorMaterial,
    lab.room.ceilingMaterial,
    ...lab.objects.map((o) => o.material),
  ]);
  for (const m of ["plasterboard", "ceilingboard", "chipboard"]) assert.ok(used.has(m as never), m);
  assert.equal(lab.zones.length, 3);
  assert.ok(sceneFaces(lab).length > 0);
});

Deno.test("lab28: materials are ITU-R P.2040 at the scene's 28 GHz, not at 73 GHz", () => {
  // sigma = c f_GHz^d, computed here independently through exp/log.
  const plaster = ituMaterial("plasterboard", lab.carrierFrequencyHz);
  assert.ok(Math.abs(plaster.conductivitySPerM - 0.0116 * Math.exp(0.7076 * Math.log(28))) < 1e-12);
  assert.equal(plaster.relativePermittivity, 2.94);
  const concrete28 = ituMaterial("concrete", 28e9).conductivitySPerM;
  const concrete73 = ituMaterial("concrete", 73e9).conductivitySPerM;
  assert.ok(Math.abs(concrete73 / concrete28 - (73 / 28) ** 0.8095) < 1e-12);
  // The channel model takes the scene's carrier: the wavelength of its arrays is 28 GHz's.
  const model = createChannelModel(lab, { maxReflectionOrder: 0 });
  assert.equal(model.apCount, 4);
  assert.equal(model.antennaCount, 64);
});

Deno.test("lab28: ray-traced LOS path loss is within 38.901 InH-Office's 3 dB sigma at 28 GHz", () => {
  const model = createChannelModel(lab, { maxReflectionOrder: 2 });
  const rng = createRng(7).stream("lab-los-links");
  const deltasDb: number[] = [];
  const spreadsS: number[] = [];
  let attempts = 0;
  while (deltasDb.length < 200 && attempts++ < 5000) {
    const b = rng.integer(lab.accessPoints.length);
    const p: [number, number, number] = [
      rng.uniformIn(0.3, lab.room.size[0] - 0.3),
      rng.uniformIn(0.3, lab.room.size[1] - 0.3),
      lab.ueHeightM,
    ];
    const paths = model.paths(b, p);
    const direct = paths.find((x) => x.isDirect && x.interactions.length === 0);
    if (!direct || direct.lengthM < 1) continue;
    deltasDb.push(
      rayTracedPathLossDb(paths) -
        pathLoss38901InH(direct.lengthM, lab.carrierFrequencyHz, { lineOfSight: true }).meanDb,
    );
    spreadsS.push(rmsDelaySpreadS(paths));
  }
  assert.equal(deltasDb.length, 200, "enough LOS links");
  const mean = deltasDb.reduce((s, x) => s + x, 0) / deltasDb.length;
  assert.ok(Math.abs(mean) < 3, `mean deviation ${mean.toFixed(2)} dB`);
  const medianSpread = spreadsS.sort((a, b) => a - b)[100];
  assert.ok(medianSpread > 1e-9 && medianSpread < 60e-9, `median spread ${medianSpread}`);
});

Deno.test("lab28: the channel study's survey uses the scene's carrier and geometry (38.901 at 28 GHz)", () => {
  const model = createChannelModel(lab, { maxReflectionOrder: 1 });
  const rows = surveyLinks(model, { linkCount: 60, seed: 3 });
  assert.ok(rows.length > 30);
  for (const r of rows) {
    assert.ok(lab.accessPoints.some((a) => a.id === r.apId));
    // 38.901 LOS at 28 GHz: 32.4 + 17.3 log10(d) + 20 log10(28).
    const expected = 32.4 + 17.3 * Math.log10(r.distanceM) + 20 * Math.log10(28);
    assert.ok(Math.abs(r.ref38901LosDb - expected) < 1e-9);
  }
  const [los] = surveySummary(rows);
  assert.ok(los.links > 10 && Math.abs(los.meanDeviationDb) < 3, JSON.stringify(los));
  // The radio map covers the lab's floor at its UE height with its bandwidth's noise.
  const map = radioMap(model, { resolutionM: 2 });
  assert.equal(map.rxPowerDbm.length, 4);
  assert.ok(Math.max(...map.xM) < 14 && Math.max(...map.yM) < 10);
});
