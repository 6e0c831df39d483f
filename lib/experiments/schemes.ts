/**
 * The scheme registry: every scheme an experiment runs, by id, with its label, colour,
 * the paper scheme it stands for and its kind. Tables, figures, the reproduction table
 * and the notebooks look schemes up here; no other file types a scheme's id.
 *
 * An id is what the control loop's traces, every table's `scheme` column and every
 * legend show. Ablation variants are `"<id> <variant>"` (e.g. `"oracle T=1"`): they
 * inherit the kind of their base scheme and take spare colours.
 *
 * Roles are found by kind, never by spelling: the baseline is the registry's one
 * `"reactive"` scheme and the oracle its one `"oracle"` scheme, so renaming an id here
 * renames it everywhere (a test renames one and checks that no gain turns to NaN).
 *
 * @module
 */
import type { PaperSchemeId } from "../core/mod.ts";

/**
 * What a scheme is, which decides how the tables treat it:
 * - `reactive`: the baseline every gain is measured against (exactly one);
 * - `oracle`: WC-ZF on the true future, the upper reference of gap closure (exactly one);
 * - `predictive`: a predictor that needs no training, through WC-ZF;
 * - `learned`: a trained predictor (shipped weights), through WC-ZF;
 * - `bound`: a perfect-CSI reference that cannot be deployed (genie ZF: zero-latency exact
 *   CSI; the true next slot with the linear scenarios' spread through WC-ZF);
 * - `reference`: a reading aid that is not meant to be deployed (hold, random beams).
 *
 * Oracle-gap closure is reported for every scheme except the baseline, the oracle and
 * bounds (variants included).
 */
export type SchemeKind = "reactive" | "oracle" | "bound" | "predictive" | "learned" | "reference";

/** One registered scheme. */
export interface SchemeInfo {
  /** The id traces, tables and legends carry. */
  readonly id: string;
  /** One line saying what the scheme does (notebooks, docs). */
  readonly label: string;
  readonly kind: SchemeKind;
  /** Colour in every figure (CSS hex); variants and unregistered names take spare colours. */
  readonly color: string;
  /** The paper's scheme this one reproduces, if any. */
  readonly paperScheme?: PaperSchemeId;
}

/** A scheme registry: entries in legend order, and lookups by id and by role. */
export interface SchemeRegistry {
  readonly entries: readonly SchemeInfo[];
  /** Id of the one `reactive` scheme. */
  readonly baseline: string;
  /** Id of the one `oracle` scheme. */
  readonly oracle: string;
}

/** Ids of the registered schemes, by a stable key: code writes `SCHEME_IDS.baseline`. */
export const SCHEME_IDS = Object.freeze({
  baseline: "baseline",
  classicalAr1: "classical-ar1",
  linearPrediction: "linear-prediction",
  linearScenarios: "linear-scenarios",
  lstmDt: "lstm-dt",
  genaiDt: "genai-dt",
  oracle: "oracle",
  genieZf: "genie-zf",
  trueNextScenarios: "true-next+scenarios",
  hold: "hold",
  randomBeams: "random beams",
});

/**
 * Builds a registry and checks it: unique ids, exactly one `reactive` and one `oracle`
 * scheme.
 *
 * @example
 * ```ts
 * import { createSchemeRegistry } from "./schemes.ts";
 * const r = createSchemeRegistry([
 *   { id: "zf", label: "reactive ZF", kind: "reactive", color: "#4e79a7" },
 *   { id: "truth", label: "true future", kind: "oracle", color: "#59a14f" },
 * ]);
 * console.log(r.baseline, r.oracle); // zf truth
 * ```
 */
export function createSchemeRegistry(entries: readonly SchemeInfo[]): SchemeRegistry {
  const seen = new Set<string>();
  for (const [i, e] of entries.entries()) {
    if (typeof e.id !== "string" || e.id === "") {
      throw new TypeError(`entries[${i}].id must be a non-empty string, got ${e.id}`);
    }
    if (seen.has(e.id)) throw new RangeError(`entries[${i}].id "${e.id}" is registered twice`);
    seen.add(e.id);
  }
  const one = (kind: SchemeKind) => {
    const found = entries.filter((e) => e.kind === kind);
    if (found.length !== 1) {
      throw new RangeError(
        `entries must hold exactly one scheme of kind "${kind}", got ${found.length}`,
      );
    }
    return found[0].id;
  };
  return Object.freeze({
    entries: Object.freeze([...entries]),
    baseline: one("reactive"),
    oracle: one("oracle"),
  });
}

/** The workbench's schemes, in legend order. */
export const SCHEMES: SchemeRegistry = createSchemeRegistry([
  {
    id: SCHEME_IDS.baseline,
    label: "reactive ZF on the last synchronized CSI",
    kind: "reactive",
    color: "#4e79a7",
    paperScheme: "baseline",
  },
  {
    id: SCHEME_IDS.classicalAr1,
    label: "per-entry AR(1) prediction through WC-ZF",
    kind: "predictive",
    color: "#f28e2c",
  },
  {
    id: SCHEME_IDS.linearPrediction,
    label: "row-shared linear prediction (Prony type) through WC-ZF (M = 1)",
    kind: "predictive",
    color: "#b07aa1",
  },
  {
    id: SCHEME_IDS.linearScenarios,
    label: "linear forecast + its recent one-step errors as scenarios, through WC-ZF",
    kind: "predictive",
    color: "#ff9da7",
  },
  {
    id: SCHEME_IDS.lstmDt,
    label: "LSTM point prediction through WC-ZF (M = 1)",
    kind: "learned",
    color: "#e15759",
    paperScheme: "lstm-dt",
  },
  {
    id: SCHEME_IDS.genaiDt,
    label: "cGAN trajectories through WC-ZF (M = 20)",
    kind: "learned",
    color: "#76b7b2",
    paperScheme: "genai-dt",
  },
  {
    id: SCHEME_IDS.oracle,
    label: "true future channels through WC-ZF",
    kind: "oracle",
    color: "#59a14f",
    paperScheme: "oracle",
  },
  {
    id: SCHEME_IDS.genieZf,
    label: "ZF on the true current channel (zero latency)",
    kind: "bound",
    color: "#edc949",
  },
  {
    id: SCHEME_IDS.trueNextScenarios,
    label: "true next slot + the linear scenarios' spread, through WC-ZF (perfect CSI)",
    kind: "bound",
    color: "#86bcb6",
  },
  {
    id: SCHEME_IDS.hold,
    label: "last CSI held over the horizon through WC-ZF",
    kind: "reference",
    color: "#9c755f",
  },
  {
    id: SCHEME_IDS.randomBeams,
    label: "max-RSSI association, isotropic random unit beams",
    kind: "reference",
    color: "#bab0ab",
  },
]);

/** Spare colours for variants and unregistered names. */
const SPARE_COLORS = ["#17becf", "#bcbd22", "#8c564b", "#d37295", "#499894", "#a0cbe8"];

/** The id of an ablation variant of a registered scheme: `variantId("oracle", "T=1")`. */
export function variantId(base: string, variant: string): string {
  return `${base} ${variant}`;
}

/**
 * The registered scheme behind `id`: its entry, or for a variant `"<id> <variant>"` its
 * base's entry. Throws a `RangeError` naming the id otherwise.
 */
export function schemeInfo(id: string, registry: SchemeRegistry = SCHEMES): SchemeInfo {
  const exact = registry.entries.find((e) => e.id === id);
  if (exact) return exact;
  const base = registry.entries
    .filter((e) => id.startsWith(`${e.id} `))
    .sort((a, b) => b.id.length - a.id.length)[0];
  if (base) return base;
  throw new RangeError(
    `unknown scheme "${id}": register it in SCHEMES (lib/experiments/schemes.ts) ` +
      `or name it "<registered id> <variant>"`,
  );
}

/**
 * Whether oracle-gap closure is reported for a scheme: every scheme but the baseline, the
 * oracle and bounds (their variants are schemes of their own and are reported).
 */
export function closesGap(id: string, registry: SchemeRegistry = SCHEMES): boolean {
  const info = schemeInfo(id, registry);
  if (info.id !== id) return true; // a variant
  return info.kind !== "reactive" && info.kind !== "oracle" && info.kind !== "bound";
}

/** The registered ids (variants excluded) in legend order, then the others first seen first. */
export function legendOrder(ids: Iterable<string>, registry: SchemeRegistry = SCHEMES): string[] {
  const all = [...new Set(ids)];
  const registered = registry.entries.map((e) => e.id);
  return [
    ...registered.filter((id) => all.includes(id)),
    ...all.filter((id) => !registered.includes(id)),
  ];
}

/**
 * Colour scale options for a set of scheme ids: legend in registry order (other ids
 * after, first seen first), registered colours, spare colours for the rest.
 *
 * @example
 * ```ts
 * import { schemeColorScale } from "./schemes.ts";
 * const c = schemeColorScale(["oracle", "baseline"]);
 * console.log(c.domain, c.range); // [ "baseline", "oracle" ] [ "#4e79a7", "#59a14f" ]
 * ```
 */
export function schemeColorScale(ids: Iterable<string>, registry: SchemeRegistry = SCHEMES) {
  const domain = legendOrder(ids, registry);
  let spare = 0;
  const range = domain.map((id) =>
    registry.entries.find((e) => e.id === id)?.color ?? SPARE_COLORS[spare++ % SPARE_COLORS.length]
  );
  return { domain, range, legend: true };
}

/**
 * Mark options shared by every "paper" reference marker: hollow black-outlined
 * diamonds, so they never read as our data (ours are lines, bands and filled dots).
 */
export const PAPER_MARKER = {
  symbol: "diamond2" as const,
  r: 6,
  strokeWidth: 1.8,
  fill: "none",
};
