/**
 * Reflection and transmission of a single homogeneous slab in air, with all internal
 * multiple reflections (ITU-R P.2040, single-layer slab, eqs. 37-40).
 *
 * @module
 */
import { assertPositive, type Complex } from "../core/mod.ts";
import { assertComplex } from "./complex_scalar.ts";
import { slabInto } from "./coefficients.ts";
import { assertIncidenceAngle, type PolarizationPair } from "./fresnel.ts";

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
  const { re, im } = relativePermittivity;
  const out = new Float64Array(8);
  const pair = (): PolarizationPair => ({
    te: { re: out[0], im: out[1] },
    tm: { re: out[2], im: out[3] },
  });
  const reflectionPart = reflectionReferencePlane === "mid" ? "reflection-mid" : "reflection-front";
  slabInto(re, im, thicknessM, frequencyHz, incidenceAngleRad, reflectionPart, out);
  const reflection = pair();
  slabInto(re, im, thicknessM, frequencyHz, incidenceAngleRad, "transmission", out);
  return { reflection, transmission: pair() };
}
