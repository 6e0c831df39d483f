/**
 * The Fresnel and slab coefficients on plain numbers, written into a scratch array
 * (`[te.re, te.im, tm.re, tm.im]`) instead of allocating a complex object per operation:
 * the one implementation of the formulas of `fresnelCoefficients` (fresnel.ts) and
 * `slabCoefficients` (slab.ts), which validate their arguments and wrap these results,
 * and the ray tracer's inner loop (lib/rt), which calls them directly with validated
 * permittivities and angles in `[0, pi/2]`. The formulas and their derivation are
 * documented on those two functions; the straightforward complex-arithmetic versions
 * are kept in tests/em/em_reference.ts and equal these bit for bit
 * (tests/em/coefficients_test.ts).
 *
 * @module
 */
import { SPEED_OF_LIGHT_M_PER_S } from "../core/mod.ts";

// Results of the complex helpers below (module scratch: the tracer is single-threaded
// and never re-enters them).
let re = 0;
let im = 0;

/** `sqrtPrincipal({ re: a, im: b })` into (re, im). */
function sqrtPrincipal(a: number, b: number): void {
  const m = Math.hypot(a, b);
  if (m === 0) {
    re = 0;
    im = 0;
    return;
  }
  if (a >= 0) {
    const t = Math.sqrt((m + a) / 2);
    re = t;
    im = b / (2 * t);
    return;
  }
  const t = Math.sqrt((m - a) / 2);
  const sign = b < 0 || Object.is(b, -0) ? -1 : 1;
  re = Math.abs(b) / (2 * t);
  im = sign * t;
}

/** `div({ re: ar, im: ai }, { re: br, im: bi })` into (re, im). */
function div(ar: number, ai: number, br: number, bi: number): void {
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br;
    const d = br + bi * r;
    re = (ar + ai * r) / d;
    im = (ai - ar * r) / d;
    return;
  }
  const r = br / bi;
  const d = br * r + bi;
  re = (ar * r + ai) / d;
  im = (ai * r - ar) / d;
}

/**
 * `fresnelCoefficients(eps, angleRad)` (TE then TM) into `out[offset..offset + 3]`.
 */
export function fresnelInto(
  epsRe: number,
  epsIm: number,
  angleRad: number,
  out: Float64Array,
  offset = 0,
): void {
  const cosT = Math.cos(angleRad);
  const sin2 = Math.sin(angleRad) ** 2;
  sqrtPrincipal(epsRe - sin2, epsIm);
  const rr = re;
  const ri = im;
  if (rr === 0 && ri === 0 && cosT < 1e-300) {
    out[offset] = 0;
    out[offset + 1] = 0;
    out[offset + 2] = 0;
    out[offset + 3] = 0;
    return;
  }
  // te = (c - root) / (c + root), c = cosT + 0j
  div(cosT - rr, 0 - ri, cosT + rr, 0 + ri);
  out[offset] = re;
  out[offset + 1] = im;
  // epsCos = eps * c; tm = (epsCos - root) / (epsCos + root)
  const ecRe = epsRe * cosT - epsIm * 0;
  const ecIm = epsRe * 0 + epsIm * cosT;
  div(ecRe - rr, ecIm - ri, ecRe + rr, ecIm + ri);
  out[offset + 2] = re;
  out[offset + 3] = im;
}

/**
 * Which coefficient of a slab {@link slabInto} returns: the reflection referenced at
 * the front face or at the mid-plane (see `SlabOptions.reflectionReferencePlane`), or
 * the transmission.
 */
export type SlabPart = "reflection-front" | "reflection-mid" | "transmission";

/**
 * `slabCoefficients(eps, { thicknessM, frequencyHz, incidenceAngleRad })` into
 * `out[0..3]`: its `transmission`, or its `reflection` referenced at the front face or
 * the mid-plane. `out` needs 8 entries (4..7 hold the half-space coefficients).
 */
export function slabInto(
  epsRe: number,
  epsIm: number,
  thicknessM: number,
  frequencyHz: number,
  angleRad: number,
  part: SlabPart,
  out: Float64Array,
): void {
  const k0 = (2 * Math.PI * frequencyHz) / SPEED_OF_LIGHT_M_PER_S;
  const cosT = Math.cos(angleRad);
  const sin2 = Math.sin(angleRad) ** 2;
  sqrtPrincipal(epsRe - sin2, epsIm);
  const qRe = k0 * thicknessM * re;
  const qIm = k0 * thicknessM * im;
  // e1 = exp(-j q) = exp({ re: q.im, im: -q.re }), e2 = e1 e1
  const m = Math.exp(qIm);
  const e1Re = m * Math.cos(-qRe);
  const e1Im = m * Math.sin(-qRe);
  const e2Re = e1Re * e1Re - e1Im * e1Im;
  const e2Im = e1Re * e1Im + e1Im * e1Re;
  const freePhase = k0 * thicknessM * cosT;
  const ufRe = Math.cos(freePhase);
  const ufIm = Math.sin(freePhase);
  fresnelInto(epsRe, epsIm, angleRad, out, 4);
  for (let p = 0; p < 2; p++) {
    const rRe = out[4 + 2 * p];
    const rIm = out[5 + 2 * p];
    const r2Re = rRe * rRe - rIm * rIm;
    const r2Im = rRe * rIm + rIm * rRe;
    const mRe = r2Re * e2Re - r2Im * e2Im;
    const mIm = r2Re * e2Im + r2Im * e2Re;
    const dRe = 1 - mRe;
    const dIm = 0 - mIm;
    if (dRe === 0 && dIm === 0) {
      out[2 * p] = part === "transmission" ? 0 : rRe;
      out[2 * p + 1] = part === "transmission" ? 0 : rIm;
      continue;
    }
    if (part === "transmission") {
      // mul(div(mul(1 - r2, e1), denom), undoFree)
      const sRe = 1 - r2Re;
      const sIm = 0 - r2Im;
      div(sRe * e1Re - sIm * e1Im, sRe * e1Im + sIm * e1Re, dRe, dIm);
    } else {
      // mul(div(mul(r, 1 - e2), denom), undoFree)
      const sRe = 1 - e2Re;
      const sIm = 0 - e2Im;
      div(rRe * sRe - rIm * sIm, rRe * sIm + rIm * sRe, dRe, dIm);
      if (part === "reflection-front") {
        out[2 * p] = re;
        out[2 * p + 1] = im;
        continue;
      }
    }
    out[2 * p] = re * ufRe - im * ufIm;
    out[2 * p + 1] = re * ufIm + im * ufRe;
  }
}
