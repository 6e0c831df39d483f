/**
 * Every figure and table of the paper reproduction in one call (what `deno task
 * figures` runs): channel synthesis, mobility, Fig. 3a/3b with seeds and ablations,
 * Fig. 3c, Fig. 4, the second system's power study (UAV case study, its own reproduction
 * rows in `power_reproduction`) and the reproduction table. Learned schemes join when the shipped
 * weights load (see `learned_schemes.ts`); otherwise they are skipped with a note.
 *
 * @module
 */
import { joinPath, repoPath } from "../core/mod.ts";
import { loadSceneSource, type SceneSource } from "../scene/mod.ts";
import { sceneProvenance, studySceneFields } from "./scene_source.ts";
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
import { powerStudyConfig, runPowerStudy, savePowerStudy } from "./power/mod.ts";
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
  type RobustnessStudyConfig,
  robustnessStudyConfig,
  runRobustnessStudy,
  saveRobustnessStudy,
} from "./robustness/mod.ts";
import { classicalAblationSchemes, type SchemeFactory } from "./scheme_sets.ts";
import { SCHEME_IDS } from "./schemes.ts";
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
  "power",
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
  /**
   * Robustness conditions to run (names of `ROBUSTNESS_CONDITIONS`; default all), e.g.
   * to keep a test short; recorded in the robustness study's config.
   */
  readonly robustnessConditions?: readonly string[];
  /**
   * The scene every study runs on (default `data/scenes/office.json`); its name and
   * SHA-256 go into every output's provenance (`scene`, `sceneSha256`).
   */
  readonly scene?: SceneSource;
}

/** The study configs of one run of every step (a pure function of preset and seed). */
export function figureConfigs(
  preset: PresetName,
  seed: number,
  options: { robustnessConditions?: readonly string[]; scene?: SceneSource } = {},
) {
  const scene = studySceneFields(options.scene);
  return {
    channel: { ...channelStudyConfig(preset, { seed }), ...scene },
    mobility: { ...mobilityStudyConfig(preset, { seed }), ...scene },
    prediction: { ...predictionStudyConfig(preset, { seed }), ...scene },
    wczf: { ...wczfStudyConfig(preset, { seed }), ...scene },
    robustness: withRobustnessScene(
      robustnessStudyConfig(preset, { seed, conditions: options.robustnessConditions }),
      scene,
    ),
    density: { ...densityStudyConfig(preset, { seed }), ...scene },
    recovery: { ...recoveryStudyConfig(preset, { seed }), ...scene },
    // The second system's UAV case study: its own outdoor scenario, not the scene file.
    power: powerStudyConfig(preset, { seed }),
  };
}
function withRobustnessScene(
  config: RobustnessStudyConfig,
  scene: ReturnType<typeof studySceneFields>,
): RobustnessStudyConfig {
  return { ...config, evaluation: { ...config.evaluation, ...scene } };
}

/** Result of {@link figureConfigs}. */
export type FigureConfigs = ReturnType<typeof figureConfigs>;

/** The schemes and notes that every step of a run shares (learned schemes when they load). */
export interface FigureSchemes {
  readonly extra?: SchemeFactory;
  readonly extraPredictors?: PredictorSetFactory;
  readonly ablations: SchemeFactory;
  /** Recorded in every output (`provenance.learnedSchemes`). */
  readonly learnedNote: string;
  /** Recorded in every output (`provenance.notes`) and in the studies' notes. */
  readonly notes: string[];
  /** The learned models were trained on another scene (also in `notes`). */
  readonly sceneNote?: string;
}

/**
 * Loads the learned schemes when `steps` need them and `learned` is not false (as
 * {@link runAllFigures} does), else the classical ones with a note saying why.
 */
export async function figureSchemes(
  preset: PresetName,
  steps: readonly FigureStep[],
  options: { learned?: boolean; log?: (line: string) => void; scene?: SceneSource } = {},
): Promise<FigureSchemes> {
  const { log = () => {} } = options;
  const notes: string[] = [];
  let extra: SchemeFactory | undefined;
  let extraPredictors: PredictorSetFactory | undefined;
  let ablations: SchemeFactory = classicalAblationSchemes();
  let learnedNote = "not requested";
  let sceneNote: string | undefined;
  if (
    options.learned !== false &&
    steps.some((s) => s !== "channel" && s !== "mobility" && s !== "power")
  ) {
    const learned = await loadLearnedSchemes(preset, { scene: options.scene });
    sceneNote = learned.sceneNote;
    if (sceneNote !== undefined) notes.push(`LSTM-DT and GenAI-DT: ${sceneNote}`);
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
  return {
    extra,
    extraPredictors,
    ablations,
    learnedNote,
    notes,
    ...(sceneNote ? { sceneNote } : {}),
  };
}

/** The provenance every output of a run records. */
export function figureProvenance(
  preset: PresetName,
  seed: number,
  schemes: FigureSchemes,
  base: Record<string, unknown> = {},
  scene?: SceneSource,
): Record<string, unknown> {
  return {
    ...base,
    preset,
    seed,
    ...(scene ? sceneProvenance(scene) : {}),
    learnedSchemes: schemes.learnedNote,
    notes: schemes.notes,
  };
}

/** The default scene of a figures run, `data/scenes/office.json`, with its SHA-256. */
export async function defaultFigureScene(): Promise<SceneSource> {
  return await loadSceneSource(repoPath("data", "scenes", "office.json"));
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
  const configs = figureConfigs(preset, seed, options);
  const scene = options.scene ?? await defaultFigureScene();
  const schemes = await figureSchemes(preset, steps, { learned: options.learned, log, scene });
  const { extra, extraPredictors, ablations, notes } = schemes;
  const provenance = figureProvenance(preset, seed, schemes, options.provenance, scene);
  const results: { wczf?: WczfStudy; density?: DensityStudy; recovery?: RecoveryStudy } = {};
  if (steps.includes("channel")) {
    head("channel synthesis (notebook 01)");
    const study = await runChannelStudy(configs.channel, { onProgress });
    written.push(...await saveChannelStudy(study, outDir, { provenance }));
  }
  if (steps.includes("mobility")) {
    head("mobility and dataset (notebook 01b)");
    const study = await runMobilityStudy(configs.mobility, { onProgress });
    written.push(...await saveMobilityStudy(study, outDir, { provenance }));
  }
  if (steps.includes("prediction")) {
    head("channel prediction quality per horizon (SGCS, NMSE, best-of-M, coverage)");
    const study = await runPredictionStudy(configs.prediction, {
      extraPredictors,
      notes,
      onProgress,
    });
    written.push(...await savePredictionStudy(study, outDir, { provenance }));
  }
  if (steps.includes("wczf")) {
    head("WC-ZF evaluation, Fig. 3a/3b + ablations (notebook 03)");
    results.wczf = await runWczfStudy(configs.wczf, {
      extraSchemes: extra,
      ablations,
      notes,
      onProgress,
    });
    written.push(...await saveWczfStudy(results.wczf, outDir, { provenance }));
  }
  if (steps.includes("robustness")) {
    head("robustness: WC-ZF gains under jitter, reflection order, noisy CSI, oscillator phase");
    const study = await runRobustnessStudy(configs.robustness, {
      extraSchemes: extra,
      notes,
      onProgress,
    });
    written.push(...await saveRobustnessStudy(study, outDir, { provenance }));
  }
  if (steps.includes("density")) {
    head("density sweep, Fig. 3c (notebook 04)");
    results.density = await runDensityStudy(configs.density, {
      extraSchemes: extra,
      onProgress,
    });
    written.push(...await saveDensityStudy(results.density, outDir, { provenance }));
  }
  if (steps.includes("recovery")) {
    head("recovery time, Fig. 4 (notebook 05)");
    results.recovery = await runRecoveryStudy(configs.recovery, {
      extraSchemes: extra,
      onProgress,
    });
    written.push(...await saveRecoveryStudy(results.recovery, outDir, { provenance }));
  }
  if (steps.includes("power")) {
    head(
      "energy-aware power control, UAV NTN case study, Fig. 3c/3d of the second paper (notebook 06)",
    );
    const study = await runPowerStudy(configs.power, { onProgress });
    written.push(...await savePowerStudy(study, outDir, { provenance }));
    log(
      `power: ${study.targets.map((t) => `${t.met ? "MET" : "NOT MET"}: ${t.detail}`).join(" | ")}`,
    );
  }
  head("reproduction table");
  const reproduction = withSceneNote(reproductionRows(results), schemes.sceneNote);
  written.push(
    ...await writeTable(reproduction, joinPath(outDir, "reproduction"), { provenance }),
  );
  log(formatReproduction(reproduction));
  return { written, reproduction };
}

/**
 * The reproduction rows with `sceneNote` (learned models trained on another scene)
 * put before the reason of every learned scheme's row (LSTM-DT, GenAI-DT and their
 * variants); the rows unchanged when there is no note.
 */
export function withSceneNote(
  rows: ReproductionRow[],
  sceneNote: string | undefined,
): ReproductionRow[] {
  if (sceneNote === undefined) return rows;
  const learned = [SCHEME_IDS.lstmDt, SCHEME_IDS.genaiDt];
  return rows.map((r) =>
    learned.some((id) => r.scheme === id || r.scheme.startsWith(`${id} `))
      ? { ...r, reason: r.reason ? `${sceneNote}; ${r.reason}` : sceneNote }
      : r
  );
}
