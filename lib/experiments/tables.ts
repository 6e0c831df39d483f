/**
 * Tables as files: tidy rows to CSV (for spreadsheets and pandas) and JSON (with the
 * provenance of the run that made them).
 *
 * @module
 */
import { dirnamePath } from "../core/mod.ts";

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    return Number.isFinite(v) ? String(v) : (Number.isNaN(v) ? "NaN" : String(v));
  }
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Rows as CSV text: the header is the union of keys in first-seen order. */
export function toCsv(rows: readonly object[]): string {
  const keys: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  const lines = [keys.join(",")];
  for (const r of rows) {
    lines.push(keys.map((k) => csvCell((r as Record<string, unknown>)[k])).join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * Writes `<basePath>.csv` and `<basePath>.json` (`{ provenance, rows }`); returns the paths.
 */
export async function writeTable(
  rows: readonly object[],
  basePath: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  await Deno.mkdir(dirnamePath(basePath), { recursive: true });
  const csvPath = `${basePath}.csv`;
  const jsonPath = `${basePath}.json`;
  await Deno.writeTextFile(csvPath, toCsv(rows));
  await Deno.writeTextFile(
    jsonPath,
    JSON.stringify({ provenance: options.provenance ?? {}, rows }, null, 1) + "\n",
  );
  return [csvPath, jsonPath];
}
