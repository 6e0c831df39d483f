/**
 * Writes the prediction study: the figure (SVG + PNG), the pooled table
 * (`prediction.csv` / `.json` / `.md`) and the per-seed table (`prediction_seeds`).
 *
 * @module
 */
import { dirnamePath, joinPath } from "../../core/mod.ts";
import { saveFigures, writeTable } from "../tables.ts";
import { predictionMarkdown, predictionStudyFigures } from "./figures.ts";
import type { PredictionStudy } from "./run.ts";

/**
 * Writes every figure (SVG + PNG) and table (CSV + JSON, and the pooled table as
 * Markdown) of the study under `outDir`. Every output is a pure function of the config
 * and the predictors (no timings).
 *
 * @param result from `runPredictionStudy`.
 * @param outDir output folder (created).
 * @param options `provenance`: preset, seed, versions... recorded in every output.
 * @returns the written paths.
 */
export async function savePredictionStudy(
  result: PredictionStudy,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  if (typeof outDir !== "string" || outDir === "") {
    throw new TypeError(`outDir must be a non-empty string, got ${outDir}`);
  }
  const written: string[] = [];
  const provenance = {
    ...options.provenance,
    config: result.config,
    predictors: result.predictors,
    notes: result.notes,
  };
  written.push(
    ...await saveFigures(predictionStudyFigures(result), outDir, { metadata: provenance }),
  );
  written.push(
    ...await writeTable(result.rows, joinPath(outDir, "prediction"), { provenance }),
    ...await writeTable(result.seedRows, joinPath(outDir, "prediction_seeds"), { provenance }),
  );
  const md = joinPath(outDir, "prediction.md");
  await Deno.mkdir(dirnamePath(md), { recursive: true });
  await Deno.writeTextFile(md, predictionMarkdown(result));
  written.push(md);
  return written;
}
