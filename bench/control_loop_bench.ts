/**
 * One control-loop step per scheme, measured in-process over at least 200 slots of a
 * simulated office episode (A = 3, K = 30, Nt = 64, T = 5): prediction + association +
 * beamforming. The learned predictors join when their weights are shipped (issue 5);
 * until then the M = 20 row uses the oracle's trajectory plus seeded perturbations as
 * a stand-in of the generator's output *size* (its timing excludes a generator).
 *
 * Run: `deno task bench control_loop`.
 *
 * @module
 */
import { complexMatrix, createRng } from "../lib/core/mod.ts";
import { simulateEpisode } from "../lib/mobility/mod.ts";
import { loadNamedScene } from "../lib/scene/mod.ts";
import {
  type ChannelPredictor,
  createArPredictor,
  createOraclePredictor,
  episodeHistory,
  predictiveWczfScheme,
  reactiveZfScheme,
  type Scheme,
} from "../lib/twin/mod.ts";
import { summarize, writeResult } from "./harness.ts";

/** The oracle's trajectory plus M - 1 perturbed copies (5 % relative noise). */
function perturbedOracle(base: ChannelPredictor, m: number, seed: number): ChannelPredictor {
  const rng = createRng(seed).stream("bench-perturbation");
  return {
    name: `perturbed-oracle-M${m}`,
    trajectories: m,
    async predict(history, horizon) {
      const [truth] = await base.predict(history, horizon);
      return Array.from({ length: m }, (_, i) =>
        truth.map((set) =>
          set.map((h) => {
            if (i === 0) return h;
            const out = complexMatrix(h.rows, h.cols);
            for (let n = 0; n < h.re.length; n++) {
              const s = 0.05 * Math.hypot(h.re[n], h.im[n]);
              out.re[n] = h.re[n] + s * rng.normal();
              out.im[n] = h.im[n] + s * rng.normal();
            }
            return out;
          })
        ));
    },
  };
}

/** Runs the benchmark and writes `bench/results/control_loop.json`. */
export async function runControlLoopBench(): Promise<Record<string, unknown>> {
  const scene = await loadNamedScene("office");
  const slots = 220;
  const episode = simulateEpisode(scene, { slotCount: slots + 11 }, 7);
  const oracle = createOraclePredictor(episode);
  const schemes: Scheme[] = [
    reactiveZfScheme(),
    predictiveWczfScheme(createArPredictor(), { name: "classical-ar1 (M=1)" }),
    predictiveWczfScheme(oracle, { name: "oracle (M=1)" }),
    predictiveWczfScheme(perturbedOracle(oracle, 20, 1), {
      name: "WC-ZF M=20 (stand-in scenarios)",
    }),
  ];
  const rows = [];
  for (const scheme of schemes) {
    const step: number[] = [], predict: number[] = [], beam: number[] = [];
    for (let s = 10; s < 10 + slots; s++) {
      const history = episodeHistory(episode, { syncSlot: s });
      const t0 = performance.now();
      const d = await scheme.decide(history);
      step.push(performance.now() - t0);
      predict.push(d.predictMs);
      beam.push(d.beamformMs);
    }
    const row = {
      scheme: scheme.name,
      slots,
      step: summarize(step),
      predict: summarize(predict),
      beamforming: summarize(beam),
    };
    console.log(
      `${scheme.name.padEnd(34)} step median ${row.step.medianMs.toFixed(2)} ms, p95 ${
        row.step.p95Ms.toFixed(2)
      } ms (beamforming median ${row.beamforming.medianMs.toFixed(2)} ms)`,
    );
    rows.push(row);
  }
  const result = {
    dims: { apCount: 3, ueCount: 30, antennaCount: 64, horizon: 5 },
    budgetMs: { controlPeriod: 10, paperStretch: 4.1 },
    results: rows,
  };
  const path = await writeResult("control_loop", result);
  console.log(`wrote ${path}`);
  return result;
}

if (import.meta.main) await runControlLoopBench();
