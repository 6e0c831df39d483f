/**
 * UE-to-AP association: max-RSSI from a channel set, and the reactive baseline's
 * handover state machine with a detection window and a re-association delay.
 *
 * @module
 */
import { assertInteger, assertNonNegative, type ComplexMatrix } from "../core/mod.ts";

/**
 * Max-RSSI association: UE k goes to the AP with the largest matched-beam gain
 * `||h_{k,b}||^2` (equal transmit powers, so this is max received power). `[K]`.
 */
export function maxGainAssociation(channels: readonly ComplexMatrix[]): Int32Array {
  const k = channels[0].rows, nt = channels[0].cols;
  const out = new Int32Array(k);
  for (let u = 0; u < k; u++) {
    let best = -1, bestGain = -Infinity;
    channels.forEach((h, b) => {
      let g = 0;
      for (let n = u * nt; n < (u + 1) * nt; n++) g += h.re[n] * h.re[n] + h.im[n] * h.im[n];
      if (g > bestGain) {
        bestGain = g;
        best = b;
      }
    });
    out[u] = best;
  }
  return out;
}

/** Handover parameters of the reactive baseline. */
export interface HandoverOptions {
  /**
   * Consecutive synchronized reports in which the serving AP must be more than
   * `marginDb` below the best before the drop is declared (time-to-trigger). Default 3
   * (30 ms at 10 ms sync).
   */
  readonly detectionWindowSlots?: number;
  /** Slots between declaring the drop and serving from the new AP. Default 5 (50 ms). */
  readonly reassociationDelaySlots?: number;
  /** Hysteresis margin, dB. Default 3. */
  readonly marginDb?: number;
}

/** The defaults of {@link HandoverOptions}, stated once. */
export const DEFAULT_HANDOVER: Required<HandoverOptions> = {
  detectionWindowSlots: 3,
  reassociationDelaySlots: 5,
  marginDb: 3,
};

/**
 * The reactive baseline's association: starts from max-RSSI, then keeps each UE on
 * its AP until the drop is detected, and moves it only after the re-association delay.
 */
export function createHandoverTracker(options: HandoverOptions = {}) {
  const o = { ...DEFAULT_HANDOVER, ...options };
  assertInteger("options.detectionWindowSlots", o.detectionWindowSlots, { min: 1 });
  assertInteger("options.reassociationDelaySlots", o.reassociationDelaySlots, { min: 0 });
  assertNonNegative("options.marginDb", o.marginDb);
  let serving: Int32Array | null = null;
  let below: Int32Array;
  let pendingTarget: Int32Array;
  let pendingCountdown: Int32Array;
  return {
    /** Updates with the latest synchronized channels; returns the association to use now. */
    update(channels: readonly ComplexMatrix[]): Int32Array {
      const best = maxGainAssociation(channels);
      if (!serving) {
        serving = best.slice();
        below = new Int32Array(best.length);
        pendingTarget = new Int32Array(best.length).fill(-1);
        pendingCountdown = new Int32Array(best.length);
        return serving.slice();
      }
      const nt = channels[0].cols;
      const gain = (b: number, u: number) => {
        const h = channels[b];
        let g = 0;
        for (let n = u * nt; n < (u + 1) * nt; n++) g += h.re[n] * h.re[n] + h.im[n] * h.im[n];
        return g;
      };
      for (let u = 0; u < serving.length; u++) {
        if (pendingTarget[u] >= 0) {
          if (--pendingCountdown[u] <= 0) {
            serving[u] = pendingTarget[u];
            pendingTarget[u] = -1;
            below[u] = 0;
          }
          continue;
        }
        const s = serving[u], b = best[u];
        const deficitDb = 10 * Math.log10(gain(b, u) / gain(s, u));
        below[u] = b !== s && deficitDb > o.marginDb ? below[u] + 1 : 0;
        if (below[u] >= o.detectionWindowSlots) {
          if (o.reassociationDelaySlots === 0) {
            serving[u] = b;
            below[u] = 0;
          } else {
            pendingTarget[u] = b;
            pendingCountdown[u] = o.reassociationDelaySlots;
          }
        }
      }
      return serving.slice();
    },
  };
}
