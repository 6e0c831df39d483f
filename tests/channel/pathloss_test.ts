import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import {
  createChannelModel,
  freeSpacePathLossDb,
  pathLoss38901InH,
  rayTracedPathLossDb,
  rmsDelaySpreadS,
} from "../../lib/channel/mod.ts";
import { loadNamedScene } from "../../lib/scene/mod.ts";

/** Published reference values are given to 0.01 dB. */
const REFERENCE_ATOL_DB = 0.01;

Deno.test("free-space loss at 73 GHz, 1 m is 69.71 dB and grows 20 dB per decade", () => {
  assert.ok(Math.abs(freeSpacePathLossDb(1, 73e9) - 69.71) < REFERENCE_ATOL_DB);
  assert.ok(Math.abs(freeSpacePathLossDb(10, 73e9) - freeSpacePathLossDb(1, 73e9) - 20) < 1e-9);
});

Deno.test("3GPP TR 38.901 InH-Office LOS and NLOS formulas", () => {
  const f = 73e9;
  const d = 12;
  const los = pathLoss38901InH(d, f, { lineOfSight: true });
  const expectedLos = 32.4 + 17.3 * Math.log10(d) + 20 * Math.log10(73);
  assert.ok(Math.abs(los.meanDb - expectedLos) < 1e-9);
  assert.equal(los.shadowFadingSigmaDb, 3);
  const nlos = pathLoss38901InH(d, f, { lineOfSight: false });
  const expectedNlos = 17.3 + 38.3 * Math.log10(d) + 24.9 * Math.log10(73);
  assert.ok(Math.abs(nlos.meanDb - Math.max(expectedLos, expectedNlos)) < 1e-9);
  assert.equal(nlos.shadowFadingSigmaDb, 8.03);
  // At 1 m the NLOS formula falls below LOS: the max() takes over.
  const near = pathLoss38901InH(1, f, { lineOfSight: false });
  assert.ok(Math.abs(near.meanDb - pathLoss38901InH(1, f, { lineOfSight: true }).meanDb) < 1e-9);
  assert.throws(() => pathLoss38901InH(0.5, f, { lineOfSight: true }), RangeError);
});

Deno.test("statistics: ray-traced LOS path loss in the office is within 38.901's 3 dB sigma on average", async () => {
  const scene = await loadNamedScene("office");
  const model = createChannelModel(scene, { maxReflectionOrder: 2 });
  const rng = createRng(7).stream("los-links");
  const deltasDb: number[] = [];
  const spreadsS: number[] = [];
  let attempts = 0;
  while (deltasDb.length < 200 && attempts++ < 5000) {
    const b = rng.integer(scene.accessPoints.length);
    const ap = scene.accessPoints[b];
    const p: [number, number, number] = [
      rng.uniformIn(0.3, scene.room.size[0] - 0.3),
      rng.uniformIn(0.3, scene.room.size[1] - 0.3),
      scene.ueHeightM,
    ];
    const paths = model.paths(b, p);
    const direct = paths.find((x) => x.isDirect && x.interactions.length === 0);
    if (!direct || direct.lengthM < 1) continue;
    deltasDb.push(
      rayTracedPathLossDb(paths) -
        pathLoss38901InH(direct.lengthM, scene.carrierFrequencyHz, { lineOfSight: true }).meanDb,
    );
    spreadsS.push(rmsDelaySpreadS(paths));
    void ap;
  }
  assert.equal(deltasDb.length, 200, "enough LOS links");
  const mean = deltasDb.reduce((s, x) => s + x, 0) / deltasDb.length;
  assert.ok(Math.abs(mean) < 3, `mean deviation ${mean.toFixed(2)} dB`);
  // Indoor mmWave RMS delay spreads are a few to a few tens of ns.
  const medianSpread = spreadsS.sort((a, b) => a - b)[100];
  assert.ok(medianSpread > 1e-9 && medianSpread < 60e-9, `median spread ${medianSpread}`);
});
