/**
 * WC-ZF cost per control slot: M = 20 trajectories x T = 5 slots of seeded random
 * channels, K = 30 UEs, Nt = 64, A = 3 (and A = 2..12), the WC-ZF call alone
 * (candidates + minimax selection), median and p95 over >= 200 slots. Before/after:
 * the pre-optimization implementation (`tests/beamforming/wczf_reference.ts`, kept
 * only as the test reference) is timed on the same scenario pools, interleaved with
 * the optimized call so that both see the same machine load (the 1-minute load
 * average is recorded per row). Also the cost without the statistical (max-SLNR)
 * candidate, a breakdown of the A = 3 call into its phases (each phase's kernels
 * timed alone), and the complex multiply-add count of each phase.
 *
 * Run: `deno task bench wczf` or
 * `deno run --allow-read --allow-write=./bench/results --allow-sys bench/wczf_bench.ts`.
 *
 * @module
 */
import { type ComplexMatrix, complexMatrix, createRng, type Rng } from "../lib/core/mod.ts";
import {
  perBeamPowerW,
  powerGains,
  servedUesByAp,
  wczfBeams,
  type WczfScenarios,
} from "../lib/beamforming/mod.ts";
import {
  gramUpperAddRows,
  Scratch,
  slnrRowsFromGrams,
  ueGramsAndMeans,
  zfRowsInto,
} from "../lib/beamforming/kernels.ts";
import { referenceWczfBeams } from "../tests/beamforming/wczf_reference.ts";
import { summarize, writeResult } from "./harness.ts";

function randomChannels(rng: Rng, a: number, k: number, nt: number): ComplexMatrix[] {
  return Array.from({ length: a }, () => {
    const h = complexMatrix(k, nt);
    for (let i = 0; i < h.re.length; i++) {
      h.re[i] = rng.normal() * 7e-6;
      h.im[i] = rng.normal() * 7e-6;
    }
    return h;
  });
}

/** A pool of distinct scenario sets, cycled over the timed slots (keeps memory bounded). */
function scenarioPool(rng: Rng, dims: { a: number; k: number; nt: number; m: number; t: number }) {
  const { a, k, nt, m, t } = dims;
  return Array.from(
    { length: 4 },
    (): WczfScenarios =>
      Array.from(
        { length: m },
        () => Array.from({ length: t }, () => randomChannels(rng, a, k, nt)),
      ),
  );
}

function load1(): number {
  try {
    return Deno.loadavg()[0];
  } catch {
    return NaN;
  }
}

function timeSlots(fn: (slot: number) => unknown, slots: number, warmup = 10) {
  for (let i = 0; i < warmup; i++) fn(i);
  const d: number[] = [];
  for (let i = 0; i < slots; i++) {
    const t0 = performance.now();
    fn(i);
    d.push(performance.now() - t0);
  }
  return summarize(d);
}

/** Optimized and reference calls interleaved: `every`-th slot also times the reference. */
function timeBeforeAfter(
  after: (slot: number) => unknown,
  before: (slot: number) => unknown,
  slots: number,
  every: number,
) {
  for (let i = 0; i < 5; i++) after(i);
  for (let i = 0; i < 2; i++) before(i);
  const a: number[] = [], b: number[] = [];
  const loads: number[] = [load1()];
  for (let i = 0; i < slots; i++) {
    let t0 = performance.now();
    after(i);
    a.push(performance.now() - t0);
    if (i % every === 0) {
      t0 = performance.now();
      before(i);
      b.push(performance.now() - t0);
    }
    if (i % 50 === 49) loads.push(load1());
  }
  return { after: summarize(a), before: summarize(b), loads };
}

/** Complex multiply-adds per phase of one call (the module doc's cost model). */
function flopModel(a: number, k: number, nt: number, m: number, t: number) {
  const s = m * t, c = m + 2, kb = k / a;
  return {
    zfSolves: (m + 1) * a * (k * k * nt / 2 + nt * k * kb + k ** 3 / 6 + k * k * kb),
    interference: s * k * k * nt,
    slnrGram: a * k * s * nt * nt / 2,
    slnrIterations30: k * 30 * 2 * nt * nt,
    candidateSignal: k * s * (c - 1) * nt,
  };
}

/** The A = 3 call's phases, each phase's kernels timed alone on one scenario set. */
function phaseBreakdown(scen: WczfScenarios, servingAp: Int32Array, a: number) {
  const k = servingAp.length, nt = scen[0][0][0].cols, m = scen.length, t = scen[0].length;
  const s = m * t, c = m + 2;
  const flat = scen.flat();
  const served = servedUesByAp(servingAp, a);
  const power = perBeamPowerW(servingAp, { apCount: a });
  const scratch = new Scratch();
  const out = complexMatrix(k * c, nt);
  const zf = timeSlots(
    () => {
      for (let b = 0; b < a; b++) {
        for (let j = 0; j <= m; j++) {
          zfRowsInto(flat[(j % m) * t][b], served[b], {
            relativeRegularization: 1e-9,
            outRe: out.re,
            outIm: out.im,
            outRow0: j,
            outStride: c,
            scratch,
          });
        }
      }
    },
    30,
    3,
  );
  const ref = Array.from({ length: a }, (_, b) => complexMatrix(served[b].length, nt));
  for (let b = 0; b < a; b++) {
    zfRowsInto(flat[0][b], served[b], {
      relativeRegularization: 1e-9,
      outRe: ref[b].re,
      outIm: ref[b].im,
      outRow0: 0,
      outStride: 1,
      scratch,
    });
  }
  const gains = new Float64Array(k * k);
  const interference = timeSlots(
    () => {
      for (const set of flat) {
        for (let b = 0; b < a; b++) powerGains(set[b], ref[b], { out: gains });
      }
    },
    30,
    3,
  );
  const rest = served.map((list) =>
    Int32Array.from({ length: k }, (_, u) => u).filter((u) => !list.includes(u)).map((u) => u * nt)
  );
  const gramsRe = served.map(() => new Float64Array(nt * nt));
  const gramsIm = served.map(() => new Float64Array(nt * nt));
  const gram = timeSlots(
    () => {
      for (let b = 0; b < a; b++) {
        const gr = gramsRe[b].fill(0), gi = gramsIm[b].fill(0);
        for (const set of flat) {
          gramUpperAddRows(
            set[b].re,
            set[b].im,
            rest[b],
            rest[b].length,
            nt,
            gr,
            gi,
          );
        }
      }
    },
    20,
    2,
  );
  // each UE's samples, contiguous
  const xr = new Float64Array(k * s * nt), xi = new Float64Array(k * s * nt);
  for (let u = 0; u < k; u++) {
    for (let j = 0; j < s; j++) {
      const h = flat[j][servingAp[u]];
      xr.set(h.re.subarray(u * nt, (u + 1) * nt), (u * s + j) * nt);
      xi.set(h.im.subarray(u * nt, (u + 1) * nt), (u * s + j) * nt);
    }
  }
  const slnr = timeSlots(
    () => {
      for (let b = 0; b < a; b++) {
        const kb = served[b].length;
        const rowStart = Int32Array.from(served[b], (u) => u * s);
        const rRe = new Float64Array(kb * nt * nt), rIm = new Float64Array(kb * nt * nt);
        const mRe = new Float64Array(kb * nt), mIm = new Float64Array(kb * nt);
        ueGramsAndMeans(xr, xi, rowStart, s, nt, rRe, rIm, mRe, mIm);
        const gr = gramsRe[b].slice(), gi = gramsIm[b].slice();
        slnrRowsFromGrams({ re: gr, im: gi }, {
          ueCount: kb,
          ueGrams: { re: rRe, im: rIm },
          ueMeans: { re: mRe, im: mIm },
          antennaCount: nt,
          sampleCount: s,
          noiseToPowerRatio: 1.26e-11 / power[b],
          maxIterations: 30,
          tolerance: 1e-9,
          out,
          outRow0: 0,
          outStride: 1,
          scratch,
        });
      }
    },
    20,
    2,
  );
  const cand = complexMatrix(c - 1, nt);
  cand.re.set(out.re.subarray(0, (c - 1) * nt));
  cand.im.set(out.im.subarray(0, (c - 1) * nt));
  const partial = new Float64Array(s * (c - 1));
  const signal = timeSlots(
    () => {
      for (let u = 0; u < k; u++) {
        const x = {
          rows: s,
          cols: nt,
          re: xr.subarray(u * s * nt, (u + 1) * s * nt),
          im: xi.subarray(u * s * nt, (u + 1) * s * nt),
        };
        powerGains(x, cand, { out: partial });
      }
    },
    30,
    3,
  );
  return {
    zfSolvesMedianMs: zf.medianMs,
    interferenceGainsMedianMs: interference.medianMs,
    slnrRestGramMedianMs: gram.medianMs,
    slnrUeGramsAndIterationsMedianMs: slnr.medianMs,
    candidateSignalMedianMs: signal.medianMs,
    note: "phase kernels timed alone (warm caches, so they add to a bit less than the call); " +
      "slnr iterations hit the 30-iteration cap on i.i.d. channels (rank-rich R_k)",
  };
}

/** Runs the benchmark and writes `bench/results/wczf.json`. */
export async function runWczfBench(): Promise<Record<string, unknown>> {
  const rng = createRng(2024).stream("bench-wczf");
  const k = 30, nt = 64, m = 20, t = 5, slots = 200;
  const rows = [];
  for (const a of [3, 2, 4, 6, 8, 10, 12]) {
    const servingAp = Int32Array.from({ length: k }, (_, i) => i % a);
    const pool = scenarioPool(rng, { a, k, nt, m, t });
    const full = timeBeforeAfter(
      (s) => wczfBeams(pool[s % pool.length], { servingAp }),
      (s) => referenceWczfBeams(pool[s % pool.length], { servingAp }),
      slots,
      a === 3 ? 4 : 8,
    );
    const noSlnr = timeBeforeAfter(
      (s) => wczfBeams(pool[s % pool.length], { servingAp, statistical: false }),
      (s) => referenceWczfBeams(pool[s % pool.length], { servingAp, statistical: false }),
      a === 3 ? slots : 50,
      a === 3 ? 4 : 5,
    );
    const row: Record<string, unknown> = {
      aps: a,
      ues: k,
      nt,
      trajectories: m,
      horizonSlots: t,
      candidatesPerUe: m + 2,
      wczfMedianMs: full.after.medianMs,
      wczfP95Ms: full.after.p95Ms,
      wczfMinMs: full.after.minMs,
      runs: full.after.runs,
      beforeMedianMs: full.before.medianMs,
      beforeP95Ms: full.before.p95Ms,
      beforeRuns: full.before.runs,
      speedup: full.before.medianMs / full.after.medianMs,
      withoutSlnrMedianMs: noSlnr.after.medianMs,
      withoutSlnrP95Ms: noSlnr.after.p95Ms,
      withoutSlnrRuns: noSlnr.after.runs,
      withoutSlnrBeforeMedianMs: noSlnr.before.medianMs,
      loadAverage1m: full.loads.concat(noSlnr.loads),
      complexMultiplyAdds: flopModel(a, k, nt, m, t),
    };
    if (a === 3) row.breakdown = phaseBreakdown(pool[0], servingAp, a);
    console.log(
      `A=${a}: WC-ZF median ${full.after.medianMs.toFixed(2)} ms, p95 ${
        full.after.p95Ms.toFixed(2)
      } ms (before: median ${full.before.medianMs.toFixed(2)} ms); without max-SLNR median ${
        noSlnr.after.medianMs.toFixed(2)
      } ms (before ${noSlnr.before.medianMs.toFixed(2)}); load ${
        full.loads.map((x) => x.toFixed(1))
      }`,
    );
    rows.push(row);
  }
  const result = {
    description:
      "WC-ZF (wczfBeams) alone per control slot on seeded i.i.d. Rayleigh channels; K=30, Nt=64, M=20, T=5; " +
      "before = the pre-optimization implementation (tests/beamforming/wczf_reference.ts), interleaved",
    targetMs: 2,
    rows,
  };
  const path = await writeResult("wczf", result);
  console.log(`wrote ${path}`);
  return result;
}

if (import.meta.main) await runWczfBench();
