/**
 * Reading a dataset: `openDataset(dir)` validates the manifest and gives split lists of
 * sample references, whole episodes, and windows (views into a cached episode).
 *
 * A reader only trusts what the manifest lists: a shard folder that is not in the
 * manifest (a build killed between rename and manifest update) is invisible, and every
 * file of a shard it reads must match the recorded size and SHA-256 (unless
 * `verifyChecksums: false`, which keeps the size and header checks).
 *
 * @module
 */
import { assertInteger } from "../core/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import { type DatasetManifest, readManifest } from "./manifest.ts";
import { readShard, type ShardRecord } from "./shards.ts";
import { assertSplitName, type SplitName, splitOfEpisode } from "./splits.ts";
import { type EpisodeWindow, episodeWindow, type SampleRef, sampleRefs } from "./windows.ts";

/** An opened dataset. */
export interface Dataset {
  /** Dataset folder. */
  readonly dir: string;
  readonly manifest: DatasetManifest;
  /** Sample references of a split, episode by episode, start by start. */
  split(name: SplitName): readonly SampleRef[];
  /** The split an episode belongs to. */
  splitOf(episode: number): SplitName;
  /** Episodes with a finished shard. */
  readonly availableEpisodes: readonly number[];
  /** Reads (and verifies) an episode; cached (see `cacheEpisodes`). */
  readEpisode(episode: number): Promise<Episode>;
  /** One sample: views into the cached episode. */
  window(ref: SampleRef): Promise<EpisodeWindow>;
}

/** Options of {@link openDataset}. */
export interface OpenDatasetOptions {
  /** Check each file's SHA-256 when an episode is read (default true). */
  readonly verifyChecksums?: boolean;
  /** Episodes kept in memory (least recently used dropped first; default 2). */
  readonly cacheEpisodes?: number;
  /** Accept a dataset whose build has not finished (default false: error). */
  readonly allowIncomplete?: boolean;
}

/**
 * Opens a dataset folder. Throws a `ManifestError` naming the file and the field when
 * the manifest is missing, of another format version, or inconsistent, and (unless
 * `allowIncomplete`) when the build has not finished.
 *
 * @example
 * ```ts
 * import { openDataset } from "./reader.ts";
 * // dir is null without --allow-write (the example is then skipped)
 * const dir = await Deno.makeTempDir().catch(() => null);
 * if (dir !== null) {
 *   try {
 *     await openDataset(dir);
 *     throw new Error("should fail");
 *   } catch (e) {
 *     if (!(e as Error).message.includes("manifest.json")) throw e;
 *   }
 *   await Deno.remove(dir);
 * }
 * ```
 */
export async function openDataset(dir: string, options: OpenDatasetOptions = {}): Promise<Dataset> {
  if (typeof dir !== "string") throw new TypeError("dir must be a string");
  const manifest = await readManifest(dir);
  const verifyChecksums = options.verifyChecksums ?? true;
  const cacheSize = options.cacheEpisodes ?? 2;
  assertInteger("options.cacheEpisodes", cacheSize, { min: 1 });
  if (!manifest.complete && !options.allowIncomplete) {
    throw new RangeError(
      `${dir}/manifest.json: complete: false (${manifest.shards.length} of ${manifest.episodeCount} shards); resume the build or pass allowIncomplete`,
    );
  }
  const shards = new Map<number, ShardRecord>(manifest.shards.map((s) => [s.episode, s]));
  const splitRefs = new Map<SplitName, SampleRef[]>();
  for (const name of ["train", "validation", "test"] as const) {
    const episodes = manifest.splits[name]
      .filter((e) => shards.has(e))
      .map((e) => ({ episode: e, slotCount: shards.get(e)!.dims.S }));
    splitRefs.set(name, sampleRefs(episodes, manifest.window));
  }
  const cache = new Map<number, Promise<Episode>>();
  async function readEpisode(episode: number): Promise<Episode> {
    assertInteger("episode", episode, { min: 0, max: manifest.episodeCount - 1 });
    const hit = cache.get(episode);
    if (hit) {
      cache.delete(episode);
      cache.set(episode, hit);
      return await hit;
    }
    const record = shards.get(episode);
    if (!record) {
      throw new RangeError(`episode ${episode} has no finished shard in ${dir}/manifest.json`);
    }
    const pending = readShard(dir, record, { verifyChecksums });
    cache.set(episode, pending);
    pending.catch(() => cache.delete(episode));
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    return await pending;
  }
  return {
    dir,
    manifest,
    availableEpisodes: [...shards.keys()].sort((a, b) => a - b),
    split(name) {
      assertSplitName("name", name);
      return splitRefs.get(name)!;
    },
    splitOf(episode) {
      return splitOfEpisode(manifest.splits, episode);
    },
    readEpisode,
    async window(ref) {
      if (typeof ref !== "object" || ref === null) throw new TypeError("ref must be a SampleRef");
      const episode = await readEpisode(ref.episode);
      return episodeWindow(episode, { ref, params: manifest.window });
    },
  };
}
