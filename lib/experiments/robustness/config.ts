/**
 * Settings of the robustness study: the WC-ZF study's episodes (T = 1 headline horizon)
 * under channel and CSI impairments the idealized synthesizer leaves out, one
 * condition at a time. One config per preset.
 *
 * @module
 */
import { assertInteger } from "../../core/mod.ts";
import { assertPresetName, type PresetName } from "../presets.ts";
import { deriveSeeds } from "../spread.ts";
import { type WczfStudyConfig, wczfStudyConfig } from "../wczf/mod.ts";

/** What a condition varies; the reference condition belongs to every family. */
export type RobustnessFamily = "jitter" | "reflection order" | "estimation SNR" | "oscillator";

/** The families in figure order. */
export const ROBUSTNESS_FAMILIES: readonly RobustnessFamily[] = Object.freeze([
  "jitter",
  "reflection order",
  "estimation SNR",
  "oscillator",
]);

/** One condition: overrides of the WC-ZF evaluation's episodes and of the twin's CSI. */
export interface RobustnessCondition {
  /** Unique name, the `condition` column of the table (e.g. `"jitter 0.3 rad"`). */
  readonly name: string;
  /** The family it varies; `"reference"` for the default condition (every family's origin). */
  readonly family: RobustnessFamily | "reference";
  /** Its level as an axis label within its family (e.g. `"0.3 rad"`, `"30 dB"`). */
  readonly level: string;
  /** Overrides of the episodes' `EpisodeConfig` (`{}`: the defaults). */
  readonly episode: NonNullable<WczfStudyConfig["episode"]>;
  /** SNR of the twin's CSI estimates, dB (`Infinity`: exact CSI). */
  readonly estimationSnrDb: number;
}

/** Name of the default condition (sigma 0, reflection order 2, exact CSI, oscillator off). */
export const ROBUSTNESS_REFERENCE = "reference";

/** The reference condition's level as each family's axis shows it. */
export const ROBUSTNESS_REFERENCE_LEVELS: Readonly<Record<RobustnessFamily, string>> = Object
  .freeze({
    "jitter": "0 rad",
    "reflection order": "order 2",
    "estimation SNR": "exact",
    "oscillator": "off",
  });

const jitter = (rad: number): RobustnessCondition => ({
  name: `jitter ${rad} rad`,
  family: "jitter",
  level: `${rad} rad`,
  episode: { pathPhaseJitterRad: rad },
  estimationSnrDb: Infinity,
});

const snr = (db: number): RobustnessCondition => ({
  name: `CSI SNR ${db} dB`,
  family: "estimation SNR",
  level: `${db} dB`,
  episode: {},
  estimationSnrDb: db,
});

/**
 * Every condition, reference first, then by family in increasing severity:
 * - per-path phase jitter sigma = 0.1, 0.3, 1 rad per slot (`pathPhaseJitterRad`, a
 *   random walk of every tracked path's phase: what the scene does not contain);
 * - ray-tracing reflection order 5 (the default is 2);
 * - CSI estimation SNR 30, 20, 10 dB (`runControlLoop`'s `estimationSnrDb`: the same
 *   noisy history for every scheme, the baseline included; genie ZF and the oracle read
 *   the episode and stay exact);
 * - UE oscillator phase on (`oscillatorPhase`: a random common phase per UE and slot in
 *   the stored channels).
 */
export const ROBUSTNESS_CONDITIONS: readonly RobustnessCondition[] = Object.freeze(
  [
    {
      name: ROBUSTNESS_REFERENCE,
      family: "reference",
      level: "reference",
      episode: {},
      estimationSnrDb: Infinity,
    },
    jitter(0.1),
    jitter(0.3),
    jitter(1),
    {
      name: "reflection order 5",
      family: "reflection order",
      level: "order 5",
      episode: { maxReflectionOrder: 5 },
      estimationSnrDb: Infinity,
    },
    snr(30),
    snr(20),
    snr(10),
    {
      name: "oscillator phase on",
      family: "oscillator",
      level: "on",
      episode: { oscillatorPhase: true },
      estimationSnrDb: Infinity,
    },
  ] satisfies RobustnessCondition[],
);

/** Settings of the robustness study. */
export interface RobustnessStudyConfig {
  /**
   * The WC-ZF evaluation every condition varies (scene, evaluated slots, forced
   * blockages, horizon T = 1); its `episodeSeeds` are the study's seeds, the same for
   * every condition, and it holds no `episode` / `estimationSnrDb` of its own.
   */
  readonly evaluation: WczfStudyConfig;
  /** The conditions, in {@link ROBUSTNESS_CONDITIONS} order. */
  readonly conditions: readonly RobustnessCondition[];
}

/** Seed offset of the robustness episodes within one `--seed` (see `deriveSeeds`). */
export const ROBUSTNESS_SEED_OFFSET = 900;

/**
 * The conditions named in `names`, in {@link ROBUSTNESS_CONDITIONS} order; throws a
 * `RangeError` naming `label` on an unknown or repeated name or an empty list.
 */
export function robustnessConditions(
  names: readonly string[],
  label = "names",
): RobustnessCondition[] {
  if (!Array.isArray(names) || names.length === 0) {
    throw new RangeError(`${label} must be a non-empty array of condition names, got ${names}`);
  }
  const known = ROBUSTNESS_CONDITIONS.map((c) => c.name);
  for (const [i, n] of names.entries()) {
    if (!known.includes(n)) {
      throw new RangeError(
        `${label}[${i}]: unknown condition ${JSON.stringify(n)}; known: ${known.join(", ")}`,
      );
    }
    if (names.indexOf(n) !== i) throw new RangeError(`${label}[${i}]: "${n}" is repeated`);
  }
  return ROBUSTNESS_CONDITIONS.filter((c) => names.includes(c.name));
}

/**
 * The study's settings for a preset: the episodes of `wczfStudyConfig(preset)` (`ci`:
 * 36-slot episodes evaluated from slot 22 with 2 forced blockages; `cpu`: 60 slots from
 * slot 20, 3 forced; `paper`: 1 000 slots, none forced) on seeds of their own
 * (`deriveSeeds(seed, n, { offset: ROBUSTNESS_SEED_OFFSET })`), `n` = 2 (`ci`), 5
 * (`cpu`), 10 (`paper`), the same seeds for every condition.
 *
 * Cost (`cpu`, one seed, the seven default schemes plus "linear-prediction align off",
 * idle 2-core machine): about 1.5 s per condition, 8.5 s for reflection order 5 (the ray
 * tracing), 21 s for all nine; every condition therefore keeps all 5 seeds. The shipped
 * learned schemes add their decision time, about 5 s per condition and seed at ~135 ms
 * per slot (LSTM-DT + GenAI-DT, 40 slots; estimated from the WC-ZF study's latency).
 *
 * @param options `seed` (default 1); `conditions`: names from
 *   {@link ROBUSTNESS_CONDITIONS} (default all); `seedCount`: overrides the preset's
 *   number of seeds.
 *
 * @example
 * ```ts
 * import { robustnessStudyConfig } from "./config.ts";
 * const c = robustnessStudyConfig("cpu", { seed: 1 });
 * console.log(c.evaluation.episodeSeeds); // [ 1900, 1901, 1902, 1903, 1904 ]
 * console.log(c.conditions.length); // 9
 * ```
 */
export function robustnessStudyConfig(
  preset: PresetName,
  options: { seed?: number; conditions?: readonly string[]; seedCount?: number } = {},
): RobustnessStudyConfig {
  assertPresetName("preset", preset);
  const { seed = 1 } = options;
  const seedCount = options.seedCount ?? { ci: 2, cpu: 5, paper: 10 }[preset];
  assertInteger("options.seedCount", seedCount, { min: 1 });
  const wczf = wczfStudyConfig(preset, { seed });
  return {
    evaluation: {
      ...wczf,
      episodeSeeds: deriveSeeds(seed, seedCount, { offset: ROBUSTNESS_SEED_OFFSET }),
    },
    conditions: options.conditions === undefined
      ? [...ROBUSTNESS_CONDITIONS]
      : robustnessConditions(options.conditions, "options.conditions"),
  };
}
