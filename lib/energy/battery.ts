/**
 * An ideal battery: a capacity in Wh and the stored energy, drained at a constant
 * supply power over a time step (no self-discharge, no efficiency or rate effects,
 * no recharge). Values are immutable; {@link drain} returns the new state.
 *
 * @example
 * ```ts
 * import { createBattery, drain } from "./battery.ts";
 * const b = createBattery(100); // 100 Wh, full
 * const r = drain(b, 144.76, 600); // 10 min at the EARTH micro full-load power
 * console.log(r.battery.stateOfCharge.toFixed(3), r.depleted); // 0.759 false
 * ```
 *
 * @module
 */
import { assertFiniteNumber, assertNonNegative, assertPositive } from "../core/mod.ts";

/** Battery state. */
export interface Battery {
  /** Capacity in Wh (> 0). */
  readonly capacityWh: number;
  /** Stored energy in Wh, in `[0, capacityWh]`. */
  readonly energyWh: number;
  /** `energyWh / capacityWh`, in `[0, 1]`. */
  readonly stateOfCharge: number;
}

/**
 * A battery of `capacityWh` Wh at state of charge `stateOfCharge` (1 by default).
 * Throws a `RangeError` naming `capacityWh` when it is zero, negative or not finite,
 * and naming `stateOfCharge` when it is outside `[0, 1]`.
 */
export function createBattery(capacityWh: number, stateOfCharge = 1): Battery {
  assertPositive("capacityWh", capacityWh);
  assertFiniteNumber("stateOfCharge", stateOfCharge);
  if (stateOfCharge < 0 || stateOfCharge > 1) {
    throw new RangeError(`stateOfCharge must be in [0, 1], got ${stateOfCharge}`);
  }
  return Object.freeze({ capacityWh, energyWh: capacityWh * stateOfCharge, stateOfCharge });
}

/** The outcome of one {@link drain} step. */
export interface BatteryDrain {
  /** The state after the step (energy clamped at 0). */
  readonly battery: Battery;
  /** Energy actually drawn in Wh (less than requested when the battery ran out). */
  readonly drawnWh: number;
  /** Energy requested in Wh: `powerW * seconds / 3600`. */
  readonly requestedWh: number;
  /** True when the battery is empty at the end of the step. */
  readonly depleted: boolean;
  /**
   * Seconds into the step at which the battery emptied; `Infinity` when it did not,
   * 0 when it was already empty.
   */
  readonly depletedAfterS: number;
}

/**
 * Drains `battery` at a constant `powerW` W for `seconds` s. The stored energy is
 * clamped at 0 and the depletion is reported. Throws a `RangeError` naming `powerW` or
 * `seconds` when negative or not finite.
 */
export function drain(battery: Battery, powerW: number, seconds: number): BatteryDrain {
  assertPositive("battery.capacityWh", battery.capacityWh);
  assertNonNegative("battery.energyWh", battery.energyWh);
  assertNonNegative("powerW", powerW);
  assertNonNegative("seconds", seconds);
  const requestedWh = powerW * seconds / 3600;
  const drawnWh = Math.min(requestedWh, battery.energyWh);
  const energyWh = Math.max(0, battery.energyWh - drawnWh);
  const depleted = energyWh <= 0;
  let depletedAfterS = Infinity;
  if (depleted) {
    depletedAfterS = battery.energyWh <= 0 ? 0 : battery.energyWh * 3600 / powerW;
  }
  return {
    battery: Object.freeze({
      capacityWh: battery.capacityWh,
      energyWh,
      stateOfCharge: energyWh / battery.capacityWh,
    }),
    drawnWh,
    requestedWh,
    depleted,
    depletedAfterS,
  };
}
