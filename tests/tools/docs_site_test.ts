/** The site builder's pure parts (tools/docs.ts); the browser check is `deno task docs:check`. */
import { ok, strictEqual, throws } from "node:assert/strict";
import { collapseSolutions, indexHtml, PIPELINE, readmeLines } from "../../tools/docs.ts";

const cell = (cls: string, body: string) =>
  `<div class="jp-Cell jp-CodeCell jp-Notebook-cell ${cls}">\n<div class="jp-Cell-inputWrapper">` +
  `<div>${body}</div></div>\n</div>`;

Deno.test("collapseSolutions wraps exactly the solution cells, nested divs included", () => {
  const page = `<body>${cell("", "exercise")}${cell("celltag_solution", "answer 42")}` +
    `${cell("celltag_timing", "t")}${cell("celltag_solution", "answer 43")}</body>`;
  const { html, collapsed } = collapseSolutions(page);
  strictEqual(collapsed, 2);
  const blocks = html.split('<details class="solution">').slice(1);
  strictEqual(blocks.length, 2);
  for (const [i, block] of blocks.entries()) {
    const inside = block.slice(0, block.indexOf("</details>"));
    ok(inside.includes(`answer ${42 + i}`));
    strictEqual(inside.split("<div").length, inside.split("</div>").length, "balanced divs");
  }
  ok(!html.includes("<details open"), "closed by default");
  ok(html.indexOf("exercise") < html.indexOf("<details"), "the exercise stays visible");
  strictEqual(collapseSolutions(html.replaceAll("celltag_solution", "x")).collapsed, 0);
});

Deno.test("collapseSolutions names an unbalanced page", () => {
  throws(
    () => collapseSolutions('<div class="jp-Cell celltag_solution"><div>'),
    /unbalanced <div>/,
  );
});

Deno.test("index follows the pipeline and reads its lines from the README", () => {
  const readme = [
    "### Learning path",
    "| step | notebook | what it teaches | time |",
    "|---|---|---|---|",
    "| 1 | `01_channel_synthesis` | rays and `UPA` channels | 2 min |",
    "## Next",
  ].join("\n");
  const lines = readmeLines(readme);
  strictEqual(lines.get("01_channel_synthesis"), "rays and `UPA` channels (2 min)");
  const stems = [...PIPELINE.flatMap((s) => s.notebooks), "99_extra"];
  const html = indexHtml(stems, lines, "6.5.3");
  ok(html.includes("<code>UPA</code>"));
  const order = stems.map((s) => html.indexOf(`href="${s}.html"`));
  ok(order.every((p, i) => p > 0 && (i === 0 || p > order[i - 1])), "pipeline order");
  ok(html.includes("Other notebooks"));
});
