/**
 * The reproduction table as fixed-width text for the terminal.
 *
 * @module
 */
import type { ReproductionRow } from "./rows.ts";

/** The table as fixed-width text for the terminal. */
export function formatReproduction(rows: readonly ReproductionRow[]): string {
  const cols = ["quantity", "scheme", "paper", "ours", "unit", "reason"] as const;
  const width = cols.map((c) =>
    Math.min(c === "reason" ? 60 : 58, Math.max(c.length, ...rows.map((r) => String(r[c]).length)))
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => (c.length > width[i] ? c.slice(0, width[i] - 1) + "…" : c.padEnd(width[i])))
      .join(" | ");
  return [
    line([...cols]),
    width.map((w) => "-".repeat(w)).join("-+-"),
    ...rows.map((r) => line(cols.map((c) => String(r[c])))),
  ].join("\n");
}
