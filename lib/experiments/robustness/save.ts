/**
 * Writes the robustness study: the figure (SVG + PNG) and the table (CSV + JSON, and a
 * Markdown copy with the notes).
 *
 * @module
 */
import { joinPath } from "../../core/mod.ts";
import { saveFigures, writeTable } from "../tables.ts";
import { robustnessStudyFigures } from "./figures.ts";
import type { RobustnessRow, RobustnessStudy } from "./run.ts";

const COLUMNS: readonly { key: keyof RobustnessRow; head: string }[] = [
  { key: "condition", head: "condition" },
  { key: "scheme", head: "scheme" },
  { key: "medianGainDb", head: "median gain (dB)" },
  { key: "minGainDb", head: "min (dB)" },
  { key: "maxGainDb", head: "max (dB)" },
  { key: "seeds", head: "seeds" },
  { key: "pooledGainDb", head: "pooled gain (dB)" },
];

/**
 * The table as Markdown: one row per (condition, scheme), gains with 2 decimals
 * (`n/a` for NaN), then the notes as a list.
 *
 * @example
 * ```ts
 * import { robustnessMarkdown } from "./save.ts";
 * const md = robustnessMarkdown([{
 *   condition: "reference", scheme: "oracle", medianGainDb: 3.14159, minGainDb: 2,
 *   maxGainDb: 4, seeds: 2, pooledGainDb: NaN,
 * }], ["a note"]);
 * console.log(md.split("\n")[2]); // | reference | oracle | 3.14 | 2.00 | 4.00 | 2 | n/a |
 * ```
 */
export function robustnessMarkdown(
  rows: readonly RobustnessRow[],
  notes: readonly string[] = [],
): string {
  if (!Array.isArray(rows)) throw new TypeError(`rows must be an array, got ${typeof rows}`);
  const cell = (v: unknown, key: keyof RobustnessRow) =>
    typeof v !== "number"
      ? String(v).replaceAll("|", "\\|")
      : key === "seeds"
      ? String(v)
      : Number.isNaN(v)
      ? "n/a"
      : Number.isFinite(v)
      ? v.toFixed(2)
      : v > 0
      ? "inf"
      : "-inf";
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(COLUMNS.map((c) => c.head)),
    line(COLUMNS.map((c) => (c.key === "condition" || c.key === "scheme" ? "---" : "---:"))),
    ...rows.map((r) => line(COLUMNS.map((c) => cell(r[c.key], c.key)))),
    ...(notes.length ? ["", ...notes.map((n) => `- ${n}`)] : []),
  ].join("\n") + "\n";
}

/** A JSON-safe copy: `Infinity` (exact CSI) would become `null` in the SVG metadata. */
function withNonFiniteAsText(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(
      value,
      (_key, v) => typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
    ),
  );
}

/**
 * Writes `robustness.svg/.png`, `robustness.csv/.json` (columns condition, scheme,
 * medianGainDb, minGainDb, maxGainDb, seeds, pooledGainDb) and `robustness.md` under
 * `outDir`. Every output is a pure function of the config (no timings).
 *
 * @returns the written paths.
 */
export async function saveRobustnessStudy(
  result: RobustnessStudy,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  if (typeof outDir !== "string" || outDir === "") {
    throw new TypeError(`outDir must be a non-empty string, got ${outDir}`);
  }
  const written: string[] = [];
  const provenance = {
    ...options.provenance,
    config: result.config,
    rareFraction: result.rareFraction,
    notes: result.notes,
  };
  written.push(
    ...await saveFigures(robustnessStudyFigures(result), outDir, {
      metadata: withNonFiniteAsText(provenance),
    }),
  );
  const base = joinPath(outDir, "robustness");
  written.push(...await writeTable(result.rows, base, { provenance }));
  await Deno.writeTextFile(`${base}.md`, robustnessMarkdown(result.rows, result.notes));
  written.push(`${base}.md`);
  return written;
}
