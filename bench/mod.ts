/**
 * `deno task bench`: runs every benchmark in sequence and writes JSON results under
 * `bench/results/`. Each benchmark also runs alone as a script.
 *
 * @module
 */
import { runChannelBench } from "./channel_bench.ts";

const benches: Record<string, () => Promise<unknown>> = {
  channel: runChannelBench,
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
