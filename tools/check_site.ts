/**
 * `deno task docs:check`: tests the site written by `deno task docs` in a real headless
 * browser (Debian's chromium: apt-get install --no-install-recommends chromium).
 *
 *     deno task docs && deno task docs:check
 *     deno task docs:check --site DIR --shots DIR   # defaults: site/ and out/site/
 *
 * Each page is loaded with `chromium --headless --dump-dom` (the DOM after its scripts ran)
 * and checked:
 * - it loads: chromium exits 0 and returns a document with a body; a notebook page has one
 *   cell per notebook cell;
 * - its figures: as many `<img>` figures as the notebook has figure outputs (`image/svg+xml`
 *   or `image/png`), each one decoding to an image (an SVG with a positive size and at least
 *   one shape, or a PNG signature);
 * - its links: every local `href`/`src` names a file that exists, every `#fragment` an id on
 *   the page it points to (external `http(s):` links are not fetched: the check is offline);
 * - its solutions: every cell tagged `solution` sits in a closed `<details>` (collapsed until
 *   a student opens it);
 * - the index links every notebook page.
 * Then it takes screenshots of the index and of one notebook page into `--shots`.
 * Not part of `deno task ok` (chromium is a 400 MB install); about 2 s per page.
 * Chromium runs with `--no-sandbox` (it only opens the files this repository just built).
 *
 * @module
 */
import { parseHTML } from "linkedom";
import { basenamePath, dirnamePath, joinPath, repoPath, resolvePath } from "../lib/core/paths.ts";
import { findNotebooks } from "./run_notebooks.ts";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"];
const TIMEOUT_MS = 60_000;

async function chromium(args: string[]): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(CHROMIUM, {
      args: [...FLAGS, ...args],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`${CHROMIUM} not found: apt-get install --no-install-recommends chromium`);
    }
    throw e;
  }
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n");
    throw new Error(`chromium exited ${out.code}: ${err[err.length - 1]}`);
  }
  return new TextDecoder().decode(out.stdout);
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Figure outputs of a notebook: outputs with an SVG or PNG representation. */
export function figureOutputs(nb: { cells?: unknown[] }): number {
  let n = 0;
  for (const cell of (nb.cells ?? []) as { outputs?: { data?: Record<string, unknown> }[] }[]) {
    for (const out of cell.outputs ?? []) {
      if (out.data?.["image/svg+xml"] !== undefined || out.data?.["image/png"] !== undefined) n++;
    }
  }
  return n;
}

/** Cells tagged `solution` (exercise solutions, collapsed on the page). */
export function solutionCells(nb: { cells?: unknown[] }): number {
  return ((nb.cells ?? []) as { metadata?: { tags?: string[] } }[])
    .filter((c) => c.metadata?.tags?.includes("solution")).length;
}

/** Why a `data:` image URI would not show (null when it decodes to a drawable image). */
export function imageProblem(src: string): string | null {
  const m = src.match(/^data:(image\/[\w+.-]+);base64,(.*)$/s);
  if (!m) return "not a base64 data: URI";
  const bytes = Uint8Array.from(atob(m[2]), (c) => c.charCodeAt(0));
  if (m[1] === "image/png") {
    return bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47 ? null : "not a PNG";
  }
  if (m[1] !== "image/svg+xml") return `unexpected type ${m[1]}`;
  const text = new TextDecoder().decode(bytes);
  const { document } = parseHTML(text.replace(/^\s*<\?xml[^>]*\?>/, ""));
  const svg = document.querySelector("svg");
  if (!svg) return "no <svg> element";
  const [w, h] = [Number(svg.getAttribute("width")), Number(svg.getAttribute("height"))];
  if (!(w > 0 && h > 0) && !svg.getAttribute("viewBox")) return "SVG without a size";
  const shapes = svg.querySelectorAll("path,rect,circle,line,polyline,polygon,image,text");
  return shapes.length > 0 ? null : "SVG without shapes";
}

interface PageResult {
  page: string;
  problems: string[];
  figures: number;
  solutions: number;
  links: number;
}

async function checkPage(
  site: string,
  file: string,
  ids: Map<string, Set<string>>,
  expect: { cells: number; figures: number; solutions: number } | null,
): Promise<PageResult & { hrefs: string[] }> {
  const page = basenamePath(file);
  const problems: string[] = [];
  const dom = await chromium(["--dump-dom", `file://${file}`]);
  const { document } = parseHTML(dom);
  if (!document.body || !/<\/html>\s*$/.test(dom.trim())) problems.push("page did not load");
  if (expect) {
    const cells = document.querySelectorAll(".jp-Cell").length;
    if (cells !== expect.cells) problems.push(`${cells} cells, notebook has ${expect.cells}`);
  }
  if (expect) {
    const solutions = document.querySelectorAll(".celltag_solution").length;
    const collapsed = [...document.querySelectorAll("details.solution")]
      .filter((d) => !d.hasAttribute("open") && d.querySelector(".celltag_solution")).length;
    if (solutions !== expect.solutions || collapsed !== expect.solutions) {
      problems.push(
        `${collapsed} collapsed of ${solutions} solution cells, notebook has ${expect.solutions}`,
      );
    }
  }
  const imgs = [...document.querySelectorAll(".jp-OutputArea-output img")];
  if (expect && imgs.length !== expect.figures) {
    problems.push(`${imgs.length} figures, notebook has ${expect.figures} figure outputs`);
  }
  imgs.forEach((img, i) => {
    const src = img.getAttribute("src") ?? "";
    const p = src.startsWith("data:") ? imageProblem(src) : null;
    if (p) problems.push(`figure ${i + 1}: ${p}`);
  });
  const hrefs: string[] = [];
  let links = 0;
  for (const el of document.querySelectorAll("[href],[src]")) {
    const ref = el.getAttribute("href") ?? el.getAttribute("src") ?? "";
    if (/^(https?:|data:|mailto:|javascript:)/i.test(ref) || ref === "") continue;
    links++;
    const [path, frag] = ref.split("#", 2);
    const target = path ? resolvePath(dirnamePath(file), decodeURIComponent(path)) : file;
    if (!target.startsWith(site) || !exists(target)) {
      problems.push(`broken link ${ref}`);
      continue;
    }
    hrefs.push(basenamePath(target));
    if (frag) {
      const known = ids.get(target);
      const found = known && (known.has(frag) || known.has(decodeURIComponent(frag)));
      if (!found) problems.push(`broken anchor ${ref}`);
    }
  }
  const solutions = document.querySelectorAll("details.solution").length;
  return { page, problems, figures: imgs.length, solutions, links, hrefs };
}

/** Every id and anchor name in each HTML file of the site (from the files themselves). */
function collectIds(pages: string[]): Map<string, Set<string>> {
  const ids = new Map<string, Set<string>>();
  for (const file of pages) {
    const { document } = parseHTML(Deno.readTextFileSync(file));
    const set = new Set<string>();
    for (const el of document.querySelectorAll("[id],a[name]")) {
      set.add(el.getAttribute("id") ?? el.getAttribute("name") ?? "");
    }
    ids.set(file, set);
  }
  return ids;
}

async function main(args: string[]): Promise<number> {
  let site = repoPath("site");
  let shots = repoPath("out", "site");
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--site" && args[i + 1]) site = resolvePath(args[++i]);
    else if (args[i] === "--shots" && args[i + 1]) shots = resolvePath(args[++i]);
    else throw new Error(`unknown option ${args[i]} (usage: docs:check [--site D] [--shots D])`);
  }
  const index = joinPath(site, "index.html");
  if (!exists(index)) throw new Error(`${index} not found: run deno task docs first`);
  const t0 = performance.now();
  const notebooks = findNotebooks();
  const pages = [
    index,
    ...notebooks.map((nb) => joinPath(site, `${basenamePath(nb, ".ipynb")}.html`)),
  ];
  const ids = collectIds(pages.filter(exists));
  let failed = 0;
  let linkedFromIndex: string[] = [];
  for (const [i, file] of pages.entries()) {
    const nb = i === 0 ? null : JSON.parse(Deno.readTextFileSync(notebooks[i - 1]));
    const expect = nb
      ? { cells: nb.cells.length, figures: figureOutputs(nb), solutions: solutionCells(nb) }
      : null;
    const r: PageResult & { hrefs: string[] } = exists(file)
      ? await checkPage(site, file, ids, expect)
      : {
        page: basenamePath(file),
        problems: ["missing"],
        figures: 0,
        solutions: 0,
        links: 0,
        hrefs: [],
      };
    if (i === 0) {
      linkedFromIndex = r.hrefs;
      for (const p of pages.slice(1).map((f) => basenamePath(f))) {
        if (!linkedFromIndex.includes(p)) r.problems.push(`index does not link ${p}`);
      }
    }
    if (r.problems.length) failed++;
    const status = r.problems.length ? "FAIL" : "ok";
    console.log(
      `${status.padEnd(4)} ${r.page.padEnd(28)} ${r.figures} figures, ${r.solutions} solutions ` +
        `collapsed, ${r.links} local links` +
        (r.problems.length ? `\n       ${r.problems.join("\n       ")}` : ""),
    );
  }
  await Deno.mkdir(shots, { recursive: true });
  const shotPage = pages.find((p) => p.includes("04_density_sweep")) ?? pages[1];
  for (const [file, size] of [[index, "1000,900"], [shotPage, "1200,3600"]]) {
    const png = joinPath(shots, `${basenamePath(file, ".html")}.png`);
    await chromium([`--screenshot=${png}`, `--window-size=${size}`, `file://${file}`]);
    console.log(`screenshot ${png}`);
  }
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`${pages.length - failed} of ${pages.length} pages pass (${secs} s)`);
  return failed ? 1 : 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (e) {
    console.error(`docs:check: ${e instanceof Error ? e.message : e}`);
    Deno.exit(1);
  }
}
