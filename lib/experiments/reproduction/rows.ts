/**
 * The reproduction table: for every headline number of the paper, the paper's value,
 * ours (median and range over seeds) and a reason, chosen by the rules of `reasons.ts`
 * from this run's data (empty where no rule applies). The paper's values come from
 * `core/paper.ts`; none of ours is computed from them.
 *
 * @module
 */
import {
  PAPER_DENSITY_ENDPOINTS,
  PAPER_HORIZON_SLOTS,
  PAPER_RESULTS,
  PAPER_SETUP,
  type PaperSchemeId,
  type PaperValue,
} from "../../core/mod.ts";
import { SCHEME_IDS, schemeInfo, type SchemeRegistry, variantId } from "../schemes.ts";
import { formatSpread, type Spread } from "../spread.ts";
import { payloadRows } from "../wczf/figures.ts";
import { type Measured, measured, type MeasuredResults, type WczfMetric } from "./measured.ts";
import { type QuantityId, reasonFor } from "./reasons.ts";

/** One row of the reproduction table. */
export interface ReproductionRow {
  quantity: string;
  scheme: string;
  /** The paper's value as printed, "(not given)" or "(no such scheme)". */
  paper: string;
  /** Ours: `median [min, max] (n=seeds)`, or "not run". */
  ours: string;
  oursMedian: number;
  oursMin: number;
  oursMax: number;
  seeds: number;
  unit: string;
  /** Why ours differs, from the rules over this run's data (empty: no rule applies). */
  reason: string;
}

type PaperRecord = Readonly<Partial<Record<PaperSchemeId, PaperValue>>>;

/** The paper's entry of a scheme: its value, "(not given)", or "(no such scheme)". */
function paperEntry(
  record: PaperRecord,
  scheme: string,
  registry: SchemeRegistry,
): { text: string; value?: PaperValue } {
  let paperScheme: PaperSchemeId | undefined;
  try {
    paperScheme = schemeInfo(scheme, registry).paperScheme;
  } catch {
    paperScheme = undefined; // not registered: not one of the paper's schemes
  }
  if (paperScheme === undefined) return { text: "(no such scheme)" };
  const value = record[paperScheme];
  return value ? { text: value.text, value } : { text: "(not given)" };
}

function row(
  m: Measured,
  spec: {
    quantityId: QuantityId;
    quantity: string;
    scheme: string;
    paper: { text: string; value?: PaperValue };
    ours: Spread | null;
    unit: string;
    digits?: number;
    apCount?: number;
    metric?: "median" | "outage10";
  },
): ReproductionRow {
  const { ours: s, digits = 1 } = spec;
  const missing = s === null || s.n === 0;
  return {
    quantity: spec.quantity,
    scheme: spec.scheme,
    paper: spec.paper.text,
    ours: s === null ? "not run" : missing ? "n/a (no samples)" : formatSpread(s, { digits }),
    oursMedian: missing ? NaN : s.median,
    oursMin: missing ? NaN : s.min,
    oursMax: missing ? NaN : s.max,
    seeds: missing ? 0 : s.n,
    unit: spec.unit,
    reason: reasonFor(m, {
      quantity: spec.quantityId,
      scheme: spec.scheme,
      ours: s,
      paper: spec.paper.value,
      apCount: spec.apCount,
      metric: spec.metric,
    }),
  };
}

/** One WC-ZF quantity: its label, metric, scale and the schemes it lists. */
interface WczfQuantity {
  readonly id: QuantityId;
  readonly label: string;
  readonly metric: WczfMetric;
  readonly scale: number;
  readonly unit: string;
  readonly digits: number;
  readonly paper: PaperRecord;
  /** The schemes it lists, given the ids (roles resolved through the registry). */
  readonly schemes: (ids: SchemeIds) => readonly string[];
}

/** The registered ids, with the baseline and oracle resolved through a registry. */
type SchemeIds = { -readonly [K in keyof typeof SCHEME_IDS]: string };

function schemeIds(registry: SchemeRegistry): SchemeIds {
  return { ...SCHEME_IDS, baseline: registry.baseline, oracle: registry.oracle };
}

/** The paper's horizon as a variant suffix (`"T=5"`): the headline rows use T = 1. */
const PAPER_T = `T=${PAPER_HORIZON_SLOTS}`;
const LEARNED = (S: SchemeIds) => [S.genaiDt, S.lstmDt];
const LINEAR = (S: SchemeIds) => [S.linearScenarios, S.linearPrediction];

/** The WC-ZF quantities in table order. */
const WCZF_QUANTITIES: readonly WczfQuantity[] = [
  {
    id: "rareGain",
    label: "median SINR gain over baseline (rare events)",
    metric: "rareMedianGainOverBaselineDb",
    scale: 1,
    unit: "dB",
    digits: 1,
    paper: PAPER_RESULTS.rareMedianGainDb,
    schemes: (S) => [
      S.genaiDt,
      S.lstmDt,
      S.linearScenarios,
      S.linearPrediction,
      S.classicalAr1,
      S.oracle,
      S.genieZf,
      S.trueNextScenarios,
      variantId(S.genaiDt, PAPER_T),
      variantId(S.lstmDt, PAPER_T),
      variantId(S.linearScenarios, PAPER_T),
      variantId(S.oracle, PAPER_T),
      S.hold,
      S.randomBeams,
    ],
  },
  {
    id: "rarePlrReduction",
    label: "median packet-loss reduction vs baseline (rare events)",
    metric: "rarePlrReduction",
    scale: 100,
    unit: "%",
    digits: 0,
    paper: PAPER_RESULTS.rarePlrReductionPct,
    schemes: (S) => [...LEARNED(S), ...LINEAR(S), S.classicalAr1, S.oracle],
  },
  {
    id: "rarePlrAbove5",
    label: "P(PLR > 5 %) (rare events)",
    metric: "rareProbabilityPlrAbove5",
    scale: 100,
    unit: "%",
    digits: 0,
    paper: PAPER_RESULTS.rareProbabilityPlrAbove5Pct,
    schemes: (S) => [S.baseline, ...LEARNED(S), ...LINEAR(S), S.classicalAr1, S.oracle],
  },
  {
    id: "gapOutageSinr",
    label: "oracle-gap closure, 10 %-outage SINR",
    metric: "gapClosureOutage10Sinr",
    scale: 100,
    unit: "%",
    digits: 0,
    paper: PAPER_RESULTS.gapClosureOutageSinrPct,
    schemes: (S) => [...LEARNED(S), ...LINEAR(S), S.classicalAr1],
  },
  {
    id: "gapPlrAbove5",
    label: "oracle-gap closure, P(PLR > 5 %)",
    metric: "gapClosurePlrAbove5",
    scale: 100,
    unit: "%",
    digits: 0,
    paper: PAPER_RESULTS.gapClosurePlrAbove5Pct,
    schemes: (S) => [...LEARNED(S), ...LINEAR(S), S.classicalAr1],
  },
];

/**
 * Builds the table from the results of a run (any study may be absent: its rows say
 * "not run").
 *
 * @param results `wczf` (Fig. 3a/3b seeds), `density` (Fig. 3c), `recovery` (Fig. 4),
 *   and optionally the scheme `registry`.
 */
export function reproductionRows(results: MeasuredResults): ReproductionRow[] {
  const m = measured(results);
  const reg = m.registry;
  const S = schemeIds(reg);
  const out: ReproductionRow[] = [];
  for (const q of WCZF_QUANTITIES) {
    for (const scheme of q.schemes(S)) {
      out.push(row(m, {
        quantityId: q.id,
        quantity: q.label,
        scheme,
        paper: paperEntry(q.paper, scheme, reg),
        ours: results.wczf ? m.wczf(scheme, q.metric, q.scale) : null,
        unit: q.unit,
        digits: q.digits,
      }));
    }
  }
  for (const e of PAPER_DENSITY_ENDPOINTS) {
    const scheme = reg.entries.find((x) => x.paperScheme === e.scheme)?.id ?? e.scheme;
    out.push(row(m, {
      quantityId: "densityEndpoint",
      quantity: `density sweep ${
        e.metric === "median" ? "median" : "10 %-outage"
      } SINR, A = ${e.apCount}`,
      scheme,
      paper: { text: String(e.sinrDb), value: { low: e.sinrDb, high: e.sinrDb, text: "" } },
      ours: m.density(scheme, e.metric, e.apCount),
      unit: "dB",
      apCount: e.apCount,
      metric: e.metric,
    }));
  }
  for (
    const scheme of [S.baseline, ...LEARNED(S), ...LINEAR(S), S.classicalAr1, S.oracle, S.genieZf]
  ) {
    out.push(row(m, {
      quantityId: "recoveryTime",
      quantity: "T_rec after a blockage",
      scheme,
      paper: paperEntry(PAPER_RESULTS.recoveryMs, scheme, reg),
      ours: m.recovery(scheme)?.recoveryMs ?? null,
      unit: "ms",
      digits: 0,
    }));
  }
  for (const scheme of [S.genaiDt, S.baseline, S.oracle]) {
    out.push(row(m, {
      quantityId: "recoveryDrop",
      quantity: "SINR drop at the blockage",
      scheme,
      paper: paperEntry(PAPER_RESULTS.blockageDropDb, scheme, reg),
      ours: m.recovery(scheme)?.dropDb ?? null,
      unit: "dB",
    }));
  }
  for (const scheme of [...LEARNED(S), ...LINEAR(S), S.classicalAr1, S.oracle, S.baseline]) {
    out.push(row(m, {
      quantityId: "decisionLatency",
      quantity: "decision latency per slot (predict + WC-ZF), median",
      scheme,
      paper: paperEntry(PAPER_RESULTS.decisionLatencyMs, scheme, reg),
      ours: results.wczf ? m.wczf(scheme, "medianStepMs") : null,
      unit: "ms",
      digits: 2,
    }));
  }
  const dims = {
    apCount: PAPER_SETUP.apCount,
    ueCount: PAPER_SETUP.ueCount,
    antennaCount: PAPER_SETUP.upaRows * PAPER_SETUP.upaCols,
  };
  for (const p of payloadRows(dims)) {
    const kb = p.bytes / 1000;
    out.push({
      quantity: `control payload per slot (${p.encoding})`,
      scheme: "all",
      paper: PAPER_RESULTS.payloadKb.text,
      ours: kb.toFixed(2),
      oursMedian: kb,
      oursMin: kb,
      oursMax: kb,
      seeds: 0,
      unit: "kB",
      reason: "computed from A, K, Nt and bit widths (no seeds): " +
        `${p.weightBits} weight bits + ${p.scalarBits} scalar bits`,
    });
  }
  return out;
}
