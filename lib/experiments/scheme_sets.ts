/**
 * The sets of schemes the studies run, built per episode from the registry's ids: the
 * schemes that need no training (WC-ZF evaluation, recovery), the density sweep's set,
 * and the ablation variants. Learned schemes join from `learned_schemes.ts`.
 *
 * @module
 */
import { createRng, PAPER_HORIZON_SLOTS } from "../core/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import {
  createArPredictor,
  createHoldPredictor,
  createOraclePredictor,
  genieZfScheme,
  predictiveWczfScheme,
  randomBeamsScheme,
  reactiveZfScheme,
  type Scheme,
} from "../twin/mod.ts";
import { SCHEME_IDS, variantId } from "./schemes.ts";

/** Builds the schemes for one episode (predictors that read the episode, e.g. the oracle). */
export type SchemeFactory = (episode: Episode) => Scheme[];

/** The scheme under the registry's id (the twin's constructors have their own names). */
function withId(scheme: Scheme, id: string): Scheme {
  return scheme.name === id ? scheme : { name: id, decide: (history) => scheme.decide(history) };
}

/** Options of the scheme sets. */
export interface SchemeSetOptions {
  /** WC-ZF horizon T, slots (default the paper's T = 5). */
  readonly horizon?: number;
}

/**
 * The schemes that need no training: the reactive baseline, per-entry AR(1) WC-ZF, the
 * oracle WC-ZF and genie ZF.
 */
export function defaultSchemes(options: SchemeSetOptions = {}): SchemeFactory {
  const { horizon = PAPER_HORIZON_SLOTS } = options;
  return (episode) => [
    withId(reactiveZfScheme(), SCHEME_IDS.baseline),
    predictiveWczfScheme(createArPredictor(), { horizon, name: SCHEME_IDS.classicalAr1 }),
    predictiveWczfScheme(createOraclePredictor(episode), { horizon, name: SCHEME_IDS.oracle }),
    withId(genieZfScheme(episode), SCHEME_IDS.genieZf),
  ];
}

/** The density sweep's schemes (no training): baseline, AR(1) WC-ZF, oracle WC-ZF. */
export function densitySchemes(options: SchemeSetOptions = {}): SchemeFactory {
  const { horizon = PAPER_HORIZON_SLOTS } = options;
  return (episode) => [
    withId(reactiveZfScheme(), SCHEME_IDS.baseline),
    predictiveWczfScheme(createArPredictor(), { horizon, name: SCHEME_IDS.classicalAr1 }),
    predictiveWczfScheme(createOraclePredictor(episode), { horizon, name: SCHEME_IDS.oracle }),
  ];
}

/**
 * Variants that need no training: the oracle and AR(1) WC-ZF with `T = 1`; hold (the
 * last synchronized CSI repeated over T slots, through the same WC-ZF and proactive
 * association as the predictive schemes: where a learned predictor anchored on the
 * last CSI would start); and random beams (the floor a predictor without phase
 * information falls to).
 */
export function classicalAblationSchemes(options: SchemeSetOptions = {}): SchemeFactory {
  const { horizon = PAPER_HORIZON_SLOTS } = options;
  return (episode): Scheme[] => [
    predictiveWczfScheme(createOraclePredictor(episode), {
      horizon: 1,
      name: variantId(SCHEME_IDS.oracle, "T=1"),
    }),
    predictiveWczfScheme(createArPredictor(), {
      horizon: 1,
      name: variantId(SCHEME_IDS.classicalAr1, "T=1"),
    }),
    predictiveWczfScheme(createHoldPredictor(), { horizon, name: SCHEME_IDS.hold }),
    withId(
      randomBeamsScheme(createRng(episode.seed).stream("random-beams")),
      SCHEME_IDS.randomBeams,
    ),
  ];
}
