/**
 * Tables as files: tidy rows to CSV (for spreadsheets and pandas) and JSON (with the
 * provenance of the run that made them). The CSV goes through danfojs (`DataFrame` +
 * `toCSV`); cells are formatted here first, so the text is deterministic and does not
 * depend on danfojs' type inference: numbers as `String(v)` (full precision, `NaN`,
 * `Infinity`), strings quoted when they hold a comma, quote or newline, missing cells
 * empty.
 *
 * @module
 */
import { dirnamePath, joinPath } from "../core/mod.ts";
import { saveFigure } from "../plot/mod.ts";

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return String(v);
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The header (union of keys in first-seen order) and the formatted cells of `rows`. */
function csvColumns(rows: readonly object[]): { keys: string[]; cells: string[][] } {
  if (!Array.isArray(rows)) throw new TypeError(`rows must be an array, got ${typeof rows}`);
  const keys: string[] = [];
  for (const r of rows) {
    if (typeof r !== "object" || r === null) throw new TypeError("rows must hold objects");
    for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  }
  const cells = rows.map((r) => keys.map((k) => csvCell((r as Record<string, unknown>)[k])));
  return { keys, cells };
}

/**
 * Rows as CSV text without danfojs (same text as {@link toCsvDanfo}): the header is the
 * union of keys in first-seen order.
 *
 * @example
 * ```ts
 * import { toCsv } from "./tables.ts";
 * if (toCsv([{ a: 1, b: "x,y" }]) !== 'a,b\n1,"x,y"\n') throw new Error("csv");
 * ```
 */
export function toCsv(rows: readonly object[]): string {
  const { keys, cells } = csvColumns(rows);
  return [keys.join(","), ...cells.map((c) => c.join(","))].join("\n") + "\n";
}

/**
 * Rows as CSV text through danfojs: a `DataFrame` of the formatted (string) cells,
 * written by `dfd.toCSV`. danfojs is imported on first use (about 1-2 s).
 */
export async function toCsvDanfo(rows: readonly object[]): Promise<string> {
  const { keys, cells } = csvColumns(rows);
  if (keys.length === 0) return "\n";
  if (cells.length === 0) return keys.join(",") + "\n";
  const dfd = await import("danfojs");
  const columns: Record<string, string[]> = {};
  keys.forEach((k, j) => (columns[k] = cells.map((c) => c[j])));
  const frame = new dfd.DataFrame(columns, { columns: keys });
  const text = dfd.toCSV(frame, { download: false }) as string;
  return text.endsWith("\n") ? text : text + "\n";
}

/**
 * Writes `<basePath>.csv` (through danfojs) and `<basePath>.json`
 * (`{ provenance, rows }`); returns the paths.
 *
 * @param rows tidy rows (one object per row).
 * @param basePath path without extension.
 * @param options `provenance`: preset, seeds, versions... recorded in the JSON.
 */
export async function writeTable(
  rows: readonly object[],
  basePath: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  if (typeof basePath !== "string" || basePath === "") {
    throw new TypeError(`basePath must be a non-empty string, got ${basePath}`);
  }
  await Deno.mkdir(dirnamePath(basePath), { recursive: true });
  const csvPath = `${basePath}.csv`;
  const jsonPath = `${basePath}.json`;
  await Deno.writeTextFile(csvPath, await toCsvDanfo(rows));
  await Deno.writeTextFile(
    jsonPath,
    JSON.stringify({ provenance: options.provenance ?? {}, rows }, jsonReplacer, 1) + "\n",
  );
  return [csvPath, jsonPath];
}

/** JSON cannot hold NaN / Infinity: write them as strings so nothing is lost silently. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}

/**
 * Writes named tables under `outDir` with {@link writeTable} (`<outDir>/<name>.csv` and
 * `.json`), in the object's key order; returns the paths.
 *
 * @param tables tidy rows by file name (no extension).
 * @param outDir output folder.
 * @param options `provenance` recorded in every JSON.
 */
export async function writeTables(
  tables: Readonly<Record<string, readonly object[]>>,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const written: string[] = [];
  for (const [name, rows] of Object.entries(tables)) {
    written.push(...await writeTable(rows, joinPath(outDir, name), options));
  }
  return written;
}

/**
 * Writes named figures under `outDir` with `saveFigure` (`<outDir>/<name>.svg` and
 * `.png`, `metadata` embedded in each SVG), in the object's key order; returns the paths.
 *
 * @param figures rendered figures by file name (no extension).
 * @param outDir output folder.
 * @param options `metadata` (the run's provenance) for every SVG.
 */
export async function saveFigures(
  figures: Readonly<Record<string, Element>>,
  outDir: string,
  options: { metadata?: Record<string, unknown> } = {},
): Promise<string[]> {
  const written: string[] = [];
  for (const [name, figure] of Object.entries(figures)) {
    const { svgPath, pngPath } = await saveFigure(figure, joinPath(outDir, name), options);
    written.push(svgPath, pngPath);
  }
  return written;
}
