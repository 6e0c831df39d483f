/**
 * The episode source of a dataset preset: runs the simulator (lib/mobility
 * `simulateEpisode`) in this thread or in a pool of Deno Workers, for
 * {@link buildDataset}. Used by `deno task dataset`, notebook 01b and the tests, so they
 * all build the same bytes.
 *
 * Episode i is simulated with the integer seed `rng.nextUint32()` of its dataset stream
 * (`createRng(seed).stream("episode-i")`, recorded per shard in the manifest), so any
 * single episode can be re-simulated with `simulateEpisode(scene, config, shard.seed)`.
 * Workers change where an episode is computed, never what it holds: with
 * `buildDataset({ concurrency: source.workers })` the dataset is the same bytes as a
 * sequential build.
 *
 * Workers inherit the permissions of the calling script (read access to the repository
 * for the worker module and `data/scenes/`; nothing else).
 *
 * @module
 */
import type { Episode, EpisodeConfig } from "../mobility/mod.ts";
import { simulateEpisode } from "../mobility/mod.ts";
import { loadNamedScene, type MaterialSet, type Scene } from "../scene/mod.ts";
import type { EpisodeGenerator } from "./builder.ts";
import type { EpisodeWorkerRequest } from "./episode_worker.ts";
import type { DatasetPreset } from "./presets.ts";

/** Simulator configuration of a preset: `preset.episode` plus its S, K and material set. */
export function episodeConfigOfPreset(preset: DatasetPreset): Partial<EpisodeConfig> {
  return {
    ...preset.episode,
    slotCount: preset.slotCount,
    ueCount: preset.ueCount,
    materialSet: preset.materialSet as MaterialSet,
  };
}

/** Options of {@link simulatedEpisodeSource}. */
export interface SimulatedEpisodeSourceOptions {
  /**
   * Deno Workers (default 1: simulate in this thread, no worker). The dataset does not
   * depend on it.
   */
  readonly workers?: number;
  /** Slot progress of each running episode: (episode index, slots done, slots in all). */
  readonly onSlotProgress?: (episode: number, slot: number, total: number) => void;
  /** Report slot progress every this many slots (default 25). */
  readonly progressEverySlots?: number;
  /**
   * A scene file to simulate on instead of `data/scenes/<preset.sceneName>.json`
   * (`loadSceneSource(path)`); its `scene.name` must be the preset's `sceneName`.
   */
  readonly scene?: { readonly path: string; readonly scene: Scene };
}

/** An episode source; call `close()` when done (it ends the workers). */
export interface SimulatedEpisodeSource {
  readonly generateEpisode: EpisodeGenerator;
  /** Workers in the pool (1 when simulating in this thread). */
  readonly workers: number;
  close(): void;
}

interface Task {
  readonly request: EpisodeWorkerRequest;
  readonly episodeIndex: number;
  readonly resolve: (e: Episode) => void;
  readonly reject: (e: Error) => void;
}

/**
 * An episode source for `preset`.
 *
 * @example
 * ```ts
 * import { datasetPreset, simulatedEpisodeSource } from "./mod.ts";
 * import { createRng } from "../core/mod.ts";
 * const preset = { ...datasetPreset("ci"), slotCount: 15, ueCount: 2, episode: { maxReflectionOrder: 0 } };
 * const source = await simulatedEpisodeSource(preset);
 * const ep = await source.generateEpisode(0, createRng(1).stream("episode-0"));
 * source.close();
 * if (ep.sinrDb?.length !== 15 * 2) throw new Error("[S, K] reference SINR");
 * ```
 */
export async function simulatedEpisodeSource(
  preset: DatasetPreset,
  options: SimulatedEpisodeSourceOptions = {},
): Promise<SimulatedEpisodeSource> {
  const settings = resolveSourceSettings(options);
  if (options.scene !== undefined && options.scene.scene.name !== preset.sceneName) {
    throw new RangeError(
      `${options.scene.path}: name ${
        JSON.stringify(options.scene.scene.name)
      } differs from the preset's sceneName ${JSON.stringify(preset.sceneName)}`,
    );
  }
  if (settings.workers === 1) return await inThreadSource(preset, settings);
  return workerPoolSource(preset, settings);
}

/** {@link SimulatedEpisodeSourceOptions} checked, with defaults. */
interface SourceSettings {
  /** Workers, >= 1. */
  readonly workers: number;
  readonly onSlotProgress: SimulatedEpisodeSourceOptions["onSlotProgress"];
  /** Slots between progress reports, >= 1. */
  readonly progressEverySlots: number;
  readonly scene: SimulatedEpisodeSourceOptions["scene"];
}

/** Checks the options (workers first) and fills in the defaults. */
function resolveSourceSettings(options: SimulatedEpisodeSourceOptions): SourceSettings {
  const { workers = 1, onSlotProgress, progressEverySlots = 25 } = options;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`options.workers must be a positive integer, got ${workers}`);
  }
  if (!Number.isInteger(progressEverySlots) || progressEverySlots < 1) {
    throw new RangeError(
      `options.progressEverySlots must be a positive integer, got ${progressEverySlots}`,
    );
  }
  return { workers, onSlotProgress, progressEverySlots, scene: options.scene };
}

/** The source that simulates each episode in this thread. */
async function inThreadSource(
  preset: DatasetPreset,
  settings: SourceSettings,
): Promise<SimulatedEpisodeSource> {
  const { onSlotProgress, progressEverySlots } = settings;
  const config = episodeConfigOfPreset(preset);
  const scene = settings.scene?.scene ?? await loadNamedScene(preset.sceneName);
  return {
    workers: 1,
    generateEpisode: (index, rng) =>
      simulateEpisode(scene, config, rng.nextUint32(), {
        onProgress: onSlotProgress
          ? (slot, total) => {
            if (slot % progressEverySlots === 0 || slot === total) {
              onSlotProgress(index, slot, total);
            }
          }
          : undefined,
      }),
    close() {},
  };
}

/** Workers with their running task and the queue of tasks not yet sent. */
interface WorkerPool {
  readonly workers: readonly Worker[];
  readonly busy: Map<Worker, Task>;
  readonly queue: Task[];
  /** Sends queued tasks to idle workers, in queue order. */
  readonly dispatch: () => void;
}

/** Starts `count` episode workers with an empty queue. */
function startWorkerPool(count: number): WorkerPool {
  const url = new URL("./episode_worker.ts", import.meta.url).href;
  const workers = Array.from({ length: count }, () => new Worker(url, { type: "module" }));
  const busy = new Map<Worker, Task>();
  const queue: Task[] = [];
  const dispatch = () => {
    for (const w of workers) {
      if (queue.length === 0) return;
      if (busy.has(w)) continue;
      const task = queue.shift()!;
      busy.set(w, task);
      w.postMessage(task.request);
    }
  };
  return { workers, busy, queue, dispatch };
}

/** Routes each worker's progress, episode, error messages and failures to its task. */
function listenToWorkers(pool: WorkerPool, settings: SourceSettings): void {
  const { busy, dispatch } = pool;
  const { onSlotProgress } = settings;
  const finish = (w: Worker) => {
    busy.delete(w);
    dispatch();
  };
  for (const w of pool.workers) {
    w.onmessage = (event: MessageEvent) => {
      const task = busy.get(w);
      const msg = event.data;
      if (!task || msg.id !== task.request.id) return;
      if (msg.type === "progress") onSlotProgress?.(task.episodeIndex, msg.slot, msg.total);
      else if (msg.type === "episode") {
        finish(w);
        task.resolve(msg.episode as Episode);
      } else {
        finish(w);
        task.reject(new Error(`episode ${task.episodeIndex} (worker): ${msg.message}`));
      }
    };
    w.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      const task = busy.get(w);
      busy.delete(w);
      task?.reject(new Error(`episode worker failed: ${event.message}`));
    };
  }
}

/** The source that simulates episodes in a pool of `settings.workers` Deno Workers. */
function workerPoolSource(preset: DatasetPreset, settings: SourceSettings): SimulatedEpisodeSource {
  const { workers, progressEverySlots } = settings;
  const config = episodeConfigOfPreset(preset);
  const pool = startWorkerPool(workers);
  listenToWorkers(pool, settings);
  const { busy, queue, dispatch } = pool;
  let closed = false;
  let nextId = 0;
  return {
    workers,
    generateEpisode: (index, rng) =>
      new Promise<Episode>((resolve, reject) => {
        if (closed) {
          reject(new Error("the episode source is closed"));
          return;
        }
        const request: EpisodeWorkerRequest = {
          id: nextId++,
          sceneName: preset.sceneName,
          ...(settings.scene ? { scenePath: settings.scene.path } : {}),
          config,
          seed: rng.nextUint32(),
          progressEverySlots,
        };
        queue.push({ request, episodeIndex: index, resolve, reject });
        dispatch();
      }),
    close() {
      closed = true;
      for (const w of pool.workers) w.terminate();
      for (const task of [...queue, ...busy.values()]) {
        task.reject(new Error("the episode source was closed"));
      }
      queue.length = 0;
      busy.clear();
    },
  };
}
