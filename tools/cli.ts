/**
 * Argument checks shared by the CLI tasks (figures, dataset, train, tune-linear): seeds,
 * and output folders checked *before any work* (permission first, through
 * `Deno.permissions.query`, which never prompts; then an actual write), each failure a
 * one-line message naming the option; and the re-launch that gives a task access to
 * exactly the paths a user names outside the repository ({@link relaunchWithPaths}).
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

/**
 * The default dataset folder name under `data/datasets/`: `<preset>-seed<N>` for the
 * office, `<preset>-<scene>-seed<N>` for another scene (characters other than letters,
 * digits, `_` and `-` of the scene name become `_`), so a dataset of another scene never
 * lands in (and is refused by) the office's folder.
 *
 * @param preset dataset preset name.
 * @param seed dataset seed.
 * @param sceneName the `--scene` file's scene name, or undefined for the office.
 * @returns the folder name.
 *
 * @example
 * ```ts
 * import { datasetFolderName } from "./cli.ts";
 * if (datasetFolderName("ci", 1, "lab28") !== "ci-lab28-seed1") throw new Error("name");
 * if (datasetFolderName("ci", 1) !== "ci-seed1") throw new Error("office");
 * ```
 */
export function datasetFolderName(preset: string, seed: number, sceneName?: string): string {
  return sceneName === undefined
    ? `${preset}-seed${seed}`
    : `${preset}-${sceneName.replace(/[^A-Za-z0-9_-]/g, "_")}-seed${seed}`;
}

/** A task's permission flags (as in `deno.json`, less `--allow-run`). */
export interface TaskPermissions {
  /** The `--allow-read` list. */
  readonly read: readonly string[];
  /** The `--allow-write` list. */
  readonly write: readonly string[];
  /** The other flags, e.g. `--allow-env`. */
  readonly other: readonly string[];
}

/**
 * The flags of the `figures`, `dataset` and `train` tasks in `deno.json` (besides
 * `--allow-run` for their own Deno executable), which a re-launch starts from
 * (`tests/tools/relaunch_test.ts` checks they match `deno.json`).
 */
export const TASK_PERMISSIONS: Readonly<Record<"figures" | "dataset" | "train", TaskPermissions>> =
  Object.freeze({
    figures: {
      read: [".", "/usr/share/fonts/truetype/dejavu"],
      write: ["./figures", "./out"],
      other: ["--allow-env", "--allow-ffi", "--allow-sys"],
    },
    dataset: { read: ["."], write: ["./data/datasets"], other: ["--allow-env"] },
    train: {
      read: [".", "/tmp"],
      write: ["./out", "./data/models", "./data/datasets", "/tmp"],
      other: ["--allow-env", "--allow-sys"],
    },
  });

/**
 * What a task's process may do (its `deno.json` flags), and the paths one run needs beyond
 * that (`--scene`, `--out`, ...), for {@link relaunchWithPaths}.
 */
export interface PermissionPlan extends TaskPermissions {
  /** The script to re-run, absolute path (e.g. `repoPath("tools", "figures.ts")`). */
  readonly script: string;
  /** Absolute paths this run reads beyond `read` (scene file, shard folders, a dataset). */
  readonly extraRead: readonly (string | null | undefined)[];
  /** Absolute paths this run writes beyond `write` (output folders); they are also read. */
  readonly extraWrite: readonly (string | null | undefined)[];
}

/**
 * The `deno run` arguments of the re-launched process: the task's flags with exactly the
 * run's own paths added to `--allow-read` / `--allow-write` (written paths are also read), no `--allow-run` (the child
 * cannot re-launch again), `--no-prompt`, then the script and the same arguments.
 *
 * @param plan the task's flags and the run's paths.
 * @param paths the run's own paths: `read` and `write`.
 * @param args the script's arguments (`Deno.args`).
 * @returns the argument list after the Deno executable.
 *
 * @example
 * ```ts
 * import { relaunchArgs } from "./cli.ts";
 * const a = relaunchArgs(
 *   { script: "/repo/tools/figures.ts", read: ["."], write: ["./figures"], other: ["--allow-env"],
 *     extraRead: [], extraWrite: [] },
 *   { read: ["/tmp/s.json"], write: ["/tmp/o"] },
 *   ["--out", "/tmp/o"],
 * );
 * if (!a.includes("--allow-read=.,/tmp/s.json,/tmp/o")) throw new Error(a.join(" "));
 * if (!a.includes("--allow-write=./figures,/tmp/o")) throw new Error(a.join(" "));
 * ```
 */
export function relaunchArgs(
  plan: PermissionPlan,
  paths: { readonly read: readonly string[]; readonly write: readonly string[] },
  args: readonly string[],
): string[] {
  const unique = (xs: readonly string[]) => [...new Set(xs)];
  const read = unique([...plan.read, ...paths.read, ...paths.write]);
  const write = unique([...plan.write, ...paths.write]);
  return [
    "run",
    "--no-prompt",
    `--allow-read=${read.join(",")}`,
    ...(write.length > 0 ? [`--allow-write=${write.join(",")}`] : []),
    ...plan.other.filter((f) => !f.startsWith("--allow-run")),
    plan.script,
    ...args,
  ];
}

/**
 * Paths the user named outside what the task may touch: when this process may run its own
 * Deno executable (the task grants `--allow-run` for it and nothing else), the script is
 * run again with the task's flags plus read/write access to exactly the run's paths
 * (`extraRead`, `extraWrite`; see {@link relaunchArgs}), with the terminal inherited, and this process exits with the
 * child's code. Without that permission, or when every path is granted already, or when a
 * path holds a comma (Deno's flag lists cannot quote it), it returns and the task's own
 * checks report what is missing. Never prompts (`Deno.permissions.query`).
 *
 * @param plan the task's flags and the run's paths.
 * @returns when no re-launch happened; else exits.
 */
export async function relaunchWithPaths(plan: PermissionPlan): Promise<void> {
  const granted = async (name: "read" | "write", path: string) =>
    (await Deno.permissions.query({ name, path })).state === "granted";
  const read = plan.extraRead.filter((p): p is string => typeof p === "string" && p !== "");
  const write = plan.extraWrite.filter((p): p is string => typeof p === "string" && p !== "");
  let missing = false;
  for (const p of read) missing ||= !(await granted("read", p));
  for (const p of write) missing ||= !(await granted("write", p) && await granted("read", p));
  if (!missing) return;
  if ([...read, ...write].some((p) => p.includes(","))) return;
  const deno = Deno.execPath();
  if ((await Deno.permissions.query({ name: "run", command: deno })).state !== "granted") return;
  const child = new Deno.Command(deno, {
    args: relaunchArgs(plan, { read, write }, Deno.args),
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const status = await child.status;
  Deno.exit(status.success ? 0 : (status.code || 1));
}
