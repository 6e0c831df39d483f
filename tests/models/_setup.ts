/**
 * Test-local tfjs setup: the plain `cpu` backend and, only if none is registered yet, a
 * zero gradient for `Greater` (LeakyReLU's gradient uses it; WGAN-GP differentiates it
 * again). `lib/models/backend` registers the same in `setupBackend()`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/core/mod.ts";
import type { TrainingWindow } from "../../lib/models/batch.ts";

/** Selects the cpu backend and makes sure a `Greater` gradient exists. */
export async function setupTestBackend(): Promise<void> {
  tf.enableProdMode();
  await tf.setBackend("cpu");
  await tf.ready();
  if (!tf.getGradient("Greater")) {
    tf.registerGradient({
      kernelName: "Greater",
      inputsToSave: ["a", "b"],
      gradFunc: (_dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => ({
        a: () => tf.zerosLike(saved[0]),
        b: () => tf.zerosLike(saved[1]),
      }),
    });
  }
}

/** Tiny sizes used by the tests: K = 4 UEs, Nt = 8 antennas, tau = 2, T = 2. */
export const TINY = { K: 4, Nt: 8, tau: 2, T: 2 } as const;

const { K, Nt, tau, T } = TINY;

/** A window whose channel is constant over time: row k has amplitude (k + 1) * 1e-4. */
export function tinyWindow(seed: number): TrainingWindow {
  const rng = createRng(seed).stream("win");
  const fill = (S: number) => {
    const a = new Float32Array(S * K * Nt * 2);
    for (let s = 0; s < S; s++) {
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < Nt * 2; i++) {
          a[(s * K + k) * Nt * 2 + i] = (k + 1) * 1e-4 * (1 + 0.1 * rng.normal());
        }
      }
    }
    return a;
  };
  return {
    past: fill(tau),
    future: fill(T),
    rssiDbm: Array.from({ length: K }, (_, k) => -50 - 10 * k),
    beamIndex: Array.from({ length: K }, (_, k) => k * 21),
    rareEvent: seed % 2 === 0,
  };
}
