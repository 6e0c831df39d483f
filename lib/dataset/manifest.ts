/**
 * The dataset manifest (`manifest.json`): what was built (preset, seed, code), how it
 * is stored (arrays, dtypes, shapes), which shards are finished (with the size and
 * SHA-256 of every file), and the train / validation / test split by episode.
 *
 * The manifest is rewritten after every finished shard, always to a temporary file
 * (`.manifest.json.tmp`) that is then renamed over `manifest.json`, so a reader sees
 * either the old or the new manifest, never half of one. It holds no timestamps: a
 * dataset is a pure function of (preset, seed, code), and a resumed build ends with the
 * same bytes as an uninterrupted one.
 *
 * @module
 */
import { joinPath } from "../core/mod.ts";
import type { CodeVersion } from "./code_version.ts";
import type { DatasetPreset, WindowParams } from "./presets.ts";
import type { EpisodeArraySpec, EpisodeDims, ShardRecord } from "./shards.ts";
import { SPLIT_NAMES, type SplitAssignment } from "./splits.ts";

/** Value of the manifest's `format` field. */
export const DATASET_FORMAT = "genai-dt-dataset";
/**
 * The manifest format version this code writes and reads. 2: per-UE rare-event label
 * (`rare_event_ue.npy`), reference SINR (`sinr_db.npy`), and `rare_event.npy` redefined
 * as any UE's per-UE label.
 */
export const DATASET_FORMAT_VERSION = 2;
/** Manifest file name inside a dataset folder. */
export const MANIFEST_FILE = "manifest.json";
/** Temporary manifest file name (renamed over {@link MANIFEST_FILE}). */
export const MANIFEST_TEMP_FILE = ".manifest.json.tmp";

/** How each episode's generator is seeded. */
export const EPISODE_RNG_DERIVATION = "createRng(seed).stream(`episode-${index}`)";

/** The manifest. */
export interface DatasetManifest {
  readonly format: typeof DATASET_FORMAT;
  readonly formatVersion: number;
  /** Preset name (also in `presetConfig.name`). */
  readonly preset: string;
  /** The full preset the dataset was built with. */
  readonly presetConfig: DatasetPreset;
  /** Dataset seed. */
  readonly seed: number;
  readonly sceneName: string;
  /**
   * SHA-256 of the scene file the episodes were simulated on, when a scene file was
   * named (`deno task dataset --scene FILE`); absent: `data/scenes/<sceneName>.json`
   * (covered by `codeVersion`). Manifests written before this field still read.
   */
  readonly sceneSha256?: string;
  readonly materialSet: string;
  readonly codeVersion: CodeVersion;
  /** How each episode's generator derives from the seed. */
  readonly episodeRng: string;
  /** Window geometry (tau = past, T = future). */
  readonly window: WindowParams;
  readonly episodeCount: number;
  /** Episode indices per split. */
  readonly splits: SplitAssignment;
  /** How each array is stored (symbolic shapes). */
  readonly arrays: readonly EpisodeArraySpec[];
  /** Concrete S, A, K, Nt (null until the first shard is written). */
  readonly dims: EpisodeDims | null;
  /** Finished shards, sorted by episode. */
  readonly shards: readonly ShardRecord[];
  /** True once every episode has a shard. */
  readonly complete: boolean;
}

/** A manifest that cannot be used; the message names the file and the field. */
export class ManifestError extends Error {
  readonly file: string;
  readonly field: string;
  constructor(file: string, field: string, message: string) {
    super(`${file}: ${field}: ${message}`);
    this.name = "ManifestError";
    this.file = file;
    this.field = field;
  }
}

function req(cond: boolean, file: string, field: string, message: string): void {
  if (!cond) throw new ManifestError(file, field, message);
}

/**
 * Validates parsed JSON as a manifest; throws {@link ManifestError} naming `file` and
 * the field (unknown format, newer format version, missing or ill-typed fields, shard
 * records inconsistent with the dims).
 *
 * @example
 * ```ts
 * import { parseManifest } from "./manifest.ts";
 * try {
 *   parseManifest({ format: "genai-dt-dataset", formatVersion: 99 }, { file: "m.json" });
 *   throw new Error("should fail");
 * } catch (e) {
 *   if (!(e as Error).message.includes("formatVersion")) throw e;
 * }
 * ```
 */
export function parseManifest(
  json: unknown,
  options: { readonly file?: string } = {},
): DatasetManifest {
  const file = options.file ?? MANIFEST_FILE;
  req(
    typeof json === "object" && json !== null && !Array.isArray(json),
    file,
    "(root)",
    "not a JSON object",
  );
  const m = json as Record<string, unknown>;
  checkIdentity(m, file);
  checkWindow(m, file);
  checkSplits(m, file);
  req(Array.isArray(m.arrays), file, "arrays", "must be an array");
  req(typeof m.complete === "boolean", file, "complete", "must be a boolean");
  checkDims(m, file);
  req(Array.isArray(m.shards), file, "shards", "must be an array");
  (m.shards as Record<string, unknown>[]).forEach((s, i) => checkShard(s, { m, file, index: i }));
  return m as unknown as DatasetManifest;
}

/**
 * Checks format, format version, the string fields, seed, episode count, and that
 * `presetConfig` and `codeVersion` are present.
 */
function checkIdentity(m: Record<string, unknown>, file: string): void {
  req(
    m.format === DATASET_FORMAT,
    file,
    "format",
    `expected ${JSON.stringify(DATASET_FORMAT)}, got ${JSON.stringify(m.format)}`,
  );
  req(
    m.formatVersion === DATASET_FORMAT_VERSION,
    file,
    "formatVersion",
    `unknown or incompatible format version ${
      JSON.stringify(m.formatVersion)
    } (this code reads ${DATASET_FORMAT_VERSION}); rebuild the dataset with --force`,
  );
  for (const key of ["preset", "sceneName", "materialSet", "episodeRng"]) {
    req(typeof m[key] === "string", file, key, `must be a string, got ${JSON.stringify(m[key])}`);
  }
  req(
    m.sceneSha256 === undefined ||
      (typeof m.sceneSha256 === "string" && /^[0-9a-f]{64}$/.test(m.sceneSha256)),
    file,
    "sceneSha256",
    `must be 64 lower-case hex digits, got ${JSON.stringify(m.sceneSha256)}`,
  );
  req(
    Number.isSafeInteger(m.seed),
    file,
    "seed",
    `must be an integer, got ${JSON.stringify(m.seed)}`,
  );
  req(
    Number.isInteger(m.episodeCount) && (m.episodeCount as number) >= 1,
    file,
    "episodeCount",
    `must be a positive integer, got ${JSON.stringify(m.episodeCount)}`,
  );
  req(
    typeof m.presetConfig === "object" && m.presetConfig !== null,
    file,
    "presetConfig",
    "missing",
  );
  req(typeof m.codeVersion === "object" && m.codeVersion !== null, file, "codeVersion", "missing");
}

/** Checks `window.past`, `window.future` and `window.stride` (positive integers, slots). */
function checkWindow(m: Record<string, unknown>, file: string): void {
  const w = m.window as Record<string, unknown> | undefined;
  for (const key of ["past", "future", "stride"]) {
    req(
      Number.isInteger(w?.[key]) && (w?.[key] as number) >= 1,
      file,
      `window.${key}`,
      `must be a positive integer, got ${JSON.stringify(w?.[key])}`,
    );
  }
}

/** Checks that the splits partition episodes 0 .. episodeCount - 1. */
function checkSplits(m: Record<string, unknown>, file: string): void {
  const splits = m.splits as Record<string, unknown> | undefined;
  const seen = new Set<number>();
  for (const s of SPLIT_NAMES) {
    const list = splits?.[s];
    req(Array.isArray(list), file, `splits.${s}`, "must be an array of episode indices");
    for (const e of list as unknown[]) {
      req(
        Number.isInteger(e) && (e as number) >= 0 && (e as number) < (m.episodeCount as number),
        file,
        `splits.${s}`,
        `bad episode index ${JSON.stringify(e)}`,
      );
      req(!seen.has(e as number), file, `splits.${s}`, `episode ${e} is in two splits`);
      seen.add(e as number);
    }
  }
  req(
    seen.size === m.episodeCount,
    file,
    "splits",
    `cover ${seen.size} episodes, episodeCount is ${m.episodeCount}`,
  );
}

/** Checks `dims` (null, or positive integers S, A, K, Nt). */
function checkDims(m: Record<string, unknown>, file: string): void {
  const dims = m.dims as Record<string, unknown> | null;
  if (dims === null) return;
  for (const key of ["S", "A", "K", "Nt"]) {
    req(
      Number.isInteger(dims?.[key]) && (dims?.[key] as number) >= 1,
      file,
      `dims.${key}`,
      `must be a positive integer, got ${JSON.stringify(dims?.[key])}`,
    );
  }
}

/** Checks shard record `shards[index]`: episode, folder, dims equal to the dataset's, files. */
function checkShard(
  s: Record<string, unknown>,
  at: { m: Record<string, unknown>; file: string; index: number },
): void {
  const { m, file } = at;
  const dims = m.dims as Record<string, unknown> | null;
  const f = `shards[${at.index}]`;
  req(typeof s === "object" && s !== null, file, f, "must be an object");
  req(
    Number.isInteger(s.episode) && (s.episode as number) >= 0 &&
      (s.episode as number) < (m.episodeCount as number),
    file,
    `${f}.episode`,
    `bad episode index ${JSON.stringify(s.episode)}`,
  );
  req(typeof s.folder === "string", file, `${f}.folder`, "must be a string");
  req(Array.isArray(s.files), file, `${f}.files`, "must be an array");
  const sd = s.dims as Record<string, unknown> | undefined;
  for (const key of ["S", "A", "K", "Nt"]) {
    req(
      dims !== null && sd?.[key] === dims[key],
      file,
      `${f}.dims.${key}`,
      `${JSON.stringify(sd?.[key])} differs from the dataset's dims.${key} ${
        JSON.stringify(dims?.[key])
      }`,
    );
  }
  for (const [j, r] of (s.files as Record<string, unknown>[]).entries()) {
    checkShardFile(r, { file, field: `${f}.files[${j}]` });
  }
}

/** Checks one file record of a shard: name, size (bytes), SHA-256, shape. */
function checkShardFile(r: Record<string, unknown>, at: { file: string; field: string }): void {
  const { file, field } = at;
  req(typeof r.file === "string", file, `${field}.file`, "must be a string");
  req(Number.isInteger(r.bytes), file, `${field}.bytes`, "must be an integer");
  req(
    typeof r.sha256 === "string" && /^[0-9a-f]{64}$/.test(r.sha256),
    file,
    `${field}.sha256`,
    "must be 64 hex digits",
  );
  req(Array.isArray(r.shape), file, `${field}.shape`, "must be an array");
}

/**
 * Reads and validates `<dir>/manifest.json`; errors name the file.
 *
 * @example
 * ```ts
 * import { readManifest } from "./manifest.ts";
 * // dir is null without --allow-write (the example is then skipped)
 * const dir = await Deno.makeTempDir().catch(() => null);
 * if (dir !== null) {
 *   try {
 *     await readManifest(dir);
 *     throw new Error("should fail");
 *   } catch (e) {
 *     if (!(e as Error).message.includes("manifest.json")) throw e;
 *   }
 *   await Deno.remove(dir);
 * }
 * ```
 */
export async function readManifest(dir: string): Promise<DatasetManifest> {
  const path = joinPath(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new ManifestError(
        path,
        "(file)",
        "missing: not a dataset folder, or no shard finished yet",
      );
    }
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(path, "(json)", `not valid JSON (${(e as Error).message})`);
  }
  return parseManifest(json, { file: path });
}

/**
 * The manifest's JSON text (2-space indent, trailing newline; deterministic).
 *
 * @example
 * ```ts
 * import { manifestText } from "./manifest.ts";
 * // deno-lint-ignore no-explicit-any
 * if (!manifestText({ seed: 1 } as any).endsWith("}\n")) throw new Error("newline");
 * ```
 */
export function manifestText(manifest: DatasetManifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}

/**
 * Writes `<dir>/manifest.json` atomically: temp file, data sync, rename.
 *
 * @example
 * ```ts
 * import { writeManifestAtomic } from "./manifest.ts";
 * // dir is null without --allow-write (the example is then skipped)
 * const dir = await Deno.makeTempDir().catch(() => null);
 * if (dir !== null) {
 *   // deno-lint-ignore no-explicit-any
 *   await writeManifestAtomic(dir, { format: "genai-dt-dataset" } as any);
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export async function writeManifestAtomic(dir: string, manifest: DatasetManifest): Promise<void> {
  const tmp = joinPath(dir, MANIFEST_TEMP_FILE);
  const file = await Deno.open(tmp, { write: true, create: true, truncate: true });
  try {
    const bytes = new TextEncoder().encode(manifestText(manifest));
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    await file.syncData();
  } finally {
    file.close();
  }
  await Deno.rename(tmp, joinPath(dir, MANIFEST_FILE));
}

/** One difference between an existing dataset's config and a requested one. */
export interface ConfigDifference {
  /** Dotted field path, e.g. `presetConfig.slotCount`. */
  readonly field: string;
  readonly existing: unknown;
  readonly requested: unknown;
}

function diff(path: string, a: unknown, b: unknown, out: ConfigDifference[]): void {
  if (
    typeof a === "object" && a !== null && typeof b === "object" && b !== null &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) {
      diff(
        path ? `${path}.${k}` : k,
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        out,
      );
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field: path, existing: a, requested: b });
}

/**
 * The fields that must agree for a build to resume into an existing dataset.
 *
 * @example
 * ```ts
 * import { DATASET_PRESETS, initialManifest, resumeKey } from "./mod.ts";
 * const codeVersion = { packageVersion: null, gitCommit: null, sourceHash: "0".repeat(64), sourceHashScope: [] };
 * const k = resumeKey(initialManifest(DATASET_PRESETS.ci, { seed: 1, codeVersion }));
 * if (k.seed !== 1) throw new Error("seed");
 * ```
 */
export function resumeKey(m: DatasetManifest): Record<string, unknown> {
  return {
    format: m.format,
    formatVersion: m.formatVersion,
    presetConfig: JSON.parse(JSON.stringify(m.presetConfig)),
    seed: m.seed,
    sceneName: m.sceneName,
    sceneSha256: m.sceneSha256 ?? null,
    materialSet: m.materialSet,
    episodeRng: m.episodeRng,
    window: m.window,
    episodeCount: m.episodeCount,
    splits: m.splits,
    arrays: m.arrays,
    "codeVersion.sourceHash": m.codeVersion.sourceHash,
  };
}

/**
 * Differences between an existing manifest and the one a build would write (only the
 * fields of {@link resumeKey}); empty when the build may resume.
 *
 * @example
 * ```ts
 * import { compareManifests, DATASET_PRESETS, initialManifest } from "./mod.ts";
 * const codeVersion = { packageVersion: null, gitCommit: null, sourceHash: "0".repeat(64), sourceHashScope: [] };
 * const a = initialManifest(DATASET_PRESETS.ci, { seed: 1, codeVersion });
 * const b = initialManifest(DATASET_PRESETS.ci, { seed: 2, codeVersion });
 * if (!compareManifests(a, b).some((d) => d.field === "seed")) throw new Error("seed differs");
 * ```
 */
export function compareManifests(
  existing: DatasetManifest,
  requested: DatasetManifest,
): ConfigDifference[] {
  const out: ConfigDifference[] = [];
  diff("", resumeKey(existing), resumeKey(requested), out);
  return out;
}
