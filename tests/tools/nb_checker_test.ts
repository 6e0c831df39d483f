import { deepStrictEqual, strictEqual } from "node:assert/strict";
import {
  cellText,
  checkFileFor,
  concatenateCells,
  type GeneratedFile,
  mapLine,
  rewriteDiagnostics,
} from "../../tools/check_notebooks.ts";
import { joinPath } from "../../lib/core/paths.ts";

const cells = [
  { cell_type: "markdown", source: "# Title\n" },
  { cell_type: "code", source: ['import { x } from "../lib/mod.ts";\n', "const a = x;"] },
  { cell_type: "code", source: "   \n" },
  { cell_type: "code", source: "console.log(a);\n(a)\n" },
];

Deno.test("cellText joins list sources", () => {
  strictEqual(cellText(["a\n", "b"]), "a\nb");
  strictEqual(cellText("a\nb"), "a\nb");
});

Deno.test("concatenateCells: separators name the cell, blank and non-code cells skipped", () => {
  const { source, lineMap } = concatenateCells(cells);
  const lines = source.split("\n");
  deepStrictEqual(lines.slice(0, 6), [
    ";// --- cell 1 ---",
    'import { x } from "../lib/mod.ts";',
    "const a = x;",
    ";// --- cell 3 ---",
    "console.log(a);",
    "(a)",
  ]);
  strictEqual(lines.length - 1, lineMap.length); // trailing newline
  deepStrictEqual(lineMap.slice(0, 6), [
    null,
    { cell: 1, line: 1 },
    { cell: 1, line: 2 },
    null,
    { cell: 3, line: 1 },
    { cell: 3, line: 2 },
  ]);
});

Deno.test("concatenateCells: a header line shifts the map by one", () => {
  const { source, lineMap } = concatenateCells(cells, "generated");
  strictEqual(source.split("\n")[0], "// generated");
  deepStrictEqual(mapLine(lineMap, 4), { cell: 1, line: 2 });
});

Deno.test("mapLine: every mapped line points back to the same text", () => {
  const { source, lineMap } = concatenateCells(cells);
  const generated = source.split("\n");
  for (let n = 1; n <= lineMap.length; n++) {
    const where = mapLine(lineMap, n);
    if (!where) continue;
    const original = cellText(cells[where.cell].source).split("\n")[where.line - 1];
    strictEqual(generated[n - 1], original);
  }
  strictEqual(mapLine(lineMap, 0), null);
  strictEqual(mapLine(lineMap, lineMap.length + 1), null);
  strictEqual(mapLine(lineMap, 1.5), null);
});

Deno.test("rewriteDiagnostics maps file URLs and paths to notebook cells", () => {
  const { lineMap } = concatenateCells(cells);
  const tsPath = "/repo/notebooks/.check_01_x.ts";
  const files: GeneratedFile[] = [{ tsPath, notebook: "notebooks/01_x.ipynb", lineMap }];
  const text = [
    "TS2322 [ERROR]: Type 'number' is not assignable to type 'string'.",
    "    at file:///repo/notebooks/.check_01_x.ts:5:9",
    "    at /repo/notebooks/.check_01_x.ts:1",
    "Check /repo/notebooks/.check_01_x.ts",
  ].join("\n");
  deepStrictEqual(rewriteDiagnostics(text, files).split("\n").slice(1), [
    "    at notebooks/01_x.ipynb [cell 3, line 1:9]",
    "    at notebooks/01_x.ipynb [generated line 1]",
    "Check notebooks/01_x.ipynb",
  ]);
});

Deno.test("checkFileFor puts a dot-file next to the notebook", () => {
  strictEqual(
    checkFileFor(joinPath("/repo", "notebooks", "01_x.ipynb")),
    joinPath("/repo", "notebooks", ".check_01_x.ts"),
  );
});
