/**
 * Child process of the kill-and-resume test: trains the tiny preset for many epochs on
 * the dataset `Deno.args[0]` into `Deno.args[1]`, printing `epoch N` after each
 * checkpoint, until it is killed.
 *
 * @module
 */
import { setupBackend } from "../../lib/models/backend/mod.ts";
import { trainModels } from "../../lib/models/train.ts";
import { TINY_PRESET } from "./_train_fixture.ts";

await setupBackend({ backend: "cpu" });
await trainModels({
  dataset: Deno.args[0],
  outDir: Deno.args[1],
  preset: TINY_PRESET,
  epochs: 1000,
  onEpoch: (r) => console.log(`epoch ${r.epoch}`),
});
Deno.exit(0);
