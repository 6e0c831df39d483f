/**
 * QoS as a per-user SINR target in dB, and the outage (QoS-violation) metric over
 * (slot, user) samples. The paper under study names QoS but gives no threshold;
 * `docs/model.md` ("Energy-aware power control") records the choice.
 *
 * @example
 * ```ts
 * import { qosOutage } from "./qos.ts";
 * const r = qosOutage([[10, 2], [12, 8]], 5); // [slot][user] SINR in dB, target 5 dB
 * console.log(r.violations, r.samples, r.rate); // 1 4 0.25
 * ```
 *
 * @module
 */
import { assertFiniteNumber } from "../core/mod.ts";

/** The SINR target in dB of user `k`: one value for all users, or one per user `[K]`. */
export type SinrTargetDb = number | readonly number[];

/** Target in dB of user `k` (validated: finite). */
export function targetForUserDb(targetDb: SinrTargetDb, k: number): number {
  if (typeof targetDb === "number") {
    assertFiniteNumber("targetDb", targetDb);
    return targetDb;
  }
  const t = targetDb[k];
  if (t === undefined) {
    throw new RangeError(`targetDb has ${targetDb.length} entries, user ${k} has none`);
  }
  assertFiniteNumber(`targetDb[${k}]`, t);
  return t;
}

/** Outage over (slot, user) samples. */
export interface QosOutage {
  /** Active samples whose SINR is below the target. */
  readonly violations: number;
  /** Active samples counted. */
  readonly samples: number;
  /** `violations / samples`; NaN when no sample is active. */
  readonly rate: number;
  /** Violations per user `[K]`. */
  readonly violationsPerUser: readonly number[];
}

/**
 * Counts the active (slot, user) samples with `sinrDb[t][k] < target_k`.
 * `sinrDb` is `[T][K]` in dB (`-Infinity` allowed: a violation; NaN throws, naming the
 * sample). `active`, when given, is `[T][K]`: inactive samples are not counted.
 */
export function qosOutage(
  sinrDb: readonly (readonly number[])[],
  targetDb: SinrTargetDb,
  active?: readonly (readonly boolean[])[],
): QosOutage {
  if (active !== undefined && active.length !== sinrDb.length) {
    throw new RangeError(`active has ${active.length} slots, sinrDb has ${sinrDb.length}`);
  }
  const K = sinrDb.reduce((m, row) => Math.max(m, row.length), 0);
  const perUser = new Array<number>(K).fill(0);
  let violations = 0, samples = 0;
  sinrDb.forEach((row, t) => {
    if (active !== undefined && active[t].length !== row.length) {
      throw new RangeError(
        `active[${t}] has ${active[t].length} users, sinrDb[${t}] has ${row.length}`,
      );
    }
    row.forEach((s, k) => {
      if (typeof s !== "number" || Number.isNaN(s) || s === Infinity) {
        throw new RangeError(`sinrDb[${t}][${k}] must be a number or -Infinity, got ${s}`);
      }
      if (active !== undefined && !active[t][k]) return;
      samples++;
      if (s < targetForUserDb(targetDb, k)) {
        violations++;
        perUser[k]++;
      }
    });
  });
  return {
    violations,
    samples,
    rate: samples > 0 ? violations / samples : NaN,
    violationsPerUser: perUser,
  };
}
