/**
 * Image-method ray tracer: line of sight plus specular reflections up to a chosen
 * order, with occlusion tests against every face of the scene and slab transmission
 * through partitions.
 *
 * The image tree depends only on the transmitter and the faces, so
 * {@link createPathTracer} builds it once per transmitter and reuses it for every
 * receiver position; {@link tracePaths} is the one-call convenience.
 *
 * @module
 */
import {
  assertInteger,
  type Complex,
  SPEED_OF_LIGHT_M_PER_S,
  type Vec3,
  vec3,
  wavelengthM,
} from "../core/mod.ts";
import { complexRelativePermittivity, fresnelInto, slabInto } from "../em/mod.ts";
import {
  type Face,
  materialParameters,
  type MaterialSet,
  type Scene,
  sceneFaces,
} from "../scene/mod.ts";
import { EDGE_TOLERANCE_M, isInFrontOf, mirrorPoint, SEGMENT_EPSILON } from "./geometry.ts";
import { applyInteractionInPlace, transverseUnit } from "./polarization.ts";
import type { Direction, PathInteraction, RayPath, TraceOptions } from "./types.ts";

/** One node of the image tree: a sequence of reflecting faces and the image of the source. */
interface ImageNode {
  readonly faceIndex: number;
  readonly image: Vec3;
  readonly parent: ImageNode | null;
  readonly order: number;
}

/** Electrical data of one face, prepared once. */
interface FaceData {
  readonly face: Face;
  readonly normal: Vec3;
  readonly permittivity: Complex;
  readonly isFurniture: boolean;
}

/** A tracer bound to one transmitter position; call `trace(rx)` per receiver. */
export interface PathTracer {
  /** Transmitter position, m. */
  readonly tx: Vec3;
  /** Number of image sources in the tree (a measure of cost). */
  readonly imageCount: number;
  /** All paths from the transmitter to `rx`, strongest first. */
  trace(rx: Vec3): RayPath[];
}

function direction(unit: Vec3): Direction {
  return {
    azimuthRad: Math.atan2(unit[1], unit[0]),
    elevationRad: Math.asin(Math.max(-1, Math.min(1, unit[2]))),
    unit,
  };
}

function axisNormal(axis: 0 | 1 | 2): Vec3 {
  return axis === 0 ? [1, 0, 0] : axis === 1 ? [0, 1, 0] : [0, 0, 1];
}

function incidenceAngle(d: Vec3, normal: Vec3): number {
  return Math.acos(Math.min(1, Math.abs(vec3.dot(d, normal))));
}

/** Tracer settings resolved from {@link TraceOptions}, shared by the steps below. */
interface TracerContext {
  /** Transmitter position, m. */
  readonly tx: Vec3;
  /** Prepared faces, in `sceneFaces` order. */
  readonly faces: readonly FaceData[];
  /** Carrier frequency, Hz. */
  readonly frequencyHz: number;
  /** Carrier wavelength, m. */
  readonly lambda: number;
  /** Antenna polarization of both ends, global vector. */
  readonly polarization: Vec3;
  /** Whether rays may pass through partitions. */
  readonly penetration: boolean;
  /** Flat copy of the faces for the segment crossings. */
  readonly flat: FlatFaces;
  /** Field of the path being tracked, `[re xyz, im xyz]`. */
  readonly field: Float64Array;
  /** Coefficients of the current interaction, `[te.re, te.im, tm.re, tm.im]` (+ scratch). */
  readonly coefficients: Float64Array;
}

/**
 * The faces as typed arrays for {@link crossings}, which tests every face for every
 * segment of every candidate path and must not allocate.
 */
interface FlatFaces {
  /** Rectangle widened by `EDGE_TOLERANCE_M`, `[face, (uLo, uHi, vLo, vHi)]`, m. */
  readonly rect: Float64Array;
  /** 1 where a ray may pass through the face (a partition, with penetration on). */
  readonly passable: Uint8Array;
  /**
   * Per axis (0, 1, 2): the indices of the faces normal to it, sorted by (coordinate,
   * index), and their coordinates. A segment can only cross a face whose coordinate lies
   * strictly between its ends' (otherwise `segmentFaceHit`'s sign test rejects it).
   */
  readonly byAxis: readonly { readonly faces: Int32Array; readonly coord: Float64Array }[];
}

/** {@link FlatFaces} of the prepared faces. */
function flattenFaces(faces: readonly FaceData[], penetration: boolean): FlatFaces {
  const rect = new Float64Array(4 * faces.length);
  faces.forEach(({ face }, i) => {
    rect[4 * i] = face.uMin - EDGE_TOLERANCE_M;
    rect[4 * i + 1] = face.uMax + EDGE_TOLERANCE_M;
    rect[4 * i + 2] = face.vMin - EDGE_TOLERANCE_M;
    rect[4 * i + 3] = face.vMax + EDGE_TOLERANCE_M;
  });
  const byAxis = [0, 1, 2].map((ax) => {
    const idx = faces.map((_, i) => i).filter((i) => faces[i].face.axis === ax);
    idx.sort((i, j) => faces[i].face.coordinate - faces[j].face.coordinate || i - j);
    return {
      faces: Int32Array.from(idx),
      coord: Float64Array.from(idx, (i) => faces[i].face.coordinate),
    };
  });
  return {
    byAxis,
    rect,
    passable: Uint8Array.from(
      faces,
      (f) => f.face.penetrableThicknessM !== null && penetration ? 1 : 0,
    ),
  };
}

/** Reflection-order limits of the image tree. */
interface OrderLimits {
  /** Highest number of reflections. */
  readonly maxReflectionOrder: number;
  /** Highest order at which furniture faces may reflect. */
  readonly furnitureMaxReflectionOrder: number;
}

/** One interaction along a candidate path, before its coefficient is evaluated. */
interface PathStep {
  readonly kind: "reflection" | "transmission";
  readonly faceIndex: number;
  /** Interaction point, m. */
  readonly point: Vec3;
}

/**
 * Flat copies of the image tree and face rectangles for the back-tracing loop, which
 * visits every image for every receiver and must not allocate.
 */
interface FlatImageTree {
  readonly nodes: readonly ImageNode[];
  /** Image positions [node, xyz], m. */
  readonly imageXyz: Float64Array;
  /** Reflecting face index per node. */
  readonly nodeFace: Int32Array;
  /** Parent node index per node; -1 for first-order images. */
  readonly nodeParent: Int32Array;
  /** Face plane axis per face. */
  readonly faceAxis: Int32Array;
  /** Face plane coordinate per face, m. */
  readonly faceCoord: Float64Array;
  /** Face rectangles [face, (uMin, uMax, vMin, vMax)], m. */
  readonly faceRect: Float64Array;
  /** Reflection points [order, xyz] of the last back-trace, last reflection first, m. */
  readonly scratch: Float64Array;
}

/** Electrical data of every face of the scene at its carrier frequency. */
function prepareFaces(scene: Scene, materialSet: MaterialSet): FaceData[] {
  const frequencyHz = scene.carrierFrequencyHz;
  const objectKind = new Map(scene.objects.map((o) => [o.id, o.kind]));
  return sceneFaces(scene).map((face) => ({
    face,
    normal: axisNormal(face.axis),
    permittivity: complexRelativePermittivity(
      materialParameters(face.material, { set: materialSet, frequencyHz }),
      frequencyHz,
    ),
    isFurniture: objectKind.get(face.objectId) === "furniture",
  }));
}

/** Whether face `f` may reflect the image of `parent` (a child of the image tree). */
function canReflect(parent: ImageNode, f: number, faces: readonly FaceData[]): boolean {
  const fd = faces[f];
  if (f === parent.faceIndex) return false;
  const parentFace = parent.faceIndex >= 0 ? faces[parent.faceIndex].face : null;
  if (
    parentFace && parentFace.axis === fd.face.axis &&
    parentFace.coordinate === fd.face.coordinate
  ) return false; // coplanar faces cannot reflect into each other
  if (!isInFrontOf(parent.image, fd.face)) return false;
  return parent.image[fd.face.axis] !== fd.face.coordinate;
}

/** Image sources of `tx` in the faces, breadth-first by order (the root excluded). */
function buildImageTree(tx: Vec3, faces: readonly FaceData[], limits: OrderLimits): ImageNode[] {
  const { maxReflectionOrder, furnitureMaxReflectionOrder } = limits;
  const nodes: ImageNode[] = [];
  let frontier: ImageNode[] = [{ faceIndex: -1, image: tx, parent: null, order: 0 }];
  const touchesFurniture = new Set<ImageNode>();
  for (let order = 1; order <= maxReflectionOrder; order++) {
    const next: ImageNode[] = [];
    for (const parent of frontier) {
      const parentHasFurniture = touchesFurniture.has(parent);
      if (parentHasFurniture && order > furnitureMaxReflectionOrder) continue;
      for (let f = 0; f < faces.length; f++) {
        const fd = faces[f];
        if (fd.isFurniture && order > furnitureMaxReflectionOrder) continue;
        if (!canReflect(parent, f, faces)) continue;
        const node: ImageNode = {
          faceIndex: f,
          image: mirrorPoint(parent.image, fd.face),
          parent,
          order,
        };
        if (parentHasFurniture || fd.isFurniture) touchesFurniture.add(node);
        next.push(node);
        nodes.push(node);
      }
    }
    frontier = next;
  }
  return nodes;
}

/** Flat typed-array copy of the image tree and faces, with scratch for `maxOrder` points. */
function flattenImageTree(
  nodes: readonly ImageNode[],
  faces: readonly FaceData[],
  maxOrder: number,
): FlatImageTree {
  const nodeCount = nodes.length;
  const nodeIndex = new Map(nodes.map((n, i) => [n, i]));
  const imageXyz = new Float64Array(3 * nodeCount);
  const nodeFace = new Int32Array(nodeCount);
  const nodeParent = new Int32Array(nodeCount);
  nodes.forEach((n, i) => {
    imageXyz.set(n.image, 3 * i);
    nodeFace[i] = n.faceIndex;
    nodeParent[i] = n.parent && n.parent.faceIndex >= 0 ? nodeIndex.get(n.parent)! : -1;
  });
  const faceAxis = Int32Array.from(faces, (f) => f.face.axis);
  const faceCoord = Float64Array.from(faces, (f) => f.face.coordinate);
  const faceRect = new Float64Array(4 * faces.length);
  faces.forEach((f, i) =>
    faceRect.set([f.face.uMin, f.face.uMax, f.face.vMin, f.face.vMax], 4 * i)
  );
  const scratch = new Float64Array(3 * (maxOrder + 1));
  return { nodes, imageXyz, nodeFace, nodeParent, faceAxis, faceCoord, faceRect, scratch };
}

/**
 * Transmissions along segment a->b (m), sorted by distance; null if an opaque face
 * blocks it. Faces `skip.a` and `skip.b` (the segment's own reflectors) are ignored.
 * The per-face test is `segmentFaceHit`'s, inlined on {@link FlatFaces}, and only the
 * faces whose plane lies strictly between the ends are tested (no other can be hit);
 * the hits are sorted by (distance, face index), the order of a stable sort by
 * distance of the hits in face order.
 */
function crossings(
  ctx: TracerContext,
  a: Vec3,
  b: Vec3,
  skip: { a: number; b: number },
): { t: number; faceIndex: number }[] | null {
  const { rect, passable, byAxis } = ctx.flat;
  const a0 = a[0], a1 = a[1], a2 = a[2];
  const b0 = b[0], b1 = b[1], b2 = b[2];
  let hits: { t: number; faceIndex: number }[] | null = null;
  for (let ax = 0; ax < 3; ax++) {
    const pa = ax === 0 ? a0 : ax === 1 ? a1 : a2;
    const pb = ax === 0 ? b0 : ax === 1 ? b1 : b2;
    const lo = pa < pb ? pa : pb;
    const hi = pa < pb ? pb : pa;
    const { faces, coord } = byAxis[ax];
    // First face with coordinate > lo.
    let i = 0;
    let j = coord.length;
    while (i < j) {
      const mid = (i + j) >> 1;
      if (coord[mid] <= lo) i = mid + 1;
      else j = mid;
    }
    for (; i < coord.length && coord[i] < hi; i++) {
      const f = faces[i];
      if (f === skip.a || f === skip.b) continue;
      const c = coord[i];
      const da = pa - c;
      const db = pb - c;
      if ((da > 0 && db > 0) || (da < 0 && db < 0) || da === db) continue;
      const t = da / (da - db);
      if (t <= SEGMENT_EPSILON || t >= 1 - SEGMENT_EPSILON) continue;
      // In-plane axes: (1, 2) for axis 0, (0, 2) for 1, (0, 1) for 2.
      const au = ax === 0 ? a1 : a0;
      const bu = ax === 0 ? b1 : b0;
      const pu = au + t * (bu - au);
      if (pu < rect[4 * f] || pu > rect[4 * f + 1]) continue;
      const av = ax === 2 ? a1 : a2;
      const bv = ax === 2 ? b1 : b2;
      const pv = av + t * (bv - av);
      if (pv < rect[4 * f + 2] || pv > rect[4 * f + 3]) continue;
      if (passable[f] === 0) return null;
      (hits ??= []).push({ t, faceIndex: f });
    }
  }
  if (hits && hits.length > 1) hits.sort((x, y) => x.t - y.t || x.faceIndex - y.faceIndex);
  return hits ?? [];
}

/**
 * Reflection coefficients of a face at incidence angle `angleRad` into `out[0..3]`
 * (`slabCoefficients(...).reflection` at the mid-plane for a partition,
 * `fresnelCoefficients` otherwise).
 */
function reflectionCoefficients(
  fd: FaceData,
  at: { angleRad: number; frequencyHz: number },
  out: Float64Array,
): void {
  const eps = fd.permittivity;
  if (fd.face.penetrableThicknessM !== null) {
    // The partition face sits at the slab's mid-plane, so its reflection phase is
    // referred there.
    slabInto(
      eps.re,
      eps.im,
      fd.face.penetrableThicknessM,
      at.frequencyHz,
      at.angleRad,
      "reflection-mid",
      out,
    );
    return;
  }
  fresnelInto(eps.re, eps.im, at.angleRad, out);
}

/** Slab transmission coefficients of a partition face at incidence angle `angleRad` into `out[0..3]`. */
function transmissionCoefficients(
  fd: FaceData,
  at: { angleRad: number; frequencyHz: number },
  out: Float64Array,
): void {
  const eps = fd.permittivity;
  slabInto(
    eps.re,
    eps.im,
    fd.face.penetrableThicknessM as number,
    at.frequencyHz,
    at.angleRad,
    "transmission",
    out,
  );
}

/**
 * Interactions along the polyline `vertices` (tx, reflection points, rx; m) in order,
 * with `faceSeq` the reflecting faces; null if a segment is degenerate or blocked.
 */
function pathSteps(ctx: TracerContext, vertices: Vec3[], faceSeq: number[]): PathStep[] | null {
  const steps: PathStep[] = [];
  for (let s = 0; s < vertices.length - 1; s++) {
    const a = vertices[s];
    const b = vertices[s + 1];
    if (vec3.distance(a, b) < 1e-9) return null;
    const skipA = s > 0 ? faceSeq[s - 1] : -1;
    const skipB = s < faceSeq.length ? faceSeq[s] : -1;
    const hits = crossings(ctx, a, b, { a: skipA, b: skipB });
    if (hits === null) return null;
    for (const h of hits) {
      steps.push({
        kind: "transmission",
        faceIndex: h.faceIndex,
        point: vec3.add(a, vec3.scale(vec3.sub(b, a), h.t)),
      });
    }
    if (s < faceSeq.length) steps.push({ kind: "reflection", faceIndex: faceSeq[s], point: b });
  }
  return steps;
}

/** Total length of a polyline, m. */
function polylineLength(vertices: Vec3[]): number {
  let lengthM = 0;
  for (let s = 0; s < vertices.length - 1; s++) {
    lengthM += vec3.distance(vertices[s], vertices[s + 1]);
  }
  return lengthM;
}

/**
 * Polarization-tracked product of the interaction coefficients along a path: the
 * received complex amplitude (before spreading and phase), the departure and final
 * propagation unit vectors, and the interactions with their incidence angles.
 */
function trackPolarization(ctx: TracerContext, vertices: Vec3[], steps: PathStep[]) {
  const { faces, frequencyHz, polarization, field, coefficients } = ctx;
  let dir = vec3.normalize(vec3.sub(vertices[1], vertices[0]));
  const departure = dir;
  const start = transverseUnit(polarization, dir);
  field[0] = start[0];
  field[1] = start[1];
  field[2] = start[2];
  field[3] = 0;
  field[4] = 0;
  field[5] = 0;
  const interactions: PathInteraction[] = [];
  let segment = 0;
  for (const step of steps) {
    const fd = faces[step.faceIndex];
    const angle = incidenceAngle(dir, fd.normal);
    if (step.kind === "transmission") {
      transmissionCoefficients(fd, { angleRad: angle, frequencyHz }, coefficients);
      applyInteractionInPlace(field, dir, dir, fd.normal, coefficients);
    } else {
      segment++;
      const out = vec3.normalize(vec3.sub(vertices[segment + 1], vertices[segment]));
      reflectionCoefficients(fd, { angleRad: angle, frequencyHz }, coefficients);
      applyInteractionInPlace(field, dir, out, fd.normal, coefficients);
      dir = out;
    }
    interactions.push({
      kind: step.kind,
      faceId: fd.face.id,
      point: step.point,
      incidenceAngleRad: angle,
    });
  }
  // The field projected on the receive polarization.
  const rp = transverseUnit(polarization, dir);
  const amplitude = {
    re: field[0] * rp[0] + field[1] * rp[1] + field[2] * rp[2],
    im: field[3] * rp[0] + field[4] * rp[1] + field[5] * rp[2],
  };
  return { amplitude, departure, dir, interactions };
}

/** Evaluates one candidate: reflection faces (in order), their points (m), source image. */
function buildPath(
  ctx: TracerContext,
  rx: Vec3,
  candidate: { faceSeq: number[]; points: Vec3[]; sourceImage: Vec3 },
): RayPath | null {
  const { faceSeq, points, sourceImage } = candidate;
  const { lambda } = ctx;
  const vertices: Vec3[] = [ctx.tx, ...points, rx];
  const steps = pathSteps(ctx, vertices, faceSeq);
  if (steps === null) return null;
  const lengthM = polylineLength(vertices);
  const { amplitude, departure, dir, interactions } = trackPolarization(ctx, vertices, steps);
  const spread = lambda / (4 * Math.PI * lengthM);
  const phase = (-2 * Math.PI * lengthM) / lambda;
  const c = Math.cos(phase);
  const sn = Math.sin(phase);
  return {
    reflectionOrder: faceSeq.length,
    isDirect: faceSeq.length === 0,
    vertices,
    lengthM,
    delayS: lengthM / SPEED_OF_LIGHT_M_PER_S,
    gain: {
      re: spread * (amplitude.re * c - amplitude.im * sn),
      im: spread * (amplitude.re * sn + amplitude.im * c),
    },
    sourceImage,
    departure: direction(departure),
    arrival: direction(vec3.scale(dir, -1)),
    interactions,
  };
}

/**
 * Back-traces node `i` from the receiver `rx` (m): fills `tree.scratch` with the
 * reflection points (last reflection first) and returns the order, or -1 if a point
 * misses its face.
 */
function backtrace(tree: FlatImageTree, i: number, rx: Vec3): number {
  const { imageXyz, nodeFace, nodeParent, faceAxis, faceCoord, faceRect, scratch } = tree;
  let x = rx[0], y = rx[1], z = rx[2];
  let k = 0;
  for (let cur = i; cur >= 0; cur = nodeParent[cur], k++) {
    const f = nodeFace[cur];
    const ax = faceAxis[f];
    const c = faceCoord[f];
    const ix = imageXyz[3 * cur], iy = imageXyz[3 * cur + 1], iz = imageXyz[3 * cur + 2];
    const da = (ax === 0 ? ix : ax === 1 ? iy : iz) - c;
    const db = (ax === 0 ? x : ax === 1 ? y : z) - c;
    if (da === db || da * db > 0) return -1;
    const t = da / (da - db);
    const px = ix + t * (x - ix), py = iy + t * (y - iy), pz = iz + t * (z - iz);
    const u = ax === 0 ? py : px;
    const v = ax === 2 ? py : pz;
    const r = 4 * f;
    if (u < faceRect[r] || u > faceRect[r + 1] || v < faceRect[r + 2] || v > faceRect[r + 3]) {
      return -1;
    }
    x = ax === 0 ? c : px;
    y = ax === 1 ? c : py;
    z = ax === 2 ? c : pz;
    scratch[3 * k] = x;
    scratch[3 * k + 1] = y;
    scratch[3 * k + 2] = z;
  }
  return k;
}

/** Reflecting faces and points (m), first reflection first, of the last back-trace of node `i`. */
function backtracedCandidate(tree: FlatImageTree, i: number, order: number) {
  const { nodeFace, nodeParent, scratch } = tree;
  // scratch holds the points from the last reflection back to the first.
  const faceSeq: number[] = new Array(order);
  const points: Vec3[] = new Array(order);
  let cur = i;
  for (let k = 0; k < order; k++, cur = nodeParent[cur]) {
    faceSeq[order - 1 - k] = nodeFace[cur];
    points[order - 1 - k] = [scratch[3 * k], scratch[3 * k + 1], scratch[3 * k + 2]];
  }
  return { faceSeq, points, sourceImage: tree.nodes[i].image };
}

/** All paths from the transmitter to `rx` (m), strongest first. */
function traceReceiver(ctx: TracerContext, tree: FlatImageTree, rx: Vec3): RayPath[] {
  const paths: RayPath[] = [];
  const direct = buildPath(ctx, rx, { faceSeq: [], points: [], sourceImage: ctx.tx });
  if (direct) paths.push(direct);
  for (let i = 0; i < tree.nodes.length; i++) {
    const order = backtrace(tree, i, rx);
    if (order < 0) continue;
    const path = buildPath(ctx, rx, backtracedCandidate(tree, i, order));
    if (path) paths.push(path);
  }
  paths.sort((a, b) => (b.gain.re ** 2 + b.gain.im ** 2) - (a.gain.re ** 2 + a.gain.im ** 2));
  return paths;
}

/**
 * Builds a tracer for one transmitter.
 *
 * @example
 * ```ts
 * import { loadNamedScene } from "../scene/mod.ts";
 * import { createPathTracer } from "./trace.ts";
 * const scene = await loadNamedScene("office");
 * const tracer = createPathTracer(scene, scene.accessPoints[0].position);
 * const paths = tracer.trace([4, 5, 1]);
 * if (!paths.some((p) => p.reflectionOrder === 0)) throw new Error("expected a direct path");
 * ```
 */
export function createPathTracer(
  scene: Scene,
  tx: Vec3,
  options: TraceOptions = {},
): PathTracer {
  const {
    maxReflectionOrder = 2,
    furnitureMaxReflectionOrder = 2,
    materialSet = "itu",
    polarization = [0, 0, 1],
    penetration = true,
  } = options;
  assertInteger("options.maxReflectionOrder", maxReflectionOrder, { min: 0, max: 10 });
  assertInteger("options.furnitureMaxReflectionOrder", furnitureMaxReflectionOrder, { min: 0 });
  const frequencyHz = scene.carrierFrequencyHz;
  const faces = prepareFaces(scene, materialSet);
  const ctx: TracerContext = {
    tx,
    faces,
    frequencyHz,
    lambda: wavelengthM(frequencyHz),
    polarization,
    penetration,
    flat: flattenFaces(faces, penetration),
    field: new Float64Array(6),
    coefficients: new Float64Array(8),
  };
  const nodes = buildImageTree(tx, faces, { maxReflectionOrder, furnitureMaxReflectionOrder });
  const tree = flattenImageTree(nodes, faces, maxReflectionOrder);
  return { tx, imageCount: nodes.length, trace: (rx) => traceReceiver(ctx, tree, rx) };
}

/**
 * All paths between two points of a scene, up to `options.maxReflectionOrder`
 * reflections (default 2). Builds the image tree each call: for many receivers use
 * {@link createPathTracer}.
 *
 * @example
 * ```ts
 * import { loadNamedScene } from "../scene/mod.ts";
 * import { tracePaths } from "./trace.ts";
 * const scene = await loadNamedScene("office");
 * const paths = tracePaths(scene, { tx: scene.accessPoints[0].position, rx: [3, 4, 1] });
 * console.log(paths.length, "paths; strongest delay", paths[0].delayS, "s");
 * ```
 */
export function tracePaths(
  scene: Scene,
  link: { tx: Vec3; rx: Vec3 },
  options: TraceOptions = {},
): RayPath[] {
  return createPathTracer(scene, link.tx, options).trace(link.rx);
}
