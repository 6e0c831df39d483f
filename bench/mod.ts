/**
 * `deno task bench`: runs every benchmark in sequence and writes JSON results under
 * `bench/results/`. Each benchmark also runs alone as a script.
 *
 * @module
 */
import { runChannelBench } from "./channel_bench.ts";
import { runDatasetBench } from "./dataset_bench.ts";
import { runDecisionBench } from "./decision_bench.ts";
import { runModelsBench } from "./models_bench.ts";
import { runControlLoopBench } from "./control_loop_bench.ts";
import { runTfjsBackendBench } from "./tfjs_backend_bench.ts";
import { runWczfBench } from "./wczf_bench.ts";

const benches: Record<string, () => Promise<unknown>> = {
  channel: runChannelBench,
  dataset: runDatasetBench,
  control_loop: runControlLoopBench,
  decision: runDecisionBench,
  models: runModelsBench,
  tfjs_backend: runTfjsBackendBench,
  wczf: runWczfBench,
};

const only = Deno.args.length > 0 ? Deno.args : Object.keys(benches);
for (const name of only) {
  const run = benches[name];
  if (!run) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(benches).join(", ")}`);
    Deno.exit(2);
  }
  console.log(`== ${name}`);
  await run();
}
// tfjs's wasm worker threads keep the process alive.
Deno.exit(0);
