/**
 * Renders Observable Plot figures and legends on the server, with the shared
 * linkedom document from `./dom.ts`. Callers write ordinary Plot options.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { serverDocument } from "./dom.ts";

/**
 * What {@link renderPlot} returns: Plot's `<svg>` element, or a `<figure>` wrapping
 * title, subtitle, legends, the `<svg>` and caption; with Plot's `scale()`/`legend()`.
 */
export type Figure = ReturnType<typeof Plot.plot>;

function assertOptions(name: string, value: unknown): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      `${name} must be an options object, got ${value === null ? "null" : typeof value}`,
    );
  }
}

/**
 * Calls `Plot.plot(options)` with the server-side document (a `document` given in
 * `options` wins). Sizes are in CSS pixels (Plot's default is 640 × 400).
 *
 * @param options Observable Plot options (`marks`, scales, `title`, `width`, ...).
 * @returns the plot element (`<svg>`, or `<figure>` when it has a title, caption or legend).
 * @throws {TypeError} if `options` is not an object.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { renderPlot } from "./render.ts";
 * const rows = [{ d: 1, db: -60 }, { d: 10, db: -80 }];
 * const fig = renderPlot({ marks: [Plot.line(rows, { x: "d", y: "db" })], width: 200, height: 100 });
 * if (fig.tagName.toLowerCase() !== "svg") throw new Error(fig.tagName);
 * ```
 */
export function renderPlot(options: Plot.PlotOptions): Figure {
  assertOptions("options", options);
  return Plot.plot({ document: serverDocument(), ...options });
}

/**
 * Calls `Plot.legend(options)` with the server-side document: a ramp legend (`<svg>`,
 * 240 × 50 px by default) for continuous colour, swatches (`<div>`) for ordinal colour.
 *
 * @param options Plot legend options with a `color`, `opacity` or `symbol` scale.
 * @returns the legend element.
 * @throws {TypeError} if `options` is not an object.
 *
 * @example
 * ```ts
 * import { renderLegend } from "./render.ts";
 * const ramp = renderLegend({ color: { type: "linear", domain: [-100, -40], label: "dBm" } });
 * if (ramp.tagName.toLowerCase() !== "svg") throw new Error(ramp.tagName);
 * ```
 */
export function renderLegend(options: Plot.LegendScales): SVGSVGElement | HTMLElement {
  assertOptions("options", options);
  // `document` is accepted by Plot.legend at run time but missing from its types.
  const withDocument = { document: serverDocument(), ...options } as Plot.LegendScales;
  return Plot.legend(withDocument);
}
