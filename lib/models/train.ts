/**
 * Training loop of the cGAN (WGAN-GP) and the LSTM-DT on a dataset (lib/dataset), with
 * per-epoch validation, atomic checkpoints, resume and divergence stop.
 *
 * **Samples.** The generator works per AP: one training sample is one window (tau past
 * + T future slots) of one episode *and one AP b*: the past `[tau, K, Nt]` and future
 * `[T, K, Nt]` channels of AP b, the RF scalars of AP b derived from its newest past slot
 * (`rf.ts`: best DFT beam and its RSSI per UE) and AP b's rare-event flag
 * (`apRareEventPast[b]` of the window). A cGAN row takes one future slot `t` (drawn
 * uniformly in 1..T) with its horizon one-hot; the LSTM row takes all `T` slots.
 *
 * **Epoch.** The training samples are shuffled (seeded, per epoch) and the first
 * `samplesPerEpoch` (all if unset) are cut into batches of `batchSize`. Every group of
 * `criticSteps` batches (the preset's; the paper's 5,
 * `PAPER_SETUP.criticStepsPerGeneratorStep`) gives one critic update per batch and one
 * generator update (on the group's last batch with a fresh `z`); the LSTM takes one Adam
 * step on each batch, at the preset's `lstmLearningRate`. So an epoch has
 * `floor(samples / (batchSize criticSteps))` generator steps. The latents, interpolation
 * weights and horizons come from `createRng(seed).stream("epoch-<e>")`: a resumed run
 * repeats the interrupted epoch exactly.
 *
 * **Validation** (each epoch, on the dataset's `validation` episodes, a fixed subset of
 * `validationSamples` AP windows, half of them with the rare-event flag when there are
 * enough): `M` trajectories per window from one batched pass, scored with `metrics.ts`
 * (NMSE of the sample mean, spread, coverage of the sampled amplitude range,
 * Wasserstein-1 between real and generated per-row gains in dB), overall and split by
 * flag; the LSTM's NMSE on the same windows.
 *
 * **Checkpoints.** `outDir/checkpoint/` (`checkpoint.ts`, atomic) after every epoch:
 * generator, critic, LSTM and their Adam states; `meta` holds the preset, seed, dataset
 * checksum and the epoch history. `resume: true` continues from it (a killed run loses
 * at most the current epoch). A NaN/Inf or exploding loss throws `DivergenceError`
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
import { type GanBatch, makeGanBatch, type TrainingWindow } from "./batch.ts";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import { buildCondition, type ModelDims, type RfNormalization } from "./condition.ts";
import { buildCritic } from "./critic.ts";
import { checkLosses } from "./divergence.ts";
import { buildGenerator } from "./generator.ts";
import { drawLatent, drawUniform } from "./latent.ts";
import { buildLstm, createLstmTrainer, type LstmTrainer, makeLstmBatch } from "./lstm.ts";
import { ensembleMetrics, toDb, wasserstein1 } from "./metrics.ts";
import { denormalizeRows } from "./normalization.ts";
import {
  criticConfig,
  generatorConfig,
  lstmConfig,
  type ModelPreset,
  modelPreset,
  type ModelPresetName,
} from "./presets.ts";
import { apRfScalars } from "./rf.ts";
import { sampleTrajectories } from "./sampler.ts";
import { type AdamSettings, createWganGpTrainer, type WganGpTrainer } from "./wgan_gp.ts";

/** One training sample: window `ref` of AP `ap`. */
export interface ApSampleRef extends SampleRef {
  readonly ap: number;
}

/** A training window of one AP plus where it comes from. */
export interface ApWindow extends TrainingWindow {
  readonly ref: ApSampleRef;
}

/** Per-AP sample access on an opened dataset. */
export interface ApSampleSource {
  readonly dataset: Dataset;
  /** Model sizes: `K`, `Nt` of the dataset, `tau`, `T` of its window. */
  readonly dims: ModelDims;
  /** RF normalization (beam count = `Nt`). */
  readonly rf: RfNormalization;
  /** AP samples of a split (every window x every AP). */
  refs(split: "train" | "validation" | "test"): ApSampleRef[];
  /** The window of one AP (copies). */
  window(ref: ApSampleRef): Promise<ApWindow>;
}

/**
 * Wraps a dataset as per-AP samples (module doc, "Samples").
 *
 * @param dataset from `openDataset` (use `cacheEpisodes` >= the episodes you touch).
 */
export function apSampleSource(dataset: Dataset): ApSampleSource {
  const m = dataset.manifest;
  if (!m.dims) throw new RangeError(`${dataset.dir}: the dataset has no shards yet`);
  const { A, K, Nt } = m.dims;
  const dims: ModelDims = { K, Nt, tau: m.window.past, T: m.window.future };
  const rf: RfNormalization = { beamCount: Math.max(2, Nt) };
  return {
    dataset,
    dims,
    rf,
    refs(split) {
      return dataset.split(split).flatMap((r) =>
        Array.from({ length: A }, (_, ap) => ({ episode: r.episode, start: r.start, ap }))
      );
    },
    async window(ref) {
      const w = await dataset.window(ref);
      const per = K * Nt * 2;
      const cut = (channels: Float32Array, S: number) => {
        const out = new Float32Array(S * per);
        for (let s = 0; s < S; s++) {
          out.set(channels.subarray((s * A + ref.ap) * per, (s * A + ref.ap + 1) * per), s * per);
        }
        return out;
      };
      const past = cut(w.past.channels, dims.tau);
      const r = apRfScalars(past, { K, Nt, offset: (dims.tau - 1) * per });
      return {
        ref,
        past,
        future: cut(w.future.channels, dims.T),
        rssiDbm: r.rssiDbm,
        beamIndex: Array.from(r.beamIndex),
        rareEvent: w.apRareEventPast[ref.ap] === 1,
      };
    },
  };
}

/** Validation metrics of one epoch (dB values are `10 log10` of linear means). */
export interface ValidationMetrics {
  /** Windows scored (and how many had the rare-event flag). */
  readonly windows: number;
  readonly rareWindows: number;
  /** cGAN: NMSE of the sample mean, dB. */
  readonly cganNmseDb: number;
  /** Mean relative spread of the M samples. */
  readonly spread: number;
  /** Mean coverage of the sampled amplitude range; nominal `(M-1)/(M+1)`. */
  readonly coverage: number;
  readonly nominalCoverage: number;
  /** Wasserstein-1 between real and generated per-row gains, dB: all, flag 0, flag 1. */
  readonly gainW1Db: number;
  readonly gainW1DbNormal: number | null;
  readonly gainW1DbRare: number | null;
  /** cGAN NMSE (dB) split by flag. */
  readonly cganNmseDbNormal: number | null;
  readonly cganNmseDbRare: number | null;
  /** LSTM NMSE, dB (all, flag 0, flag 1). */
  readonly lstmNmseDb: number;
  readonly lstmNmseDbNormal: number | null;
  readonly lstmNmseDbRare: number | null;
  /** Hold-last-slot NMSE, dB (a reference: the newest past matrix repeated). */
  readonly holdNmseDb: number;
  /**
   * Mean signature correlation (common phase ignored, see `metrics.ts`) of the cGAN
   * samples, the LSTM forecast and hold with the true future rows. Absent in manifests
   * written before it existed.
   */
  readonly cganSignature?: number;
  readonly lstmSignature?: number;
  readonly holdSignature?: number;
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
  /** Continue from `outDir/checkpoint` if present (default false: start over). */
  readonly resume?: boolean;
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
 * Picks the validation windows: `count` AP samples spread evenly over the split, half of
 * them among the flagged ones when there are enough.
 */
/**
 * The validation windows training scores: `count` windows of the dataset's validation
 * split, evenly spread, half of them (at most) with the rare-event flag.
 *
 * @param source from {@link apSampleSource}.
 * @param count windows to pick.
 */
export async function pickValidationWindows(
  source: ApSampleSource,
  count: number,
): Promise<ApWindow[]> {
  const refs = source.refs("validation");
  if (refs.length === 0) return [];
  // Flags from the dataset's views (no copies); only the chosen windows are materialized.
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
  const out: ApWindow[] = [];
  for (const r of chosen) out.push(await source.window(r));
  return out;
}

/**
 * Scores a generator (M samples) and an LSTM (point forecast) on windows.
 *
 * @param models `generator` and `lstm`.
 * @param options `windows`, `dims`, `rf`, `M`, `rng`, `chunk` (windows per forward
 *   pass, default 4).
 */
export function validateModels(
  models: { readonly generator: tf.LayersModel; readonly lstm: tf.LayersModel },
  options: {
    readonly windows: readonly TrainingWindow[];
    readonly dims: ModelDims;
    readonly rf?: RfNormalization;
    readonly M: number;
    readonly rng: Rng;
    readonly chunk?: number;
  },
): ValidationMetrics {
  const { windows, dims, M, rng } = options;
  assertInteger("M", M, { min: 1 });
  const { K, Nt, tau, T } = dims;
  const per = K * Nt * 2;
  const chunk = options.chunk ?? 4;
  const nm: number[][] = [[], []];
  const lm: number[][] = [[], []];
  const hm: number[] = [];
  const sig = { cgan: [] as number[], lstm: [] as number[], hold: [] as number[] };
  let spread = 0;
  let coverage = 0;
  const real: number[][] = [[], []];
  const gen: number[][] = [[], []];
  for (let i0 = 0; i0 < windows.length; i0 += chunk) {
    const part = windows.slice(i0, i0 + chunk);
    const conds = part.map((w) => buildCondition(w, { ...dims, ...options.rf }));
    const samples = sampleTrajectories(models.generator, conds, { M, T, rng });
    const lstmOut = tf.tidy(() => {
      const h = new Float32Array(part.length * K * Nt * 2 * tau);
      conds.forEach((c, n) => h.set(c.history, n * c.history.length));
      return (models.lstm.apply(tf.tensor4d(h, [part.length, K, Nt, 2 * tau])) as tf.Tensor)
        .dataSync() as Float32Array;
    });
    part.forEach((w, n) => {
      const f = w.rareEvent ? 1 : 0;
      const e = ensembleMetrics(
        samples.subarray(n * M * T * per, (n + 1) * M * T * per),
        w.future,
        {
          M,
          T,
          K,
          Nt,
        },
      );
      nm[f].push(e.nmse);
      sig.cgan.push(e.signature);
      spread += e.spread;
      coverage += e.coverage;
      for (const g of e.realGainsDb) real[f].push(g);
      for (const g of e.generatedGainsDb) gen[f].push(g);
      const fc = denormalizeRows(
        lstmOut.slice(n * T * per, (n + 1) * T * per),
        conds[n].scales,
        { K, Nt },
      );
      const l = ensembleMetrics(fc, w.future, { M: 1, T, K, Nt });
      lm[f].push(l.nmse);
      sig.lstm.push(l.signature);
      const hold = new Float32Array(T * per);
      for (let t = 0; t < T; t++) hold.set(w.past.subarray((tau - 1) * per, tau * per), t * per);
      const h = ensembleMetrics(hold, w.future, { M: 1, T, K, Nt });
      hm.push(h.nmse);
      sig.hold.push(h.signature);
    });
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const db = (xs: number[]) => (xs.length ? toDb(mean(xs)) : null);
  const n = windows.length;
  return {
    windows: n,
    rareWindows: nm[1].length,
    cganNmseDb: toDb(mean([...nm[0], ...nm[1]])),
    spread: spread / n,
    coverage: coverage / n,
    nominalCoverage: (M - 1) / (M + 1),
    gainW1Db: wasserstein1([...real[0], ...real[1]], [...gen[0], ...gen[1]]),
    gainW1DbNormal: real[0].length ? wasserstein1(real[0], gen[0]) : null,
    gainW1DbRare: real[1].length ? wasserstein1(real[1], gen[1]) : null,
    cganNmseDbNormal: db(nm[0]),
    cganNmseDbRare: db(nm[1]),
    lstmNmseDb: toDb(mean([...lm[0], ...lm[1]])),
    lstmNmseDbNormal: db(lm[0]),
    lstmNmseDbRare: db(lm[1]),
    holdNmseDb: toDb(mean(hm)),
    cganSignature: mean(sig.cgan),
    lstmSignature: mean(sig.lstm),
    holdSignature: mean(sig.hold),
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
  const { history, startEpoch } = await resumedHistory(checkpointDir, models.targets, {
    resume: options.resume === true,
    preset,
    seed,
    checksum: data.checksum,
  });
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
  readonly validationWindows: readonly ApWindow[];
}

/** Opens the dataset and checks it against the preset's sizes and one generator step's samples. */
async function openTrainingData(dataset: string, preset: ModelPreset): Promise<TrainingData> {
  const checksum = await datasetChecksum(dataset);
  const ds = await openDataset(dataset, { cacheEpisodes: 1 << 20 });
  const source = apSampleSource(ds);
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
  const validationWindows = await pickValidationWindows(source, preset.validationSamples);
  return { checksum, source, trainRefs, validationWindows };
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
 * With `resume` and a checkpoint in `checkpointDir`: loads it into `targets` after
 * checking that it was written for this preset, seed and dataset, and returns its epoch
 * history; otherwise an empty history from epoch 0.
 */
async function resumedHistory(
  checkpointDir: string,
  targets: TrainingModels["targets"],
  options: { resume: boolean; preset: ModelPreset; seed: number; checksum: string },
): Promise<{ history: EpochRecord[]; startEpoch: number }> {
  const { preset, seed } = options;
  if (!options.resume || !(await exists(joinPath(checkpointDir, "manifest.json")))) {
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
    windows: data.validationWindows,
    dims: data.source.dims,
    rf: data.source.rf,
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
  const sums = { criticLoss: 0, wasserstein: 0, gradientPenalty: 0, generatorLoss: 0, lstmLoss: 0 };
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
  const batchOptions = { ...data.source.dims, ...data.source.rf };
  let last = { criticLoss: 0, wasserstein: 0, gradientPenalty: 0 };
  let lstmLoss = 0;
  let lastBatch: GanBatch | undefined;
  for (let c = 0; c < preset.criticSteps; c++) {
    const windows: TrainingWindow[] = [];
    for (const r of refs.slice(c * B, (c + 1) * B)) windows.push(await data.source.window(r));
    const batch = makeGanBatch(windows, { ...batchOptions, rng });
    const z = tf.tensor2d(drawLatent(rng, { rows: B, dim: latentDim }), [B, latentDim]);
    const epsilon = tf.tensor1d(drawUniform(rng, { n: B }));
    try {
      last = models.gan.criticStep(batch, { z, epsilon });
    } finally {
      tf.dispose([z, epsilon]);
    }
    const lb = makeLstmBatch(windows, batchOptions);
    try {
      lstmLoss += models.lstmTrainer.step(lb) / preset.criticSteps;
    } finally {
      tf.dispose([lb.history, lb.future]);
    }
    if (lastBatch) tf.dispose([lastBatch.real, lastBatch.history, lastBatch.scalars]);
    lastBatch = batch;
  }
  const z = tf.tensor2d(drawLatent(rng, { rows: B, dim: latentDim }), [B, latentDim]);
  let generatorLoss: number;
  try {
    generatorLoss = models.gan.generatorStep(lastBatch!, { z }).generatorLoss;
  } finally {
    tf.dispose([z, lastBatch!.real, lastBatch!.history, lastBatch!.scalars]);
  }
  return { ...last, generatorLoss, lstmLoss };
}

/** One short line of losses for a progress bar: `epoch 2/20 L_D -1.23 W 0.91 GP 0.05 L_G 0.4 LSTM 0.98`. */
export function formatTrainProgress(event: TrainProgressEvent): string {
  const l = event.losses;
  const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : String(x));
  return `epoch ${event.epoch}/${event.epochs} ${
    event.phase === "validation" ? "validated " : ""
  }L_D ${f(l.criticLoss)} W ${f(l.wasserstein)} GP ${f(l.gradientPenalty)} L_G ${
    f(l.generatorLoss)
  } LSTM ${f(l.lstmLoss)}`;
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
