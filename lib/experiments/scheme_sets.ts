/**
 * The sets of schemes the studies run, built per episode from the registry's ids: the
 * schemes that need no training (WC-ZF evaluation, recovery), the density sweep's set,
 * and the ablation variants. Learned schemes join from `learned_schemes.ts`.
 *
 * Horizon: the twin re-plans every slot, so the headline schemes use `T = 1` (the
 * studies' `horizon`); the paper's `T = 5` runs as the `"T=5"` variant of every
 * predictive scheme in the ablations.
 *
 * @module
 */
import { createRng, PAPER_HORIZON_SLOTS } from "../core/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import {
  createArPredictor,
  createHoldPredictor,
  createLinearPredictor,
  createOraclePredictor,
  createResidualScenarioPredictor,
  createTrueNextScenarioPredictor,
  genieZfScheme,
  LINEAR_PREDICTION_DEFAULTS,
  type LinearPredictorOptions,
  predictiveWczfScheme,
  randomBeamsScheme,
  reactiveZfScheme,
  type ResidualScenarioOptions,
  type Scheme,
} from "../twin/mod.ts";
import { SCHEME_IDS, variantId } from "./schemes.ts";

/**
 * WC-ZF horizon `T` of every study's headline schemes, slots. The twin re-plans every
 * 10 ms slot and only the next slot's beams are ever applied, so a minimax over `T = 5`
 * future slots (the paper's setting, run as the `"T=5"` variants) gives up 4-6 dB to
 * protect slots it will re-plan anyway.
 */
export const HEADLINE_HORIZON_SLOTS = 1;

/** Builds the schemes for one episode (predictors that read the episode, e.g. the oracle). */
export type SchemeFactory = (episode: Episode) => Scheme[];

/** The scheme under the registry's id (the twin's constructors have their own names). */
function withId(scheme: Scheme, id: string): Scheme {
  return scheme.name === id ? scheme : { name: id, decide: (history) => scheme.decide(history) };
}

/**
 * Settings of the linear-prediction schemes: `LINEAR_PREDICTION_DEFAULTS`
 * (lib/channel/linear_prediction.ts), chosen on validation episodes that no study
 * evaluates (`deno task tune-linear`, seeds of {@link LINEAR_TUNING_SEED_OFFSET}).
 */
export const LINEAR_DEFAULTS: Readonly<Required<Omit<ResidualScenarioOptions, "name">>> =
  LINEAR_PREDICTION_DEFAULTS;

/** Seed offset of the episodes the linear settings are tuned on (see `deriveSeeds`). */
export const LINEAR_TUNING_SEED_OFFSET = 700;

/** Options of the scheme sets. */
export interface SchemeSetOptions {
  /** WC-ZF horizon T of the headline schemes, slots (default 1). */
  readonly horizon?: number;
  /** Linear-prediction settings (default {@link LINEAR_DEFAULTS}). */
  readonly linear?: ResidualScenarioOptions;
}

/** The linear point forecast and the residual scenarios as schemes, with `T` and a name suffix. */
function linearSchemes(
  options: { horizon: number; linear: ResidualScenarioOptions; variant?: string },
): Scheme[] {
  const { horizon, linear, variant } = options;
  const id = (base: string) => (variant ? variantId(base, variant) : base);
  const point: LinearPredictorOptions = { ...linear };
  return [
    predictiveWczfScheme(createLinearPredictor(point), {
      horizon,
      name: id(SCHEME_IDS.linearPrediction),
    }),
    predictiveWczfScheme(createResidualScenarioPredictor(linear), {
      horizon,
      name: id(SCHEME_IDS.linearScenarios),
    }),
  ];
}

/** The density sweep's schemes (no training): baseline, AR(1), linear prediction and scenarios, oracle. */
export function densitySchemes(options: SchemeSetOptions = {}): SchemeFactory {
  const { horizon = HEADLINE_HORIZON_SLOTS } = options;
  const linear = { ...LINEAR_DEFAULTS, ...options.linear };
  return (episode) => [
    withId(reactiveZfScheme(), SCHEME_IDS.baseline),
    predictiveWczfScheme(createArPredictor(), { horizon, name: SCHEME_IDS.classicalAr1 }),
    ...linearSchemes({ horizon, linear }),
    predictiveWczfScheme(createOraclePredictor(episode), { horizon, name: SCHEME_IDS.oracle }),
  ];
}

/**
 * The schemes that need no training: the density sweep's ({@link densitySchemes}), then
 * the two exact-CSI references, genie ZF and the true next slot with the linear
 * scenarios' spread.
 */
export function defaultSchemes(options: SchemeSetOptions = {}): SchemeFactory {
  const { horizon = HEADLINE_HORIZON_SLOTS } = options;
  const linear = { ...LINEAR_DEFAULTS, ...options.linear };
  const shared = densitySchemes(options);
  return (episode) => [
    ...shared(episode),
    withId(genieZfScheme(episode), SCHEME_IDS.genieZf),
    predictiveWczfScheme(createTrueNextScenarioPredictor(episode, linear), {
      horizon,
      name: SCHEME_IDS.trueNextScenarios,
    }),
  ];
}

/**
 * Variants that need no training: the paper's `T = 5` for the oracle, AR(1), linear
 * prediction and its scenarios; linear prediction without phase alignment; hold (the
 * last synchronized CSI repeated over the paper's T, through the same WC-ZF and proactive
 * association as the predictive schemes); and random beams (the floor a predictor
 * without phase information falls to).
 */
export function classicalAblationSchemes(options: SchemeSetOptions = {}): SchemeFactory {
  const T5 = PAPER_HORIZON_SLOTS;
  const linear = { ...LINEAR_DEFAULTS, ...options.linear };
  const t5 = `T=${T5}`;
  return (episode): Scheme[] => [
    predictiveWczfScheme(createOraclePredictor(episode), {
      horizon: T5,
      name: variantId(SCHEME_IDS.oracle, t5),
    }),
    predictiveWczfScheme(createArPredictor(), {
      horizon: T5,
      name: variantId(SCHEME_IDS.classicalAr1, t5),
    }),
    ...linearSchemes({ horizon: T5, linear, variant: t5 }),
    predictiveWczfScheme(createLinearPredictor({ ...linear, alignPhase: false }), {
      horizon: 1,
      name: variantId(SCHEME_IDS.linearPrediction, "align off"),
    }),
    predictiveWczfScheme(createHoldPredictor(), { horizon: T5, name: SCHEME_IDS.hold }),
    withId(
      randomBeamsScheme(createRng(episode.seed).stream("random-beams")),
      SCHEME_IDS.randomBeams,
    ),
  ];
}
