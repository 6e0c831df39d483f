import assert from "node:assert/strict";
import { loadNamedScene, loadScene, parseScene } from "../../lib/scene/mod.ts";
import { joinPath, repoPath } from "../../lib/core/mod.ts";

async function officeJson(): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(repoPath("data", "scenes", "office.json")));
}

/** Applies `edit` to a deep copy of office.json and expects parseScene to throw. */
async function expectError(
  // deno-lint-ignore no-explicit-any -- tests mutate arbitrary JSON paths
  edit: (json: any) => void,
  name: "TypeError" | "RangeError",
  message: RegExp,
) {
  const json = structuredClone(await officeJson());
  edit(json);
  assert.throws(() => parseScene(json, { source: "office.json" }), (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, name, e.message);
    assert.match(e.message, message);
    assert.match(e.message, /^office\.json: /);
    return true;
  });
}

Deno.test("parseScene: office.json is valid and round-trips", async () => {
  const json = await officeJson();
  const scene = parseScene(json);
  assert.equal(scene.name, "office");
  assert.deepEqual(scene.room.size, [20, 15, 3]);
  assert.equal(scene.carrierFrequencyHz, 73e9);
  assert.equal(scene.bandwidthHz, 400e6);
  assert.equal(scene.accessPoints.length, 3);
  assert.equal(scene.zones.length, 3);
});

Deno.test("parseScene: malformed inputs name the field", async () => {
  await expectError(
    (j) => (j.accessPoints[1].position[2] = "high"),
    "TypeError",
    /accessPoints\[1\]\.position\[2\] must be a finite number/,
  );
  await expectError(
    (j) => delete j.carrierFrequencyHz,
    "TypeError",
    /carrierFrequencyHz is required/,
  );
  await expectError((j) => (j.bandwidthHz = -5), "RangeError", /bandwidthHz must be > 0/);
  await expectError(
    (j) => (j.objects[3].material = "steel"),
    "RangeError",
    /objects\[3\]\.material must be one of/,
  );
  await expectError(
    (j) => (j.objects[0].box.min[1] = 20),
    "RangeError",
    /objects\[0\]\.box\.min\[1\] must be </,
  );
  await expectError(
    (j) => (j.objects[5].box.max[0] = 25),
    "RangeError",
    /objects\[5\]\.box must lie inside the room/,
  );
  await expectError(
    (j) => (j.objects[6].id = j.objects[5].id),
    "RangeError",
    /objects\[6\]\.id duplicates id/,
  );
  await expectError(
    (j) => (j.accessPoints[2].id = "ap1"),
    "RangeError",
    /accessPoints\[2\]\.id duplicates/,
  );
  await expectError(
    (j) => (j.accessPoints[0].position[0] = 21),
    "RangeError",
    /accessPoints\[0\]\.position\[0\] must lie strictly inside/,
  );
  await expectError(
    (j) => (j.accessPoints[0].boresight = [0, 0, -2]),
    "RangeError",
    /accessPoints\[0\]\.boresight must be a unit vector/,
  );
  await expectError(
    (j) => (j.accessPoints[1].horizontalAxis = [0, 0, 1]),
    "RangeError",
    /accessPoints\[1\]\.horizontalAxis must be orthogonal/,
  );
  await expectError(
    (j) => (j.accessPoints[0].array.horizontal = 7.5),
    "RangeError",
    /accessPoints\[0\]\.array\.horizontal must be a positive integer/,
  );
  await expectError(
    (j) => (j.accessPoints[0].array.vertical = 0),
    "RangeError",
    /accessPoints\[0\]\.array\.vertical/,
  );
  await expectError(
    (j) => (j.accessPoints = []),
    "RangeError",
    /accessPoints must contain at least one/,
  );
  await expectError(
    (j) => (j.objects[2].kind = "door"),
    "RangeError",
    /objects\[2\]\.kind must be one of/,
  );
  await expectError(
    (j) => (j.room.size = [20, 15]),
    "RangeError",
    /room\.size must have 3 entries/,
  );
  await expectError(
    (j) => (j.room.wallMaterial = 3),
    "TypeError",
    /room\.wallMaterial must be a string/,
  );
  await expectError((j) => (j.ueHeightM = 4), "RangeError", /ueHeightM must be below the ceiling/);
  await expectError(
    (j) => (j.zones[1].box = { min: [0, 0, 0] }),
    "TypeError",
    /zones\[1\]\.box\.max is required/,
  );
  await expectError(
    (j) => (j.accessPoints[0].txPowerdBm = 20),
    "RangeError",
    /accessPoints\[0\]\.txPowerdBm is not a known field/,
  );
  await expectError((j) => (j.objects = {}), "TypeError", /objects must be an array/);
});

Deno.test("parseScene: non-object input and no source prefix", () => {
  assert.throws(() => parseScene(null), { name: "TypeError", message: /^scene must be an object/ });
  assert.throws(() => parseScene([]), TypeError);
  assert.throws(() => parseScene({ name: "x" }), {
    name: "TypeError",
    message: /^description is required/,
  });
});

Deno.test("loadScene: bad JSON and missing files name the file", async () => {
  const fixtures = repoPath("tests", "scene", "fixtures");
  await assert.rejects(() => loadScene(joinPath(fixtures, "not_json.txt")), (e: unknown) => {
    assert.ok(e instanceof SyntaxError);
    assert.match(e.message, /not_json\.txt is not valid JSON/);
    return true;
  });
  await assert.rejects(() => loadScene(joinPath(fixtures, "missing.json")), /missing\.json/);
  await assert.rejects(() => loadScene(joinPath(fixtures, "invalid.json")), {
    name: "TypeError",
    message: /^invalid\.json: name must be a string/,
  });
});

Deno.test("loadNamedScene: resolves data/scenes/<name>.json and rejects path tricks", async () => {
  const office = await loadNamedScene("office");
  assert.equal(office.name, "office");
  await assert.rejects(() => loadNamedScene("../secret"), { name: "RangeError", message: /name/ });
});
