/**
 * The reason column of the reproduction table, chosen by rules over the measured rows:
 * a rule states a reason only when the run that writes it shows the fact the reason
 * rests on, and quotes the numbers it used. Where no rule applies the reason stays
 * empty. Each rule has a unit test that flips it with small synthetic inputs.
 *
 * @module
 */
import { PAPER_HORIZON_SLOTS, PAPER_SLOT_MS } from "../../core/mod.ts";
import { BLER_THRESHOLD_DB } from "../../metrics/mod.ts";
import { SCHEME_IDS, schemeInfo, variantId } from "../schemes.ts";
import type { Spread } from "../spread.ts";
import type { Measured } from "./measured.ts";

/** The quantities of the table. */
export type QuantityId =
  | "rareGain"
  | "rarePlrReduction"
  | "rarePlrAbove5"
  | "gapOutageSinr"
  | "gapPlrAbove5"
  | "densityEndpoint"
  | "recoveryTime"
  | "recoveryDrop"
  | "decisionLatency"
  | "payload";

/** One row as the rules see it. */
export interface ReasonContext {
  readonly quantity: QuantityId;
  readonly scheme: string;
  /** Ours; null when the scheme did not run. */
  readonly ours: Spread | null;
  /** The paper's value range, if it gives one. */
  readonly paper?: { readonly low: number; readonly high: number };
  /** Density rows: the AP count and metric of the endpoint. */
  readonly apCount?: number;
  readonly metric?: "median" | "outage10";
}

/** A rule: a reason when the measured data shows its premise, else null. */
export interface ReasonRule {
  readonly id: string;
  /** Quantities it explains (`"*"`: every quantity). */
  readonly quantities: readonly QuantityId[] | "*";
  explain(m: Measured, row: ReasonContext): string | null;
}

/** How far (dB) a learned scheme's median SINR must fall below the baseline's to be flagged. */
export const LEARNED_FAILURE_MARGIN_DB = 3;

/** Share of UEs above which a P(PLR > 5 %) counts as saturated. */
export const PLR_SATURATED = 0.9;

/** The paper's load per AP ("K_b ~ 10 << N_t throughout"). */
const PAPER_UES_PER_AP = 10;

const f1 = (x: number) => x.toFixed(1);
const PAPER_T = `T=${PAPER_HORIZON_SLOTS}`;
const median = (s: Spread | null) => (s && s.n > 0 ? s.median : NaN);
const isLearned = (m: Measured, scheme: string) => {
  try {
    return schemeInfo(scheme, m.registry).kind === "learned";
  } catch {
    return false;
  }
};

/** The rules, in precedence order: the first that applies to a row gives its reason. */
export const REASON_RULES: readonly ReasonRule[] = [
  {
    id: "learned-not-run",
    quantities: "*",
    explain: (m, row) =>
      row.ours === null && isLearned(m, row.scheme)
        ? "scheme not run: shipped learned predictors unavailable"
        : null,
  },
  {
    id: "learned-below-baseline",
    quantities: [
      "rareGain",
      "rarePlrReduction",
      "rarePlrAbove5",
      "gapOutageSinr",
      "gapPlrAbove5",
      "densityEndpoint",
      "recoveryTime",
      "recoveryDrop",
    ],
    explain: (m, row) => {
      if (!isLearned(m, row.scheme) || row.ours === null) return null;
      const own = median(m.wczf(row.scheme, "medianSinrDb"));
      const base = median(m.wczf(m.registry.baseline, "medianSinrDb"));
      if (!(own < base - LEARNED_FAILURE_MARGIN_DB)) return null;
      const random = median(m.wczf(SCHEME_IDS.randomBeams, "medianSinrDb"));
      const floor = Number.isFinite(random) ? ` (random beams: ${f1(random - base)} dB)` : "";
      return `its median SINR is ${f1(own - base)} dB from the baseline's${floor}: ` +
        "its beams carry no usable spatial signature";
    },
  },
  {
    id: "oracle-below-genie",
    quantities: ["rareGain"],
    explain: (m, row) => {
      if (row.scheme !== m.registry.oracle) return null;
      const o = median(row.ours),
        g = median(m.wczf(SCHEME_IDS.genieZf, "rareMedianGainOverBaselineDb"));
      if (!(o < g)) return null;
      const t5 = median(
        m.wczf(variantId(m.registry.oracle, PAPER_T), "rareMedianGainOverBaselineDb"),
      );
      const long = Number.isFinite(t5) ? `; with the paper's T = 5: ${f1(t5)} dB` : "";
      return `below zero-latency genie ZF (${f1(o)} vs ${f1(g)} dB): WC-ZF on the exact ` +
        `next slot is a regularized ZF that trades a little SINR for robustness${long}`;
    },
  },
  {
    id: "horizon-cost",
    quantities: ["rareGain"],
    explain: (m, row) => {
      if (!row.scheme.endsWith(` ${PAPER_T}`) || row.ours === null) return null;
      const base = row.scheme.slice(0, -PAPER_T.length - 1);
      const t1 = median(m.wczf(base, "rareMedianGainOverBaselineDb"));
      if (!Number.isFinite(t1)) return null;
      const t5 = median(row.ours);
      return `the paper's ${PAPER_HORIZON_SLOTS}-slot minimax: ${f1(t5)} dB vs ${f1(t1)} dB ` +
        `at T = 1 (the twin re-plans every slot, so only the next slot's beams are applied)`;
    },
  },
  {
    id: "learned-vs-linear",
    quantities: ["rareGain"],
    explain: (m, row) => {
      if (!isLearned(m, row.scheme) || schemeInfo(row.scheme, m.registry).id !== row.scheme) {
        return null;
      }
      const own = median(row.ours);
      const best = [SCHEME_IDS.linearScenarios, SCHEME_IDS.linearPrediction]
        .map((id) => ({ id, gain: median(m.wczf(id, "rareMedianGainOverBaselineDb")) }))
        .filter((x) => Number.isFinite(x.gain))
        .sort((a, b) => b.gain - a.gain)[0];
      if (!best || !Number.isFinite(own)) return null;
      const anchor = median(m.wczf(SCHEME_IDS.linearPrediction, "rareMedianGainOverBaselineDb"));
      const anchored = Number.isFinite(anchor)
        ? `; the linear forecast it is anchored on gains ${f1(anchor)} dB alone`
        : "";
      return (own >= best.gain
        ? `${f1(own - best.gain)} dB above ${best.id} (${f1(best.gain)} dB)`
        : `${f1(best.gain - own)} dB below ${best.id} (${f1(best.gain)} dB)`) +
        `, the best scheme without training${anchored}`;
    },
  },
  {
    id: "csi-aging-cost",
    quantities: ["rareGain"],
    explain: (_m, row) =>
      row.scheme === SCHEME_IDS.genieZf && median(row.ours) > 0
        ? `zero-latency exact-CSI ZF: ${PAPER_SLOT_MS} ms of CSI aging costs the baseline ` +
          `${f1(median(row.ours))} dB`
        : null,
  },
  {
    id: "random-beams-floor",
    quantities: ["rareGain"],
    explain: (m, row) => {
      if (row.scheme !== SCHEME_IDS.randomBeams || row.ours === null) return null;
      const own = median(row.ours);
      const below = [...new Set(m.results.wczf?.seedRows.map((r) => r.scheme) ?? [])]
        .filter((s) => s !== row.scheme)
        .filter((s) => median(m.wczf(s, "rareMedianGainOverBaselineDb")) < own);
      return below.length === 0
        ? "the floor: a scheme with no phase information at all"
        : `no phase information at all, yet above ${below.join(", ")}`;
    },
  },
  {
    id: "hold-reference",
    quantities: ["rareGain"],
    explain: (_m, row) =>
      row.scheme === SCHEME_IDS.hold && row.ours !== null
        ? "last CSI held over the paper's T = 5 through WC-ZF: what predicting buys over not"
        : null,
  },
  {
    id: "ar1-below-hold",
    quantities: ["rareGain", "rarePlrReduction"],
    explain: (m, row) => {
      if (row.scheme !== SCHEME_IDS.classicalAr1) return null;
      const ar = median(m.wczf(row.scheme, "rareMedianGainOverBaselineDb"));
      const hold = median(m.wczf(SCHEME_IDS.hold, "rareMedianGainOverBaselineDb"));
      return ar < hold
        ? `below holding the last CSI (${f1(ar)} vs ${f1(hold)} dB gain): per-entry AR(1) ` +
          "extrapolates entries whose phase turns within a slot"
        : null;
    },
  },
  {
    id: "below-paper-range",
    quantities: ["rareGain"],
    explain: (_m, row) =>
      row.paper && median(row.ours) < row.paper.low
        ? `below the paper's ${row.paper.low}-${row.paper.high} dB`
        : null,
  },
  {
    id: "plr-saturated",
    quantities: ["rarePlrAbove5"],
    explain: (m, row) => {
      const p = median(m.wczf(row.scheme, "rareProbabilityPlrAbove5"));
      if (!(p >= PLR_SATURATED)) return null;
      const sinr = median(m.wczf(row.scheme, "rareMedianSinrDb"));
      return `fixed MCS at ${BLER_THRESHOLD_DB} dB; its rare-event median SINR is ` +
        `${f1(sinr)} dB, so almost every UE loses > 5 %`;
    },
  },
  {
    id: "gap-degenerate",
    quantities: ["gapPlrAbove5"],
    explain: (m) =>
      median(m.wczf(m.registry.baseline, "rareProbabilityPlrAbove5")) >= PLR_SATURATED
        ? "baseline's P(PLR > 5 %) is saturated near 100 %, so this ratio is degenerate"
        : null,
  },
  {
    id: "load-per-ap",
    quantities: ["densityEndpoint"],
    explain: (m, row) => {
      const d = m.results.density;
      if (!d || row.apCount === undefined || row.ours === null) return null;
      const k = d.config.ueCount;
      const lo = Math.min(...d.config.apCounts), hi = Math.max(...d.config.apCounts);
      if (row.apCount !== lo || !(k / lo > PAPER_UES_PER_AP)) return null;
      return `K/A = ${f1(k / lo)} at A = ${lo}, ${f1(k / hi)} at A = ${hi}: the paper's ` +
        `K_b ~ ${PAPER_UES_PER_AP} cannot hold throughout`;
    },
  },
  {
    id: "density-trend",
    quantities: ["densityEndpoint"],
    explain: (m, row) => {
      const d = m.results.density;
      if (!d || row.apCount === undefined || row.metric === undefined) return null;
      const lo = Math.min(...d.config.apCounts), hi = Math.max(...d.config.apCounts);
      if (row.apCount !== hi) return null;
      const a = median(m.density(row.scheme, row.metric, lo));
      const b = median(m.density(row.scheme, row.metric, hi));
      if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
      return b > a
        ? `ours rises with A (${f1(a)} to ${f1(b)} dB) where the paper's falls: more APs ` +
          "mean shorter links, and ZF nulls inter-cell interference (Nt > K)"
        : `ours falls with A too (${f1(a)} to ${f1(b)} dB)`;
    },
  },
  {
    id: "recovery-slower",
    quantities: ["recoveryTime"],
    explain: (m, row) => {
      const r = m.recovery(row.scheme);
      if (!r || !m.results.recovery) return null;
      const parts: string[] = [];
      if (row.paper && median(row.ours) > row.paper.high) {
        parts.push("a body ~1 m from the UE at ~1 m/s shadows the link for ~0.4 s");
      }
      if (r.recovered < r.seeds) {
        const tailMs = m.results.recovery.config.tailSlots * PAPER_SLOT_MS;
        parts.push(
          `inf: ${r.seeds - r.recovered} of ${r.seeds} seeds not back within ${tailMs} ms`,
        );
      }
      return parts.length ? parts.join("; ") : null;
    },
  },
  {
    id: "latency-cpu",
    quantities: ["decisionLatency"],
    explain: (_m, row) =>
      row.paper && median(row.ours) > row.paper.high
        ? "above the paper's cloud-GPU figure: ours is measured in-process on CPU (Deno, tfjs)"
        : null,
  },
];

/** The reason of a row: the first rule that applies, or "". */
export function reasonFor(m: Measured, row: ReasonContext, rules = REASON_RULES): string {
  for (const rule of rules) {
    if (rule.quantities !== "*" && !rule.quantities.includes(row.quantity)) continue;
    const reason = rule.explain(m, row);
    if (reason !== null) return reason;
  }
  return "";
}
