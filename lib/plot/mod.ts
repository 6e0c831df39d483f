/**
 * Figures: Observable Plot rendered on the server, exported to deterministic SVG/PNG
 * and shown inline in Jupyter (Deno kernel). Import everything from here:
 *
 * ```ts ignore
 * import { Plot, renderPlot, saveFigure } from "../lib/plot/mod.ts";
 * ```
 *
 * Importing this module needs no FFI: resvg's native addon is loaded on the first PNG
 * (`svgToPng`, `saveFigure`; needs `--allow-ffi --allow-read --allow-env`); the Jupyter
 * kernel has all permissions.
 *
 * @module
 */
export * as Plot from "@observablehq/plot";
export { type Figure, renderLegend, renderPlot } from "./render.ts";
export {
  DEJAVU_FONT_DIR,
  dejavuFontFiles,
  FONT_FAMILY,
  loadResvg,
  normalizeIds,
  saveFigure,
  type SaveFigureOptions,
  svgToPng,
  type SvgToPngOptions,
  toSvgString,
  withSvgMetadata,
} from "./export.ts";
export {
  asDisplayable,
  display,
  inJupyterKernel,
  JUPYTER_DISPLAY,
  type JupyterDisplayable,
  type MediaBundle,
  mediaBundle,
} from "./display.ts";
export { CanvasStub, serverDocument } from "./dom.ts";
