import assert from "node:assert/strict";
import {
  type ComplexMatrix,
  complexMatrix,
  createRng,
  dbmToWatt,
  type Rng,
} from "../../lib/core/mod.ts";
import {
  type ApBeams,
  NOISE_POWER_W,
  perBeamPowerW,
  sinrLinear,
  TX_POWER_DBM,
  wczfBeams,
  type WczfResult,
  zfBeams,
} from "../../lib/beamforming/mod.ts";
import { columnNorm2, perturb, randomMatrix, roundRobin } from "./helpers.ts";
import { referenceWczfBeams } from "./wczf_reference.ts";

function scenarioSet(rng: Rng, m: number, t: number, base: ComplexMatrix[], spread: number) {
  return Array.from(
    { length: m },
    () => Array.from({ length: t }, () => base.map((h) => perturb(rng, h, spread))),
  );
}

Deno.test("WC-ZF with M = T = 1 and exact CSI equals plain coordinated ZF", () => {
  const rng = createRng(11).stream("wczf-exact");
  for (const [a, k, nt] of [[3, 30, 64], [2, 9, 12], [4, 20, 16]]) {
    const channels = Array.from({ length: a }, () => randomMatrix(rng, k, nt, 1e-5));
    const servingAp = roundRobin(k, a);
    const zf = zfBeams(channels, { servingAp });
    const r = wczfBeams([[channels]], { servingAp });
    assert.deepEqual(r.candidateLabels, ["mean-zf"]);
    for (let b = 0; b < a; b++) {
      assert.deepEqual(r.beams[b].servedUes, zf[b].servedUes);
      const x = r.beams[b].weights, y = zf[b].weights;
      for (let i = 0; i < x.re.length; i++) {
        assert.ok(Math.abs(x.re[i] - y.re[i]) < 1e-9 && Math.abs(x.im[i] - y.im[i]) < 1e-9);
      }
    }
    // Its worst-case SINR is the ZF SINR on that channel.
    const s = sinrLinear(channels, zf, {
      beamPowerW: perBeamPowerW(servingAp, { apCount: a }),
      noisePowerW: NOISE_POWER_W,
    });
    for (let u = 0; u < k; u++) {
      assert.ok(Math.abs(r.worstCaseSinr[u] - s[u]) <= 1e-9 * s[u]);
    }
  }
});

function withBeam(ref: ApBeams[], b: number, i: number, rows: ComplexMatrix, row: number) {
  return ref.map((ap, bb) => {
    if (bb !== b) return ap;
    const w = { ...ap.weights, re: ap.weights.re.slice(), im: ap.weights.im.slice() };
    const kb = ap.servedUes.length, nt = w.rows;
    for (let n = 0; n < nt; n++) {
      w.re[n * kb + i] = rows.re[row * nt + n];
      w.im[n * kb + i] = rows.im[row * nt + n];
    }
    return { servedUes: ap.servedUes, weights: w };
  });
}

Deno.test("the selected beam's worst-case SINR is >= every candidate's (brute force via eq. (5))", () => {
  const rng = createRng(12).stream("wczf-minimax");
  const a = 3, k = 9, nt = 12, m = 4, t = 3;
  const base = Array.from({ length: a }, () => randomMatrix(rng, k, nt, 1e-5));
  const scenarios = scenarioSet(rng, m, t, base, 4e-6);
  const servingAp = roundRobin(k, a);
  for (const refinementPasses of [0, 1]) {
    const r = wczfBeams(scenarios, { servingAp, refinementPasses });
    const c = r.candidateLabels.length;
    assert.equal(c, 1 + m + 1);
    assert.equal(r.candidateLabels[c - 1], "max-slnr");
    const power = perBeamPowerW(servingAp, { apCount: a });
    const opts = { beamPowerW: power, noisePowerW: NOISE_POWER_W };
    for (let b = 0; b < a; b++) {
      const served = r.referenceBeams[b].servedUes;
      for (let i = 0; i < served.length; i++) {
        const u = served[i];
        const worst = new Float64Array(c).fill(Infinity);
        for (let ci = 0; ci < c; ci++) {
          const beams = withBeam(r.referenceBeams, b, i, r.candidateRows[b], i * c + ci);
          for (const traj of scenarios) {
            for (const set of traj) {
              worst[ci] = Math.min(worst[ci], sinrLinear(set, beams, opts)[u]);
            }
          }
          assert.ok(
            Math.abs(worst[ci] - r.candidateWorstCaseSinr[u * c + ci]) <= 1e-9 * worst[ci],
            `UE ${u} candidate ${ci}`,
          );
        }
        for (let ci = 0; ci < c; ci++) {
          assert.ok(r.worstCaseSinr[u] >= worst[ci] * (1 - 1e-12), `UE ${u} vs candidate ${ci}`);
        }
        assert.ok(Math.abs(r.worstCaseSinr[u] - worst[r.chosen[u]]) <= 1e-9 * worst[r.chosen[u]]);
      }
    }
  }
});

Deno.test("WC-ZF beams are unit-norm, finite, and meet the per-AP power budget", () => {
  const rng = createRng(13).stream("wczf-power");
  const a = 3, k = 12, nt = 16;
  const base = Array.from({ length: a }, () => randomMatrix(rng, k, nt, 1e-5));
  // duplicated UE rows (co-located UEs) in every scenario
  for (const h of base) {
    h.re.copyWithin(5 * nt, 2 * nt, 3 * nt);
    h.im.copyWithin(5 * nt, 2 * nt, 3 * nt);
  }
  const servingAp = Int32Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, -1);
  const r = wczfBeams(scenarioSet(rng, 5, 2, base, 1e-6), { servingAp });
  const power = perBeamPowerW(servingAp, { apCount: a });
  assert.equal(r.chosen[11], -1);
  for (let b = 0; b < a; b++) {
    const w = r.beams[b].weights;
    let total = 0;
    for (let i = 0; i < w.cols; i++) {
      const n2 = columnNorm2(w, i);
      assert.ok(Math.abs(n2 - 1) < 1e-12, `AP ${b} beam ${i} norm^2 ${n2}`);
      total += power[b] * n2;
    }
    assert.ok(Math.abs(total - dbmToWatt(TX_POWER_DBM)) < 1e-12 * dbmToWatt(TX_POWER_DBM));
  }
  for (const v of r.worstCaseSinr) assert.ok(!Number.isNaN(v));
});

Deno.test("WC-ZF is at least as robust as mean-ZF under channel uncertainty", () => {
  const rng = createRng(14).stream("wczf-robust");
  const a = 2, k = 8, nt = 10;
  const base = Array.from({ length: a }, () => randomMatrix(rng, k, nt, 1e-5));
  const scenarios = scenarioSet(rng, 6, 2, base, 5e-6);
  const r = wczfBeams(scenarios, { servingAp: roundRobin(k, a) });
  const c = r.candidateLabels.length;
  for (let u = 0; u < k; u++) assert.ok(r.worstCaseSinr[u] >= r.candidateWorstCaseSinr[u * c]);
});

Deno.test("wczfBeams rejects inconsistent scenarios", () => {
  const h = randomMatrix(createRng(1).stream("bad"), 2, 3);
  assert.throws(() => wczfBeams([], { servingAp: Int32Array.of(0, 0) }), /scenarios/);
  assert.throws(() => wczfBeams([[[h]]], { servingAp: Int32Array.of(0) }), /servingAp/);
  assert.throws(
    () => wczfBeams([[[h]], [[h], [h]]], { servingAp: Int32Array.of(0, 0) }),
    /scenarios\[1\]/,
  );
  assert.throws(
    () => wczfBeams([[[h]]], { servingAp: Int32Array.of(0, 0), refinementPasses: -1 }),
    /refinementPasses/,
  );
});

Deno.test("optimized WC-ZF matches the straightforward reference implementation", () => {
  const rng = createRng(15).stream("wczf-reference");
  // [A, K, Nt, M, T, spread or 0 for i.i.d. scenarios, refinementPasses, statistical]
  const cases: [number, number, number, number, number, number, number, boolean | "auto"][] = [
    [3, 30, 64, 4, 3, 0, 0, "auto"],
    [2, 9, 12, 5, 2, 4e-6, 1, "auto"],
    [4, 13, 7, 3, 2, 3e-6, 0, true], // odd Nt
    [3, 20, 8, 2, 3, 3e-6, 2, "auto"], // K > Nt: ZF nulls the own zone only
    [2, 6, 10, 1, 4, 5e-6, 0, "auto"], // M = 1: no trajectory candidates
    [2, 6, 10, 3, 1, 5e-6, 1, false],
    [2, 12, 32, 5, 1, 0, 0, "auto"], // S = 5: padded sample-space steps (wasm)
    [3, 16, 16, 6, 1, 0, 1, "auto"], // Nt = K = 16: explicit R_k, AP 2 serves nobody
  ];
  const maxDeviation = { js: 0, wasm: 0 };
  for (const [a, k, nt, m, t, spread, refinementPasses, statistical] of cases) {
    const base = Array.from({ length: a }, () => randomMatrix(rng, k, nt, 1e-5));
    const scenarios = spread > 0 ? scenarioSet(rng, m, t, base, spread) : Array.from(
      { length: m },
      () => Array.from({ length: t }, () => base.map(() => randomMatrix(rng, k, nt, 1e-5))),
    );
    const servingAp = roundRobin(k, a);
    servingAp[k - 1] = -1; // one unserved UE
    if (nt === 16) servingAp.forEach((b, u) => (servingAp[u] = b === 2 ? u % 2 : b));
    const opts = { servingAp, refinementPasses, statistical };
    const ref = referenceWczfBeams(scenarios, opts);
    for (const kernels of ["js", "wasm"] as const) {
      if (kernels === "wasm" && nt % 4 !== 0) continue;
      const r = wczfBeams(scenarios, { ...opts, kernels });
      const label = `${kernels} A=${a} K=${k} Nt=${nt} M=${m} T=${t}`;
      maxDeviation[kernels] = Math.max(maxDeviation[kernels], compare(r, ref, a, label));
    }
  }
  console.log("largest |beam - reference beam| entry:", maxDeviation);
});

/**
 * Asserts `r` equals the reference (beams to 1e-12 per entry, as before the wasm kernels;
 * issue 13 asks for 1e-6); returns the largest beam deviation.
 */
function compare(r: WczfResult, ref: WczfResult, a: number, label: string): number {
  assert.deepEqual(r.candidateLabels, ref.candidateLabels, label);
  assert.deepEqual(Array.from(r.chosen), Array.from(ref.chosen), label);
  const close = (x: ArrayLike<number>, y: ArrayLike<number>, tol: number, what: string) => {
    assert.equal(x.length, y.length, `${label} ${what}`);
    for (let i = 0; i < x.length; i++) {
      const scale = Math.max(Math.abs(x[i]), Math.abs(y[i]), 1e-300);
      assert.ok(
        Math.abs(x[i] - y[i]) <= tol * scale || Math.abs(x[i] - y[i]) < 1e-12,
        `${label} ${what}[${i}]: ${x[i]} vs ${y[i]}`,
      );
    }
  };
  close(r.worstCaseSinr, ref.worstCaseSinr, 1e-9, "worstCaseSinr");
  close(r.candidateWorstCaseSinr, ref.candidateWorstCaseSinr, 1e-9, "candidateWorstCaseSinr");
  let worst = 0;
  for (let b = 0; b < a; b++) {
    const pairs = [
      [r.candidateRows[b].re, ref.candidateRows[b].re, "candidateRows.re"],
      [r.candidateRows[b].im, ref.candidateRows[b].im, "candidateRows.im"],
      [r.beams[b].weights.re, ref.beams[b].weights.re, "beams.re"],
      [r.beams[b].weights.im, ref.beams[b].weights.im, "beams.im"],
      [r.referenceBeams[b].weights.re, ref.referenceBeams[b].weights.re, "reference.re"],
      [r.referenceBeams[b].weights.im, ref.referenceBeams[b].weights.im, "reference.im"],
    ] as const;
    for (const [x, y, what] of pairs) {
      assert.equal(x.length, y.length, `${label} ${what}`);
      for (let i = 0; i < x.length; i++) {
        const d = Math.abs(x[i] - y[i]);
        worst = Math.max(worst, d);
        assert.ok(d <= 1e-12, `${label} ${what}[${i}]: ${x[i]} vs ${y[i]}`);
      }
    }
    assert.deepEqual(r.beams[b].servedUes, ref.beams[b].servedUes, label);
  }
  return worst;
}

Deno.test("WC-ZF is deterministic: the same scenarios give bit-identical beams (both kernel sets)", () => {
  const rng = createRng(16).stream("wczf-determinism");
  const a = 3, k = 30, nt = 64;
  const base = Array.from({ length: a }, () => randomMatrix(rng, k, nt, 1e-5));
  const scenarios = scenarioSet(rng, 20, 1, base, 3e-6);
  const servingAp = roundRobin(k, a);
  for (const kernels of ["js", "wasm"] as const) {
    const x = wczfBeams(scenarios, { servingAp, kernels });
    wczfBeams(scenarioSet(rng, 6, 2, base, 3e-6), { servingAp, kernels }); // other buffers
    const y = wczfBeams(scenarios, { servingAp, kernels });
    for (let b = 0; b < a; b++) {
      assert.deepEqual(x.beams[b].weights.re, y.beams[b].weights.re, kernels);
      assert.deepEqual(x.beams[b].weights.im, y.beams[b].weights.im, kernels);
      assert.deepEqual(x.candidateRows[b].re, y.candidateRows[b].re, kernels);
    }
    assert.deepEqual(x.worstCaseSinr, y.worstCaseSinr, kernels);
  }
});

Deno.test("wczf: scenarios whose covariance is not numerically positive definite get diagonal loading, not an error", () => {
  // A diverging T = 5 forecast (each slot 100x the previous, as a linear recurrence with an
  // unstable pole gives): the max-SLNR covariance spans ~16 orders of magnitude and its
  // plain Cholesky fails (the kept reference implementation throws).
  const rng = createRng(5);
  const base = Array.from({ length: 3 }, () => {
    const h = complexMatrix(30, 64);
    for (let i = 0; i < h.re.length; i++) {
      h.re[i] = rng.normal() * 1e-5;
      h.im[i] = rng.normal() * 1e-5;
    }
    return h;
  });
  const trajectory = Array.from({ length: 5 }, (_, t) =>
    base.map((h) => {
      const g = complexMatrix(30, 64);
      const f = 100 ** (t + 1), z = rng.normal() * 0.01;
      for (let i = 0; i < h.re.length; i++) {
        g.re[i] = (h.re[i] + z * h.im[i]) * f;
        g.im[i] = h.im[i] * f;
      }
      return g;
    }));
  const servingAp = Int32Array.from({ length: 30 }, (_, k) => k % 3);
  assert.throws(() => referenceWczfBeams([trajectory], { servingAp }), /cholesky/);
  for (const kernels of ["js", "wasm"] as const) {
    const r = wczfBeams([trajectory], { servingAp, kernels });
    for (const ap of r.beams) {
      for (let col = 0; col < ap.weights.cols; col++) {
        const norm = columnNorm2(ap.weights, col);
        assert.ok(Math.abs(norm - 1) < 1e-9, `${kernels}: unit-norm beam (got ${norm})`);
      }
    }
    assert.ok(r.worstCaseSinr.every((v) => Number.isFinite(v) && v >= 0), kernels);
  }
});
