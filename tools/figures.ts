/**
 * `deno task figures [--preset ci|cpu|paper] [--out DIR] [--seed N]`: regenerates every
 * figure (SVG + PNG) and table (CSV + JSON) from embedded defaults. Every output
 * records the preset, seed and versions that produced it.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { repoPath, resolvePath } from "../lib/core/mod.ts";
import {
  assertPresetName,
  channelStudyConfig,
  mobilityStudyConfig,
  runChannelStudy,
  runMobilityStudy,
  saveChannelStudy,
  saveMobilityStudy,
} from "../lib/experiments/mod.ts";

const USAGE = "usage: deno task figures [--preset ci|cpu|paper] [--out DIR] [--seed N]";

function parse() {
  try {
    const { values } = parseArgs({
      args: Deno.args,
      options: {
        preset: { type: "string", default: "cpu" },
        out: { type: "string", default: repoPath("figures") },
        seed: { type: "string", default: "1" },
        help: { type: "boolean", default: false },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      Deno.exit(0);
    }
    assertPresetName("--preset", values.preset);
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) {
      throw new RangeError(`--seed must be an integer, got ${values.seed}`);
    }
    return { preset: values.preset, outDir: resolvePath(values.out), seed };
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
}

const { preset, outDir, seed } = parse();
const started = performance.now();
let lastLine = "";
function progress(stage: string, done: number, total: number) {
  const pct = Math.floor((100 * done) / total);
  const line = `  ${stage}: ${pct}%`;
  if (line !== lastLine) {
    Deno.stderr.writeSync(new TextEncoder().encode(`\r${line.padEnd(40)}`));
    lastLine = line;
  }
  if (done === total) Deno.stderr.writeSync(new TextEncoder().encode("\n"));
}

const packageJson = JSON.parse(await Deno.readTextFile(repoPath("package.json")));
const provenance = {
  preset,
  seed,
  deno: Deno.version.deno,
  workbench: packageJson.version ?? "0.0.0",
  dependencies: packageJson.dependencies,
};

console.log(`figures: preset ${preset}, seed ${seed} -> ${outDir}`);
console.log("[1/2] channel synthesis (notebook 01)");
const config = { ...channelStudyConfig(preset), seed };
const study = await runChannelStudy(config, { onProgress: progress });
const written = await saveChannelStudy(study, outDir, { provenance });
console.log("[2/2] mobility and dataset (notebook 01b)");
const mobility = await runMobilityStudy(
  { ...mobilityStudyConfig(preset), seed },
  { onProgress: progress },
);
written.push(...await saveMobilityStudy(mobility, outDir, { provenance }));
console.log(
  `wrote ${written.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
