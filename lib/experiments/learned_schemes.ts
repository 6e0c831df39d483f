/**
 * Learned schemes (LSTM-DT, GenAI-DT) for the experiments, from the shipped weights
 * (`loadShippedPredictors`), or an explicit "unavailable" with the reason, so callers
 * skip those schemes (they are never replaced by stand-ins).
 *
 * Every predictor is made fresh per episode; GenAI-DT's latents come from the episode
 * seed and the scheme id, so a scheme's samples do not depend on which other schemes or
 * steps ran before it in the process.
 *
 * @module
 */
import { createRng, PAPER_HORIZON_SLOTS, PAPER_TRAJECTORY_COUNT, repoPath } from "../core/mod.ts";
import { loadSceneSource, type SceneSource } from "../scene/mod.ts";
import { HEADLINE_HORIZON_SLOTS, type SchemeFactory } from "./scheme_sets.ts";
import type { Episode } from "../mobility/mod.ts";
import { loadShippedPredictors, type PredictorFactory } from "../models/mod.ts";
import { setupBackend } from "../models/backend/mod.ts";
import {
  type ChannelPredictor,
  predictiveWczfScheme,
  type Scheme,
  type TwinHistory,
} from "../twin/mod.ts";
import type { PresetName } from "./presets.ts";
import { SCHEME_IDS, variantId } from "./schemes.ts";

/** What {@link loadLearnedSchemes} found. */
export interface LearnedSchemes {
  readonly available: boolean;
  /** Why not, or what was loaded. */
  readonly note: string;
  /** LSTM-DT (WC-ZF, M = 1) and GenAI-DT (WC-ZF, M trajectories); empty when unavailable. */
  readonly main: SchemeFactory;
  /** GenAI-DT with M = 1 and 5, and with the rare-event flag hidden; empty when unavailable. */
  readonly ablations: SchemeFactory;
  /**
   * The learned predictors themselves, named by their registry ids (`lstm-dt`,
   * `genai-dt` with M trajectories), for the predictor metrics; empty when unavailable.
   */
  readonly predictors: (episode: Episode) => ChannelPredictor[];
  /**
   * Set when the weights were trained on another scene than the run's (see
   * {@link modelSceneNote}); also part of `note`.
   */
  readonly sceneNote?: string;
}

/**
 * A warning when a model trained on one scene is used on another, else null. The
 * model's scene is its manifest's `sceneSha256`; a manifest without it was trained on
 * `data/scenes/<scene>.json`, the office when `scene` is absent too (the current
 * shipped weights), whose SHA-256 is `officeSha256`.
 *
 * @param model the shipped manifest's `scene` and `sceneSha256`.
 * @param run the run's scene (`loadSceneSource`).
 * @param officeSha256 SHA-256 of `data/scenes/office.json`.
 *
 * @example
 * ```ts
 * import { modelSceneNote } from "./learned_schemes.ts";
 * const office = "0".repeat(64);
 * const lab = { scene: { name: "lab" }, sha256: "1".repeat(64) };
 * if (modelSceneNote({}, lab, office) === null) throw new Error("office weights on a lab");
 * if (modelSceneNote({}, { scene: { name: "office" }, sha256: office }, office) !== null) {
 *   throw new Error("same scene");
 * }
 * ```
 */
export function modelSceneNote(
  model: { readonly scene?: string; readonly sceneSha256?: string },
  run: { readonly scene: { readonly name: string }; readonly sha256: string },
  officeSha256: string,
): string | null {
  const trainedName = model.scene ?? "office";
  const trainedSha = model.sceneSha256 ?? (trainedName === "office" ? officeSha256 : undefined);
  const same = trainedSha === undefined
    ? trainedName === run.scene.name
    : trainedSha === run.sha256;
  if (same) return null;
  const short = (h: string | undefined) => (h === undefined ? "" : ` (sha256 ${h.slice(0, 12)})`);
  return `learned models trained on scene ${trainedName}${
    short(trainedSha)
  }, used on scene ${run.scene.name}${
    short(run.sha256)
  }: expect worse predictions than on their own scene`;
}

const NONE: SchemeFactory = () => [];

/** A predictor that sees the rare-event flag as always 0 (the "flag off" ablation). */
export function withoutRareEventFlag(predictor: ChannelPredictor): ChannelPredictor {
  return {
    name: `${predictor.name}-noflag`,
    trajectories: predictor.trajectories,
    predict(history: TwinHistory, horizon: number) {
      const hidden: TwinHistory = {
        syncSlot: history.syncSlot,
        apCount: history.apCount,
        ueCount: history.ueCount,
        antennaCount: history.antennaCount,
        channels: (slot) => history.channels(slot),
        rareEvent: () => 0,
      };
      return predictor.predict(hidden, horizon);
    },
  };
}

/**
 * Loads the learned schemes of a preset if lib/models and the shipped weights allow.
 *
 * @param preset weights preset (`data/models/<preset>`).
 * @param options `horizon` T and `trajectories` M of GenAI-DT (default the paper's T = 5
 *   and M = 20); `scene`, the run's scene: when the weights were trained on another,
 *   `sceneNote` says so.
 */
export async function loadLearnedSchemes(
  preset: PresetName,
  options: { horizon?: number; trajectories?: number; scene?: SceneSource } = {},
): Promise<LearnedSchemes> {
  const { horizon = HEADLINE_HORIZON_SLOTS, trajectories = PAPER_TRAJECTORY_COUNT } = options;
  const unavailable = (note: string): LearnedSchemes => ({
    available: false,
    note,
    main: NONE,
    ablations: NONE,
    predictors: () => [],
  });
  // The head's transposed convolutions run ~10x faster on wasm (SIMD, threads) than on
  // tfjs's pure-JS `cpu` backend, which is what tfjs falls back to when nothing is set.
  let backendNote = "";
  try {
    const info = await setupBackend();
    backendNote = ` on tfjs ${info.backend} (${info.threads} thread(s))${
      info.note ? `; ${info.note}` : ""
    }`;
  } catch (e) {
    backendNote = ` (backend setup failed: ${(e as Error).message})`;
  }
  let lstm: PredictorFactory, cgan: PredictorFactory;
  let sceneNote: string | null = null;
  try {
    let manifest;
    ({ lstm, cgan, manifest } = await loadShippedPredictors(preset));
    if (options.scene !== undefined) {
      const office = await loadSceneSource(repoPath("data", "scenes", "office.json"));
      sceneNote = modelSceneNote(manifest, options.scene, office.sha256);
    }
  } catch (e) {
    return unavailable(
      `shipped weights for preset ${preset} not loadable: ${(e as Error).message}`,
    );
  }
  // Latents per (episode, scheme): a scheme's samples do not depend on which other
  // schemes or steps ran before it in the process.
  const latents = (episode: Episode, name: string) =>
    createRng(episode.seed).stream(`cgan-latents:${name}`);
  const genai = (m: number, name: string, h = horizon) => (episode: Episode): Scheme =>
    predictiveWczfScheme(cgan({ trajectories: m, rng: latents(episode, name) }), {
      horizon: h,
      name,
    });
  const genaiVariant = (variant: string) => variantId(SCHEME_IDS.genaiDt, variant);
  const flagOff = genaiVariant("flag off");
  const main: SchemeFactory = (episode) => [
    predictiveWczfScheme(lstm({ trajectories: 1 }), { horizon, name: SCHEME_IDS.lstmDt }),
    genai(trajectories, SCHEME_IDS.genaiDt)(episode),
  ];
  const ablations: SchemeFactory = (episode) => [
    genai(1, genaiVariant("M=1"))(episode),
    genai(5, genaiVariant("M=5"))(episode),
    predictiveWczfScheme(
      withoutRareEventFlag(cgan({ trajectories, rng: latents(episode, flagOff) })),
      { horizon, name: flagOff },
    ),
    genai(trajectories, genaiVariant(`T=${PAPER_HORIZON_SLOTS}`), PAPER_HORIZON_SLOTS)(episode),
    predictiveWczfScheme(lstm({ trajectories: 1 }), {
      horizon: PAPER_HORIZON_SLOTS,
      name: variantId(SCHEME_IDS.lstmDt, `T=${PAPER_HORIZON_SLOTS}`),
    }),
  ];
  const named = (p: ChannelPredictor, name: string): ChannelPredictor => ({
    name,
    trajectories: p.trajectories,
    predict: (history, h) => p.predict(history, h),
  });
  return {
    available: true,
    note: `shipped ${preset} weights loaded${backendNote}${
      sceneNote ? `; WARNING: ${sceneNote}` : ""
    }`,
    ...(sceneNote ? { sceneNote } : {}),
    main,
    ablations,
    predictors: (episode) => [
      named(lstm({ trajectories: 1 }), SCHEME_IDS.lstmDt),
      named(
        cgan({ trajectories, rng: latents(episode, `predictor:${SCHEME_IDS.genaiDt}`) }),
        SCHEME_IDS.genaiDt,
      ),
    ],
  };
}
