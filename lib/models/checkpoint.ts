/**
 * Atomic checkpoints of models and optimizer state, readable without tfjs.
 *
 * Folder layout (`dir/`):
 * - `manifest.json`: `{ format: "genai-dt-checkpoint/1", step, savedAt, meta, models:
 *   { <name>: [{ name, shape, dtype, file }] }, optimizers: { <name>: [...] } }`;
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
import { decodeNpy, encodeNpy, type NpyDtype } from "../dataset/npy.ts";

/** Format tag written to and required in `manifest.json`. */
export const CHECKPOINT_FORMAT = "genai-dt-checkpoint/1";

/** One stored tensor. */
export interface ManifestEntry {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: "float32" | "int32";
  readonly file: string;
}

/** Contents of `manifest.json`. */
export interface CheckpointManifest {
  readonly format: string;
  readonly step: number;
  readonly savedAt: string;
  readonly meta: Record<string, unknown>;
  readonly models: Record<string, ManifestEntry[]>;
  readonly optimizers: Record<string, ManifestEntry[]>;
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
    const manifest: CheckpointManifest = {
      format: CHECKPOINT_FORMAT,
      step: content.step,
      savedAt: new Date().toISOString(),
      meta: content.meta ?? {},
      models,
      optimizers,
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
  return { name: named.name, shape: [...tensor.shape], dtype, file };
}

/** The `.npy` dtype that stores each checkpoint dtype (the manifest keeps tfjs's names). */
const NPY_DTYPE_OF: Readonly<Record<ManifestEntry["dtype"], NpyDtype & ("<f4" | "<i4")>> = {
  float32: "<f4",
  int32: "<i4",
};

/** Reads and checks `dir/manifest.json`. */
export async function readCheckpointManifest(dir: string): Promise<CheckpointManifest> {
  const text = await Deno.readTextFile(joinPath(dir, "manifest.json"));
  const manifest = JSON.parse(text) as CheckpointManifest;
  if (manifest.format !== CHECKPOINT_FORMAT) {
    throw new RangeError(`${dir}: format ${manifest.format}, expected ${CHECKPOINT_FORMAT}`);
  }
  return manifest;
}

async function readTensor(dir: string, entry: ManifestEntry): Promise<tf.Tensor> {
  const path = joinPath(dir, entry.file);
  const dtype = entry.dtype === "int32" ? "int32" : "float32";
  const arr = decodeNpy(await Deno.readFile(path), { name: path, dtype: NPY_DTYPE_OF[dtype] });
  // decodeNpy returns a view on the file bytes; tfjs gets its own copy.
  return tf.tensor(arr.data.slice() as Float32Array | Int32Array, [...arr.shape], dtype);
}

/**
 * Restores models (and optimizers) saved by {@link saveCheckpoint}, by position with a
 * shape check.
 *
 * @param dir checkpoint folder.
 * @param targets models (and optimizers) under the same keys as when saved; every key
 *   given must exist in the checkpoint.
 * @returns the saved `step` and `meta`.
 */
export async function loadCheckpoint(
  dir: string,
  targets: CheckpointTargets,
): Promise<{ readonly step: number; readonly meta: Record<string, unknown> }> {
  const manifest = await readCheckpointManifest(dir);
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
    const tensors = await Promise.all(entries.map((e) => readTensor(dir, e)));
    model.setWeights(tensors);
    tf.dispose(tensors);
  }
  for (const [key, opt] of Object.entries(targets.optimizers ?? {})) {
    const entries = manifest.optimizers[key];
    if (!entries) throw new RangeError(`${dir} has no optimizer "${key}"`);
    const named = await Promise.all(
      entries.map(async (e) => ({ name: e.name, tensor: await readTensor(dir, e) })),
    );
    // setWeights turns the moments into new variables (it does not keep our tensors).
    await opt.setWeights(named);
    tf.dispose(named.map((n) => n.tensor));
  }
  return { step: manifest.step, meta: manifest.meta };
}
