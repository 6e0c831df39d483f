/**
 * Shared helpers of the reliability probes: running a task's script as a child process
 * (the npm-installed Deno, as the tasks do) and hashing every file of a folder.
 *
 * @module
 */
import { joinPath, repoPath } from "../../lib/core/mod.ts";
import { sha256Hex } from "../../lib/dataset/mod.ts";

/** The Deno binary the tasks run with. */
export const DENO = repoPath("node_modules", "deno", "deno");

/** Exit code, stdout and stderr of a finished child. */
export interface ChildResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `deno run --no-prompt <flags> <script> <args>` from the repository root.
 *
 * @param flags permission flags (e.g. `--allow-read`).
 * @param script path relative to the repository root.
 * @param args the script's arguments.
 */
export async function runScript(
  flags: readonly string[],
  script: string,
  args: readonly string[],
): Promise<ChildResult> {
  const out = await new Deno.Command(DENO, {
    args: ["run", "--no-prompt", ...flags, repoPath(...script.split("/")), ...args],
    cwd: repoPath(),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", TFJS_THREADS: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** `relative path -> SHA-256` of every file under `dir`, sorted by path. */
export async function folderDigests(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(rel: string): Promise<void> {
    const entries = await Array.fromAsync(Deno.readDir(joinPath(dir, rel)));
    entries.sort((a, b) => a.name < b.name ? -1 : 1);
    for (const e of entries) {
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory) await walk(r);
      else out[r] = await sha256Hex(await Deno.readFile(joinPath(dir, r)));
    }
  }
  await walk("");
  return out;
}

/** Non-empty lines of `text`. */
export function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}

/** The tasks of deno.json (name -> command). */
export async function denoTasks(): Promise<Record<string, string>> {
  return JSON.parse(await Deno.readTextFile(repoPath("deno.json"))).tasks;
}

/** The permission flags of a task's first command (before any `&&`). */
export async function taskFlags(name: string): Promise<string[]> {
  const command = (await denoTasks())[name];
  return command.split("&&")[0].trim().split(/\s+/).filter((t) => /^--allow-/.test(t));
}
