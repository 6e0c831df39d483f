import assert from "node:assert/strict";
import { withCellNewlines } from "../../tools/normalize_notebooks.ts";

Deno.test("withCellNewlines adds the missing final newline of each cell, else returns null", () => {
  const nb = { cells: [{ source: ["a\n", "b"] }, { source: ["c\n"] }, { source: [] }] };
  const fixed = JSON.parse(withCellNewlines(JSON.stringify(nb))!);
  assert.deepEqual(fixed.cells[0].source, ["a\n", "b\n"]);
  assert.deepEqual(fixed.cells[1].source, ["c\n"]);
  assert.equal(withCellNewlines(JSON.stringify(fixed)), null);
});
