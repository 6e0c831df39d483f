/**
 * Benchmark of the learned predictors (writes `bench/results/models.json`), for the
 * row-anchored models of lib/models (since commit 538350f: every network works on one
 * (UE, AP) channel row; see lib/models/generator.ts, critic.ts, lstm.ts):
 *
 * - **training steps** at each preset's batch (`batchSize` windows x `rowsPerSample` UE
 *   rows, one random horizon per row: 64 x 30 = 1 920 rows for `paper`, 16 x 8 = 128 for
 *   `cpu`), with the preset's trainer settings: a WGAN-GP critic step (gradient penalty
 *   included) and a generator step (variety loss included, k = 4), for the `paper` and
 *   `cpu` presets, on the backend `setupBackend()` picks (wasm, SIMD, threads);
 * - **sampling** of M = 20 x T = 5 trajectories through `sampleTrajectories` for one AP
 *   and A = 3 APs batched, in one head launch and in chunks of 1 500 rows (the 50 AP
 *   images of the previous benchmark's chunk); the **cGAN predictor** (`predict`
 *   including condition building and unpacking) for A = 3, M = 20 at T = 1 and T = 5, with
 *   its prepare / forward / unpack parts; and the kernels that dominate the generator head
 *   at A = 3, T = 5 (`A M T K` = 9 000 rows); for the `paper` and `cpu` presets;
 * - the **LSTM-DT predictor** (`cpu` preset, A = 3, T = 5);
 * - the load average before and after (other processes share the 2 cores).
 *
 * The inputs come from a synthetic multipath history at the paper's sizes (K = 30,
 * Nt = 64, three APs, three plane waves per (UE, AP) row plus 1 % noise), through
 * `apConditions` and `alignedTargets` as in training; weights are untrained (same cost).
 *
 * Dropped with the rebuild (numbers in results written before it are not comparable):
 * - the split-vs-unsplit comparison (`whole_A*`: the whole CNN generator on every
 *   sampled row against the embedding once per AP): it measured the switch of the CNN
 *   generator to the split sampler; the row generator's embedding is one dense layer and
 *   the sampler always splits;
 * - `--peer` and the tfjs / PyTorch ratios: `bench/peers/torch_models_step.py` describes
 *   the **previous architecture** (CNN generator and PatchGAN critic on 30 x 64 images,
 *   scaled by `filterScale`) and is not comparable with these models; it is not ported,
 *   stays out of CI, and nothing here runs or reads it.
 *
 * Run alone (`--runs=N` overrides every run count, `--presets=cpu` skips `paper`):
 *
 * ```sh
 * deno run --allow-read --allow-write=./bench/results,/tmp --allow-env --allow-ffi \
 *   --allow-sys bench/models_bench.ts [--runs=1] [--presets=cpu]
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type ComplexMatrix, createRng } from "../lib/core/mod.ts";
import type { TwinHistory } from "../lib/channel/mod.ts";
import { setupBackend } from "../lib/models/backend/mod.ts";
import {
  alignedTargets,
  apConditions,
  buildCritic,
  buildGenerator,
  buildLstm,
  conditionSlots,
  createCganPredictor,
  createLstmPredictor,
  createWganGpTrainer,
  criticConfig,
  disposeBatch,
  generatorConfig,
  lstmConfig,
  makeGanBatch,
  type ModelPreset,
  modelPreset,
  type ModelPresetName,
  sampleTrajectories,
  scalarSize,
  splitGenerator,
  type TrainingSample,
} from "../lib/models/mod.ts";
import { environment, time, type TimingSummary, writeResult } from "./harness.ts";

/** APs, trajectories and the synthetic history's sync slot. */
const A = 3, M = 20, SYNC_SLOT = 20;
/** Head rows per launch of the chunked sampler: 50 AP windows of K = 30 rows. */
const CHUNK_ROWS = 1500;

function loadAverage(): number[] | null {
  try {
    return Deno.loadavg();
  } catch {
    return null;
  }
}

/**
 * Channels of a synthetic multipath scene with the preset's `K x Nt` and `A` APs: row
 * `(b, k)` is `g_bk sum_p a_p e^{j (d_p s + w_p n + phi_p)}` plus 1 % white noise,
 * `g_bk` around 1e-4. Seeded per slot, so any slot (past or future) can be asked for.
 */
function syntheticChannels(preset: ModelPreset): (slot: number) => ComplexMatrix[] {
  const { K, Nt } = preset.dims;
  const rng = createRng(5).stream("scene");
  const rows = Array.from({ length: A * K }, () => ({
    gain: 1e-4 * (0.5 + rng.uniform()),
    paths: Array.from({ length: 3 }, () => ({
      amp: 0.4 + rng.uniform(),
      doppler: 0.6 * (rng.uniform() - 0.5),
      spatial: Math.PI * (rng.uniform() - 0.5),
      phase: 2 * Math.PI * rng.uniform(),
    })),
  }));
  const cache = new Map<number, ComplexMatrix[]>();
  return (slot) => {
    const hit = cache.get(slot);
    if (hit) return hit;
    const noise = createRng(5).stream(`noise-${slot}`);
    const out = Array.from({ length: A }, (_, b) => {
      const re = new Float64Array(K * Nt), im = new Float64Array(K * Nt);
      for (let k = 0; k < K; k++) {
        const { gain, paths } = rows[b * K + k];
        for (let n = 0; n < Nt; n++) {
          let r = 0.01 * noise.normal(), i = 0.01 * noise.normal();
          for (const p of paths) {
            const a = p.doppler * slot + p.spatial * n + p.phase;
            r += p.amp * Math.cos(a);
            i += p.amp * Math.sin(a);
          }
          re[k * Nt + n] = gain * r;
          im[k * Nt + n] = gain * i;
        }
      }
      return { rows: K, cols: Nt, re, im };
    });
    cache.set(slot, out);
    return out;
  };
}

/** The twin's view of the synthetic scene at `syncSlot` (no rare event). */
function syntheticHistory(
  preset: ModelPreset,
  channels: (slot: number) => ComplexMatrix[],
  syncSlot = SYNC_SLOT,
): TwinHistory {
  return {
    syncSlot,
    apCount: A,
    ueCount: preset.dims.K,
    antennaCount: preset.dims.Nt,
    channels: (slot) => {
      if (slot > syncSlot) throw new RangeError(`slot ${slot} is after the sync slot`);
      return channels(slot);
    },
    rareEvent: () => 0,
  };
}

/**
 * `count` training samples as the dataset builds them (`apConditions` + `alignedTargets`):
 * the A APs at a few sync slots, cycled to `count` (the step's cost does not depend on
 * which windows fill the batch).
 */
function trainingSamples(preset: ModelPreset, count: number): TrainingSample[] {
  const channels = syntheticChannels(preset);
  const { T } = preset.dims;
  const pool = [0, 1, 2, 3].flatMap((i) => {
    const syncSlot = SYNC_SLOT + i;
    const conditions = apConditions(syntheticHistory(preset, channels, syncSlot), {
      dims: preset.dims,
      linear: preset.linear,
    });
    return conditions.map((condition, b) => ({
      condition,
      future: alignedTargets(
        condition,
        Array.from({ length: T }, (_, t) => channels(syncSlot + 1 + t)[b]),
      ),
      rareEvent: false,
    }));
  });
  return Array.from({ length: count }, (_, i) => pool[i % pool.length]);
}

async function trainingSteps(name: ModelPresetName, runs: number) {
  const preset = modelPreset(name);
  const generator = buildGenerator(generatorConfig(preset, { seed: 1 }));
  const critic = buildCritic(criticConfig(preset, { seed: 1 }));
  const rng = createRng(1).stream("bench");
  const trainer = createWganGpTrainer({ generator, critic }, {
    rng,
    lambdaGp: preset.lambdaGp,
    adam: preset.adam,
    varietySamples: preset.varietySamples,
    varietyWeight: preset.varietyWeight,
  });
  const batch = makeGanBatch(trainingSamples(preset, preset.batchSize), {
    rng,
    rowsPerSample: preset.rowsPerSample,
  });
  const criticStep = await time(() => trainer.criticStep(batch), { runs, warmup: 1 });
  const generatorStep = await time(() => trainer.generatorStep(batch), { runs, warmup: 1 });
  const rows = batch.real.shape[0];
  trainer.dispose();
  disposeBatch(batch);
  generator.dispose();
  critic.dispose();
  return {
    preset: name,
    windows: preset.batchSize,
    rowsPerSample: preset.rowsPerSample,
    rows,
    varietySamples: preset.varietySamples,
    criticStep,
    generatorStep,
  };
}

function meanTimings(timings: Record<string, number>[]) {
  const mean = (k: string) => timings.reduce((s, t) => s + t[k], 0) / timings.length;
  return { prepareMs: mean("prepareMs"), forwardMs: mean("forwardMs"), unpackMs: mean("unpackMs") };
}

async function sampling(name: ModelPresetName, runs: number) {
  const preset = modelPreset(name);
  const { K, Nt, T } = preset.dims;
  const g = buildGenerator(generatorConfig(preset, { seed: 1 }));
  const rng = createRng(3).stream("z");
  const history = syntheticHistory(preset, syntheticChannels(preset));
  const conds = apConditions(history, { dims: preset.dims, linear: preset.linear });
  const out: Record<string, unknown> = { preset: name, M, T };
  for (const a of [1, 3]) {
    const c = conds.slice(0, a);
    out[`sampler_A${a}`] = await time(() => sampleTrajectories(g, c, { M, T, rng }), {
      runs,
      warmup: 1,
    });
    out[`samplerChunk${CHUNK_ROWS}_A${a}`] = await time(
      () => sampleTrajectories(g, c, { M, T, rng, chunkRows: CHUNK_ROWS }),
      { runs, warmup: 1 },
    );
  }
  const predictor = createCganPredictor(g, { M, rng, linear: preset.linear });
  for (const horizon of [1, T]) {
    const timings: Record<string, number>[] = [];
    out[`predictor_A${A}_T${horizon}`] = await time(() => {
      predictor.predict(history, horizon);
      timings.push({ ...predictor.lastTimings });
    }, { runs, warmup: 1 });
    out[`predictor_A${A}_T${horizon}_parts`] = meanTimings(timings.slice(1)); // no warm-up
  }
  // Which kernels dominate the head at A = 3, T = 5 (A M T K rows).
  const headRows = A * M * T * K;
  const { embed, head } = splitGenerator(g);
  const latentDim = g.inputs[2].shape[1] as number;
  const e = tf.tidy(() =>
    tf.tile(
      embed.apply(tf.zeros([1, conditionSlots(preset.dims), 2 * Nt])) as tf.Tensor,
      [headRows, 1],
    )
  );
  const sc = tf.zeros([headRows, scalarSize(preset.dims)]);
  const z = tf.zeros([headRows, latentDim]);
  const prof = await tf.profile(() => {
    const ys = head.apply([e, sc, z], { training: false }) as tf.Tensor[];
    ys.forEach((y) => y.dataSync());
    return ys;
  });
  const byKernel = new Map<string, number>();
  for (const k of prof.kernels) {
    byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  }
  out.headRows = headRows;
  out.headKernelsMs = Object.fromEntries(
    [...byKernel].filter(([n]) => !n.endsWith("__op")).sort((a, b) => b[1] - a[1]).slice(0, 8)
      .map(([n, v]) => [n, Math.round(v * 10) / 10]),
  );
  tf.dispose([e, sc, z]);
  g.dispose();
  return out;
}

async function lstmForecast(name: ModelPresetName, runs: number) {
  const preset = modelPreset(name);
  const model = buildLstm(lstmConfig(preset, { seed: 1 }));
  const p = createLstmPredictor(model, { linear: preset.linear });
  const h = syntheticHistory(preset, syntheticChannels(preset));
  const T = preset.dims.T;
  const r = await time(() => p.predict(h, T), { runs, warmup: 1 });
  model.dispose();
  return { preset: name, units: preset.lstmUnits, A, T, predict: r };
}

/** Options of {@link runModelsBench}. */
export interface ModelsBenchOptions {
  /** Timed runs of every measurement (default 3 for `paper`, 5 for `cpu`). */
  readonly runs?: number;
  /** Presets to measure (default `paper` and `cpu`; the LSTM uses `cpu` whenever given). */
  readonly presets?: readonly ("paper" | "cpu")[];
}

/** Runs the benchmark (see the module doc). */
export async function runModelsBench(options: ModelsBenchOptions = {}) {
  const presets = options.presets ?? ["paper", "cpu"];
  const runsOf = (name: ModelPresetName) => options.runs ?? (name === "paper" ? 3 : 5);
  const loadBefore = loadAverage();
  const info = await setupBackend();
  const started = performance.now();
  const ms = (t: unknown) => (t as TimingSummary).medianMs.toFixed(0);
  const training = [];
  for (const name of presets) {
    const r = await trainingSteps(name, runsOf(name));
    training.push(r);
    console.log(
      `tfjs ${info.backend} ${name}: critic step ${ms(r.criticStep)} ms, generator step ${
        ms(r.generatorStep)
      } ms (${r.rows} rows = ${r.windows} windows x ${r.rowsPerSample})`,
    );
  }
  const samplingRows = [];
  for (const name of [...presets].reverse()) {
    const s = await sampling(name, runsOf(name));
    samplingRows.push(s);
    console.log(
      `sampling ${name}: M x T = ${M} x ${s.T}: A = 1 ${ms(s.sampler_A1)} ms, A = 3 ${
        ms(s.sampler_A3)
      } ms (chunks of ${CHUNK_ROWS} rows ${ms(s[`samplerChunk${CHUNK_ROWS}_A3`])} ms); ` +
        `predictor A = 3: T = 1 ${ms(s.predictor_A3_T1)} ms, T = ${s.T} ${
          ms(s[`predictor_A3_T${s.T}`])
        } ms`,
    );
  }
  const lstm = [await lstmForecast("cpu", runsOf("cpu"))];
  console.log(`lstm cpu (${lstm[0].units} units): A = 3, T = 5 ${ms(lstm[0].predict)} ms`);
  const path = await writeResult("models", {
    benchmark: "models",
    environment: environment(),
    backend: info,
    loadAverage: { before: loadBefore, after: loadAverage() },
    tfjsSeconds: (performance.now() - started) / 1000,
    training,
    sampling: samplingRows,
    lstm,
    note: "Row-anchored models (lib/models since 538350f): a training row is one (UE, AP, " +
      "horizon). Not comparable with results of the previous CNN architecture; the PyTorch " +
      "peer bench/peers/torch_models_step.py describes that previous architecture and is not run.",
  });
  console.log(`wrote ${path}`);
}

/** `--runs=N` and `--presets=a,b` from the command line. */
function parseArgs(args: readonly string[]): ModelsBenchOptions {
  let runs: number | undefined;
  let presets: ("paper" | "cpu")[] | undefined;
  for (const arg of args) {
    const [key, value] = arg.split("=", 2);
    if (key === "--runs" && Number.isInteger(Number(value)) && Number(value) >= 1) {
      runs = Number(value);
    } else if (key === "--presets" && value) {
      presets = value.split(",").map((p) => {
        if (p !== "paper" && p !== "cpu") throw new RangeError(`unknown preset "${p}"`);
        return p;
      });
    } else {
      throw new RangeError(`unknown argument "${arg}"; use --runs=N, --presets=paper,cpu`);
    }
  }
  return { runs, presets };
}

if (import.meta.main) {
  await runModelsBench(parseArgs(Deno.args));
  Deno.exit(0);
}
