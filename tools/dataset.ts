/**
 * `deno task dataset [--preset ci|cpu|paper] [--out DIR] [--seed N] [--workers N] [--force]
 * [--scene FILE]`:
 * simulates the preset's episodes (lib/mobility `simulateEpisode`, in `--workers` Deno
 * Workers, default `navigator.hardwareConcurrency`) and stores them as a dataset
 * (lib/dataset), with a progress bar on stderr. The dataset does not depend on the
 * number of workers (same bytes). Killed at any moment, the same command resumes where
 * it stopped; finished shards are verified, not recomputed.
 *
 * Permissions: `--allow-read` (sources, the worker module, `data/scenes/`, git metadata
 * for the code version), `--allow-write` for the output folder, `--allow-env`. Workers
 * inherit these; they need nothing more.
 *
 * Default `--out`: `data/datasets/<preset>-seed<N>` (gitignored), or
 * `data/datasets/<preset>-<scene name>-seed<N>` with `--scene`. The task grants write
 * access to `data/datasets/` only; an `--out` (or `--scene`) elsewhere is granted by
 * running the script again with exactly that path added (`relaunchWithPaths` in
 * `cli.ts`; the task may run its own Deno executable and nothing else).
 *
 * `--scene FILE`: simulate on that scene instead of `data/scenes/office.json` (validated
 * before any work: an error names the file and the field and nothing is written); its
 * name and SHA-256 go into the manifest (`sceneName`, `sceneSha256`).
 *
 * Episode i is simulated with the integer seed `createRng(seed).stream("episode-i")
 * .nextUint32()` (recorded per shard in the manifest), so any single episode can be
 * re-simulated with `simulateEpisode(scene, config, shard.seed)`.
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
import { repoPath, resolvePath } from "../lib/core/mod.ts";
import {
  buildDataset,
  createProgressTracker,
  DATASET_PRESET_NAMES,
  datasetPreset,
  formatDuration,
  simulatedEpisodeSource,
  terminalProgressBar,
} from "../lib/dataset/mod.ts";

const USAGE = `usage: deno task dataset [--preset ${
  DATASET_PRESET_NAMES.join("|")
}] [--out DIR] [--seed N] [--workers N] [--force] [--scene FILE]`;

function fail(message: string): never {
  console.error(`dataset: ${message}\n${USAGE}`);
  Deno.exit(2);
}

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      args: Deno.args,
      options: {
        preset: { type: "string", default: "cpu" },
        out: { type: "string" },
        seed: { type: "string", default: "1" },
        workers: { type: "string", default: String(navigator.hardwareConcurrency || 1) },
        force: { type: "boolean", default: false },
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
  if (!DATASET_PRESET_NAMES.includes(values.preset as never)) {
    fail(
      `--preset must be one of ${DATASET_PRESET_NAMES.join(", ")}, got ${
        JSON.stringify(values.preset)
      }`,
    );
  }
  let seed = 0;
  try {
    seed = parseSeed(values.seed, { min: -Number.MAX_SAFE_INTEGER });
  } catch (e) {
    fail((e as Error).message);
  }
  if (!/^\d+$/.test(values.workers) || Number(values.workers) < 1) {
    fail(`--workers must be a positive integer, got ${JSON.stringify(values.workers)}`);
  }
  const workers = Number(values.workers);
  if (values.scene === "") fail("--scene needs a file");
  return {
    preset: datasetPreset(values.preset),
    seed,
    outArg: values.out === undefined ? null : resolvePath(values.out),
    force: values.force,
    workers,
    scenePath: values.scene === undefined ? null : resolvePath(values.scene),
  };
}

const parsed = parse();
const { seed, outArg, force, workers, scenePath } = parsed;
// A --scene or --out outside the repository: run again with access to exactly those paths.
await relaunchWithPaths({
  script: repoPath("tools", "dataset.ts"),
  ...TASK_PERMISSIONS.dataset,
  extraRead: [scenePath],
  extraWrite: [outArg],
});
const runHint = (what: string) =>
  `'deno task dataset' may ${what}; run instead: deno run --allow-read=.${
    scenePath === null ? "" : `,${scenePath}`
  } --allow-write=${outArg ?? "./data/datasets"} --allow-env tools/dataset.ts ${
    Deno.args.join(" ")
  }`;
// First, before any output: the scene (permission, then validation).
let scene: SceneSource | undefined;
if (scenePath !== null) {
  const loaded = await sceneOption(
    scenePath,
    runHint("read scene files inside the repository only"),
  );
  if ("problem" in loaded) {
    console.error(`dataset: ${loaded.problem}`);
    Deno.exit(1);
  }
  scene = loaded.scene;
}
const preset = scene === undefined
  ? parsed.preset
  : { ...parsed.preset, sceneName: scene.scene.name };
const outDir = outArg ??
  repoPath("data", "datasets", datasetFolderName(preset.name, seed, scene?.scene.name));
const problem = await outputFolderProblem(
  "--out",
  outDir,
  runHint("write under data/datasets/ only"),
);
if (problem !== null) {
  console.error(`dataset: ${problem}`);
  Deno.exit(1);
}

const bar = terminalProgressBar();
const tracker = createProgressTracker(preset.episodeCount, { unit: "episodes" });
let finished = 0;
const running = new Map<number, number>(); // episode -> fraction simulated
const source = await simulatedEpisodeSource(preset, {
  scene,
  workers: Math.min(workers, preset.episodeCount),
  onSlotProgress: (index, slot, total) => {
    if (slot === total) running.delete(index);
    else running.set(index, slot / total);
    let partial = 0;
    for (const f of running.values()) partial += f;
    bar.onProgress(
      tracker.update(finished + partial, { message: `episodes ${[...running.keys()].join(",")}` }),
    );
  },
});

console.error(
  `dataset: preset ${preset.name} (${preset.description}), seed ${seed}, ${source.workers} worker(s)${
    scene ? `, scene ${scene.scene.name} (${scene.path}, sha256 ${scene.sha256})` : ""
  }\n         -> ${outDir}`,
);
const started = performance.now();
try {
  const result = await buildDataset({
    outDir,
    preset,
    seed,
    force,
    scene: scene && { name: scene.scene.name, sha256: scene.sha256 },
    generateEpisode: source.generateEpisode,
    concurrency: source.workers,
    onProgress: (event) => {
      if (finished === 0 && event.done > 0 && event.message?.includes("verified")) {
        tracker.skip(event.done);
      }
      finished = event.done;
      bar.onProgress(tracker.update(event.done, { message: event.message }));
    },
  });
  bar.finish();
  const m = result.manifest;
  console.error(
    `dataset: ${m.shards.length}/${m.episodeCount} episodes (${result.generated.length} generated, ${result.reused.length} reused${
      result.repaired.length ? `, ${result.repaired.length} repaired` : ""
    }) in ${
      formatDuration((performance.now() - started) / 1000)
    }; splits train/validation/test = ${m.splits.train.length}/${m.splits.validation.length}/${m.splits.test.length} episodes`,
  );
} catch (e) {
  bar.finish();
  console.error(`dataset: ${(e as Error).message}`);
  Deno.exit(1);
} finally {
  source.close();
}
