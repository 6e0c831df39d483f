/**
 * Standalone SVG and PNG export of Plot figures: `toSvgString` flattens a figure
 * (title, subtitle, legends, plot, caption) into one deterministic SVG document,
 * `svgToPng` rasterises with resvg and the DejaVu fonts, `saveFigure` writes both.
 *
 * resvg is a native addon (it needs `--allow-ffi`), so it is loaded on the first PNG
 * only ({@link loadResvg}): importing this module, or anything above it, needs no FFI.
 *
 * @module
 */
import { assertPositive } from "../core/errors.ts";
import { dirnamePath, joinPath, resolvePath } from "../core/paths.ts";

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";
/** Font family written into exported SVG (and used by the PNG renderer). */
export const FONT_FAMILY = "DejaVu Sans";
const PLOT_DEFAULT_FONT = "system-ui, sans-serif";
const EXPORT_FONT = `${FONT_FAMILY}, sans-serif`;
/** Margin (px) around a flattened `<figure>`. */
const FIGURE_PADDING = 10;

/** Folder of the Debian `fonts-dejavu-core` fonts. */
export const DEJAVU_FONT_DIR = "/usr/share/fonts/truetype/dejavu";
/** The files of `fonts-dejavu-core`, all loaded by {@link svgToPng}. */
const DEJAVU_FILES = [
  "DejaVuSans.ttf",
  "DejaVuSans-Bold.ttf",
  "DejaVuSansMono.ttf",
  "DejaVuSansMono-Bold.ttf",
  "DejaVuSerif.ttf",
  "DejaVuSerif-Bold.ttf",
];

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, "&quot;");
}

function assertElement(name: string, value: unknown): asserts value is Element {
  if (
    typeof value !== "object" || value === null ||
    typeof (value as { tagName?: unknown }).tagName !== "string" ||
    typeof (value as { cloneNode?: unknown }).cloneNode !== "function"
  ) {
    throw new TypeError(`${name} must be a DOM element (from renderPlot/renderLegend)`);
  }
}

function numberAttribute(el: Element, name: string): number | undefined {
  const v = Number.parseFloat(el.getAttribute(name) ?? "");
  return Number.isFinite(v) ? v : undefined;
}

/** Width and height (px) of an `<svg>` element from its attributes or viewBox. */
function svgSize(el: Element): { width: number; height: number } {
  const box = (el.getAttribute("viewBox") ?? "").trim().split(/[\s,]+/).map(Number);
  const width = numberAttribute(el, "width") ?? (box.length === 4 ? box[2] : 640);
  const height = numberAttribute(el, "height") ?? (box.length === 4 ? box[3] : 400);
  return { width, height };
}

/** Serialises a copy of an `<svg>` element placed at `(x, y)` with the export font. */
function nestedSvg(el: Element, x: number, y: number): string {
  const copy = el.cloneNode(true) as Element;
  copy.setAttribute("x", String(x));
  copy.setAttribute("y", String(y));
  for (const svg of [copy, ...Array.from(copy.querySelectorAll("svg"))]) {
    const font = svg.getAttribute("font-family");
    if (font === null || font === PLOT_DEFAULT_FONT) svg.setAttribute("font-family", EXPORT_FONT);
  }
  copy.removeAttribute("xmlns");
  // Plot styles ramp legends `overflow: visible` (end tick labels stick out); keep that.
  if (/-ramp\b/.test(copy.getAttribute("class") ?? "")) copy.setAttribute("overflow", "visible");
  return copy.outerHTML;
}

/** Rough advance width of `text` (px) in DejaVu Sans at `fontSize` px. */
function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.62;
}

interface Block {
  height: number;
  draw(y: number, width: number): string;
}

/** Average advance of a DejaVu Sans character, in units of the font size (for wrapping). */
const AVERAGE_CHAR_WIDTH_EM = 0.6;

/** Greedy word wrap of `text` into lines of at most `maxChars` characters (long words kept). */
function wrapWords(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines.length ? lines : [""];
}

function textBlock(
  text: string,
  fontSize: number,
  extra: string,
  lineHeight: number,
  width = Infinity,
): Block {
  const maxChars = Math.max(1, Math.floor(width / (fontSize * AVERAGE_CHAR_WIDTH_EM)));
  const lines = wrapWords(text, maxChars);
  const step = fontSize * 1.3;
  return {
    height: lineHeight + step * (lines.length - 1),
    draw: (y) =>
      lines.map((line, i) =>
        `<text x="0" y="${y + fontSize + i * step}" font-size="${fontSize}"${extra}>${
          escapeText(line)
        }</text>`
      ).join(""),
  };
}

/** Lays out Plot's HTML swatch legend (`<div class="...-swatches">`) as SVG. */
function swatchBlock(div: Element, maxWidth: number): Block {
  const items = Array.from(div.children).filter((c) => c.tagName.toLowerCase() !== "style");
  const fontSize = 10, gap = 5, marginRight = 10, rowGap = 4;
  const placed: { svg: Element; label: string; x: number; row: number; w: number; h: number }[] =
    [];
  let x = 0, row = 0, rowHeight = 0;
  const rowHeights: number[] = [];
  for (const item of items) {
    const swatch = item.querySelector("svg");
    const label = (item.textContent ?? "").trim();
    const { width: w, height: h } = swatch ? svgSize(swatch) : { width: 0, height: 0 };
    const advance = w + gap + textWidth(label, fontSize) + marginRight;
    if (x > 0 && x + advance > maxWidth) {
      rowHeights.push(rowHeight);
      x = 0, row += 1, rowHeight = 0;
    }
    if (swatch) placed.push({ svg: swatch, label, x, row, w, h });
    x += advance;
    rowHeight = Math.max(rowHeight, h, fontSize + 4);
  }
  rowHeights.push(rowHeight);
  const tops = rowHeights.map((_, i) => rowHeights.slice(0, i).reduce((a, b) => a + b + rowGap, 0));
  const height = tops[tops.length - 1] + rowHeights[rowHeights.length - 1] + 8;
  return {
    height,
    draw: (y) =>
      placed.map((p) => {
        const top = y + tops[p.row] + (rowHeights[p.row] - p.h) / 2;
        const mid = y + tops[p.row] + rowHeights[p.row] / 2;
        return nestedSvg(p.svg, p.x, top) +
          `<text x="${p.x + p.w + gap}" y="${mid}" dy="0.32em" font-size="${fontSize}">${
            escapeText(p.label)
          }</text>`;
      }).join(""),
  };
}

function svgBlock(el: Element): Block {
  const { height } = svgSize(el);
  return { height, draw: (y) => nestedSvg(el, 0, y) };
}

/** Turns the children of an HTML container (Plot's `<figure>`, a swatch `<div>`) into blocks. */
function htmlBlocks(container: Element, width: number): Block[] {
  const tag = container.tagName.toLowerCase();
  const cls = container.getAttribute("class") ?? "";
  if (tag === "div" && /-swatches\b/.test(cls)) return [swatchBlock(container, width)];
  const blocks: Block[] = [];
  for (const child of Array.from(container.children)) {
    const t = child.tagName.toLowerCase();
    const text = (child.textContent ?? "").trim();
    if (t === "svg") blocks.push(svgBlock(child));
    else if (t === "h2") blocks.push(textBlock(text, 16, ` font-weight="bold"`, 26));
    else if (t === "h3") blocks.push(textBlock(text, 12, ` fill="#444"`, 22, width));
    else if (t === "figcaption") blocks.push(textBlock(text, 12, ` fill="#444"`, 22, width));
    else if (t === "style") continue;
    else if (t === "div" && /-swatches\b/.test(child.getAttribute("class") ?? "")) {
      blocks.push(swatchBlock(child, width));
    } else if (child.querySelector("svg") !== null) blocks.push(...htmlBlocks(child, width));
    else if (text !== "") blocks.push(textBlock(text, 12, "", 20, width));
  }
  return blocks;
}

/**
 * Makes generated ids deterministic: Plot numbers clip paths, patterns and markers
 * from process-wide counters (`plot-clip-7`); they are renumbered 1, 2, ... in order
 * of first appearance within `text`.
 *
 * @example
 * ```ts
 * import { normalizeIds } from "./export.ts";
 * const s = normalizeIds('<clipPath id="plot-clip-9"/><g clip-path="url(#plot-clip-9)"/>');
 * if (s !== '<clipPath id="plot-clip-1"/><g clip-path="url(#plot-clip-1)"/>') throw new Error(s);
 * ```
 */
export function normalizeIds(text: string): string {
  const seen = new Map<string, number>();
  const counts = new Map<string, number>();
  return text.replace(/\bplot-(clip|pattern|marker)-(\d+)\b/g, (_, kind: string, n: string) => {
    const key = `${kind}-${n}`;
    let id = seen.get(key);
    if (id === undefined) {
      id = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, id);
      seen.set(key, id);
    }
    return `plot-${kind}-${id}`;
  });
}

/**
 * A standalone SVG document (UTF-8 text, `<?xml ...?>` header, `xmlns` and
 * `xmlns:xlink`, white background, font "DejaVu Sans") for a Plot element. A
 * `<figure>` (title, subtitle, legends, plot, caption) or a swatch legend `<div>` is
 * flattened into one SVG, stacked top to bottom, so nothing is lost. Generated ids are
 * normalised ({@link normalizeIds}) so identical plots give identical strings. An
 * `<svg>` keeps its own width × height (px); a flattened figure is as wide as its widest
 * `<svg>` plus a 10 px margin on each side, as tall as its stacked parts plus margins.
 *
 * @param figure an element from `renderPlot` / `renderLegend` (not modified).
 * @throws {TypeError} if `figure` is not a DOM element.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { renderPlot } from "./render.ts";
 * import { toSvgString } from "./export.ts";
 * const fig = renderPlot({ title: "Loss", marks: [Plot.dot([[1, 2]])], width: 200, height: 100 });
 * const svg = toSvgString(fig);
 * if (!svg.includes('xmlns="http://www.w3.org/2000/svg"') || !svg.includes(">Loss<")) throw new Error();
 * ```
 */
export function toSvgString(figure: Element): string {
  assertElement("figure", figure);
  let width: number;
  let blocks: Block[];
  if (figure.tagName.toLowerCase() === "svg") {
    width = svgSize(figure).width;
    blocks = [svgBlock(figure)];
  } else {
    const svgs = Array.from(figure.querySelectorAll("svg")).filter((s) =>
      s.parentElement?.closest("svg") == null && !s.parentElement?.closest("[class$='-swatch']")
    );
    width = Math.max(0, ...svgs.map((s) => svgSize(s).width));
    if (width === 0) width = 640;
    blocks = htmlBlocks(figure, width);
  }
  // A flattened figure gets a margin so legend tick labels and titles are not cut off.
  const pad = figure.tagName.toLowerCase() === "svg" ? 0 : FIGURE_PADDING;
  let y = pad;
  const body: string[] = [];
  for (const block of blocks) {
    body.push(block.draw(y, width));
    y += block.height;
  }
  const height = Math.max(1, Math.ceil(y + pad));
  const w = Math.ceil(width + 2 * pad);
  const svg = [
    `<?xml version="1.0" encoding="UTF-8"?>\n`,
    `<svg xmlns="${SVG_NS}" xmlns:xlink="${XLINK_NS}" width="${w}" height="${height}" `,
    `viewBox="0 0 ${w} ${height}" font-family="${escapeAttribute(EXPORT_FONT)}" `,
    `font-size="10" fill="currentColor" color="black">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    pad === 0 ? "" : `<g transform="translate(${pad},0)">`,
    ...body,
    pad === 0 ? "" : `</g>`,
    `</svg>\n`,
  ].join("");
  return normalizeIds(svg).replaceAll("var(--plot-background)", "white");
}

/** Options of {@link svgToPng}. */
export interface SvgToPngOptions {
  /** Pixels per SVG px (default 2: a 640 × 400 plot gives 1280 × 800 pixels). */
  scale?: number;
  /** Background colour behind the SVG (CSS colour, default `"white"`). */
  background?: string;
  /** Folder holding the DejaVu `.ttf` files (default {@link DEJAVU_FONT_DIR}). */
  fontDir?: string;
}

/**
 * Absolute paths of the six `fonts-dejavu-core` files in `fontDir` (Sans, Sans Bold,
 * Sans Mono (+Bold), Serif (+Bold)).
 *
 * @throws {Error} naming the missing files and the Debian package `fonts-dejavu-core`.
 *
 * @example
 * ```ts
 * import { dejavuFontFiles } from "./export.ts";
 * if (dejavuFontFiles().length !== 6) throw new Error();
 * ```
 */
export function dejavuFontFiles(fontDir: string = DEJAVU_FONT_DIR): string[] {
  const files = DEJAVU_FILES.map((f) => joinPath(fontDir, f));
  const missing = files.filter((f) => {
    try {
      return !Deno.statSync(f).isFile;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(
      `DejaVu fonts not found (${missing.join(", ")}); without them resvg silently drops all ` +
        `text. Install the Debian package fonts-dejavu-core (apt-get install fonts-dejavu-core).`,
    );
  }
  return files;
}

/**
 * Rasterises SVG text to PNG bytes with resvg, loading only the DejaVu fonts (no
 * system fonts, default family "DejaVu Sans") so output is identical on every machine.
 * The PNG is `round(width × scale) × round(height × scale)` pixels. Asynchronous
 * because the first call loads resvg's native addon ({@link loadResvg}, needs
 * `--allow-ffi`).
 *
 * @param svg a standalone SVG document (e.g. from {@link toSvgString}).
 * @param options `scale` (default 2), `background` (default white), `fontDir`.
 * @returns PNG file bytes.
 * @throws {TypeError} if `svg` is not a string; {RangeError} for a bad `scale`;
 *   {Error} if the fonts are missing or the SVG cannot be parsed.
 *
 * @example
 * ```ts
 * import { svgToPng } from "./export.ts";
 * const png = await svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>', {
 *   scale: 1,
 * });
 * if (png[1] !== 0x50 || png[2] !== 0x4e || png[3] !== 0x47) throw new Error("not a PNG");
 * ```
 */
export async function svgToPng(
  svg: string,
  options: SvgToPngOptions = {},
): Promise<Uint8Array> {
  if (typeof svg !== "string") throw new TypeError(`svg must be a string, got ${typeof svg}`);
  const { scale = 2, background = "white", fontDir = DEJAVU_FONT_DIR } = options;
  assertPositive("options.scale", scale);
  const fontFiles = dejavuFontFiles(fontDir);
  const { Resvg } = await loadResvg();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background,
    font: {
      loadSystemFonts: false,
      fontFiles,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: "DejaVu Serif",
      monospaceFamily: "DejaVu Sans Mono",
    },
    logLevel: "off",
  });
  return new Uint8Array(resvg.render().asPng());
}

/** The `@resvg/resvg-js` module. */
type ResvgModule = typeof import("@resvg/resvg-js");

let resvgModule: Promise<ResvgModule> | undefined;

/**
 * Loads resvg's native addon on first use and caches it (a failed load, e.g. without
 * `--allow-ffi`, is not cached, so a later call tries again).
 *
 * @returns the `@resvg/resvg-js` module.
 */
export function loadResvg(): Promise<ResvgModule> {
  resvgModule ??= import("@resvg/resvg-js").catch((e) => {
    resvgModule = undefined;
    throw e;
  });
  return resvgModule;
}

/** Options of {@link saveFigure}. */
export interface SaveFigureOptions {
  /** PNG pixels per SVG px (default 2). */
  scale?: number;
  /**
   * Provenance (preset, seeds, versions, config) embedded in the SVG as a `<metadata>`
   * element holding this object as JSON; JSON-serializable values only.
   */
  metadata?: Record<string, unknown>;
}

/**
 * Inserts `metadata` as JSON in a `<metadata>` element right after the root `<svg>`
 * tag (XML-escaped; renderers ignore it).
 *
 * @example
 * ```ts
 * import { withSvgMetadata } from "./export.ts";
 * const svg = withSvgMetadata('<svg xmlns="http://www.w3.org/2000/svg"></svg>', { seed: 1 });
 * console.log(svg); // <svg ...><metadata>{"seed":1}</metadata></svg>
 * ```
 */
export function withSvgMetadata(svg: string, metadata: Record<string, unknown>): string {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw new TypeError("metadata must be a plain object");
  }
  const open = svg.indexOf("<svg");
  const end = open < 0 ? -1 : svg.indexOf(">", open);
  if (end < 0) throw new RangeError("svg has no root <svg> element");
  const json = JSON.stringify(metadata).replaceAll("&", "&amp;").replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
  return `${svg.slice(0, end + 1)}<metadata>${json}</metadata>${svg.slice(end + 1)}`;
}

/**
 * Writes `<basePath>.svg` ({@link toSvgString}) and `<basePath>.png` ({@link svgToPng}),
 * creating the folder. Output is byte-identical for identical input.
 *
 * @param figure an element from `renderPlot` / `renderLegend`.
 * @param basePath path without extension, absolute or relative to the working folder.
 * @returns the absolute paths written.
 * @throws {TypeError} for a non-element or non-string; {RangeError} if `basePath` is
 *   empty or already ends in `.svg` / `.png`.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { renderPlot } from "./render.ts";
 * import { saveFigure } from "./export.ts";
 * const dir = await Deno.makeTempDir();
 * const fig = renderPlot({ marks: [Plot.dot([[1, 2]])], width: 120, height: 80 });
 * const { svgPath, pngPath } = await saveFigure(fig, `${dir}/fig`, { scale: 1 });
 * await Deno.stat(svgPath);
 * await Deno.stat(pngPath);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function saveFigure(
  figure: Element,
  basePath: string,
  options: SaveFigureOptions = {},
): Promise<{ svgPath: string; pngPath: string }> {
  assertElement("figure", figure);
  if (typeof basePath !== "string") {
    throw new TypeError(`basePath must be a string, got ${typeof basePath}`);
  }
  if (basePath === "") throw new RangeError("basePath must not be empty");
  if (/\.(svg|png)$/i.test(basePath)) {
    throw new RangeError(
      `basePath must have no extension (".svg"/".png" are added), got ${basePath}`,
    );
  }
  const base = resolvePath(basePath);
  const plain = toSvgString(figure);
  const png = await svgToPng(plain, { scale: options.scale });
  const svg = options.metadata ? withSvgMetadata(plain, options.metadata) : plain;
  await Deno.mkdir(dirnamePath(base), { recursive: true });
  const svgPath = `${base}.svg`;
  const pngPath = `${base}.png`;
  await Deno.writeTextFile(svgPath, svg);
  await Deno.writeFile(pngPath, png);
  return { svgPath, pngPath };
}
