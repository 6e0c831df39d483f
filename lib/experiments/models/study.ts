/**
 * The generative-module study (notebook 02_cgan_training and `deno task figures`): model
 * summaries, a live training run, real-vs-generated channel statistics and samples
 * around a blockage with the rare-event flag at 0 and at 1. Data only; the figures are
 * in `models_figures.ts`.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { assertInteger, joinPath, repoPath, type Rng } from "../../core/mod.ts";
import { beamGains } from "../../channel/codebook.ts";
import {
  buildDataset,
  datasetPreset,
  type DatasetPresetName,
  openDataset,
  readManifest,
  simulatedEpisodeSource,
} from "../../dataset/mod.ts";
import type { LinearPredictorOptions } from "../../channel/mod.ts";
import {
  anchoredDims,
  type ApCondition,
  type ApSample,
  apSampleSource,
  conditionSlots,
  formatValidation,
  hasShippedModels,
  loadShippedModels,
  modelCodebook,
  modelPreset,
  type ModelPresetName,
  sampleTrajectories,
  shipModels,
  shippedModelsDir,
  trainModels,
  type TrainProgressEvent,
  type TrainResult,
} from "../../models/mod.ts";

/** One row of a model summary (like Keras' `model.summary()`). */
export interface LayerRow {
  readonly model: string;
  readonly layer: string;
  readonly type: string;
  readonly outputShape: string;
  readonly params: number;
}

/**
 * Layer table of a model: name, class, output shape (`B` for the batch) and parameters.
 *
 * @param model any tfjs layers model.
 */
export function modelSummaryRows(model: tf.LayersModel): LayerRow[] {
  return model.layers.map((l) => ({
    model: model.name,
    layer: l.name,
    type: l.getClassName(),
    outputShape: JSON.stringify(l.outputShape).replaceAll("null", "B"),
    params: l.countParams(),
  }));
}

/**
 * The dataset of a preset under `data/datasets/<preset>-seed1`, built (in this thread,
 * as `deno task dataset` does) when missing or outdated.
 *
 * @param preset dataset preset name.
 * @returns the folder.
 */
export async function ensurePresetDataset(preset: DatasetPresetName): Promise<string> {
  const dir = repoPath("data", "datasets", `${preset}-seed1`);
  let force = false;
  try {
    if ((await readManifest(dir)).complete) return dir;
  } catch (e) {
    force = !(e instanceof Deno.errors.NotFound) &&
      !/missing/.test((e as Error).message);
  }
  const p = datasetPreset(preset);
  const source = await simulatedEpisodeSource(p);
  try {
    await buildDataset({
      outDir: dir,
      preset: p,
      seed: 1,
      force,
      generateEpisode: source.generateEpisode,
    });
  } finally {
    source.close();
  }
  return dir;
}

/** One generator step of a training run (for loss curves). */
export interface LossRow {
  readonly step: number;
  readonly epoch: number;
  readonly loss: string;
  readonly value: number;
}

/**
 * Trains a preset from scratch into `outDir` and records the losses of every step.
 *
 * @param preset model preset (`ci` in the notebook: seconds).
 * @param options `dataset` folder, `outDir`, `seed` (default 1), `print` (a line per
 *   epoch).
 */
export async function liveTrainingRun(
  preset: ModelPresetName,
  options: {
    readonly dataset: string;
    readonly outDir: string;
    readonly seed?: number;
    readonly print?: (line: string) => void;
  },
): Promise<{ readonly result: TrainResult; readonly losses: LossRow[] }> {
  const losses: LossRow[] = [];
  const result = await trainModels({
    dataset: options.dataset,
    outDir: options.outDir,
    preset,
    seed: options.seed ?? 1,
    onProgress: (e: TrainProgressEvent) => {
      if (e.phase !== "train") return;
      for (const [loss, value] of Object.entries(e.losses)) {
        losses.push({ step: e.globalStep, epoch: e.epoch, loss, value });
      }
    },
    onEpoch: (r) =>
      options.print?.(
        `epoch ${r.epoch}: L_D ${r.criticLoss.toFixed(3)}, L_G ${r.generatorLoss.toFixed(3)}, ` +
          `${formatValidation(r.validation)} (${(r.trainS + r.validationS).toFixed(1)} s)`,
      ),
  });
  return { result, losses };
}

/**
 * The generator to show: the shipped `cpu` weights when present, else `fallback`.
 *
 * @param fallback e.g. the generator just trained in the notebook.
 */
export async function shippedOrFallbackGenerator(
  fallback: tf.LayersModel,
): Promise<{ readonly generator: tf.LayersModel; readonly source: string }> {
  if (await hasShippedModels("cpu")) {
    const m = await loadShippedModels("cpu");
    m.critic.dispose();
    m.lstm.dispose();
    return {
      generator: m.generator,
      source: `shipped cpu weights (data/models/cpu, ${m.manifest.history.length} epochs, ` +
        `validation best-of-M SGCS at horizon 1 ${
          m.manifest.validation?.byHorizon[0]?.cganBestOfMSgcs.toFixed(3)
        })`,
    };
  }
  return { generator: fallback, source: "the ci model trained above (no shipped cpu weights)" };
}

/** The per-AP samples of a dataset as a generator of `generator`'s sizes sees them. */
async function samplesFor(
  generator: tf.LayersModel,
  dataset: string,
  linear: LinearPredictorOptions = modelPreset("cpu").linear,
) {
  const ds = await openDataset(dataset, { cacheEpisodes: 64 });
  return { ds, source: apSampleSource(ds, { E: anchoredDims(generator).E, linear }) };
}

/** A sample's rows in physical units, `[T, K, 2 Nt]`: past slots (`which = "past"`) or future. */
function physicalSlots(sample: ApSample, which: "past" | "future"): Float32Array {
  const { K, Nt, tau, T } = sample.condition.dims;
  const F = 2 * Nt, S = conditionSlots(sample.condition.dims);
  const n = which === "past" ? tau : T;
  const out = new Float32Array(n * K * F);
  for (let k = 0; k < K; k++) {
    const g = sample.condition.scales[k];
    for (let t = 0; t < n; t++) {
      const src = which === "past" ? (k * S + t) * F : (k * T + t) * F;
      const data = which === "past" ? sample.condition.slots : sample.future;
      for (let i = 0; i < F; i++) out[(t * K + k) * F + i] = data[src + i] * g;
    }
  }
  return out;
}

/** The condition with every row's rare-event flag set to `flag`. */
function withFlag(c: ApCondition, flag: 0 | 1): ApCondition {
  const rf = Float32Array.from(c.rf);
  for (let k = 0; k < c.dims.K; k++) rf[3 * k + 2] = flag;
  return { ...c, rf };
}

/** Real vs generated channel statistics of some windows. */
export interface ChannelStatistics {
  /** Empirical CDF rows of per-row gains `10 log10 ||h_k||^2`, by source and flag. */
  readonly gainCdf: { source: string; flag: number; gainDb: number; cdf: number }[];
  /** Mean DFT-beam power profile (angle spectrum), dB relative to the row power. */
  readonly angleProfile: { source: string; beam: number; powerDb: number }[];
  readonly windows: number;
}

function ecdf(values: number[], tag: { source: string; flag: number }, points = 60) {
  const v = values.slice().sort((a, b) => a - b);
  return Array.from({ length: points }, (_, i) => {
    const j = Math.min(v.length - 1, Math.floor((i + 0.5) * v.length / points));
    return { ...tag, gainDb: v[j], cdf: (j + 1) / v.length };
  });
}

/**
 * Per-row gain distributions and the mean beam-power profile of the true future
 * channels and of `M` generated samples per window.
 *
 * @param generator the generator.
 * @param options `dataset` folder, `split` (default validation), `windows` (count, default
 *   24), `M` (default 8), `rng`, `linear` (the generator's linear settings, default the
 *   cpu preset's).
 */
export async function channelStatistics(
  generator: tf.LayersModel,
  options: {
    readonly dataset: string;
    readonly split?: "train" | "validation" | "test";
    readonly windows?: number;
    readonly M?: number;
    readonly rng: Rng;
    readonly linear?: LinearPredictorOptions;
  },
): Promise<ChannelStatistics> {
  const count = options.windows ?? 24;
  const M = options.M ?? 8;
  assertInteger("windows", count, { min: 1 });
  const { source } = await samplesFor(generator, options.dataset, options.linear);
  const { K, Nt, T } = source.dims;
  const refs = source.refs(options.split ?? "validation");
  const picked: ApSample[] = [];
  for (let i = 0; i < Math.min(count, refs.length); i++) {
    picked.push(
      await source.sample(refs[Math.floor(i * refs.length / Math.min(count, refs.length))]),
    );
  }
  const gains: Record<string, number[]> = {};
  const cb = modelCodebook(Nt);
  const profile: Record<string, Float64Array> = {
    real: new Float64Array(cb.beamCount),
    generated: new Float64Array(cb.beamCount),
  };
  const scratch = new Float64Array(cb.beamCount);
  const add = (name: string, flag: number, data: Float32Array, rows: number) => {
    const key = `${name}|${flag}`;
    gains[key] ??= [];
    for (let r = 0; r < rows; r++) {
      let p = 0;
      for (let i = 0; i < 2 * Nt; i++) p += data[r * 2 * Nt + i] ** 2;
      gains[key].push(10 * Math.log10(Math.max(p, 1e-30)));
      if (p <= 0) continue;
      beamGains(data, { codebook: cb, offset: r * 2 * Nt, out: scratch });
      for (let b = 0; b < cb.beamCount; b++) profile[name][b] += scratch[b] / p / rows;
    }
  };
  for (const w of picked) {
    const s = sampleTrajectories(generator, [w.condition], { M, T, rng: options.rng });
    const flag = w.rareEvent ? 1 : 0;
    add("real", flag, physicalSlots(w, "future"), T * K);
    add("generated", flag, s, M * T * K);
  }
  const gainCdf = Object.entries(gains).flatMap(([key, v]) => {
    const [src, flag] = key.split("|");
    return ecdf(v, { source: src, flag: Number(flag) });
  });
  const angleProfile = Object.entries(profile).flatMap(([src, p]) =>
    Array.from(p, (v, beam) => ({ source: src, beam, powerDb: 10 * Math.log10(v / picked.length) }))
  );
  return { gainCdf, angleProfile, windows: picked.length };
}

/** Gains of one UE row around a blockage: truth and samples with the flag at 0 and 1. */
export interface BlockageSampleRows {
  readonly rows: { slot: number; gainDb: number; series: string; m: number }[];
  readonly episode: number;
  readonly ap: number;
  readonly ue: number;
  readonly note: string;
}

/**
 * Picks a flagged window (rare event in the past, else in the future) of the split and the
 * UE row whose true gain drops most from the newest past slot to the future, and samples
 * `M` trajectories with the flag forced to 0 and to 1.
 *
 * @param generator the generator.
 * @param options `dataset` folder, `split` (default validation), `M` (default 10), `rng`,
 *   `linear` (the generator's linear settings, default the cpu preset's).
 */
export async function blockageSamples(
  generator: tf.LayersModel,
  options: {
    readonly dataset: string;
    readonly split?: "train" | "validation" | "test";
    readonly M?: number;
    readonly rng: Rng;
    readonly linear?: LinearPredictorOptions;
  },
): Promise<BlockageSampleRows> {
  const M = options.M ?? 10;
  const { ds, source } = await samplesFor(generator, options.dataset, options.linear);
  const { K, Nt, tau, T } = source.dims;
  const per = K * Nt * 2;
  const rowGain = (data: Float32Array, slot: number, k: number) => {
    let p = 0;
    for (let i = 0; i < 2 * Nt; i++) p += data[slot * per + k * 2 * Nt + i] ** 2;
    return 10 * Math.log10(Math.max(p, 1e-30));
  };
  let best:
    | { w: ApSample; past: Float32Array; future: Float32Array; k: number; drop: number }
    | undefined;
  let flagged = true;
  const search = async (requireFlag: boolean) => {
    for (const split of [options.split ?? "validation", "train"] as const) {
      for (const ref of source.refs(split)) {
        const full = await ds.window(ref);
        if (requireFlag && !full.rareEventInFuture && full.apRareEventPast[ref.ap] !== 1) continue;
        const w = await source.sample(ref);
        const past = physicalSlots(w, "past"), future = physicalSlots(w, "future");
        for (let k = 0; k < K; k++) {
          const drop = rowGain(past, tau - 1, k) - rowGain(future, T - 1, k);
          if (!best || drop > best.drop) best = { w, past, future, k, drop };
        }
      }
      if (best) return;
    }
  };
  await search(true);
  if (!best) {
    // No flagged window (e.g. the small ci dataset): the deepest natural fade instead.
    flagged = false;
    await search(false);
  }
  if (!best) throw new RangeError(`${options.dataset}: no window in the split`);
  const { w, k, past, future } = best as NonNullable<typeof best>;
  const rows: BlockageSampleRows["rows"] = [];
  for (let s = 0; s < tau; s++) {
    rows.push({ slot: s - tau + 1, gainDb: rowGain(past, s, k), series: "truth", m: -1 });
  }
  for (let t = 0; t < T; t++) {
    rows.push({ slot: t + 1, gainDb: rowGain(future, t, k), series: "truth", m: -1 });
  }
  for (const flag of [0, 1] as const) {
    const c = withFlag(w.condition, flag);
    const s = sampleTrajectories(generator, [c], { M, T, rng: options.rng });
    for (let m = 0; m < M; m++) {
      for (let t = 0; t < T; t++) {
        rows.push({ slot: t + 1, gainDb: rowGain(s, m * T + t, k), series: `flag ${flag}`, m });
      }
    }
  }
  return {
    rows,
    episode: w.ref.episode,
    ap: w.ref.ap,
    ue: k,
    note: `${flagged ? "rare event" : "no flagged window in this dataset, deepest fade"}: ` +
      `episode ${w.ref.episode}, window start ${w.ref.start}, AP ${w.ref.ap}, UE ${k}: ` +
      `true gain change ${
        (-(best as { drop: number }).drop).toFixed(1)
      } dB from the newest past slot to slot +${T}`,
  };
}

/** Default output folder of notebook training runs. */
export function notebookRunDir(preset: ModelPresetName): string {
  return joinPath(repoPath("out"), "models", `notebook-${preset}`);
}

/**
 * The shipped weights of a preset (`data/models/<preset>/`), trained and shipped first
 * when missing or when `retrain` is set (what `deno task figures --retrain` needs):
 * builds the preset's dataset if missing, trains with `trainModels` (checkpoints in
 * `out/models/<preset>-seed<seed>`, resumed if present), then `shipModels`.
 *
 * @param preset model (and dataset) preset.
 * @param options `retrain` (default false), `seed` (default 1), `print`.
 * @returns the shipped folder and whether it was (re)trained now.
 */
export async function ensureShippedModels(
  preset: ModelPresetName,
  options: {
    readonly retrain?: boolean;
    readonly seed?: number;
    readonly print?: (line: string) => void;
  } = {},
): Promise<{ readonly dir: string; readonly trained: boolean }> {
  const dir = shippedModelsDir(preset);
  if (!options.retrain && await hasShippedModels(preset)) return { dir, trained: false };
  const seed = options.seed ?? 1;
  const dataset = await ensurePresetDataset(preset);
  const { result } = await liveTrainingRun(preset, {
    dataset,
    outDir: joinPath(repoPath("out"), "models", `${preset}-seed${seed}`),
    seed,
    print: options.print,
  });
  await shipModels(result, dir);
  for (const m of [result.generator, result.critic, result.lstm]) m.dispose();
  return { dir, trained: true };
}
