/**
 * Training loop of the cGAN (WGAN-GP) and the LSTM-DT on a dataset (lib/dataset), with
 * per-epoch validation, atomic checkpoints, resume and divergence stop.
 *
 * **Samples.** One training sample is one window of one episode *and one AP b*: the row
 * conditions of AP b at the window's last past slot (`apConditions`: the aligned past,
 * the linear forecast and its recent errors, computed on the episode with the preset's
 * linear settings, so a window may read slots before its own past; the RF scalars of AP
 * b's newest past slot; AP b's rare-event flag `apRareEventPast[b]` of the window) and the
 * aligned future rows (`alignedTargets`). A batch takes `rowsPerSample` UE rows of each
 * sample: a cGAN row one future slot `t` (drawn uniformly in 1..T) with its horizon
 * one-hot, an LSTM row all `T` slots.
 *
 * **Epoch.** The training samples are shuffled (seeded, per epoch) and the first
 * `samplesPerEpoch` (all if unset) are cut into batches of `batchSize`. Every group of
 * `criticSteps` batches (the preset's; the paper's 5,
 * `PAPER_SETUP.criticStepsPerGeneratorStep`) gives one critic update per batch and one
 * generator update (on the group's last batch with a fresh `z`); the LSTM takes one Adam
 * step on each batch, at the preset's `lstmLearningRate`. So an epoch has
 * `floor(samples / (batchSize criticSteps))` generator steps. The row subsets, horizons,
 * latents and interpolation weights come from `createRng(seed).stream("epoch-<e>")`: a
 * resumed run repeats the interrupted epoch exactly.
 *
 * **Validation** (each epoch, on the dataset's `validation` episodes, a fixed subset of
 * `validationSamples` AP windows, half of them with the rare-event flag when there are
 * enough): `M` trajectories per window from one batched pass, scored per horizon with
 * lib/metrics's predictor metrics on every UE row (SGCS and aligned NMSE of the sample
 * mean, best-of-M SGCS, coverage), next to the LSTM, the linear forecast and hold on the
 * same rows; overall and for the flagged windows.
 *
 * **Checkpoints.** `outDir/checkpoint/` (`checkpoint.ts`, atomic) after every epoch:
 * generator, critic, LSTM and their Adam states; `meta` holds the preset, seed, dataset
 * checksum and the epoch history. `resume: true` continues from it (a killed run loses
 * at most the current epoch), bit-exactly: the same weights, Adam state and losses as an
 * uninterrupted run (checkpoint.ts restores Adam's live bias corrections). A missing
 * checkpoint or one failing its SHA-256 check is a `CheckpointError` naming the file
 * (`forceRestart`: start from scratch instead); a killed save's leftovers are cleaned. A NaN/Inf or exploding loss throws `DivergenceError`
 * before anything is written, so the last good checkpoint stays on disk.
 *
 * @example
 * ```ts ignore
 * import { setupBackend } from "./backend/mod.ts";
 * await setupBackend();
 * const r = await trainModels({ dataset: "data/datasets/ci-seed1", outDir: "out/models/ci", preset: "ci" });
 * console.log(r.history.at(-1)?.validation);
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, createRng, joinPath, type Rng } from "../core/mod.ts";
import { type Dataset, openDataset, type SampleRef, sha256Hex } from "../dataset/mod.ts";
import {
  disposeBatch,
  type GanBatch,
  makeGanBatch,
  makeLstmBatch,
  type TrainingSample,
} from "./batch.ts";
import {
  CheckpointError,
  cleanCheckpointLeftovers,
  loadCheckpoint,
  saveCheckpoint,
  verifyCheckpoint,
} from "./checkpoint.ts";
import {
  alignedTargets,
  type ApCondition,
  apConditions,
  conditionSlots,
  type ModelDims,
} from "./condition.ts";
import { buildCritic } from "./critic.ts";
import { checkLosses } from "./divergence.ts";
import { buildGenerator } from "./generator.ts";
import { drawLatent, drawUniform } from "./latent.ts";
import { buildLstm, createLstmTrainer, type LstmTrainer } from "./lstm.ts";
import {
  criticConfig,
  generatorConfig,
  lstmConfig,
  type ModelPreset,
  modelPreset,
  type ModelPresetName,
} from "./presets.ts";
import { sampleTrajectories } from "./sampler.ts";
import { type ComplexMatrix, complexMatrix } from "../core/mod.ts";
import type { LinearPredictorOptions, TwinHistory } from "../channel/mod.ts";
import { slotChannelMatrices } from "../mobility/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import { alignedNmseDb, bestOfMSgcs, scenarioCoverage, sgcs } from "../metrics/mod.ts";
import { type AdamSettings, createWganGpTrainer, type WganGpTrainer } from "./wgan_gp.ts";

/** One training sample: window `ref` of AP `ap`. */
export interface ApSampleRef extends SampleRef {
  readonly ap: number;
}

/** A training sample of one AP plus where it comes from. */
export interface ApSample extends TrainingSample {
  readonly ref: ApSampleRef;
}

/** Per-AP sample access on an opened dataset. */
export interface ApSampleSource {
  readonly dataset: Dataset;
  /** Model sizes: `K`, `Nt` of the dataset, `tau`, `T` of its window, `E` asked for. */
  readonly dims: ModelDims;
  readonly linear: Readonly<LinearPredictorOptions>;
  /** AP samples of a split (every window x every AP). */
  refs(split: "train" | "validation" | "test"): ApSampleRef[];
  /** The sample of one AP (fresh arrays). */
  sample(ref: ApSampleRef): Promise<ApSample>;
}

/** An episode seen by the twin at `syncSlot` (what `apConditions` reads). */
function episodeView(episode: Episode, syncSlot: number): TwinHistory {
  return {
    syncSlot,
    apCount: episode.apCount,
    ueCount: episode.ueCount,
    antennaCount: episode.antennaCount,
    channels(slot) {
      if (slot > syncSlot) throw new RangeError(`slot ${slot} is after syncSlot ${syncSlot}`);
      return slotChannelMatrices(episode, slot);
    },
    rareEvent: (slot) => episode.rareEvent[slot],
  };
}

/**
 * Wraps a dataset as per-AP samples (module doc, "Samples").
 *
 * @param dataset from `openDataset` (use `cacheEpisodes` >= the episodes you touch).
 * @param options `E` (recent errors in the condition) and `linear` settings: the
 *   preset's (`modelPreset(name).dims.E`, `.linear`).
 */
export function apSampleSource(
  dataset: Dataset,
  options: { readonly E: number; readonly linear: Readonly<LinearPredictorOptions> },
): ApSampleSource {
  const m = dataset.manifest;
  if (!m.dims) throw new RangeError(`${dataset.dir}: the dataset has no shards yet`);
  const { A, K, Nt } = m.dims;
  assertInteger("options.E", options.E, { min: 0 });
  const dims: ModelDims = { K, Nt, tau: m.window.past, T: m.window.future, E: options.E };
  return {
    dataset,
    dims,
    linear: options.linear,
    refs(split) {
      return dataset.split(split).flatMap((r) =>
        Array.from({ length: A }, (_, ap) => ({ episode: r.episode, start: r.start, ap }))
      );
    },
    async sample(ref) {
      const w = await dataset.window(ref);
      const episode = await dataset.readEpisode(ref.episode);
      const sync = ref.start + dims.tau - 1;
      const [condition] = apConditions(episodeView(episode, sync), {
        dims,
        linear: options.linear,
        aps: [ref.ap],
        rareEvent: () => w.apRareEventPast[ref.ap] === 1,
      });
      const future = Array.from(
        { length: dims.T },
        (_, t) => slotChannelMatrices(episode, sync + 1 + t)[ref.ap],
      );
      return {
        ref,
        condition,
        future: alignedTargets(condition, future),
        rareEvent: w.apRareEventPast[ref.ap] === 1,
      };
    },
  };
}

/** Predictor scores on validation rows at one horizon (normalized, aligned rows). */
export interface HorizonScores {
  readonly horizon: number;
  /** SGCS (mean over rows): hold (newest past row), linear forecast, LSTM, cGAN sample mean. */
  readonly holdSgcs: number;
  readonly linearSgcs: number;
  readonly lstmSgcs: number;
  readonly cganMeanSgcs: number;
  /** Best-of-M SGCS and coverage of the M cGAN samples. */
  readonly cganBestOfMSgcs: number;
  readonly cganCoverage: number;
  /** Aligned NMSE, dB (pooled over rows). */
  readonly linearNmseDb: number;
  readonly lstmNmseDb: number;
  readonly cganMeanNmseDb: number;
}

/** Validation metrics of one epoch: per horizon, all rows and the flagged windows' rows. */
export interface ValidationMetrics {
  /** Windows scored (and how many had the rare-event flag). */
  readonly windows: number;
  readonly rareWindows: number;
  /** Scores per horizon `1..T` over every UE row of the windows. */
  readonly byHorizon: readonly HorizonScores[];
  /** The same over the flagged windows' rows only (empty when none). */
  readonly rareByHorizon: readonly HorizonScores[];
}

/** What one epoch did. */
export interface EpochRecord {
  /** 1-based epoch number. */
  readonly epoch: number;
  readonly generatorSteps: number;
  /** Means over the epoch's steps. */
  readonly criticLoss: number;
  readonly wasserstein: number;
  readonly gradientPenalty: number;
  readonly generatorLoss: number;
  /** Mean variety (best-of-k) loss of the generator steps (0 when off). */
  readonly varietyLoss: number;
  readonly lstmLoss: number;
  readonly validation: ValidationMetrics;
  /** Seconds spent on training steps and on validation. */
  readonly trainS: number;
  readonly validationS: number;
}

/** A progress report (after every generator step and at the end of validation). */
export interface TrainProgressEvent {
  readonly phase: "train" | "validation";
  readonly epoch: number;
  readonly epochs: number;
  /** Generator steps done in this epoch / per epoch. */
  readonly step: number;
  readonly stepsPerEpoch: number;
  /** Total generator steps in this run so far. */
  readonly globalStep: number;
  readonly losses: {
    readonly criticLoss: number;
    readonly wasserstein: number;
    readonly gradientPenalty: number;
    readonly generatorLoss: number;
    readonly varietyLoss: number;
    readonly lstmLoss: number;
  };
  /** Seconds since the call started; estimated seconds left. */
  readonly elapsedS: number;
  readonly etaS: number;
}

/** Options of {@link trainModels}. */
export interface TrainModelsOptions {
  /** Dataset folder (lib/dataset layout). */
  readonly dataset: string;
  /** Output folder; the checkpoint goes to `outDir/checkpoint`. */
  readonly outDir: string;
  /** Preset name or object (default `"cpu"`). */
  readonly preset?: ModelPresetName | ModelPreset;
  /** Seed of weights, shuffling and noise (default 1). */
  readonly seed?: number;
  /**
   * Continue from `outDir/checkpoint` (default false: start over). The checkpoint must
   * exist and pass verification (SHA-256 of every file), else a `CheckpointError` naming
   * the file is thrown, unless `forceRestart`.
   */
  readonly resume?: boolean;
  /** With `resume`: a missing or damaged checkpoint restarts from epoch 0 (with a warning). */
  readonly forceRestart?: boolean;
  /** Warnings (a discarded checkpoint, cleaned temp folders); default `console.error`. */
  readonly onWarning?: (message: string) => void;
  /** Override of both Adam optimizers (default: the preset's). */
  readonly adam?: "paper" | "wgan-gp" | AdamSettings;
  /** Stop after this many epochs in total (default the preset's). */
  readonly epochs?: number;
  /** Called after every generator step and after validation. */
  readonly onProgress?: (event: TrainProgressEvent) => void;
  /** Called after every epoch (after the checkpoint is written). */
  readonly onEpoch?: (record: EpochRecord) => void;
  /** Free-form JSON stored in the checkpoint's meta (e.g. the backend). */
  readonly meta?: Record<string, unknown>;
  /** TEST HOOK: report a NaN critic loss at this global generator step. */
  readonly injectNaNAtStep?: number;
}

/** Result of {@link trainModels}. */
export interface TrainResult {
  readonly generator: tf.LayersModel;
  readonly critic: tf.LayersModel;
  readonly lstm: tf.LayersModel;
  readonly preset: ModelPreset;
  readonly seed: number;
  readonly dims: ModelDims;
  /** Every epoch so far (including those before a resume). */
  readonly history: readonly EpochRecord[];
  /** Epochs already done when this call started (0 without resume). */
  readonly resumedFromEpoch: number;
  readonly checkpointDir: string;
  /** SHA-256 of the dataset's manifest.json (it lists every shard file's SHA-256). */
  readonly datasetChecksum: string;
  readonly datasetDir: string;
  /** Seconds of this call. */
  readonly wallS: number;
}

/** SHA-256 hex of a dataset's `manifest.json`. */
export async function datasetChecksum(dir: string): Promise<string> {
  return await sha256Hex(await Deno.readFile(joinPath(dir, "manifest.json")));
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.integer(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/**
 * The validation samples training scores: `count` AP samples of the dataset's validation
 * split, evenly spread, half of them (at most) with the rare-event flag.
 *
 * @param source from {@link apSampleSource}.
 * @param count samples to pick.
 */
export async function pickValidationSamples(
  source: ApSampleSource,
  count: number,
): Promise<ApSample[]> {
  const refs = source.refs("validation");
  if (refs.length === 0) return [];
  // Flags from the dataset's views (no copies); only the chosen samples are built.
  const rare: ApSampleRef[] = [];
  const normal: ApSampleRef[] = [];
  for (const r of refs) {
    const w = await source.dataset.window(r);
    (w.apRareEventPast[r.ap] === 1 ? rare : normal).push(r);
  }
  const even = <T>(xs: T[], n: number) =>
    n >= xs.length ? xs : Array.from({ length: n }, (_, i) => xs[Math.floor(i * xs.length / n)]);
  const nRare = Math.min(rare.length, Math.floor(count / 2));
  const chosen = [...even(normal, count - nRare), ...even(rare, nRare)];
  const out: ApSample[] = [];
  for (const r of chosen) out.push(await source.sample(r));
  return out;
}

/** Interleaved rows `[R, Nt]` (row stride `stride` floats, offset `offset`) as a matrix. */
function rowsMatrix(
  data: Float32Array,
  options: { R: number; Nt: number; stride: number; offset: number; scale?: Float32Array },
): ComplexMatrix {
  const { R, Nt, stride, offset } = options;
  const m = complexMatrix(R, Nt);
  for (let r = 0; r < R; r++) {
    const f = options.scale ? 1 / options.scale[r] : 1;
    for (let j = 0; j < Nt; j++) {
      m.re[r * Nt + j] = data[offset + r * stride + 2 * j] * f;
      m.im[r * Nt + j] = data[offset + r * stride + 2 * j + 1] * f;
    }
  }
  return m;
}

/** Scores of one set of samples (all rows of their conditions) per horizon. */
function scoreSamples(
  samples: readonly TrainingSample[],
  outputs: { cgan: Float32Array; lstm: Float32Array; M: number },
): HorizonScores[] {
  if (samples.length === 0) return [];
  const dims = samples[0].condition.dims;
  const { K, Nt, T, tau } = dims;
  const F = 2 * Nt, S = conditionSlots(dims), M = outputs.M;
  const per = (n: number) => ({ cond: samples[n].condition as ApCondition });
  return Array.from({ length: T }, (_, t) => {
    const truth: ComplexMatrix[] = [], hold: ComplexMatrix[] = [], linear: ComplexMatrix[] = [];
    const lstm: ComplexMatrix[] = [], mean: ComplexMatrix[] = [];
    const scen: ComplexMatrix[][] = Array.from({ length: M }, () => []);
    samples.forEach((sample, n) => {
      const { cond } = per(n);
      truth.push(rowsMatrix(sample.future, { R: K, Nt, stride: T * F, offset: t * F }));
      hold.push(rowsMatrix(cond.slots, { R: K, Nt, stride: S * F, offset: (tau - 1) * F }));
      linear.push(rowsMatrix(cond.slots, { R: K, Nt, stride: S * F, offset: (tau + t) * F }));
      lstm.push(rowsMatrix(outputs.lstm, { R: K, Nt, stride: T * F, offset: (n * K * T + t) * F }));
      const avg = complexMatrix(K, Nt);
      for (let m = 0; m < M; m++) {
        const x = rowsMatrix(outputs.cgan, {
          R: K,
          Nt,
          stride: F,
          offset: ((n * M + m) * T + t) * K * F,
          scale: cond.scales,
        });
        scen[m].push(x);
        for (let j = 0; j < x.re.length; j++) {
          avg.re[j] += x.re[j] / M;
          avg.im[j] += x.im[j] / M;
        }
      }
      mean.push(avg);
    });
    return {
      horizon: t + 1,
      holdSgcs: sgcs(truth, hold),
      linearSgcs: sgcs(truth, linear),
      lstmSgcs: sgcs(truth, lstm),
      cganMeanSgcs: sgcs(truth, mean),
      cganBestOfMSgcs: bestOfMSgcs(truth, scen),
      cganCoverage: scenarioCoverage(truth, scen),
      linearNmseDb: alignedNmseDb(truth, linear),
      lstmNmseDb: alignedNmseDb(truth, lstm),
      cganMeanNmseDb: alignedNmseDb(truth, mean),
    };
  });
}

/**
 * Scores a generator (M samples) and an LSTM (point forecast) on validation samples,
 * per horizon, next to the linear forecast and hold (module doc, "Validation").
 *
 * @param models `generator` and `lstm`.
 * @param options `samples`, `M`, `rng` of the latents, `chunk` (samples per forward
 *   pass, default 4).
 */
export function validateModels(
  models: { readonly generator: tf.LayersModel; readonly lstm: tf.LayersModel },
  options: {
    readonly samples: readonly TrainingSample[];
    readonly M: number;
    readonly rng: Rng;
    readonly chunk?: number;
  },
): ValidationMetrics {
  const { samples, M, rng } = options;
  assertInteger("options.M", M, { min: 1 });
  if (!Array.isArray(samples) || samples.length === 0) {
    throw new RangeError("options.samples must be a non-empty array");
  }
  const dims = samples[0].condition.dims;
  const { K, Nt, T } = dims;
  const F = 2 * Nt, S = conditionSlots(dims);
  const chunk = options.chunk ?? 4;
  assertInteger("options.chunk", chunk, { min: 1 });
  const cgan = new Float32Array(samples.length * M * T * K * F);
  const lstm = new Float32Array(samples.length * K * T * F);
  for (let i0 = 0; i0 < samples.length; i0 += chunk) {
    const part = samples.slice(i0, i0 + chunk);
    const conds = part.map((s) => s.condition);
    cgan.set(sampleTrajectories(models.generator, conds, { M, T, rng }), i0 * M * T * K * F);
    const cond = new Float32Array(part.length * K * S * F);
    conds.forEach((c, n) => cond.set(c.slots, n * K * S * F));
    // dataSync outside tf.tidy: tidy would walk every element of a returned typed array.
    const yt = tf.tidy(() =>
      models.lstm.apply(tf.tensor3d(cond, [part.length * K, S, F])) as tf.Tensor
    );
    lstm.set(yt.dataSync() as Float32Array, i0 * K * T * F);
    yt.dispose();
  }
  const rareIdx = samples.map((s, i) => (s.rareEvent ? i : -1)).filter((i) => i >= 0);
  const pick = (data: Float32Array, per: number, idx: number[]) => {
    const out = new Float32Array(idx.length * per);
    idx.forEach((i, j) => out.set(data.subarray(i * per, (i + 1) * per), j * per));
    return out;
  };
  return {
    windows: samples.length,
    rareWindows: rareIdx.length,
    byHorizon: scoreSamples(samples, { cgan, lstm, M }),
    rareByHorizon: scoreSamples(rareIdx.map((i) => samples[i]), {
      cgan: pick(cgan, M * T * K * F, rareIdx),
      lstm: pick(lstm, K * T * F, rareIdx),
      M,
    }),
  };
}

/**
 * Trains the cGAN and the LSTM-DT (see the module doc). Call `setupBackend()` first.
 *
 * @param options {@link TrainModelsOptions}.
 * @returns the trained models (caller disposes), the epoch history and provenance.
 * @throws DivergenceError on a NaN/Inf or exploding loss (the last checkpoint is kept).
 */
export async function trainModels(options: TrainModelsOptions): Promise<TrainResult> {
  const started = performance.now();
  const { preset, seed, epochs } = trainSettings(options);
  const data = await openTrainingData(options.dataset, preset);
  const models = buildTrainingModels(preset, seed, options.adam);
  const checkpointDir = joinPath(options.outDir, "checkpoint");
  let resumed: Awaited<ReturnType<typeof resumedHistory>>;
  try {
    resumed = await resumedHistory(checkpointDir, models.targets, {
      resume: options.resume === true,
      forceRestart: options.forceRestart === true,
      warn: options.onWarning ?? ((m) => console.error(m)),
      preset,
      seed,
      checksum: data.checksum,
    });
  } catch (e) {
    models.dispose();
    for (const m of [models.generator, models.critic, models.lstm]) m.dispose();
    throw e;
  }
  const { history, startEpoch } = resumed;
  const samplesPerEpoch = Math.min(data.trainRefs.length, preset.samplesPerEpoch ?? Infinity);
  const stepsPerEpoch = Math.floor(samplesPerEpoch / (preset.batchSize * preset.criticSteps));
  const run: TrainingRun = {
    options,
    preset,
    seed,
    epochs,
    started,
    data,
    models,
    checkpointDir,
    history,
    startEpoch,
    stepsPerEpoch,
    globalStep: startEpoch * stepsPerEpoch,
    runSteps: 0,
  };
  try {
    for (let epoch = startEpoch + 1; epoch <= epochs; epoch++) await runEpoch(run, epoch);
  } catch (e) {
    models.dispose();
    for (const m of [models.generator, models.critic, models.lstm]) m.dispose();
    throw e;
  }
  models.dispose();
  return {
    generator: models.generator,
    critic: models.critic,
    lstm: models.lstm,
    preset,
    seed,
    dims: data.source.dims,
    history,
    resumedFromEpoch: startEpoch,
    checkpointDir,
    datasetChecksum: data.checksum,
    datasetDir: options.dataset,
    wallS: (performance.now() - started) / 1000,
  };
}

/** The preset, seed and epoch count of a call, checked. */
function trainSettings(
  options: TrainModelsOptions,
): { preset: ModelPreset; seed: number; epochs: number } {
  if (options === null || typeof options !== "object") {
    throw new TypeError("options must be an object");
  }
  if (typeof options.dataset !== "string" || options.dataset === "") {
    throw new TypeError("options.dataset must be a dataset folder path");
  }
  if (typeof options.outDir !== "string" || options.outDir === "") {
    throw new TypeError("options.outDir must be a folder path");
  }
  const preset = typeof options.preset === "object"
    ? options.preset
    : modelPreset(options.preset ?? "cpu");
  const seed = options.seed ?? 1;
  assertInteger("options.seed", seed, { min: 0 });
  const epochs = options.epochs ?? preset.epochs;
  assertInteger("options.epochs", epochs, { min: 1 });
  return { preset, seed, epochs };
}

/** The dataset side of a run: its checksum, per-AP samples, training refs and validation windows. */
interface TrainingData {
  readonly checksum: string;
  readonly source: ApSampleSource;
  readonly trainRefs: readonly ApSampleRef[];
  readonly validationSamples: readonly ApSample[];
}

/** Opens the dataset and checks it against the preset's sizes and one generator step's samples. */
async function openTrainingData(dataset: string, preset: ModelPreset): Promise<TrainingData> {
  const checksum = await datasetChecksum(dataset);
  const ds = await openDataset(dataset, { cacheEpisodes: 1 << 20 });
  const source = apSampleSource(ds, { E: preset.dims.E, linear: preset.linear });
  const { dims } = source;
  for (const key of ["K", "Nt", "tau", "T"] as const) {
    if (dims[key] !== preset.dims[key]) {
      throw new RangeError(
        `dataset ${dataset} has ${key} = ${dims[key]}, preset ${preset.name} expects ${
          preset.dims[key]
        }`,
      );
    }
  }
  const trainRefs = source.refs("train");
  if (trainRefs.length < preset.batchSize * preset.criticSteps) {
    throw new RangeError(
      `dataset ${dataset}: ${trainRefs.length} training samples, fewer than one generator step (batch ${preset.batchSize} x ${preset.criticSteps})`,
    );
  }
  const validationSamples = await pickValidationSamples(source, preset.validationSamples);
  return { checksum, source, trainRefs, validationSamples };
}

/** The three networks, their trainers, and what a checkpoint saves. */
interface TrainingModels {
  readonly generator: tf.LayersModel;
  readonly critic: tf.LayersModel;
  readonly lstm: tf.LayersModel;
  readonly gan: WganGpTrainer;
  readonly lstmTrainer: LstmTrainer;
  /** The checkpoint's models and optimizers. */
  readonly targets: {
    readonly models: Record<"generator" | "critic" | "lstm", tf.LayersModel>;
    readonly optimizers: Record<"generator" | "critic" | "lstm", tf.Optimizer>;
  };
  /** Disposes the trainers' optimizer state (not the models). */
  dispose(): void;
}

/**
 * Builds the networks of the preset (weights seeded by `seed`) and their optimizers: the
 * WGAN-GP pair with `adam` (default the preset's), the LSTM with `adam`'s learning rate
 * when explicit settings are given, else the preset's `lstmLearningRate`. Every latent
 * and interpolation weight is passed to the WGAN-GP steps explicitly, so its trainer has
 * no random stream of its own.
 */
function buildTrainingModels(
  preset: ModelPreset,
  seed: number,
  adam: TrainModelsOptions["adam"],
): TrainingModels {
  const generator = buildGenerator(generatorConfig(preset, { seed }));
  const critic = buildCritic(criticConfig(preset, { seed }));
  const lstm = buildLstm(lstmConfig(preset, { seed }));
  const gan = createWganGpTrainer({ generator, critic }, {
    lambdaGp: preset.lambdaGp,
    adam: adam ?? preset.adam,
    varietySamples: preset.varietySamples,
    varietyWeight: preset.varietyWeight,
  });
  const lstmTrainer = createLstmTrainer(lstm, {
    learningRate: typeof adam === "object" ? adam.learningRate : preset.lstmLearningRate,
  });
  return {
    generator,
    critic,
    lstm,
    gan,
    lstmTrainer,
    targets: {
      models: { generator, critic, lstm },
      optimizers: {
        generator: gan.generatorOptimizer,
        critic: gan.criticOptimizer,
        lstm: lstmTrainer.optimizer,
      },
    },
    dispose() {
      gan.dispose();
      lstmTrainer.dispose();
    },
  };
}

/**
 * Cleans what a killed save left beside `checkpointDir` (always). With `resume`: verifies
 * the checkpoint (SHA-256 of every file; a missing or damaged one is a `CheckpointError`
 * naming the file, or with `forceRestart` a warning and a fresh start), loads it into
 * `targets` after checking that it was written for this preset, seed and dataset, and
 * returns its epoch history; otherwise an empty history from epoch 0.
 */
async function resumedHistory(
  checkpointDir: string,
  targets: TrainingModels["targets"],
  options: {
    resume: boolean;
    forceRestart: boolean;
    warn: (message: string) => void;
    preset: ModelPreset;
    seed: number;
    checksum: string;
  },
): Promise<{ history: EpochRecord[]; startEpoch: number }> {
  const { preset, seed } = options;
  const { removed, restored } = await cleanCheckpointLeftovers(checkpointDir);
  if (restored) options.warn(`checkpoint restored from ${restored} (a save was interrupted)`);
  if (removed.length > 0) {
    options.warn(`removed ${removed.length} leftover folder(s) of an interrupted save`);
  }
  if (!options.resume) return { history: [], startEpoch: 0 };
  const manifestPath = joinPath(checkpointDir, "manifest.json");
  try {
    if (!(await exists(manifestPath))) {
      throw new CheckpointError(
        manifestPath,
        "no checkpoint to resume from (run without --resume to start from scratch)",
      );
    }
    await verifyCheckpoint(checkpointDir, { requireDigests: true });
  } catch (e) {
    if (!(e instanceof CheckpointError) || !options.forceRestart) throw e;
    options.warn(`${e.message}; --force-restart: training from scratch`);
    return { history: [], startEpoch: 0 };
  }
  const { step, meta } = await loadCheckpoint(checkpointDir, targets);
  if (meta.preset !== preset.name || meta.seed !== seed) {
    throw new RangeError(
      `${checkpointDir} was written for preset ${meta.preset} seed ${meta.seed}, not ${preset.name} seed ${seed}`,
    );
  }
  if (meta.datasetChecksum !== options.checksum) {
    throw new RangeError(`${checkpointDir} was trained on another dataset (checksum differs)`);
  }
  return { history: (meta.history as EpochRecord[]) ?? [], startEpoch: step };
}

/** Everything an epoch needs, and the step counters it advances. */
interface TrainingRun {
  readonly options: TrainModelsOptions;
  readonly preset: ModelPreset;
  readonly seed: number;
  readonly epochs: number;
  /** `performance.now()` at the start of the call. */
  readonly started: number;
  readonly data: TrainingData;
  readonly models: TrainingModels;
  readonly checkpointDir: string;
  /** Every epoch so far (appended to). */
  readonly history: EpochRecord[];
  readonly startEpoch: number;
  readonly stepsPerEpoch: number;
  /** Generator steps in total / in this call. */
  globalStep: number;
  runSteps: number;
}

/** One epoch (module doc, "Epoch"), its validation, its checkpoint and its reports. */
async function runEpoch(run: TrainingRun, epoch: number): Promise<void> {
  const { options, preset, seed, epochs, stepsPerEpoch, data, models, history } = run;
  const t0 = performance.now();
  const sums = await trainEpochSteps(run, epoch);
  const trainS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const validation = validateModels({ generator: models.generator, lstm: models.lstm }, {
    samples: data.validationSamples,
    M: preset.M,
    rng: createRng(seed).stream("validation"),
  });
  const validationS = (performance.now() - t1) / 1000;
  const n = Math.max(1, stepsPerEpoch);
  const record: EpochRecord = {
    epoch,
    generatorSteps: stepsPerEpoch,
    criticLoss: sums.criticLoss / n,
    wasserstein: sums.wasserstein / n,
    gradientPenalty: sums.gradientPenalty / n,
    generatorLoss: sums.generatorLoss / n,
    varietyLoss: sums.varietyLoss / n,
    lstmLoss: sums.lstmLoss / n,
    validation,
    trainS,
    validationS,
  };
  history.push(record);
  await saveCheckpoint(run.checkpointDir, {
    ...models.targets,
    step: epoch,
    meta: {
      ...options.meta,
      preset: preset.name,
      presetConfig: preset,
      seed,
      datasetDir: options.dataset,
      datasetChecksum: data.checksum,
      history,
    },
  });
  options.onProgress?.({
    phase: "validation",
    epoch,
    epochs,
    step: stepsPerEpoch,
    stepsPerEpoch,
    globalStep: run.globalStep,
    losses: { ...record, lstmLoss: record.lstmLoss },
    elapsedS: (performance.now() - run.started) / 1000,
    etaS: (epochs - epoch) * (trainS + validationS),
  });
  options.onEpoch?.(record);
}

/** Losses of one generator step: the last critic update's, `L_G`, and the mean LSTM loss. */
type StepLosses = {
  criticLoss: number;
  wasserstein: number;
  gradientPenalty: number;
  generatorLoss: number;
  varietyLoss: number;
  lstmLoss: number;
};

/**
 * The generator steps of one epoch on its shuffled samples (stream `epoch-<e>`), each
 * loss-checked and reported; returns the sums of their losses.
 */
async function trainEpochSteps(run: TrainingRun, epoch: number): Promise<StepLosses> {
  const { options, preset, stepsPerEpoch, epochs } = run;
  const rng = createRng(run.seed).stream(`epoch-${epoch}`);
  const order = shuffled(run.data.trainRefs, rng).slice(
    0,
    stepsPerEpoch * preset.batchSize * preset.criticSteps,
  );
  const sums = {
    criticLoss: 0,
    wasserstein: 0,
    gradientPenalty: 0,
    generatorLoss: 0,
    varietyLoss: 0,
    lstmLoss: 0,
  };
  for (let step = 0; step < stepsPerEpoch; step++) {
    const batches = order.slice(
      step * preset.criticSteps * preset.batchSize,
      (step + 1) * preset.criticSteps * preset.batchSize,
    );
    const losses = await generatorStep(run, batches, rng);
    run.globalStep++;
    run.runSteps++;
    if (options.injectNaNAtStep === run.globalStep) losses.criticLoss = NaN;
    checkLosses(losses, {
      step: run.globalStep,
      lastCheckpoint: run.history.length > 0 || run.startEpoch > 0 ? run.checkpointDir : undefined,
    });
    for (const key of Object.keys(sums) as (keyof StepLosses)[]) sums[key] += losses[key];
    const elapsedS = (performance.now() - run.started) / 1000;
    const left = (epochs - epoch) * stepsPerEpoch + (stepsPerEpoch - step - 1);
    options.onProgress?.({
      phase: "train",
      epoch,
      epochs,
      step: step + 1,
      stepsPerEpoch,
      globalStep: run.globalStep,
      losses,
      elapsedS,
      etaS: left * elapsedS / run.runSteps,
    });
  }
  return sums;
}

/**
 * One generator step, the schedule of the module doc: `preset.criticSteps` batches
 * (`refs`, in order), each giving one critic update and one LSTM step, then one generator
 * update on the last batch with a fresh `z`. Draws from `rng`, per batch: the batch's
 * horizons, `z`, `eps`; then the generator's `z`.
 */
async function generatorStep(
  run: TrainingRun,
  refs: readonly ApSampleRef[],
  rng: Rng,
): Promise<StepLosses> {
  const { preset, data, models } = run;
  const B = preset.batchSize, latentDim = preset.latentDim;
  const batchOptions = { rng, rowsPerSample: preset.rowsPerSample };
  let last = { criticLoss: 0, wasserstein: 0, gradientPenalty: 0 };
  let lstmLoss = 0;
  let lastBatch: GanBatch | undefined;
  for (let c = 0; c < preset.criticSteps; c++) {
    const samples: ApSample[] = [];
    for (const r of refs.slice(c * B, (c + 1) * B)) samples.push(await data.source.sample(r));
    const batch = makeGanBatch(samples, batchOptions);
    const R = batch.real.shape[0];
    const z = tf.tensor2d(drawLatent(rng, { rows: R, dim: latentDim }), [R, latentDim]);
    const epsilon = tf.tensor1d(drawUniform(rng, { n: R }));
    try {
      last = models.gan.criticStep(batch, { z, epsilon });
    } finally {
      tf.dispose([z, epsilon]);
    }
    const lb = makeLstmBatch(samples, batchOptions);
    try {
      lstmLoss += models.lstmTrainer.step(lb) / preset.criticSteps;
    } finally {
      tf.dispose([lb.cond, lb.future]);
    }
    if (lastBatch) disposeBatch(lastBatch);
    lastBatch = batch;
  }
  const R = lastBatch!.real.shape[0], k = preset.varietySamples;
  const z = tf.tensor2d(drawLatent(rng, { rows: R, dim: latentDim }), [R, latentDim]);
  const zVariety = k > 0
    ? tf.tensor2d(drawLatent(rng, { rows: k * R, dim: latentDim }), [k * R, latentDim])
    : undefined;
  let g: { generatorLoss: number; varietyLoss: number };
  try {
    g = models.gan.generatorStep(lastBatch!, { z, zVariety });
  } finally {
    tf.dispose(zVariety ? [z, zVariety] : [z]);
    disposeBatch(lastBatch!);
  }
  return { ...last, ...g, lstmLoss };
}

/**
 * One line of validation scores at horizon 1 (the headline) and the last horizon:
 * `h1 SGCS hold 0.72 linear 0.95 LSTM 0.95 cGAN mean 0.94 best-of-20 0.97 cover 0.41 | h5 ...`.
 */
export function formatValidation(v: ValidationMetrics): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));
  const one = (h: HorizonScores) =>
    `h${h.horizon} SGCS hold ${f(h.holdSgcs)} linear ${f(h.linearSgcs)} LSTM ${
      f(h.lstmSgcs)
    } cGAN mean ${f(h.cganMeanSgcs)} best-of-M ${f(h.cganBestOfMSgcs)} cover ${f(h.cganCoverage)}`;
  const hs = v.byHorizon;
  return hs.length > 1 ? `${one(hs[0])} | ${one(hs[hs.length - 1])}` : hs.map(one).join("");
}

/** One short line of losses for a progress bar: `epoch 2/20 L_D -1.23 W 0.91 GP 0.05 L_G 0.4 LSTM 0.98`. */
export function formatTrainProgress(event: TrainProgressEvent): string {
  const l = event.losses;
  const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : String(x));
  return `epoch ${event.epoch}/${event.epochs} ${
    event.phase === "validation" ? "validated " : ""
  }L_D ${f(l.criticLoss)} W ${f(l.wasserstein)} GP ${f(l.gradientPenalty)} L_G ${
    f(l.generatorLoss)
  } variety ${f(l.varietyLoss)} LSTM ${f(l.lstmLoss)}`;
}

/**
 * A notebook-friendly progress callback: prints one line (via `print`, default
 * `console.log`) every `every` generator steps and after each validation.
 *
 * @param options `every` (default 5 steps), `print`.
 */
export function notebookTrainProgress(
  options: { readonly every?: number; readonly print?: (line: string) => void } = {},
): (event: TrainProgressEvent) => void {
  const every = options.every ?? 5;
  assertInteger("every", every, { min: 1 });
  const print = options.print ?? ((line: string) => console.log(line));
  return (event) => {
    if (event.phase === "validation" || event.globalStep % every === 0) {
      print(
        `[${event.elapsedS.toFixed(1)} s] step ${event.globalStep} ${formatTrainProgress(event)}`,
      );
    }
  };
}
