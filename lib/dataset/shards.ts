/**
 * Shards: one episode per shard, one `.npy` file per per-slot array of the
 * {@link Episode}, in a folder `episode-NNNNN/`. A shard is written into a temporary
 * folder `.tmp-episode-NNNNN/` and renamed into place only when every file is on disk,
 * so a folder with the final name is always complete; the manifest (with sizes and
 * SHA-256 of every file) is updated only after the rename.
 *
 * @module
 */
import { joinPath } from "../core/mod.ts";
import type { Episode } from "../mobility/mod.ts";
import { type FileRecord, readVerifiedFile, sha256Hex } from "./checksum.ts";
import { decodeNpy, formatShapeTuple, type NpyDtype, writeNpy } from "./npy.ts";

/** A symbolic dimension of an episode array. */
export type EpisodeDim = "S" | "A" | "K" | "Nt" | 3;

/** How one per-slot array of an {@link Episode} is stored. */
export interface EpisodeArraySpec {
  /** Field of {@link Episode}. */
  readonly key: EpisodeArrayKey;
  /** File name in the shard folder. */
  readonly file: string;
  readonly dtype: NpyDtype;
  /** Symbolic shape (complex shape for `<c8`). */
  readonly dims: readonly EpisodeDim[];
  /** Present only if the simulator fills it. */
  readonly optional: boolean;
  /** Meaning and unit. */
  readonly description: string;
}

/** Fields of {@link Episode} stored as arrays. */
export type EpisodeArrayKey =
  | "channels"
  | "uePositionsM"
  | "servingAp"
  | "rssiDbm"
  | "beamIndex"
  | "blocked"
  | "hotspot"
  | "rareEvent"
  | "blockageOnset"
  | "servingBodyLossDb"
  | "injectedBlockageActive"
  | "rareEventUe"
  | "sinrDb";

/** Every stored array, in file order. */
export const EPISODE_ARRAYS: readonly EpisodeArraySpec[] = Object.freeze([
  {
    key: "channels",
    file: "channels.npy",
    dtype: "<c8",
    dims: ["S", "A", "K", "Nt"],
    optional: false,
    description: "downlink channel rows h_{k,b}^H, complex64 (linear amplitude)",
  },
  {
    key: "uePositionsM",
    file: "ue_positions_m.npy",
    dtype: "<f4",
    dims: ["S", "K", 3],
    optional: false,
    description: "UE positions, m",
  },
  {
    key: "servingAp",
    file: "serving_ap.npy",
    dtype: "<i4",
    dims: ["S", "K"],
    optional: false,
    description: "serving AP index (max RSSI)",
  },
  {
    key: "rssiDbm",
    file: "rssi_dbm.npy",
    dtype: "<f4",
    dims: ["S", "K"],
    optional: false,
    description: "RSSI from the serving AP with its best beam, dBm",
  },
  {
    key: "beamIndex",
    file: "beam_index.npy",
    dtype: "<i4",
    dims: ["S", "K"],
    optional: false,
    description: "best codebook beam of the serving AP",
  },
  {
    key: "blocked",
    file: "blocked.npy",
    dtype: "|u1",
    dims: ["S", "K"],
    optional: false,
    description: "1 where a body blocks the serving link",
  },
  {
    key: "hotspot",
    file: "hotspot.npy",
    dtype: "|u1",
    dims: ["S", "K"],
    optional: false,
    description: "1 where the UE is in a hotspot group",
  },
  {
    key: "rareEvent",
    file: "rare_event.npy",
    dtype: "|u1",
    dims: ["S"],
    optional: false,
    description: "1 in slots with an active rare event",
  },
  {
    key: "blockageOnset",
    file: "blockage_onset.npy",
    dtype: "|u1",
    dims: ["S"],
    optional: false,
    description: "1 in the slot an injected blockage starts",
  },
  {
    key: "servingBodyLossDb",
    file: "serving_body_loss_db.npy",
    dtype: "<f4",
    dims: ["S", "K"],
    optional: true,
    description: "body loss on the straight serving ray, dB",
  },
  {
    key: "injectedBlockageActive",
    file: "injected_blockage_active.npy",
    dtype: "|u1",
    dims: ["S"],
    optional: true,
    description: "1 while an injected walker is on the floor",
  },
  {
    key: "rareEventUe",
    file: "rare_event_ue.npy",
    dtype: "|u1",
    dims: ["S", "K"],
    optional: false,
    description: "1 where the UE is blocked by an injected walker targeting it, or in a hotspot",
  },
  {
    key: "sinrDb",
    file: "sinr_db.npy",
    dtype: "<f4",
    dims: ["S", "K"],
    optional: true,
    description: "reference SINR, coordinated ZF on the true channels, 23 dBm per AP, dB",
  },
] as EpisodeArraySpec[]);

/** Concrete dimensions of the episodes of a dataset. */
export interface EpisodeDims {
  readonly S: number;
  readonly A: number;
  readonly K: number;
  readonly Nt: number;
}

/**
 * The concrete shape of an array spec.
 *
 * @example
 * ```ts
 * import { concreteShape, EPISODE_ARRAYS } from "./shards.ts";
 * const s = concreteShape(EPISODE_ARRAYS[0], { S: 10, A: 3, K: 30, Nt: 64 });
 * if (s.join() !== "10,3,30,64") throw new Error(s.join());
 * ```
 */
export function concreteShape(spec: EpisodeArraySpec, dims: EpisodeDims): number[] {
  return spec.dims.map((d) => (typeof d === "number" ? d : dims[d]));
}

/**
 * The dimensions of an episode.
 *
 * @example
 * ```ts
 * import { episodeDims } from "./shards.ts";
 * // deno-lint-ignore no-explicit-any
 * const d = episodeDims({ slotCount: 5, apCount: 3, ueCount: 30, antennaCount: 64 } as any);
 * if (d.Nt !== 64) throw new Error("Nt");
 * ```
 */
export function episodeDims(episode: Episode): EpisodeDims {
  return {
    S: episode.slotCount,
    A: episode.apCount,
    K: episode.ueCount,
    Nt: episode.antennaCount,
  };
}

/** What the manifest records about one stored array. */
export interface ShardFileRecord extends FileRecord {
  /** Field of {@link Episode}. */
  readonly key: EpisodeArrayKey;
  readonly dtype: NpyDtype;
  /** Concrete shape (complex shape for `<c8`). */
  readonly shape: readonly number[];
}

/** What the manifest records about one shard (one episode). */
export interface ShardRecord {
  /** Episode index in the dataset, 0-based. */
  readonly episode: number;
  /** Folder name inside the dataset folder. */
  readonly folder: string;
  /** Scalars of the {@link Episode}. */
  readonly sceneName: string;
  readonly materialSet: string;
  readonly seed: number;
  readonly slotDurationS: number;
  readonly dims: EpisodeDims;
  /** One record per stored array. */
  readonly files: readonly ShardFileRecord[];
}

/**
 * Folder name of an episode's shard: `episode-00042`.
 *
 * @example
 * ```ts
 * import { shardFolderName } from "./shards.ts";
 * if (shardFolderName(42) !== "episode-00042") throw new Error("name");
 * ```
 */
export function shardFolderName(episode: number): string {
  return `episode-${String(episode).padStart(5, "0")}`;
}

/** Prefix of temporary shard folders (removed when a build starts or resumes). */
export const TEMP_PREFIX = ".tmp-";

/**
 * Checks an episode's arrays against its own dimensions; throws a `RangeError` naming
 * the field.
 *
 * @example
 * ```ts
 * import { validateEpisode } from "./shards.ts";
 * try {
 *   // deno-lint-ignore no-explicit-any
 *   validateEpisode({ slotCount: 1, apCount: 1, ueCount: 1, antennaCount: 1 } as any);
 *   throw new Error("should fail");
 * } catch (e) {
 *   if (!(e as Error).message.includes("channels")) throw e;
 * }
 * ```
 */
export function validateEpisode(episode: Episode, label = "episode"): void {
  if (typeof episode !== "object" || episode === null) {
    throw new TypeError(`${label} must be an Episode object`);
  }
  for (const k of ["slotCount", "apCount", "ueCount", "antennaCount"] as const) {
    if (!Number.isInteger(episode[k]) || episode[k] < 1) {
      throw new RangeError(`${label}.${k} must be a positive integer, got ${episode[k]}`);
    }
  }
  const dims = episodeDims(episode);
  for (const spec of EPISODE_ARRAYS) {
    const data = episode[spec.key];
    if (data === undefined) {
      if (spec.optional) continue;
      throw new TypeError(`${label}.${spec.key} is missing`);
    }
    const n = concreteShape(spec, dims).reduce((a, b) => a * b, 1) * (spec.dtype === "<c8" ? 2 : 1);
    if (data.length !== n) {
      throw new RangeError(
        `${label}.${spec.key} has ${data.length} numbers, shape ${
          formatShapeTuple(concreteShape(spec, dims))
        } ${spec.dtype} needs ${n}`,
      );
    }
  }
}

/**
 * Writes an episode as a shard: files into `<dir>/.tmp-episode-NNNNN/`, then one
 * `Deno.rename` to `<dir>/episode-NNNNN/` (which must not exist). Returns the record for
 * the manifest (sizes and SHA-256 computed from the bytes written).
 *
 * @example
 * ```ts
 * import { writeShard } from "./shards.ts";
 * // dir is null without --allow-write (the example is then skipped)
 * const dir = await Deno.makeTempDir().catch(() => null);
 * if (dir !== null) {
 *   const S = 2, A = 1, K = 1, Nt = 2; // synthetic example data
 *   const ep = {
 *     sceneName: "synthetic", materialSet: "none", seed: 0, slotCount: S, apCount: A,
 *     ueCount: K, antennaCount: Nt, slotDurationS: 0.01,
 *     uePositionsM: new Float32Array(S * K * 3), channels: new Float32Array(2 * S * A * K * Nt),
 *     servingAp: new Int32Array(S * K), rssiDbm: new Float32Array(S * K),
 *     beamIndex: new Int32Array(S * K), blocked: new Uint8Array(S * K),
 *     hotspot: new Uint8Array(S * K), rareEvent: new Uint8Array(S), blockageOnset: new Uint8Array(S),
 *     rareEventUe: new Uint8Array(S * K),
 *   };
 *   const record = await writeShard(dir, { episode: 0, data: ep });
 *   if (record.folder !== "episode-00000") throw new Error("folder name");
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export async function writeShard(
  dir: string,
  options: { readonly episode: number; readonly data: Episode },
): Promise<ShardRecord> {
  const { episode, data } = options;
  if (!Number.isInteger(episode) || episode < 0) {
    throw new RangeError(`options.episode must be a non-negative integer, got ${episode}`);
  }
  validateEpisode(data, `episode ${episode}`);
  const folder = shardFolderName(episode);
  const tmp = joinPath(dir, TEMP_PREFIX + folder);
  await Deno.remove(tmp, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  await Deno.mkdir(tmp);
  const dims = episodeDims(data);
  const files: ShardFileRecord[] = [];
  for (const spec of EPISODE_ARRAYS) {
    const array = data[spec.key];
    if (array === undefined) continue;
    const shape = concreteShape(spec, dims);
    const bytes = await writeNpy(joinPath(tmp, spec.file), {
      dtype: spec.dtype,
      shape,
      data: array,
    });
    files.push({
      key: spec.key,
      file: spec.file,
      dtype: spec.dtype,
      shape,
      bytes: bytes.length,
      sha256: await sha256Hex(bytes),
    });
  }
  await Deno.rename(tmp, joinPath(dir, folder));
  return {
    episode,
    folder,
    sceneName: data.sceneName,
    materialSet: data.materialSet,
    seed: data.seed,
    slotDurationS: data.slotDurationS,
    dims,
    files,
  };
}

/**
 * Reads a shard back as an {@link Episode}: every file's size and SHA-256 must match
 * the record, its header the recorded dtype and shape. Errors name the file and the
 * field ({@link ChecksumError}, {@link NpyFormatError}).
 *
 * @example
 * ```ts
 * import { readShard, writeShard } from "./shards.ts";
 * // dir is null without --allow-write (the example is then skipped)
 * const dir = await Deno.makeTempDir().catch(() => null);
 * if (dir !== null) {
 *   const S = 2, A = 1, K = 1, Nt = 2; // synthetic example data
 *   const ep = {
 *     sceneName: "synthetic", materialSet: "none", seed: 0, slotCount: S, apCount: A,
 *     ueCount: K, antennaCount: Nt, slotDurationS: 0.01,
 *     uePositionsM: new Float32Array(S * K * 3), channels: new Float32Array(2 * S * A * K * Nt),
 *     servingAp: new Int32Array(S * K), rssiDbm: new Float32Array([-50, -60]),
 *     beamIndex: new Int32Array(S * K), blocked: new Uint8Array(S * K),
 *     hotspot: new Uint8Array(S * K), rareEvent: new Uint8Array(S), blockageOnset: new Uint8Array(S),
 *     rareEventUe: new Uint8Array(S * K),
 *   };
 *   const record = await writeShard(dir, { episode: 0, data: ep });
 *   const back = await readShard(dir, record);
 *   if (back.rssiDbm[1] !== -60) throw new Error("round trip");
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export async function readShard(
  dir: string,
  record: ShardRecord,
  options: { readonly verifyChecksums?: boolean } = {},
): Promise<Episode> {
  const verify = options.verifyChecksums ?? true;
  const arrays: Partial<Record<EpisodeArrayKey, Float32Array | Int32Array | Uint8Array>> = {};
  for (const spec of EPISODE_ARRAYS) {
    const fileRecord = record.files.find((f) => f.key === spec.key);
    const path = joinPath(dir, record.folder, spec.file);
    if (fileRecord === undefined) {
      if (spec.optional) continue;
      throw new RangeError(`${path}: manifest has no entry for required array ${spec.key}`);
    }
    const expectedShape = concreteShape(spec, record.dims);
    if (
      fileRecord.dtype !== spec.dtype ||
      fileRecord.shape.length !== expectedShape.length ||
      fileRecord.shape.some((d, i) => d !== expectedShape[i])
    ) {
      throw new RangeError(
        `${path}: manifest records ${fileRecord.dtype} ${
          formatShapeTuple(fileRecord.shape)
        }, the episode dims need ${spec.dtype} ${formatShapeTuple(expectedShape)}`,
      );
    }
    const bytes = verify ? await readVerifiedFile(path, fileRecord) : await Deno.readFile(path);
    const array = decodeNpy(bytes, { name: path, dtype: spec.dtype, shape: expectedShape });
    arrays[spec.key] = array.data as Float32Array | Int32Array | Uint8Array;
  }
  return {
    sceneName: record.sceneName,
    materialSet: record.materialSet,
    seed: record.seed,
    slotCount: record.dims.S,
    apCount: record.dims.A,
    ueCount: record.dims.K,
    antennaCount: record.dims.Nt,
    slotDurationS: record.slotDurationS,
    ...arrays,
  } as Episode;
}
