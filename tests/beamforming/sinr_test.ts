import assert from "node:assert/strict";
import { createRng, dbmToWatt, matrixFromRows } from "../../lib/core/mod.ts";
import {
  NOISE_POWER_DBM,
  NOISE_POWER_W,
  perBeamPowerW,
  powerGains,
  servedUesByAp,
  sinrDb,
  sinrLinear,
  TX_POWER_DBM,
} from "../../lib/beamforming/mod.ts";
import { bilinear, randomMatrix } from "./helpers.ts";

Deno.test("eq. (5) on a hand-computed 2-AP, 3-UE, 2-antenna example", () => {
  // AP 0 serves UEs 0 and 2, AP 1 serves UE 1; beams e1/e2 so gains are |H[k, n]|^2.
  const h0 = matrixFromRows([[1, [0, 1]], [0.5, 0], [0, 2]]);
  const h1 = matrixFromRows([[0.1, 0], [3, 0], [0, 0.2]]);
  const w0 = matrixFromRows([[1, 0], [0, 1]]); // [Nt=2, K_0=2]: UE0 -> e1, UE2 -> e2
  const w1 = matrixFromRows([[1], [0]]); // UE1 -> e1
  const p = Float64Array.of(2, 4);
  const s = sinrLinear(
    [h0, h1],
    [{ servedUes: Int32Array.of(0, 2), weights: w0 }, { servedUes: Int32Array.of(1), weights: w1 }],
    { beamPowerW: p, noisePowerW: 0.1 },
  );
  // UE0: signal 2*|1|^2 = 2; interference 2*|j|^2 (AP0 beam UE2) + 4*|0.1|^2 = 2.04
  assert.ok(Math.abs(s[0] - 2 / (2.04 + 0.1)) < 1e-15);
  // UE1: signal 4*9 = 36; interference 2*0.25 + 2*0 = 0.5
  assert.ok(Math.abs(s[1] - 36 / (0.5 + 0.1)) < 1e-12);
  // UE2: signal 2*4 = 8; interference 2*0 + 4*0 = 0
  assert.ok(Math.abs(s[2] - 8 / 0.1) < 1e-12);
});

Deno.test("sinrLinear matches a brute-force triple loop on random channels and beams", () => {
  const rng = createRng(3).stream("sinr");
  const a = 3, k = 7, nt = 5;
  const channels = Array.from({ length: a }, () => randomMatrix(rng, k, nt, 1e-5));
  const servingAp = Int32Array.of(2, 0, 1, 0, 2, 2, 1);
  const served = servedUesByAp(servingAp, a);
  const beams = served.map((s) => ({ servedUes: s, weights: randomMatrix(rng, nt, s.length) }));
  const power = perBeamPowerW(servingAp, { apCount: a });
  const got = sinrLinear(channels, beams, { beamPowerW: power, noisePowerW: NOISE_POWER_W });
  for (let u = 0; u < k; u++) {
    let sig = 0, intf = 0;
    for (let b = 0; b < a; b++) {
      for (let j = 0; j < served[b].length; j++) {
        const [re, im] = bilinear(channels[b], u, beams[b].weights, j);
        const g = power[b] * (re * re + im * im);
        if (served[b][j] === u) sig += g;
        else intf += g;
      }
    }
    const want = sig / (intf + NOISE_POWER_W);
    assert.ok(Math.abs(got[u] - want) <= 1e-12 * want, `UE ${u}: ${got[u]} vs ${want}`);
  }
});

Deno.test("unserved UEs get SINR 0; double service and shape errors are RangeErrors", () => {
  const h = matrixFromRows([[1, 0], [0, 1]]);
  const w = matrixFromRows([[1], [0]]);
  const s = sinrLinear([h], [{ servedUes: Int32Array.of(0), weights: w }], {
    beamPowerW: 1,
    noisePowerW: 1,
  });
  assert.equal(s[1], 0);
  assert.throws(
    () =>
      sinrLinear([h, h], [{ servedUes: Int32Array.of(0), weights: w }, {
        servedUes: Int32Array.of(0),
        weights: w,
      }], { beamPowerW: 1, noisePowerW: 1 }),
    /UE 0 is served by APs 0 and 1/,
  );
  assert.throws(
    () =>
      sinrLinear([h], [{ servedUes: Int32Array.of(0, 1), weights: w }], {
        beamPowerW: 1,
        noisePowerW: 1,
      }),
    /beams\[0\]\.weights/,
  );
  assert.throws(
    () =>
      sinrLinear([h], [{ servedUes: Int32Array.of(0), weights: w }], {
        beamPowerW: 1,
        noisePowerW: -1,
      }),
    /noisePowerW/,
  );
});

Deno.test("power defaults: 23 dBm split equally, noise about -79 dBm", () => {
  assert.equal(TX_POWER_DBM, 23);
  assert.ok(Math.abs(NOISE_POWER_DBM + 78.955) < 0.01, `${NOISE_POWER_DBM}`);
  const p = perBeamPowerW(Int32Array.of(0, 1, 1, 1, -1), { apCount: 3 });
  assert.ok(Math.abs(p[0] - dbmToWatt(23)) < 1e-15);
  assert.ok(Math.abs(p[1] - dbmToWatt(23) / 3) < 1e-15);
  assert.equal(p[2], 0);
  assert.deepEqual(Array.from(sinrDb(Float64Array.of(10, 0))), [10, -Infinity]);
});

Deno.test("powerGains handles odd shapes (tails of the 2x2 blocking)", () => {
  const rng = createRng(4).stream("gains");
  for (const [r, j, n] of [[1, 1, 3], [3, 5, 4], [4, 2, 1], [5, 5, 7]]) {
    const a = randomMatrix(rng, r, n), b = randomMatrix(rng, j, n);
    const g = powerGains(a, b);
    for (let x = 0; x < r; x++) {
      for (let y = 0; y < j; y++) {
        let sr = 0, si = 0;
        for (let q = 0; q < n; q++) {
          sr += a.re[x * n + q] * b.re[y * n + q] - a.im[x * n + q] * b.im[y * n + q];
          si += a.re[x * n + q] * b.im[y * n + q] + a.im[x * n + q] * b.re[y * n + q];
        }
        assert.ok(Math.abs(g[x * j + y] - (sr * sr + si * si)) < 1e-12);
      }
    }
  }
});
