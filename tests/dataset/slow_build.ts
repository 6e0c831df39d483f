/**
 * Subprocess of resume_test.ts: builds a SYNTHETIC dataset slowly so the test can kill
 * it (SIGKILL) mid-way. Usage:
 * `deno run --allow-read --allow-write=DIR,LOG slow_build.ts DIR LOG DELAY_MS EPISODES S A K NT`
 *
 * Appends the index of every generated episode to LOG, and prints `done <n>` on stdout
 * after every finished shard.
 */
import { buildDataset } from "../../lib/dataset/mod.ts";
import { syntheticEpisode, syntheticPreset, TEST_CODE_VERSION } from "./synthetic.ts";

const [outDir, log, delay, episodes, S, A, K, Nt] = Deno.args;
const dims = { S: Number(S), A: Number(A), K: Number(K), Nt: Number(Nt) };
const encoder = new TextEncoder();
await buildDataset({
  outDir,
  preset: syntheticPreset({ episodeCount: Number(episodes), dims }),
  seed: 7,
  codeVersion: TEST_CODE_VERSION,
  generateEpisode: async (i, rng) => {
    await Deno.writeTextFile(log, `${i}\n`, { append: true });
    await new Promise((r) => setTimeout(r, Number(delay)));
    return syntheticEpisode(i, { rng, dims });
  },
  onProgress: (e) => {
    Deno.stdout.writeSync(encoder.encode(`done ${e.done}\n`));
  },
});
