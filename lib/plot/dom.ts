/**
 * Server-side DOM for Observable Plot: one linkedom `document`, created lazily and
 * shared, whose `createElement("canvas")` returns a small canvas stand-in so that
 * continuous (ramp) colour legends and raster marks render without a browser.
 *
 * @module
 */
import { parseHTML } from "linkedom";
import { assertInteger } from "../core/errors.ts";

/** One recorded `fillRect` call: pixel coordinates and the CSS colour in effect. */
export interface FillRectRecord {
  /** Left edge, canvas pixels. */
  x: number;
  /** Top edge, canvas pixels. */
  y: number;
  /** Width, canvas pixels. */
  width: number;
  /** Height, canvas pixels. */
  height: number;
  /** CSS colour string as assigned to `fillStyle` (e.g. `"rgb(12, 34, 56)"`). */
  fill: string;
}

/** RGBA pixel buffer as returned by `createImageData`: `data.length === 4 * width * height`. */
export interface ImageDataStub {
  /** Width, pixels. */
  width: number;
  /** Height, pixels. */
  height: number;
  /** Row-major RGBA bytes (0-255), 4 per pixel. */
  data: Uint8ClampedArray;
}

/**
 * The subset of `CanvasRenderingContext2D` that Plot uses (ramp legends: `fillStyle`
 * and `fillRect`; raster marks: `createImageData` and `putImageData`). Every call is
 * recorded in `rects` (in call order) so `toDataURL` can reproduce the picture.
 */
export class Context2DStub {
  /** Current fill colour (CSS colour string). */
  fillStyle = "#000000";
  /** Every fill, in call order. */
  readonly rects: FillRectRecord[] = [];

  /** Records a filled rectangle `(x, y, width, height)` in canvas pixels with the current `fillStyle`. */
  fillRect(x: number, y: number, width: number, height: number): void {
    this.rects.push({ x, y, width, height, fill: String(this.fillStyle) });
  }

  /** A transparent `width × height` RGBA buffer. */
  createImageData(width: number, height: number): ImageDataStub {
    assertInteger("width", width, { min: 0 });
    assertInteger("height", height, { min: 0 });
    return { width, height, data: new Uint8ClampedArray(4 * width * height) };
  }

  /** Records the pixels of `image` at offset `(dx, dy)`, merging equal neighbours in a row. */
  putImageData(image: ImageDataStub, dx: number, dy: number): void {
    const { width, height, data } = image;
    for (let row = 0; row < height; ++row) {
      let start = 0;
      while (start < width) {
        const k = 4 * (row * width + start);
        let end = start + 1;
        while (
          end < width && data[4 * (row * width + end)] === data[k] &&
          data[4 * (row * width + end) + 1] === data[k + 1] &&
          data[4 * (row * width + end) + 2] === data[k + 2] &&
          data[4 * (row * width + end) + 3] === data[k + 3]
        ) ++end;
        if (data[k + 3] > 0) {
          const fill = `rgba(${data[k]},${data[k + 1]},${data[k + 2]},${data[k + 3] / 255})`;
          this.rects.push({ x: dx + start, y: dy + row, width: end - start, height: 1, fill });
        }
        start = end;
      }
    }
  }
}

/**
 * A canvas stand-in: `width`/`height` in pixels, `getContext("2d")` returning a
 * {@link Context2DStub}, and `toDataURL()` returning an SVG data URL
 * (`data:image/svg+xml;base64,...`) that redraws every recorded fill as a `<rect>`.
 *
 * @example
 * ```ts
 * import { CanvasStub } from "./dom.ts";
 * const canvas = new CanvasStub(2, 1);
 * const ctx = canvas.getContext("2d")!;
 * ctx.fillStyle = "red";
 * ctx.fillRect(0, 0, 1, 1);
 * if (!canvas.toDataURL().startsWith("data:image/svg+xml;base64,")) throw new Error();
 * ```
 */
export class CanvasStub {
  /** Width, pixels. */
  width: number;
  /** Height, pixels. */
  height: number;
  #context: Context2DStub | undefined;

  /** A `width × height` pixel canvas (defaults 300 × 150, as in browsers). */
  constructor(width = 300, height = 150) {
    this.width = width;
    this.height = height;
  }

  /** The 2D context stub for `"2d"`; `null` for any other context type. */
  getContext(type: string): Context2DStub | null {
    if (type !== "2d") return null;
    this.#context ??= new Context2DStub();
    return this.#context;
  }

  /** The recorded drawing as the SVG source of a `width × height` image. */
  toSvg(): string {
    const w = this.width, h = this.height;
    const parts = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"`,
      ` preserveAspectRatio="none" shape-rendering="crispEdges">`,
    ];
    for (const r of this.#context?.rects ?? []) {
      const { color, opacity } = splitAlpha(r.fill);
      const alpha = opacity === 1 ? "" : ` fill-opacity="${opacity}"`;
      parts.push(
        `<rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" fill="${
          escapeAttribute(color)
        }"${alpha}/>`,
      );
    }
    parts.push("</svg>");
    return parts.join("");
  }

  /** `data:image/svg+xml;base64,...` of {@link CanvasStub.toSvg} (the type argument is ignored). */
  toDataURL(_type?: string): string {
    const bytes = new TextEncoder().encode(this.toSvg());
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    return `data:image/svg+xml;base64,${btoa(binary)}`;
  }
}

/** Splits `rgba(r, g, b, a)` into an opaque `rgb(...)` colour and its alpha; other strings pass through. */
function splitAlpha(fill: string): { color: string; opacity: number } {
  const m = /^rgba\(\s*([^,]+),\s*([^,]+),\s*([^,]+),\s*([^)]+)\)$/.exec(fill.trim());
  if (m === null) return { color: fill, opacity: 1 };
  const a = Number(m[4]);
  return { color: `rgb(${m[1]},${m[2]},${m[3]})`, opacity: Number.isFinite(a) ? a : 1 };
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}

let cached: Document | undefined;

/**
 * The shared server-side `document` (linkedom), created on first call. Pass it as
 * Plot's `document` option; `document.createElement("canvas")` yields a {@link CanvasStub}.
 *
 * @example
 * ```ts
 * import { serverDocument } from "./dom.ts";
 * const doc = serverDocument();
 * if (doc !== serverDocument()) throw new Error("not shared");
 * ```
 */
export function serverDocument(): Document {
  if (cached === undefined) {
    const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");
    const create = document.createElement.bind(document);
    Object.defineProperty(document, "createElement", {
      value: (tag: string, options?: ElementCreationOptions): unknown =>
        String(tag).toLowerCase() === "canvas" ? new CanvasStub() : create(tag, options),
      configurable: true,
      writable: true,
    });
    cached = document as unknown as Document;
  }
  return cached;
}
