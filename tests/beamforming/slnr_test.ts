import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import { maxSlnrBeamRows } from "../../lib/beamforming/mod.ts";
import { perturb, randomMatrix } from "./helpers.ts";
import { referenceMaxSlnrBeamRows } from "./wczf_reference.ts";

Deno.test("max-SLNR beam is the principal generalized eigenvector (residual and optimality)", () => {
  const rng = createRng(21).stream("slnr");
  const k = 6, nt = 8, s = 10, ratio = 0.3;
  const base = randomMatrix(rng, k, nt);
  const samples = Array.from({ length: s }, () => perturb(rng, base, 0.5));
  const served = Int32Array.of(1, 4);
  const rows = maxSlnrBeamRows(samples, served, { noiseToPowerRatio: ratio });
  // dense R_k and B = R_all + ratio I, complex as [re, im] pairs
  const quad = (u: number, wr: Float64Array, wi: Float64Array, all: boolean) => {
    let q = 0;
    for (const h of samples) {
      for (let j = 0; j < k; j++) {
        if (!all && j !== u) continue;
        let ar = 0, ai = 0;
        for (let n = 0; n < nt; n++) {
          ar += h.re[j * nt + n] * wr[n] - h.im[j * nt + n] * wi[n];
          ai += h.re[j * nt + n] * wi[n] + h.im[j * nt + n] * wr[n];
        }
        q += (ar * ar + ai * ai) / s;
      }
    }
    let n2 = 0;
    for (let n = 0; n < nt; n++) n2 += wr[n] ** 2 + wi[n] ** 2;
    return all ? q + ratio * n2 : q;
  };
  const slnr = (u: number, wr: Float64Array, wi: Float64Array) => {
    const sig = quad(u, wr, wi, false);
    return sig / (quad(u, wr, wi, true) - sig);
  };
  for (let i = 0; i < served.length; i++) {
    const wr = rows.re.slice(i * nt, (i + 1) * nt), wi = rows.im.slice(i * nt, (i + 1) * nt);
    let n2 = 0;
    for (let n = 0; n < nt; n++) n2 += wr[n] ** 2 + wi[n] ** 2;
    assert.ok(Math.abs(n2 - 1) < 1e-12);
    const best = slnr(served[i], wr, wi);
    // no random direction, and no small perturbation of w, does better
    for (let trial = 0; trial < 300; trial++) {
      const eps = trial < 150 ? 1 : 1e-3;
      const vr = wr.map((x) => x + eps * rng.normal()), vi = wi.map((x) => x + eps * rng.normal());
      assert.ok(slnr(served[i], vr, vi) <= best * (1 + 1e-9), `trial ${trial}`);
    }
  }
});

Deno.test("maxSlnrBeamRows validates its arguments", () => {
  const h = randomMatrix(createRng(2).stream("x"), 2, 2);
  assert.throws(
    () => maxSlnrBeamRows([h], Int32Array.of(0), { noiseToPowerRatio: 0 }),
    /noiseToPowerRatio/,
  );
  assert.throws(() => maxSlnrBeamRows([], Int32Array.of(0), { noiseToPowerRatio: 1 }), /samples/);
  assert.throws(
    () => maxSlnrBeamRows([h], Int32Array.of(2), { noiseToPowerRatio: 1 }),
    /servedUes/,
  );
});

Deno.test("maxSlnrBeamRows matches the straightforward sample-based power iteration", () => {
  const rng = createRng(22).stream("slnr-reference");
  for (const [k, nt, s, iterations] of [[12, 16, 20, 30], [7, 9, 5, 4], [30, 64, 40, 30]]) {
    const base = randomMatrix(rng, k, nt);
    const samples = Array.from({ length: s }, () => perturb(rng, base, 0.7));
    const served = Int32Array.of(0, 3, 5);
    const opts = { noiseToPowerRatio: 0.05, maxIterations: iterations };
    const w = maxSlnrBeamRows(samples, served, opts);
    const ref = referenceMaxSlnrBeamRows(samples, served, opts);
    for (let i = 0; i < w.re.length; i++) {
      assert.ok(Math.abs(w.re[i] - ref.re[i]) < 1e-10 && Math.abs(w.im[i] - ref.im[i]) < 1e-10);
    }
  }
});
