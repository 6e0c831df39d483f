/**
 * Benchmark of the generative module (writes `bench/results/models.json`):
 *
 * - training step times at batch 64 (a WGAN-GP critic step with the gradient penalty, a
 *   generator step) for the paper's architecture and the `cpu` preset (filters / 8), on
 *   the backend `setupBackend()` picks (wasm, SIMD, threads);
 * - generator sampling for M = 20 x T = 5 (one AP) and for A = 3 APs batched, through
 *   the split generator (embedding once per AP, head on the A M T rows) and, for
 *   comparison, the whole generator on every row (the sampler before the split); the
 *   full cGAN predictor step (`predict` incl. condition building and unpacking); the
 *   LSTM forecast; and the kernels that dominate the cpu-preset head;
 * - the load average before and after (other processes share the 2 cores).
 *
 * `--peer` (standalone only: `deno run --allow-read --allow-write=./bench/results,/tmp
 * --allow-env --allow-ffi --allow-sys --allow-run=/usr/bin/env bench/models_bench.ts
 * --peer`) runs the PyTorch peer `bench/peers/torch_models_step.py` (the same networks)
 * right after, back-to-back, and records the tfjs / PyTorch ratios measured in this run.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../lib/core/mod.ts";
import { setupBackend } from "../lib/models/backend/mod.ts";
import {
  buildCondition,
  buildCritic,
  buildGenerator,
  buildLstm,
  createCganPredictor,
  createLstmPredictor,
  createWganGpTrainer,
  criticConfig,
  generatorConfig,
  lstmConfig,
  modelPreset,
  sampleTrajectories,
  splitGenerator,
} from "../lib/models/mod.ts";
import type { TwinHistory } from "../lib/channel/predictor.ts";
import { environment, time, writeResult } from "./harness.ts";

const K = 30, Nt = 64, tau = 10, T = 5, M = 20;

function loadAverage(): number[] | null {
  try {
    return Deno.loadavg();
  } catch {
    return null;
  }
}

function randomArray(n: number, seed: string, scale = 0.7): Float32Array {
  const rng = createRng(11).stream(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = scale * rng.normal();
  return a;
}

async function trainingSteps(filterScale: number, runs: number) {
  const preset = { ...modelPreset("paper"), filterScale };
  const generator = buildGenerator(generatorConfig(preset, { seed: 1 }));
  const critic = buildCritic(criticConfig(preset, { seed: 1 }));
  const trainer = createWganGpTrainer({ generator, critic }, { rng: createRng(1).stream("b") });
  const B = 64;
  const batch = {
    real: tf.tensor4d(randomArray(B * K * Nt * 2, "real"), [B, K, Nt, 2]),
    history: tf.tensor4d(randomArray(B * K * Nt * 2 * tau, "hist"), [B, K, Nt, 2 * tau]),
    scalars: tf.tensor2d(randomArray(B * (2 * K + 1 + T), "sc"), [B, 2 * K + 1 + T]),
  };
  const critic_ = await time(() => trainer.criticStep(batch), { runs, warmup: 1 });
  const gen = await time(() => trainer.generatorStep(batch), { runs, warmup: 1 });
  trainer.dispose();
  tf.dispose([batch.real, batch.history, batch.scalars]);
  generator.dispose();
  critic.dispose();
  return { filterScale, batch: B, criticStep: critic_, generatorStep: gen };
}

function syntheticHistory(A: number): TwinHistory {
  const rng = createRng(5).stream("history");
  const slots = new Map<
    number,
    { rows: number; cols: number; re: Float64Array; im: Float64Array }[]
  >();
  const channels = (slot: number) => {
    let c = slots.get(slot);
    if (!c) {
      c = Array.from({ length: A }, () => ({
        rows: K,
        cols: Nt,
        re: Float64Array.from({ length: K * Nt }, () => 1e-4 * rng.normal()),
        im: Float64Array.from({ length: K * Nt }, () => 1e-4 * rng.normal()),
      }));
      slots.set(slot, c);
    }
    return c;
  };
  return {
    syncSlot: 20,
    apCount: A,
    ueCount: K,
    antennaCount: Nt,
    channels,
    rareEvent: () => 0,
  };
}

async function sampling(filterScale: number, runs: number) {
  const preset = { ...modelPreset("paper"), filterScale };
  const g = buildGenerator(generatorConfig(preset, { seed: 1 }));
  const rng = createRng(3).stream("z");
  const conds = Array.from({ length: 3 }, (_, b) =>
    buildCondition({
      past: randomArray(tau * K * Nt * 2, `past${b}`, 1e-4),
      rssiDbm: Array.from({ length: K }, () => -70),
      beamIndex: Array.from({ length: K }, (_, k) => k),
      rareEvent: false,
    }, { K, Nt, tau, T }));
  const out: Record<string, unknown> = { filterScale };
  for (const A of [1, 3]) {
    const c = conds.slice(0, A);
    out[`split_A${A}`] = await time(() => sampleTrajectories(g, c, { M, T, rng }), {
      runs,
      warmup: 1,
    });
    out[`splitChunk50_A${A}`] = await time(
      () => sampleTrajectories(g, c, { M, T, rng, chunkRows: 50 }),
      { runs, warmup: 1 },
    );
    // Before the split: the whole generator (CNN included) on every one of the A M T rows.
    const rows = A * M * T;
    const hist = tf.tensor4d(
      randomArray(A * K * Nt * 2 * tau, "h", 1),
      [A, K, Nt, 2 * tau],
    );
    const idx = tf.tensor1d(
      Int32Array.from({ length: rows }, (_, i) => Math.floor(i / (M * T))),
      "int32",
    );
    const sc = tf.tensor2d(randomArray(rows * (2 * K + 1 + T), "s"), [rows, 2 * K + 1 + T]);
    const z = tf.tensor2d(randomArray(rows * 128, "z", 1), [rows, 128]);
    out[`whole_A${A}`] = await time(
      () =>
        tf.tidy(() =>
          (g.apply([tf.gather(hist, idx), sc, z], { training: false }) as tf.Tensor).dataSync()
        ),
      { runs, warmup: 1 },
    );
    tf.dispose([hist, idx, sc, z]);
  }
  const predictor = createCganPredictor(g, { M, rng });
  const history = syntheticHistory(3);
  const timings: Record<string, number>[] = [];
  out.predictor_A3 = await time(() => {
    predictor.predict(history, T);
    timings.push({ ...predictor.lastTimings });
  }, { runs, warmup: 1 });
  const mean = (k: string) => timings.reduce((s, t) => s + t[k], 0) / timings.length;
  out.predictor_A3_parts = {
    prepareMs: mean("prepareMs"),
    forwardMs: mean("forwardMs"),
    unpackMs: mean("unpackMs"),
  };
  // Which kernels dominate the head at A = 3 (A M T = 300 rows).
  const { embed, head } = splitGenerator(g);
  const e = tf.tidy(() =>
    tf.tile(embed.apply(tf.zeros([1, K, Nt, 2 * tau])) as tf.Tensor, [A3Rows, 1])
  );
  const sc = tf.zeros([A3Rows, 2 * K + 1 + T]);
  const z = tf.zeros([A3Rows, 128]);
  const prof = await tf.profile(() => {
    const y = head.apply([e, sc, z], { training: false }) as tf.Tensor;
    y.dataSync();
    return y;
  });
  const byKernel = new Map<string, number>();
  for (const k of prof.kernels) {
    byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  }
  out.headKernelsA3Ms = Object.fromEntries(
    [...byKernel].filter(([n]) => !n.endsWith("__op")).sort((a, b) => b[1] - a[1]).slice(0, 8)
      .map(([n, v]) => [n, Math.round(v * 10) / 10]),
  );
  tf.dispose([e, sc, z]);
  g.dispose();
  return out;
}
const A3Rows = 3 * M * T;

async function lstmForecast(units: number, runs: number) {
  const model = buildLstm({ ...lstmConfig(modelPreset("cpu")), units });
  const p = createLstmPredictor(model);
  const h = syntheticHistory(3);
  const r = await time(() => p.predict(h, T), { runs, warmup: 1 });
  model.dispose();
  return { units, A: 3, predict: r };
}

async function runPeer(): Promise<Record<string, unknown> | null> {
  // Through /usr/bin/env: Deno allows LD_LIBRARY_PATH in a child's env only with an
  // unrestricted --allow-run.
  const cmd = new Deno.Command("/usr/bin/env", {
    args: [
      "LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread",
      "OPENBLAS_NUM_THREADS=1",
      "/usr/bin/python3",
      new URL("./peers/torch_models_step.py", import.meta.url).pathname,
      "--threads",
      "2",
      "--runs",
      "3",
      "--scales",
      "1,0.125",
    ],
    stdout: "piped",
    stderr: "piped",
  });
  const out = await cmd.output();
  if (!out.success) {
    console.error(new TextDecoder().decode(out.stderr));
    return null;
  }
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** Runs the benchmark (see the module doc); `peer` also runs the PyTorch peer. */
export async function runModelsBench(options: { peer?: boolean } = {}) {
  const loadBefore = loadAverage();
  const info = await setupBackend();
  const cpuScale = modelPreset("cpu").filterScale;
  const started = performance.now();
  const training = [await trainingSteps(1, 3), await trainingSteps(cpuScale, 5)];
  for (const r of training) {
    console.log(
      `tfjs ${info.backend} filters x${r.filterScale}: critic step ${
        r.criticStep.medianMs.toFixed(0)
      } ms, generator step ${r.generatorStep.medianMs.toFixed(0)} ms (batch 64)`,
    );
  }
  const samplingRows = [await sampling(cpuScale, 5), await sampling(1, 3)];
  for (const s of samplingRows) {
    const f = (k: string) => (s[k] as { medianMs: number }).medianMs.toFixed(0);
    console.log(
      `sampling filters x${s.filterScale}: M x T = 100 rows: split ${f("split_A1")} ms (whole ${
        f("whole_A1")
      } ms); A = 3: split ${f("split_A3")} ms (chunks of 50 rows ${
        f("splitChunk50_A3")
      } ms, whole ${f("whole_A3")} ms); predictor ${f("predictor_A3")} ms`,
    );
  }
  const lstm = [await lstmForecast(modelPreset("cpu").lstmUnits, 5)];
  const tfjsS = (performance.now() - started) / 1000;
  const loadAfterTfjs = loadAverage();
  let peer: Record<string, unknown> | null = null;
  let ratios: Record<string, number> | null = null;
  if (options.peer) {
    peer = await runPeer();
    const rows = (peer?.rows ?? []) as Record<string, number>[];
    ratios = {};
    for (const r of training) {
      const p = rows.find((x) => Math.abs(x.filterScale - r.filterScale) < 1e-9);
      if (!p) continue;
      ratios[`critic_x${r.filterScale}`] = r.criticStep.medianMs / p.criticStepMs;
      ratios[`generator_x${r.filterScale}`] = r.generatorStep.medianMs / p.generatorStepMs;
    }
    for (const s of samplingRows) {
      const p = rows.find((x) => Math.abs(x.filterScale - (s.filterScale as number)) < 1e-9);
      if (!p) continue;
      ratios[`sampling300_x${s.filterScale}`] = (s.split_A3 as { medianMs: number }).medianMs /
        p.forward300Ms;
    }
    console.log(`tfjs / torch time ratios: ${JSON.stringify(ratios)}`);
  }
  const path = await writeResult("models", {
    benchmark: "models",
    environment: environment(),
    backend: info,
    loadAverage: { before: loadBefore, afterTfjs: loadAfterTfjs, afterPeer: loadAverage() },
    tfjsSeconds: tfjsS,
    training,
    sampling: samplingRows,
    lstm,
    peer: peer ?? "not run (pass --peer with --allow-run=/usr/bin/env)",
    ratiosTfjsOverTorch: ratios,
    note: "ratios > 1: tfjs slower. Peer = bench/peers/torch_models_step.py, same networks, " +
      "PyTorch 1.13 CPU, OpenBLAS pthread build with 1 BLAS thread, torch.set_num_threads(2), " +
      "run right after the tfjs part in the same process tree.",
  });
  console.log(`wrote ${path}`);
}

if (import.meta.main) {
  await runModelsBench({ peer: Deno.args.includes("--peer") });
  Deno.exit(0);
}
