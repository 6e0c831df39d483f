import assert from "node:assert/strict";
import { createRng, regularizedPseudoInverse } from "../../lib/core/mod.ts";
import { rowsToWeights, zfBeamRows, zfBeams } from "../../lib/beamforming/mod.ts";
import { bilinear, columnNorm2, randomMatrix, roundRobin } from "./helpers.ts";

Deno.test("coordinated ZF nulls every other UE in the network and has unit norm", () => {
  const rng = createRng(7).stream("zf");
  for (let trial = 0; trial < 20; trial++) {
    const k = 2 + rng.integer(30), nt = k + rng.integer(40), a = 1 + rng.integer(3);
    const channels = Array.from({ length: a }, () => randomMatrix(rng, k, nt, 1e-5));
    const servingAp = roundRobin(k, a);
    const beams = zfBeams(channels, { servingAp });
    for (let b = 0; b < a; b++) {
      const { servedUes, weights } = beams[b];
      for (let i = 0; i < servedUes.length; i++) {
        assert.ok(Math.abs(columnNorm2(weights, i) - 1) < 1e-12);
        const [sr, si] = bilinear(channels[b], servedUes[i], weights, i);
        const sig = sr * sr + si * si;
        for (let j = 0; j < k; j++) {
          if (j === servedUes[i]) continue;
          const [lr, li] = bilinear(channels[b], j, weights, i);
          const ratio = (lr * lr + li * li) / sig;
          assert.ok(
            ratio < 1e-10,
            `trial ${trial} AP ${b} UE ${servedUes[i]} leaks ${ratio} to ${j}`,
          );
        }
      }
    }
  }
});

Deno.test("ZF beams are the normalized served columns of core.regularizedPseudoInverse", () => {
  const rng = createRng(8).stream("zf-pinv");
  const h = randomMatrix(rng, 10, 16);
  const served = Int32Array.of(1, 4, 9);
  const w = rowsToWeights(zfBeamRows(h, served));
  const p = regularizedPseudoInverse(h);
  for (let i = 0; i < served.length; i++) {
    const col = served[i];
    let n2 = 0;
    for (let n = 0; n < 16; n++) n2 += p.re[n * 10 + col] ** 2 + p.im[n * 10 + col] ** 2;
    const s = 1 / Math.sqrt(n2);
    for (let n = 0; n < 16; n++) {
      assert.ok(Math.abs(w.re[n * 3 + i] - p.re[n * 10 + col] * s) < 1e-12);
      assert.ok(Math.abs(w.im[n * 3 + i] - p.im[n * 10 + col] * s) < 1e-12);
    }
  }
});

Deno.test("ZF with duplicated (co-located) rows and a zero row is finite and unit-norm", () => {
  const rng = createRng(9).stream("zf-dup");
  const h = randomMatrix(rng, 6, 8);
  for (let n = 0; n < 8; n++) {
    h.re[3 * 8 + n] = h.re[1 * 8 + n];
    h.im[3 * 8 + n] = h.im[1 * 8 + n];
    h.re[5 * 8 + n] = 0;
    h.im[5 * 8 + n] = 0;
  }
  const rows = zfBeamRows(h, Int32Array.of(0, 1, 3, 5));
  for (let i = 0; i < 4; i++) {
    let n2 = 0;
    for (let n = 0; n < 8; n++) {
      assert.ok(Number.isFinite(rows.re[i * 8 + n]) && Number.isFinite(rows.im[i * 8 + n]));
      n2 += rows.re[i * 8 + n] ** 2 + rows.im[i * 8 + n] ** 2;
    }
    assert.ok(Math.abs(n2 - 1) < 1e-12);
  }
  // zero row: uniform beam
  assert.ok(Math.abs(rows.re[3 * 8] - 1 / Math.sqrt(8)) < 1e-15);
});

Deno.test("with K > Nt, ZF falls back to nulling only the AP's own zone", () => {
  const rng = createRng(10).stream("zf-zone");
  const k = 12, nt = 8;
  const h = randomMatrix(rng, k, nt);
  const served = Int32Array.of(0, 3, 6, 9);
  const w = rowsToWeights(zfBeamRows(h, served));
  for (let i = 0; i < served.length; i++) {
    const [sr, si] = bilinear(h, served[i], w, i);
    for (let j = 0; j < served.length; j++) {
      if (j === i) continue;
      const [lr, li] = bilinear(h, served[j], w, i);
      assert.ok((lr * lr + li * li) / (sr * sr + si * si) < 1e-10);
    }
  }
});

Deno.test("zfBeamRows rejects bad arguments with errors naming them", () => {
  const h = randomMatrix(createRng(1).stream("x"), 2, 2);
  assert.throws(() => zfBeamRows(h, Int32Array.of(5)), /servedUes\[0\]/);
  assert.throws(() => zfBeamRows(h, Int32Array.of(0), { relativeRegularization: -1 }), RangeError);
  assert.throws(() => zfBeams([h], { servingAp: Int32Array.of(0, 3) }), /servingAp\[1\]/);
});
