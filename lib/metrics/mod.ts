/**
 * Metrics: empirical CDFs and percentiles, packet loss from SINR, blockage recovery
 * time, oracle-gap closure, the control-plane payload, and predictor quality (SGCS,
 * aligned NMSE, best-of-M SGCS, scenario coverage). Imports only `lib/core`.
 *
 * @example
 * ```ts
 * import { empiricalCdf, gapClosure, sinrSummary } from "./mod.ts";
 * const rows = empiricalCdf([1, 2, 3], { scheme: "proposed" });
 * console.log(rows.length, sinrSummary([1, 2, 3]).median); // 3 2
 * console.log(gapClosure({ baseline: 0, proposed: 1, oracle: 2 })); // 0.5
 * ```
 *
 * @module
 */
export * from "./cdf.ts";
export * from "./correlation.ts";
export * from "./gap_closure.ts";
export * from "./packet_loss.ts";
export * from "./payload.ts";
export * from "./prediction.ts";
export * from "./recovery.ts";
