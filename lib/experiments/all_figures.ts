/**
 * Every figure and table of the paper reproduction in one call (what `deno task
 * figures` runs): channel synthesis, mobility, Fig. 3a/3b with seeds and ablations,
 * Fig. 3c, Fig. 4 and the reproduction table. Learned schemes join when the shipped
 * weights load (see `learned_schemes.ts`); otherwise they are skipped with a note.
 *
 * @module
 */
import { joinPath } from "../core/mod.ts";
import { channelStudyConfig, runChannelStudy, saveChannelStudy } from "./channel/mod.ts";
import {
  type DensityStudy,
  densityStudyConfig,
  runDensityStudy,
  saveDensityStudy,
} from "./density/mod.ts";
import { loadLearnedSchemes } from "./learned_schemes.ts";
import { mobilityStudyConfig, runMobilityStudy, saveMobilityStudy } from "./mobility/mod.ts";
import {
  predictionStudyConfig,
  type PredictorSetFactory,
  runPredictionStudy,
  savePredictionStudy,
} from "./prediction/mod.ts";
import type { PresetName } from "./presets.ts";
import type { StageProgress } from "./progress.ts";
import {
  type RecoveryStudy,
  recoveryStudyConfig,
  runRecoveryStudy,
  saveRecoveryStudy,
} from "./recovery/mod.ts";
import { formatReproduction, type ReproductionRow, reproductionRows } from "./reproduction/mod.ts";
import {
  robustnessStudyConfig,
  runRobustnessStudy,
  saveRobustnessStudy,
} from "./robustness/mod.ts";
import { classicalAblationSchemes, type SchemeFactory } from "./scheme_sets.ts";
import { writeTable } from "./tables.ts";
import { runWczfStudy, saveWczfStudy, type WczfStudy, wczfStudyConfig } from "./wczf/mod.ts";

/** Steps of {@link runAllFigures}, in order. */
export const FIGURE_STEPS = [
  "channel",
  "mobility",
  "prediction",
  "wczf",
  "robustness",
  "density",
  "recovery",
] as const;
/** One step name. */
export type FigureStep = typeof FIGURE_STEPS[number];

/** Options of {@link runAllFigures}. */
export interface AllFiguresOptions {
  readonly seed?: number;
  /** Steps to run (default all); the reproduction table uses what ran. */
  readonly steps?: readonly FigureStep[];
  /** Recorded in every output. */
  readonly provenance?: Record<string, unknown>;
  /** Skip loading learned schemes (e.g. tests). */
  readonly learned?: boolean;
  /** Printed lines (stdout in the CLI). */
  readonly log?: (line: string) => void;
  readonly onProgress?: StageProgress;
}

/**
 * Runs the selected steps and writes their figures and tables under `outDir`.
 *
 * @returns written paths and the reproduction rows.
 */
export async function runAllFigures(
  preset: PresetName,
  outDir: string,
  options: AllFiguresOptions = {},
): Promise<{ written: string[]; reproduction: ReproductionRow[] }> {
  const { seed = 1, steps = FIGURE_STEPS, log = () => {}, onProgress } = options;
  if (typeof outDir !== "string" || outDir === "") {
    throw new TypeError(`outDir must be a non-empty string, got ${outDir}`);
  }
  for (const s of steps) {
    if (!FIGURE_STEPS.includes(s)) throw new RangeError(`options.steps: unknown step ${s}`);
  }
  const written: string[] = [];
  const total = steps.length + 1;
  let n = 0;
  let stepStarted = performance.now();
  const head = (text: string) => {
    const now = performance.now();
    if (n > 0) log(`    (${((now - stepStarted) / 1000).toFixed(1)} s)`);
    stepStarted = now;
    log(`[${++n}/${total}] ${text}`);
  };
  const notes: string[] = [];
  let extra: SchemeFactory | undefined;
  let extraPredictors: PredictorSetFactory | undefined;
  let ablations: SchemeFactory = classicalAblationSchemes();
  let learnedNote = "not requested";
  if (options.learned !== false && steps.some((s) => s !== "channel" && s !== "mobility")) {
    const learned = await loadLearnedSchemes(preset);
    if (learned.available) {
      extra = learned.main;
      extraPredictors = learned.predictors;
      const classical = ablations;
      ablations = (episode) => [...classical(episode), ...learned.ablations(episode)];
    } else {
      notes.push(`LSTM-DT and GenAI-DT skipped: ${learned.note}`);
    }
    learnedNote = learned.available ? learned.note : `skipped: ${learned.note}`;
    log(`learned schemes: ${learned.available ? learned.note : `SKIPPED (${learned.note})`}`);
  }
  const provenance = { ...options.provenance, preset, seed, learnedSchemes: learnedNote, notes };
  const results: { wczf?: WczfStudy; density?: DensityStudy; recovery?: RecoveryStudy } = {};
  if (steps.includes("channel")) {
    head("channel synthesis (notebook 01)");
    const study = await runChannelStudy(channelStudyConfig(preset, { seed }), { onProgress });
    written.push(...await saveChannelStudy(study, outDir, { provenance }));
  }
  if (steps.includes("mobility")) {
    head("mobility and dataset (notebook 01b)");
    const study = await runMobilityStudy(mobilityStudyConfig(preset, { seed }), { onProgress });
    written.push(...await saveMobilityStudy(study, outDir, { provenance }));
  }
  if (steps.includes("prediction")) {
    head("channel prediction quality per horizon (SGCS, NMSE, best-of-M, coverage)");
    const study = await runPredictionStudy(predictionStudyConfig(preset, { seed }), {
      extraPredictors,
      notes,
      onProgress,
    });
    written.push(...await savePredictionStudy(study, outDir, { provenance }));
  }
  if (steps.includes("wczf")) {
    head("WC-ZF evaluation, Fig. 3a/3b + ablations (notebook 03)");
    results.wczf = await runWczfStudy(wczfStudyConfig(preset, { seed }), {
      extraSchemes: extra,
      ablations,
      notes,
      onProgress,
    });
    written.push(...await saveWczfStudy(results.wczf, outDir, { provenance }));
  }
  if (steps.includes("robustness")) {
    head("robustness: WC-ZF gains under jitter, reflection order, noisy CSI, oscillator phase");
    const study = await runRobustnessStudy(robustnessStudyConfig(preset, { seed }), {
      extraSchemes: extra,
      notes,
      onProgress,
    });
    written.push(...await saveRobustnessStudy(study, outDir, { provenance }));
  }
  if (steps.includes("density")) {
    head("density sweep, Fig. 3c (notebook 04)");
    results.density = await runDensityStudy(densityStudyConfig(preset, { seed }), {
      extraSchemes: extra,
      onProgress,
    });
    written.push(...await saveDensityStudy(results.density, outDir, { provenance }));
  }
  if (steps.includes("recovery")) {
    head("recovery time, Fig. 4 (notebook 05)");
    results.recovery = await runRecoveryStudy(recoveryStudyConfig(preset, { seed }), {
      extraSchemes: extra,
      onProgress,
    });
    written.push(...await saveRecoveryStudy(results.recovery, outDir, { provenance }));
  }
  head("reproduction table");
  const reproduction = reproductionRows(results);
  written.push(
    ...await writeTable(reproduction, joinPath(outDir, "reproduction"), { provenance }),
  );
  log(formatReproduction(reproduction));
  return { written, reproduction };
}
