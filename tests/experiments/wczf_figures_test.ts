import assert from "node:assert/strict";
import { seedBandRows, sinrCdfFigure } from "../../lib/experiments/mod.ts";
import type { SchemeSamples } from "../../lib/experiments/mod.ts";

function samples(scheme: string, sinrDb: number[]): SchemeSamples {
  return { scheme, sinrDb, rareSinrDb: [], plr: [], rarePlr: [], stepMs: [], predictMs: [] };
}

Deno.test("seedBandRows: min and max of the per-seed quantiles; schemes with < 2 seeds get none", () => {
  const perSeed = [
    [samples("a", [0, 10]), samples("b", [5])],
    [samples("a", [2, 4])],
    [samples("a", [])], // no samples: ignored
  ];
  const rows = seedBandRows(perSeed, "sinrDb");
  assert.ok(rows.every((r) => r.scheme === "a"), "b has one seed only");
  assert.equal(rows.length, 51);
  const at = (p: number) => rows.find((r) => Math.abs(r.p - p) < 1e-12)!;
  assert.deepEqual([at(0).lo, at(0).hi], [0, 2]);
  assert.deepEqual([at(1).lo, at(1).hi], [4, 10]);
  assert.deepEqual(seedBandRows(perSeed, "rareSinrDb"), []);
});

Deno.test("sinrCdfFigure: bands only with two or more seeds, said in the subtitle", () => {
  const pooled = [samples("a", [0, 2, 4, 10])];
  const plain = sinrCdfFigure(pooled, { rare: false });
  const banded = sinrCdfFigure(pooled, {
    rare: false,
    perSeed: [[samples("a", [0, 10])], [samples("a", [2, 4])]],
  });
  assert.ok(!plain.outerHTML.includes("per-seed CDFs"));
  assert.ok(banded.outerHTML.includes("bands: range of the per-seed CDFs"));
  assert.ok(banded.outerHTML.length > plain.outerHTML.length, "an area mark was drawn");
});
