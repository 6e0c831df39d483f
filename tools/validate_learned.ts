/**
 * Scores the shipped learned schemes on the validation episodes of the linear settings
 * (`deriveSeeds(seed, 5, { offset: LINEAR_TUNING_SEED_OFFSET })`, the cpu WC-ZF geometry,
 * T = 1), next to the baseline, linear prediction and its residual scenarios: the
 * rare-event median SINR gain over the baseline per seed and its median. This is how the
 * shipped cpu weights were chosen among training runs (docs/model.md, "Generative
 * module"); no study evaluates these seeds.
 *
 *     deno task validate-learned [--seed 1]
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  defaultSchemes,
  deriveSeeds,
  LINEAR_TUNING_SEED_OFFSET,
  loadLearnedSchemes,
  runWczfEvaluation,
  SCHEME_IDS,
  wczfStudyConfig,
} from "../lib/experiments/mod.ts";
import { percentile } from "../lib/metrics/mod.ts";
import { shutdownBackend } from "../lib/models/backend/mod.ts";
import { parseSeed } from "./cli.ts";

const { values } = parseArgs({ args: Deno.args, options: { seed: { type: "string" } } });
const seed = parseSeed(values.seed ?? "1");
const base = wczfStudyConfig("cpu", { seed });
const seeds = deriveSeeds(seed, 5, { offset: LINEAR_TUNING_SEED_OFFSET });
const learned = await loadLearnedSchemes("cpu");
if (!learned.available) {
  console.error(`validate-learned: ${learned.note}`);
  Deno.exit(1);
}
const keep: string[] = [
  SCHEME_IDS.baseline,
  SCHEME_IDS.linearPrediction,
  SCHEME_IDS.linearScenarios,
];
const perSeed = new Map<string, number[]>();
for (const s of seeds) {
  const ev = await runWczfEvaluation({ ...base, episodeSeeds: [s] }, {
    schemes: (episode) => [
      ...defaultSchemes()(episode).filter((x) => keep.includes(x.name)),
      ...learned.main(episode),
    ],
  });
  for (const r of ev.summary) {
    perSeed.set(r.scheme, [...(perSeed.get(r.scheme) ?? []), r.rareMedianGainOverBaselineDb]);
  }
  console.error(`seed ${s} done`);
}
const fmt = (x: number) => (x >= 0 ? "+" : "") + x.toFixed(2);
console.log(`${learned.note}\nValidation seeds ${seeds.join(", ")}:\n`);
console.log("| scheme | median gain (dB) | per seed |\n|---|---|---|");
for (const [scheme, gains] of perSeed) {
  console.log(`| ${scheme} | ${fmt(percentile(gains, 0.5))} | ${gains.map(fmt).join(" ")} |`);
}
await shutdownBackend();
