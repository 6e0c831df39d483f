/**
 * Stacking conditions and targets into the tensors the networks read.
 *
 * A *row* is one (AP, slot, horizon `t`) triple. For `B` rows:
 * `history` `[B, K, Nt, 2 tau]`, `scalars` `[B, 2K + 1 + T]` (see `condition.ts`), and
 * for training the target `real` `[B, K, Nt, 2]` = the future channel at slot `+t`,
 * each row divided by the same gain `s_k` as the history.
 *
 * @example
 * ```ts
 * import { stackRows } from "./batch.ts";
 * import { buildCondition } from "./condition.ts";
 * const dims = { K: 1, Nt: 2, tau: 2, T: 3 };
 * const c = buildCondition(
 *   { past: new Float32Array(8).fill(1), rssiDbm: [-60], beamIndex: [0], rareEvent: false },
 *   dims,
 * );
 * const rows = stackRows([{ condition: c, horizon: 1 }, { condition: c, horizon: 3 }], { T: 3 });
 * if (rows.scalars.length !== 2 * 6 || rows.history.length !== 2 * 8) throw new Error("shapes");
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, type Rng } from "../core/mod.ts";
import {
  type ApObservation,
  buildCondition,
  type Condition,
  conditionScalars,
  type ModelDims,
  type RfNormalization,
} from "./condition.ts";
import { normalizeRows, slotCount } from "./normalization.ts";

/** One row to stack: a condition and the horizon `t` in 1..T it asks for. */
export interface ConditionRow {
  readonly condition: Condition;
  readonly horizon: number;
}

/** Host-side stacked rows: `history` `[B, K, Nt, 2 tau]`, `scalars` `[B, 2K + 1 + T]`. */
export interface StackedRows {
  readonly history: Float32Array;
  readonly scalars: Float32Array;
  /** Number of rows `B`. */
  readonly rows: number;
}

/**
 * Stacks rows on the host (no tensors).
 *
 * @param rows conditions (all with the same `K`, `Nt`, `tau`) and horizons.
 * @param options `T` of the model's horizon one-hot (default: the first condition's `T`).
 */
export function stackRows(
  rows: readonly ConditionRow[],
  options: { readonly T?: number } = {},
): StackedRows {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new RangeError("rows must be a non-empty array");
  }
  const first = rows[0].condition;
  const T = options.T ?? first.dims.T;
  const hLen = first.history.length;
  const sLen = first.rf.length + T;
  const history = new Float32Array(rows.length * hLen);
  const scalars = new Float32Array(rows.length * sLen);
  rows.forEach((row, i) => {
    const c = row.condition;
    if (c.history.length !== hLen || c.rf.length !== first.rf.length) {
      throw new RangeError(`rows[${i}] has different sizes than rows[0]`);
    }
    history.set(c.history, i * hLen);
    scalars.set(conditionScalars(c, { horizon: row.horizon, T }), i * sLen);
  });
  return { history, scalars, rows: rows.length };
}

/** One training example for one AP: the observation plus the true future. */
export interface TrainingWindow extends ApObservation {
  /** Future channels, interleaved complex `[T, K, Nt]` (slot +1 first). */
  readonly future: Float32Array;
}

/** A WGAN-GP / regression batch on the device; dispose with {@link disposeBatch}. */
export interface GanBatch {
  /** Normalized target channel `[B, K, Nt, 2]`. */
  readonly real: tf.Tensor4D;
  /** `[B, K, Nt, 2 tau]`. */
  readonly history: tf.Tensor4D;
  /** `[B, 2K + 1 + T]`. */
  readonly scalars: tf.Tensor2D;
}

/** Disposes the tensors of a {@link GanBatch}. */
export function disposeBatch(batch: GanBatch): void {
  tf.dispose([batch.real, batch.history, batch.scalars]);
}

/**
 * Builds a training batch: each window contributes one row with a horizon drawn
 * uniformly from 1..T (`horizons: "random"`, default) or `T` rows, one per horizon
 * (`"all"`).
 *
 * @param windows training windows (`past` `[tau,K,Nt]`, `future` `[T,K,Nt]` complex).
 * @param options sizes, RF normalization, `rng` (needed for `"random"`), `horizons`.
 * @returns tensors with `B = windows.length` (or `windows.length * T`) rows.
 */
export function makeGanBatch(
  windows: readonly TrainingWindow[],
  options: ModelDims & RfNormalization & {
    readonly rng?: Rng;
    readonly horizons?: "random" | "all";
  },
): GanBatch {
  if (!Array.isArray(windows) || windows.length === 0) {
    throw new RangeError("windows must be a non-empty array");
  }
  const { K, Nt, T } = options;
  const mode = options.horizons ?? "random";
  if (mode !== "random" && mode !== "all") {
    throw new RangeError(`horizons must be "random" or "all", got ${mode}`);
  }
  if (mode === "random" && !options.rng) throw new TypeError("options.rng is required");
  const rows: ConditionRow[] = [];
  const per = K * Nt * 2;
  const targets: Float32Array[] = [];
  windows.forEach((w, i) => {
    const S = slotCount(`windows[${i}].future`, w.future, options);
    if (S !== T) throw new RangeError(`windows[${i}].future holds ${S} slots, expected T = ${T}`);
    const condition = buildCondition(w, options);
    const future = normalizeRows(w.future, condition.scales, options);
    const hs = mode === "all"
      ? Array.from({ length: T }, (_, t) => t + 1)
      : [1 + options.rng!.integer(T)];
    for (const horizon of hs) {
      assertInteger("horizon", horizon, { min: 1, max: T });
      rows.push({ condition, horizon });
      targets.push(future.subarray((horizon - 1) * per, horizon * per));
    }
  });
  const stacked = stackRows(rows, { T });
  const real = new Float32Array(rows.length * per);
  targets.forEach((t, i) => real.set(t, i * per));
  const B = rows.length;
  const tau = options.tau;
  return {
    real: tf.tensor4d(real, [B, K, Nt, 2]),
    history: tf.tensor4d(stacked.history, [B, K, Nt, 2 * tau]),
    scalars: tf.tensor2d(stacked.scalars, [B, stacked.scalars.length / B]),
  };
}
