/**
 * What a consumer of a dataset folder (e.g. `deno task train`) may do with it, decided
 * without touching it: build it (the folder is missing or empty), use it (a complete,
 * readable manifest), resume its build (an incomplete manifest; the builder then refuses
 * any other configuration), or stop with {@link DatasetDamagedError} (the manifest is
 * missing or damaged while shards are present). A damaged dataset is never rebuilt by a
 * consumer: it may hold data of another seed or preset, and a rebuild would replace it.
 *
 * @module
 */
import { basenamePath, joinPath } from "../core/mod.ts";
import { type DatasetManifest, MANIFEST_FILE, readManifest } from "./manifest.ts";

/** A dataset folder whose manifest is missing or damaged; the message says how to repair it. */
export class DatasetDamagedError extends Error {
  readonly dir: string;
  constructor(dir: string, reason: string) {
    const m = /^([a-z]+)-seed(-?\d+)$/.exec(basenamePath(dir));
    const how = m
      ? `deno task dataset --preset ${m[1]} --seed ${m[2]} --out ${dir} --force`
      : `deno task dataset --preset <preset> --seed <seed it was built with> --out ${dir} --force`;
    super(
      `${joinPath(dir, MANIFEST_FILE)}: ${reason}; nothing was changed. ` +
        `Repair: ${how} (the same preset and seed rebuild identical shards), or move the folder aside`,
    );
    this.name = "DatasetDamagedError";
    this.dir = dir;
  }
}

/** The outcome of {@link datasetFolderState}. */
export type DatasetFolderState =
  | { readonly state: "missing" }
  | { readonly state: "complete" | "incomplete"; readonly manifest: DatasetManifest };

/**
 * Classifies a dataset folder without changing it.
 *
 * @param dir dataset folder.
 * @returns `missing` (no folder, or an empty one), `complete` or `incomplete` (with the
 *   manifest).
 * @throws DatasetDamagedError when the folder has entries but no readable manifest
 *   (truncated, invalid or outdated `manifest.json`, or none beside shards).
 *
 * @example
 * ```ts
 * import { datasetFolderState } from "./guard.ts";
 * const s = await datasetFolderState("/nonexistent/dataset-folder").catch(() => null);
 * if (s !== null && s.state !== "missing") throw new Error("expected missing");
 * ```
 */
export async function datasetFolderState(dir: string): Promise<DatasetFolderState> {
  let names: string[];
  try {
    names = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { state: "missing" };
    throw e;
  }
  if (names.length === 0) return { state: "missing" };
  if (!names.includes(MANIFEST_FILE)) {
    throw new DatasetDamagedError(dir, `missing beside ${names.length} other entries`);
  }
  let manifest: DatasetManifest;
  try {
    manifest = await readManifest(dir);
  } catch (e) {
    const msg = (e as Error).message.split("\n")[0];
    const prefix = `${joinPath(dir, MANIFEST_FILE)}: `;
    throw new DatasetDamagedError(
      dir,
      `damaged (${msg.startsWith(prefix) ? msg.slice(prefix.length) : msg})`,
    );
  }
  return { state: manifest.complete ? "complete" : "incomplete", manifest };
}
