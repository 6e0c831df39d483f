/**
 * WC-ZF cost per control slot: M = 20 trajectories x T = 5 slots of seeded random
 * channels, K = 30 UEs, Nt = 64, A = 3 (and A = 2..12), the WC-ZF call alone
 * (candidates + minimax selection), median and p95 over >= 200 slots. Also the cost
 * without the statistical (max-SLNR) candidate and a breakdown of its parts.
 *
 * Run: `deno task bench wczf` or
 * `deno run --allow-read --allow-write=./bench/results --allow-sys bench/wczf_bench.ts`.
 *
 * @module
 */
import { type ComplexMatrix, complexMatrix, createRng, type Rng } from "../lib/core/mod.ts";
import {
  maxSlnrBeamRows,
  perBeamPowerW,
  servedUesByAp,
  wczfBeams,
  type WczfScenarios,
  zfBeamRows,
} from "../lib/beamforming/mod.ts";
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

/** Runs the benchmark and writes `bench/results/wczf.json`. */
export async function runWczfBench(): Promise<Record<string, unknown>> {
  const rng = createRng(2024).stream("bench-wczf");
  const k = 30, nt = 64, m = 20, t = 5, slots = 200;
  const rows = [];
  for (const a of [3, 2, 4, 6, 8, 10, 12]) {
    const servingAp = Int32Array.from({ length: k }, (_, i) => i % a);
    const pool = scenarioPool(rng, { a, k, nt, m, t });
    const full = timeSlots((s) => wczfBeams(pool[s % pool.length], { servingAp }), slots);
    const noSlnr = timeSlots(
      (s) => wczfBeams(pool[s % pool.length], { servingAp, statistical: false }),
      a === 3 ? slots : 50,
    );
    const row: Record<string, unknown> = {
      aps: a,
      ues: k,
      nt,
      trajectories: m,
      horizonSlots: t,
      candidatesPerUe: m + 2,
      wczfMedianMs: full.medianMs,
      wczfP95Ms: full.p95Ms,
      runs: full.runs,
      withoutSlnrMedianMs: noSlnr.medianMs,
      withoutSlnrP95Ms: noSlnr.p95Ms,
    };
    if (a === 3) {
      // Breakdown of the A = 3 case.
      const served = servedUesByAp(servingAp, a);
      const power = perBeamPowerW(servingAp, { apCount: a });
      const scen = pool[0];
      row.zfSolveMedianMs = timeSlots(() => zfBeamRows(scen[0][0][0], served[0]), 50).medianMs;
      row.slnrPerApMedianMs = timeSlots(
        () =>
          maxSlnrBeamRows(scen.flatMap((tr) => tr.map((set) => set[0])), served[0], {
            noiseToPowerRatio: 1.26e-11 / power[0],
          }),
        30,
      ).medianMs;
    }
    console.log(
      `A=${a}: WC-ZF median ${full.medianMs.toFixed(2)} ms, p95 ${full.p95Ms.toFixed(2)} ms; ` +
        `without max-SLNR median ${noSlnr.medianMs.toFixed(2)} ms`,
    );
    rows.push(row);
  }
  const result = {
    description:
      "WC-ZF (wczfBeams) alone per control slot on seeded i.i.d. Rayleigh channels; K=30, Nt=64, M=20, T=5",
    targetMs: 2,
    rows,
  };
  const path = await writeResult("wczf", result);
  console.log(`wrote ${path}`);
  return result;
}

if (import.meta.main) await runWczfBench();
