/**
 * Test set-up of the model tests: `setupBackend({ backend: "cpu" })` of lib/models/backend
 * (the plain cpu backend plus the second-order gradient fixes, e.g. the `Greater`
 * gradient that LeakyReLU's gradient needs under the WGAN-GP penalty).
 *
 * @module
 */
import { createRng } from "../../lib/core/mod.ts";
import type { TrainingWindow } from "../../lib/models/batch.ts";
import { setupBackend } from "../../lib/models/backend/mod.ts";

/** Selects the cpu backend with the project's gradient fixes. */
export async function setupTestBackend(): Promise<void> {
  await setupBackend({ backend: "cpu" });
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
