/**
 * Learned schemes (LSTM-DT, GenAI-DT) for the experiments, from the shipped weights,
 * when lib/models provides them; otherwise an explicit "unavailable" with the reason,
 * so callers skip those schemes (they are never replaced by stand-ins).
 *
 * Contract expected from lib/models (checked at run time):
 * `loadShippedPredictors(preset)` resolves to an object with `lstm` and `cgan`, each a
 * `ChannelPredictor` or a function `(options: { trajectories?: number; rng?: Rng }) =>
 * ChannelPredictor` (a fresh predictor per episode; `rng` seeds its latents, drawn here
 * from the episode seed and the scheme name). The GenAI ablations over `M` need
 * the function form.
 *
 * @module
 */
import { createRng, type Rng } from "../core/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import {
  type ChannelPredictor,
  predictiveWczfScheme,
  type Scheme,
  type TwinHistory,
} from "../twin/mod.ts";
import type { PresetName } from "./presets.ts";
import type { SchemeFactory } from "./wczf_evaluation.ts";

/** Builds a predictor for one episode. */
export type PredictorFactory = (episode: Episode) => ChannelPredictor;

/** What {@link loadLearnedSchemes} found. */
export interface LearnedSchemes {
  readonly available: boolean;
  /** Why not, or what was loaded. */
  readonly note: string;
  /** LSTM-DT (WC-ZF, M = 1) and GenAI-DT (WC-ZF, M = 20); empty when unavailable. */
  readonly main: SchemeFactory;
  /** GenAI-DT with M = 1 and 5, and with the rare-event flag hidden; empty when unavailable. */
  readonly ablations: SchemeFactory;
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

/** Options a shipped predictor factory accepts. */
type FactoryOptions = { trajectories?: number; rng?: Rng };

function asFactory(value: unknown): ((o: FactoryOptions) => ChannelPredictor) | null {
  if (typeof value === "function") {
    return value as (o: FactoryOptions) => ChannelPredictor;
  }
  if (value && typeof (value as ChannelPredictor).predict === "function") {
    return () => value as ChannelPredictor;
  }
  return null;
}

/**
 * Loads the learned schemes of a preset if lib/models and the shipped weights allow.
 *
 * @param preset weights preset (`data/models/<preset>`).
 * @param options `horizon` T (default 5), `trajectories` M of GenAI-DT (default 20).
 */
export async function loadLearnedSchemes(
  preset: PresetName,
  options: { horizon?: number; trajectories?: number } = {},
): Promise<LearnedSchemes> {
  const { horizon = 5, trajectories = 20 } = options;
  const unavailable = (note: string): LearnedSchemes => ({
    available: false,
    note,
    main: NONE,
    ablations: NONE,
  });
  let mod: Record<string, unknown>;
  try {
    mod = await import("../models/mod.ts") as Record<string, unknown>;
  } catch (e) {
    return unavailable(`lib/models failed to load: ${(e as Error).message}`);
  }
  // The head's transposed convolutions run ~10x faster on wasm (SIMD, threads) than on
  // tfjs's pure-JS `cpu` backend, which is what tfjs falls back to when nothing is set.
  let backendNote = "";
  try {
    const backend = await import("../models/backend/mod.ts");
    const info = await backend.setupBackend() as {
      backend: string;
      threads: number;
      note?: string;
    };
    backendNote = ` on tfjs ${info.backend} (${info.threads} thread(s))${
      info.note ? `; ${info.note}` : ""
    }`;
  } catch (e) {
    backendNote = ` (backend setup failed: ${(e as Error).message})`;
  }
  const load = mod.loadShippedPredictors;
  if (typeof load !== "function") {
    return unavailable("lib/models does not export loadShippedPredictors (yet)");
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = await load(preset) as Record<string, unknown>;
  } catch (e) {
    return unavailable(
      `shipped weights for preset ${preset} not loadable: ${(e as Error).message}`,
    );
  }
  const lstm = asFactory(loaded?.lstm);
  const cgan = asFactory(loaded?.cgan);
  if (!lstm || !cgan) return unavailable("loadShippedPredictors returned no lstm/cgan predictor");
  // Latents per (episode, scheme): a scheme's samples do not depend on which other
  // schemes or steps ran before it in the process.
  const latents = (episode: Episode, name: string) =>
    createRng(episode.seed).stream(`cgan-latents:${name}`);
  const genai = (m: number, name: string, h = horizon) => (episode: Episode): Scheme =>
    predictiveWczfScheme(cgan({ trajectories: m, rng: latents(episode, name) }), {
      horizon: h,
      name,
    });
  const main: SchemeFactory = (episode) => [
    predictiveWczfScheme(lstm({ trajectories: 1 }), { horizon, name: "lstm-dt" }),
    genai(trajectories, "genai-dt")(episode),
  ];
  const ablations: SchemeFactory = (episode) => [
    genai(1, "genai-dt M=1")(episode),
    genai(5, "genai-dt M=5")(episode),
    predictiveWczfScheme(
      withoutRareEventFlag(
        cgan({ trajectories, rng: latents(episode, "genai-dt flag off") }),
      ),
      { horizon, name: `genai-dt flag off` },
    ),
    genai(trajectories, "genai-dt T=1", 1)(episode),
  ];
  return {
    available: true,
    note: `shipped ${preset} weights loaded${backendNote}`,
    main,
    ablations,
  };
}
