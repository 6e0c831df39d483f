/**
 * The schemes the control loop compares. Each decides, from the twin's history up to
 * the last synchronized slot, the association and the beams applied in the next slot.
 *
 * - reactive baseline: ZF on the last synchronized CSI with the handover state machine
 *   of `association.ts` (the paper's "Baseline");
 * - predictive WC-ZF: any {@link ChannelPredictor} (oracle, AR(1), LSTM-DT, cGAN-DT)
 *   feeding the same WC-ZF (eq. (16)); association is max-RSSI on the predicted next
 *   slot (proactive: no detection delay);
 * - genie ZF: ZF on the true channel of the slot itself (zero latency, zero error), a
 *   reference the paper does not draw.
 *
 * @module
 */
import { type ApBeams, wczfBeams, type WczfOptions, zfBeams } from "../beamforming/mod.ts";
import type { ComplexMatrix } from "../core/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import { createHandoverTracker, type HandoverOptions, maxGainAssociation } from "./association.ts";
import { slotChannels } from "./channels.ts";
import type { ChannelPredictor, TwinHistory } from "./predictor.ts";

/** What a scheme applies in one slot. */
export interface SlotDecision {
  /** `[K]` serving AP per UE. */
  readonly servingAp: Int32Array;
  /** Per AP, unit-norm beams `[Nt, K_b]` for its served UEs. */
  readonly beams: ApBeams[];
  /** Time spent predicting, ms (0 for schemes without a predictor). */
  readonly predictMs: number;
  /** Time spent computing beams, ms. */
  readonly beamformMs: number;
}

/** A beamforming scheme of the control loop. */
export interface Scheme {
  readonly name: string;
  /** Decides the next slot (`history.syncSlot + 1`). Schemes may keep state across slots. */
  decide(history: TwinHistory): Promise<SlotDecision>;
}

/** The reactive baseline: ZF on one-slot-old CSI, reactive handover. */
export function reactiveZfScheme(options: HandoverOptions = {}): Scheme {
  const handover = createHandoverTracker(options);
  return {
    name: "baseline",
    decide(history) {
      const t0 = performance.now();
      const channels = history.channels(history.syncSlot);
      const servingAp = handover.update(channels);
      const beams = zfBeams(channels, { servingAp });
      return Promise.resolve({
        servingAp,
        beams,
        predictMs: 0,
        beamformMs: performance.now() - t0,
      });
    },
  };
}

/** Mean over trajectories of the predicted first slot (for association). */
function meanFirstSlot(scenarios: ReadonlyArray<ReadonlyArray<readonly ComplexMatrix[]>>) {
  if (scenarios.length === 1) return scenarios[0][0];
  // Association needs powers, not phases: average |h|^2 entry-wise and use its root.
  return scenarios[0][0].map((h0, b) => {
    const re = new Float64Array(h0.re.length);
    for (const traj of scenarios) {
      const h = traj[0][b];
      for (let i = 0; i < re.length; i++) re[i] += h.re[i] * h.re[i] + h.im[i] * h.im[i];
    }
    for (let i = 0; i < re.length; i++) re[i] = Math.sqrt(re[i] / scenarios.length);
    return { rows: h0.rows, cols: h0.cols, re, im: new Float64Array(re.length) };
  });
}

/** WC-ZF driven by a predictor's `M x T` scenarios. */
export function predictiveWczfScheme(
  predictor: ChannelPredictor,
  options: { horizon?: number; name?: string; wczf?: Omit<WczfOptions, "servingAp"> } = {},
): Scheme {
  const { horizon = 5 } = options;
  return {
    name: options.name ?? predictor.name,
    async decide(history) {
      const t0 = performance.now();
      const scenarios = await predictor.predict(history, horizon);
      const t1 = performance.now();
      const servingAp = maxGainAssociation(meanFirstSlot(scenarios));
      const { beams } = wczfBeams(scenarios, { ...options.wczf, servingAp });
      return { servingAp, beams, predictMs: t1 - t0, beamformMs: performance.now() - t1 };
    },
  };
}

/** ZF on the true channel of the decided slot itself: a zero-latency reference. */
export function genieZfScheme(episode: Episode): Scheme {
  return {
    name: "genie-zf",
    decide(history) {
      const t0 = performance.now();
      const slot = Math.min(episode.slotCount - 1, history.syncSlot + 1);
      const channels = slotChannels(episode, slot);
      const servingAp = maxGainAssociation(channels);
      const beams = zfBeams(channels, { servingAp });
      return Promise.resolve({
        servingAp,
        beams,
        predictMs: 0,
        beamformMs: performance.now() - t0,
      });
    },
  };
}
