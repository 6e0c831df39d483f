/**
 * Part of `deno task fmt`: after `deno fmt`, makes every notebook cell's source end with a
 * newline. Deno 2.9.6's `deno fmt` strips that newline from some cells while a fresh
 * `deno fmt --check` (empty cache, as in CI) reports such cells as unformatted; with the
 * newline both agree. Writes only notebooks that change.
 *
 * @module
 */
import { joinPath, repoPath } from "../lib/core/mod.ts";

/** Returns the notebook text with a trailing newline on every cell, or null if unchanged. */
export function withCellNewlines(text: string): string | null {
  const nb = JSON.parse(text) as { cells: { source: string[] | string }[] };
  let changed = false;
  for (const cell of nb.cells) {
    if (Array.isArray(cell.source) && cell.source.length > 0) {
      const last = cell.source.length - 1;
      if (!cell.source[last].endsWith("\n")) {
        cell.source[last] += "\n";
        changed = true;
      }
    }
  }
  return changed ? JSON.stringify(nb, null, 1) + "\n" : null;
}

if (import.meta.main) {
  const dir = repoPath("notebooks");
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".ipynb")) continue;
    const path = joinPath(dir, entry.name);
    const fixed = withCellNewlines(await Deno.readTextFile(path));
    if (fixed !== null) {
      await Deno.writeTextFile(path, fixed);
      console.log(`normalized ${entry.name}`);
    }
  }
}
