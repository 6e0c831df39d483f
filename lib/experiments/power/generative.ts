/**
 * The generative predictor of the power study's cGAN schemes: the repository's trained
 * GenAI-DT generator (conditional WGAN-GP, `data/models/<weights>/`) where shipped
 * weights exist, else the residual-scenario stand-in of lib/ntn, with a note saying
 * which and why.
 *
 * The generator was trained on the indoor office dataset (73 GHz, its own slot length
 * and users); on the 26 GHz UAV channel it runs **zero-shot**: no UAV training set
 * exists. It works per (UE, AP) row, anchored on the twin's linear forecast, through the
 * twin's one predictor interface (`ChannelPredictor`), so the UAV bursts (one AP, K
 * rows, 64 antennas, the same Nt as the office AP) fit it as they are.
 *
 * lib/ntn does not import lib/models (README "Layout"): this module loads the weights
 * and hands `runPowerMission` a factory (`PowerMissionOptions.generative`), called fresh
 * per mission with a stream of the mission's seed.
 *
 * @example
 * ```ts ignore
 * const setup = await loadPowerGenerative(powerStudyConfig("cpu"));
 * console.log(setup.note); // "GenAI-DT generator trained on the office (cpu weights) ..."
 * const mission = await runPowerMission(config.run, seed, setup.mission);
 * ```
 *
 * @module
 */
import { type PowerMissionOptions, STAND_IN_GENERATIVE_NOTE } from "../../ntn/mod.ts";
import { hasShippedModels, loadShippedPredictors, type ShippedManifest } from "../../models/mod.ts";
import type { PredictorFactory } from "../../models/mod.ts";
import { currentBackend, setupBackend } from "../../models/backend/mod.ts";
import type { PresetName } from "../presets.ts";
import type { PowerStudyConfig } from "./config.ts";

/** What {@link loadPowerGenerative} found. */
export interface PowerGenerativeSetup {
  /** True when the trained generator runs the cGAN schemes. */
  readonly available: boolean;
  /** Which generator the cGAN schemes use, or why the stand-in (for notes and provenance). */
  readonly note: string;
  /** Options for `runPowerMission` (empty but for the note when unavailable). */
  readonly mission: PowerMissionOptions;
}

/** Name of the trained generator in the study's labels. */
export function trainedGeneratorName(manifest: Pick<ShippedManifest, "scene">): string {
  return `GenAI-DT, ${manifest.scene ?? "office"}-trained, zero-shot`;
}

const loaded = new Map<
  PresetName,
  Promise<{ cgan: PredictorFactory; manifest: ShippedManifest }>
>();

/** Loads a preset's shipped predictors once per process. */
function loadOnce(weights: PresetName) {
  let p = loaded.get(weights);
  if (p === undefined) {
    p = (async () => {
      // For building and loading the model only (a backend the caller set up is kept):
      // the sampler runs its own WebAssembly SIMD kernels (lib/models/sampler.ts).
      if (currentBackend() === undefined) await setupBackend().catch(() => undefined);
      const { cgan, manifest } = await loadShippedPredictors(weights);
      return { cgan, manifest };
    })();
    loaded.set(weights, p);
    p.catch(() => loaded.delete(weights));
  }
  return p;
}

/**
 * The generative predictor for a study: the shipped generator of
 * `config.generator.weights` with `config.generator.trajectories` trajectories when the
 * weights load, else the stand-in (`available: false`, the reason in `note`).
 *
 * @param config the study config (`generator` absent: the stand-in, "not requested").
 */
export async function loadPowerGenerative(
  config: Pick<PowerStudyConfig, "generator" | "run">,
): Promise<PowerGenerativeSetup> {
  const g = config.generator;
  const standIn = (why: string): PowerGenerativeSetup => {
    const note = `${why}: ${STAND_IN_GENERATIVE_NOTE}`;
    return { available: false, note, mission: { generativeNote: note } };
  };
  if (g === undefined) return standIn("no trained generator requested (config.generator absent)");
  if (!(await hasShippedModels(g.weights))) {
    return standIn(`no shipped weights for preset ${g.weights} (data/models/${g.weights})`);
  }
  let cgan: PredictorFactory, manifest: ShippedManifest;
  try {
    ({ cgan, manifest } = await loadOnce(g.weights));
  } catch (e) {
    return standIn(`shipped weights for preset ${g.weights} not loadable: ${(e as Error).message}`);
  }
  const scene = manifest.scene ?? "office";
  const ghz = config.run.scenario.carrierHz / 1e9;
  const note = `GenAI-DT generator trained on the ${scene} (${g.weights} weights, dataset ` +
    `${manifest.datasetDir}), applied zero-shot to the ${ghz} GHz UAV channel (no UAV training ` +
    `set); M = ${g.trajectories} trajectories per prediction, latents from each mission's ` +
    `seed`;
  return {
    available: true,
    note,
    mission: {
      generative: (rng) => cgan({ trajectories: g.trajectories, rng }),
      generativeName: trainedGeneratorName(manifest),
      generativeNote: note,
    },
  };
}
