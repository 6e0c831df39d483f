/**
 * Inline display of Plot figures in Jupyter notebooks run by the Deno kernel.
 *
 * @module
 */
import { normalizeIds, toSvgString } from "./export.ts";

/** The symbol the Deno Jupyter kernel looks for on a cell's result (`Symbol.for("Jupyter.display")`). */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** A Jupyter MIME bundle: MIME type → content (text or JSON object). */
export type MediaBundle = Record<string, string | object>;

/** An object the Deno kernel renders when a cell evaluates to it. */
export interface JupyterDisplayable {
  /** Returns the MIME bundle to show. */
  [JUPYTER_DISPLAY](): MediaBundle;
}

interface JupyterApi {
  display(obj: unknown, options?: { raw?: boolean }): Promise<void>;
}

/**
 * The kernel's `Deno.jupyter`, or `undefined` outside `deno jupyter` (where Deno 2
 * has the property but its getter throws).
 */
function jupyterApi(): JupyterApi | undefined {
  try {
    const api = (Deno as unknown as { jupyter?: Partial<JupyterApi> }).jupyter;
    return typeof api?.display === "function" ? api as JupyterApi : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when running inside the Deno Jupyter kernel (`deno jupyter`).
 *
 * @example
 * ```ts
 * import { inJupyterKernel } from "./display.ts";
 * if (inJupyterKernel()) throw new Error("doc tests do not run in a kernel");
 * ```
 */
export function inJupyterKernel(): boolean {
  return jupyterApi() !== undefined;
}

function assertElement(name: string, value: unknown): asserts value is Element {
  if (
    typeof value !== "object" || value === null ||
    typeof (value as { tagName?: unknown }).tagName !== "string"
  ) {
    throw new TypeError(`${name} must be a DOM element (from renderPlot/renderLegend)`);
  }
}

/**
 * The MIME bundle for a figure: always `image/svg+xml` (the standalone SVG of
 * `toSvgString`) and `text/plain`; for an HTML element (a `<figure>` with title or
 * legends, a swatch legend) also `text/html` with Plot's own markup, which frontends
 * prefer. Ids are normalised, so executed notebooks are byte-stable.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { renderPlot } from "./render.ts";
 * import { mediaBundle } from "./display.ts";
 * const bundle = mediaBundle(renderPlot({ marks: [Plot.dot([[0, 1]])], width: 100, height: 60 }));
 * if (typeof bundle["image/svg+xml"] !== "string" || "text/html" in bundle) throw new Error();
 * ```
 */
export function mediaBundle(figure: Element): MediaBundle {
  assertElement("figure", figure);
  const svg = toSvgString(figure);
  const size = /width="(\d+)" height="(\d+)"/.exec(svg);
  const bundle: MediaBundle = {
    "image/svg+xml": svg,
    "text/plain": `[Plot figure ${size?.[1] ?? "?"}×${size?.[2] ?? "?"} px]`,
  };
  if (figure.tagName.toLowerCase() !== "svg") {
    bundle["text/html"] = normalizeIds(figure.outerHTML);
  }
  return bundle;
}

/**
 * Shows `figure` inline when running in the Deno Jupyter kernel (via
 * `Deno.jupyter.display(bundle, { raw: true })`, see {@link mediaBundle}); elsewhere
 * does nothing. Either way resolves to the standalone SVG text.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { renderPlot } from "./render.ts";
 * import { display } from "./display.ts";
 * const svg = await display(renderPlot({ marks: [Plot.dot([[0, 1]])], width: 100, height: 60 }));
 * if (!svg.includes("<svg")) throw new Error();
 * ```
 */
export async function display(figure: Element): Promise<string> {
  const bundle = mediaBundle(figure);
  const api = jupyterApi();
  if (api !== undefined) await api.display(bundle, { raw: true });
  return bundle["image/svg+xml"] as string;
}

/**
 * Wraps a figure so that a notebook cell ending with it renders the plot (the kernel
 * calls `[Symbol.for("Jupyter.display")]()` and shows the returned bundle). The bundle
 * is computed now, so later changes to `figure` do not show.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { renderPlot } from "./render.ts";
 * import { asDisplayable, JUPYTER_DISPLAY } from "./display.ts";
 * const d = asDisplayable(renderPlot({ marks: [Plot.dot([[0, 1]])], width: 100, height: 60 }));
 * if (!("image/svg+xml" in d[JUPYTER_DISPLAY]())) throw new Error();
 * ```
 */
export function asDisplayable(figure: Element): JupyterDisplayable {
  const bundle = mediaBundle(figure);
  return { [JUPYTER_DISPLAY]: () => ({ ...bundle }) };
}
