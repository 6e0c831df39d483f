/**
 * Tidy rows of the channel study (notebook 01): one object per observation, which the
 * figure functions plot and `saveChannelStudy` writes.
 *
 * @module
 */
import { complexRelativePermittivity, slabCoefficients } from "../../em/mod.ts";
import {
  type ChannelModel,
  freeSpacePathLossDb,
  pathLoss38901InH,
  rayTracedPathLossDb,
  rmsDelaySpreadS,
} from "../../channel/mod.ts";
import { createRng, radToDeg, type Vec3 } from "../../core/mod.ts";
import type { RayPath } from "../../rt/mod.ts";
import { materialParameters, type MaterialSet, type Scene } from "../../scene/mod.ts";

/** One solid of the floor plan as a rectangle, m. */
export interface FloorPlanRow {
  id: string;
  kind: string;
  material: string;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

/** Floor-plan rectangles (partitions, furniture) of a scene. */
export function floorPlanRows(scene: Scene): FloorPlanRow[] {
  return scene.objects.map((o) => ({
    id: o.id,
    kind: o.kind,
    material: o.material,
    x1: o.box.min[0],
    x2: o.box.max[0],
    y1: o.box.min[1],
    y2: o.box.max[1],
  }));
}

/** One path as a table row. */
export interface PathRow {
  rank: number;
  reflectionOrder: number;
  via: string;
  lengthM: number;
  delayNs: number;
  gainDb: number;
  departureAzimuthDeg: number;
  departureElevationDeg: number;
}

/** Paths as table rows, strongest first. */
export function pathRows(paths: readonly RayPath[]): PathRow[] {
  return paths.map((p, i) => ({
    rank: i + 1,
    reflectionOrder: p.reflectionOrder,
    via: p.interactions.map((x) => (x.kind === "reflection" ? "R:" : "T:") + x.faceId).join(" ") ||
      "direct",
    lengthM: p.lengthM,
    delayNs: p.delayS * 1e9,
    gainDb: 20 * Math.log10(Math.hypot(p.gain.re, p.gain.im)),
    departureAzimuthDeg: radToDeg(p.departure.azimuthRad),
    departureElevationDeg: radToDeg(p.departure.elevationRad),
  }));
}

/** Path segments projected on the floor, one row per vertex, grouped by `path`. */
export function pathSegmentRows(paths: readonly RayPath[]): {
  path: number;
  order: number;
  x: number;
  y: number;
}[] {
  return paths.flatMap((p, i) =>
    p.vertices.map((v) => ({ path: i, order: p.reflectionOrder, x: v[0], y: v[1] }))
  );
}

/** One surveyed link. */
export interface SurveyRow {
  apId: string;
  distanceM: number;
  lineOfSight: boolean;
  pathLossDb: number;
  freeSpaceDb: number;
  ref38901LosDb: number;
  ref38901NlosDb: number;
  delaySpreadNs: number;
  pathCount: number;
}

/**
 * Path loss and delay spread of random links (uniform UE positions at UE height, any
 * AP). A link is line of sight when its direct ray exists and crosses nothing.
 */
export function surveyLinks(
  model: ChannelModel,
  options: { linkCount: number; seed: number; onProgress?: (done: number, total: number) => void },
): SurveyRow[] {
  const { scene } = model;
  const rng = createRng(options.seed).stream("channel-survey");
  const rows: SurveyRow[] = [];
  const f = scene.carrierFrequencyHz;
  for (let i = 0; i < options.linkCount; i++) {
    const b = rng.integer(model.apCount);
    const ue: Vec3 = [
      rng.uniformIn(0.3, scene.room.size[0] - 0.3),
      rng.uniformIn(0.3, scene.room.size[1] - 0.3),
      scene.ueHeightM,
    ];
    const ap = scene.accessPoints[b];
    const distanceM = Math.hypot(
      ue[0] - ap.position[0],
      ue[1] - ap.position[1],
      ue[2] - ap.position[2],
    );
    const paths = model.paths(b, ue);
    if (paths.length === 0 || distanceM < 1) continue;
    const lineOfSight = paths.some((p) => p.isDirect && p.interactions.length === 0);
    rows.push({
      apId: ap.id,
      distanceM,
      lineOfSight,
      pathLossDb: rayTracedPathLossDb(paths),
      freeSpaceDb: freeSpacePathLossDb(distanceM, f),
      ref38901LosDb: pathLoss38901InH(distanceM, f, { lineOfSight: true }).meanDb,
      ref38901NlosDb: pathLoss38901InH(distanceM, f, { lineOfSight: false }).meanDb,
      delaySpreadNs: rmsDelaySpreadS(paths) * 1e9,
      pathCount: paths.length,
    });
    options.onProgress?.(i + 1, options.linkCount);
  }
  return rows;
}

/** Mean and standard deviation of (ray-traced - 38.901) per LOS class, dB. */
export function surveySummary(rows: readonly SurveyRow[]): {
  lineOfSight: boolean;
  links: number;
  meanDeviationDb: number;
  stdDeviationDb: number;
  medianDelaySpreadNs: number;
}[] {
  return [true, false].map((los) => {
    const sel = rows.filter((r) => r.lineOfSight === los);
    const dev = sel.map((r) => r.pathLossDb - (los ? r.ref38901LosDb : r.ref38901NlosDb));
    const mean = dev.reduce((a, b) => a + b, 0) / Math.max(1, dev.length);
    const std = Math.sqrt(
      dev.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, dev.length - 1),
    );
    const spreads = sel.map((r) => r.delaySpreadNs).sort((a, b) => a - b);
    return {
      lineOfSight: los,
      links: sel.length,
      meanDeviationDb: mean,
      stdDeviationDb: std,
      medianDelaySpreadNs: spreads[Math.floor(spreads.length / 2)] ?? NaN,
    };
  });
}

/** Slab loss of one material set at one angle. */
export interface MaterialRow {
  material: string;
  materialSet: MaterialSet;
  thicknessM: number;
  incidenceAngleDeg: number;
  transmissionLossDb: number;
  reflectionLossDb: number;
}

/**
 * Penetration and reflection loss (TE) of the scene's glass partitions and a wooden
 * desk slab for both material sets, against incidence angle.
 */
export function materialComparisonRows(
  frequencyHz: number,
  options: { glassThicknessM?: number; woodThicknessM?: number } = {},
): MaterialRow[] {
  const { glassThicknessM = 0.012, woodThicknessM = 0.03 } = options;
  const rows: MaterialRow[] = [];
  for (const set of ["paper", "itu"] as const) {
    for (
      const [material, thicknessM] of [["glass", glassThicknessM], [
        "wood",
        woodThicknessM,
      ]] as const
    ) {
      const eps = complexRelativePermittivity(
        materialParameters(material, { set, frequencyHz }),
        frequencyHz,
      );
      for (let angleDeg = 0; angleDeg <= 85; angleDeg += 5) {
        const c = slabCoefficients(eps, {
          thicknessM,
          frequencyHz,
          incidenceAngleRad: (angleDeg * Math.PI) / 180,
        });
        rows.push({
          material,
          materialSet: set,
          thicknessM,
          incidenceAngleDeg: angleDeg,
          transmissionLossDb: -20 *
            Math.log10(Math.hypot(c.transmission.te.re, c.transmission.te.im)),
          reflectionLossDb: -20 * Math.log10(Math.hypot(c.reflection.te.re, c.reflection.te.im)),
        });
      }
    }
  }
  return rows;
}

/** Channel of a UE moving in small steps: one row per step and AP. */
export interface MovingUeRow {
  displacementMm: number;
  apId: string;
  /** `||h||^2` relative to 1, dB (includes array gain). */
  channelGainDb: number;
  /** `|h_0|` of antenna element 0, dB. */
  element0MagnitudeDb: number;
  /** Phase of element 0, rad, unwrapped along the walk. */
  element0PhaseRad: number;
}

/**
 * Walks a UE `distanceM` along `direction` in steps of `stepM` and records the channel
 * of every AP: what a 10 cm move does to `|h|` and to the phase.
 */
export function movingUeRows(
  model: ChannelModel,
  options: { start: Vec3; direction: Vec3; distanceM?: number; stepM?: number },
): MovingUeRow[] {
  const { start, direction, distanceM = 0.1, stepM = 0.001 } = options;
  const n = Math.round(distanceM / stepM);
  const norm = Math.hypot(...direction);
  const rows: MovingUeRow[] = [];
  const lastPhase = new Array(model.apCount).fill(NaN);
  const unwrapped = new Array(model.apCount).fill(0);
  for (let i = 0; i <= n; i++) {
    const s = i * stepM;
    const p: Vec3 = [
      start[0] + (direction[0] / norm) * s,
      start[1] + (direction[1] / norm) * s,
      start[2] + (direction[2] / norm) * s,
    ];
    const hs = model.channelMatrices([p]);
    hs.forEach((h, b) => {
      let g = 0;
      for (let k = 0; k < h.re.length; k++) g += h.re[k] ** 2 + h.im[k] ** 2;
      // Row k holds h^H: element 0 of h is the conjugate of entry 0.
      const phase = Math.atan2(-h.im[0], h.re[0]);
      if (Number.isNaN(lastPhase[b])) unwrapped[b] = phase;
      else {
        let d = phase - lastPhase[b];
        d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
        unwrapped[b] += d;
      }
      lastPhase[b] = phase;
      rows.push({
        displacementMm: s * 1000,
        apId: model.scene.accessPoints[b].id,
        channelGainDb: 10 * Math.log10(g),
        element0MagnitudeDb: 10 * Math.log10(h.re[0] ** 2 + h.im[0] ** 2),
        element0PhaseRad: unwrapped[b],
      });
    });
  }
  return rows;
}
