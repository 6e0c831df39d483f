/**
 * `deno task figures [--preset ci|cpu|paper] [--out DIR] [--seed N] [--steps a,b]`:
 * regenerates every
 * figure (SVG + PNG) and table (CSV through danfojs + JSON) of the reproduction: channel
 * synthesis, mobility, Fig. 3a/3b (with seeds and ablations), Fig. 3c, Fig. 4 and the
 * reproduction table (also printed). Progress goes to stderr. Every output records the
 * preset, seeds and versions that produced it. The output folder is checked (permission,
 * then a probe write) before any work; a failure is one line on stderr, exit 1.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { repoPath, resolvePath } from "../lib/core/mod.ts";
import { outputFolderProblem, parseSeed } from "./cli.ts";
import { shutdownBackend } from "../lib/models/backend/mod.ts";
import {
  assertPresetName,
  FIGURE_STEPS,
  type FigureStep,
  runAllFigures,
} from "../lib/experiments/mod.ts";

const USAGE = "usage: deno task figures [--preset ci|cpu|paper] [--out DIR] [--seed N] " +
  `[--steps ${FIGURE_STEPS.join(",")}]`;

function parse() {
  try {
    const { values } = parseArgs({
      args: Deno.args,
      options: {
        preset: { type: "string", default: "cpu" },
        out: { type: "string", default: repoPath("figures") },
        seed: { type: "string", default: "1" },
        steps: { type: "string", default: FIGURE_STEPS.join(",") },
        help: { type: "boolean", default: false },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      Deno.exit(0);
    }
    assertPresetName("--preset", values.preset);
    const seed = parseSeed(values.seed);
    const steps = values.steps.split(",").map((s) => s.trim()).filter((s) => s !== "");
    for (const step of steps) {
      if (!(FIGURE_STEPS as readonly string[]).includes(step)) {
        throw new RangeError(`--steps: unknown step "${step}"`);
      }
    }
    return {
      preset: values.preset,
      outDir: resolvePath(values.out),
      seed,
      steps: steps as FigureStep[],
    };
  } catch (e) {
    console.error(`figures: ${(e as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
}

const { preset, outDir, seed, steps } = parse();
// Before any work: the output folder (no permission prompt, one line).
const problem = await outputFolderProblem(
  "--out",
  outDir,
  "'deno task figures' may write under figures/ and out/ only; for another folder run: " +
    `deno run --allow-read --allow-write=${outDir},./out --allow-env --allow-ffi --allow-sys tools/figures.ts --out ${outDir}`,
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

console.log(`figures: preset ${preset}, seed ${seed} -> ${outDir}`);
const { written } = await runAllFigures(preset, outDir, {
  seed,
  steps,
  provenance,
  log: (line) => console.log(line),
  onProgress: progress,
});
await shutdownBackend(); // wasm worker threads would keep the process alive
console.log(
  `wrote ${written.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
