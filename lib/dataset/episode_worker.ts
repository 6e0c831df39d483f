/**
 * Deno Worker script of {@link simulatedEpisodeSource}: simulates one episode per
 * request and posts it back with its buffers transferred (no copy).
 *
 * Messages in: `{ id, sceneName, config, seed, progressEverySlots }`.
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
import { loadNamedScene, type Scene } from "../scene/mod.ts";

/** A request to the worker. */
export interface EpisodeWorkerRequest {
  readonly id: number;
  readonly sceneName: string;
  readonly config: Partial<EpisodeConfig>;
  readonly seed: number;
  readonly progressEverySlots: number;
}

const scenes = new Map<string, Promise<Scene>>();

self.onmessage = async (event: MessageEvent<EpisodeWorkerRequest>) => {
  const { id, sceneName, config, seed, progressEverySlots } = event.data;
  try {
    if (!scenes.has(sceneName)) scenes.set(sceneName, loadNamedScene(sceneName));
    const scene = await scenes.get(sceneName)!;
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
