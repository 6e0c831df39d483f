/**
 * Probes of the scene loader (issue 12, "Scenes"): inputs it used to accept and that then
 * changed the channel silently or failed much later. Each is now an error naming the
 * field.
 */
import assert from "node:assert/strict";
import { joinPath, repoPath } from "../../lib/core/mod.ts";
import { loadScene, parseScene } from "../../lib/scene/mod.ts";

const office = JSON.parse(await Deno.readTextFile(repoPath("data", "scenes", "office.json")));

/** A deep copy of the office scene, changed by `edit`. */
function variant(edit: (s: typeof office) => void): unknown {
  const s = structuredClone(office);
  edit(s);
  return s;
}

function rejects(json: unknown, pattern: RegExp): void {
  assert.throws(() => parseScene(json, { source: "probe.json" }), (e: unknown) => {
    assert.ok(e instanceof RangeError || e instanceof TypeError, String(e));
    assert.match((e as Error).message, pattern);
    assert.ok((e as Error).message.startsWith("probe.json: "), (e as Error).message);
    return true;
  });
}

Deno.test("scene: the office still loads", () => {
  assert.equal(parseScene(office).objects.length, office.objects.length);
});

Deno.test("scene: two identical overlapping objects, and partly overlapping ones, are errors", () => {
  const n = office.objects.length;
  rejects(
    variant((s) => s.objects.push({ ...s.objects[0], id: "copy" })),
    new RegExp(`objects\\[${n}\\]\\.box is identical to objects\\[0\\]`),
  );
  rejects(
    variant((s) => {
      const b = s.objects[0].box;
      s.objects.push({
        ...s.objects[0],
        id: "shifted",
        box: { min: b.min, max: [b.max[0], b.max[1] / 2, b.max[2]] },
      });
    }),
    new RegExp(`objects\\[${n}\\]\\.box overlaps objects\\[0\\]`),
  );
});

Deno.test("scene: an AP inside a closed metal cabinet is an error naming the AP", () => {
  rejects(
    variant((s) => {
      const p = s.accessPoints[1].position as number[];
      s.objects.push({
        id: "cabinet",
        kind: "furniture",
        material: "metal",
        box: { min: p.map((x) => x - 0.2), max: p.map((x) => x + 0.1) },
      });
    }),
    /accessPoints\[1\]\.position .* lies inside objects\[\d+\] \("cabinet", metal\): its channel would be all zeros/,
  );
});

Deno.test("scene: absurd txPowerDbm, spacingWavelengths and array sizes name the field", () => {
  rejects(
    variant((s) => s.accessPoints[0].txPowerDbm = 1e300),
    /accessPoints\[0\]\.txPowerDbm must be within \[-30, 60\] dBm/,
  );
  rejects(variant((s) => s.accessPoints[2].txPowerDbm = -200), /accessPoints\[2\]\.txPowerDbm/);
  rejects(
    variant((s) => s.accessPoints[0].array.spacingWavelengths = 1e-300),
    /accessPoints\[0\]\.array\.spacingWavelengths must be within \[0\.05, 10\] wavelengths/,
  );
  rejects(
    variant((s) => s.accessPoints[0].array.horizontal = 100000),
    /accessPoints\[0\]\.array\.horizontal must be at most 256/,
  );
  rejects(
    variant((s) => Object.assign(s.accessPoints[0].array, { horizontal: 128, vertical: 128 })),
    /accessPoints\[0\]\.array must have at most 4096 elements/,
  );
});

Deno.test("scene: names that are not UTF-8 text are errors naming the field", async () => {
  rejects(variant((s) => s.objects[0].id = "glass\uFFFD"), /objects\[0\]\.id must be valid UTF-8/);
  rejects(variant((s) => s.name = "office\uD800"), /name must be valid UTF-8/);
  rejects(
    variant((s) => s.accessPoints[0].id = "ap\u0001"),
    /accessPoints\[0\]\.id must not contain control/,
  );
  // The file itself: raw bytes that are not UTF-8 are refused before parsing.
  const dir = await Deno.makeTempDir({ prefix: "scene-probe-" });
  try {
    const text = JSON.stringify(variant((s) => s.objects[0].id = "XX"), null, 1);
    const bytes = new TextEncoder().encode(text);
    const at = text.indexOf('"XX"') + 1;
    bytes[at] = 0xff;
    bytes[at + 1] = 0xfe;
    const path = joinPath(dir, "bad.json");
    await Deno.writeFile(path, bytes);
    await assert.rejects(() => loadScene(path), (e: unknown) => {
      assert.match((e as Error).message, /bad\.json is not valid UTF-8 \(line \d+\)/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
