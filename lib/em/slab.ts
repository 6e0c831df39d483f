/**
 * Reflection and transmission of a single homogeneous slab in air, with all internal
 * multiple reflections (ITU-R P.2040, single-layer slab, eqs. 37-40).
 *
 * @module
 */
import { assertPositive, type Complex, SPEED_OF_LIGHT_M_PER_S } from "../core/mod.ts";
import { assertComplex, div, exp, mul, sqrtPrincipal, sub } from "./complex_scalar.ts";
import { assertIncidenceAngle, fresnelCoefficients, type PolarizationPair } from "./fresnel.ts";

/** Where the slab's reflection coefficient is referenced (see {@link slabCoefficients}). */
export type SlabReferencePlane = "front" | "mid";

/** Options of {@link slabCoefficients}. */
export interface SlabOptions {
  /** Slab thickness, m (> 0). */
  readonly thicknessM: number;
  /** Carrier frequency, Hz (> 0). */
  readonly frequencyHz: number;
  /** Angle of incidence from the slab normal, rad, in `[0, pi/2]`. */
  readonly incidenceAngleRad: number;
  /**
   * Plane at which the reflected ray is assumed to bounce: `"front"` (the illuminated
   * face, ITU-R P.2040's reference, default) or `"mid"` (the slab's mid-plane, as
   * produced by `sceneFaces` for partitions). `"mid"` multiplies the front-face
   * coefficient by `exp(+j k d cos t)`, because an image path through the mid-plane is
   * `d cos t` longer than one through the front face (`k = 2 pi f / c`).
   */
  readonly reflectionReferencePlane?: SlabReferencePlane;
}

/** Result of {@link slabCoefficients}. */
export interface SlabCoefficients {
  /** Reflected field / incident field, at the chosen reference plane. */
  readonly reflection: PolarizationPair;
  /** Field behind the slab / field that would be there without the slab (see docs). */
  readonly transmission: PolarizationPair;
}

/**
 * Reflection and transmission coefficients of a homogeneous slab of thickness `d` and
 * complex relative permittivity `eps` in air, including all internal reflections:
 *
 * ```text
 * q = (2 pi d / lambda) sqrt(eps - sin^2 t)
 * R = r (1 - e^{-j 2q}) / (1 - r^2 e^{-j 2q})
 * T = (1 - r^2) e^{-j q} / (1 - r^2 e^{-j 2q}) * e^{+j k d cos t}
 * ```
 *
 * with `r` the half-space Fresnel coefficient ({@link fresnelCoefficients}) of each
 * polarization and time convention `e^{+j omega t}`.
 *
 * Transmission reference: `T` is the ratio of the total field behind the slab to the
 * field that the same plane wave would have at the same point WITHOUT the slab. The
 * factor `e^{+j k d cos t}` removes the free-space phase that P.2040's transmission
 * coefficient (referenced from front face to rear face at the same transverse position)
 * otherwise includes. So a ray tracer multiplies the path amplitude by `T` and keeps the
 * straight, unfolded geometric length for the propagation phase; `T -> 1` as `d -> 0`,
 * and `arg T` is the slab's extra phase relative to free space. The small lateral ray
 * shift inside the slab is ignored (it is inside this plane-wave ratio already).
 *
 * Reflection reference: see {@link SlabOptions.reflectionReferencePlane}.
 *
 * @param relativePermittivity complex relative permittivity of the slab.
 * @param options thickness, frequency, angle, reference plane.
 * @returns `{ reflection: { te, tm }, transmission: { te, tm } }`.
 *
 * @example
 * ```ts
 * import { slabCoefficients } from "./slab.ts";
 * const { transmission } = slabCoefficients({ re: 6.27, im: -0.01 }, {
 *   thicknessM: 0.012,
 *   frequencyHz: 73e9,
 *   incidenceAngleRad: 0,
 * });
 * const lossDb = -20 * Math.log10(Math.hypot(transmission.te.re, transmission.te.im));
 * if (!(lossDb >= 0 && lossDb < 10)) throw new Error("unexpected glass loss");
 * ```
 */
export function slabCoefficients(
  relativePermittivity: Complex,
  options: SlabOptions,
): SlabCoefficients {
  assertComplex("relativePermittivity", relativePermittivity);
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${options}`);
  }
  const { thicknessM, frequencyHz, incidenceAngleRad, reflectionReferencePlane = "front" } =
    options;
  assertPositive("options.thicknessM", thicknessM);
  assertPositive("options.frequencyHz", frequencyHz);
  assertIncidenceAngle("options.incidenceAngleRad", incidenceAngleRad);
  if (reflectionReferencePlane !== "front" && reflectionReferencePlane !== "mid") {
    throw new RangeError(
      `options.reflectionReferencePlane must be "front" or "mid", got ${reflectionReferencePlane}`,
    );
  }
  const eps = relativePermittivity;
  const k0 = (2 * Math.PI * frequencyHz) / SPEED_OF_LIGHT_M_PER_S;
  const cosT = Math.cos(incidenceAngleRad);
  const sin2 = Math.sin(incidenceAngleRad) ** 2;
  const root = sqrtPrincipal({ re: eps.re - sin2, im: eps.im });
  const q = { re: k0 * thicknessM * root.re, im: k0 * thicknessM * root.im };
  // e^{-j q} and e^{-j 2q}: -j q = q.im - j q.re.
  const e1 = exp({ re: q.im, im: -q.re });
  const e2 = mul(e1, e1);
  const freePhase = k0 * thicknessM * cosT;
  const undoFree = { re: Math.cos(freePhase), im: Math.sin(freePhase) }; // e^{+j k d cos t}
  const one = { re: 1, im: 0 };
  const half = fresnelCoefficients(eps, incidenceAngleRad);
  const solve = (r: Complex): { refl: Complex; trans: Complex } => {
    const r2 = mul(r, r);
    const denom = sub(one, mul(r2, e2));
    if (denom.re === 0 && denom.im === 0) {
      // Only at exactly grazing incidence on a lossless slab at resonance: the limit is
      // total reflection, no transmission.
      return { refl: r, trans: { re: 0, im: 0 } };
    }
    let refl = div(mul(r, sub(one, e2)), denom);
    if (reflectionReferencePlane === "mid") refl = mul(refl, undoFree);
    const trans = mul(div(mul(sub(one, r2), e1), denom), undoFree);
    return { refl, trans };
  };
  const te = solve(half.te);
  const tm = solve(half.tm);
  return {
    reflection: { te: te.refl, tm: tm.refl },
    transmission: { te: te.trans, tm: tm.trans },
  };
}
