import assert from "node:assert/strict";
import { Plot, renderLegend, renderPlot, toSvgString } from "../../lib/plot/mod.ts";

const rows = [
  { d: 1, loss: 69.7, kind: "LOS" },
  { d: 10, loss: 89.7, kind: "LOS" },
  { d: 1, loss: 75, kind: "NLOS" },
  { d: 10, loss: 110, kind: "NLOS" },
];

function linePlot() {
  return renderPlot({
    title: "Path loss at 73 GHz",
    subtitle: "indoor office",
    caption: "TR 38.901",
    x: { label: "Distance (m)", type: "log" },
    y: { label: "Loss (dB)" },
    color: { legend: true },
    marks: [Plot.line(rows, { x: "d", y: "loss", stroke: "kind", clip: true })],
  });
}

Deno.test("SVG is standalone and keeps axis labels, title, subtitle, caption, legend", () => {
  const svg = toSvgString(linePlot());
  assert.match(
    svg,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
  );
  assert.ok(svg.includes('xmlns:xlink="http://www.w3.org/1999/xlink"'));
  for (
    const text of ["Distance (m)", "Loss (dB)", "Path loss at 73 GHz", "indoor office", "TR 38.901"]
  ) {
    assert.ok(svg.includes(text), `missing ${text}`);
  }
  assert.ok(svg.includes(">LOS</text>") && svg.includes(">NLOS</text>"), "swatch labels");
  assert.ok(svg.includes('font-family="DejaVu Sans, sans-serif"'));
  assert.ok(!svg.includes("system-ui"), "Plot's default font is replaced");
  assert.ok(svg.includes('fill="white"'));
  assert.ok(!svg.includes("<figure") && !svg.includes("<div") && !svg.includes("<h2"));
});

Deno.test("text is XML-escaped", () => {
  const svg = toSvgString(renderPlot({ title: "a & b < c", marks: [Plot.dot([[1, 2]])] }));
  assert.ok(svg.includes("a &amp; b &lt; c"));
});

Deno.test("a plot with a continuous colour (ramp) legend renders", () => {
  const fig = renderPlot({
    color: { legend: true, type: "linear", label: "Power (dBm)" },
    marks: [Plot.dot(rows, { x: "d", y: "loss", fill: "loss" })],
  });
  assert.equal(fig.tagName.toLowerCase(), "figure");
  const svg = toSvgString(fig);
  assert.ok(svg.includes("Power (dBm)"));
  // linkedom serialises Plot's xlink:href as plain href (SVG 2; resvg reads both).
  assert.ok(/<image[^>]*href="data:image\/svg\+xml;base64,/.test(svg), "ramp image");
});

Deno.test("renderLegend: ramp and swatches", () => {
  const ramp = renderLegend({ color: { type: "linear", domain: [-100, -40], label: "dBm" } });
  assert.equal(ramp.tagName.toLowerCase(), "svg");
  assert.ok(toSvgString(ramp).includes("dBm"));
  const swatches = renderLegend({ color: { type: "ordinal", domain: ["LOS", "NLOS"] } });
  assert.ok(toSvgString(swatches).includes(">NLOS</text>"));
});

Deno.test("two renders of the same plot give identical SVG (ids normalised)", () => {
  const a = toSvgString(linePlot());
  const b = toSvgString(linePlot());
  assert.ok(a.includes('id="plot-clip-1"'), "clip id renumbered from 1");
  assert.equal(a, b);
});

Deno.test("bad arguments throw TypeError naming them", () => {
  assert.throws(() => renderPlot(null as never), /options/);
  assert.throws(() => toSvgString("svg" as never), { name: "TypeError", message: /figure/ });
});
