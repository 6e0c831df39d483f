/**
 * Plane geometry on axis-aligned faces: mirror images, segment intersections and
 * the occlusion test used by the tracer.
 *
 * @module
 */
import type { Vec3 } from "../core/mod.ts";
import type { Face } from "../scene/mod.ts";

/** Parameter tolerance so a segment that starts or ends on a face does not hit it. */
export const SEGMENT_EPSILON = 1e-9;
/** Spatial tolerance on face rectangles, m. */
export const EDGE_TOLERANCE_M = 1e-9;

/** Axes spanning a face: for `axis` 0 they are (1, 2), for 1 (0, 2), for 2 (0, 1). */
export function faceInPlaneAxes(axis: 0 | 1 | 2): readonly [number, number] {
  return axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
}

/** Mirror image of a point in a face's plane. */
export function mirrorPoint(p: Vec3, face: Face): Vec3 {
  const q: [number, number, number] = [p[0], p[1], p[2]];
  q[face.axis] = 2 * face.coordinate - p[face.axis];
  return q;
}

/** True when `p` lies on the side of the face the face looks into (always for two-sided faces). */
export function isInFrontOf(p: Vec3, face: Face): boolean {
  if (face.facing === 0) return true;
  return (p[face.axis] - face.coordinate) * face.facing > 0;
}

/**
 * Parameter t in (0, 1) at which segment a->b crosses the face's rectangle, or -1.
 */
export function segmentFaceHit(a: Vec3, b: Vec3, face: Face): number {
  const ax = face.axis;
  const da = a[ax] - face.coordinate;
  const db = b[ax] - face.coordinate;
  if ((da > 0 && db > 0) || (da < 0 && db < 0) || da === db) return -1;
  const t = da / (da - db);
  if (t <= SEGMENT_EPSILON || t >= 1 - SEGMENT_EPSILON) return -1;
  const u = ax === 0 ? 1 : 0;
  const v = ax === 2 ? 1 : 2;
  const pu = a[u] + t * (b[u] - a[u]);
  if (pu < face.uMin - EDGE_TOLERANCE_M || pu > face.uMax + EDGE_TOLERANCE_M) return -1;
  const pv = a[v] + t * (b[v] - a[v]);
  if (pv < face.vMin - EDGE_TOLERANCE_M || pv > face.vMax + EDGE_TOLERANCE_M) return -1;
  return t;
}

/**
 * Point where the line from `a` towards `b` meets the face's plane, if that point is
 * between them and inside the rectangle; otherwise `null`. Used to back-trace a
 * reflection point from an image source.
 */
export function reflectionPoint(a: Vec3, b: Vec3, face: Face): Vec3 | null {
  const ax = face.axis;
  const da = a[ax] - face.coordinate;
  const db = b[ax] - face.coordinate;
  if (da === db || da * db > 0) return null;
  const t = da / (da - db);
  const [u, v] = faceInPlaneAxes(ax);
  const pu = a[u] + t * (b[u] - a[u]);
  if (pu < face.uMin || pu > face.uMax) return null;
  const pv = a[v] + t * (b[v] - a[v]);
  if (pv < face.vMin || pv > face.vMax) return null;
  const p: [number, number, number] = [0, 0, 0];
  p[ax] = face.coordinate;
  p[u] = pu;
  p[v] = pv;
  return p;
}
