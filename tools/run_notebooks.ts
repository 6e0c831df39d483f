/**
 * `deno task nb`: executes notebooks headlessly with the Deno kernel and checks
 * their outputs (see tools/nbrun.py for what is checked).
 *
 *     deno task nb                          # every notebooks/*.ipynb, preset "ci"
 *     deno task nb notebooks/00_smoke.ipynb # only these
 *     deno task nb --preset cpu             # WORKBENCH_PRESET=cpu for the kernel
 *     deno task nb --in-place               # write outputs into the notebooks (commit them)
 *     deno task nb --check                  # fail if the committed outputs are not current
 *     deno task nb --out DIR --timeout 900
 *
 * Executed copies go to out/notebooks/ unless `--in-place`. Outputs are normalized
 * (no execution counts, timings, absolute paths or thread counts; figures as SVG only)
 * by `normalize_outputs` in tools/nbrun.py, which `--check` applies to both the
 * committed and the fresh outputs before comparing them cell by cell. Needs Debian's
 * /usr/bin/python3 with nbclient (apt-get install jupyter-nbconvert jupyter-client
 * python3-nbclient).
 *
 * @module
 */
import { JUPYTER_DIR, writeKernelspec } from "./kernelspec.ts";
import { basenamePath, joinPath, repoPath, resolvePath } from "../lib/core/paths.ts";

const PYTHON = "/usr/bin/python3";
const APT_HINT = "apt-get install jupyter-nbconvert jupyter-client python3-nbclient";

/** Parsed command line of `deno task nb`. */
export interface NbOptions {
  notebooks: string[];
  preset: string;
  inPlace: boolean;
  /** Execute into `out` and compare with the committed outputs. */
  check: boolean;
  out: string;
  timeout?: number;
  verbose: boolean;
}

/** Parses the command line (throws on unknown options). */
export function parseArgs(args: string[]): NbOptions {
  const opts: NbOptions = {
    notebooks: [],
    preset: "ci",
    inPlace: false,
    check: false,
    out: repoPath("out", "notebooks"),
    verbose: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--preset") opts.preset = value();
    else if (a.startsWith("--preset=")) opts.preset = a.slice("--preset=".length);
    else if (a === "--in-place") opts.inPlace = true;
    else if (a === "--check") opts.check = true;
    else if (a === "--out") opts.out = resolvePath(value());
    else if (a === "--timeout") opts.timeout = Number(value());
    else if (a === "--verbose") opts.verbose = true;
    else if (a.startsWith("-")) throw new Error(`unknown option ${a}`);
    else opts.notebooks.push(resolvePath(a));
  }
  if (opts.inPlace && opts.check) throw new Error("--in-place and --check exclude each other");
  return opts;
}

/** notebooks/*.ipynb, sorted by name (dot-files skipped). */
export function findNotebooks(dir: string = repoPath("notebooks")): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (entry.isFile && entry.name.endsWith(".ipynb") && !entry.name.startsWith(".")) {
      found.push(joinPath(dir, entry.name));
    }
  }
  return found.sort((a, b) => (basenamePath(a) < basenamePath(b) ? -1 : 1));
}

async function pythonHasNbclient(): Promise<string | null> {
  let probe: Deno.CommandOutput;
  try {
    probe = await new Deno.Command(PYTHON, {
      args: ["-c", "import nbclient, nbformat, jupyter_client"],
      stdout: "null",
      stderr: "piped",
    }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return `${PYTHON} is missing`;
    throw e;
  }
  if (probe.code !== 0) {
    return `${PYTHON} cannot import nbclient/nbformat/jupyter_client`;
  }
  return null;
}

async function main(): Promise<number> {
  let opts: NbOptions;
  try {
    opts = parseArgs(Deno.args);
  } catch (e) {
    console.error(`nb: ${(e as Error).message}`);
    return 2;
  }
  const problem = await pythonHasNbclient();
  if (problem) {
    console.error(`nb: ${problem}. Install Debian's Jupyter executor: ${APT_HINT}`);
    return 2;
  }
  const notebooks = opts.notebooks.length ? opts.notebooks : findNotebooks();
  if (!notebooks.length) {
    console.log("notebooks: 0 passed, 0 failed");
    return 0;
  }
  writeKernelspec();
  const args = [repoPath("tools", "nbrun.py"), "--kernel", "deno"];
  if (opts.inPlace) args.push("--in-place");
  else args.push("--out", opts.out);
  if (opts.check) args.push("--check");
  if (opts.timeout !== undefined) args.push("--timeout", String(opts.timeout));
  if (opts.verbose) args.push("--verbose");
  args.push(...notebooks);
  const child = new Deno.Command(PYTHON, {
    args,
    cwd: repoPath(),
    env: {
      NO_COLOR: "1",
      JUPYTER_PATH: JUPYTER_DIR,
      JUPYTER_RUNTIME_DIR: joinPath(JUPYTER_DIR, "runtime"),
      WORKBENCH_PRESET: opts.preset,
      PYTHONDONTWRITEBYTECODE: "1",
    },
    stdin: "null",
  }).spawn();
  const status = await child.status;
  return status.code;
}

if (import.meta.main) {
  Deno.exit(await main());
}
