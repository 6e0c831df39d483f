/**
 * `deno task docs`: renders every committed notebook to static HTML with Debian's
 * `jupyter nbconvert --to html` (no re-execution) and writes an index page that follows
 * the pipeline scene → paths → channels → dataset → models → control loop → figures.
 *
 *     deno task docs               # site/index.html + site/<notebook>.html
 *     deno task docs --out DIR     # another folder (needs `deno run` with write access there)
 *
 * The index's one line per notebook comes from the README's "Learning path" table (the
 * "Notebooks" table for notebooks not on the path), so the two cannot drift apart.
 * nbconvert reads each notebook on stdin and writes HTML on stdout; only this script
 * writes, and only under the output folder. In memory only, each SVG figure becomes an
 * `<img>` with a `data:` URI (see `svgAsDataUris`): nbconvert 6.5 would otherwise pass it
 * through lxml's HTML cleaner, which fails on the XML prologue and strips every shape.
 * Needs Debian's /usr/bin/python3 with nbconvert (apt-get install jupyter-nbconvert).
 * `deno task docs:check` (tools/check_site.ts) tests the result in headless chromium.
 *
 * @module
 */
import { basenamePath, joinPath, repoPath, resolvePath } from "../lib/core/paths.ts";
import { findNotebooks } from "./run_notebooks.ts";

const PYTHON = "/usr/bin/python3";
const APT_HINT = "apt-get install jupyter-nbconvert";
/**
 * Debian's nbconvert points require.js and MathJax at `file:///usr/share/javascript/...`
 * (packages libjs-requirejs, libjs-mathjax), which breaks on any other machine; these are
 * upstream nbconvert's defaults. Without a network the pages still render (no math
 * typesetting, no widgets; the notebooks use neither).
 */
const REQUIRE_JS = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js";
const MATHJAX =
  "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe";

/** One stage of the pipeline on the index page and the notebooks that teach it. */
export interface Stage {
  title: string;
  notebooks: string[];
}

/** The pipeline in the order the index shows it (notebook stems, without `.ipynb`). */
export const PIPELINE: Stage[] = [
  { title: "Scene, paths and channels", notebooks: ["01_channel_synthesis"] },
  { title: "Dataset", notebooks: ["01b_mobility_dataset"] },
  { title: "Models", notebooks: ["02_cgan_training"] },
  { title: "Control loop", notebooks: ["03_wczf_evaluation"] },
  { title: "Figures", notebooks: ["04_density_sweep", "05_recovery_time"] },
  { title: "Second system: energy-aware power control", notebooks: ["06_energy_aware_control"] },
];

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Markdown `code` spans to <code>, everything else escaped. */
function inlineMd(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/**
 * One-line descriptions per notebook stem, from the README: the "what it teaches" column of
 * the "Learning path" table, else the "content" column of the "Notebooks" table.
 */
export function readmeLines(readme: string): Map<string, string> {
  const lines = new Map<string, string>();
  const section = (heading: string): string[] => {
    const all = readme.split("\n");
    const start = all.findIndex((l) => l.trim() === heading);
    if (start < 0) return [];
    const rest = all.slice(start + 1);
    const end = rest.findIndex((l) => /^#{1,3} /.test(l));
    return end < 0 ? rest : rest.slice(0, end);
  };
  const cells = (row: string): string[] => row.split("|").slice(1, -1).map((c) => c.trim());
  for (const row of section("## Notebooks")) {
    const c = cells(row);
    const m = c[0]?.match(/^`([\w.-]+)\.ipynb`$/);
    if (m && c[1]) lines.set(m[1], c[1]);
  }
  for (const row of section("### Learning path")) {
    const c = cells(row);
    const m = c[1]?.match(/^`([\w.-]+)`$/);
    if (m && c[2]) lines.set(m[1], c[3] ? `${c[2]} (${c[3]})` : c[2]);
  }
  return lines;
}

/**
 * Points every SVG output at a `data:` URI of itself (`svg_filename`, which nbconvert's
 * templates render as `<img src=...>`). nbconvert 6.5 otherwise inlines SVG through lxml's
 * HTML cleaner, which strips every shape (and rejects the XML prologue); an `<img>` also
 * keeps each figure's ids (Plot's `plot-marker-N`) from clashing with the next figure's.
 */
export function svgAsDataUris(nb: { cells?: unknown[] }): number {
  let n = 0;
  const cells = (nb.cells ?? []) as { outputs?: Record<string, unknown>[] }[];
  for (const cell of cells) {
    for (const out of cell.outputs ?? []) {
      const svg = (out.data as Record<string, unknown> | undefined)?.["image/svg+xml"];
      if (svg === undefined) continue;
      const text = Array.isArray(svg) ? svg.join("") : String(svg);
      const bytes = new TextEncoder().encode(text);
      let bin = "";
      for (let i = 0; i < bytes.length; i += 0x8000) {
        bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      out.svg_filename = `data:image/svg+xml;base64,${btoa(bin)}`;
      n++;
    }
  }
  return n;
}

/** The class nbconvert's lab template gives a cell tagged `solution`. */
export const SOLUTION_CLASS = "celltag_solution";

/**
 * Wraps every rendered cell tagged `solution` in a closed `<details>` element, so that a
 * student sees the exercise and opens the solution on purpose (the notebooks keep the
 * same cells collapsed with `jupyter.source_hidden`). Works on nbconvert's HTML as text:
 * each solution cell is the `<div class="jp-Cell ... celltag_solution">` up to its
 * matching `</div>` (nbconvert's divs nest properly). Returns the page and the count.
 */
export function collapseSolutions(html: string): { html: string; collapsed: number } {
  const open = new RegExp(`<div class="jp-Cell [^"]*\\b${SOLUTION_CLASS}\\b[^"]*"[^>]*>`, "g");
  let result = "";
  let from = 0;
  let collapsed = 0;
  for (let m = open.exec(html); m !== null; m = open.exec(html)) {
    if (m.index < from) continue; // nested inside a cell already wrapped
    const end = matchingDivEnd(html, m.index);
    result += html.slice(from, m.index) +
      `<details class="solution"><summary>Solution (click to show)</summary>\n` +
      html.slice(m.index, end) + "\n</details>";
    from = end;
    collapsed++;
  }
  return { html: result + html.slice(from), collapsed };
}

/** Index just past the `</div>` closing the `<div` that starts at `start`. */
function matchingDivEnd(html: string, start: number): number {
  const tag = /<div\b|<\/div>/g;
  tag.lastIndex = start;
  let depth = 0;
  for (let m = tag.exec(html); m !== null; m = tag.exec(html)) {
    depth += m[0] === "</div>" ? -1 : 1;
    if (depth === 0) return m.index + m[0].length;
  }
  throw new Error(`unbalanced <div> in nbconvert output at offset ${start}`);
}

async function nbconvertAvailable(): Promise<string | null> {
  try {
    const out = await new Deno.Command(PYTHON, {
      args: ["-c", "import nbconvert; print(nbconvert.__version__)"],
      stdout: "piped",
      stderr: "null",
    }).output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
  } catch {
    return null;
  }
}

/**
 * Renders one notebook (JSON text) to HTML with nbconvert, stdin to stdout; solution cells
 * collapsed ({@link collapseSolutions}).
 */
export async function renderNotebook(json: string): Promise<string> {
  const nb = JSON.parse(json);
  svgAsDataUris(nb);
  const child = new Deno.Command(PYTHON, {
    args: [
      "-m",
      "nbconvert",
      "--to",
      "html",
      "--stdin",
      "--stdout",
      "--log-level=ERROR",
      `--HTMLExporter.require_js_url=${REQUIRE_JS}`,
      `--HTMLExporter.mathjax_url=${MATHJAX}`,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(nb)));
  await writer.close();
  const out = await child.output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n");
    throw new Error(`nbconvert failed: ${err[err.length - 1]}`);
  }
  return collapseSolutions(new TextDecoder().decode(out.stdout)).html;
}

/** The index page: one section per pipeline stage, one line per notebook. */
export function indexHtml(
  stems: string[],
  lines: Map<string, string>,
  nbconvertVersion: string,
): string {
  const item = (stem: string) =>
    `    <li><a href="${escapeHtml(stem)}.html">${escapeHtml(stem)}</a>: ${
      inlineMd(lines.get(stem) ?? "")
    }</li>`;
  const placed = new Set(PIPELINE.flatMap((s) => s.notebooks));
  const sections = PIPELINE.map((s) => ({
    title: s.title,
    notebooks: s.notebooks.filter((n) => stems.includes(n)),
  }));
  const rest = stems.filter((n) => !placed.has(n));
  if (rest.length) sections.push({ title: "Other notebooks", notebooks: rest });
  const body = sections.filter((s) => s.notebooks.length).map((s, i) =>
    `  <h2>${i + 1}. ${escapeHtml(s.title)}</h2>\n  <ul>\n${
      s.notebooks.map(item).join("\n")
    }\n  </ul>`
  ).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>GenAI digital-twin workbench: notebooks</title>
  <style>
    body { font-family: sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
           line-height: 1.5; color: #222; }
    h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #ddd; }
    code { background: #f3f3f3; padding: 0 .2em; }
    .pipeline { font-weight: bold; }
  </style>
</head>
<body>
  <h1>GenAI digital-twin workbench: notebooks</h1>
  <p class="pipeline">scene → paths → channels → dataset → models → control loop → figures</p>
  <p>Static renderings of the committed notebooks (outputs of the <code>ci</code> preset, not
  re-executed), in the order of the learning path. Times: <code>ci</code> preset / interactive
  <code>cpu</code> preset. Each notebook ends with exercises; each solution follows its exercise,
  collapsed (click to show).</p>
${body}
  <p><small>Built by <code>deno task docs</code> with nbconvert ${
    escapeHtml(nbconvertVersion)
  }.</small></p>
</body>
</html>
`;
}

async function main(args: string[]): Promise<void> {
  let out = repoPath("site");
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out" && args[i + 1]) out = resolvePath(args[++i]);
    else throw new Error(`unknown option ${args[i]} (usage: deno task docs [--out DIR])`);
  }
  const version = await nbconvertAvailable();
  if (!version) {
    throw new Error(`jupyter nbconvert not found for ${PYTHON}: ${APT_HINT}`);
  }
  const perm = await Deno.permissions.query({ name: "write", path: out });
  if (perm.state !== "granted") {
    throw new Error(`no write access to ${out}: run tools/docs.ts with --allow-write=${out}`);
  }
  const t0 = performance.now();
  const notebooks = findNotebooks();
  const lines = readmeLines(await Deno.readTextFile(repoPath("README.md")));
  await Deno.remove(out, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  await Deno.mkdir(out, { recursive: true });
  const stems: string[] = [];
  for (const path of notebooks) {
    const stem = basenamePath(path, ".ipynb");
    const html = await renderNotebook(await Deno.readTextFile(path));
    await Deno.writeTextFile(joinPath(out, `${stem}.html`), html);
    stems.push(stem);
    console.log(`${stem}.html  ${(html.length / 1024).toFixed(0)} kB`);
  }
  await Deno.writeTextFile(joinPath(out, "index.html"), indexHtml(stems, lines, version));
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`index.html  (${stems.length} notebooks, ${secs} s) -> ${out}`);
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (e) {
    console.error(`docs: ${e instanceof Error ? e.message : e}`);
    Deno.exit(1);
  }
}
