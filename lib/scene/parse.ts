/**
 * Scene files: validation of parsed JSON into a {@link Scene}, and loading from disk.
 *
 * Every problem raises ONE `TypeError` (wrong kind of value, missing field) or
 * `RangeError` (right kind, bad value) whose message starts with the source (file name)
 * when given and names the exact field path, e.g.
 * `office.json: accessPoints[1].position[2] must be a finite number`.
 *
 * @module
 */
import { basenamePath, type Vec3, wavelengthM } from "../core/mod.ts";
import { repoPath } from "../core/mod.ts";
import { MATERIAL_NAMES, materialFrequencyRangeHz } from "./materials.ts";
import type {
  AccessPoint,
  ArraySpec,
  Box,
  MaterialName,
  ObjectKind,
  Room,
  Scene,
  SceneObject,
} from "./types.ts";

/** Tolerance on unit length and orthogonality of AP orientation vectors. */
export const ORIENTATION_TOLERANCE = 1e-6;
/** Tolerance when checking that boxes and points lie inside the room, m. */
export const CONTAINMENT_TOLERANCE_M = 1e-9;

/**
 * Accepted AP transmit power, dBm: -30 dBm (1 uW) to 60 dBm (1 kW). An indoor 5G AP
 * transmits about 20-35 dBm; outside this range a value is a unit or typing error.
 */
export const TX_POWER_DBM_RANGE: readonly [number, number] = Object.freeze(
  [-30, 60] as [number, number],
);
/**
 * Accepted UPA element spacing, wavelengths: 0.05 to 10 (half a wavelength is usual; far
 * below, elements would overlap physically; far above, the array is a set of grating
 * lobes, not a beamformer).
 */
export const SPACING_WAVELENGTHS_RANGE: readonly [number, number] = Object.freeze(
  [0.05, 10] as [number, number],
);
/** Largest accepted UPA side (elements per row or column). */
export const MAX_ARRAY_SIDE = 256;
/** Largest accepted UPA size (horizontal x vertical elements; channel rows are [K, Nt]). */
export const MAX_ARRAY_ELEMENTS = 4096;
/**
 * Smallest accepted distance between two access points' phase centres, m. Distributed
 * (cell-free) APs half a metre apart or closer are one site: almost always a copied
 * entry whose position was not edited. The arrays must also not overlap physically
 * (half their apertures added), which matters only for very large arrays.
 */
export const MIN_AP_SEPARATION_M = 0.5;

/** Options of {@link parseScene}. */
export interface ParseSceneOptions {
  /** Where the JSON came from (e.g. a file name); prefixed to every error message. */
  readonly source?: string;
}

type Json = Record<string, unknown>;

class Checker {
  constructor(private readonly prefix: string) {}

  typeError(path: string, what: string): never {
    throw new TypeError(`${this.prefix}${path} ${what}`);
  }

  rangeError(path: string, what: string): never {
    throw new RangeError(`${this.prefix}${path} ${what}`);
  }

  object(path: string, value: unknown, allowed: readonly string[]): Json {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.typeError(path, `must be an object, got ${describe(value)}`);
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.rangeError(
          path === "" ? key : `${path}.${key}`,
          `is not a known field (expected one of ${allowed.join(", ")})`,
        );
      }
    }
    return value as Json;
  }

  field(obj: Json, path: string, key: string): unknown {
    const value = obj[key];
    if (value === undefined) this.typeError(join(path, key), "is required");
    return value;
  }

  string(path: string, value: unknown, options: { nonEmpty?: boolean } = {}): string {
    if (typeof value !== "string") this.typeError(path, `must be a string, got ${describe(value)}`);
    if (options.nonEmpty && value.trim() === "") this.rangeError(path, "must not be empty");
    // U+FFFD is what a decoder makes of bytes that are not UTF-8; lone surrogates are
    // not text either. Names (non-empty strings) also refuse control characters.
    if (!value.isWellFormed() || value.includes("\uFFFD")) {
      this.rangeError(path, `must be valid UTF-8 text, got ${JSON.stringify(value)}`);
    }
    // deno-lint-ignore no-control-regex
    if (options.nonEmpty && /[\u0000-\u001f\u007f]/.test(value)) {
      this.rangeError(path, `must not contain control characters, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  inRange(path: string, value: unknown, range: readonly [number, number], unit: string): number {
    const x = this.number(path, value);
    if (!(x >= range[0] && x <= range[1])) {
      this.rangeError(path, `must be within [${range[0]}, ${range[1]}] ${unit}, got ${x}`);
    }
    return x;
  }

  number(path: string, value: unknown): number {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.typeError(path, `must be a finite number, got ${describe(value)}`);
    }
    return value;
  }

  positive(path: string, value: unknown): number {
    const x = this.number(path, value);
    if (!(x > 0)) this.rangeError(path, `must be > 0, got ${x}`);
    return x;
  }

  nonNegative(path: string, value: unknown): number {
    const x = this.number(path, value);
    if (!(x >= 0)) this.rangeError(path, `must be >= 0, got ${x}`);
    return x;
  }

  positiveInteger(path: string, value: unknown): number {
    const x = this.number(path, value);
    if (!Number.isInteger(x) || x < 1) {
      this.rangeError(path, `must be a positive integer, got ${x}`);
    }
    return x;
  }

  array(path: string, value: unknown): unknown[] {
    if (!Array.isArray(value)) this.typeError(path, `must be an array, got ${describe(value)}`);
    return value;
  }

  vec3(path: string, value: unknown): Vec3 {
    const a = this.array(path, value);
    if (a.length !== 3) this.rangeError(path, `must have 3 entries, got ${a.length}`);
    return [
      this.number(`${path}[0]`, a[0]),
      this.number(`${path}[1]`, a[1]),
      this.number(`${path}[2]`, a[2]),
    ];
  }

  material(path: string, value: unknown): MaterialName {
    const s = this.string(path, value);
    if (!(MATERIAL_NAMES as readonly string[]).includes(s)) {
      this.rangeError(path, `must be one of ${MATERIAL_NAMES.join(", ")}, got "${s}"`);
    }
    return s as MaterialName;
  }

  box(path: string, value: unknown): Box {
    const o = this.object(path, value, ["min", "max"]);
    const min = this.vec3(`${path}.min`, this.field(o, path, "min"));
    const max = this.vec3(`${path}.max`, this.field(o, path, "max"));
    for (let i = 0; i < 3; i++) {
      if (!(min[i] < max[i])) {
        this.rangeError(
          `${path}.min[${i}]`,
          `must be < ${path}.max[${i}] (${min[i]} >= ${max[i]})`,
        );
      }
    }
    return { min, max };
  }

  boxInside(path: string, box: Box, size: Vec3): void {
    for (let i = 0; i < 3; i++) {
      if (box.min[i] < -CONTAINMENT_TOLERANCE_M || box.max[i] > size[i] + CONTAINMENT_TOLERANCE_M) {
        this.rangeError(
          path,
          `must lie inside the room [0, ${size[i]}] on axis ${i}, got [${box.min[i]}, ${
            box.max[i]
          }]`,
        );
      }
    }
  }

  unitVector(path: string, v: Vec3): void {
    const n = Math.hypot(v[0], v[1], v[2]);
    if (Math.abs(n - 1) > ORIENTATION_TOLERANCE) {
      this.rangeError(path, `must be a unit vector, got length ${n}`);
    }
  }

  uniqueId(path: string, id: string, seen: Set<string>): void {
    if (seen.has(id)) this.rangeError(path, `duplicates id "${id}"`);
    seen.add(id);
  }
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    return `"${value.length > 40 ? value.slice(0, 40) + "..." : value}"`;
  }
  return typeof value;
}

const SCENE_FIELDS = [
  "name",
  "description",
  "carrierFrequencyHz",
  "bandwidthHz",
  "noiseFigureDb",
  "ueHeightM",
  "room",
  "objects",
  "accessPoints",
  "zones",
] as const;
const ROOM_FIELDS = [
  "size",
  "wallMaterial",
  "wallThicknessM",
  "floorMaterial",
  "ceilingMaterial",
] as const;
const OBJECT_FIELDS = ["id", "kind", "material", "box"] as const;
const AP_FIELDS = [
  "id",
  "position",
  "boresight",
  "horizontalAxis",
  "array",
  "txPowerDbm",
] as const;
const ARRAY_FIELDS = ["horizontal", "vertical", "spacingWavelengths"] as const;
const ZONE_FIELDS = ["id", "box"] as const;
const OBJECT_KINDS: readonly ObjectKind[] = ["partition", "furniture"];

/**
 * The fields the validator accepts in each part of a scene file (what
 * `data/scenes/scene.schema.json` must list; `tests/scene/schema_test.ts` checks it).
 */
export const SCENE_FILE_FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  scene: SCENE_FIELDS,
  room: ROOM_FIELDS,
  object: OBJECT_FIELDS,
  accessPoint: AP_FIELDS,
  array: ARRAY_FIELDS,
  zone: ZONE_FIELDS,
});

/**
 * Validates parsed JSON (for example `JSON.parse` of a file under `data/scenes/`) and
 * returns a fresh {@link Scene}. Checks: every required field present with the right
 * type and no unknown fields; materials known; boxes with `min < max` on every axis;
 * objects, zones and AP positions inside the room (AP strictly inside); ids unique
 * within objects, access points and zones; `boresight` and `horizontalAxis` unit
 * length and orthogonal (within {@link ORIENTATION_TOLERANCE}); array sizes positive
 * integers; carrier, bandwidth, spacing, wall thickness positive; noise figure >= 0;
 * UE height inside the room; at least one access point. `zones` may be omitted (empty).
 * Physical plausibility: `txPowerDbm` within {@link TX_POWER_DBM_RANGE},
 * `spacingWavelengths` within {@link SPACING_WAVELENGTHS_RANGE}, array sides at most
 * {@link MAX_ARRAY_SIDE} and {@link MAX_ARRAY_ELEMENTS} elements in all; objects do not
 * overlap (identical boxes included); no AP inside or on an object; strings are
 * well-formed text (no U+FFFD from undecodable bytes, no lone surrogates), names without
 * control characters. The carrier lies in the ITU-R P.2040 frequency range of every
 * material used (see `materialFrequencyRangeHz`); access points are at least
 * {@link MIN_AP_SEPARATION_M} apart and their arrays do not overlap.
 *
 * @param json parsed JSON value.
 * @param options `source` names the origin in error messages.
 * @returns the validated scene (new objects; the input is not retained).
 *
 * @example
 * ```ts
 * import { parseScene } from "./parse.ts";
 * try {
 *   parseScene({ name: "x" }, { source: "bad.json" });
 *   throw new Error("should have failed");
 * } catch (e) {
 *   if (!(e instanceof TypeError) || !String(e).includes("bad.json: description")) throw e;
 * }
 * ```
 */
export function parseScene(json: unknown, options: ParseSceneOptions = {}): Scene {
  const source = options?.source;
  const c = new Checker(source ? `${source}: ` : "");
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new TypeError(
      `${source ? `${source}: ` : ""}scene must be an object, got ${describe(json)}`,
    );
  }
  const root = c.object("", json, SCENE_FIELDS);
  const name = c.string("name", c.field(root, "", "name"), { nonEmpty: true });
  const description = c.string("description", c.field(root, "", "description"));
  const carrierFrequencyHz = c.positive(
    "carrierFrequencyHz",
    c.field(root, "", "carrierFrequencyHz"),
  );
  const bandwidthHz = c.positive("bandwidthHz", c.field(root, "", "bandwidthHz"));
  const noiseFigureDb = c.nonNegative("noiseFigureDb", c.field(root, "", "noiseFigureDb"));
  // Present before the room is read, checked against its height after.
  const ueHeightRaw = c.field(root, "", "ueHeightM");
  const room = parseRoom(c, root);
  const size = room.size;
  const ueHeightM = c.positive("ueHeightM", ueHeightRaw);
  if (!(ueHeightM < size[2])) {
    c.rangeError("ueHeightM", `must be below the ceiling (${size[2]} m), got ${ueHeightM}`);
  }
  const objects = parseObjects(c, { root, size });
  checkNoOverlaps(c, objects);
  checkFrequencyInMaterialRanges(c, carrierFrequencyHz, room, objects);
  const accessPoints = parseAccessPoints(c, { root, size });
  checkApSeparation(c, accessPoints, carrierFrequencyHz);
  checkApsOutsideObjects(c, accessPoints, objects);
  const zones = parseZones(c, { root, size });
  return {
    name,
    description,
    carrierFrequencyHz,
    bandwidthHz,
    noiseFigureDb,
    ueHeightM,
    room,
    objects,
    accessPoints,
    zones,
  };
}

/** The scene root and the room size `[x, y, z]`, m, that the parts below are checked against. */
interface SceneParts {
  readonly root: Json;
  readonly size: Vec3;
}

/** `room`: positive size (m), wall, floor and ceiling materials, wall thickness (m). */
function parseRoom(c: Checker, root: Json): Room {
  const roomJson = c.object("room", c.field(root, "", "room"), ROOM_FIELDS);
  const size = c.vec3("room.size", c.field(roomJson, "room", "size"));
  for (let i = 0; i < 3; i++) c.positive(`room.size[${i}]`, size[i]);
  return {
    size,
    wallMaterial: c.material("room.wallMaterial", c.field(roomJson, "room", "wallMaterial")),
    wallThicknessM: c.positive("room.wallThicknessM", c.field(roomJson, "room", "wallThicknessM")),
    floorMaterial: c.material("room.floorMaterial", c.field(roomJson, "room", "floorMaterial")),
    ceilingMaterial: c.material(
      "room.ceilingMaterial",
      c.field(roomJson, "room", "ceilingMaterial"),
    ),
  };
}

/** `objects`: unique ids, known kinds and materials, boxes inside the room. */
function parseObjects(c: Checker, parts: SceneParts): SceneObject[] {
  const { root, size } = parts;
  const objectsJson = c.array("objects", c.field(root, "", "objects"));
  const objectIds = new Set<string>();
  return objectsJson.map((raw, i) => {
    const path = `objects[${i}]`;
    const o = c.object(path, raw, OBJECT_FIELDS);
    const id = c.string(`${path}.id`, c.field(o, path, "id"), { nonEmpty: true });
    c.uniqueId(`${path}.id`, id, objectIds);
    const kind = c.string(`${path}.kind`, c.field(o, path, "kind"));
    if (!(OBJECT_KINDS as readonly string[]).includes(kind)) {
      c.rangeError(`${path}.kind`, `must be one of ${OBJECT_KINDS.join(", ")}, got "${kind}"`);
    }
    const material = c.material(`${path}.material`, c.field(o, path, "material"));
    const box = c.box(`${path}.box`, c.field(o, path, "box"));
    c.boxInside(`${path}.box`, box, size);
    return { id, kind: kind as ObjectKind, material, box };
  });
}

/** `accessPoints`: at least one, each parsed by {@link parseAccessPoint}, unique ids. */
function parseAccessPoints(c: Checker, parts: SceneParts): AccessPoint[] {
  const apsJson = c.array("accessPoints", c.field(parts.root, "", "accessPoints"));
  if (apsJson.length === 0) c.rangeError("accessPoints", "must contain at least one access point");
  const apIds = new Set<string>();
  return apsJson.map((raw, i) =>
    parseAccessPoint(c, { raw, path: `accessPoints[${i}]`, size: parts.size, apIds })
  );
}

/**
 * One access point: unique id, position strictly inside the room (m), orthonormal
 * boresight and horizontal axis, array, transmit power (dBm).
 */
function parseAccessPoint(
  c: Checker,
  at: { raw: unknown; path: string; size: Vec3; apIds: Set<string> },
): AccessPoint {
  const { raw, path, size } = at;
  const o = c.object(path, raw, AP_FIELDS);
  const id = c.string(`${path}.id`, c.field(o, path, "id"), { nonEmpty: true });
  c.uniqueId(`${path}.id`, id, at.apIds);
  const position = c.vec3(`${path}.position`, c.field(o, path, "position"));
  for (let k = 0; k < 3; k++) {
    if (!(position[k] > 0 && position[k] < size[k])) {
      c.rangeError(
        `${path}.position[${k}]`,
        `must lie strictly inside the room (0, ${size[k]}), got ${position[k]}`,
      );
    }
  }
  const { boresight, horizontalAxis } = parseOrientation(c, { o, path });
  const array = parseArraySpec(c, { o, path });
  const txPowerDbm = c.inRange(
    `${path}.txPowerDbm`,
    c.field(o, path, "txPowerDbm"),
    TX_POWER_DBM_RANGE,
    "dBm",
  );
  return { id, position, boresight, horizontalAxis, array, txPowerDbm };
}

/** An access point's unit boresight and unit horizontal axis, orthogonal to each other. */
function parseOrientation(
  c: Checker,
  at: { o: Json; path: string },
): { boresight: Vec3; horizontalAxis: Vec3 } {
  const { o, path } = at;
  const boresight = c.vec3(`${path}.boresight`, c.field(o, path, "boresight"));
  c.unitVector(`${path}.boresight`, boresight);
  const horizontalAxis = c.vec3(`${path}.horizontalAxis`, c.field(o, path, "horizontalAxis"));
  c.unitVector(`${path}.horizontalAxis`, horizontalAxis);
  const dot = boresight[0] * horizontalAxis[0] + boresight[1] * horizontalAxis[1] +
    boresight[2] * horizontalAxis[2];
  if (Math.abs(dot) > ORIENTATION_TOLERANCE) {
    c.rangeError(
      `${path}.horizontalAxis`,
      `must be orthogonal to ${path}.boresight (dot product ${dot})`,
    );
  }
  return { boresight, horizontalAxis };
}

/** An access point's `array`: positive integer element counts, spacing in wavelengths. */
function parseArraySpec(c: Checker, at: { o: Json; path: string }): ArraySpec {
  const arrayPath = `${at.path}.array`;
  const a = c.object(arrayPath, c.field(at.o, at.path, "array"), ARRAY_FIELDS);
  const side = (key: "horizontal" | "vertical") => {
    const n = c.positiveInteger(`${arrayPath}.${key}`, c.field(a, arrayPath, key));
    if (n > MAX_ARRAY_SIDE) {
      c.rangeError(`${arrayPath}.${key}`, `must be at most ${MAX_ARRAY_SIDE} elements, got ${n}`);
    }
    return n;
  };
  const horizontal = side("horizontal");
  const vertical = side("vertical");
  if (horizontal * vertical > MAX_ARRAY_ELEMENTS) {
    c.rangeError(
      arrayPath,
      `must have at most ${MAX_ARRAY_ELEMENTS} elements, got ${horizontal} x ${vertical}`,
    );
  }
  const spacingWavelengths = c.inRange(
    `${arrayPath}.spacingWavelengths`,
    c.field(a, arrayPath, "spacingWavelengths"),
    SPACING_WAVELENGTHS_RANGE,
    "wavelengths",
  );
  return { horizontal, vertical, spacingWavelengths };
}

/** Overlap volume of two boxes, m^3 (0 when they only touch or are apart). */
function overlapVolume(a: Box, b: Box): number {
  let v = 1;
  for (let k = 0; k < 3; k++) {
    v *= Math.max(0, Math.min(a.max[k], b.max[k]) - Math.max(a.min[k], b.min[k]));
  }
  return v;
}

/**
 * Objects must not overlap: the tracer crosses every box a ray passes, so two
 * overlapping (e.g. identical) boxes count the same matter twice.
 */
function checkNoOverlaps(c: Checker, objects: readonly SceneObject[]): void {
  for (let j = 1; j < objects.length; j++) {
    for (let i = 0; i < j; i++) {
      const v = overlapVolume(objects[i].box, objects[j].box);
      if (v > 0) {
        const same = [0, 1, 2].every((k) =>
          objects[i].box.min[k] === objects[j].box.min[k] &&
          objects[i].box.max[k] === objects[j].box.max[k]
        );
        c.rangeError(
          `objects[${j}].box`,
          `${same ? "is identical to" : "overlaps"} objects[${i}] ("${objects[i].id}")${
            same ? "" : ` by ${v.toPrecision(3)} m^3`
          }: overlapping objects would count the same matter twice`,
        );
      }
    }
  }
}

/**
 * The carrier must lie in the ITU-R P.2040 frequency range of every material the scene
 * uses (walls, floor, ceiling, objects): outside it the material tables say nothing.
 */
function checkFrequencyInMaterialRanges(
  c: Checker,
  frequencyHz: number,
  room: Room,
  objects: readonly SceneObject[],
): void {
  const uses: [string, MaterialName][] = [
    ["room.wallMaterial", room.wallMaterial],
    ["room.floorMaterial", room.floorMaterial],
    ["room.ceilingMaterial", room.ceilingMaterial],
    ...objects.map((o, i): [string, MaterialName] => [`objects[${i}].material`, o.material]),
  ];
  for (const [field, material] of uses) {
    const [lo, hi] = materialFrequencyRangeHz(material);
    if (!(frequencyHz >= lo && frequencyHz <= hi)) {
      c.rangeError(
        "carrierFrequencyHz",
        `(${frequencyHz / 1e9} GHz) is outside the ITU-R P.2040 range of ${material} ` +
          `(${lo / 1e9}-${hi / 1e9} GHz) used by ${field}`,
      );
    }
  }
}

/** Half the largest extent of an AP's array (its aperture's half-diagonal), m. */
function arrayHalfDiagonalM(ap: AccessPoint, frequencyHz: number): number {
  const d = ap.array.spacingWavelengths * wavelengthM(frequencyHz);
  return Math.hypot((ap.array.horizontal - 1) * d, (ap.array.vertical - 1) * d) / 2;
}

/**
 * Access points must be at least {@link MIN_AP_SEPARATION_M} apart, and their arrays
 * must not overlap (distance above the sum of the half-diagonals).
 */
function checkApSeparation(
  c: Checker,
  aps: readonly AccessPoint[],
  frequencyHz: number,
): void {
  for (let j = 1; j < aps.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = aps[i].position, b = aps[j].position;
      const distance = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
      const min = Math.max(
        MIN_AP_SEPARATION_M,
        arrayHalfDiagonalM(aps[i], frequencyHz) + arrayHalfDiagonalM(aps[j], frequencyHz),
      );
      if (!(distance >= min)) {
        c.rangeError(
          `accessPoints[${j}].position`,
          `[${b}] is ${Number(distance.toPrecision(3))} m from accessPoints[${i}] ("${
            aps[i].id
          }"): access points must be at least ${Number(min.toPrecision(3))} m apart ` +
            `(overlapping APs; was a copied entry left unedited?)`,
        );
      }
    }
  }
}

/**
 * An AP must not sit inside (or on the surface of) an object: inside a metal box its
 * channel is all zeros, inside any other it radiates through the object's own walls.
 */
function checkApsOutsideObjects(
  c: Checker,
  aps: readonly AccessPoint[],
  objects: readonly SceneObject[],
): void {
  aps.forEach((ap, i) => {
    objects.forEach((o, j) => {
      const inside = [0, 1, 2].every((k) =>
        ap.position[k] >= o.box.min[k] - CONTAINMENT_TOLERANCE_M &&
        ap.position[k] <= o.box.max[k] + CONTAINMENT_TOLERANCE_M
      );
      if (inside) {
        c.rangeError(
          `accessPoints[${i}].position`,
          `[${ap.position}] lies inside objects[${j}] ("${o.id}", ${o.material})${
            o.material === "metal" ? ": its channel would be all zeros" : ""
          }`,
        );
      }
    });
  });
}

/** `zones` (optional, default empty): unique ids, boxes inside the room. */
function parseZones(c: Checker, parts: SceneParts): Scene["zones"] {
  const { root, size } = parts;
  const zonesJson = root.zones === undefined ? [] : c.array("zones", root.zones);
  const zoneIds = new Set<string>();
  return zonesJson.map((raw, i) => {
    const path = `zones[${i}]`;
    const o = c.object(path, raw, ZONE_FIELDS);
    const id = c.string(`${path}.id`, c.field(o, path, "id"), { nonEmpty: true });
    c.uniqueId(`${path}.id`, id, zoneIds);
    const box = c.box(`${path}.box`, c.field(o, path, "box"));
    c.boxInside(`${path}.box`, box, size);
    return { id, box };
  });
}

/**
 * Reads, parses and validates a scene file. A missing file or invalid JSON raises an
 * error naming the file; validation errors are prefixed with the file's base name.
 * Needs `--allow-read`.
 *
 * @param path file path (absolute, or relative to the working directory).
 * @returns the validated scene.
 *
 * @example
 * ```ts
 * import { loadScene } from "./parse.ts";
 * import { repoPath } from "../core/mod.ts";
 * // Reading files needs --allow-read; the example is skipped without it.
 * if (Deno.permissions.querySync({ name: "read" }).state === "granted") {
 *   const scene = await loadScene(repoPath("data", "scenes", "office.json"));
 *   if (scene.accessPoints.length !== 3) throw new Error("office has 3 APs");
 * }
 * ```
 */
export async function loadScene(path: string): Promise<Scene> {
  return (await loadSceneSource(path)).scene;
}

/** A validated scene with where it came from and a SHA-256 of its file's bytes. */
export interface SceneSource {
  /** The file path as given. */
  readonly path: string;
  readonly scene: Scene;
  /** SHA-256 (lower-case hex) of the file's bytes, recorded in provenance. */
  readonly sha256: string;
}

/**
 * Reads, parses and validates a scene file as {@link loadScene} does (same errors, each
 * naming the file; validation errors name the field), and hashes the bytes it read.
 * Needs `--allow-read` for the file.
 *
 * @param path file path (absolute, or relative to the working directory).
 * @returns the scene, the path and the SHA-256 of the file.
 *
 * @example
 * ```ts
 * import { loadSceneSource } from "./parse.ts";
 * import { repoPath } from "../core/mod.ts";
 * if (Deno.permissions.querySync({ name: "read" }).state === "granted") {
 *   const { scene, sha256 } = await loadSceneSource(repoPath("data", "scenes", "office.json"));
 *   if (scene.name !== "office" || sha256.length !== 64) throw new Error("office");
 * }
 * ```
 */
export async function loadSceneSource(path: string): Promise<SceneSource> {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`path must be a non-empty string, got ${describe(path)}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new Error(`cannot read scene file ${path}: ${(e as Error).message}`, { cause: e });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (e) {
    const at = new TextDecoder().decode(bytes).indexOf("\uFFFD");
    const line = new TextDecoder().decode(bytes).slice(0, at).split("\n").length;
    throw new SyntaxError(`scene file ${path} is not valid UTF-8 (line ${line})`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // One line: V8 quotes the start of the text, which may hold line breaks.
    const reason = (e as Error).message.replaceAll("\r", "\\r").replaceAll("\n", "\\n");
    throw new SyntaxError(`scene file ${path} is not valid JSON: ${reason}`, { cause: e });
  }
  const scene = parseScene(json, { source: basenamePath(path) });
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  return { path, scene, sha256 };
}

/**
 * Loads `data/scenes/<name>.json` from the repository (see `repoPath`). Needs
 * `--allow-read`.
 *
 * @param name scene name: letters, digits, `_` and `-` only.
 * @returns the validated scene.
 *
 * @example
 * ```ts
 * import { loadNamedScene } from "./parse.ts";
 * // Reading files needs --allow-read; the example is skipped without it.
 * if (Deno.permissions.querySync({ name: "read" }).state === "granted") {
 *   const office = await loadNamedScene("office");
 *   if (office.room.size[0] !== 20) throw new Error("office is 20 m long");
 * }
 * ```
 */
export async function loadNamedScene(name: string): Promise<Scene> {
  if (typeof name !== "string" || !/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new RangeError(`name must match [A-Za-z0-9_-]+, got ${describe(name)}`);
  }
  return await loadScene(repoPath("data", "scenes", `${name}.json`));
}
