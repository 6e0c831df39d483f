/**
 * WC-ZF cost per control slot: M = 20 trajectories x T slots (T = 1, the decision's
 * headline horizon, and T = 5) of seeded channels, K = 30 UEs, Nt = 64, A = 3, 6, 12, the
 * WC-ZF call alone (candidates + minimax selection). Three implementations interleaved
 * slot by slot, so that all see the same machine load (the 1-minute load average is
 * recorded per row): `wczfBeams` with its default WebAssembly SIMD kernels (`wasm`), the
 * same orchestration on the plain-JS kernels (`js`, the readable reference path) and the
 * pre-optimization implementation (`tests/beamforming/wczf_reference.ts`, every
 * `referenceEvery`-th slot).
 *
 * Two kinds of scenario sets: `iid` (every scenario an independent i.i.d. Rayleigh draw:
 * the max-SLNR power iteration runs to its 30-iteration cap, the worst case) and
 * `correlated` (one base channel per set plus a small independent perturbation per
 * scenario, like the generator's trajectories around a prediction: the iteration stops
 * after a few steps). Per row also the median time of each step of the call
 * (`wczfBeams`'s `timings`), for both kernel sets, and the largest deviation of the wasm
 * beams from the reference's. The A = 12 / A = 3 cost ratio comes from its own loop in
 * which the two alternate (`a12OverA3`).
 *
 * With `--decision` (run alone: `deno run --allow-read --allow-write=./bench/results
 * --allow-env --allow-ffi --allow-sys bench/wczf_bench.ts --decision`) it adds rows on the
 * GenAI-DT decision's own inputs: the shipped `cpu` cGAN's M = 20 scenario sets for an
 * office episode (seed 11) and the association `decide` computed for them, T = 1 and 5,
 * the same three implementations interleaved (`decisionRows`).
 *
 * Run: `deno task bench wczf` or
 * `deno run --allow-read --allow-write=./bench/results --allow-sys bench/wczf_bench.ts`.
 *
 * @module
 */
import { type ComplexMatrix, complexMatrix, createRng, type Rng } from "../lib/core/mod.ts";
import { wczfBeams, type WczfResult, type WczfScenarios } from "../lib/beamforming/mod.ts";
import { referenceWczfBeams } from "../tests/beamforming/wczf_reference.ts";
import { summarize, writeResult } from "./harness.ts";

const SCALE = 7e-6;

function randomChannel(rng: Rng, k: number, nt: number, scale: number): ComplexMatrix {
  const h = complexMatrix(k, nt);
  for (let i = 0; i < h.re.length; i++) {
    h.re[i] = rng.normal() * scale;
    h.im[i] = rng.normal() * scale;
  }
  return h;
}

interface Dims {
  readonly a: number;
  readonly k: number;
  readonly nt: number;
  readonly m: number;
  readonly t: number;
}

/** One scenario set: i.i.d. draws, or a base plus a perturbation of 30 % of its scale. */
function scenarioSet(rng: Rng, d: Dims, kind: "iid" | "correlated"): WczfScenarios {
  const base = Array.from({ length: d.a }, () => randomChannel(rng, d.k, d.nt, SCALE));
  return Array.from({ length: d.m }, () =>
    Array.from({ length: d.t }, () =>
      base.map((h) => {
        if (kind === "iid") return randomChannel(rng, d.k, d.nt, SCALE);
        const x = randomChannel(rng, d.k, d.nt, 0.3 * SCALE);
        for (let i = 0; i < x.re.length; i++) {
          x.re[i] += h.re[i];
          x.im[i] += h.im[i];
        }
        return x;
      })));
}

function load1(): number {
  try {
    return Deno.loadavg()[0];
  } catch {
    return NaN;
  }
}

function maxBeamDeviation(x: WczfResult, y: WczfResult): number {
  let d = 0;
  x.beams.forEach((ap, b) => {
    const w = ap.weights, v = y.beams[b].weights;
    for (let i = 0; i < w.re.length; i++) {
      d = Math.max(d, Math.abs(w.re[i] - v.re[i]), Math.abs(w.im[i] - v.im[i]));
    }
  });
  return d;
}

/** Median ms of each step of the call (`timings`), over `calls` calls. */
function stepMedians(
  call: (slot: number, timings: Record<string, number>) => unknown,
  calls: number,
): Record<string, number> {
  const per: Record<string, number[]> = {};
  for (let i = 0; i < calls; i++) {
    const t: Record<string, number> = {};
    call(i, t);
    for (const [k, v] of Object.entries(t)) (per[k] ??= []).push(v);
  }
  return Object.fromEntries(Object.entries(per).map(([k, v]) => [k, summarize(v).medianMs]));
}

/** One row: the three implementations interleaved slot by slot, then the step medians. */
function benchRow(
  rng: Rng,
  d: Dims,
  kind: "iid" | "correlated",
  slots: number,
  referenceEvery: number,
) {
  const pool = Array.from({ length: 4 }, () => scenarioSet(rng, d, kind));
  const servingAp = Int32Array.from({ length: d.k }, (_, i) => i % d.a);
  const wasm = (s: number, timings?: Record<string, number>) =>
    wczfBeams(pool[s % pool.length], { servingAp, kernels: "auto", timings });
  const js = (s: number, timings?: Record<string, number>) =>
    wczfBeams(pool[s % pool.length], { servingAp, kernels: "js", timings });
  const reference = (s: number) => referenceWczfBeams(pool[s % pool.length], { servingAp });
  let deviation = 0;
  for (let s = 0; s < pool.length; s++) {
    deviation = Math.max(deviation, maxBeamDeviation(wasm(s), reference(s)));
  }
  for (let i = 0; i < 3; i++) js(i);
  const times = { wasm: [] as number[], js: [] as number[], reference: [] as number[] };
  const loads = [load1()];
  for (let i = 0; i < slots; i++) {
    let t0 = performance.now();
    wasm(i);
    times.wasm.push(performance.now() - t0);
    t0 = performance.now();
    js(i);
    times.js.push(performance.now() - t0);
    if (i % referenceEvery === 0) {
      t0 = performance.now();
      reference(i);
      times.reference.push(performance.now() - t0);
    }
    if (i % 25 === 24) loads.push(load1());
  }
  const [w, j, r] = [summarize(times.wasm), summarize(times.js), summarize(times.reference)];
  const stepCalls = Math.min(slots, 30);
  const row = {
    scenarios: kind,
    aps: d.a,
    ues: d.k,
    nt: d.nt,
    trajectories: d.m,
    horizonSlots: d.t,
    candidatesPerUe: d.m + 2,
    wczfMedianMs: w.medianMs,
    wczfP95Ms: w.p95Ms,
    wczfMinMs: w.minMs,
    runs: w.runs,
    jsKernelsMedianMs: j.medianMs,
    jsKernelsP95Ms: j.p95Ms,
    referenceMedianMs: r.medianMs,
    referenceP95Ms: r.p95Ms,
    referenceRuns: r.runs,
    speedupVsJsKernels: j.medianMs / w.medianMs,
    speedupVsReference: r.medianMs / w.medianMs,
    maxBeamDeviationFromReference: deviation,
    stepMediansMs: {
      wasm: stepMedians((s, t) => wasm(s, t), stepCalls),
      js: stepMedians((s, t) => js(s, t), stepCalls),
    },
    loadAverage1m: loads.concat(load1()),
  };
  console.log(
    `${kind} A=${d.a} T=${d.t}: wasm median ${w.medianMs.toFixed(2)} ms (p95 ${
      w.p95Ms.toFixed(2)
    }), js kernels ${j.medianMs.toFixed(2)}, reference ${r.medianMs.toFixed(2)}; beams within ${
      deviation.toExponential(1)
    } of the reference; load ${row.loadAverage1m.map((x) => x.toFixed(1)).join(" ")}`,
  );
  return row;
}

/**
 * The A = 12 over A = 3 cost ratio from one interleaved loop (A = 3 and A = 12 calls
 * alternate, so both medians see the same load), i.i.d. scenarios.
 */
function apScaling(rng: Rng, t: number, slots: number) {
  const dims = (a: number): Dims => ({ a, k: 30, nt: 64, m: 20, t });
  const sets = [3, 12].map((a) => ({
    pool: Array.from({ length: 2 }, () => scenarioSet(rng, dims(a), "iid")),
    servingAp: Int32Array.from({ length: 30 }, (_, i) => i % a),
  }));
  const times = sets.map(() => [] as number[]);
  for (let i = -2; i < slots; i++) {
    sets.forEach(({ pool, servingAp }, j) => {
      const t0 = performance.now();
      wczfBeams(pool[(i + 2) % 2], { servingAp });
      if (i >= 0) times[j].push(performance.now() - t0);
    });
  }
  const [a3, a12] = times.map((x) => summarize(x).medianMs);
  const row = { horizonSlots: t, a3MedianMs: a3, a12MedianMs: a12, ratio: a12 / a3, runs: slots };
  console.log(
    `A=12 / A=3 at T=${t}, interleaved: ${a12.toFixed(2)} / ${a3.toFixed(2)} ms = ${
      row.ratio.toFixed(2)
    }`,
  );
  return { ...row, loadAverage1m: load1() };
}

/**
 * WC-ZF on the decision's own inputs (see the module documentation): `slots` scenario
 * sets per horizon, each timed `repeats` times per implementation, interleaved.
 */
async function decisionRows(slots: number, repeats: number) {
  const { setupBackend } = await import("../lib/models/backend/mod.ts");
  const { loadShippedPredictors } = await import("../lib/models/mod.ts");
  const { simulateEpisode } = await import("../lib/mobility/mod.ts");
  const { loadNamedScene } = await import("../lib/scene/mod.ts");
  const { episodeHistory, predictiveWczfScheme } = await import("../lib/twin/mod.ts");
  await setupBackend();
  const { cgan } = await loadShippedPredictors("cpu");
  const episode = simulateEpisode(
    await loadNamedScene("office"),
    { slotCount: 20 + slots + 2 },
    11,
  );
  const rows = [];
  for (const t of [1, 5]) {
    const predictor = cgan({ trajectories: 20, rng: createRng(5).stream("z") });
    let last: WczfScenarios = [];
    const recording = {
      ...predictor,
      predict: async (
        history: Parameters<typeof predictor.predict>[0],
        horizon: number,
      ) => (last = await predictor.predict(history, horizon)),
    };
    const scheme = predictiveWczfScheme(recording, { horizon: t });
    const sets: { scenarios: WczfScenarios; servingAp: Int32Array }[] = [];
    for (let s = 20; s < 20 + slots; s++) {
      const { servingAp } = await scheme.decide(episodeHistory(episode, { syncSlot: s }));
      sets.push({ scenarios: last, servingAp });
    }
    const times = { wasm: [] as number[], js: [] as number[], reference: [] as number[] };
    let deviation = 0;
    const loads = [load1()];
    for (let r = -1; r < repeats; r++) {
      for (const { scenarios, servingAp } of sets) {
        let t0 = performance.now();
        const w = wczfBeams(scenarios, { servingAp });
        const dw = performance.now() - t0;
        t0 = performance.now();
        wczfBeams(scenarios, { servingAp, kernels: "js" });
        const dj = performance.now() - t0;
        t0 = performance.now();
        const ref = referenceWczfBeams(scenarios, { servingAp });
        const dr = performance.now() - t0;
        if (r < 0) {
          deviation = Math.max(deviation, maxBeamDeviation(w, ref));
          continue;
        }
        times.wasm.push(dw);
        times.js.push(dj);
        times.reference.push(dr);
      }
    }
    loads.push(load1());
    const [w, j, r] = [summarize(times.wasm), summarize(times.js), summarize(times.reference)];
    const steps = (kernels: "auto" | "js") =>
      stepMedians((i, timings) => {
        const { scenarios, servingAp } = sets[i % sets.length];
        return wczfBeams(scenarios, { servingAp, kernels, timings });
      }, 2 * sets.length);
    const row = {
      scenarios: "genai-dt decision (shipped cpu cGAN, office seed 11)",
      aps: sets[0].scenarios[0][0].length,
      trajectories: sets[0].scenarios.length,
      horizonSlots: t,
      scenarioSets: slots,
      wczfMedianMs: w.medianMs,
      wczfP95Ms: w.p95Ms,
      runs: w.runs,
      jsKernelsMedianMs: j.medianMs,
      referenceMedianMs: r.medianMs,
      speedupVsReference: r.medianMs / w.medianMs,
      maxBeamDeviationFromReference: deviation,
      stepMediansMs: { wasm: steps("auto"), js: steps("js") },
      loadAverage1m: loads,
    };
    console.log(
      `decision T=${t}: wasm median ${w.medianMs.toFixed(2)} ms, js kernels ${
        j.medianMs.toFixed(2)
      }, reference ${r.medianMs.toFixed(2)}; beams within ${deviation.toExponential(1)}; load ${
        loads.map((x) => x.toFixed(1)).join(" ")
      }`,
    );
    rows.push(row);
  }
  return rows;
}

/** Runs the benchmark and writes `bench/results/wczf.json` (`decision`: add {@link decisionRows}). */
export async function runWczfBench(
  options: { decision?: boolean } = {},
): Promise<Record<string, unknown>> {
  const rng = createRng(2024).stream("bench-wczf");
  const k = 30, nt = 64, m = 20;
  const rows: ReturnType<typeof benchRow>[] = [];
  for (const t of [1, 5]) {
    for (const a of [3, 6, 12]) {
      const slots = t === 1 ? (a === 3 ? 120 : 60) : (a === 3 ? 40 : 20);
      rows.push(benchRow(rng, { a, k, nt, m, t }, "iid", slots, 4));
    }
    rows.push(benchRow(rng, { a: 3, k, nt, m, t }, "correlated", t === 1 ? 120 : 40, 4));
  }
  const scaling = [apScaling(rng, 1, 60), apScaling(rng, 5, 20)];
  const result = {
    description: "WC-ZF (wczfBeams) alone per control slot; K=30, Nt=64, M=20, T=1 and 5; " +
      "wasm = default WebAssembly SIMD kernels, js = the same orchestration on the plain-JS " +
      "kernels, reference = the pre-optimization implementation " +
      "(tests/beamforming/wczf_reference.ts); interleaved slot by slot",
    targetMs: 5,
    targetAtA12OverA3: 4,
    a12OverA3: scaling,
    rows,
    decisionRows: options.decision ? await decisionRows(12, 5) : undefined,
  };
  const path = await writeResult("wczf", result);
  console.log(
    `wrote ${path}`,
  );
  return result;
}

if (import.meta.main) {
  await runWczfBench({ decision: Deno.args.includes("--decision") });
  Deno.exit(0); // tfjs's wasm worker threads keep the process alive
}
