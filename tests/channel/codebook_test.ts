import assert from "node:assert/strict";
import {
  beamDirectionCosines,
  beamGains,
  beamRssiDbm,
  beamVector,
  bestBeam,
  createDftCodebook,
  steeringFromDirectionCosines,
} from "../../lib/channel/mod.ts";
import { createRng } from "../../lib/core/mod.ts";

const ARRAY = { horizontal: 8, vertical: 8, spacingWavelengths: 0.5 };

Deno.test("8x8 DFT codebook: 64 orthonormal beams", () => {
  const cb = createDftCodebook(ARRAY);
  assert.equal(cb.beamCount, 64);
  const beams = Array.from({ length: 64 }, (_, i) => beamVector(cb, i));
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 64; j++) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < 64; n++) {
        // f_i^H f_j
        re += beams[i].re[n] * beams[j].re[n] + beams[i].im[n] * beams[j].im[n];
        im += beams[i].re[n] * beams[j].im[n] - beams[i].im[n] * beams[j].re[n];
      }
      assert.ok(Math.abs(Math.hypot(re, im) - (i === j ? 1 : 0)) < 1e-12, `${i},${j}`);
    }
  }
});

Deno.test("beamGains (separable) equals the direct |h^H f_i|^2, also interleaved and oversampled", () => {
  const rng = createRng(5).stream("rows");
  for (const oversampling of [1, 2]) {
    const cb = createDftCodebook(ARRAY, { oversampling });
    const row = { re: new Float64Array(64), im: new Float64Array(64) };
    for (let n = 0; n < 64; n++) [row.re[n], row.im[n]] = [rng.normal(), rng.normal()];
    const gains = beamGains(row, { codebook: cb });
    const inter = new Float32Array(2 + 128);
    for (let n = 0; n < 64; n++) [inter[2 + 2 * n], inter[3 + 2 * n]] = [row.re[n], row.im[n]];
    const gainsInterleaved = beamGains(inter, { codebook: cb, offset: 2 });
    for (let i = 0; i < cb.beamCount; i++) {
      const f = beamVector(cb, i);
      let re = 0;
      let im = 0;
      for (let n = 0; n < 64; n++) {
        re += row.re[n] * f.re[n] - row.im[n] * f.im[n];
        im += row.re[n] * f.im[n] + row.im[n] * f.re[n];
      }
      const direct = re * re + im * im;
      assert.ok(Math.abs(gains[i] - direct) < 1e-10 * (1 + direct));
      assert.ok(Math.abs(gainsInterleaved[i] - direct) < 1e-5 * (1 + direct));
    }
  }
});

Deno.test("bestBeam of a single-path row points at the path: beam direction matches", () => {
  const cb = createDftCodebook(ARRAY);
  // A path exactly on the grid of beam 19 has gain Nt |alpha|^2 there (full array gain).
  const { cosineH, cosineV } = beamDirectionCosines(cb, 19);
  const a = steeringFromDirectionCosines(ARRAY, cosineH, cosineV);
  const row = { re: a.re.map((v) => 8 * v), im: a.im.map((v) => 8 * v) }; // sqrt(Nt) a^T
  const choice = bestBeam(row, cb);
  assert.equal(choice.index, 19);
  assert.ok(Math.abs(choice.gain - 64) < 1e-9);
  assert.equal(beamRssiDbm(choice.gain, { txPowerDbm: 23 }), 23 + 10 * Math.log10(64));
});

Deno.test("codebook functions reject bad arguments", () => {
  assert.throws(() => createDftCodebook(ARRAY, { oversampling: 0 }), RangeError);
  const cb = createDftCodebook(ARRAY);
  assert.throws(() => beamVector(cb, 64), RangeError);
  assert.throws(
    () => bestBeam({ re: new Float64Array(3), im: new Float64Array(3) }, cb),
    RangeError,
  );
  // deno-lint-ignore no-explicit-any
  assert.throws(() => bestBeam(new Float32Array(128), {} as any), TypeError);
  assert.throws(() => beamRssiDbm(-1, { txPowerDbm: 23 }), RangeError);
});
