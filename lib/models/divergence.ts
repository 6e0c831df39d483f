/**
 * Divergence detection for training loops: stop with a clear message on a NaN/Inf or
 * exploding loss, *before* the next checkpoint is written, so the last good checkpoint
 * (written atomically by `checkpoint.ts`) stays the newest one on disk.
 *
 * @example
 * ```ts
 * import { checkLosses, DivergenceError } from "./divergence.ts";
 * checkLosses({ criticLoss: -1.2, generatorLoss: 0.3 }, { step: 10 }); // fine
 * try {
 *   checkLosses({ criticLoss: NaN }, { step: 11, lastCheckpoint: "out/ckpt/gan" });
 * } catch (e) {
 *   if (!(e instanceof DivergenceError) || e.step !== 11) throw e;
 * }
 * ```
 *
 * @module
 */
import { assertInteger, assertPositive } from "../core/mod.ts";

/** Thrown by {@link checkLosses}; names the step, the loss and its value. */
export class DivergenceError extends Error {
  /** Training step at which the bad value appeared. */
  readonly step: number;
  /** Name of the offending loss. */
  readonly loss: string;
  /** Its value. */
  readonly value: number;

  /** @param info step, loss name, value and the message. */
  constructor(info: { step: number; loss: string; value: number; message: string }) {
    super(info.message);
    this.name = "DivergenceError";
    this.step = info.step;
    this.loss = info.loss;
    this.value = info.value;
  }
}

/**
 * Throws {@link DivergenceError} if any loss is not finite or `|loss| > maxAbs`.
 *
 * @param losses named loss values of one step.
 * @param options `step` (integer >= 0), `maxAbs` (default 1e6), `lastCheckpoint` (path,
 *   quoted in the message).
 */
export function checkLosses(
  losses: Readonly<Record<string, number>>,
  options: { readonly step: number; readonly maxAbs?: number; readonly lastCheckpoint?: string },
): void {
  assertInteger("step", options.step, { min: 0 });
  const maxAbs = options.maxAbs ?? 1e6;
  assertPositive("maxAbs", maxAbs);
  for (const [loss, value] of Object.entries(losses)) {
    const bad = typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > maxAbs;
    if (!bad) continue;
    const kept = options.lastCheckpoint
      ? `the last good checkpoint is kept at ${options.lastCheckpoint}`
      : "no checkpoint was written after the previous good step";
    throw new DivergenceError({
      step: options.step,
      loss,
      value,
      message: `training diverged at step ${options.step}: ${loss} = ${value}` +
        (Number.isFinite(value) ? ` (|value| > ${maxAbs})` : "") +
        `; stopping, ${kept}. Try adam: "wgan-gp" (1e-4, 0, 0.9) or a lower learning rate`,
    });
  }
}
