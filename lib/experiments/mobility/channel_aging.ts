/**
 * Channel aging of an episode: how similar each UE's channel to its strongest AP is
 * after `lag` slots, as the raw entry-wise correlation and as the signature
 * correlation (common phase ignored; see `lib/metrics/correlation.ts`). At 73 GHz a UE
 * walking at 1 m/s moves 2.4 wavelengths per 10 ms slot: the raw correlation is gone
 * after one slot while the spatial signature, which is what a beam needs, stays. This
 * is why one-slot-old CSI still supports ZF, and why an entry-wise loss (NMSE, MSE)
 * pushes a forecaster towards predicting zero.
 *
 * @module
 */
import { assertInteger } from "../../core/mod.ts";
import { rowCorrelations } from "../../metrics/mod.ts";
import type { Episode } from "../../mobility/mod.ts";
import { maxGainAssociation, slotChannels } from "../../twin/mod.ts";

/** Mean correlations at one lag. */
export interface ChannelAgingRow {
  lagSlots: number;
  lagMs: number;
  /** Mean over (slot, UE) of `Re <h_t, h_{t+lag}> / (|h_t| |h_{t+lag}|)`. */
  rawCorrelation: number;
  /** Mean over (slot, UE) of `|<h_t, h_{t+lag}>| / (|h_t| |h_{t+lag}|)`. */
  signatureCorrelation: number;
  /** (slot, UE) pairs averaged. */
  samples: number;
}

/**
 * Mean raw and signature correlation per lag, over UEs and every `everySlots`-th
 * start slot, on each UE's strongest AP at the start slot.
 *
 * @param episode a simulated episode.
 * @param options `maxLag` (slots, default 5), `everySlots` (default 5).
 *
 * @example
 * ```ts ignore
 * const rows = channelAgingRows(episode, { maxLag: 5 });
 * console.table(rows); // raw ~0.05, signature ~0.8 at 73 GHz and walking speed
 * ```
 */
export function channelAgingRows(
  episode: Episode,
  options: { maxLag?: number; everySlots?: number } = {},
): ChannelAgingRow[] {
  const { maxLag = 5, everySlots = 5 } = options;
  assertInteger("options.maxLag", maxLag, { min: 1, max: episode.slotCount - 1 });
  assertInteger("options.everySlots", everySlots, { min: 1 });
  const slotMs = episode.slotDurationS * 1000;
  const raw = new Float64Array(maxLag + 1), sig = new Float64Array(maxLag + 1);
  const count = new Int32Array(maxLag + 1);
  for (let s = 0; s + maxLag < episode.slotCount; s += everySlots) {
    const now = slotChannels(episode, s);
    const best = maxGainAssociation(now);
    for (let lag = 1; lag <= maxLag; lag++) {
      const later = slotChannels(episode, s + lag);
      const perAp = now.map((h, b) => rowCorrelations(h, later[b]));
      best.forEach((b, k) => {
        const r = perAp[b].raw[k], g = perAp[b].signature[k];
        if (Number.isNaN(r)) return;
        raw[lag] += r;
        sig[lag] += g;
        count[lag]++;
      });
    }
  }
  return Array.from({ length: maxLag }, (_, i) => {
    const lag = i + 1;
    return {
      lagSlots: lag,
      lagMs: lag * slotMs,
      rawCorrelation: raw[lag] / count[lag],
      signatureCorrelation: sig[lag] / count[lag],
      samples: count[lag],
    };
  });
}
