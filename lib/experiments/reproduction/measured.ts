/**
 * What the reproduction table reads from a run: the per-seed WC-ZF rows, the density
 * summary and the recovery summary, with lookups by scheme. Reason rules read only
 * this, so a unit test can build one from a handful of synthetic rows.
 *
 * @module
 */
import type { DensityStudyConfig } from "../density/config.ts";
import type { DensitySummaryRow } from "../density/run.ts";
import type { RecoveryStudyConfig } from "../recovery/config.ts";
import type { RecoverySummaryRow } from "../recovery/run.ts";
import { type SchemeRegistry, SCHEMES } from "../schemes.ts";
import { type Spread, spread } from "../spread.ts";
import type { WczfSeedRow } from "../wczf/run.ts";

/** The measured inputs of the table; a study that did not run is absent. */
export interface MeasuredResults {
  readonly wczf?: { readonly seedRows: readonly WczfSeedRow[] };
  readonly density?: {
    readonly config: Pick<DensityStudyConfig, "ueCount" | "apCounts">;
    readonly summary: readonly DensitySummaryRow[];
  };
  readonly recovery?: {
    readonly config: Pick<RecoveryStudyConfig, "tailSlots">;
    readonly summary: readonly RecoverySummaryRow[];
  };
  /** Registry whose roles (baseline, oracle) the rules use (default `SCHEMES`). */
  readonly registry?: SchemeRegistry;
}

/** Numeric fields of a WC-ZF seed row. */
export type WczfMetric = Exclude<keyof WczfSeedRow, "seed" | "scheme">;

/** Lookups over {@link MeasuredResults}. */
export interface Measured {
  readonly results: MeasuredResults;
  readonly registry: SchemeRegistry;
  /** Spread over seeds of a WC-ZF metric, times `scale`; null when the scheme did not run. */
  wczf(scheme: string, metric: WczfMetric, scale?: number): Spread | null;
  /** The density summary row of `(scheme, metric, A)`, or null. */
  density(scheme: string, metric: "median" | "outage10", apCount: number): Spread | null;
  /** The recovery summary row of a scheme, or null. */
  recovery(scheme: string): RecoverySummaryRow | null;
}

/** Wraps results in lookups. */
export function measured(results: MeasuredResults): Measured {
  const registry = results.registry ?? SCHEMES;
  return {
    results,
    registry,
    wczf(scheme, metric, scale = 1) {
      const rows = results.wczf?.seedRows.filter((r) => r.scheme === scheme) ?? [];
      return rows.length ? spread(rows.map((r) => r[metric] * scale)) : null;
    },
    density(scheme, metric, apCount) {
      return results.density?.summary.find((r) =>
        r.scheme === scheme && r.metric === metric && r.apCount === apCount
      ) ?? null;
    },
    recovery(scheme) {
      return results.recovery?.summary.find((r) => r.scheme === scheme) ?? null;
    },
  };
}
