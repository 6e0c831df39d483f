/**
 * Human bodies as blockers: each person is a vertical screen (3GPP TR 38.901 7.6.4.2
 * blockage model B), about 0.3 m wide and 1.7-1.8 m tall, standing on the floor.
 *
 * A body attenuates every path segment it stands near: for each segment (tx, bounce
 * points, rx) the screen is placed at the body's floor position, turned perpendicular
 * to that segment's horizontal projection (as `screenBlockageLossDb` does), and the
 * losses of all segments and bodies add in dB. Walking across a link therefore gives
 * the model's smooth knife-edge fade (measured in `tests/mobility/bodies_test.ts`),
 * not a step.
 *
 * A cheap prefilter skips body-segment pairs that cannot matter: the body's along-link
 * position outside the segment, its lateral offset beyond `widthM / 2 +
 * lateralMarginM`, or the segment passing more than `verticalMarginM` above the head.
 * With the defaults (0.5 m, 0.5 m) the loss dropped by the prefilter is below about
 * 0.15 dB (model B's tail decays slowly; e.g. 0.04-0.07 dB at 0.65 m lateral offset,
 * 0.14 dB at 0.5 m clearance above the head, for a 6 m link at 73 GHz).
 *
 * @module
 */
import { assertPositive } from "../core/mod.ts";

/** One person on the floor. */
export interface Body {
  /** Floor position x, m. */
  x: number;
  /** Floor position y, m. */
  y: number;
  /** Screen width, m (about 0.3). */
  readonly widthM: number;
  /** Height, m (1.7-1.8); the screen spans `[0, heightM]`. */
  readonly heightM: number;
  /** UE this person carries (its own paths are not attenuated by it), or -1. */
  readonly carriesUe: number;
}

/** Options of the body-loss functions. */
export interface BodyLossOptions {
  /** Carrier wavelength, m. */
  readonly wavelengthM: number;
  /** Lateral margin beyond the half width where a body still counts, m; default 0.5. */
  readonly lateralMarginM?: number;
  /** Clearance above the head where a body still counts, m; default 0.5. */
  readonly verticalMarginM?: number;
  /**
   * Tallest body height and widest half width among `bodies`, m, when the caller has
   * them (saves a pass over the bodies per path); computed when absent.
   */
  readonly bodyExtentM?: { readonly maxHeightM: number; readonly maxHalfWidthM: number };
}

/**
 * Loss of one body on the segment from `a` to `b` (each `[x, y, z]`, m), dB (>= 0).
 *
 * @example
 * ```ts
 * import { segmentBodyLossDb } from "./bodies.ts";
 * const body = { x: 3, y: 0, widthM: 0.3, heightM: 1.75, carriesUe: -1 };
 * const lossDb = segmentBodyLossDb([0, 0, 2.9], [4, 0, 1], body, { wavelengthM: 0.0041 });
 * if (!(lossDb > 10 && lossDb < 30)) throw new Error(`expected a deep fade, got ${lossDb}`);
 * ```
 */
export function segmentBodyLossDb(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  body: Body,
  options: BodyLossOptions,
): number {
  return segmentLoss(a, 0, b, 0, body, options);
}

function segmentLoss(
  v: ArrayLike<number>,
  ia: number,
  w: ArrayLike<number>,
  ib: number,
  body: Body,
  options: BodyLossOptions,
): number {
  const { wavelengthM, lateralMarginM = 0.5, verticalMarginM = 0.5 } = options;
  assertPositive("options.wavelengthM", wavelengthM);
  const ax = v[ia];
  const ay = v[ia + 1];
  const az = v[ia + 2];
  const bx = w[ib];
  const by = w[ib + 1];
  const bz = w[ib + 2];
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.sqrt(dx * dx + dy * dy);
  if (len === 0) return 0;
  const ux = dx / len;
  const uy = dy / len;
  const px = body.x - ax;
  const py = body.y - ay;
  const t = px * ux + py * uy;
  if (!(t > 0 && t < len)) return 0;
  const lateral = -px * uy + py * ux;
  if (Math.abs(lateral) > body.widthM / 2 + lateralMarginM) return 0;
  const zLine = az + ((bz - az) * t) / len;
  if (zLine > body.heightM + verticalMarginM) return 0;
  return screenLossDb(az, bz, len, t, lateral, body, Math.PI / wavelengthM);
}

/**
 * The model B screen loss of `screenBlockageLossDb` (lib/em/knife_edge.ts) with the
 * link geometry already projected: endpoint heights `az`, `bz`, horizontal length
 * `len`, the screen's along-link position `t` in (0, len) and lateral offset. Same
 * formula, no argument checks or allocations (equality checked in the tests).
 */
function screenLossDb(
  az: number,
  bz: number,
  len: number,
  t: number,
  lateral: number,
  body: Body,
  k: number,
): number {
  return screenLoss(az, bz, len, t, lateral, body.widthM / 2, body.heightM, k);
}

/** {@link screenLossDb} with the body's half width and height, m. */
function screenLoss(
  az: number,
  bz: number,
  len: number,
  t: number,
  lateral: number,
  half: number,
  heightM: number,
  k: number,
): number {
  const w1 = lateral - half;
  const w2 = lateral + half;
  const d2 = len - t;
  const fw = edgeTerm(Math.sqrt(t * t + w1 * w1) + Math.sqrt(d2 * d2 + w1 * w1) - len, w1 <= 0, k) +
    edgeTerm(Math.sqrt(t * t + w2 * w2) + Math.sqrt(d2 * d2 + w2 * w2) - len, w2 >= 0, k);
  const zLine = az + ((bz - az) * t) / len;
  const zLow = 0;
  const zHigh = heightM;
  const dz = bz - az;
  const r = Math.sqrt(len * len + dz * dz);
  const la = zLow - az;
  const lb = zLow - bz;
  const ha = zHigh - az;
  const hb = zHigh - bz;
  const fh =
    edgeTerm(Math.sqrt(t * t + la * la) + Math.sqrt(d2 * d2 + lb * lb) - r, zLow <= zLine, k) +
    edgeTerm(Math.sqrt(t * t + ha * ha) + Math.sqrt(d2 * d2 + hb * hb) - r, zHigh >= zLine, k);
  const remaining = 1 - fh * fw;
  const loss = -20 * Math.log10(remaining);
  return loss > 0 ? loss : 0;
}

function edgeTerm(excess: number, positive: boolean, k: number): number {
  const arg = (Math.PI / 2) * Math.sqrt(k * (excess > 0 ? excess : 0));
  return Math.atan(positive ? arg : -arg) / Math.PI;
}

/**
 * Total body loss of a path, dB: the sum over its segments and over `bodies`
 * (skipping the body that carries UE `options.ue`).
 *
 * @param vertices flat `[n, 3]` path vertices (tx, bounce points, rx), m.
 * @param bodies the people in the room.
 *
 * @example
 * ```ts
 * import { pathBodyLossDb } from "./bodies.ts";
 * const vertices = new Float64Array([0, 0, 2.9, 4, 0, 1]);
 * const bodies = [
 *   { x: 3, y: 0, widthM: 0.3, heightM: 1.75, carriesUe: -1 },
 *   { x: 3.8, y: 0.3, widthM: 0.3, heightM: 1.75, carriesUe: 0 }, // UE 0's own carrier
 * ];
 * const lossDb = pathBodyLossDb(vertices, bodies, { wavelengthM: 0.0041, ue: 0 });
 * if (!(lossDb > 10)) throw new Error("the first body blocks");
 * ```
 */
export function pathBodyLossDb(
  vertices: Float64Array,
  bodies: readonly Body[],
  options: BodyLossOptions & { ue?: number },
): number {
  // One path: the slot's field of bodies built for it alone (same numbers; a caller with
  // many paths per slot builds the field once, see fieldPathBodyLossDb).
  return fieldPathBodyLossDb(
    vertices,
    setBodyField(createBodyField(), bodies, options),
    options.ue ?? -1,
  );
}

/**
 * The bodies of one slot prepared for many {@link fieldPathBodyLossDb} calls: flat
 * copies of their positions and limits, and their orders by x and by y, so that a
 * segment visits only the bodies whose x (or y, along the box's narrower side) lies in
 * its box (a binary search) instead of all of them.
 * {@link setBodyField} fills it; the arrays grow on demand.
 */
export interface BodyField {
  /** Number of bodies. */
  count: number;
  x: Float64Array;
  y: Float64Array;
  /** `widthM / 2` per body, m. */
  halfWidth: Float64Array;
  /** `widthM / 2 + lateralMarginM` per body, m. */
  lateralLimit: Float64Array;
  heightM: Float64Array;
  /** `heightM + verticalMarginM` per body, m. */
  verticalLimit: Float64Array;
  carriesUe: Int32Array;
  /** Body indices sorted by x (ties by index), and their x. */
  order: Int32Array;
  sortedX: Float64Array;
  /** Body indices sorted by y (ties by index), and their y. */
  orderY: Int32Array;
  sortedY: Float64Array;
  /** Candidate scratch of one segment. */
  candidates: Int32Array;
  /** Tallest body + vertical margin, and widest half width + lateral margin, m. */
  top: number;
  reach: number;
  /** `pi / wavelength`, 1/m. */
  k: number;
}

/** An empty {@link BodyField}. */
export function createBodyField(): BodyField {
  const n = 64;
  return {
    count: 0,
    x: new Float64Array(n),
    y: new Float64Array(n),
    halfWidth: new Float64Array(n),
    lateralLimit: new Float64Array(n),
    heightM: new Float64Array(n),
    verticalLimit: new Float64Array(n),
    carriesUe: new Int32Array(n),
    order: new Int32Array(n),
    sortedX: new Float64Array(n),
    orderY: new Int32Array(n),
    sortedY: new Float64Array(n),
    candidates: new Int32Array(n),
    top: 0,
    reach: 0,
    k: 0,
  };
}

/**
 * Fills `field` with `bodies` (in this order: the index of a body is its position in
 * `bodies`) and the options of {@link pathBodyLossDb}; returns `field`.
 */
export function setBodyField(
  field: BodyField,
  bodies: readonly Body[],
  options: BodyLossOptions,
): BodyField {
  const wavelengthM = options?.wavelengthM;
  assertPositive("options.wavelengthM", wavelengthM);
  const { lateralMarginM = 0.5, verticalMarginM = 0.5 } = options;
  const n = bodies.length;
  if (field.x.length < n) {
    const grown = 2 * n;
    field.x = new Float64Array(grown);
    field.y = new Float64Array(grown);
    field.halfWidth = new Float64Array(grown);
    field.lateralLimit = new Float64Array(grown);
    field.heightM = new Float64Array(grown);
    field.verticalLimit = new Float64Array(grown);
    field.carriesUe = new Int32Array(grown);
    field.order = new Int32Array(grown);
    field.sortedX = new Float64Array(grown);
    field.orderY = new Int32Array(grown);
    field.sortedY = new Float64Array(grown);
    field.candidates = new Int32Array(grown);
  }
  let top = 0;
  let reach = 0;
  for (let j = 0; j < n; j++) {
    const body = bodies[j];
    field.x[j] = body.x;
    field.y[j] = body.y;
    field.halfWidth[j] = body.widthM / 2;
    field.lateralLimit[j] = body.widthM / 2 + lateralMarginM;
    field.heightM[j] = body.heightM;
    field.verticalLimit[j] = body.heightM + verticalMarginM;
    field.carriesUe[j] = body.carriesUe;
    if (body.heightM > top) top = body.heightM;
    if (body.widthM / 2 > reach) reach = body.widthM / 2;
  }
  if (options.bodyExtentM) {
    top = options.bodyExtentM.maxHeightM;
    reach = options.bodyExtentM.maxHalfWidthM;
  }
  field.top = top + verticalMarginM;
  field.reach = reach + lateralMarginM;
  field.k = Math.PI / wavelengthM;
  field.count = n;
  sortByCoordinate(field.x, n, field.order, field.sortedX);
  sortByCoordinate(field.y, n, field.orderY, field.sortedY);
  return field;
}

/** Insertion sort of body indices by (coordinate, index): there are few bodies. */
function sortByCoordinate(
  coordinate: Float64Array,
  n: number,
  order: Int32Array,
  sorted: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    const cj = coordinate[j];
    let i = j - 1;
    while (i >= 0 && sorted[i] > cj) {
      order[i + 1] = order[i];
      sorted[i + 1] = sorted[i];
      i--;
    }
    order[i + 1] = j;
    sorted[i + 1] = cj;
  }
}

/**
 * Total body loss of a path over the bodies of `field` (skipping those that carry UE
 * `ue`; -1: none), dB: the sum over its segments and bodies, in body order, of
 * {@link segmentBodyLossDb}, to the last bit (tests/mobility/bodies_test.ts); segments
 * above every head, and the bodies whose coordinate lies outside a segment's box (which
 * that function's tests reject), are never visited.
 *
 * @param vertices flat `[n, 3]` path vertices (tx, bounce points, rx), m.
 * @param field the slot's bodies ({@link setBodyField}).
 * @param ue the UE whose carrier is skipped, or -1.
 */
export function fieldPathBodyLossDb(vertices: Float64Array, field: BodyField, ue: number): number {
  const { top, reach, k, candidates, count } = field;
  const xs = field.x, ys = field.y, carries = field.carriesUe;
  const segments = vertices.length / 3 - 1;
  let total = 0;
  for (let s = 0; s < segments; s++) {
    const ax = vertices[3 * s];
    const ay = vertices[3 * s + 1];
    const az = vertices[3 * s + 2];
    const bx = vertices[3 * s + 3];
    const by = vertices[3 * s + 4];
    const bz = vertices[3 * s + 5];
    if (az > top && bz > top) continue;
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.sqrt(dx * dx + dy * dy);
    if (len === 0) continue;
    const ux = dx / len;
    const uy = dy / len;
    let tLo = 0;
    let tHi = len;
    if (az > top) tLo = ((top - az) / (bz - az)) * len;
    else if (bz > top) tHi = ((top - az) / (bz - az)) * len;
    const x0 = ax + ux * tLo;
    const x1 = ax + ux * tHi;
    const y0 = ay + uy * tLo;
    const y1 = ay + uy * tHi;
    const minX = (x0 < x1 ? x0 : x1) - reach;
    const maxX = (x0 < x1 ? x1 : x0) + reach;
    const minY = (y0 < y1 ? y0 : y1) - reach;
    const maxY = (y0 < y1 ? y1 : y0) + reach;
    // Scan the bodies sorted along the box's narrower side from the first one inside it;
    // test the other side.
    const alongX = maxX - minX <= maxY - minY;
    const sorted = alongX ? field.sortedX : field.sortedY;
    const order = alongX ? field.order : field.orderY;
    const other = alongX ? ys : xs;
    const lo0 = alongX ? minX : minY;
    const hi0 = alongX ? maxX : maxY;
    const lo1 = alongX ? minY : minX;
    const hi1 = alongX ? maxY : maxX;
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < lo0) lo = mid + 1;
      else hi = mid;
    }
    let m = 0;
    for (let i = lo; i < count && !(sorted[i] > hi0); i++) {
      const j = order[i];
      const o = other[j];
      if (o < lo1 || o > hi1) continue;
      if (ue >= 0 && carries[j] === ue) continue;
      // Keep the candidates in body order (insertion; there are few).
      let p = m - 1;
      while (p >= 0 && candidates[p] > j) {
        candidates[p + 1] = candidates[p];
        p--;
      }
      candidates[p + 1] = j;
      m++;
    }
    for (let c = 0; c < m; c++) {
      const j = candidates[c];
      const px = xs[j] - ax;
      const py = ys[j] - ay;
      const t = px * ux + py * uy;
      if (!(t > 0 && t < len)) continue;
      const lateral = -px * uy + py * ux;
      if (Math.abs(lateral) > field.lateralLimit[j]) continue;
      const zLine = az + ((bz - az) * t) / len;
      if (zLine > field.verticalLimit[j]) continue;
      total += screenLoss(az, bz, len, t, lateral, field.halfWidth[j], field.heightM[j], k);
    }
  }
  return total;
}
