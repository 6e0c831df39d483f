/**
 * Benchmark harness: repeated timings with medians and percentiles, and JSON results
 * under `bench/results/` stamped with the machine and runtime that produced them.
 *
 * @module
 */
import { joinPath, repoPath } from "../lib/core/mod.ts";

/** Timing summary of repeated runs, ms. */
export interface TimingSummary {
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly meanMs: number;
}

/** Sorted-sample percentile (nearest rank), `q` in [0, 1]. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

/** Summary of a list of durations in ms. */
export function summarize(durationsMs: readonly number[]): TimingSummary {
  const s = [...durationsMs].sort((a, b) => a - b);
  return {
    runs: s.length,
    medianMs: percentile(s, 0.5),
    p95Ms: percentile(s, 0.95),
    minMs: s[0],
    meanMs: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

/**
 * Times `fn` `runs` times after `warmup` untimed calls.
 */
export async function time(
  fn: () => unknown | Promise<unknown>,
  options: { runs?: number; warmup?: number } = {},
): Promise<TimingSummary> {
  const { runs = 20, warmup = 2 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    durations.push(performance.now() - t0);
  }
  return summarize(durations);
}

/** Where and on what a benchmark ran. */
export function environment(): Record<string, unknown> {
  let cpuModel = "unknown";
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    cpuModel = /model name\s*:\s*(.*)/.exec(info)?.[1] ?? cpuModel;
  } catch { /* not Linux */ }
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    os: Deno.build.os,
    arch: Deno.build.arch,
    cpuModel,
    logicalCpus: navigator.hardwareConcurrency,
  };
}

/** Writes `bench/results/<name>.json` and returns its path. */
export async function writeResult(name: string, result: Record<string, unknown>): Promise<string> {
  const dir = repoPath("bench", "results");
  await Deno.mkdir(dir, { recursive: true });
  const path = joinPath(dir, `${name}.json`);
  const body = {
    benchmark: name,
    date: new Date().toISOString(),
    environment: environment(),
    ...result,
  };
  await Deno.writeTextFile(path, JSON.stringify(body, null, 2) + "\n");
  return path;
}
