import assert from "node:assert/strict";
import { squaredNorm, wavelengthM } from "../../lib/core/mod.ts";
import { channelMatrix, channelRowFromPaths, createChannelModel } from "../../lib/channel/mod.ts";
import { tracePaths } from "../../lib/rt/mod.ts";
import { loadNamedScene } from "../../lib/scene/mod.ts";

Deno.test("channel is continuous in UE position: 1 um and 1 mm moves", async () => {
  const scene = await loadNamedScene("office");
  const lambda = wavelengthM(scene.carrierFrequencyHz);
  const model = createChannelModel(scene, { maxReflectionOrder: 2 });
  const p: [number, number, number] = [4.37, 6.21, scene.ueHeightM];
  for (const stepM of [1e-6, 1e-3]) {
    const q: [number, number, number] = [p[0] + stepM, p[1], p[2]];
    const [h1] = model.channelMatrices([p]);
    const [h2] = model.channelMatrices([q]);
    let diff = 0;
    for (let n = 0; n < h1.re.length; n++) {
      diff += (h1.re[n] - h2.re[n]) ** 2 + (h1.im[n] - h2.im[n]) ** 2;
    }
    const relative = Math.sqrt(diff / squaredNorm(h1));
    // Each path's phase moves by at most 2 pi step / lambda; amplitudes barely move.
    const bound = 2 * Math.PI * stepM / lambda * 1.05 + 1e-6;
    assert.ok(relative <= bound, `step ${stepM} m: relative change ${relative} > ${bound}`);
  }
});

Deno.test("channelMatrix is [K, Nt], row k built from the UE's paths, and LOS-only gain is Nt |alpha|^2", async () => {
  const scene = await loadNamedScene("office");
  const ues: [number, number, number][] = [[3, 4, 1], [5, 10, 1], [2, 12, 1]];
  const h = channelMatrix(scene, { apIndex: 0, uePositions: ues }, {
    maxReflectionOrder: 0,
    elementPattern: "isotropic",
  });
  assert.equal(h.rows, 3);
  assert.equal(h.cols, 64);
  const paths = tracePaths(scene, { tx: scene.accessPoints[0].position, rx: ues[0] }, {
    maxReflectionOrder: 0,
  });
  assert.equal(paths.length, 1, "UE 0 sees AP 0 directly");
  const alpha2 = paths[0].gain.re ** 2 + paths[0].gain.im ** 2;
  const row = channelRowFromPaths(scene.accessPoints[0], paths, { elementPattern: "isotropic" });
  assert.ok(Math.abs(squaredNorm(row) / alpha2 - 64) < 1e-9);
  // The matrix row equals the row built from the same paths.
  for (let n = 0; n < 64; n++) {
    assert.ok(Math.abs(h.re[n] - row.re[n]) < 1e-15 && Math.abs(h.im[n] - row.im[n]) < 1e-15);
  }
  assert.throws(() => channelMatrix(scene, { apIndex: 7, uePositions: ues }), /apIndex/);
});
