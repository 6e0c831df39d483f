/**
 * Outdoor propagation of the UAV scenario: the direct path and the ground-reflected path
 * (the two-ray model), each attenuated by single knife-edge diffraction over the top
 * edge of any building whose footprint its ground projection crosses, and the UPA
 * channel row the UAV's array sees.
 *
 * - Direct path: `lambda / (4 pi L) exp(-j 2 pi L / lambda)`.
 * - Ground reflection: the image of the UAV below the ground; Fresnel coefficient of
 *   the ground (ITU-R P.2040 concrete at the carrier, TE / horizontal polarization),
 *   at the incidence angle from the ground normal.
 * - Blockage: for each building the path's ground projection crosses, the edge height
 *   above the path where the path is lowest inside the footprint gives the Fresnel-
 *   Kirchhoff `v` (ITU-R P.526), and the loss is P.526's approximation `J(v)` (0 for
 *   `v <= -0.78`, continuous). The largest loss over buildings counts (one dominant
 *   edge); diffraction around a building's sides is not modelled. The loss is capped
 *   at the TR 38.811 Ka-band clutter loss of `config.clutterEnvironment` at the path's
 *   elevation: the energy that other paths (wall reflections, side diffraction) would
 *   bring behind a building, which this two-ray model does not trace.
 * - Channel row: `h^H = sqrt(Nt) sum_l g_e(l) alpha_l a(l)^T` with the 38.901 element
 *   pattern and the unit-norm steering vector of `lib/channel` (the convention of
 *   `channelRowFromPaths`). The array faces the ground (boresight `-z`).
 *
 * @example
 * ```ts
 * import { createRng } from "../core/mod.ts";
 * import { createNtnScene, ntnScenarioConfig } from "./scenario.ts";
 * import { ntnPaths } from "./propagation.ts";
 * const scene = createNtnScene(ntnScenarioConfig({ buildingCount: 0 }), createRng(1));
 * console.log(ntnPaths(scene, [200, 200, 100], [250, 200, 1.5]).length); // 2
 * ```
 *
 * @module
 */
import {
  type ComplexMatrix,
  complexMatrix,
  type ComplexVector,
  dbmToWatt,
  rowView,
  thermalNoiseDbm,
  type Vec3,
  vec3,
  wavelengthM,
} from "../core/mod.ts";
import { elementAmplitude, steeringFromDirectionCosines } from "../channel/mod.ts";
import {
  complexRelativePermittivity,
  fresnelCoefficients,
  fresnelKirchhoffV,
  knifeEdgeLossApproxDb,
} from "../em/mod.ts";
import { ituMaterial } from "../scene/mod.ts";
import type { Box } from "../scene/mod.ts";
import type { NtnScene } from "./scenario.ts";
import { pathLoss38811 } from "./tr38811.ts";

/** One propagation path from the UAV to a user. */
export interface NtnPath {
  readonly kind: "direct" | "ground";
  /** Unfolded length, m. */
  readonly lengthM: number;
  /** Complex field gain (spreading, reflection, blockage, phase), antenna not included. */
  readonly gain: { re: number; im: number };
  /** Unit direction in which the path leaves the UAV. */
  readonly departure: Vec3;
  /** Knife-edge loss applied, dB (0 when clear). */
  readonly blockageLossDb: number;
}

/**
 * Parameter interval `[t0, t1]` (within `[0, 1]`) on which the ground projection of the
 * segment `a -> b` lies inside the footprint of `box`; null when it does not cross.
 */
function footprintCrossing(a: Vec3, b: Vec3, box: Box): [number, number] | null {
  let t0 = 0, t1 = 1;
  for (let ax = 0; ax < 2; ax++) {
    const d = b[ax] - a[ax];
    if (Math.abs(d) < 1e-12) {
      if (a[ax] < box.min[ax] || a[ax] > box.max[ax]) return null;
      continue;
    }
    let u0 = (box.min[ax] - a[ax]) / d, u1 = (box.max[ax] - a[ax]) / d;
    if (u0 > u1) [u0, u1] = [u1, u0];
    t0 = Math.max(t0, u0);
    t1 = Math.min(t1, u1);
    if (t0 > t1) return null;
  }
  return [t0, t1];
}

/**
 * Knife-edge loss in dB of the segment `a -> b` (ITU-R P.526 approximation), the
 * largest over the buildings whose footprint its ground projection crosses; 0 when none.
 */
export function blockageLossDb(
  buildings: readonly Box[],
  a: Vec3,
  b: Vec3,
  wavelength: number,
): number {
  const len = vec3.distance(a, b);
  let worst = 0;
  for (const box of buildings) {
    const c = footprintCrossing(a, b, box);
    if (c === null) continue;
    const za = a[2] + c[0] * (b[2] - a[2]);
    const zb = a[2] + c[1] * (b[2] - a[2]);
    const t = za <= zb ? c[0] : c[1];
    const h = box.max[2] - Math.min(za, zb);
    const d1 = Math.max(t * len, 1e-3), d2 = Math.max((1 - t) * len, 1e-3);
    const v = fresnelKirchhoffV(h, { d1M: d1, d2M: d2, wavelengthM: wavelength });
    worst = Math.max(worst, knifeEdgeLossApproxDb(v));
  }
  return worst;
}

/** True when the segment `a -> b` passes above every building it crosses (geometric LOS). */
export function isLineOfSight(buildings: readonly Box[], a: Vec3, b: Vec3): boolean {
  for (const box of buildings) {
    const c = footprintCrossing(a, b, box);
    if (c === null) continue;
    const za = a[2] + c[0] * (b[2] - a[2]);
    const zb = a[2] + c[1] * (b[2] - a[2]);
    if (Math.min(za, zb) < box.max[2]) return false;
  }
  return true;
}

const groundPermittivity = new Map<number, { re: number; im: number }>();
function groundEps(frequencyHz: number) {
  let eps = groundPermittivity.get(frequencyHz);
  if (eps === undefined) {
    eps = complexRelativePermittivity(ituMaterial("concrete", frequencyHz), frequencyHz);
    groundPermittivity.set(frequencyHz, eps);
  }
  return eps;
}

function pathGain(
  lengthM: number,
  lambda: number,
  coeff: { re: number; im: number },
  lossDb: number,
) {
  const amp = (lambda / (4 * Math.PI * lengthM)) * Math.pow(10, -lossDb / 20);
  const ph = (-2 * Math.PI * lengthM) / lambda;
  const c = Math.cos(ph), s = Math.sin(ph);
  return { re: amp * (coeff.re * c - coeff.im * s), im: amp * (coeff.re * s + coeff.im * c) };
}

/** The direct and the ground-reflected path from the UAV at `uav` to a user at `ue`. */
export function ntnPaths(scene: NtnScene, uav: Vec3, ue: Vec3): NtnPath[] {
  const lambda = wavelengthM(scene.config.carrierHz);
  const b = scene.buildings;
  const dLen = vec3.distance(uav, ue);
  const horiz = Math.hypot(uav[0] - ue[0], uav[1] - ue[1]);
  const elevationDeg = (Math.atan2(uav[2] - ue[2], horiz) * 180) / Math.PI;
  const cap = pathLoss38811(
    scene.config.clutterEnvironment,
    dLen,
    Math.max(0, Math.min(90, elevationDeg)),
    scene.config.carrierHz,
  ).clutterLossDb;
  const dLoss = Math.min(cap, blockageLossDb(b, uav, ue, lambda));
  const direct: NtnPath = {
    kind: "direct",
    lengthM: dLen,
    gain: pathGain(dLen, lambda, { re: 1, im: 0 }, dLoss),
    departure: vec3.normalize(vec3.sub(ue, uav)),
    blockageLossDb: dLoss,
  };
  // Specular point: where the segment from the user to the UAV's image meets z = 0.
  const w = ue[2] / (ue[2] + uav[2]);
  const spec: Vec3 = [ue[0] + w * (uav[0] - ue[0]), ue[1] + w * (uav[1] - ue[1]), 0];
  const gLen = vec3.distance(uav, spec) + vec3.distance(spec, ue);
  const incidence = Math.atan2(horiz, uav[2] + ue[2]);
  const { te } = fresnelCoefficients(groundEps(scene.config.carrierHz), incidence);
  const gLoss = Math.min(
    cap,
    Math.max(blockageLossDb(b, uav, spec, lambda), blockageLossDb(b, spec, ue, lambda)),
  );
  const ground: NtnPath = {
    kind: "ground",
    lengthM: gLen,
    gain: pathGain(gLen, lambda, te, gLoss),
    departure: vec3.normalize(vec3.sub(spec, uav)),
    blockageLossDb: gLoss,
  };
  return [direct, ground];
}

/** Array axes of the UAV's UPA: boresight to the ground, horizontal along +x. */
const BORESIGHT: Vec3 = [0, 0, -1];
const HORIZONTAL: Vec3 = [1, 0, 0];
const VERTICAL: Vec3 = vec3.cross(BORESIGHT, HORIZONTAL);

/** Number of UAV antennas `Nt`. */
export function ntnAntennaCount(scene: NtnScene): number {
  return scene.config.array.horizontal * scene.config.array.vertical;
}

/**
 * The channel row `h^H` `[Nt]` from the UAV at `uav` to a user at `ue` (written into
 * `out` when given).
 */
export function ntnChannelRow(
  scene: NtnScene,
  uav: Vec3,
  ue: Vec3,
  out?: ComplexVector,
): ComplexVector {
  const nt = ntnAntennaCount(scene);
  const row = out ?? { re: new Float64Array(nt), im: new Float64Array(nt) };
  row.re.fill(0);
  row.im.fill(0);
  const scratch = { re: new Float64Array(nt), im: new Float64Array(nt) };
  const sqrtNt = Math.sqrt(nt);
  for (const p of ntnPaths(scene, uav, ue)) {
    const d = p.departure;
    const ub = vec3.dot(d, BORESIGHT), uh = vec3.dot(d, HORIZONTAL), uv = vec3.dot(d, VERTICAL);
    const g = elementAmplitude("3gpp", ub, uh, uv) * sqrtNt;
    steeringFromDirectionCosines(scene.config.array, uh, uv, scratch);
    const ar = g * p.gain.re, ai = g * p.gain.im;
    for (let n = 0; n < nt; n++) {
      row.re[n] += ar * scratch.re[n] - ai * scratch.im[n];
      row.im[n] += ar * scratch.im[n] + ai * scratch.re[n];
    }
  }
  return row;
}

/** The channel matrix `H` `[K, Nt]` (row k = `h_k^H`) from the UAV to users at `ues`. */
export function ntnChannelMatrix(scene: NtnScene, uav: Vec3, ues: readonly Vec3[]): ComplexMatrix {
  const h = complexMatrix(ues.length, ntnAntennaCount(scene));
  ues.forEach((p, k) => ntnChannelRow(scene, uav, p, rowView(h, k)));
  return h;
}

/** Noise power over the band at a user, W: `kT B F`. */
export function ntnNoisePowerW(scene: NtnScene): number {
  return dbmToWatt(thermalNoiseDbm(scene.config.bandwidthHz, scene.config.noiseFigureDb));
}
