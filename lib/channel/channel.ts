/**
 * Narrowband MISO channels from ray-traced paths (the paper's eq. (1) with physical
 * path gains).
 *
 * For AP b and UE k, the downlink row is
 *
 *     h_{k,b}^H = sqrt(Nt) * sum_l g_e(l) * alpha_l * a(phi_l, theta_l)^T
 *
 * where `alpha_l` is the path's complex gain (free-space spreading, reflection and
 * transmission coefficients, geometric phase `exp(-j 2 pi L / lambda)`), `g_e` the
 * element field pattern, and `a` the unit-norm steering vector. Eq. (1)'s
 * `sqrt(Nt / L)` becomes `sqrt(Nt)`: the `1/L` normalization only makes sense for
 * unit-mean path gains, and these gains are physical. With `a` unit-norm, a matched
 * beam `w = h / ||h||` collects `|h^H w|^2 = ||h||^2`, which holds the array gain.
 *
 * A channel matrix `H_b` is `[K, Nt]` complex with row k = `h_{k,b}^H`, so the signal
 * received by all UEs from AP b's transmit vector `x` (`[Nt]`) is `y = H_b x`.
 *
 * @module
 */
import {
  type ComplexMatrix,
  complexMatrix,
  type ComplexVector,
  rowView,
  type Vec3,
  vec3,
} from "../core/mod.ts";
import { createPathTracer, type PathTracer, type RayPath, type TraceOptions } from "../rt/mod.ts";
import type { AccessPoint, Scene } from "../scene/mod.ts";
import { elementAmplitude, type ElementPattern } from "./element_pattern.ts";
import { antennaCount, arrayAxes, steeringFromDirectionCosines } from "./upa.ts";

/** Options of channel synthesis (ray tracing options plus the antenna model). */
export interface ChannelOptions extends TraceOptions {
  /** Element pattern of the AP arrays; default "3gpp". */
  readonly elementPattern?: ElementPattern;
}

/**
 * Adds one AP's channel to a UE (`h^H`, length Nt) into `out` from that UE's paths.
 */
export function channelRowFromPaths(
  ap: AccessPoint,
  paths: readonly RayPath[],
  options: { elementPattern?: ElementPattern; out?: ComplexVector } = {},
): ComplexVector {
  const { elementPattern = "3gpp" } = options;
  const nt = antennaCount(ap.array);
  const out = options.out ?? { re: new Float64Array(nt), im: new Float64Array(nt) };
  const { boresight, horizontal, vertical } = arrayAxes(ap);
  const scratch = { re: new Float64Array(nt), im: new Float64Array(nt) };
  const sqrtNt = Math.sqrt(nt);
  for (const path of paths) {
    const d = path.departure.unit;
    const ub = vec3.dot(d, boresight);
    const uh = vec3.dot(d, horizontal);
    const uv = vec3.dot(d, vertical);
    const g = elementAmplitude(elementPattern, ub, uh, uv) * sqrtNt;
    if (g === 0) continue;
    steeringFromDirectionCosines(ap.array, uh, uv, scratch);
    const ar = g * path.gain.re;
    const ai = g * path.gain.im;
    for (let n = 0; n < nt; n++) {
      out.re[n] += ar * scratch.re[n] - ai * scratch.im[n];
      out.im[n] += ar * scratch.im[n] + ai * scratch.re[n];
    }
  }
  return out;
}

/**
 * A scene's channel source: one path tracer per AP, built once, then channel matrices
 * for any set of UE positions.
 */
export interface ChannelModel {
  readonly scene: Scene;
  readonly options: ChannelOptions;
  /** Number of APs `A`. */
  readonly apCount: number;
  /** Antennas per AP `Nt`. */
  readonly antennaCount: number;
  /** Paths from AP `apIndex` to a UE at `position`. */
  paths(apIndex: number, position: Vec3): RayPath[];
  /** `H_b` `[K, Nt]` for every AP b (length A), row k = `h_{k,b}^H`. */
  channelMatrices(uePositions: readonly Vec3[]): ComplexMatrix[];
}

/**
 * Builds the channel model of a scene.
 *
 * @example
 * ```ts
 * import { loadNamedScene } from "../scene/mod.ts";
 * import { createChannelModel } from "./channel.ts";
 * const model = createChannelModel(await loadNamedScene("office"), { maxReflectionOrder: 1 });
 * const [h0] = model.channelMatrices([[4, 5, 1], [5, 9, 1]]);
 * console.log(h0.rows, h0.cols); // 2 64
 * ```
 */
export function createChannelModel(scene: Scene, options: ChannelOptions = {}): ChannelModel {
  const tracers: PathTracer[] = scene.accessPoints.map((ap) =>
    createPathTracer(scene, ap.position, options)
  );
  const nt = antennaCount(scene.accessPoints[0].array);
  for (const ap of scene.accessPoints) {
    if (antennaCount(ap.array) !== nt) {
      throw new RangeError(
        `scene.accessPoints: all arrays must have ${nt} elements (${ap.id} differs)`,
      );
    }
  }
  return {
    scene,
    options,
    apCount: scene.accessPoints.length,
    antennaCount: nt,
    paths(apIndex, position) {
      const tracer = tracers[apIndex];
      if (!tracer) {
        throw new RangeError(`apIndex must be in [0, ${tracers.length - 1}], got ${apIndex}`);
      }
      return tracer.trace(position);
    },
    channelMatrices(uePositions) {
      return scene.accessPoints.map((ap, b) =>
        matrixFromTracer(ap, tracers[b], uePositions, options.elementPattern)
      );
    },
  };
}

/**
 * Channel matrix `[K, Nt]` (row k = `h_{k,b}^H`) of one AP of a scene to a set of UE
 * positions. One-shot form of {@link createChannelModel}.
 *
 * @example
 * ```ts
 * import { loadNamedScene } from "../scene/mod.ts";
 * import { channelMatrix } from "./channel.ts";
 * const scene = await loadNamedScene("office");
 * const h = channelMatrix(scene, { apIndex: 0, uePositions: [[3, 4, 1]] });
 * if (h.rows !== 1 || h.cols !== 64) throw new Error("shape must be [K, Nt]");
 * ```
 */
export function channelMatrix(
  scene: Scene,
  link: { apIndex: number; uePositions: readonly Vec3[] },
  options: ChannelOptions = {},
): ComplexMatrix {
  const ap = scene.accessPoints[link.apIndex];
  if (!ap) {
    throw new RangeError(
      `link.apIndex must be in [0, ${scene.accessPoints.length - 1}], got ${link.apIndex}`,
    );
  }
  const tracer = createPathTracer(scene, ap.position, options);
  return matrixFromTracer(ap, tracer, link.uePositions, options.elementPattern);
}

/** `[K, Nt]` matrix of one AP, tracing each UE position. */
function matrixFromTracer(
  ap: AccessPoint,
  tracer: PathTracer,
  uePositions: readonly Vec3[],
  elementPattern: ElementPattern | undefined,
): ComplexMatrix {
  const nt = antennaCount(ap.array);
  const h = complexMatrix(uePositions.length, nt);
  uePositions.forEach((p, k) => {
    channelRowFromPaths(ap, tracer.trace(p), { elementPattern, out: rowView(h, k) });
  });
  return h;
}
