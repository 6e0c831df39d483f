import assert from "node:assert/strict";
import { Resvg } from "@resvg/resvg-js";
import {
  dejavuFontFiles,
  Plot,
  renderPlot,
  saveFigure,
  svgToPng,
  toSvgString,
  withSvgMetadata,
} from "../../lib/plot/mod.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

Deno.test("svgToPng: PNG signature and size scaled", async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"/>';
  const png1 = await svgToPng(svg, { scale: 1 });
  assert.deepEqual([...png1.slice(0, 8)], PNG_SIGNATURE);
  assert.deepEqual(pngSize(png1), { width: 120, height: 80 });
  assert.deepEqual(pngSize(await svgToPng(svg, { scale: 2.5 })), { width: 300, height: 200 });
  assert.deepEqual(pngSize(await svgToPng(svg)), { width: 240, height: 160 }, "default scale 2");
  await assert.rejects(() => svgToPng(svg, { scale: 0 }), RangeError);
  await assert.rejects(() => svgToPng(42 as never), TypeError);
});

/** Count of pixels darker than mid-grey in an opaque render of `svg`. */
function darkPixels(svg: string): number {
  const resvg = new Resvg(svg, {
    background: "white",
    font: {
      loadSystemFonts: false,
      fontFiles: dejavuFontFiles(),
      defaultFontFamily: "DejaVu Sans",
    },
  });
  const pixels = resvg.render().pixels;
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 3 * 128) dark++;
  }
  return dark;
}

Deno.test("text is really drawn (fonts loaded), and nothing else is dark", async () => {
  const text = '<text x="10" y="40" font-size="30" font-family="DejaVu Sans">Hello</text>';
  const svg = (body: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="100%" height="100%" fill="white"/>${body}</svg>`;
  assert.ok(darkPixels(svg(text)) > 100, "text pixels");
  assert.equal(darkPixels(svg("")), 0);
  // Plot's default family (system-ui, sans-serif) must also find a font through svgToPng.
  const pngWithText = await svgToPng(svg(text.replace("DejaVu Sans", "system-ui, sans-serif")));
  const pngBlank = await svgToPng(svg(""));
  assert.ok(pngWithText.length > pngBlank.length);
});

Deno.test("missing fonts: clear error naming fonts-dejavu-core", async () => {
  await assert.rejects(
    () =>
      svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', {
        fontDir: "/nonexistent",
      }),
    /fonts-dejavu-core/,
  );
});

Deno.test("saveFigure writes SVG and PNG, byte-stable across renders", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plot_test_" });
  try {
    const make = () =>
      renderPlot({
        title: "Stable",
        width: 300,
        height: 200,
        color: { legend: true },
        marks: [Plot.line([[1, 2, "a"], [2, 3, "a"]], { x: "0", y: "1", stroke: "2", clip: true })],
      });
    const a = await saveFigure(make(), `${dir}/sub/a`, { scale: 1 });
    const b = await saveFigure(make(), `${dir}/sub/b`, { scale: 1 });
    assert.ok(a.svgPath.endsWith("/sub/a.svg") && a.pngPath.endsWith("/sub/a.png"));
    const svgA = await Deno.readTextFile(a.svgPath);
    assert.ok(svgA.includes(">Stable</text>"));
    const pngA = await Deno.readFile(a.pngPath);
    assert.deepEqual([...pngA.slice(0, 8)], PNG_SIGNATURE);
    assert.equal(pngSize(pngA).width, 320, "300 px plot + 2 × 10 px margin");
    assert.equal(svgA, await Deno.readTextFile(b.svgPath));
    assert.deepEqual(pngA, await Deno.readFile(b.pngPath));
    await assert.rejects(() => saveFigure(make(), `${dir}/x.png`), RangeError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("toSvgString wraps a long caption to the figure width instead of cutting it off", () => {
  const words = Array.from({ length: 60 }, (_, i) => `word${i}`);
  const figure = renderPlot({
    width: 300,
    height: 120,
    caption: words.join(" "),
    marks: [Plot.dot([[1, 1]], { x: "0", y: "1" })],
  });
  const svg = toSvgString(figure);
  const lines = [...svg.matchAll(/<text[^>]*>(word[^<]*)<\/text>/g)].map((m) => m[1]);
  assert.ok(lines.length > 1, `caption on ${lines.length} line(s)`);
  assert.deepEqual(lines.join(" ").split(" "), words, "every word once, in order");
  // 300 px at 12 px font and 0.6 em per character: at most 41 characters per line
  for (const line of lines) assert.ok(line.length <= 41, `"${line}" fits`);
});

Deno.test("saveFigure embeds provenance as SVG <metadata> JSON; the PNG is unchanged", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plot_meta_" });
  try {
    const make = () =>
      renderPlot({ width: 200, height: 100, marks: [Plot.dot([[1, 1]], { x: "0", y: "1" })] });
    const meta = { preset: "ci", seeds: [1, 2], note: "a < b & c" };
    const a = await saveFigure(make(), `${dir}/a`, { scale: 1, metadata: meta });
    const b = await saveFigure(make(), `${dir}/b`, { scale: 1 });
    const svg = await Deno.readTextFile(a.svgPath);
    const m = svg.match(/<metadata>(.*?)<\/metadata>/);
    assert.ok(m, "metadata element present");
    const json = m[1].replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
    assert.deepEqual(JSON.parse(json), meta);
    assert.deepEqual(await Deno.readFile(a.pngPath), await Deno.readFile(b.pngPath));
    assert.throws(() => withSvgMetadata("<p/>", {}), RangeError);
    assert.throws(() => withSvgMetadata("<svg></svg>", [] as never), TypeError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
