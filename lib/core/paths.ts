/**
 * Every file-system path operation of the project goes through this module.
 *
 * The natural choice is `jsr:@std/path`, but JSR is unreachable on the machines this
 * project is built on, so the functions below wrap `node:path`. Where JSR is reachable,
 * swap the import line for `import * as path from "jsr:@std/path";` — the names used
 * here (`join`, `resolve`, `dirname`, `basename`, `relative`, `fromFileUrl`) exist there
 * with the same meaning.
 *
 * @module
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** Joins path segments. */
export function joinPath(...segments: string[]): string {
  return path.join(...segments);
}

/** Resolves segments to an absolute path. */
export function resolvePath(...segments: string[]): string {
  return path.resolve(...segments);
}

/** Parent folder of a path. */
export function dirnamePath(p: string): string {
  return path.dirname(p);
}

/** Last segment of a path. */
export function basenamePath(p: string, suffix?: string): string {
  return path.basename(p, suffix);
}

/** Path of `to` relative to `from`. */
export function relativePath(from: string, to: string): string {
  return path.relative(from, to);
}

/** A `file:` URL (e.g. `import.meta.url`) as a path. */
export function fromFileUrl(url: string | URL): string {
  return fileURLToPath(url);
}

/** Absolute path of the repository root (the folder holding `deno.json`). */
export const REPO_ROOT: string = path.resolve(fromFileUrl(new URL("../../", import.meta.url)));

/** Absolute path of a file or folder given relative to the repository root. */
export function repoPath(...segments: string[]): string {
  return path.join(REPO_ROOT, ...segments);
}
