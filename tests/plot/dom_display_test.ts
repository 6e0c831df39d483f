import assert from "node:assert/strict";
import {
  asDisplayable,
  CanvasStub,
  display,
  inJupyterKernel,
  JUPYTER_DISPLAY,
  Plot,
  renderPlot,
  serverDocument,
} from "../../lib/plot/mod.ts";

Deno.test("server document is shared and makes canvas stubs", () => {
  const doc = serverDocument();
  assert.equal(doc, serverDocument());
  assert.ok(doc.createElement("canvas") instanceof CanvasStub);
  assert.equal(doc.createElement("div").tagName.toLowerCase(), "div");
});

Deno.test("canvas stub records fills and reproduces them as SVG", () => {
  const canvas = new CanvasStub(2, 1);
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "rgb(255, 0, 0)";
  ctx.fillRect(0, 0, 1, 1);
  ctx.fillStyle = "rgba(0, 0, 255, 0.5)";
  ctx.fillRect(1, 0, 1, 1);
  assert.equal(ctx.rects.length, 2);
  const svg = atob(canvas.toDataURL().split(",")[1]);
  assert.ok(svg.includes('x="0" y="0" width="1" height="1" fill="rgb(255, 0, 0)"'));
  assert.ok(svg.includes('fill="rgb(0,0,255)" fill-opacity="0.5"'));
  assert.equal(canvas.getContext("webgl"), null);
});

Deno.test("display is a no-op outside the kernel; asDisplayable gives the MIME bundle", async () => {
  assert.equal(inJupyterKernel(), false);
  const fig = renderPlot({ marks: [Plot.dot([[0, 1]])], width: 100, height: 60 });
  const svg = await display(fig);
  assert.ok(svg.startsWith("<?xml"));
  const bundle = asDisplayable(fig)[JUPYTER_DISPLAY]();
  assert.equal(bundle["image/svg+xml"], svg);
  assert.equal(bundle["text/plain"], "[Plot figure 100×60 px]");
  assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
  const withTitle = asDisplayable(renderPlot({ title: "T", marks: [Plot.dot([[0, 1]])] }));
  assert.match(String(withTitle[JUPYTER_DISPLAY]()["text/html"]), /^<figure/);
});
