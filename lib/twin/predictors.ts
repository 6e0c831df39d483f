/**
 * Predictors that need no training: the oracle (true future), sample-and-hold, and a
 * classical per-entry AR(1) extrapolation. The learned predictors (LSTM-DT, cGAN-DT)
 * implement the same {@link ChannelPredictor} interface in lib/models.
 *
 * @module
 */
import { assertInteger, type ComplexMatrix, complexMatrix } from "../core/mod.ts";
import type { WczfScenarios } from "../beamforming/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import { slotChannels } from "./channels.ts";
import type { ChannelPredictor, TwinHistory } from "../channel/predictor.ts";
import {
  linearFeatures,
  type ResidualScenarioOptions,
  residualScenarios,
  residualScenarioSettings,
} from "../channel/linear_prediction.ts";

/**
 * The oracle: the true channels of the next `T` slots (the paper's upper bound). It
 * reads the episode directly, the only predictor allowed to; past the episode's end it
 * repeats the last slot.
 */
export function createOraclePredictor(episode: Episode): ChannelPredictor {
  return {
    name: "oracle",
    trajectories: 1,
    predict(history: TwinHistory, horizon: number): WczfScenarios {
      const slots = Array.from(
        { length: horizon },
        (_, t) => slotChannels(episode, Math.min(episode.slotCount - 1, history.syncSlot + 1 + t)),
      );
      return [slots];
    },
  };
}

/**
 * The perfect-CSI reference of the scenario schemes: the true channels of the next `T`
 * slots (as the oracle) plus the same residual scenarios as
 * `createResidualScenarioPredictor`: scenario `i` adds `errorScale` times the linear
 * predictor's `i`-th most recent one-step error to the truth. It shows what WC-ZF over
 * that scenario spread reaches when the forecast itself is exact. The errors live in the
 * linear predictor's aligned frame (module doc of `linear_prediction.ts`): with a UE
 * oscillator phase on, they are rotated against the true rows, so use it with the
 * oscillator off.
 */
export function createTrueNextScenarioPredictor(
  episode: Episode,
  options: ResidualScenarioOptions = {},
): ChannelPredictor {
  const oracle = createOraclePredictor(episode);
  const { errorSlots, errorScale } = residualScenarioSettings(options);
  return {
    name: options.name ?? "true-next+scenarios",
    trajectories: errorSlots + 1,
    predict(history: TwinHistory, horizon: number): WczfScenarios {
      const truth = (oracle.predict(history, horizon) as WczfScenarios)[0] as ComplexMatrix[][];
      const f = linearFeatures(history, { ...options, horizon: 1, errorSlots });
      return residualScenarios(truth, f, { errorScale });
    },
  };
}

/** Sample-and-hold: the last synchronized channels, repeated over the horizon. */
export function createHoldPredictor(): ChannelPredictor {
  return {
    name: "hold",
    trajectories: 1,
    predict(history: TwinHistory, horizon: number): WczfScenarios {
      const last = history.channels(history.syncSlot);
      return [Array.from({ length: horizon }, () => last)];
    },
  };
}

/**
 * Classical predictor: every channel entry follows its own AR(1) process
 * `h[s+1] = r h[s]`, with `r` fitted by least squares over the last `historySlots`
 * slots, `r = sum h[s] conj(h[s-1]) / sum |h[s-1]|^2`, and `|r|` capped at 1. For a
 * UE moving at constant velocity a single path rotates by a fixed phase per slot, so
 * this captures the Doppler of the dominant path of each entry; it cannot foresee a
 * blockage. The paper has no classical baseline; a reviewer would ask for one.
 */
export function createArPredictor(options: { historySlots?: number } = {}): ChannelPredictor {
  const { historySlots = 4 } = options;
  assertInteger("options.historySlots", historySlots, { min: 2 });
  return {
    name: "ar1",
    trajectories: 1,
    predict(history: TwinHistory, horizon: number): WczfScenarios {
      const s = history.syncSlot;
      const first = Math.max(0, s - historySlots + 1);
      const past = [];
      for (let slot = first; slot <= s; slot++) past.push(history.channels(slot));
      const out: ComplexMatrix[][] = Array.from({ length: horizon }, () => []);
      for (let b = 0; b < history.apCount; b++) {
        const last = past[past.length - 1][b];
        const n = last.re.length;
        const steps = Array.from({ length: horizon }, () => complexMatrix(last.rows, last.cols));
        for (let i = 0; i < n; i++) {
          let numRe = 0, numIm = 0, den = 0;
          for (let p = 1; p < past.length; p++) {
            const a = past[p][b], c = past[p - 1][b];
            // h[s] conj(h[s-1])
            numRe += a.re[i] * c.re[i] + a.im[i] * c.im[i];
            numIm += a.im[i] * c.re[i] - a.re[i] * c.im[i];
            den += c.re[i] * c.re[i] + c.im[i] * c.im[i];
          }
          let rRe = den > 0 ? numRe / den : 1;
          let rIm = den > 0 ? numIm / den : 0;
          const mag = Math.hypot(rRe, rIm);
          if (mag > 1) {
            rRe /= mag;
            rIm /= mag;
          }
          let hRe = last.re[i], hIm = last.im[i];
          for (let t = 0; t < horizon; t++) {
            const nr = hRe * rRe - hIm * rIm;
            hIm = hRe * rIm + hIm * rRe;
            hRe = nr;
            steps[t].re[i] = hRe;
            steps[t].im[i] = hIm;
          }
        }
        steps.forEach((m, t) => out[t].push(m));
      }
      return [out];
    },
  };
}
