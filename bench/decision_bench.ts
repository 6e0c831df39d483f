/**
 * Per-slot decision latency of each predictive scheme as the studies run it (prediction
 * + association + WC-ZF, one `decide` call), on a simulated office episode (A = 3,
 * K = 30, Nt = 64), with the shipped `cpu` weights: linear prediction (M = 1),
 * linear-scenarios (M = 6), LSTM-DT (M = 1), GenAI-DT (M = 20) at T = 1 and T = 5.
 *
 * Every slot runs each scheme once, in turn (interleaved, so all schemes see the same
 * machine load); medians over the slots. The learned predictors' own timings
 * (`lastTimings`: prepare / forward / unpack) and WC-ZF alone (the scheme's
 * `beamformMs`) are reported per scheme. The 1-minute load average is recorded.
 *
 * Reference rows (`--no-reference` drops them): the LSTM-DT on its tfjs layers and the
 * GenAI-DT with the tfjs fused generator head, the paths before the WebAssembly SIMD
 * kernels, interleaved in the same run so that the ratio is meaningful.
 *
 * Run: `deno task bench decision` (or `bench/decision_bench.ts --slots=N [--name=decision_x]
 * [--only=PREFIX] [--no-reference] [--no-write]`).
 *
 * @module
 */
import { setupBackend } from "../lib/models/backend/mod.ts";
import {
  createCganPredictor,
  createLstmPredictor,
  loadShippedPredictors,
  type TimedPredictor,
} from "../lib/models/mod.ts";
import { simulateEpisode } from "../lib/mobility/mod.ts";
import { loadNamedScene } from "../lib/scene/mod.ts";
import { type ComplexMatrix, createRng } from "../lib/core/mod.ts";
import {
  type ChannelPredictor,
  createLinearPredictor,
  createResidualScenarioPredictor,
  episodeHistory,
  LINEAR_PREDICTION_DEFAULTS,
  predictiveWczfScheme,
  type Scheme,
} from "../lib/twin/mod.ts";
import { summarize, type TimingSummary, writeResult } from "./harness.ts";

function load1(): number {
  try {
    return Deno.loadavg()[0];
  } catch {
    return NaN;
  }
}

interface Entry {
  readonly name: string;
  readonly horizon: number;
  readonly scheme: Scheme;
  readonly predictor: ChannelPredictor;
}

/** Runs the benchmark and writes `bench/results/decision.json`. */
export async function runDecisionBench(
  options: {
    slots?: number;
    write?: boolean;
    only?: string;
    reference?: boolean;
    /** Result name (default "decision": `bench/results/decision.json`). */
    name?: string;
  } = {},
): Promise<Record<string, unknown>> {
  const slots = options.slots ?? 60;
  const backend = await setupBackend();
  const { cgan, lstm, generator, lstmModel, manifest } = await loadShippedPredictors("cpu");
  const linear = manifest.presetConfig.linear;
  const scene = await loadNamedScene("office");
  const first = 20;
  const episode = simulateEpisode(scene, { slotCount: first + slots + 2 }, 11);
  const entries: Entry[] = [];
  const add = (name: string, predictor: ChannelPredictor, horizon: number) =>
    entries.push({
      name,
      horizon,
      predictor,
      scheme: predictiveWczfScheme(predictor, { horizon, name }),
    });
  for (const T of [1, 5]) {
    add(`linear-prediction T=${T}`, createLinearPredictor(LINEAR_PREDICTION_DEFAULTS), T);
    add(`linear-scenarios T=${T}`, createResidualScenarioPredictor(LINEAR_PREDICTION_DEFAULTS), T);
    add(`lstm-dt T=${T}`, lstm(), T);
    add(`genai-dt M=20 T=${T}`, cgan({ trajectories: 20, rng: createRng(5).stream("z") }), T);
    if (options.reference !== false) {
      // the previous paths, interleaved in the same run: the tfjs layers LSTM and the
      // tfjs fused generator head (same numbers to float32 rounding)
      add(
        `lstm-dt layers (before) T=${T}`,
        createLstmPredictor(lstmModel, { linear, path: "layers" }),
        T,
      );
      add(
        `genai-dt M=20 tfjs-fused (before) T=${T}`,
        createCganPredictor(generator, {
          M: 20,
          rng: createRng(5).stream("z"),
          linear,
          path: "fused",
        }),
        T,
      );
    }
  }
  if (options.only) {
    const keep = entries.filter((e) => e.name.startsWith(options.only!));
    entries.splice(0, entries.length, ...keep);
  }
  const step = entries.map(() => [] as number[]);
  const predict = entries.map(() => [] as number[]);
  const beam = entries.map(() => [] as number[]);
  const parts = entries.map(() => ({
    prepare: [] as number[],
    forward: [] as number[],
    unpack: [] as number[],
  }));
  const loads = [load1()];
  const cache = new Map<number, ComplexMatrix[]>();
  const warmup = 3;
  for (let s = first - warmup; s < first + slots; s++) {
    const history = episodeHistory(episode, { syncSlot: s, cache });
    history.channels(s); // fill the cache outside the timed calls, as the loop's baseline does
    for (const [i, e] of entries.entries()) {
      const t0 = performance.now();
      const d = await e.scheme.decide(history);
      const dt = performance.now() - t0;
      if (s < first) continue;
      step[i].push(dt);
      predict[i].push(d.predictMs);
      beam[i].push(d.beamformMs);
      const t = (e.predictor as Partial<TimedPredictor>).lastTimings;
      if (t) {
        parts[i].prepare.push(t.prepareMs);
        parts[i].forward.push(t.forwardMs);
        parts[i].unpack.push(t.unpackMs);
      }
    }
    if ((s - first) % 20 === 19) loads.push(load1());
  }
  const med = (x: TimingSummary) => x.medianMs;
  const rows = entries.map((e, i) => {
    const row: Record<string, unknown> = {
      scheme: e.name,
      horizon: e.horizon,
      trajectories: e.predictor.trajectories,
      decision: summarize(step[i]),
      predict: summarize(predict[i]),
      wczf: summarize(beam[i]),
    };
    if (parts[i].prepare.length) {
      row.predictParts = {
        prepareMedianMs: med(summarize(parts[i].prepare)),
        forwardMedianMs: med(summarize(parts[i].forward)),
        unpackMedianMs: med(summarize(parts[i].unpack)),
      };
    }
    console.log(
      `${e.name.padEnd(26)} decision ${med(row.decision as TimingSummary).toFixed(2)} ms ` +
        `(predict ${med(row.predict as TimingSummary).toFixed(2)}, WC-ZF ${
          med(row.wczf as TimingSummary).toFixed(2)
        })` +
        (row.predictParts ? ` parts ${JSON.stringify(row.predictParts)}` : ""),
    );
    return row;
  });
  loads.push(load1());
  const result = {
    description:
      "per-slot decide() of each scheme, interleaved per slot, office episode seed 11, " +
      "A=3 K=30 Nt=64, shipped cpu weights",
    backend: `${backend.backend} (${backend.threads} thread(s))`,
    slots,
    loadAverage1m: loads,
    targetsMs: { genaiDecision: 10, wczfAlone: 5, linearAndLstmDecision: 5 },
    rows,
  };
  if (options.write !== false) {
    console.log(`wrote ${await writeResult(options.name ?? "decision", result)}`);
  }
  return result;
}

if (import.meta.main) {
  const arg = Deno.args.find((a) => a.startsWith("--slots="));
  await runDecisionBench({
    slots: arg ? Number(arg.slice(8)) : undefined,
    write: !Deno.args.includes("--no-write"),
    only: Deno.args.find((a) => a.startsWith("--only="))?.slice(7),
    reference: !Deno.args.includes("--no-reference"),
    name: Deno.args.find((a) => a.startsWith("--name="))?.slice(7),
  });
  Deno.exit(0);
}
