/**
 * Uniform planar array (UPA) geometry and the steering vector of the paper's eq. (2).
 *
 * Element `n = iV * horizontal + iH` sits at `((iH - (NH-1)/2) e_h + (iV - (NV-1)/2) e_v) d`
 * from the array's phase centre, where `e_h` is the AP's horizontal axis,
 * `e_v = boresight x e_h`, and `d` the spacing. For a direction with local azimuth
 * `phi` (from boresight towards `e_h`) and elevation `theta` (towards `e_v`),
 *
 *     a[n] = exp(j 2 pi d / lambda (iH' sin(phi) cos(theta) + iV' sin(theta))) / sqrt(Nt)
 *
 * with centred indices `iH' = iH - (NH-1)/2`, `iV' = iV - (NV-1)/2`. Eq. (2) counts
 * indices from a corner; centring them only multiplies each path by a
 * direction-dependent phase, and makes the phase centre the AP position the ray tracer
 * measures path lengths from, so multipath adds up with the right phases.
 *
 * @module
 */
import {
  assertFiniteNumber,
  assertInteger,
  type ComplexVector,
  type Vec3,
  vec3,
} from "../core/mod.ts";
import type { AccessPoint, ArraySpec } from "../scene/mod.ts";

/** A direction in the array's own frame, rad. */
export interface LocalAngles {
  /** Azimuth from boresight towards the horizontal axis, rad. */
  readonly azimuthRad: number;
  /** Elevation from the boresight/horizontal plane towards `e_v`, rad. */
  readonly elevationRad: number;
}

/** Number of elements `Nt` of an array. */
export function antennaCount(array: ArraySpec): number {
  return array.horizontal * array.vertical;
}

/**
 * Unit-norm UPA steering vector `a(phi, theta)` of eq. (2), length `Nt`.
 *
 * @example
 * ```ts
 * import { upaSteeringVector } from "./upa.ts";
 * const a = upaSteeringVector(
 *   { horizontal: 8, vertical: 8, spacingWavelengths: 0.5 },
 *   { azimuthRad: 0.3, elevationRad: -0.2 },
 * );
 * let norm2 = 0;
 * for (let n = 0; n < 64; n++) norm2 += a.re[n] ** 2 + a.im[n] ** 2;
 * if (Math.abs(norm2 - 1) > 1e-12) throw new Error("steering vector must have unit norm");
 * ```
 */
export function upaSteeringVector(array: ArraySpec, angles: LocalAngles): ComplexVector {
  assertInteger("array.horizontal", array.horizontal, { min: 1 });
  assertInteger("array.vertical", array.vertical, { min: 1 });
  assertFiniteNumber("angles.azimuthRad", angles.azimuthRad);
  assertFiniteNumber("angles.elevationRad", angles.elevationRad);
  const uH = Math.sin(angles.azimuthRad) * Math.cos(angles.elevationRad);
  const uV = Math.sin(angles.elevationRad);
  return steeringFromDirectionCosines(array, uH, uV);
}

/**
 * Steering vector from the direction cosines along `e_h` and `e_v` (the form used in
 * hot loops; equal to {@link upaSteeringVector} for the matching angles).
 */
export function steeringFromDirectionCosines(
  array: ArraySpec,
  cosineH: number,
  cosineV: number,
  out?: ComplexVector,
): ComplexVector {
  const nh = array.horizontal;
  const nv = array.vertical;
  const n = nh * nv;
  const re = out?.re ?? new Float64Array(n);
  const im = out?.im ?? new Float64Array(n);
  const k = 2 * Math.PI * array.spacingWavelengths;
  const scale = 1 / Math.sqrt(n);
  const ch = (nh - 1) / 2;
  const cv = (nv - 1) / 2;
  for (let iv = 0; iv < nv; iv++) {
    for (let ih = 0; ih < nh; ih++) {
      const phase = k * ((ih - ch) * cosineH + (iv - cv) * cosineV);
      re[iv * nh + ih] = scale * Math.cos(phase);
      im[iv * nh + ih] = scale * Math.sin(phase);
    }
  }
  return { re, im };
}

/** The AP's local axes: boresight `e_b`, horizontal `e_h`, vertical `e_v = e_b x e_h`. */
export function arrayAxes(ap: AccessPoint): { boresight: Vec3; horizontal: Vec3; vertical: Vec3 } {
  return {
    boresight: ap.boresight,
    horizontal: ap.horizontalAxis,
    vertical: vec3.cross(ap.boresight, ap.horizontalAxis),
  };
}

/** A global unit direction expressed as local angles of the AP's array. */
export function localAngles(ap: AccessPoint, direction: Vec3): LocalAngles {
  const { boresight, horizontal, vertical } = arrayAxes(ap);
  const ub = vec3.dot(direction, boresight);
  const uh = vec3.dot(direction, horizontal);
  const uv = vec3.dot(direction, vertical);
  return {
    azimuthRad: Math.atan2(uh, ub),
    elevationRad: Math.asin(Math.max(-1, Math.min(1, uv))),
  };
}
