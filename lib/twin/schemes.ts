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
import {
  type ApBeams,
  servedUesByAp,
  wczfBeams,
  type WczfOptions,
  zfBeams,
} from "../beamforming/mod.ts";
import { type ComplexMatrix, PAPER_HORIZON_SLOTS, Rng } from "../core/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import { createHandoverTracker, type HandoverOptions, maxGainAssociation } from "./association.ts";
import { slotChannels } from "./channels.ts";
import type { ChannelPredictor, TwinHistory } from "../channel/predictor.ts";

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
  const { horizon = PAPER_HORIZON_SLOTS } = options;
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

/**
 * Random beams: max-RSSI association on the last synchronized CSI, then an independent
 * isotropic unit-norm beam (i.i.d. complex Gaussian, normalized) per served UE, drawn
 * afresh every slot. A floor for reading the other schemes: a predictor whose beams do
 * no better than this carries no usable phase information. Expected SINR per UE is then
 * about `|h|^2 / Nt` of signal against the same per interfering beam, i.e. roughly
 * `1 / (number of beams)` before noise.
 *
 * @param rng seeded source of the beams (e.g. `createRng(seed).stream("random-beams")`).
 *
 * @example
 * ```ts
 * import { createRng } from "../core/mod.ts";
 * import { randomBeamsScheme } from "./schemes.ts";
 * const scheme = randomBeamsScheme(createRng(1).stream("random-beams"));
 * console.log(scheme.name); // "random beams"
 * ```
 */
export function randomBeamsScheme(rng: Rng, options: { name?: string } = {}): Scheme {
  if (!(rng instanceof Rng)) {
    throw new TypeError("rng must be an Rng (createRng(seed).stream(name))");
  }
  return {
    name: options.name ?? "random beams",
    decide(history) {
      const t0 = performance.now();
      const channels = history.channels(history.syncSlot);
      const servingAp = maxGainAssociation(channels);
      const nt = channels[0].cols;
      const beams = servedUesByAp(servingAp, channels.length).map((servedUes) => {
        const kb = servedUes.length;
        const re = new Float64Array(nt * kb), im = new Float64Array(nt * kb);
        for (let j = 0; j < kb; j++) {
          let norm = 0;
          for (let q = 0; q < nt; q++) {
            const a = rng.normal(), b = rng.normal();
            re[q * kb + j] = a;
            im[q * kb + j] = b;
            norm += a * a + b * b;
          }
          const inv = 1 / Math.sqrt(norm);
          for (let q = 0; q < nt; q++) {
            re[q * kb + j] *= inv;
            im[q * kb + j] *= inv;
          }
        }
        return { servedUes, weights: { rows: nt, cols: kb, re, im } };
      });
      return Promise.resolve({
        servingAp,
        beams,
        predictMs: 0,
        beamformMs: performance.now() - t0,
      });
    },
  };
}
