/**
 * Deno Worker script of {@link simulatedEpisodeSource}: simulates one episode per
 * request and posts it back with its buffers transferred (no copy).
 *
 * Messages in: `{ id, sceneName, scenePath?, config, seed, progressEverySlots }`.
 * Messages out: `{ id, type: "progress", slot, total }`, then
 * `{ id, type: "episode", episode }` or `{ id, type: "error", message }`.
 *
 * The worker inherits the permissions of the script that started it (it reads the
 * scene file under `data/scenes/`).
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { type EpisodeConfig, simulateEpisode } from "../mobility/mod.ts";
import { loadNamedScene, loadScene, type Scene } from "../scene/mod.ts";

/** A request to the worker. */
export interface EpisodeWorkerRequest {
  readonly id: number;
  readonly sceneName: string;
  /** A scene file to load instead of `data/scenes/<sceneName>.json`. */
  readonly scenePath?: string;
  readonly config: Partial<EpisodeConfig>;
  readonly seed: number;
  readonly progressEverySlots: number;
}

const scenes = new Map<string, Promise<Scene>>();

self.onmessage = async (event: MessageEvent<EpisodeWorkerRequest>) => {
  const { id, sceneName, scenePath, config, seed, progressEverySlots } = event.data;
  try {
    const key = scenePath ?? `data/scenes/${sceneName}.json`;
    if (!scenes.has(key)) {
      scenes.set(key, scenePath ? loadScene(scenePath) : loadNamedScene(sceneName));
    }
    const scene = await scenes.get(key)!;
    const episode = simulateEpisode(scene, config, seed, {
      onProgress: (slot, total) => {
        if (slot % progressEverySlots === 0 || slot === total) {
          self.postMessage({ id, type: "progress", slot, total });
        }
      },
    });
    const buffers = new Set<ArrayBuffer>();
    for (const value of Object.values(episode)) {
      if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
    }
    self.postMessage({ id, type: "episode", episode }, [...buffers]);
  } catch (e) {
    self.postMessage({ id, type: "error", message: (e as Error)?.stack ?? String(e) });
  }
};
