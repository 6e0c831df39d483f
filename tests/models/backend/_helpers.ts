/** Shared helpers of the backend tests. */
import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "../../../lib/models/backend/mod.ts";

/** Backends every numeric test runs on. */
export const BACKENDS = ["cpu", "wasm"] as const;

/** Switches to `name` (initializing wasm with 2 threads the first time). */
export async function useBackend(name: "cpu" | "wasm"): Promise<void> {
  const info = await setupBackend({ backend: name, threads: 2 });
  if (info.backend !== name) throw new Error(`backend ${name} unavailable: ${info.note}`);
}

/** Deterministic normal tensor. */
export function randn(shape: number[], seed: number, std = 1): tf.Tensor {
  return tf.randomNormal(shape, 0, std, "float32", seed);
}

/** max |a - b| / max |b|. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`length ${a.length} vs ${b.length}`);
  let d = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    n = Math.max(n, Math.abs(b[i]));
  }
  return n === 0 ? d : d / n;
}

/** Deno test options for tests that may start the wasm worker threads. */
export const WASM_TEST = { sanitizeOps: false, sanitizeResources: false } as const;
