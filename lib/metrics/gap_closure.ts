/**
 * Oracle-gap closure (docs/model.md, "Metrics"): `(proposed - baseline) / (oracle - baseline)`.
 * 1 means the proposed scheme matches the oracle, 0 the baseline; it works unchanged
 * for lower-is-better metrics (e.g. `P(PLR > 5 %)`), where both differences are
 * negative. Guards: the result is NaN when any input is not finite or when the oracle
 * does not beat the baseline by more than `minGap` in absolute value (no gap to close).
 *
 * @module
 */
import { assertNonNegative } from "../core/mod.ts";

/** Default smallest `|oracle - baseline|` for which a closure is defined. */
export const GAP_CLOSURE_MIN_GAP = 1e-9;

/**
 * Fraction of the oracle gap closed by the proposed scheme.
 *
 * @param values the metric (same units, e.g. dB or a probability) of the three schemes.
 * @param options `minGap` (units of the metric), default {@link GAP_CLOSURE_MIN_GAP}.
 * @returns closure (dimensionless; may exceed 1 or be negative), or NaN (see module doc).
 *
 * @example
 * ```ts
 * import { gapClosure } from "./gap_closure.ts";
 * console.log(gapClosure({ baseline: 2, proposed: 8, oracle: 10 })); // 0.75
 * console.log(gapClosure({ baseline: 0.4, proposed: 0.2, oracle: 0.1 })); // 0.6666666666666667
 * ```
 */
export function gapClosure(
  values: { proposed: number; baseline: number; oracle: number },
  options: { minGap?: number } = {},
): number {
  const { minGap = GAP_CLOSURE_MIN_GAP } = options;
  assertNonNegative("minGap", minGap);
  const { proposed, baseline, oracle } = values;
  for (const [name, v] of [["proposed", proposed], ["baseline", baseline], ["oracle", oracle]]) {
    if (typeof v !== "number") throw new TypeError(`${name} must be a number, got ${typeof v}`);
  }
  if (!Number.isFinite(proposed) || !Number.isFinite(baseline) || !Number.isFinite(oracle)) {
    return NaN;
  }
  const gap = oracle - baseline;
  if (!(Math.abs(gap) > minGap)) return NaN;
  return (proposed - baseline) / gap;
}
