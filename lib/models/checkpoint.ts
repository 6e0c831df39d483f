/**
 * Atomic checkpoints of models and optimizer state, readable without tfjs.
 *
 * Folder layout (`dir/`):
 * - `manifest.json`: `{ format: "genai-dt-checkpoint/2", step, savedAt, meta, models:
 *   { <name>: [{ name, shape, dtype, file, sha256 }] }, optimizers: { <name>: [...] },
 *   adamBiasCorrections: { <optimizer>: [beta1^t, beta2^t] } }`;
 * - one `.npy` per tensor (`<model>__000.npy`, `opt_<optimizer>__000.npy`, ...), in the
 *   order of `model.weights` (trainable and non-trainable, e.g. batch-norm moving
 *   statistics) and of `optimizer.getWeights()`.
 *
 * Loading is **by order**, with a shape check per tensor: tfjs makes variable names unique
 * per process (`..._1` when a model is built twice), so names are recorded for people, not
 * used as keys. Optimizer state: tfjs's Adam exposes `[iterations, m..., v...]` through
 * `getWeights()`/`setWeights()`, also positional; it is saved and restored when present,
 * and training resumes with the same moments and bias correction. (An optimizer that has
 * not stepped yet has only its iteration counter.)
 *
 * **Bit-exact resume.** tfjs's Adam keeps its bias corrections `beta^t` as float32
 * variables multiplied by `beta` after every step, but `setWeights` recomputes them as
 * `pow(beta, t + 1)`, which differs in the last bits (for any beta but 0.5). The checkpoint
 * therefore stores the live values (`adamBiasCorrections`, float32 values as JSON numbers,
 * which round-trip exactly) and {@link loadCheckpoint} assigns them back after
 * `setWeights`: a resumed run continues with the very same bits as an uninterrupted one.
 *
 * **Integrity.** Every tensor file's SHA-256 is in the manifest (format `/2`) and is
 * verified for *every* file before any weight is set; a mismatch, a missing or truncated
 * file, or a damaged manifest throws {@link CheckpointError} naming the file. Format `/1`
 * (no digests; the shipped weights of earlier versions) still loads, unverified.
 * {@link cleanCheckpointLeftovers} removes what a kill during a save leaves behind.
 *
 * **Atomicity**: files go to `dir.tmp-<pid>-<n>` (data flushed to disk), which is then
 * renamed to `dir`; an existing `dir` is first renamed aside and removed afterwards. A
 * crash leaves either the old or the new checkpoint complete (between the two renames it
 * sits in `dir.old-<pid>-<n>`); a half-written folder never carries the name `dir`.
 *
 * @example
 * ```ts ignore
 * await saveCheckpoint("out/ckpt/gan", { models: { generator, critic }, optimizers, step: 100 });
 * const { step } = await loadCheckpoint("out/ckpt/gan", { models: { generator, critic }, optimizers });
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { assertInteger, basenamePath, dirnamePath, joinPath } from "../core/mod.ts";
import { sha256Hex } from "../dataset/checksum.ts";
import { decodeNpy, encodeNpy, type NpyDtype } from "../dataset/npy.ts";

/** Format tag written to `manifest.json` (with SHA-256 digests). */
export const CHECKPOINT_FORMAT = "genai-dt-checkpoint/2";
/** The earlier format without digests (still readable, unverified). */
export const CHECKPOINT_FORMAT_V1 = "genai-dt-checkpoint/1";

/** A damaged, incomplete or missing checkpoint; `file` is the offending file. */
export class CheckpointError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "CheckpointError";
    this.file = file;
  }
}

/** One stored tensor. */
export interface ManifestEntry {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: "float32" | "int32";
  readonly file: string;
  /** SHA-256 (hex) of the file (format `/2`). */
  readonly sha256?: string;
}

/** Contents of `manifest.json`. */
export interface CheckpointManifest {
  readonly format: string;
  readonly step: number;
  readonly savedAt: string;
  readonly meta: Record<string, unknown>;
  readonly models: Record<string, ManifestEntry[]>;
  readonly optimizers: Record<string, ManifestEntry[]>;
  /** Live Adam bias corrections `[beta1^t, beta2^t]` per optimizer key (format `/2`). */
  readonly adamBiasCorrections?: Record<string, [number, number]>;
}

/** What to save or restore. */
export interface CheckpointTargets {
  /** Models by a stable key (e.g. `generator`, `critic`). */
  readonly models: Record<string, tf.LayersModel>;
  /** Optimizers by key (optional). */
  readonly optimizers?: Record<string, tf.Optimizer>;
}

let tmpCounter = 0;

function checkKey(kind: string, key: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) {
    throw new RangeError(`${kind} key "${key}" must match [A-Za-z0-9_-]+`);
  }
}

async function writeSynced(path: string, bytes: Uint8Array): Promise<void> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    await file.syncData();
  } finally {
    file.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/**
 * Saves models (and optimizers) to `dir` atomically.
 *
 * @param dir target folder (its parent is created if missing).
 * @param content models, optional optimizers, the training `step` (integer >= 0) and
 *   free-form JSON `meta` (preset name, seeds, losses, ...).
 */
export async function saveCheckpoint(
  dir: string,
  content: CheckpointTargets & {
    readonly step: number;
    readonly meta?: Record<string, unknown>;
  },
): Promise<void> {
  if (typeof dir !== "string" || dir === "") throw new TypeError("dir must be a non-empty string");
  assertInteger("step", content.step, { min: 0 });
  const parent = dirnamePath(dir);
  await Deno.mkdir(parent, { recursive: true });
  const tag = `${Deno.pid}-${Date.now()}-${tmpCounter++}`;
  const tmp = joinPath(parent, `${basenamePath(dir)}.tmp-${tag}`);
  await Deno.mkdir(tmp);
  try {
    const models: Record<string, ManifestEntry[]> = {};
    for (const [key, model] of Object.entries(content.models)) {
      checkKey("model", key);
      const values = model.getWeights();
      models[key] = [];
      for (let i = 0; i < values.length; i++) {
        models[key].push(
          await writeTensor(tmp, `${key}__${String(i).padStart(3, "0")}.npy`, {
            name: model.weights[i].originalName,
            tensor: values[i],
          }),
        );
      }
    }
    const optimizers: Record<string, ManifestEntry[]> = {};
    for (const [key, opt] of Object.entries(content.optimizers ?? {})) {
      checkKey("optimizer", key);
      const named = await opt.getWeights();
      optimizers[key] = [];
      try {
        for (let i = 0; i < named.length; i++) {
          optimizers[key].push(
            await writeTensor(tmp, `opt_${key}__${String(i).padStart(3, "0")}.npy`, named[i]),
          );
        }
      } finally {
        // getWeights() builds a fresh iteration scalar; the moments are live variables.
        named.filter((n) => !(n.tensor instanceof tf.Variable)).forEach((n) => n.tensor.dispose());
      }
    }
    const adamBiasCorrections: Record<string, [number, number]> = {};
    for (const [key, opt] of Object.entries(content.optimizers ?? {})) {
      const acc = adamAccumulators(opt);
      if (acc) adamBiasCorrections[key] = [acc[0].dataSync()[0], acc[1].dataSync()[0]];
    }
    const manifest: CheckpointManifest = {
      format: CHECKPOINT_FORMAT,
      step: content.step,
      savedAt: new Date().toISOString(),
      meta: content.meta ?? {},
      models,
      optimizers,
      adamBiasCorrections,
    };
    await writeSynced(
      joinPath(tmp, "manifest.json"),
      new TextEncoder().encode(JSON.stringify(manifest, null, 1) + "\n"),
    );
    const old = joinPath(parent, `${basenamePath(dir)}.old-${tag}`);
    const hadOld = await exists(dir);
    if (hadOld) await Deno.rename(dir, old);
    await Deno.rename(tmp, dir);
    if (hadOld) await Deno.remove(old, { recursive: true });
  } catch (e) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw e;
  }
}

async function writeTensor(
  folder: string,
  file: string,
  named: { readonly name: string; readonly tensor: tf.Tensor },
): Promise<ManifestEntry> {
  const { tensor } = named;
  const dtype = tensor.dtype === "int32" ? "int32" : "float32";
  const raw = await tensor.data();
  const data = dtype === "int32" ? Int32Array.from(raw) : Float32Array.from(raw);
  const bytes = encodeNpy({ dtype: NPY_DTYPE_OF[dtype], shape: tensor.shape, data });
  await writeSynced(joinPath(folder, file), bytes);
  return {
    name: named.name,
    shape: [...tensor.shape],
    dtype,
    file,
    sha256: await sha256Hex(bytes),
  };
}

/** The `.npy` dtype that stores each checkpoint dtype (the manifest keeps tfjs's names). */
const NPY_DTYPE_OF: Readonly<Record<ManifestEntry["dtype"], NpyDtype & ("<f4" | "<i4")>> = {
  float32: "<f4",
  int32: "<i4",
};

/**
 * tfjs Adam's private bias-correction variables `[accBeta1, accBeta2]`, or null for other
 * optimizers (tfjs 4.22 `AdamOptimizer`; checked by shape, so a tfjs change that renames
 * them makes resume fall back to tfjs's own `pow(beta, t + 1)`, not fail).
 */
function adamAccumulators(opt: tf.Optimizer): [tf.Variable, tf.Variable] | null {
  const o = opt as unknown as { accBeta1?: unknown; accBeta2?: unknown };
  const ok = (v: unknown): v is tf.Variable => v instanceof tf.Variable && v.size === 1;
  return ok(o.accBeta1) && ok(o.accBeta2) ? [o.accBeta1, o.accBeta2] : null;
}

/**
 * Reads and checks `dir/manifest.json`.
 *
 * @throws CheckpointError naming the manifest when it is missing, not JSON, of another
 *   format, or (format `/2`) lacks a digest.
 */
export async function readCheckpointManifest(dir: string): Promise<CheckpointManifest> {
  const path = joinPath(dir, "manifest.json");
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new CheckpointError(path, "missing");
    throw e;
  }
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(text) as CheckpointManifest;
  } catch (e) {
    throw new CheckpointError(path, `not valid JSON (${(e as Error).message})`);
  }
  if (manifest === null || typeof manifest !== "object") {
    throw new CheckpointError(path, "not a JSON object");
  }
  if (manifest.format !== CHECKPOINT_FORMAT && manifest.format !== CHECKPOINT_FORMAT_V1) {
    throw new CheckpointError(path, `format ${manifest.format}, expected ${CHECKPOINT_FORMAT}`);
  }
  if (
    typeof manifest.models !== "object" || manifest.models === null ||
    typeof manifest.optimizers !== "object" || manifest.optimizers === null ||
    !Number.isInteger(manifest.step)
  ) {
    throw new CheckpointError(path, "models, optimizers or step missing");
  }
  if (manifest.format === CHECKPOINT_FORMAT) {
    for (const e of allEntries(manifest)) {
      if (typeof e?.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(e.sha256)) {
        throw new CheckpointError(path, `entry ${e?.file}: sha256 missing`);
      }
    }
  }
  return manifest;
}

function allEntries(manifest: CheckpointManifest): ManifestEntry[] {
  return [...Object.values(manifest.models), ...Object.values(manifest.optimizers)].flat();
}

/** Reads one tensor file and checks its digest (when recorded); errors name the file. */
async function readEntryBytes(dir: string, entry: ManifestEntry): Promise<Uint8Array> {
  const path = joinPath(dir, entry.file);
  if (basenamePath(entry.file) !== entry.file) {
    throw new CheckpointError(path, "file name must not contain a folder");
  }
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new CheckpointError(path, "missing");
    throw e;
  }
  if (entry.sha256 !== undefined) {
    const got = await sha256Hex(bytes);
    if (got !== entry.sha256) {
      throw new CheckpointError(
        path,
        `SHA-256 ${got} does not match the manifest (${entry.sha256}): the file was changed or damaged`,
      );
    }
  }
  return bytes;
}

/**
 * Checks a checkpoint without loading it: the manifest, and every tensor file against
 * its SHA-256 and its `.npy` header.
 *
 * @param dir checkpoint folder.
 * @param options `requireDigests` (default false): also reject format `/1` (no digests).
 * @returns the manifest.
 * @throws CheckpointError naming the first bad file.
 */
export async function verifyCheckpoint(
  dir: string,
  options: { readonly requireDigests?: boolean } = {},
): Promise<CheckpointManifest> {
  const manifest = await readCheckpointManifest(dir);
  if (options.requireDigests && manifest.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(
      joinPath(dir, "manifest.json"),
      `format ${manifest.format} has no SHA-256 digests to verify`,
    );
  }
  for (const e of allEntries(manifest)) decodeEntry(dir, e, await readEntryBytes(dir, e));
  return manifest;
}

function decodeEntry(dir: string, entry: ManifestEntry, bytes: Uint8Array) {
  const path = joinPath(dir, entry.file);
  const dtype = entry.dtype === "int32" ? "int32" : "float32";
  let arr;
  try {
    arr = decodeNpy(bytes, { name: path, dtype: NPY_DTYPE_OF[dtype] });
  } catch (e) {
    const msg = (e as Error).message;
    throw new CheckpointError(path, msg.startsWith(path) ? msg.slice(path.length + 2) : msg);
  }
  if (arr.shape.join(",") !== entry.shape.join(",")) {
    throw new CheckpointError(path, `shape [${arr.shape}] != manifest [${entry.shape}]`);
  }
  return { arr, dtype } as const;
}

async function readTensor(dir: string, entry: ManifestEntry): Promise<tf.Tensor> {
  const { arr, dtype } = decodeEntry(dir, entry, await readEntryBytes(dir, entry));
  // decodeNpy returns a view on the file bytes; tfjs gets its own copy.
  return tf.tensor(arr.data.slice() as Float32Array | Int32Array, [...arr.shape], dtype);
}

/**
 * Restores models (and optimizers) saved by {@link saveCheckpoint}, by position with a
 * shape check. Every file is verified (SHA-256, `.npy` header) before anything is set, so
 * a damaged checkpoint leaves the targets untouched.
 *
 * @param dir checkpoint folder.
 * @param targets models (and optimizers) under the same keys as when saved; every key
 *   given must exist in the checkpoint.
 * @returns the saved `step` and `meta`.
 * @throws CheckpointError naming the damaged file.
 */
export async function loadCheckpoint(
  dir: string,
  targets: CheckpointTargets,
): Promise<{ readonly step: number; readonly meta: Record<string, unknown> }> {
  const manifest = await verifyCheckpoint(dir);
  for (const [key, model] of Object.entries(targets.models)) {
    const entries = manifest.models[key];
    if (!entries) throw new RangeError(`${dir} has no model "${key}"`);
    if (entries.length !== model.weights.length) {
      throw new RangeError(
        `model "${key}": checkpoint has ${entries.length} tensors, model has ${model.weights.length}`,
      );
    }
    entries.forEach((e, i) => {
      const want = model.weights[i].shape.join(",");
      if (e.shape.join(",") !== want) {
        throw new RangeError(
          `model "${key}" tensor ${i} (${e.name}): shape [${e.shape}] != [${want}]`,
        );
      }
    });
  }
  for (const key of Object.keys(targets.optimizers ?? {})) {
    if (!manifest.optimizers[key]) throw new RangeError(`${dir} has no optimizer "${key}"`);
  }
  for (const [key, model] of Object.entries(targets.models)) {
    const tensors = await Promise.all(manifest.models[key].map((e) => readTensor(dir, e)));
    model.setWeights(tensors);
    tf.dispose(tensors);
  }
  for (const [key, opt] of Object.entries(targets.optimizers ?? {})) {
    const entries = manifest.optimizers[key];
    const named = await Promise.all(
      entries.map(async (e) => ({ name: e.name, tensor: await readTensor(dir, e) })),
    );
    // setWeights turns the moments into new variables (it does not keep our tensors).
    await opt.setWeights(named);
    tf.dispose(named.map((n) => n.tensor));
    const saved = manifest.adamBiasCorrections?.[key];
    const acc = adamAccumulators(opt);
    if (saved && acc) {
      tf.tidy(() => {
        acc[0].assign(tf.scalar(saved[0]));
        acc[1].assign(tf.scalar(saved[1]));
      });
    }
  }
  return { step: manifest.step, meta: manifest.meta };
}

/**
 * Cleans what a kill during {@link saveCheckpoint} leaves beside `dir`: temp folders
 * `<name>.tmp-*` are removed; when `dir` itself is missing, the newest complete
 * `<name>.old-*` (a kill between the two renames) is renamed back to `dir`, and the other
 * `.old-*` folders are removed.
 *
 * @param dir checkpoint folder (e.g. `out/models/ci-seed1/checkpoint`).
 * @returns the paths removed and the folder restored (if any).
 */
export async function cleanCheckpointLeftovers(
  dir: string,
): Promise<{ readonly removed: string[]; readonly restored: string | null }> {
  const parent = dirnamePath(dir);
  const name = basenamePath(dir);
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(parent));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { removed: [], restored: null };
    throw e;
  }
  const removed: string[] = [];
  let restored: string | null = null;
  const olds = entries.filter((e) => e.name.startsWith(`${name}.old-`)).map((e) => e.name).sort()
    .reverse();
  if (olds.length > 0 && !(await exists(dir))) {
    for (const o of olds) {
      try {
        await verifyCheckpoint(joinPath(parent, o));
        await Deno.rename(joinPath(parent, o), dir);
        restored = joinPath(parent, o);
        break;
      } catch (e) {
        if (!(e instanceof CheckpointError)) throw e;
      }
    }
  }
  for (const e of entries) {
    const p = joinPath(parent, e.name);
    if (p === restored) continue;
    if (e.name.startsWith(`${name}.tmp-`) || e.name.startsWith(`${name}.old-`)) {
      await Deno.remove(p, { recursive: true });
      removed.push(p);
    }
  }
  return { removed, restored };
}
