/**
 * Type-checks notebooks (`deno task check`, second step).
 *
 * `deno check` cannot read `.ipynb`, so each notebook's code cells are concatenated
 * into a temporary `notebooks/.check_<name>.ts` next to the notebook (relative imports
 * such as `../lib/core/mod.ts` resolve the same way as in the kernel), all of them are
 * checked in one `deno check` run, the temporary files are always deleted, and every
 * error position is mapped back to (notebook, cell, line).
 *
 *     deno task check                       # every notebooks/*.ipynb
 *     deno run ... tools/check_notebooks.ts notebooks/01_x.ipynb
 *
 * @module
 */
import {
  basenamePath,
  dirnamePath,
  joinPath,
  relativePath,
  repoPath,
  resolvePath,
} from "../lib/core/paths.ts";

/** A notebook cell as stored in `.ipynb` (only the fields used here). */
export interface NotebookCell {
  cell_type: string;
  source: string | string[];
}

/** Where a line of the generated `.ts` came from; `null` for separator lines. */
export interface CellLine {
  /** Index of the cell in the notebook's `cells` array (0-based, all cell types). */
  cell: number;
  /** Line inside the cell (1-based). */
  line: number;
}

/** Generated TypeScript source plus its line map. */
export interface ConcatenatedSource {
  source: string;
  /** `lineMap[n - 1]` tells where line `n` (1-based) of `source` came from. */
  lineMap: (CellLine | null)[];
}

/** The text of a cell's `source` (a string or a list of lines in `.ipynb`). */
export function cellText(source: string | string[]): string {
  return Array.isArray(source) ? source.join("") : source;
}

/**
 * Concatenates the code cells of a notebook into one TypeScript module. Each cell is
 * preceded by a line `;// --- cell N ---`: the comment names the cell index and the
 * leading `;` ends a cell whose last expression has no semicolon, so the next cell
 * cannot continue it. An optional `header` becomes a first comment line.
 */
export function concatenateCells(
  cells: readonly NotebookCell[],
  header?: string,
): ConcatenatedSource {
  const lines: string[] = [];
  const lineMap: (CellLine | null)[] = [];
  if (header !== undefined) {
    lines.push(`// ${header}`);
    lineMap.push(null);
  }
  cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const text = cellText(cell.source);
    if (!text.trim()) return;
    lines.push(`;// --- cell ${index} ---`);
    lineMap.push(null);
    text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n").forEach((line, i) => {
      lines.push(line);
      lineMap.push({ cell: index, line: i + 1 });
    });
  });
  lines.push("export {};");
  lineMap.push(null);
  return { source: lines.join("\n") + "\n", lineMap };
}

/** Maps a 1-based line of the generated source back to its cell, or `null`. */
export function mapLine(lineMap: readonly (CellLine | null)[], line: number): CellLine | null {
  if (!Number.isInteger(line) || line < 1 || line > lineMap.length) return null;
  return lineMap[line - 1];
}

/** A generated file and where it came from. */
export interface GeneratedFile {
  /** Absolute path of the temporary `.ts`. */
  tsPath: string;
  /** Notebook path as shown in messages (relative to the repository root). */
  notebook: string;
  lineMap: (CellLine | null)[];
}

/**
 * Rewrites positions in `deno check` output (`file:///.../.check_x.ts:L:C`, an
 * absolute or a repository-relative path) into `notebooks/x.ipynb [cell N, line l:C]`;
 * bare mentions of the generated file become the notebook's path.
 */
export function rewriteDiagnostics(text: string, files: readonly GeneratedFile[]): string {
  let out = text;
  for (const file of files) {
    const url = new URL(`file://${file.tsPath}`).href;
    const rel = relativePath(repoPath(), file.tsPath);
    for (const prefix of [url, file.tsPath, rel]) {
      const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const re = new RegExp(`${escaped}:(\\d+)(?::(\\d+))?`, "g");
      out = out.replace(re, (_m, l: string, c: string | undefined) => {
        const where = mapLine(file.lineMap, Number(l));
        const col = c ? `:${c}` : "";
        if (!where) return `${file.notebook} [generated line ${l}${col}]`;
        return `${file.notebook} [cell ${where.cell}, line ${where.line}${col}]`;
      });
      out = out.split(prefix).join(file.notebook);
    }
  }
  return out;
}

/** Path of the temporary file for a notebook: a dot-file next to it. */
export function checkFileFor(notebookPath: string): string {
  return joinPath(dirnamePath(notebookPath), `.check_${basenamePath(notebookPath, ".ipynb")}.ts`);
}

function findNotebooks(dir: string): string[] {
  const found: string[] = [];
  try {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isFile && entry.name.endsWith(".ipynb") && !entry.name.startsWith(".")) {
        found.push(joinPath(dir, entry.name));
      }
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return found.sort();
}

function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch {
    // already gone
  }
}

async function main(args: string[]): Promise<number> {
  const notebooks = args.length ? args.map((a) => resolvePath(a)) : findNotebooks(
    repoPath("notebooks"),
  );
  if (!notebooks.length) {
    console.log("notebook check: no notebooks");
    return 0;
  }
  const files: GeneratedFile[] = [];
  const cleanup = () => files.forEach((f) => removeQuietly(f.tsPath));
  const onSignal = () => {
    cleanup();
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  try {
    for (const nb of notebooks) {
      const json = JSON.parse(Deno.readTextFileSync(nb)) as { cells?: NotebookCell[] };
      const shown = relativePath(repoPath(), nb);
      const { source, lineMap } = concatenateCells(
        json.cells ?? [],
        `generated from ${shown} by tools/check_notebooks.ts; deleted after the check`,
      );
      const tsPath = checkFileFor(nb);
      files.push({ tsPath, notebook: shown, lineMap });
      Deno.writeTextFileSync(tsPath, source);
    }
    let result: Deno.CommandOutput;
    try {
      result = await new Deno.Command(Deno.execPath(), {
        args: ["check", ...files.map((f) => f.tsPath)],
        cwd: repoPath(),
        env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
        stdout: "piped",
        stderr: "piped",
      }).output();
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable) {
        console.error(
          `notebook check: not allowed to run ${Deno.execPath()}; run it as ` +
            "`npx deno task check` (the task allows ./node_modules/deno/deno)",
        );
        return 2;
      }
      throw e;
    }
    const decoder = new TextDecoder();
    const text = rewriteDiagnostics(
      decoder.decode(result.stdout) + decoder.decode(result.stderr),
      files,
    ).trim();
    if (result.code !== 0) {
      if (text) console.error(text);
      console.error(`notebook check: FAILED (${files.length} notebook(s) checked)`);
      return 1;
    }
    console.log(`notebook check: ${files.length} notebook(s) OK`);
    return 0;
  } finally {
    cleanup();
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
