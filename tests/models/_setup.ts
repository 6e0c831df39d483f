/**
 * Test set-up of the model tests: `setupBackend({ backend: "cpu" })` of lib/models/backend
 * (the plain cpu backend plus the second-order gradient fixes, e.g. the `Greater`
 * gradient that LeakyReLU's gradient needs under the WGAN-GP penalty), tiny problem
 * sizes, a synthetic multipath episode and the training samples cut from it.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import type { LinearPredictorOptions, TwinHistory } from "../../lib/channel/mod.ts";
import { type Episode, slotChannelMatrices } from "../../lib/mobility/mod.ts";
import type { TrainingSample } from "../../lib/models/batch.ts";
import { alignedTargets, apConditions, type ModelDims } from "../../lib/models/condition.ts";
import { setupBackend } from "../../lib/models/backend/mod.ts";
import { episodeHistory } from "../../lib/twin/history.ts";
import { syntheticEpisode } from "../twin/fixtures.ts";

/** Selects the cpu backend with the project's gradient fixes. */
export async function setupTestBackend(): Promise<void> {
  await setupBackend({ backend: "cpu" });
}

/** Tiny sizes used by the tests: K = 4 UEs, Nt = 8 antennas, tau = 4, T = 2, E = 2. */
export const TINY: ModelDims = Object.freeze({ K: 4, Nt: 8, tau: 4, T: 2, E: 2 });

/** Linear-forecast settings of the tiny tests (`fitSlots` = `tau`). */
export const TINY_LINEAR: LinearPredictorOptions = Object.freeze({ order: 2, fitSlots: 4 });

/** APs and slots of {@link tinyEpisode}. */
export const TINY_EPISODE = Object.freeze({ aps: 2, slots: 24 });

/**
 * A synthetic multipath episode with the {@link TINY} sizes: every (AP, UE) row is a sum
 * of three plane waves (random Doppler, spatial frequency and phase) plus 1 % white
 * noise, with row gain `(k + 1) 1e-4`, so the linear forecast of order 2 is close but not
 * exact. The rare-event flag is set on slots 10 and 11.
 */
export function tinyEpisode(seed: number): Episode {
  const { K, Nt } = TINY, { aps, slots } = TINY_EPISODE;
  const rng = createRng(seed).stream("tiny-episode");
  const paths = Array.from({ length: aps * K }, () =>
    Array.from({ length: 3 }, () => ({
      amp: 0.4 + rng.uniform(),
      doppler: 0.6 * (rng.uniform() - 0.5),
      spatial: Math.PI * (rng.uniform() - 0.5),
      phase: 2 * Math.PI * rng.uniform(),
    })));
  const noise = Array.from({ length: slots * aps * K * Nt * 2 }, () => 0.01 * rng.normal());
  const episode = syntheticEpisode({ slots, aps, ues: K, antennas: Nt }, (s, b, k, n) => {
    let re = 0, im = 0;
    for (const p of paths[b * K + k]) {
      const a = p.doppler * s + p.spatial * n + p.phase;
      re += p.amp * Math.cos(a);
      im += p.amp * Math.sin(a);
    }
    const i = 2 * (((s * aps + b) * K + k) * Nt + n);
    return [(k + 1) * 1e-4 * (re + noise[i]), (k + 1) * 1e-4 * (im + noise[i + 1])];
  });
  episode.rareEvent[10] = 1;
  episode.rareEvent[11] = 1;
  return episode;
}

/** The twin's view of {@link tinyEpisode}`(seed)` at `syncSlot`. */
export function tinyHistory(seed: number, syncSlot: number): TwinHistory {
  return episodeHistory(tinyEpisode(seed), { syncSlot });
}

/**
 * Training samples of the tiny episode: for each sync slot, one sample per AP (its
 * conditions at the slot and the aligned future rows of the next `T` slots).
 *
 * @param seed episode seed.
 * @param syncSlots sync slots (each in `fitSlots - 1 .. slots - 1 - T`).
 */
export function tinySamples(seed: number, syncSlots: readonly number[]): TrainingSample[] {
  const episode = tinyEpisode(seed);
  return syncSlots.flatMap((syncSlot) => {
    const conditions = apConditions(episodeHistory(episode, { syncSlot }), {
      dims: TINY,
      linear: TINY_LINEAR,
    });
    return conditions.map((condition, b) => {
      const future = Array.from(
        { length: TINY.T },
        (_, t) => slotChannelMatrices(episode, syncSlot + 1 + t)[b],
      );
      return {
        condition,
        future: alignedTargets(condition, future),
        rareEvent: condition.rf[2] === 1,
      };
    });
  });
}

/** A seeded `N(0, scale^2)` tensor of `shape`. */
export function randomTensor(seed: string, shape: number[], scale = 1): tf.Tensor {
  const rng = createRng(7).stream(seed);
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < v.length; i++) v[i] = scale * rng.normal();
  return tf.tensor(v, shape);
}

/**
 * Model scalars `[R, 3 + T]`: random RSSI and beam, flag 0/1 alternating, and the one-hot
 * of `horizons[r]` (1..T).
 */
export function scalarsTensor(seed: string, horizons: readonly number[], T: number): tf.Tensor2D {
  const rng = createRng(7).stream(seed);
  const v = new Float32Array(horizons.length * (3 + T));
  horizons.forEach((h, r) => {
    v[r * (3 + T)] = rng.normal();
    v[r * (3 + T) + 1] = 2 * rng.uniform() - 1;
    v[r * (3 + T) + 2] = r % 2;
    v[r * (3 + T) + 3 + h - 1] = 1;
  });
  return tf.tensor2d(v, [horizons.length, 3 + T]);
}

/**
 * Gives the generator's zero-initialized output layers (`g_coeffs`, `g_residual`) seeded
 * random weights of standard deviation `scale`, so that its output depends on `z` and
 * moves away from the forecast.
 */
export function randomizeAnchorHead(generator: tf.LayersModel, seed: number, scale = 0.1) {
  const rng = createRng(seed).stream("anchor-head");
  for (const name of ["g_coeffs", "g_residual"]) {
    const layer = generator.getLayer(name);
    const weights = layer.getWeights().map((w) => {
      const v = new Float32Array(w.size);
      for (let i = 0; i < v.length; i++) v[i] = scale * rng.normal();
      return tf.tensor(v, w.shape);
    });
    layer.setWeights(weights);
    tf.dispose(weights);
  }
}
