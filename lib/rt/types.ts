/**
 * What the ray tracer returns. Lengths in metres, delays in seconds, angles in
 * radians, directions as global unit vectors.
 *
 * @module
 */
import type { Complex, Vec3 } from "../core/mod.ts";
import type { MaterialSet } from "../scene/mod.ts";

/** One interaction of a path with a face. */
export interface PathInteraction {
  readonly kind: "reflection" | "transmission";
  readonly faceId: string;
  /** Where the path meets the face, m. */
  readonly point: Vec3;
  /** Angle between the ray and the face normal, rad, in [0, pi/2]. */
  readonly incidenceAngleRad: number;
}

/** Direction as azimuth (from +x towards +y) and elevation (above the xy plane), rad. */
export interface Direction {
  readonly azimuthRad: number;
  readonly elevationRad: number;
  /** The same direction as a global unit vector. */
  readonly unit: Vec3;
}

/** One propagation path from a transmitter to a receiver. */
export interface RayPath {
  /** Number of specular reflections (0 = line of sight or through partitions only). */
  readonly reflectionOrder: number;
  /** Whether the path is the direct ray (it may still cross partitions). */
  readonly isDirect: boolean;
  /** Tx, the interaction points in order, Rx. */
  readonly vertices: readonly Vec3[];
  /** Unfolded path length, m. */
  readonly lengthM: number;
  /** Propagation delay `lengthM / c`, s. */
  readonly delayS: number;
  /**
   * Complex narrowband gain at the carrier (field ratio, dimensionless):
   * `(lambda / (4 pi L)) * (reflection and transmission coefficients, polarization tracked)
   *  * exp(-j 2 pi L / lambda)`. Antenna patterns are not included.
   */
  readonly gain: Complex;
  /** Direction in which the path leaves the transmitter. */
  readonly departure: Direction;
  /** Direction from which the path arrives at the receiver (pointing from Rx back along the path). */
  readonly arrival: Direction;
  /**
   * The image of the transmitter that the receiver sees: for a specular path the
   * unfolded length is exactly `|sourceImage - rx|` (the transmitter itself for a
   * direct path). Lets a tracker update path lengths as the receiver moves, without
   * retracing, as long as the face sequence stays valid.
   */
  readonly sourceImage: Vec3;
  /** Reflections and transmissions in order along the path. */
  readonly interactions: readonly PathInteraction[];
}

/** Options of the ray tracer. */
export interface TraceOptions {
  /** Highest number of specular reflections; default 2. */
  readonly maxReflectionOrder?: number;
  /**
   * Highest reflection order at which furniture faces (desks, cabinets) may reflect.
   * Room surfaces and partitions reflect up to `maxReflectionOrder`. Default 2: small
   * faces rarely carry high-order energy, and they multiply the image tree.
   */
  readonly furnitureMaxReflectionOrder?: number;
  /** Material parameter set; default "itu". */
  readonly materialSet?: MaterialSet;
  /**
   * Antenna polarization of both ends as a global vector (projected onto the plane
   * transverse to each ray and normalized). Default vertical `[0, 0, 1]`.
   */
  readonly polarization?: Vec3;
  /** Let rays pass through partitions (slab transmission); default true. */
  readonly penetration?: boolean;
}
