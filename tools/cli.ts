/**
 * Argument checks shared by the CLI tasks (figures, dataset, train, tune-linear): seeds,
 * and output folders checked *before any work* (permission first, through
 * `Deno.permissions.query`, which never prompts; then an actual write), each failure a
 * one-line message naming the option.
 *
 * @module
 */
import { joinPath } from "../lib/core/mod.ts";
import { loadSceneSource, type SceneSource } from "../lib/scene/mod.ts";

/**
 * Parses a `--seed` value: decimal digits only (an optional leading `-` when `min` is
 * negative), a safe integer (at most `Number.MAX_SAFE_INTEGER`), at least `min`.
 *
 * @param raw the option's text.
 * @param options `name` (default `--seed`), `min` (default 0).
 * @returns the seed.
 * @throws RangeError naming the option: empty, not an integer, too large or too small.
 *
 * @example
 * ```ts
 * import { parseSeed } from "./cli.ts";
 * if (parseSeed("7") !== 7) throw new Error("7");
 * let threw = false;
 * try { parseSeed(""); } catch { threw = true; }
 * if (!threw) throw new Error("empty seed accepted");
 * ```
 */
export function parseSeed(
  raw: string | undefined,
  options: { readonly name?: string; readonly min?: number } = {},
): number {
  const name = options.name ?? "--seed";
  const min = options.min ?? 0;
  const text = JSON.stringify(raw ?? "");
  const pattern = min < 0 ? /^-?\d+$/ : /^\d+$/;
  if (raw === undefined || !pattern.test(raw)) {
    throw new RangeError(
      `${name} must be ${min < 0 ? "an" : "a non-negative"} integer, got ${text}`,
    );
  }
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(
      `${name} must be at most ${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER), got ${text}`,
    );
  }
  if (value < min) throw new RangeError(`${name} must be at least ${min}, got ${text}`);
  return value;
}

/**
 * Checks that `dir` may be written by this process, without prompting and before any
 * work: write permission (`Deno.permissions.query`), then the folder is created if
 * missing and a probe file written and removed.
 *
 * @param option the option that named the folder (e.g. `--out`), for the message.
 * @param dir absolute folder path.
 * @param hint appended to a permission failure (e.g. which folders the task may write).
 * @returns null when writable, else a one-line message.
 */
export async function outputFolderProblem(
  option: string,
  dir: string,
  hint = "",
): Promise<string | null> {
  const status = await Deno.permissions.query({ name: "write", path: dir });
  if (status.state !== "granted") {
    return `${option} ${dir}: no write permission for this task${hint ? `; ${hint}` : ""}`;
  }
  const probe = joinPath(dir, `.write-probe-${Deno.pid}`);
  try {
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeFile(probe, new Uint8Array(0));
    await Deno.remove(probe);
    return null;
  } catch (e) {
    return `${option} ${dir}: not writable (${(e as Error).message.split("\n")[0]})`;
  }
}

/**
 * Loads a `--scene FILE` before any work: read permission first (no prompt), then the
 * validator (an error names the file and the field). Nothing is written.
 *
 * @param path absolute scene file path.
 * @param runHint appended to a permission failure: the exact `deno run` command to use.
 * @returns the scene with its SHA-256, or a one-line message.
 */
export async function sceneOption(
  path: string,
  runHint: string,
): Promise<{ scene: SceneSource } | { problem: string }> {
  const status = await Deno.permissions.query({ name: "read", path });
  if (status.state !== "granted") {
    return { problem: `--scene ${path}: no read permission for this task; ${runHint}` };
  }
  try {
    return { scene: await loadSceneSource(path) };
  } catch (e) {
    return { problem: `--scene: ${(e as Error).message}` };
  }
}
