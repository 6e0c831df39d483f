/**
 * Which code built a dataset, read without `--allow-run` (no `git` subprocess):
 *
 * - `packageVersion`: `version` of `package.json` (null when it has none);
 * - `gitCommit`: the commit `.git/HEAD` points to, resolved through `.git/refs/...` or
 *   `.git/packed-refs` (null when there is no readable `.git`); the working tree may be
 *   dirty, hence:
 * - `sourceHash`: SHA-256 over the sorted relative paths and contents of every `.ts`
 *   file under the layers that shape the data (`lib/core`, `lib/scene`, `lib/em`,
 *   `lib/rt`, `lib/channel`, `lib/mobility`, `lib/dataset`) and of `data/scenes/*.json`.
 *   Only this hash decides whether an existing dataset may be resumed: an edit elsewhere
 *   (plots, models) does not invalidate a half-built dataset.
 *
 * @module
 */
import { joinPath, relativePath, REPO_ROOT } from "../core/mod.ts";
import { sha256Hex } from "./checksum.ts";

/** The code that built a dataset. */
export interface CodeVersion {
  readonly packageVersion: string | null;
  readonly gitCommit: string | null;
  /** Hex SHA-256 of the data-shaping sources (see module doc). */
  readonly sourceHash: string;
  /** Folders hashed into `sourceHash`, relative to the repository root. */
  readonly sourceHashScope: readonly string[];
}

/** Folders hashed into {@link CodeVersion.sourceHash}. */
export const SOURCE_HASH_SCOPE: readonly string[] = Object.freeze([
  "lib/core",
  "lib/scene",
  "lib/em",
  "lib/rt",
  "lib/channel",
  "lib/mobility",
  "lib/dataset",
  "data/scenes",
]);

async function listFiles(dir: string, out: string[]): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  for (const entry of entries) {
    const path = joinPath(dir, entry.name);
    if (entry.isDirectory) await listFiles(path, out);
    else if (entry.isFile && /\.(ts|json)$/.test(entry.name)) out.push(path);
  }
}

async function readText(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return null;
  }
}

async function gitCommit(root: string): Promise<string | null> {
  const head = (await readText(joinPath(root, ".git", "HEAD")))?.trim();
  if (!head) return null;
  if (/^[0-9a-f]{40}$/.test(head)) return head;
  const ref = /^ref: (.+)$/.exec(head)?.[1];
  if (!ref) return null;
  const loose = (await readText(joinPath(root, ".git", ...ref.split("/"))))?.trim();
  if (loose && /^[0-9a-f]{40}$/.test(loose)) return loose;
  const packed = await readText(joinPath(root, ".git", "packed-refs"));
  for (const line of packed?.split("\n") ?? []) {
    const [hash, name] = line.trim().split(" ");
    if (name === ref && /^[0-9a-f]{40}$/.test(hash)) return hash;
  }
  return null;
}

/**
 * Reads the code version of the repository at `root` (default: this repository).
 * Needs read access to the repository.
 *
 * @example
 * ```ts
 * import { readCodeVersion } from "./code_version.ts";
 * // null without --allow-read (the example is then skipped)
 * const v = await readCodeVersion().catch(() => null);
 * if (v !== null && v.sourceHash.length !== 64) throw new Error("hex SHA-256");
 * ```
 */
export async function readCodeVersion(options: { readonly root?: string } = {}): Promise<
  CodeVersion
> {
  const root = options.root ?? REPO_ROOT;
  const files: string[] = [];
  for (const scope of SOURCE_HASH_SCOPE) await listFiles(joinPath(root, scope), files);
  const rel = files.map((f) => relativePath(root, f).split("\\").join("/")).sort();
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const r of rel) {
    const bytes = await Deno.readFile(joinPath(root, r));
    parts.push(encoder.encode(`${r}\n${bytes.length}\n`), bytes);
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  let packageVersion: string | null = null;
  const pkg = await readText(joinPath(root, "package.json"));
  if (pkg) {
    try {
      const v = JSON.parse(pkg).version;
      packageVersion = typeof v === "string" ? v : null;
    } catch {
      packageVersion = null;
    }
  }
  return {
    packageVersion,
    gitCommit: await gitCommit(root),
    sourceHash: await sha256Hex(all),
    sourceHashScope: SOURCE_HASH_SCOPE,
  };
}
