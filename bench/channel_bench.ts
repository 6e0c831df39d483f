/**
 * Channel-synthesis throughput: paths and channel matrices per second for the
 * office scene, 3 APs x 30 UEs, at reflection orders 1, 2 and 5.
 *
 * Run: `deno task bench` (all benchmarks) or
 * `deno run --allow-read --allow-write=./bench/results --allow-sys bench/channel_bench.ts`.
 *
 * @module
 */
import { createRng, type Vec3 } from "../lib/core/mod.ts";
import { createChannelModel } from "../lib/channel/mod.ts";
import { loadNamedScene } from "../lib/scene/mod.ts";
import { time, writeResult } from "./harness.ts";

/** Runs the benchmark and writes `bench/results/channel.json`. */
export async function runChannelBench(): Promise<Record<string, unknown>> {
  const scene = await loadNamedScene("office");
  const rng = createRng(1).stream("bench-ue-positions");
  const ues: Vec3[] = Array.from({ length: 30 }, () => [
    rng.uniformIn(0.5, scene.room.size[0] - 0.5),
    rng.uniformIn(0.5, scene.room.size[1] - 0.5),
    scene.ueHeightM,
  ]);
  const rows = [];
  for (const order of [1, 2, 5]) {
    const buildStart = performance.now();
    const model = createChannelModel(scene, { maxReflectionOrder: order });
    const buildMs = performance.now() - buildStart;
    let pathCount = 0;
    for (let b = 0; b < model.apCount; b++) {
      for (const p of ues) pathCount += model.paths(b, p).length;
    }
    const links = model.apCount * ues.length;
    const runs = order === 5 ? 5 : 15;
    const timing = await time(() => model.channelMatrices(ues), { runs, warmup: 1 });
    const row = {
      reflectionOrder: order,
      aps: model.apCount,
      ues: ues.length,
      imageTreeBuildMs: buildMs,
      pathsPerLinkMean: pathCount / links,
      channelSetMedianMs: timing.medianMs,
      channelSetP95Ms: timing.p95Ms,
      runs: timing.runs,
      linksPerSecond: links / (timing.medianMs / 1000),
      pathsPerSecond: pathCount / (timing.medianMs / 1000),
      channelMatrixSetsPerSecond: 1000 / timing.medianMs,
    };
    console.log(
      `order ${order}: ${row.pathsPerLinkMean.toFixed(1)} paths/link, ` +
        `3x30 channel set median ${timing.medianMs.toFixed(1)} ms (p95 ${
          timing.p95Ms.toFixed(1)
        }), ` +
        `${row.pathsPerSecond.toFixed(0)} paths/s, ${row.linksPerSecond.toFixed(0)} links/s`,
    );
    rows.push(row);
  }
  const result = {
    scene: scene.name,
    materialSet: "itu",
    note: "one 'channel set' = the [30, 64] matrices of all 3 APs, paths retraced from scratch",
    results: rows,
  };
  const path = await writeResult("channel", result);
  console.log(`wrote ${path}`);
  return result;
}

if (import.meta.main) await runChannelBench();
