/**
 * Dataset build cost: per-slot time of the episode simulator by stage (tracing,
 * tracking, body losses, channel rows, association/beams, reference SINR map) on a
 * couple of `paper`-preset episodes, plus the time to write and checksum one shard,
 * extrapolated to the `paper` preset (51 x 1 000 slots) with one worker per core. The
 * real full build is too long for a benchmark run; its measured wall time is recorded
 * here by hand (`MEASURED_PAPER_BUILD`) and copied into the JSON.
 *
 *     deno run --allow-read --allow-write=./bench/results,/tmp --allow-env --allow-sys bench/dataset_bench.ts
 *
 * @module
 */
import { createRng } from "../lib/core/mod.ts";
import { datasetPreset, episodeConfigOfPreset, writeShard } from "../lib/dataset/mod.ts";
import { createSimulationProfile, simulateEpisode } from "../lib/mobility/mod.ts";
import { loadNamedScene } from "../lib/scene/mod.ts";
import { writeResult } from "./harness.ts";

/**
 * The one real `paper` build measured on the 2-core development machine (filled in by
 * hand after running the command; the machine was shared with other sessions' jobs).
 */
export const MEASURED_PAPER_BUILD = {
  command:
    "time deno task dataset --preset paper --force --out /tmp/ds-paper --workers 2  (tracer of eae4ac7)",
  completed: true,
  episodesDone: 51,
  elapsedS: 127.8,
  extrapolatedWallS: 127.8,
  note: "complete build in 2 min 7.8 s (user 240.8 s, sys 9.1 s), 2026-11-27 16:06 UTC, load " +
    "average 0.93 at the start (quiet machine). Earlier runs joined by other sessions' jobs: " +
    "3 min 43.6 s (c541e7d, load 1.8 -> 4.2) and 4 min 29.8 s (load 0.9 -> 4.6). Episodes 0, " +
    "10, 25, 40 and 50 re-simulated with the code before the speed-up (e40f10c) are " +
    "byte-identical to the shard files. Before the speed-up: stopped at 22/51 episodes after " +
    "326 s at load 4-5 (about 756 s extrapolated); see bench/results/profile_dataset.md",
};

/** The 1-, 5- and 15-minute load averages, or null without `--allow-sys`. */
function loadAverage(): number[] | null {
  try {
    return Deno.loadavg().map((x) => Math.round(x * 100) / 100);
  } catch {
    return null;
  }
}

/** Runs the benchmark and writes bench/results/dataset.json. */
export async function runDatasetBench(
  options: { episodes?: number; slots?: number } = {},
): Promise<Record<string, unknown>> {
  const { episodes = 2, slots = 300 } = options;
  const loadAtStart = loadAverage();
  const preset = datasetPreset("paper");
  const scene = await loadNamedScene(preset.sceneName);
  const config = { ...episodeConfigOfPreset(preset), slotCount: slots };
  const profile = createSimulationProfile();
  let last = null;
  for (let e = 0; e < episodes; e++) {
    last = simulateEpisode(scene, config, createRng(11).stream(`episode-${e}`).nextUint32(), {
      profile,
    });
  }
  const n = episodes * slots;
  const perSlot = {
    tracingMs: profile.tracingMs / n,
    trackingMs: profile.trackingMs / n,
    bodyLossMs: profile.bodyLossMs / n,
    channelRowsMs: profile.channelRowsMs / n,
    beamsAndAssociationMs: profile.associationMs / n,
    sinrMapMs: profile.sinrMs / n,
    mobilityMs: profile.mobilityMs / n,
    totalMs: profile.totalMs / n,
  };
  // Writing + SHA-256 of one shard of `slots` slots, scaled to 1 000 slots.
  const dir = await Deno.makeTempDir({ prefix: "dataset-bench-" });
  const t0 = performance.now();
  await writeShard(dir, { episode: 0, data: last! });
  const writeMs = performance.now() - t0;
  await Deno.remove(dir, { recursive: true });
  const slotsPaper = preset.episodeCount * preset.slotCount;
  const workers = navigator.hardwareConcurrency || 1;
  const simulateS = (slotsPaper * perSlot.totalMs) / 1000;
  const writeS = (preset.episodeCount * writeMs * (preset.slotCount / slots)) / 1000;
  const result = {
    preset: preset.name,
    reflectionOrder: preset.episode.maxReflectionOrder,
    loadAverage: { start: loadAtStart, end: loadAverage() },
    profiledEpisodes: episodes,
    profiledSlotsPerEpisode: slots,
    perSlotMs: perSlot,
    tracesPerSlot: profile.traces / n,
    trackedUpdatesPerSlot: profile.trackedUpdates / n,
    writeAndChecksumMsPerEpisode: writeMs * (preset.slotCount / slots),
    extrapolatedPaper: {
      slots: slotsPaper,
      simulateCpuS: simulateS,
      writeAndChecksumS: writeS,
      workers,
      idealWallS: simulateS / workers + writeS / workers,
    },
    measuredPaperBuildS: MEASURED_PAPER_BUILD.completed ? MEASURED_PAPER_BUILD.elapsedS : null,
    measuredPaperBuild: MEASURED_PAPER_BUILD,
  };
  const path = await writeResult("dataset", result);
  console.log(
    `per slot ${perSlot.totalMs.toFixed(2)} ms (tracing ${perSlot.tracingMs.toFixed(2)}, ` +
      `tracking ${perSlot.trackingMs.toFixed(2)}, body loss ${perSlot.bodyLossMs.toFixed(2)}, ` +
      `rows ${perSlot.channelRowsMs.toFixed(2)}, beams ${
        perSlot.beamsAndAssociationMs.toFixed(2)
      }, ` +
      `SINR ${perSlot.sinrMapMs.toFixed(2)}); write ${
        result.writeAndChecksumMsPerEpisode.toFixed(0)
      } ms/episode; paper ~${
        result.extrapolatedPaper.idealWallS.toFixed(0)
      } s on ${workers} workers -> ${path}`,
  );
  return result;
}

if (import.meta.main) await runDatasetBench();
