/**
 * `deno task train [--preset ci|cpu|paper] [--dataset DIR] [--out DIR] [--seed N] [--resume]
 * [--backend auto|wasm|cpu] [--epochs N] [--ship] [--validate-shipped] [--scene FILE]`: trains the cGAN
 * (WGAN-GP) and the LSTM-DT (lib/models/train.ts) with a progress bar and losses on stderr.
 *
 * - `--dataset`: default `data/datasets/<preset>-seed1` (`<preset>-<scene name>-seed1` with
 *   `--scene`); built first (lib/dataset
 *   `simulatedEpisodeSource` + `buildDataset`, as `deno task dataset` does) when missing.
 * - `--out`: checkpoint folder, default `out/models/<preset>-seed<N>`; a checkpoint is
 *   written after every epoch; `--resume` continues from it after a kill, bit-exactly. The
 *   checkpoint must exist and pass its SHA-256 check, else the run stops naming the file;
 *   `--force-restart` then trains from scratch instead. Leftovers of a save interrupted
 *   by a kill are cleaned on start.
 * - `--scene FILE`: the scene a missing dataset is built on (validated before any work;
 *   an error names the file and the field). An existing dataset must have been built on
 *   it (its manifest's `sceneSha256`). The dataset's scene name and SHA-256 go into the
 *   checkpoint meta and the shipped manifest (`scene`, `sceneSha256`).
 * - A dataset folder with a damaged or missing manifest is never rebuilt: the run stops
 *   with the command that repairs it.
 * - `--ship`: at the end, writes the weights and a manifest to `data/models/<preset>/`
 *   (what notebooks and `deno task figures` load without retraining).
 * - `--validate-shipped`: trains nothing; scores the shipped weights of the preset on the
 *   dataset's validation windows (NMSE, coverage, row gains, signature correlations) and
 *   prints the metrics as JSON on stdout.
 *
 * Permissions (the task): read the repository, write `out/`, `data/models/`,
 * `data/datasets/` and `/tmp` (the wasm worker stub), env and sys for the backend, run its
 * own Deno executable only. No network. A `--scene`, `--dataset` or `--out` elsewhere is
 * granted by running the script again with exactly those paths added
 * (`relaunchWithPaths` in `cli.ts`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  datasetFolderName,
  outputFolderProblem,
  parseSeed,
  relaunchWithPaths,
  sceneOption,
  TASK_PERMISSIONS,
} from "./cli.ts";
import type { SceneSource } from "../lib/scene/mod.ts";
import { joinPath, repoPath, resolvePath } from "../lib/core/mod.ts";
import {
  buildDataset,
  createProgressTracker,
  DatasetConfigError,
  DatasetDamagedError,
  datasetFolderState,
  datasetPreset,
  formatDuration,
  readManifest,
  simulatedEpisodeSource,
  terminalProgressBar,
} from "../lib/dataset/mod.ts";
import { type BackendChoice, setupBackend } from "../lib/models/backend/mod.ts";
import { CheckpointError } from "../lib/models/checkpoint.ts";
import { DivergenceError } from "../lib/models/divergence.ts";
import { MODEL_PRESETS, modelPreset, type ModelPresetName } from "../lib/models/presets.ts";
import { shipModels, validateShippedModels } from "../lib/models/shipped.ts";
import { formatValidation } from "../lib/models/train.ts";
import { formatTrainProgress, trainModels } from "../lib/models/train.ts";

const USAGE =
  "usage: deno task train [--preset ci|cpu|paper] [--dataset DIR] [--out DIR] [--seed N] " +
  "[--resume [--force-restart]] [--backend auto|wasm|cpu] [--epochs N] [--ship] [--validate-shipped] [--scene FILE]";

function fail(message: string): never {
  console.error(`train: ${message}\n${USAGE}`);
  Deno.exit(2);
}

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      args: Deno.args,
      options: {
        preset: { type: "string", default: "cpu" },
        dataset: { type: "string" },
        out: { type: "string" },
        seed: { type: "string", default: "1" },
        resume: { type: "boolean", default: false },
        "force-restart": { type: "boolean", default: false },
        backend: { type: "string", default: "auto" },
        epochs: { type: "string" },
        ship: { type: "boolean", default: false },
        "validate-shipped": { type: "boolean", default: false },
        scene: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  if (!(values.preset in MODEL_PRESETS)) {
    fail(`--preset must be one of ${Object.keys(MODEL_PRESETS).join(", ")}, got ${values.preset}`);
  }
  if (!["auto", "wasm", "cpu"].includes(values.backend)) {
    fail(`--backend must be auto, wasm or cpu, got ${values.backend}`);
  }
  const int = (name: string, v: string) => {
    if (!/^\d+$/.test(v)) fail(`--${name} must be a non-negative integer, got ${v}`);
    return Number(v);
  };
  let seed = 0;
  try {
    seed = parseSeed(values.seed);
  } catch (e) {
    fail((e as Error).message);
  }
  const preset = values.preset as ModelPresetName;
  if (values.scene === "") fail("--scene needs a file");
  return {
    scenePath: values.scene === undefined ? null : resolvePath(values.scene),
    preset,
    seed,
    /** `--dataset`, or null for the default (which depends on `--scene`). */
    datasetArg: values.dataset === undefined ? null : resolvePath(values.dataset),
    out: resolvePath(values.out ?? repoPath("out", "models", `${preset}-seed${seed}`)),
    resume: values.resume,
    forceRestart: values["force-restart"],
    backend: values.backend as BackendChoice,
    epochs: values.epochs === undefined ? undefined : int("epochs", values.epochs),
    ship: values.ship,
    validateShipped: values["validate-shipped"],
  };
}

async function ensureDataset(
  dir: string,
  name: ModelPresetName,
  scene: SceneSource | undefined,
): Promise<void> {
  // A damaged or foreign dataset is never rebuilt here (it may hold another seed's data):
  // datasetFolderState throws a DatasetDamagedError saying how to repair it.
  const state = await datasetFolderState(dir);
  if (state.state === "complete") return;
  const base = datasetPreset(name);
  const preset = scene === undefined ? base : { ...base, sceneName: scene.scene.name };
  console.error(`train: building dataset ${preset.name} -> ${dir}`);
  const bar = terminalProgressBar();
  const tracker = createProgressTracker(preset.episodeCount, { unit: "episodes" });
  const source = await simulatedEpisodeSource(preset, { scene });
  try {
    await buildDataset({
      outDir: dir,
      preset,
      seed: 1,
      scene: scene && { name: scene.scene.name, sha256: scene.sha256 },
      generateEpisode: source.generateEpisode,
      onProgress: (ev) => bar.onProgress(tracker.update(ev.done, { message: ev.message })),
    });
  } finally {
    source.close();
    bar.finish();
  }
}

const parsed = parse();
// A --scene, --dataset or --out outside what the task may touch: run again with access
// to exactly those paths (the task grants --allow-run for its Deno executable only).
await relaunchWithPaths({
  script: repoPath("tools", "train.ts"),
  ...TASK_PERMISSIONS.train,
  extraRead: [parsed.scenePath],
  extraWrite: [parsed.datasetArg, ...(parsed.validateShipped ? [] : [parsed.out])],
});
// First, before any work: the scene (permission, then validation; nothing written).
let scene: SceneSource | undefined;
if (parsed.scenePath !== null) {
  const loaded = await sceneOption(
    parsed.scenePath,
    "'deno task train' reads scene files inside the repository and /tmp only; run instead: " +
      `deno run --allow-read=.,/tmp,${parsed.scenePath} --allow-write=./out,./data/models,./data/datasets,/tmp ` +
      `--allow-env --allow-sys tools/train.ts ${Deno.args.join(" ")}`,
  );
  if ("problem" in loaded) {
    console.error(`train: ${loaded.problem}`);
    Deno.exit(1);
  }
  scene = loaded.scene;
}
// The default dataset: data/datasets/<preset>-seed1, or <preset>-<scene>-seed1 with --scene.
const args = {
  ...parsed,
  dataset: parsed.datasetArg ??
    repoPath("data", "datasets", datasetFolderName(parsed.preset, 1, scene?.scene.name)),
};
// Before any work, without a permission prompt: what this run reads.
const reads = [["--dataset", args.dataset], ...(args.resume ? [["--out", args.out]] : [])];
for (const [option, dir] of reads) {
  if ((await Deno.permissions.query({ name: "read", path: dir })).state !== "granted") {
    console.error(
      `train: ${option} ${dir}: no read permission for this task; 'deno task train' reads the repository only (run tools/train.ts with deno run and --allow-read for other folders)`,
    );
    Deno.exit(1);
  }
}
if (args.resume && !args.forceRestart) {
  // Before any work: resuming needs a checkpoint (trainModels verifies its digests).
  const manifest = joinPath(args.out, "checkpoint", "manifest.json");
  if (!(await Deno.lstat(manifest).then(() => true, () => false))) {
    console.error(
      `train: --resume: no checkpoint at ${manifest}; run without --resume to start from scratch (or add --force-restart)`,
    );
    Deno.exit(1);
  }
}
// Before any work: every folder this run may write (no permission prompt, one line).
{
  const hint = "'deno task train' may write under out/, data/models/ and data/datasets/ only; " +
    "for other folders run tools/train.ts with deno run and --allow-write for them";
  const folders: [string, string][] = [];
  if (!args.validateShipped) folders.push(["--out", args.out]);
  if (args.ship) folders.push(["--ship", repoPath("data", "models", args.preset)]);
  const state = await datasetFolderState(args.dataset).catch(() => null);
  if (state?.state === "missing") folders.push(["--dataset", args.dataset]);
  const built = state?.state === "missing" ? undefined : state?.manifest;
  if (scene !== undefined && built !== undefined && built.sceneSha256 !== scene.sha256) {
    console.error(
      `train: --dataset ${args.dataset} was built on scene ${built.sceneName}${
        built.sceneSha256 ? ` (sha256 ${built.sceneSha256})` : ""
      }, not on --scene ${scene.path} (sha256 ${scene.sha256}); use another --dataset folder`,
    );
    Deno.exit(1);
  }
  for (const [option, dir] of folders) {
    const problem = await outputFolderProblem(option, dir, hint);
    if (problem !== null) {
      console.error(`train: ${problem}`);
      Deno.exit(1);
    }
  }
}
try {
  await ensureDataset(args.dataset, args.preset, scene);
  const datasetManifest = await readManifest(args.dataset);
  const sceneMeta = {
    scene: datasetManifest.sceneName,
    ...(datasetManifest.sceneSha256 ? { sceneSha256: datasetManifest.sceneSha256 } : {}),
  };
  const info = await setupBackend({ backend: args.backend });
  if (args.validateShipped) {
    console.error(`train: scoring the shipped ${args.preset} weights on ${args.dataset}`);
    const metrics = await validateShippedModels(args.preset, args.dataset);
    console.log(
      JSON.stringify({ preset: args.preset, backend: info.backend, ...metrics }, null, 1),
    );
    Deno.exit(0);
  }
  console.error(
    `train: preset ${args.preset}, seed ${args.seed}, backend ${info.backend} (${info.threads} thread(s)${
      info.simd ? ", SIMD" : ""
    })\n       dataset ${args.dataset}\n       checkpoints ${args.out}/checkpoint${
      args.resume ? " (resume)" : ""
    }`,
  );
  const bar = terminalProgressBar();
  const preset = modelPreset(args.preset);
  const result = await trainModels({
    dataset: args.dataset,
    outDir: args.out,
    preset,
    seed: args.seed,
    resume: args.resume,
    forceRestart: args.forceRestart,
    onWarning: (m) => console.error(`train: warning: ${m}`),
    epochs: args.epochs,
    meta: { backend: info, ...sceneMeta },
    onProgress: (ev) =>
      bar.onProgress({
        done: (ev.epoch - 1) * ev.stepsPerEpoch + ev.step,
        total: ev.epochs * ev.stepsPerEpoch,
        rate: 0,
        etaS: ev.etaS,
        elapsedS: ev.elapsedS,
        unit: "steps",
        message: formatTrainProgress(ev),
      }),
    onEpoch: (r) => {
      bar.finish();
      console.error(
        `epoch ${r.epoch}: L_D ${r.criticLoss.toFixed(3)} W ${r.wasserstein.toFixed(3)} L_G ${
          r.generatorLoss.toFixed(3)
        } variety ${r.varietyLoss.toFixed(4)} LSTM ${r.lstmLoss.toFixed(4)} | ${
          formatValidation(r.validation)
        } (${formatDuration(r.trainS + r.validationS)})`,
      );
    },
  });
  bar.finish();
  console.error(
    `train: ${result.history.length} epochs${
      args.resume ? ` (resumed after epoch ${result.resumedFromEpoch})` : ""
    } in ${formatDuration(result.wallS)}`,
  );
  if (args.ship) {
    const dir = repoPath("data", "models", args.preset);
    await shipModels(result, dir, { backend: info, wallS: result.wallS, scene: sceneMeta });
    console.error(`train: shipped weights -> ${dir}`);
  }
  Deno.exit(0);
} catch (e) {
  if (
    e instanceof DivergenceError || e instanceof DatasetDamagedError ||
    e instanceof CheckpointError || e instanceof DatasetConfigError
  ) {
    console.error(`train: ${e.message}`);
  } else console.error(`train: ${(e as Error).stack ?? e}`);
  Deno.exit(1);
}
