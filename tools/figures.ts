/**
 * `deno task figures [--preset ci|cpu|paper] [--out DIR] [--seed N] [--steps a,b] [--scene FILE]`:
 * regenerates every
 * figure (SVG + PNG) and table (CSV through danfojs + JSON) of the reproduction: channel
 * synthesis, mobility, Fig. 3a/3b (with seeds and ablations), Fig. 3c, Fig. 4, the second
 * system's power study (`--steps power`, UAV case study) and the reproduction table (also
 * printed). Progress goes to stderr.
 *
 * Beyond one machine (`lib/experiments/shards.ts`): `--shard i/n` runs slice `i` (0-based)
 * of `n` and writes `shard-<i>-of-<n>.json` (+ `.files/`) under `--out` (default
 * `out/shards`); `--merge DIR...` checks the shards in the folders and writes every figure
 * and table under `--out` (default `figures/`), as the unsharded run would (a run with
 * `--scene FILE` is merged with `--scene` naming a file of the same bytes). `--scene FILE`
 * runs every study on that scene instead of `data/scenes/office.json` (validated first; an
 * error names the file and the field and nothing is written); its name and SHA-256 go
 * into every output's provenance. A `--scene`, `--merge` folder or `--out` outside what the
 * task may read or write (the repository, `figures/`, `out/`) is granted by running the
 * script again with exactly those paths added (`relaunchWithPaths` in `cli.ts`; the task
 * may run its own Deno executable and nothing else). Every output records the
 * preset, seeds and versions that produced it. The output folder is checked (permission,
 * then a probe write) before any work; a failure is one line on stderr, exit 1.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { repoPath, resolvePath } from "../lib/core/mod.ts";
import { loadSceneSource, type SceneSource } from "../lib/scene/mod.ts";
import { outputFolderProblem, parseSeed, relaunchWithPaths, TASK_PERMISSIONS } from "./cli.ts";
import { shutdownBackend } from "../lib/models/backend/mod.ts";
import {
  assertPresetName,
  codeVersion,
  FIGURE_STEPS,
  type FigureStep,
  mergeFigureShards,
  parseShard,
  runAllFigures,
  runFigureShard,
  type ShardSpec,
} from "../lib/experiments/mod.ts";

const USAGE = "usage: deno task figures [--preset ci|cpu|paper] [--out DIR] [--seed N] " +
  "[--scene FILE] " +
  `[--steps ${FIGURE_STEPS.join(",")}] [--shard i/n]\n` +
  "       deno task figures --merge DIR... [--out DIR]";

function parse() {
  try {
    const { values, positionals } = parseArgs({
      args: Deno.args,
      options: {
        preset: { type: "string", default: "cpu" },
        out: { type: "string" },
        scene: { type: "string" },
        shard: { type: "string" },
        merge: { type: "boolean", default: false },
        seed: { type: "string", default: "1" },
        steps: { type: "string", default: FIGURE_STEPS.join(",") },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      console.log(USAGE);
      Deno.exit(0);
    }
    if (values.merge) {
      if (positionals.length === 0) throw new RangeError("--merge needs the shard folders");
      if (values.shard !== undefined) {
        throw new RangeError("--merge and --shard exclude each other");
      }
    } else if (positionals.length > 0) {
      throw new RangeError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    }
    if (values.scene === "") throw new RangeError("--scene needs a file");
    const shard: ShardSpec | null = values.shard === undefined ? null : parseShard(values.shard);
    assertPresetName("--preset", values.preset);
    const seed = parseSeed(values.seed);
    const steps = values.steps.split(",").map((s) => s.trim()).filter((s) => s !== "");
    for (const step of steps) {
      if (!(FIGURE_STEPS as readonly string[]).includes(step)) {
        throw new RangeError(`--steps: unknown step "${step}"`);
      }
    }
    const defaultOut = shard ? repoPath("out", "shards") : repoPath("figures");
    return {
      preset: values.preset,
      shard,
      merge: values.merge ? positionals.map((d) => resolvePath(d)) : null,
      outDir: resolvePath(values.out ?? defaultOut),
      scenePath: values.scene === undefined ? null : resolvePath(values.scene),
      seed,
      steps: steps as FigureStep[],
    };
  } catch (e) {
    console.error(`figures: ${(e as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
}

const { preset, outDir, seed, steps, shard, merge, scenePath } = parse();
const FONTS = "/usr/share/fonts/truetype/dejavu";
// A --scene, --merge folder or --out outside what the task may touch: run again with
// access to exactly those paths (the task grants --allow-run for its Deno executable only).
await relaunchWithPaths({
  script: repoPath("tools", "figures.ts"),
  ...TASK_PERMISSIONS.figures,
  extraRead: [scenePath, ...(merge ?? [])],
  extraWrite: [outDir],
});
const READ = scenePath === null ? `.,${FONTS}` : `.,${FONTS},${scenePath}`;
const runHint = (what: string) =>
  `'deno task figures' may ${what}; run instead: deno run --allow-read=${READ} ` +
  `--allow-write=${outDir},./out --allow-env --allow-ffi --allow-sys tools/figures.ts ` +
  `${Deno.args.join(" ")}`;
// First, before any output: the scene (read permission without a prompt, then
// validation; an error names the file and the field).
let scene: SceneSource | undefined;
if (scenePath !== null) {
  const status = await Deno.permissions.query({ name: "read", path: scenePath });
  if (status.state !== "granted") {
    console.error(
      `figures: --scene ${scenePath}: no read permission for this task; ` +
        runHint("read scene files inside the repository only"),
    );
    Deno.exit(1);
  }
  try {
    scene = await loadSceneSource(scenePath);
  } catch (e) {
    console.error(`figures: --scene: ${(e as Error).message}`);
    Deno.exit(1);
  }
}
// Before any work: the output folder (no permission prompt, one line).
const problem = await outputFolderProblem(
  "--out",
  outDir,
  runHint("write under figures/ and out/ only"),
);
if (problem !== null) {
  console.error(`figures: ${problem}`);
  Deno.exit(1);
}
const started = performance.now();
const encoder = new TextEncoder();
let lastLine = "";
function progress(stage: string, done: number, total: number) {
  const pct = Math.floor((100 * done) / total);
  const line = `  ${stage}: ${pct}%`;
  if (line !== lastLine) {
    Deno.stderr.writeSync(encoder.encode(`\r${line.padEnd(60)}`));
    lastLine = line;
  }
  if (done === total) Deno.stderr.writeSync(encoder.encode("\n"));
}

const packageJson = JSON.parse(await Deno.readTextFile(repoPath("package.json")));
const provenance = {
  deno: Deno.version.deno,
  v8: Deno.version.v8,
  workbench: packageJson.version ?? "0.0.0",
  dependencies: packageJson.dependencies,
};

if (merge) {
  console.log(`figures: merging ${merge.join(", ")} -> ${outDir}`);
  try {
    const { written } = await mergeFigureShards(merge, outDir, {
      log: (line) => console.log(line),
      code: await codeVersion(),
      scene,
    });
    console.log(
      `wrote ${written.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (e) {
    if ((e as Error).name !== "ShardMergeError") throw e;
    console.error(`figures --merge: ${(e as Error).message}`);
    Deno.exit(1);
  }
} else if (shard) {
  console.log(
    `figures: preset ${preset}, seed ${seed}, shard ${shard.index}/${shard.count}${
      scene ? `, scene ${scene.scene.name}` : ""
    } -> ${outDir}`,
  );
  const { path, manifest } = await runFigureShard(preset, outDir, shard, {
    seed,
    scene,
    steps,
    provenance,
    log: (line) => console.log(line),
    onProgress: progress,
  });
  await shutdownBackend();
  console.log(
    `wrote ${path} (${manifest.unitKeys.length} units, ${manifest.files.length} rendered files) ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
} else {
  console.log(
    `figures: preset ${preset}, seed ${seed}${
      scene ? `, scene ${scene.scene.name} (${scene.path}, sha256 ${scene.sha256})` : ""
    } -> ${outDir}`,
  );
  const { written } = await runAllFigures(preset, outDir, {
    seed,
    scene,
    steps,
    provenance,
    log: (line) => console.log(line),
    onProgress: progress,
  });
  await shutdownBackend(); // wasm worker threads would keep the process alive
  console.log(
    `wrote ${written.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
