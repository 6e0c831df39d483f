/**
 * Stacking row conditions and targets into the tensors the networks read.
 *
 * A *row* is one (AP sample, UE `k`, horizon `t`) triple. For `R` rows: `cond`
 * `[R, tau + T + E, 2 Nt]`, `scalars` `[R, 3 + T]` (see `condition.ts`), and for
 * training the target `real` `[R, 2 Nt]` = the row's future at slot `+t`, aligned to its
 * forecast and divided by the row gain (`alignedTargets`).
 *
 * @example
 * ```ts
 * import { stackRows } from "./batch.ts";
 * const dims = { K: 2, Nt: 2, tau: 1, T: 2, E: 0 };
 * const c = { slots: new Float32Array(2 * 3 * 4), rf: new Float32Array(6), scales: Float32Array.of(1, 1), dims };
 * const rows = stackRows([{ condition: c, k: 1, horizon: 2 }, { condition: c, k: 0, horizon: 1 }]);
 * console.log(rows.rows, rows.cond.length, rows.scalars.length); // 2 24 10
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, type Rng } from "../core/mod.ts";
import { type ApCondition, conditionSlots, rowScalars, scalarSize } from "./condition.ts";

/** One row to stack: an AP condition, the UE row `k` and the horizon `t` in 1..T. */
export interface ConditionRow {
  readonly condition: ApCondition;
  readonly k: number;
  readonly horizon: number;
}

/** Host-side stacked rows: `cond` `[R, S, 2 Nt]`, `scalars` `[R, 3 + T]`. */
export interface StackedRows {
  readonly cond: Float32Array;
  readonly scalars: Float32Array;
  /** Number of rows `R`. */
  readonly rows: number;
}

/**
 * Stacks rows on the host (no tensors).
 *
 * @param rows conditions (all with the same dims), UE rows and horizons.
 */
export function stackRows(rows: readonly ConditionRow[]): StackedRows {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new RangeError("rows must be a non-empty array");
  }
  const dims = rows[0].condition.dims;
  const per = conditionSlots(dims) * 2 * dims.Nt, sLen = scalarSize(dims);
  const cond = new Float32Array(rows.length * per);
  const scalars = new Float32Array(rows.length * sLen);
  rows.forEach((row, i) => {
    const c = row.condition;
    if (c.slots.length !== dims.K * per) {
      throw new RangeError(`rows[${i}].condition has different sizes than rows[0]`);
    }
    cond.set(c.slots.subarray(row.k * per, (row.k + 1) * per), i * per);
    scalars.set(rowScalars(c, { k: row.k, horizon: row.horizon }), i * sLen);
  });
  return { cond, scalars, rows: rows.length };
}

/** One training example for one AP: its row conditions and aligned future rows. */
export interface TrainingSample {
  readonly condition: ApCondition;
  /** `[K, T, 2 Nt]` normalized, aligned future rows (`alignedTargets`). */
  readonly future: Float32Array;
  /** The AP-level rare-event flag of the window. */
  readonly rareEvent: boolean;
}

/** A WGAN-GP batch on the device; dispose with {@link disposeBatch}. */
export interface GanBatch {
  /** Normalized, aligned target rows `[R, 2 Nt]`. */
  readonly real: tf.Tensor2D;
  /** `[R, S, 2 Nt]`. */
  readonly cond: tf.Tensor3D;
  /** `[R, 3 + T]`. */
  readonly scalars: tf.Tensor2D;
}

/** Disposes the tensors of a {@link GanBatch}. */
export function disposeBatch(batch: GanBatch): void {
  tf.dispose([batch.real, batch.cond, batch.scalars]);
}

/** The UE rows a sample contributes: all `K`, or `count` distinct ones drawn from `rng`. */
function pickRows(K: number, count: number, rng: Rng | undefined): number[] {
  const all = Array.from({ length: K }, (_, k) => k);
  if (count >= K) return all;
  if (!rng) throw new TypeError("options.rng is required to pick a subset of rows");
  for (let i = 0; i < count; i++) {
    const j = i + rng.integer(K - i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count);
}

/** Options of {@link makeGanBatch} and {@link makeLstmBatch}. */
export interface BatchOptions {
  /** Draws the row subset and the horizons (required unless every row and horizon is used). */
  readonly rng?: Rng;
  /** UE rows per sample (default all `K`). */
  readonly rowsPerSample?: number;
  /** `"random"` (default): one horizon per row drawn from 1..T; `"all"`: T rows per row. */
  readonly horizons?: "random" | "all";
}

/**
 * Builds a WGAN-GP batch from training samples: per sample `rowsPerSample` UE rows, each
 * with a random horizon (or every horizon), draws in sample order (rows, then horizons).
 *
 * @param samples from the dataset (`apSampleSource`).
 * @param options {@link BatchOptions}.
 */
export function makeGanBatch(
  samples: readonly TrainingSample[],
  options: BatchOptions = {},
): GanBatch {
  if (!Array.isArray(samples) || samples.length === 0) {
    throw new RangeError("samples must be a non-empty array");
  }
  const dims = samples[0].condition.dims;
  const { K, Nt, T } = dims;
  const mode = options.horizons ?? "random";
  if (mode !== "random" && mode !== "all") {
    throw new RangeError(`options.horizons must be "random" or "all", got ${mode}`);
  }
  if (mode === "random" && !options.rng) throw new TypeError("options.rng is required");
  const count = options.rowsPerSample ?? K;
  assertInteger("options.rowsPerSample", count, { min: 1 });
  const rows: ConditionRow[] = [];
  const targets: Float32Array[] = [];
  const F = 2 * Nt;
  for (const sample of samples) {
    for (const k of pickRows(K, count, options.rng)) {
      const hs = mode === "all"
        ? Array.from({ length: T }, (_, t) => t + 1)
        : [1 + options.rng!.integer(T)];
      for (const horizon of hs) {
        rows.push({ condition: sample.condition, k, horizon });
        const o = (k * T + horizon - 1) * F;
        targets.push(sample.future.subarray(o, o + F));
      }
    }
  }
  const stacked = stackRows(rows);
  const real = new Float32Array(rows.length * F);
  targets.forEach((t, i) => real.set(t, i * F));
  const R = rows.length, S = conditionSlots(dims);
  return {
    real: tf.tensor2d(real, [R, F]),
    cond: tf.tensor3d(stacked.cond, [R, S, F]),
    scalars: tf.tensor2d(stacked.scalars, [R, scalarSize(dims)]),
  };
}

/** An LSTM regression batch: `cond` `[R, S, 2 Nt]`, `future` `[R, T, 2 Nt]`. */
export interface LstmBatch {
  readonly cond: tf.Tensor3D;
  readonly future: tf.Tensor3D;
}

/**
 * Builds an LSTM batch: per sample `rowsPerSample` UE rows with all `T` future slots.
 *
 * @param samples from the dataset.
 * @param options `rng` and `rowsPerSample` ({@link BatchOptions}).
 */
export function makeLstmBatch(
  samples: readonly TrainingSample[],
  options: BatchOptions = {},
): LstmBatch {
  if (!Array.isArray(samples) || samples.length === 0) {
    throw new RangeError("samples must be a non-empty array");
  }
  const dims = samples[0].condition.dims;
  const { K, Nt, T } = dims;
  const count = options.rowsPerSample ?? K;
  assertInteger("options.rowsPerSample", count, { min: 1 });
  const rows: ConditionRow[] = [];
  const futures: Float32Array[] = [];
  const F = 2 * Nt;
  for (const sample of samples) {
    for (const k of pickRows(K, count, options.rng)) {
      rows.push({ condition: sample.condition, k, horizon: 1 });
      futures.push(sample.future.subarray(k * T * F, (k + 1) * T * F));
    }
  }
  const stacked = stackRows(rows);
  const future = new Float32Array(rows.length * T * F);
  futures.forEach((f, i) => future.set(f, i * T * F));
  const R = rows.length;
  return {
    cond: tf.tensor3d(stacked.cond, [R, conditionSlots(dims), F]),
    future: tf.tensor3d(future, [R, T, F]),
  };
}
