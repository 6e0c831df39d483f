/**
 * `data/scenes/scene.schema.json` (issue 14): the shipped scenes validate against it, its
 * field lists are the validator's, and a scene the schema rejects is rejected by
 * `parseScene` with an error naming the same field (the validator's messages are kept:
 * the schema is for editors, the validator stays the authority).
 *
 * The checker below implements the subset of JSON Schema 2020-12 the file uses: `type`,
 * `properties`, `required`, `additionalProperties: false`, `items`, `minItems`,
 * `maxItems`, `enum`, `minimum`, `maximum`, `exclusiveMinimum`, `minLength`, `pattern`
 * and local `$ref`s (`#/$defs/...`).
 */
import assert from "node:assert/strict";
import { repoPath } from "../../lib/core/mod.ts";
import { MATERIAL_NAMES, parseScene, SCENE_FILE_FIELDS } from "../../lib/scene/mod.ts";

// deno-lint-ignore no-explicit-any -- JSON Schema and scene JSON are untyped trees
type Json = any;

const SCHEMA: Json = JSON.parse(
  await Deno.readTextFile(repoPath("data", "scenes", "scene.schema.json")),
);
const SUPPORTED = new Set([
  "$schema",
  "$id",
  "$defs",
  "$ref",
  "title",
  "description",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "minItems",
  "maxItems",
  "enum",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "minLength",
  "pattern",
]);

function resolve(schema: Json): Json {
  if (schema.$ref === undefined) return schema;
  const m = /^#\/\$defs\/(\w+)$/.exec(schema.$ref);
  assert.ok(m, `unsupported $ref ${schema.$ref}`);
  const target = SCHEMA.$defs[m[1]];
  assert.ok(target, `missing $defs.${m[1]}`);
  return resolve(target);
}

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    default:
      throw new Error(`unsupported type ${type}`);
  }
}

/** Field paths (validator style, e.g. `accessPoints[1].position[0]`) where `v` fails. */
function schemaErrors(schemaIn: Json, v: unknown, path = ""): string[] {
  const schema = resolve(schemaIn);
  for (const key of Object.keys(schema)) assert.ok(SUPPORTED.has(key), `unsupported ${key}`);
  const at = (p: string) => (p === "" ? "(root)" : p);
  if (schema.type !== undefined && !typeOk(schema.type, v)) return [at(path)];
  if (schema.enum !== undefined && !schema.enum.includes(v)) return [at(path)];
  const errors: string[] = [];
  if (typeof v === "number") {
    if (schema.minimum !== undefined && !(v >= schema.minimum)) errors.push(at(path));
    if (schema.maximum !== undefined && !(v <= schema.maximum)) errors.push(at(path));
    if (schema.exclusiveMinimum !== undefined && !(v > schema.exclusiveMinimum)) {
      errors.push(at(path));
    }
  }
  if (typeof v === "string") {
    if (schema.minLength !== undefined && v.length < schema.minLength) errors.push(at(path));
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(v)) {
      errors.push(at(path));
    }
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems) errors.push(at(path));
    if (schema.maxItems !== undefined && v.length > schema.maxItems) errors.push(at(path));
    if (schema.items !== undefined) {
      v.forEach((x, i) => errors.push(...schemaErrors(schema.items, x, `${path}[${i}]`)));
    }
  }
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const props = schema.properties ?? {};
    const join = (k: string) => (path === "" ? k : `${path}.${k}`);
    for (const k of schema.required ?? []) if (o[k] === undefined) errors.push(join(k));
    for (const [k, x] of Object.entries(o)) {
      if (props[k] !== undefined) errors.push(...schemaErrors(props[k], x, join(k)));
      else if (schema.additionalProperties === false) errors.push(join(k));
    }
  }
  return errors;
}

async function office(): Promise<Json> {
  return JSON.parse(await Deno.readTextFile(repoPath("data", "scenes", "office.json")));
}

Deno.test("scene.schema.json: every shipped scene validates against it", async () => {
  for await (const e of Deno.readDir(repoPath("data", "scenes"))) {
    if (!e.name.endsWith(".json") || e.name.endsWith(".schema.json")) continue;
    const json = JSON.parse(await Deno.readTextFile(repoPath("data", "scenes", e.name)));
    assert.deepEqual(schemaErrors(SCHEMA, json), [], e.name);
    parseScene(json, { source: e.name });
  }
});

Deno.test("scene.schema.json: its properties and required fields are the validator's", () => {
  const parts: Record<string, Json> = {
    scene: SCHEMA,
    room: SCHEMA.$defs.room,
    object: SCHEMA.$defs.object,
    accessPoint: SCHEMA.$defs.accessPoint,
    array: SCHEMA.$defs.accessPoint.properties.array,
    zone: SCHEMA.$defs.zone,
  };
  assert.deepEqual(Object.keys(parts).sort(), Object.keys(SCENE_FILE_FIELDS).sort());
  for (const [part, schema] of Object.entries(parts)) {
    assert.deepEqual(
      Object.keys(schema.properties).sort(),
      [...SCENE_FILE_FIELDS[part]].sort(),
      part,
    );
    assert.equal(schema.additionalProperties, false, part);
    // Every field is required except the optional zones.
    assert.deepEqual(
      [...schema.required].sort(),
      SCENE_FILE_FIELDS[part].filter((k) => !(part === "scene" && k === "zones")).sort(),
      part,
    );
  }
});

/** Edits the schema can see, with the field both it and the validator must name. */
const BAD: { name: string; edit: (j: Json) => void; field: string }[] = [
  {
    name: "unknown material",
    edit: (j) => (j.objects[4].material = "styrofoam"),
    field: "objects[4].material",
  },
  { name: "zero-size room", edit: (j) => (j.room.size[1] = 0), field: "room.size[1]" },
  {
    name: "non-numeric coordinate",
    edit: (j) => (j.accessPoints[0].position[0] = "3.5"),
    field: "accessPoints[0].position[0]",
  },
  {
    name: "unknown field",
    edit: (j) => (j.accessPoints[2].height = 2.9),
    field: "accessPoints[2].height",
  },
  { name: "missing field", edit: (j) => delete j.room.wallMaterial, field: "room.wallMaterial" },
  { name: "no access point", edit: (j) => (j.accessPoints = []), field: "accessPoints" },
  {
    name: "fractional array size",
    edit: (j) => (j.accessPoints[1].array.horizontal = 7.5),
    field: "accessPoints[1].array.horizontal",
  },
  {
    name: "transmit power out of range",
    edit: (j) => (j.accessPoints[0].txPowerDbm = 90),
    field: "accessPoints[0].txPowerDbm",
  },
  {
    name: "carrier above every material table (150 GHz)",
    edit: (j) => (j.carrierFrequencyHz = 150e9),
    field: "carrierFrequencyHz",
  },
  {
    name: "unknown object kind",
    edit: (j) => (j.objects[0].kind = "wall"),
    field: "objects[0].kind",
  },
];

for (const bad of BAD) {
  Deno.test(`scene.schema.json and parseScene: ${bad.name} is rejected by both, naming ${bad.field}`, async () => {
    const json = await office();
    bad.edit(json);
    assert.deepEqual(schemaErrors(SCHEMA, json), [bad.field]);
    assert.throws(
      () => parseScene(json, { source: "lab.json" }),
      (e: unknown) => {
        assert.ok(e instanceof TypeError || e instanceof RangeError);
        assert.ok(e.message.startsWith(`lab.json: ${bad.field} `), e.message);
        return true;
      },
    );
  });
}

/** Errors only the validator can see (geometry, material ranges), with the field it names. */
const VALIDATOR_ONLY: { name: string; edit: (j: Json) => void; field: string }[] = [
  {
    name: "an AP outside the room",
    edit: (j) => (j.accessPoints[1].position = [25, 7.5, 2.9]),
    field: "accessPoints[1].position[0]",
  },
  {
    name: "overlapping APs (0.2 m apart)",
    edit: (j) => (j.accessPoints[2].position = [j.accessPoints[1].position[0] + 0.2, 7.5, 2.9]),
    field: "accessPoints[2].position",
  },
  {
    name: "a carrier outside one material's range (brick walls at 73 GHz)",
    edit: (j) => (j.room.wallMaterial = "brick"),
    field: "carrierFrequencyHz",
  },
  {
    name: "an object outside the room",
    edit: (j) => (j.objects[0].box.max[2] = 3.5),
    field: "objects[0].box",
  },
];

for (const bad of VALIDATOR_ONLY) {
  Deno.test(`scene.schema.json: ${bad.name} passes the schema; the validator names ${bad.field}`, async () => {
    const json = await office();
    bad.edit(json);
    assert.deepEqual(schemaErrors(SCHEMA, json), []);
    assert.throws(
      () => parseScene(json, { source: "lab.json" }),
      (e: unknown) => {
        assert.ok(e instanceof RangeError);
        assert.ok(e.message.startsWith(`lab.json: ${bad.field} `), e.message);
        return true;
      },
    );
  });
}

Deno.test("scene.schema.json: both shipped scenes exist (office and lab28), and the schema lists every material", async () => {
  const names = [];
  for await (const e of Deno.readDir(repoPath("data", "scenes"))) names.push(e.name);
  assert.ok(names.includes("office.json") && names.includes("lab28.json"), names.join(", "));
  assert.deepEqual([...SCHEMA.$defs.material.enum].sort(), [...MATERIAL_NAMES].sort());
});
