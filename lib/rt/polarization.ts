/**
 * Polarization tracking along a ray: the complex field vector is split into its TE
 * (perpendicular to the plane of incidence) and TM parts at every interaction, each
 * part is scaled by its coefficient, and the vector is rebuilt along the new direction.
 *
 * Convention (matches `fresnelCoefficients` in lib/em): with `s = d_in x n` normalized,
 * `p_in = s x d_in`, `p_out = s x d_out`, the outgoing field is
 * `r_te (E.s) s + r_tm (E.p_in) p_out`. A perfect conductor then gives the
 * physically required zero tangential field for both polarizations.
 *
 * @module
 */
import { type Complex, type Vec3, vec3 } from "../core/mod.ts";

/** A complex 3-vector: the electric field direction and phase. */
export interface FieldVector {
  re: [number, number, number];
  im: [number, number, number];
}

const NEAR_PARALLEL = 1e-9;

/** Unit vector along `reference` projected on the plane normal to `direction`. */
export function transverseUnit(reference: Vec3, direction: Vec3): Vec3 {
  let q = vec3.sub(reference, vec3.scale(direction, vec3.dot(reference, direction)));
  if (vec3.norm(q) < 1e-6) {
    // The reference is along the ray: fall back to a fixed horizontal axis.
    const alt: Vec3 = Math.abs(direction[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
    q = vec3.sub(alt, vec3.scale(direction, vec3.dot(alt, direction)));
  }
  return vec3.normalize(q);
}

/** A real unit field vector. */
export function realField(v: Vec3): FieldVector {
  return { re: [v[0], v[1], v[2]], im: [0, 0, 0] };
}

function project(e: FieldVector, u: Vec3): Complex {
  return {
    re: e.re[0] * u[0] + e.re[1] * u[1] + e.re[2] * u[2],
    im: e.im[0] * u[0] + e.im[1] * u[1] + e.im[2] * u[2],
  };
}

function combine(a: Complex, u: Vec3, b: Complex, v: Vec3): FieldVector {
  return {
    re: [0, 1, 2].map((i) => a.re * u[i] + b.re * v[i]) as [number, number, number],
    im: [0, 1, 2].map((i) => a.im * u[i] + b.im * v[i]) as [number, number, number],
  };
}

function cmul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/**
 * Applies an interaction to a field vector.
 * @param field field before the interaction
 * @param geometry incoming and outgoing unit directions and the face's unit normal
 *   (either sign); for a transmission `outgoing` equals `incoming`
 * @param coefficients TE and TM coefficients of the interaction
 */
export function applyInteraction(
  field: FieldVector,
  geometry: { incoming: Vec3; outgoing: Vec3; normal: Vec3 },
  coefficients: { te: Complex; tm: Complex },
): FieldVector {
  const { incoming, outgoing, normal } = geometry;
  let s = vec3.cross(incoming, normal);
  if (vec3.norm(s) < NEAR_PARALLEL) {
    // Normal incidence: any transverse direction is TE.
    s = transverseUnit(Math.abs(normal[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0], incoming);
  } else {
    s = vec3.normalize(s);
  }
  const pIn = vec3.cross(s, incoming);
  const pOut = vec3.cross(s, outgoing);
  const eTe = cmul(coefficients.te, project(field, s));
  const eTm = cmul(coefficients.tm, project(field, pIn));
  return combine(eTe, s, eTm, pOut);
}

/**
 * {@link applyInteraction} on a field held as `[re x, re y, re z, im x, im y, im z]`, in
 * place and without allocating (the tracer's inner loop), with the coefficients as
 * `[te.re, te.im, tm.re, tm.im]`: the same operations in the same order, so the same
 * numbers to the last bit.
 */
export function applyInteractionInPlace(
  field: Float64Array,
  incoming: Vec3,
  outgoing: Vec3,
  normal: Vec3,
  coefficients: Float64Array,
): void {
  const i0 = incoming[0], i1 = incoming[1], i2 = incoming[2];
  let s0 = i1 * normal[2] - i2 * normal[1];
  let s1 = i2 * normal[0] - i0 * normal[2];
  let s2 = i0 * normal[1] - i1 * normal[0];
  const sn = Math.hypot(s0, s1, s2);
  if (sn < NEAR_PARALLEL) {
    const t = transverseUnit(Math.abs(normal[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0], incoming);
    s0 = t[0];
    s1 = t[1];
    s2 = t[2];
  } else {
    s0 = s0 / sn;
    s1 = s1 / sn;
    s2 = s2 / sn;
  }
  const o0 = outgoing[0], o1 = outgoing[1], o2 = outgoing[2];
  const pi0 = s1 * i2 - s2 * i1;
  const pi1 = s2 * i0 - s0 * i2;
  const pi2 = s0 * i1 - s1 * i0;
  const po0 = s1 * o2 - s2 * o1;
  const po1 = s2 * o0 - s0 * o2;
  const po2 = s0 * o1 - s1 * o0;
  const r0 = field[0], r1 = field[1], r2 = field[2];
  const m0 = field[3], m1 = field[4], m2 = field[5];
  const sRe = r0 * s0 + r1 * s1 + r2 * s2;
  const sIm = m0 * s0 + m1 * s1 + m2 * s2;
  const pRe = r0 * pi0 + r1 * pi1 + r2 * pi2;
  const pIm = m0 * pi0 + m1 * pi1 + m2 * pi2;
  const teRe = coefficients[0], teIm = coefficients[1];
  const tmRe = coefficients[2], tmIm = coefficients[3];
  const aRe = teRe * sRe - teIm * sIm;
  const aIm = teRe * sIm + teIm * sRe;
  const bRe = tmRe * pRe - tmIm * pIm;
  const bIm = tmRe * pIm + tmIm * pRe;
  field[0] = aRe * s0 + bRe * po0;
  field[1] = aRe * s1 + bRe * po1;
  field[2] = aRe * s2 + bRe * po2;
  field[3] = aIm * s0 + bIm * po0;
  field[4] = aIm * s1 + bIm * po1;
  field[5] = aIm * s2 + bIm * po2;
}

/** Received complex amplitude: the field projected on the receive polarization. */
export function receive(field: FieldVector, polarization: Vec3): Complex {
  return project(field, polarization);
}
