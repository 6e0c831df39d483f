/**
 * Per-link path tracking: ray-trace a link only when its UE has moved more than
 * `retraceDistanceM` since the last trace, and in between move every path exactly with
 * the image method.
 *
 * A specular path of the image method is a straight line from its source image `I` to
 * the receiver once unfolded, so for a new receiver position `r`:
 *
 * - length `L = |I - r|`, exact;
 * - gain `alpha = C * lambda / (4 pi L) * exp(-j 2 pi L / lambda)` with `C` the product
 *   of reflection/transmission coefficients frozen at the last trace: the spreading
 *   factor scales by `L_old / L_new` and the phase follows the geometry;
 * - arrival direction `(I - r) / L`, exact;
 * - departure direction: the unfolded direction `u = (r - I) / L` with the component
 *   along each axis flipped once per reflection on a face normal to that axis. Every
 *   face of a scene is axis-aligned, so this is exact (not just "kept": it moves by about
 *   `delta / L`, under 1 degree for 10 cm at 6 m, against the 8x8 UPA's ~13 degree
 *   half-power beam width, but computing it is free);
 * - reflection points: back-traced from `I` through the mirror planes, exact.
 *
 * What tracking does not see until the next retrace: a path whose reflection point
 * leaves its face or becomes occluded, a new path appearing, and the (small) change of
 * the Fresnel coefficients with the incidence angle. `tests/channel/tracking_test.ts`
 * measures the resulting error against full retracing along walks; the default
 * `retraceDistanceM` is chosen from those numbers.
 *
 * @module
 */
import {
  assertNonNegative,
  assertPositive,
  type ComplexVector,
  type Vec3,
  wavelengthM,
} from "../core/mod.ts";
import type { RayPath } from "../rt/mod.ts";
import { type AccessPoint, type Face, sceneFaces } from "../scene/mod.ts";
import type { ChannelModel } from "./channel.ts";
import { elementAmplitude, type ElementPattern } from "./element_pattern.ts";
import { antennaCount, arrayAxes } from "./upa.ts";

/**
 * Default retrace distance, m. The geometry of a tracked path is exact, but its
 * coefficient product is frozen, and at 73 GHz it is not constant: the 12 mm glass
 * slabs' reflection and transmission oscillate with the incidence angle and the floor
 * reflection moves near Brewster's angle. Measured over 80 random straight walks (3 APs each)
 * in the office (order 2, ITU materials; `tests/channel/tracking_test.ts` checks a
 * subset), the relative channel error `||h_tracked - h_traced|| / ||h_traced||` at a
 * distance D from the last trace grows about linearly: median 0.3 % / 0.7 % / 2.1 % /
 * 4.3 % and 90th percentile 1 % / 2.6 % / 12 % / 17 % for D = 1 / 2 / 5 / 10 cm, plus
 * rare path births/deaths (error ~1) at any D. 5 cm (5 slots at 1 m/s) costs about
 * 4.5 ms of tracing per slot for 3 APs x 30 UEs.
 */
export const DEFAULT_RETRACE_DISTANCE_M = 0.05;

/** One path, updated in place as its receiver moves. All vectors are global, m. */
export interface TrackedPath {
  /** Whether this is the direct path (it may cross partitions). */
  readonly isDirect: boolean;
  /** Number of specular reflections. */
  readonly reflectionOrder: number;
  /** Source image `I`: the unfolded length is `|I - rx|`. */
  readonly sourceImage: Vec3;
  /** Current unfolded length, m. */
  lengthM: number;
  /** Current complex gain (real part), as in {@link RayPath.gain}. */
  gainRe: number;
  /** Current complex gain (imaginary part). */
  gainIm: number;
  /** Current departure unit vector at the transmitter, `[3]`. */
  readonly departure: Float64Array;
  /** Current arrival unit vector (from the receiver back along the path), `[3]`. */
  readonly arrival: Float64Array;
  /**
   * Current vertices: transmitter, reflection points, receiver; flat `[n + 2, 3]`
   * for `n = reflectionOrder`.
   */
  readonly vertices: Float64Array;
  /** Coefficient product `C` (complex), frozen at the last trace. */
  readonly coefficientRe: number;
  readonly coefficientIm: number;
  /** Axis (0, 1, 2) and plane coordinate of each reflection, in path order. */
  readonly mirrorAxes: Int8Array;
  readonly mirrorCoordinates: Float64Array;
  /** `+1` / `-1` per axis: departure = unfolded direction with these signs. */
  readonly flip: Float64Array;
}

/** The paths of one AP-UE link and where they were last traced. */
export interface TrackedLink {
  readonly apIndex: number;
  /** Current paths. */
  readonly paths: readonly TrackedPath[];
  /** Receiver position of the last full trace, m. */
  readonly tracedAt: Vec3;
  /** Current receiver position, m. */
  readonly position: Vec3;
}

/** Counters of a tracker (for profiling). */
export interface TrackerStats {
  /** Full ray traces done. */
  traces: number;
  /** Image-method updates done (links). */
  updates: number;
  /** Time spent tracing, ms. */
  traceMs: number;
  /** Time spent updating, ms. */
  updateMs: number;
}

/** Options of {@link createChannelTracker}. */
export interface ChannelTrackerOptions {
  /** Number of UEs `K` (links are `A x K`). */
  readonly ueCount: number;
  /**
   * Retrace a link once its UE is farther than this from the last traced position, m;
   * default {@link DEFAULT_RETRACE_DISTANCE_M}. 0 retraces every update.
   */
  readonly retraceDistanceM?: number;
  /** Measure time spent in tracing and updating (`performance.now`); default false. */
  readonly timing?: boolean;
}

/** Tracks every AP-UE link of a channel model. */
export interface ChannelTracker {
  readonly model: ChannelModel;
  readonly ueCount: number;
  readonly retraceDistanceM: number;
  readonly stats: TrackerStats;
  /** Moves UE `ue` to `position`: updates its A links (retracing those too far off). */
  update(ue: number, position: Vec3): void;
  /** Link of AP `apIndex` to UE `ue` (after at least one {@link update} of that UE). */
  link(apIndex: number, ue: number): TrackedLink;
}

/**
 * Builds a tracker over every AP-UE link of `model`.
 *
 * @example
 * ```ts
 * import { loadNamedScene } from "../scene/mod.ts";
 * import { createChannelModel, createChannelTracker } from "./mod.ts";
 * const scene = await loadNamedScene("office");
 * const model = createChannelModel(scene, { maxReflectionOrder: 1 });
 * const tracker = createChannelTracker(model, { ueCount: 1 });
 * tracker.update(0, [4, 5, 1]);
 * tracker.update(0, [4.01, 5, 1]); // image-method update, no retrace
 * if (tracker.stats.traces !== model.apCount) throw new Error("one trace per AP");
 * ```
 */
export function createChannelTracker(
  model: ChannelModel,
  options: ChannelTrackerOptions,
): ChannelTracker {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${options}`);
  }
  const { ueCount, retraceDistanceM = DEFAULT_RETRACE_DISTANCE_M, timing = false } = options;
  if (!Number.isInteger(ueCount) || ueCount < 1) {
    throw new RangeError(`options.ueCount must be an integer >= 1, got ${ueCount}`);
  }
  assertNonNegative("options.retraceDistanceM", retraceDistanceM);
  const scene = model.scene;
  const lambda = wavelengthM(scene.carrierFrequencyHz);
  const faceById = new Map<string, Face>(sceneFaces(scene).map((f) => [f.id, f]));
  const apCount = model.apCount;
  const links: (LinkState | null)[] = new Array(apCount * ueCount).fill(null);
  const stats: TrackerStats = { traces: 0, updates: 0, traceMs: 0, updateMs: 0 };
  const limit2 = retraceDistanceM * retraceDistanceM;

  function retrace(b: number, position: Vec3): LinkState {
    const t0 = timing ? performance.now() : 0;
    const rayPaths = model.paths(b, position);
    const paths = trackedPathsFromRays(rayPaths, faceById, lambda);
    stats.traces++;
    if (timing) stats.traceMs += performance.now() - t0;
    return { apIndex: b, paths, tracedAt: position, position, moved: false, movedTo: [0, 0, 0] };
  }

  return {
    model,
    ueCount,
    retraceDistanceM,
    stats,
    update(ue, position) {
      if (!Number.isInteger(ue) || ue < 0 || ue >= ueCount) {
        throw new RangeError(`ue must be an integer in [0, ${ueCount - 1}], got ${ue}`);
      }
      for (let b = 0; b < apCount; b++) {
        const i = b * ueCount + ue;
        const state = links[i];
        if (
          state === null ||
          (position[0] - state.tracedAt[0]) ** 2 + (position[1] - state.tracedAt[1]) ** 2 +
                (position[2] - state.tracedAt[2]) ** 2 > limit2 ||
          retraceDistanceM === 0
        ) {
          links[i] = retrace(b, position);
          continue;
        }
        const t0 = timing ? performance.now() : 0;
        // A UE standing still after a move: moving again to the same point would write
        // the same numbers (after a retrace it would not: the traced gains differ from
        // the moved ones in the last bits, so that case moves).
        const last = state.movedTo;
        const still = state.moved && position[0] === last[0] && position[1] === last[1] &&
          position[2] === last[2];
        if (!still) {
          const paths = state.paths;
          for (let l = 0; l < paths.length; l++) moveTrackedPath(paths[l], position, lambda);
          last[0] = position[0];
          last[1] = position[1];
          last[2] = position[2];
        }
        state.position = position;
        state.moved = true;
        stats.updates++;
        if (timing) stats.updateMs += performance.now() - t0;
      }
    },
    link(apIndex, ue) {
      const state = links[apIndex * ueCount + ue];
      if (!state) {
        throw new RangeError(`link (apIndex ${apIndex}, ue ${ue}) has not been updated yet`);
      }
      return state;
    },
  };
}

interface LinkState extends TrackedLink {
  position: Vec3;
  /** Whether the paths were last moved (not traced), and where to (a copy), m. */
  moved: boolean;
  readonly movedTo: [number, number, number];
}

/**
 * A {@link TrackedPath} from a traced {@link RayPath}, with the mirror planes looked up
 * by face id.
 *
 * @example
 * ```ts
 * import { wavelengthM } from "../core/mod.ts";
 * import { tracePaths } from "../rt/mod.ts";
 * import { loadNamedScene, sceneFaces } from "../scene/mod.ts";
 * import { trackedPathFromRay } from "./tracking.ts";
 * const scene = await loadNamedScene("office");
 * const [p] = tracePaths(scene, { tx: scene.accessPoints[0].position, rx: [4, 5, 1] });
 * const faces = new Map(sceneFaces(scene).map((f) => [f.id, f]));
 * const t = trackedPathFromRay(p, faces, wavelengthM(scene.carrierFrequencyHz));
 * if (Math.abs(t.gainRe - p.gain.re) > 1e-15) throw new Error("same gain at the trace point");
 * ```
 */
export function trackedPathFromRay(
  path: RayPath,
  faceById: ReadonlyMap<string, Face>,
  wavelength: number,
): TrackedPath {
  return trackedPathsFromRays([path], faceById, wavelength)[0];
}

/**
 * {@link trackedPathFromRay} of every path, with the typed arrays of all of them as
 * views of one buffer (allocating a typed array costs far more than filling it).
 */
export function trackedPathsFromRays(
  paths: readonly RayPath[],
  faceById: ReadonlyMap<string, Face>,
  wavelength: number,
): TrackedPath[] {
  assertPositive("wavelength", wavelength);
  let doubles = 0;
  let bytes = 0;
  for (let i = 0; i < paths.length; i++) {
    const n = paths[i].reflectionOrder;
    doubles += n + 3 + 3 * (n + 2) + 6;
    bytes += n;
  }
  const store: PathStore = { f64: new Float64Array(doubles), i8: new Int8Array(bytes), d: 0, b: 0 };
  const out: TrackedPath[] = new Array(paths.length);
  for (let i = 0; i < paths.length; i++) {
    out[i] = trackedPath(paths[i], faceById, wavelength, store);
  }
  return out;
}

/** Shared storage of {@link trackedPathsFromRays} and the next free double and byte. */
interface PathStore {
  readonly f64: Float64Array;
  readonly i8: Int8Array;
  d: number;
  b: number;
}

function trackedPath(
  path: RayPath,
  faceById: ReadonlyMap<string, Face>,
  wavelength: number,
  store: PathStore,
): TrackedPath {
  const n = path.reflectionOrder;
  const { f64, i8 } = store;
  const take = (count: number) => f64.subarray(store.d, store.d += count);
  const mirrorAxes = i8.subarray(store.b, store.b += n);
  const mirrorCoordinates = take(n);
  const flip = take(3);
  flip[0] = 1;
  flip[1] = 1;
  flip[2] = 1;
  let r = 0;
  const interactions = path.interactions;
  for (let i = 0; i < interactions.length; i++) {
    const it = interactions[i];
    if (it.kind !== "reflection") continue;
    const face = faceById.get(it.faceId);
    if (!face) throw new RangeError(`path interaction names unknown face ${it.faceId}`);
    mirrorAxes[r] = face.axis;
    mirrorCoordinates[r] = face.coordinate;
    flip[face.axis] = -flip[face.axis];
    r++;
  }
  if (r !== n) {
    throw new RangeError(`path has ${r} reflection interactions but reflectionOrder ${n}`);
  }
  // C = alpha * (4 pi L / lambda) * exp(+j 2 pi L / lambda)
  const L = path.lengthM;
  const s = (4 * Math.PI * L) / wavelength;
  const ph = (2 * Math.PI * L) / wavelength;
  const c = Math.cos(ph);
  const sn = Math.sin(ph);
  const coefficientRe = s * (path.gain.re * c - path.gain.im * sn);
  const coefficientIm = s * (path.gain.re * sn + path.gain.im * c);
  const vertices = take(3 * (n + 2));
  const pv = path.vertices;
  for (let i = 0; i < pv.length; i++) {
    const v = pv[i];
    vertices[3 * i] = v[0];
    vertices[3 * i + 1] = v[1];
    vertices[3 * i + 2] = v[2];
  }
  const du = path.departure.unit;
  const au = path.arrival.unit;
  const departure = take(3);
  departure[0] = du[0];
  departure[1] = du[1];
  departure[2] = du[2];
  const arrival = take(3);
  arrival[0] = au[0];
  arrival[1] = au[1];
  arrival[2] = au[2];
  return {
    isDirect: path.isDirect,
    reflectionOrder: n,
    sourceImage: path.sourceImage,
    lengthM: L,
    gainRe: path.gain.re,
    gainIm: path.gain.im,
    departure,
    arrival,
    vertices,
    coefficientRe,
    coefficientIm,
    mirrorAxes,
    mirrorCoordinates,
    flip,
  };
}

/**
 * Moves a tracked path's receiver to `rx` (image method, in place): length, gain,
 * arrival and departure directions and reflection points; see the module doc.
 *
 * @example
 * ```ts
 * import { wavelengthM } from "../core/mod.ts";
 * import { tracePaths } from "../rt/mod.ts";
 * import { loadNamedScene, sceneFaces } from "../scene/mod.ts";
 * import { moveTrackedPath, trackedPathFromRay } from "./tracking.ts";
 * const scene = await loadNamedScene("office");
 * const lambda = wavelengthM(scene.carrierFrequencyHz);
 * const tx = scene.accessPoints[0].position;
 * const [p] = tracePaths(scene, { tx, rx: [4, 5, 1] });
 * const t = trackedPathFromRay(p, new Map(sceneFaces(scene).map((f) => [f.id, f])), lambda);
 * moveTrackedPath(t, [4.05, 5, 1], lambda);
 * const [q] = tracePaths(scene, { tx, rx: [4.05, 5, 1] });
 * if (Math.abs(t.lengthM - q.lengthM) > 1e-12) throw new Error("exact length");
 * ```
 */
export function moveTrackedPath(path: TrackedPath, rx: Vec3, wavelength: number): void {
  const img = path.sourceImage;
  const ux = rx[0] - img[0];
  const uy = rx[1] - img[1];
  const uz = rx[2] - img[2];
  const L = Math.sqrt(ux * ux + uy * uy + uz * uz);
  const inv = 1 / L;
  const spread = wavelength / (4 * Math.PI * L);
  const ph = (-2 * Math.PI * L) / wavelength;
  const c = Math.cos(ph) * spread;
  const s = Math.sin(ph) * spread;
  path.lengthM = L;
  path.gainRe = path.coefficientRe * c - path.coefficientIm * s;
  path.gainIm = path.coefficientRe * s + path.coefficientIm * c;
  const a = path.arrival;
  a[0] = -ux * inv;
  a[1] = -uy * inv;
  a[2] = -uz * inv;
  const d = path.departure;
  const f = path.flip;
  d[0] = ux * inv * f[0];
  d[1] = uy * inv * f[1];
  d[2] = uz * inv * f[2];
  const v = path.vertices;
  const n = path.reflectionOrder;
  v[3 * (n + 1)] = rx[0];
  v[3 * (n + 1) + 1] = rx[1];
  v[3 * (n + 1) + 2] = rx[2];
  if (n === 0) return;
  // Back-trace: image_n = I; p_i on plane i along image_i -> target; image_{i-1} = mirror.
  let ix = img[0];
  let iy = img[1];
  let iz = img[2];
  let tx = rx[0];
  let ty = rx[1];
  let tz = rx[2];
  for (let i = n - 1; i >= 0; i--) {
    const axis = path.mirrorAxes[i];
    const coord = path.mirrorCoordinates[i];
    const ia = axis === 0 ? ix : axis === 1 ? iy : iz;
    const ta = axis === 0 ? tx : axis === 1 ? ty : tz;
    const denom = ta - ia;
    const t = denom === 0 ? 0 : (coord - ia) / denom;
    const px = ix + t * (tx - ix);
    const py = iy + t * (ty - iy);
    const pz = iz + t * (tz - iz);
    v[3 * (i + 1)] = axis === 0 ? coord : px;
    v[3 * (i + 1) + 1] = axis === 1 ? coord : py;
    v[3 * (i + 1) + 2] = axis === 2 ? coord : pz;
    tx = v[3 * (i + 1)];
    ty = v[3 * (i + 1) + 1];
    tz = v[3 * (i + 1) + 2];
    if (axis === 0) ix = 2 * coord - ix;
    else if (axis === 1) iy = 2 * coord - iy;
    else iz = 2 * coord - iz;
  }
}

/** Options of {@link trackedChannelRow}. */
export interface TrackedRowOptions {
  /** Element pattern of the AP array; default "3gpp". */
  readonly elementPattern?: ElementPattern;
  /**
   * Extra field factor per path (same order as `paths`), e.g. `10^(-bodyLossDb / 20)`;
   * default all 1.
   */
  readonly pathAmplitude?: Float64Array;
  /**
   * Extra phase per path (same order as `paths`), rad: path l's contribution is
   * multiplied by `exp(j pathPhaseRad[l])` (its complex gain rotated), e.g. the random
   * walk of `EpisodeConfig.pathPhaseJitterRad`; default none (no rotation, and the row
   * is bit-identical to a call without it).
   */
  readonly pathPhaseRad?: Float64Array;
  /** Row to add into (length Nt); default a new zero row. */
  readonly out?: ComplexVector;
}

/**
 * Adds the row `h^H` (length Nt) of one AP to a UE from tracked paths into `out`: the
 * same sum as {@link channelRowFromPaths}, with the steering vector built separably
 * (`a[iv * NH + ih] = e_H[ih] e_V[iv] / sqrt(Nt)`: `NH + NV` sines and cosines per path
 * instead of `Nt`) and an optional per-path amplitude factor and extra phase.
 *
 * @example
 * ```ts
 * import { loadNamedScene } from "../scene/mod.ts";
 * import { createChannelModel, createChannelTracker, trackedChannelRow } from "./mod.ts";
 * const scene = await loadNamedScene("office");
 * const model = createChannelModel(scene, { maxReflectionOrder: 1 });
 * const tracker = createChannelTracker(model, { ueCount: 1 });
 * tracker.update(0, [4, 5, 1]);
 * const row = trackedChannelRow(scene.accessPoints[0], tracker.link(0, 0).paths);
 * if (row.re.length !== 64) throw new Error("row has Nt entries");
 * ```
 */
export function trackedChannelRow(
  ap: AccessPoint,
  paths: readonly TrackedPath[],
  options: TrackedRowOptions = {},
): ComplexVector {
  const { elementPattern = "3gpp", pathAmplitude, pathPhaseRad } = options;
  const nh = ap.array.horizontal;
  const nv = ap.array.vertical;
  const nt = antennaCount(ap.array);
  const out = options.out ?? { re: new Float64Array(nt), im: new Float64Array(nt) };
  if (out.re.length !== nt || out.im.length !== nt) {
    throw new RangeError(`options.out must have length ${nt}, got ${out.re.length}`);
  }
  if (pathAmplitude && pathAmplitude.length < paths.length) {
    throw new RangeError(
      `options.pathAmplitude must have >= ${paths.length} entries, got ${pathAmplitude.length}`,
    );
  }
  if (pathPhaseRad && pathPhaseRad.length < paths.length) {
    throw new RangeError(
      `options.pathPhaseRad must have >= ${paths.length} entries, got ${pathPhaseRad.length}`,
    );
  }
  const { boresight, horizontal, vertical } = arrayAxes(ap);
  const b0 = boresight[0], b1 = boresight[1], b2 = boresight[2];
  const h0 = horizontal[0], h1 = horizontal[1], h2 = horizontal[2];
  const v0 = vertical[0], v1 = vertical[1], v2 = vertical[2];
  const k = 2 * Math.PI * ap.array.spacingWavelengths;
  const ch = (nh - 1) / 2;
  const cv = (nv - 1) / 2;
  const scratch = rowScratch.length >= 2 * (nh + nv)
    ? rowScratch
    : (rowScratch = new Float64Array(2 * (nh + nv)));
  const outRe = out.re;
  const outIm = out.im;
  // sqrt(Nt) (eq. 1) times 1/sqrt(Nt) (unit-norm steering) = 1.
  for (let l = 0; l < paths.length; l++) {
    const p = paths[l];
    const extra = pathAmplitude ? pathAmplitude[l] : 1;
    if (extra === 0) continue;
    const d = p.departure;
    const ub = d[0] * b0 + d[1] * b1 + d[2] * b2;
    const uh = d[0] * h0 + d[1] * h1 + d[2] * h2;
    const uv = d[0] * v0 + d[1] * v1 + d[2] * v2;
    const g = elementAmplitude(elementPattern, ub, uh, uv) * extra;
    if (g === 0) continue;
    // e_H[ih] = exp(j k (ih - ch) uh) by recurrence from ih = 0 (step exp(j k uh));
    // the vertical factor carries the path gain: g alpha exp(j k (iv - cv) uv).
    fillPhasor(scratch, 0, nh, k * uh, -ch * k * uh, 1, 0);
    let gRe = g * p.gainRe;
    let gIm = g * p.gainIm;
    if (pathPhaseRad) {
      const c = Math.cos(pathPhaseRad[l]);
      const sn = Math.sin(pathPhaseRad[l]);
      const r = gRe * c - gIm * sn;
      gIm = gRe * sn + gIm * c;
      gRe = r;
    }
    fillPhasor(scratch, 2 * nh, nv, k * uv, -cv * k * uv, gRe, gIm);
    for (let iv = 0; iv < nv; iv++) {
      const vr = scratch[2 * nh + 2 * iv];
      const vi = scratch[2 * nh + 2 * iv + 1];
      const base = iv * nh;
      for (let ih = 0; ih < nh; ih++) {
        const hr = scratch[2 * ih];
        const hi = scratch[2 * ih + 1];
        outRe[base + ih] += vr * hr - vi * hi;
        outIm[base + ih] += vr * hi + vi * hr;
      }
    }
  }
  return out;
}

/**
 * Writes `count` interleaved phasors `a exp(j (start + i step))` (complex `a`) at
 * `offset`: two sines/cosines, then a complex recurrence, re-anchored every 8 terms
 * (drift below 1e-15 per step).
 */
function fillPhasor(
  out: Float64Array,
  offset: number,
  count: number,
  step: number,
  start: number,
  aRe: number,
  aIm: number,
): void {
  const sc = Math.cos(step);
  const ss = Math.sin(step);
  let cr = 0;
  let ci = 0;
  for (let i = 0; i < count; i++) {
    if ((i & 7) === 0) {
      const ph = start + i * step;
      const c = Math.cos(ph);
      const s = Math.sin(ph);
      cr = aRe * c - aIm * s;
      ci = aRe * s + aIm * c;
    } else {
      const r = cr * sc - ci * ss;
      ci = cr * ss + ci * sc;
      cr = r;
    }
    out[offset + 2 * i] = cr;
    out[offset + 2 * i + 1] = ci;
  }
}

let rowScratch = new Float64Array(32);
