/** Shared set-up of the dataset tests: builds SYNTHETIC datasets in temp folders. */
import { buildDataset, type BuildDatasetResult } from "../../lib/dataset/mod.ts";
import {
  type SyntheticDims,
  syntheticEpisode,
  syntheticPreset,
  TEST_CODE_VERSION,
} from "./synthetic.ts";

/** Small synthetic dims: S = 30 slots, A = 3, K = 4, Nt = 8. */
export const SMALL: SyntheticDims = Object.freeze({ S: 30, A: 3, K: 4, Nt: 8 });

/** Builds a synthetic dataset; returns the result and a counter of generated episodes. */
export async function buildSynthetic(
  outDir: string,
  options: {
    readonly episodeCount?: number;
    readonly seed?: number;
    readonly dims?: SyntheticDims;
    readonly force?: boolean;
  } = {},
): Promise<BuildDatasetResult & { readonly calls: number[] }> {
  const dims = options.dims ?? SMALL;
  const calls: number[] = [];
  const result = await buildDataset({
    outDir,
    preset: syntheticPreset({ episodeCount: options.episodeCount ?? 10, dims }),
    seed: options.seed ?? 7,
    force: options.force,
    codeVersion: TEST_CODE_VERSION,
    generateEpisode: (i, rng) => {
      calls.push(i);
      return syntheticEpisode(i, { rng, dims });
    },
  });
  return { ...result, calls };
}

/** Runs `fn` with a fresh temp folder, removed afterwards. */
export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dataset-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
