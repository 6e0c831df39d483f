/**
 * Minimum-power control against a per-user SINR target: the proactive variant acts on
 * the SINR predicted for the next slot(s) at full power, the reactive one on the last
 * measured SINR. Pure functions.
 *
 * Assumption (noise-limited single cell): with transmit power `p P_max`, `p` in
 * `[0, 1]`, user k's SINR is `p * sinrFull_k` (linear), because the beamformer and the
 * per-stream power split are fixed and only the total power is scaled; under
 * zero-forcing there is no intra-cell interference, so this holds exactly with
 * noise only. With interference `I_k` from other cells the SINR is
 * `p G_k / (I_k + N)`: still linear in `p` while `I_k` does not depend on `p`, so pass
 * the SINR at full power computed with the predicted `I_k`. Intra-cell interference
 * (MRT) scales with `p` too, so the SINR saturates at `G_k / I_k` and the linear rule
 * under-estimates the power needed; a caller then passes SINRs that already include
 * that interference at the chosen power, or adds margin.
 *
 * The requirement of user k is `p >= 10^((target_k + margin - sinrFull_k) / 10)`;
 * the controller takes the largest over active users (and over the predicted slots).
 * When the largest exceeds 1 the target is infeasible: full power (`p = 1`) is used and
 * `feasible` is false, listing the users that cannot be served. No active user gives
 * `p = 0` (the EARTH sleep mode).
 *
 * @example
 * ```ts
 * import { proactivePower } from "./controller.ts";
 * const d = proactivePower({
 *   predictedSinrFullPowerDb: [[20, 13]], // one slot ahead, K = 2, dB at P_max
 *   targetDb: 5,
 *   marginDb: 2,
 * });
 * console.log(d.powerFraction.toFixed(3), d.feasible, d.bindingUser); // 0.251 true 1
 * ```
 *
 * @module
 */
import { assertFiniteNumber, assertNonNegative } from "../core/mod.ts";
import { type SinrTargetDb, targetForUserDb } from "./qos.ts";

/** The controller's decision. */
export interface PowerDecision {
  /** Transmit power as a fraction of `P_max`, in `[0, 1]`. */
  readonly powerFraction: number;
  /** The continuous minimum before rounding up to a level (may exceed 1; 0 if none active). */
  readonly requiredFraction: number;
  /** False when some active user cannot reach target + margin even at full power. */
  readonly feasible: boolean;
  /** Users (indices) that cannot reach target + margin at full power. */
  readonly infeasibleUsers: readonly number[];
  /** The user that sets the power; -1 when no user is active. */
  readonly bindingUser: number;
  /** Human-readable reason when infeasible (empty otherwise). */
  readonly reason: string;
}

/** Common options. */
export interface PowerControlOptions {
  /** SINR target in dB, one for all users or `[K]`. */
  readonly targetDb: SinrTargetDb;
  /** Safety margin in dB (>= 0). */
  readonly marginDb: number;
  /** Active users `[K]`; all active by default. */
  readonly active?: readonly boolean[];
  /**
   * Discrete power levels as fractions of `P_max` in `(0, 1]`; the smallest level
   * `>=` the requirement is chosen. Continuous when absent.
   */
  readonly levels?: readonly number[];
}

/** Inputs of {@link proactivePower}. */
export interface ProactivePowerInput extends PowerControlOptions {
  /** Predicted SINR in dB at full power, `[H][K]` for the next H slots (H >= 1). */
  readonly predictedSinrFullPowerDb: readonly (readonly number[])[];
}

/** Inputs of {@link reactivePower}. */
export interface ReactivePowerInput extends PowerControlOptions {
  /** SINR in dB measured in the last slot `[K]`, at power `lastPowerFraction`. */
  readonly measuredSinrDb: readonly number[];
  /** The power fraction in `(0, 1]` at which `measuredSinrDb` was measured. */
  readonly lastPowerFraction: number;
}

function checkLevels(levels: readonly number[] | undefined): void {
  if (levels === undefined) return;
  if (levels.length === 0) throw new RangeError("levels must not be empty");
  levels.forEach((l, i) => {
    assertFiniteNumber(`levels[${i}]`, l);
    if (l <= 0 || l > 1) throw new RangeError(`levels[${i}] must be in (0, 1], got ${l}`);
  });
}

function decide(
  sinrFullDb: readonly (readonly number[])[],
  name: string,
  opts: PowerControlOptions,
): PowerDecision {
  assertNonNegative("marginDb", opts.marginDb);
  checkLevels(opts.levels);
  const K = sinrFullDb[0].length;
  if (opts.active !== undefined && opts.active.length !== K) {
    throw new RangeError(`active has ${opts.active.length} users, ${name} has ${K}`);
  }
  let required = 0, binding = -1;
  const infeasible: number[] = [];
  sinrFullDb.forEach((row, h) => {
    if (row.length !== K) {
      throw new RangeError(`${name}[${h}] has ${row.length} users, ${name}[0] has ${K}`);
    }
    row.forEach((s, k) => {
      if (typeof s !== "number" || Number.isNaN(s) || s === Infinity) {
        throw new RangeError(`${name}[${h}][${k}] must be a number or -Infinity, got ${s}`);
      }
      if (opts.active !== undefined && !opts.active[k]) return;
      const need = Math.pow(10, (targetForUserDb(opts.targetDb, k) + opts.marginDb - s) / 10);
      if (need > 1 && !infeasible.includes(k)) infeasible.push(k);
      if (binding < 0 || need > required) {
        required = need;
        binding = k;
      }
    });
  });
  const feasible = infeasible.length === 0;
  let powerFraction: number;
  if (!feasible) powerFraction = 1;
  else if (binding < 0) powerFraction = 0;
  else if (opts.levels === undefined) powerFraction = required;
  else {
    const ok = opts.levels.filter((l) => l >= required);
    powerFraction = ok.length > 0 ? Math.min(...ok) : 1;
  }
  infeasible.sort((a, b) => a - b);
  return {
    powerFraction,
    requiredFraction: required,
    feasible,
    infeasibleUsers: infeasible,
    bindingUser: binding,
    reason: feasible ? "" : `users ${infeasible.join(", ")} miss target + ${opts.marginDb} dB ` +
      `even at full power (needs ${(10 * Math.log10(required)).toFixed(1)} dB above P_max); ` +
      `full power used`,
  };
}

/**
 * Proactive control: the minimum power fraction that keeps every active user's
 * predicted SINR, in every predicted slot, at or above target + margin.
 */
export function proactivePower(input: ProactivePowerInput): PowerDecision {
  const p = input.predictedSinrFullPowerDb;
  if (p.length === 0) throw new RangeError("predictedSinrFullPowerDb must have >= 1 slot");
  return decide(p, "predictedSinrFullPowerDb", input);
}

/**
 * Reactive control: the same rule on the last measured SINR, referred to full power
 * (`measured - 10 log10(lastPowerFraction)`), i.e. assuming the next slot repeats it.
 */
export function reactivePower(input: ReactivePowerInput): PowerDecision {
  assertFiniteNumber("lastPowerFraction", input.lastPowerFraction);
  if (input.lastPowerFraction <= 0 || input.lastPowerFraction > 1) {
    throw new RangeError(`lastPowerFraction must be in (0, 1], got ${input.lastPowerFraction}`);
  }
  const offset = -10 * Math.log10(input.lastPowerFraction);
  const full = input.measuredSinrDb.map((s, k) => {
    if (typeof s !== "number" || Number.isNaN(s) || s === Infinity) {
      throw new RangeError(`measuredSinrDb[${k}] must be a number or -Infinity, got ${s}`);
    }
    return s + offset;
  });
  return decide([full], "measuredSinrDb", input);
}
