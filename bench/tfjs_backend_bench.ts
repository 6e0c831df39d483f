/**
 * TensorFlow.js training-step times at batch 64 for the paper-like WGAN-GP networks:
 *
 * - **critic step**: cond(317) -> dense -> one 30 x 64 map, concatenated with the
 *   2-channel channel image; three 3x3 stride-2 convs (64, 128, 256 filters, LeakyReLU
 *   0.2), a 1x1 conv to a score map, mean. Wasserstein loss + 10 x gradient penalty at
 *   interpolates (a gradient of a gradient), Adam update.
 * - **generator step**: z(128) + cond(317) -> FC 512 ReLU -> FC -> [4, 8, 64] -> three
 *   3x3 stride-2 transposed convs (256, 128, 64 filters, batch norm, ReLU) -> crop to
 *   30 x 64 -> 3x3 conv to 2 channels, tanh; loss -mean(critic(G(z))) through the
 *   (frozen) critic, Adam update of the generator.
 * - the same with every filter count divided by 4.
 *
 * The wasm thread count is fixed per process, so one run measures one configuration;
 * results are merged into `bench/results/tfjs_backend.json` by configuration. Run:
 *
 * ```sh
 * P="--allow-read --allow-write=./bench/results,/tmp --allow-env --allow-ffi --allow-sys"
 * TFJS_THREADS=1 deno run $P bench/tfjs_backend_bench.ts          # wasm, 1 thread
 * TFJS_THREADS=2 deno run $P bench/tfjs_backend_bench.ts          # wasm, 2 threads
 * TFJS_BACKEND=cpu deno run $P bench/tfjs_backend_bench.ts small  # cpu, filters / 4 only
 * ```
 *
 * PyTorch peer: `bench/peers/torch_wgan_step.py` (same networks).
 *
 * These networks are defined here, not taken from lib/models: they are the previous (CNN)
 * architecture, kept as a tfjs-backend benchmark (wasm threads, cpu) against that peer.
 * The current row-anchored models' training steps are in `bench/models_bench.ts`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setupBackend, shutdownBackend } from "../lib/models/backend/mod.ts";
import { repoPath } from "../lib/core/mod.ts";
import { summarize, type TimingSummary, writeResult } from "./harness.ts";

/** Network sizes of one benchmark variant. */
export interface WganBenchSize {
  readonly name: string;
  readonly criticFilters: readonly [number, number, number];
  readonly genFilters: readonly [number, number, number];
  readonly fc: number;
  readonly gridChannels: number;
}

/** Paper-size and filters/4 variants. */
export const WGAN_BENCH_SIZES: readonly WganBenchSize[] = [
  {
    name: "paper",
    criticFilters: [64, 128, 256],
    genFilters: [256, 128, 64],
    fc: 512,
    gridChannels: 64,
  },
  {
    name: "filters/4",
    criticFilters: [16, 32, 64],
    genFilters: [64, 32, 16],
    fc: 128,
    gridChannels: 16,
  },
];

const BATCH = 64;
const H = 30;
const W = 64;
const Z = 128;
const COND = 317;

function he(shape: number[], fanIn: number, seed: number): tf.Variable {
  return tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), "float32", seed));
}

function buildNets(size: WganBenchSize) {
  let seed = 1;
  const [c1, c2, c3] = size.criticFilters;
  const critic = {
    proj: he([COND, H * W], COND, seed++),
    k1: he([3, 3, 3, c1], 27, seed++),
    b1: tf.variable(tf.zeros([c1])),
    k2: he([3, 3, c1, c2], 9 * c1, seed++),
    b2: tf.variable(tf.zeros([c2])),
    k3: he([3, 3, c2, c3], 9 * c2, seed++),
    b3: tf.variable(tf.zeros([c3])),
    k4: he([1, 1, c3, 1], c3, seed++),
  };
  const [g1, g2, g3] = size.genFilters;
  const g0 = size.gridChannels;
  const gen = {
    fc1: he([Z + COND, size.fc], Z + COND, seed++),
    fb1: tf.variable(tf.zeros([size.fc])),
    fc2: he([size.fc, 4 * 8 * g0], size.fc, seed++),
    fb2: tf.variable(tf.zeros([4 * 8 * g0])),
    // conv2dTranspose filters are [kh, kw, outChannels, inChannels]
    t1: he([3, 3, g1, g0], 9 * g0, seed++),
    s1: tf.variable(tf.ones([g1])),
    o1: tf.variable(tf.zeros([g1])),
    t2: he([3, 3, g2, g1], 9 * g1, seed++),
    s2: tf.variable(tf.ones([g2])),
    o2: tf.variable(tf.zeros([g2])),
    t3: he([3, 3, g3, g2], 9 * g2, seed++),
    s3: tf.variable(tf.ones([g3])),
    o3: tf.variable(tf.zeros([g3])),
    out: he([3, 3, g3, 2], 9 * g3, seed++),
    ob: tf.variable(tf.zeros([2])),
  };
  const criticFn = (x: tf.Tensor4D, cond: tf.Tensor2D): tf.Tensor1D => {
    const cmap = tf.reshape(tf.matMul(cond, critic.proj), [-1, H, W, 1]);
    let h: tf.Tensor4D = tf.concat([x, cmap as tf.Tensor4D], 3);
    for (const [k, b] of [[critic.k1, critic.b1], [critic.k2, critic.b2], [critic.k3, critic.b3]]) {
      h = tf.leakyRelu(tf.add(tf.conv2d(h, k as tf.Tensor4D, 2, "same"), b), 0.2);
    }
    return tf.mean(tf.conv2d(h, critic.k4 as tf.Tensor4D, 1, "same"), [1, 2, 3]);
  };
  const bnRelu = (x: tf.Tensor4D, s: tf.Variable, o: tf.Variable): tf.Tensor4D => {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    return tf.relu(tf.batchNorm(x, mean, variance, o, s, 1e-3)) as tf.Tensor4D;
  };
  const genFn = (z: tf.Tensor2D, cond: tf.Tensor2D): tf.Tensor4D => {
    const n = z.shape[0];
    const h0 = tf.relu(tf.add(tf.matMul(tf.concat([z, cond], 1), gen.fc1), gen.fb1));
    let h = tf.reshape(tf.add(tf.matMul(h0, gen.fc2), gen.fb2), [n, 4, 8, g0]) as tf.Tensor4D;
    let hh = 4;
    let ww = 8;
    for (
      const [t, s, o] of [[gen.t1, gen.s1, gen.o1], [gen.t2, gen.s2, gen.o2], [
        gen.t3,
        gen.s3,
        gen.o3,
      ]]
    ) {
      hh *= 2;
      ww *= 2;
      h = tf.conv2dTranspose(h, t as tf.Tensor4D, [n, hh, ww, t.shape[2] as number], 2, "same");
      h = bnRelu(h, s, o);
    }
    h = tf.slice(h, [0, 0, 0, 0], [n, H, W, g3]);
    return tf.tanh(tf.add(tf.conv2d(h, gen.out as tf.Tensor4D, 1, "same"), gen.ob));
  };
  return {
    criticVars: Object.values(critic),
    genVars: Object.values(gen),
    criticFn,
    genFn,
  };
}

async function timeSteps(step: () => void, runs: number, warmup: number): Promise<TimingSummary> {
  for (let i = 0; i < warmup; i++) step();
  const d: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    step();
    d.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 0));
  }
  return summarize(d);
}

/** Step times of one size on the current backend. */
export async function benchWganSteps(
  size: WganBenchSize,
  options: { runs?: number; warmup?: number; batch?: number } = {},
): Promise<{ critic: TimingSummary; generator: TimingSummary; kernelsPerCriticStep: number }> {
  const { runs = 5, warmup = 1, batch = BATCH } = options;
  const nets = buildNets(size);
  const real = tf.randomNormal([batch, H, W, 2], 0, 0.5, "float32", 91) as tf.Tensor4D;
  const cond = tf.randomNormal([batch, COND], 0, 1, "float32", 92) as tf.Tensor2D;
  const z = tf.randomNormal([batch, Z], 0, 1, "float32", 93) as tf.Tensor2D;
  const eps = tf.randomUniform([batch, 1, 1, 1], 0, 1, "float32", 94);
  const optC = tf.train.adam(1e-4, 0.5, 0.9);
  const optG = tf.train.adam(1e-4, 0.5, 0.9);
  const criticStep = () =>
    tf.tidy(() => {
      const fake = nets.genFn(z, cond);
      const { grads, value } = tf.variableGrads(() => {
        const xhat = tf.add(real, tf.mul(eps, tf.sub(fake, real))) as tf.Tensor4D;
        const g = tf.grad((x: tf.Tensor) => tf.sum(nets.criticFn(x as tf.Tensor4D, cond)))(xhat);
        const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12));
        const gp = tf.mean(tf.square(tf.sub(norm, 1)));
        const wd = tf.sub(tf.mean(nets.criticFn(fake, cond)), tf.mean(nets.criticFn(real, cond)));
        return tf.add(wd, tf.mul(gp, 10)) as tf.Scalar;
      }, nets.criticVars);
      optC.applyGradients(grads as Record<string, tf.Variable>);
      value.dataSync();
    });
  const genStep = () =>
    tf.tidy(() => {
      const { grads, value } = tf.variableGrads(
        () => tf.neg(tf.mean(nets.criticFn(nets.genFn(z, cond), cond))) as tf.Scalar,
        nets.genVars,
      );
      optG.applyGradients(grads as Record<string, tf.Variable>);
      value.dataSync();
    });
  const prof = await tf.profile(() => criticStep());
  const kernelsPerCriticStep = prof.kernels.length;
  const critic = await timeSteps(criticStep, runs, warmup);
  const generator = await timeSteps(genStep, runs, warmup);
  optC.dispose();
  optG.dispose();
  tf.dispose([...nets.criticVars, ...nets.genVars, real, cond, z, eps]);
  return { critic, generator, kernelsPerCriticStep };
}

/**
 * Runs the benchmark on the backend chosen by `setupBackend()` (env `TFJS_BACKEND`,
 * `TFJS_THREADS`) and merges the rows into `bench/results/tfjs_backend.json`.
 */
export async function runTfjsBackendBench(
  options: { sizes?: readonly string[]; runs?: number } = {},
): Promise<Record<string, unknown>> {
  const info = await setupBackend();
  const config = info.backend === "wasm" ? `wasm-${info.threads}t` : info.backend;
  const sizes = WGAN_BENCH_SIZES.filter((s) =>
    options.sizes ? options.sizes.includes(s.name) : info.backend !== "cpu" || s.name !== "paper"
  );
  const path = repoPath("bench", "results", "tfjs_backend.json");
  let rows: Record<string, unknown>[] = [];
  try {
    rows = JSON.parse(await Deno.readTextFile(path)).rows ?? [];
  } catch { /* first run */ }
  for (const size of sizes) {
    const runs = options.runs ?? (info.backend === "cpu" ? 1 : 5);
    const r = await benchWganSteps(size, { runs, warmup: 1 });
    const row = {
      config,
      size: size.name,
      batch: BATCH,
      simd: info.simd,
      threads: info.threads,
      criticStepMs: r.critic.medianMs,
      generatorStepMs: r.generator.medianMs,
      runs,
      kernelsPerCriticStep: r.kernelsPerCriticStep,
      critic: r.critic,
      generator: r.generator,
    };
    console.log(
      `${config} ${size.name}: critic ${r.critic.medianMs.toFixed(0)} ms, generator ${
        r.generator.medianMs.toFixed(0)
      } ms (median of ${runs}; ${r.kernelsPerCriticStep} kernels/critic step)`,
    );
    rows = rows.filter((x) => !(x.config === config && x.size === size.name));
    rows.push(row);
  }
  const result = {
    description: "WGAN-GP critic (with gradient penalty) and generator training steps, batch 64",
    rows,
  };
  await writeResult("tfjs_backend", result);
  return result;
}

if (import.meta.main) {
  const sizes = Deno.args.length > 0
    ? Deno.args.map((a) => (a === "small" ? "filters/4" : a))
    : undefined;
  await runTfjsBackendBench({ sizes });
  await shutdownBackend();
  Deno.exit(0);
}
