/**
 * Figures of the channel study (notebook 01 and `deno task figures`). Each takes tidy
 * rows from `rows.ts` and returns a rendered Observable Plot figure.
 *
 * @module
 */
import type { RadioMap } from "../../channel/mod.ts";
import { type Figure, Plot, renderPlot } from "../../plot/mod.ts";
import type { Scene } from "../../scene/mod.ts";
import {
  type FloorPlanRow,
  floorPlanRows,
  type MaterialRow,
  type MovingUeRow,
  pathSegmentRows,
  type SurveyRow,
} from "./rows.ts";
import type { ChannelStudy } from "./run.ts";
import type { Vec3 } from "../../core/mod.ts";
import type { RayPath } from "../../rt/mod.ts";

/** The office's materials (the paper's Table I and metal), always in the legend. */
const MATERIAL_COLORS = {
  domain: ["glass", "wood", "metal", "concrete"],
  range: ["#6baed6", "#c49a6c", "#636363", "#bdbdbd"],
};
/** Colours of the other ITU-R P.2040 materials, added to the legend when a scene uses them. */
const EXTRA_MATERIAL_COLORS: Readonly<Record<string, string>> = {
  brick: "#b2473e",
  plasterboard: "#c7b9e0",
  ceilingboard: "#e8e4a8",
  chipboard: "#e0a040",
  floorboard: "#7f5f3f",
};

/**
 * The material colour scale of a scene's floor plan: the office's four materials, then
 * any other material of the scene's objects or walls (so the office's legend is unchanged).
 */
function materialColors(scene: Scene): { domain: string[]; range: string[] } {
  const domain = [...MATERIAL_COLORS.domain];
  const range = [...MATERIAL_COLORS.range];
  for (const m of [...scene.objects.map((o) => o.material), scene.room.wallMaterial]) {
    if (!domain.includes(m)) {
      domain.push(m);
      range.push(EXTRA_MATERIAL_COLORS[m] ?? "#999999");
    }
  }
  return { domain, range };
}

function roomFrame(scene: Scene) {
  const [sx, sy] = scene.room.size;
  return Plot.rect([{ x1: 0, x2: sx, y1: 0, y2: sy }], {
    x1: "x1",
    x2: "x2",
    y1: "y1",
    y2: "y2",
    stroke: "#333",
    strokeWidth: 3,
    fill: "none",
  });
}

function objectMarks(rows: FloorPlanRow[], options: { colorByMaterial?: boolean } = {}) {
  const { colorByMaterial = true } = options;
  return Plot.rect(rows, {
    x1: "x1",
    x2: (d: FloorPlanRow) => Math.max(d.x2, d.x1 + 0.08),
    y1: "y1",
    y2: (d: FloorPlanRow) => Math.max(d.y2, d.y1 + 0.08),
    fill: colorByMaterial ? "material" : "#c8c8c8",
    fillOpacity: 0.8,
    stroke: "#333",
    strokeWidth: 0.5,
  });
}

function apMarks(scene: Scene) {
  const aps = scene.accessPoints.map((a) => ({ id: a.id, x: a.position[0], y: a.position[1] }));
  return [
    Plot.dot(aps, { x: "x", y: "y", symbol: "triangle", r: 7, fill: "crimson", stroke: "white" }),
    Plot.text(aps, { x: "x", y: "y", text: "id", dy: -13, fontWeight: "bold" }),
  ];
}

/**
 * Each AP's boresight seen from above: an arrow along its horizontal projection (length
 * proportional to it, 1.5 m for a horizontal boresight), and "facing down" / "facing up"
 * under the AP when the boresight is within about 3 degrees of vertical.
 */
function boresightMarks(scene: Scene) {
  const arrows: { x1: number; y1: number; x2: number; y2: number }[] = [];
  const labels: { x: number; y: number; text: string }[] = [];
  for (const ap of scene.accessPoints) {
    const [bx, by, bz] = ap.boresight;
    const [x, y] = ap.position;
    if (Math.hypot(bx, by) > 0.05) {
      arrows.push({ x1: x, y1: y, x2: x + 1.5 * bx, y2: y + 1.5 * by });
    } else {
      labels.push({ x, y, text: bz < 0 ? "facing down" : "facing up" });
    }
  }
  return [
    Plot.arrow(arrows, {
      x1: "x1",
      y1: "y1",
      x2: "x2",
      y2: "y2",
      stroke: "crimson",
      strokeWidth: 2,
    }),
    Plot.text(labels, { x: "x", y: "y", text: "text", dy: 14, fontSize: 9, fill: "crimson" }),
  ];
}

/**
 * The static marks of a floor plan (room outline, objects, APs with labels) for figures
 * that draw on top of it (trajectories, hotspots). Use with x/y domains
 * `[0, room.size[0]]` / `[0, room.size[1]]` and, when `colorByMaterial`, the material
 * colour scale of {@link floorPlanFigure}.
 *
 * @param scene the scene.
 * @param options `colorByMaterial` (default false: objects in grey).
 * @returns Plot marks, outline first and APs last.
 */
export function floorPlanMarks(
  scene: Scene,
  options: { colorByMaterial?: boolean } = {},
): Plot.Markish[] {
  return [
    roomFrame(scene),
    objectMarks(floorPlanRows(scene), { colorByMaterial: options.colorByMaterial ?? false }),
    ...apMarks(scene),
  ];
}

/**
 * The floor plan: walls, glass partitions, desks, cabinets (coloured by material) and APs
 * with their boresight (an arrow along its horizontal projection, or "facing down");
 * optionally, instead, the paths to one UE projected on the floor (colour = reflection
 * order; objects in grey, no boresight). The first figure of the channel step: a preview
 * of any scene.
 */
export function floorPlanFigure(
  scene: Scene,
  options: { paths?: readonly RayPath[]; ue?: Vec3; title?: string } = {},
): Figure {
  const [sx, sy] = scene.room.size;
  const marks: Plot.Markish[] = [
    roomFrame(scene),
    objectMarks(floorPlanRows(scene), { colorByMaterial: !options.paths }),
  ];
  if (options.paths) {
    marks.push(
      Plot.line(pathSegmentRows(options.paths), {
        x: "x",
        y: "y",
        z: "path",
        stroke: "order",
        strokeWidth: 1.2,
        strokeOpacity: 0.8,
      }),
    );
  }
  if (!options.paths) marks.push(...boresightMarks(scene));
  marks.push(...apMarks(scene));
  if (options.ue) {
    marks.push(
      Plot.dot([{ x: options.ue[0], y: options.ue[1] }], { x: "x", y: "y", r: 5, fill: "black" }),
    );
  }
  return renderPlot({
    title: options.title ?? `${scene.name}: ${sx} x ${sy} x ${scene.room.size[2]} m`,
    width: 640,
    height: Math.round(640 * sy / sx) + 60,
    x: { domain: [0, sx], label: "x (m)" },
    y: { domain: [0, sy], label: "y (m)" },
    color: options.paths
      ? { type: "ordinal", scheme: "viridis", legend: true, label: "reflection order" }
      : { ...materialColors(scene), legend: true },
    marks,
  });
}

/** Ray-traced path loss against distance with the 38.901 InH-Office and free-space lines. */
export function pathLossFigure(
  rows: readonly SurveyRow[],
  options: { title?: string } = {},
): Figure {
  const ds = rows.map((r) => r.distanceM).sort((a, b) => a - b);
  const lines = ds.flatMap((d, i) => {
    const r = rows.find((x) => x.distanceM === d)!;
    return i % 4 === 0
      ? [
        { distanceM: d, lossDb: r.ref38901LosDb, model: "38.901 InH LOS" },
        { distanceM: d, lossDb: r.ref38901NlosDb, model: "38.901 InH NLOS" },
        { distanceM: d, lossDb: r.freeSpaceDb, model: "free space" },
      ]
      : [];
  });
  return renderPlot({
    title: options.title ?? "Path loss vs distance",
    width: 640,
    height: 380,
    x: { type: "log", label: "3-D distance (m)" },
    y: { label: "path loss (dB)", grid: true },
    color: { legend: true },
    marks: [
      Plot.dot(rows, {
        x: "distanceM",
        y: "pathLossDb",
        stroke: (d: SurveyRow) => (d.lineOfSight ? "ray-traced LOS" : "ray-traced NLOS"),
        r: 2,
      }),
      Plot.line(lines, { x: "distanceM", y: "lossDb", stroke: "model", strokeWidth: 2 }),
    ],
  });
}

/** Empirical CDF of the RMS delay spread, LOS and NLOS links. */
export function delaySpreadFigure(rows: readonly SurveyRow[]): Figure {
  const cdf = (["LOS", "NLOS"] as const).flatMap((cls) => {
    const v = rows.filter((r) => r.lineOfSight === (cls === "LOS")).map((r) => r.delaySpreadNs)
      .sort((a, b) => a - b);
    return v.map((x, i) => ({ delaySpreadNs: x, p: (i + 1) / v.length, link: cls }));
  });
  return renderPlot({
    title: "RMS delay spread",
    width: 640,
    height: 320,
    x: { label: "RMS delay spread (ns)", grid: true },
    y: { label: "CDF", domain: [0, 1], grid: true },
    color: { legend: true },
    marks: [Plot.line(cdf, { x: "delaySpreadNs", y: "p", stroke: "link", curve: "step-after" })],
  });
}

function gridCells(map: RadioMap, values: Float64Array | Int32Array, label: string) {
  const nx = map.xM.length;
  const h = map.resolutionM / 2;
  const rows: { x1: number; x2: number; y1: number; y2: number; value: number; panel: string }[] =
    [];
  for (let j = 0; j < map.yM.length; j++) {
    for (let i = 0; i < nx; i++) {
      const v = values[j * nx + i];
      if (Number.isNaN(v)) continue;
      rows.push({
        x1: map.xM[i] - h,
        x2: map.xM[i] + h,
        y1: map.yM[j] - h,
        y2: map.yM[j] + h,
        value: v,
        panel: label,
      });
    }
  }
  return rows;
}

/** Received power per AP (matched beam), one panel per AP, dBm. */
export function radioMapFigure(scene: Scene, map: RadioMap): Figure {
  const cells = map.rxPowerDbm.flatMap((p, b) => gridCells(map, p, scene.accessPoints[b].id));
  const [sx, sy] = scene.room.size;
  return renderPlot({
    title: "Received power with a matched beam, per AP (dBm)",
    width: 960,
    height: Math.round(320 * sy / sx) + 110,
    fx: { label: null },
    x: { domain: [0, sx], label: "x (m)" },
    y: { domain: [0, sy], label: "y (m)" },
    color: { type: "linear", scheme: "turbo", legend: true, label: "received power (dBm)" },
    marks: [
      Plot.rect(cells, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "value", fx: "panel" }),
      Plot.rect(floorPlanRows(scene).filter((r) => r.kind === "partition"), {
        x1: "x1",
        x2: (d: FloorPlanRow) => d.x2 + 0.05,
        y1: "y1",
        y2: "y2",
        fill: "white",
      }),
    ],
  });
}

/** Best-server map and SINR map side by side. */
export function bestServerFigure(scene: Scene, map: RadioMap): Figure {
  const [sx, sy] = scene.room.size;
  const cells = gridCells(map, map.bestServer, "best server").map((c) => ({
    ...c,
    server: scene.accessPoints[c.value]?.id ?? "none",
  }));
  return renderPlot({
    title: "Best server (max received power)",
    width: 640,
    height: Math.round(640 * sy / sx) + 60,
    x: { domain: [0, sx], label: "x (m)" },
    y: { domain: [0, sy], label: "y (m)" },
    color: { type: "ordinal", scheme: "set2", legend: true },
    marks: [
      Plot.rect(cells, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "server" }),
      objectMarks(floorPlanRows(scene).filter((r) => r.kind === "partition"), {
        colorByMaterial: false,
      }),
      ...apMarks(scene),
    ],
  });
}

/** SINR with the best server and beam-averaged interference, dB. */
export function sinrMapFigure(scene: Scene, map: RadioMap): Figure {
  const [sx, sy] = scene.room.size;
  return renderPlot({
    title: "SINR map: best server, interferers' beams averaged (dB)",
    width: 640,
    height: Math.round(640 * sy / sx) + 100,
    x: { domain: [0, sx], label: "x (m)" },
    y: { domain: [0, sy], label: "y (m)" },
    color: { type: "linear", scheme: "viridis", legend: true, label: "SINR (dB)" },
    marks: [
      Plot.rect(gridCells(map, map.sinrDb, "sinr"), {
        x1: "x1",
        x2: "x2",
        y1: "y1",
        y2: "y2",
        fill: "value",
      }),
      ...apMarks(scene),
    ],
  });
}

/** Slab transmission loss vs incidence angle for both material sets. */
export function materialComparisonFigure(rows: readonly MaterialRow[]): Figure {
  return renderPlot({
    title: "Penetration loss of one slab (TE), paper Table I vs ITU-R P.2040",
    width: 640,
    height: 340,
    x: { label: "incidence angle (deg)", grid: true },
    y: { label: "transmission loss (dB)", grid: true },
    color: { legend: true },
    marks: [
      Plot.line(rows, {
        x: "incidenceAngleDeg",
        y: "transmissionLossDb",
        stroke: (d: MaterialRow) => `${d.material} ${d.thicknessM * 1000} mm, ${d.materialSet}`,
        strokeWidth: 2,
      }),
    ],
  });
}

/** `||h||^2` of every AP while the UE moves 10 cm: the fading is smooth. */
export function movingUeGainFigure(rows: readonly MovingUeRow[]): Figure {
  return renderPlot({
    title: "A UE moving 10 cm: channel gain ||h||^2 per AP",
    width: 640,
    height: 300,
    x: { label: "displacement (mm)", grid: true },
    y: { label: "||h||^2 (dB)", grid: true },
    color: { legend: true },
    marks: [Plot.line(rows, { x: "displacementMm", y: "channelGainDb", stroke: "apId" })],
  });
}

/** Unwrapped phase of antenna element 0 while the UE moves: about 2 pi per wavelength. */
export function movingUePhaseFigure(rows: readonly MovingUeRow[]): Figure {
  return renderPlot({
    title: "A UE moving 10 cm: phase of element 0 (unwrapped)",
    width: 640,
    height: 300,
    x: { label: "displacement (mm)", grid: true },
    y: { label: "phase (rad)", grid: true },
    color: { legend: true },
    marks: [Plot.line(rows, { x: "displacementMm", y: "element0PhaseRad", stroke: "apId" })],
  });
}

/** The study's figures by file name. */
export function channelStudyFigures(result: ChannelStudy): Record<string, Figure> {
  const { scene } = result;
  const ue = result.examplePaths[0]?.vertices.at(-1);
  return {
    "channel_floor_plan": floorPlanFigure(scene),
    "channel_paths_to_ue": floorPlanFigure(scene, {
      paths: result.examplePaths,
      ue,
      title: `Paths from ${
        scene.accessPoints[0].id
      } to one UE (order <= ${result.config.maxReflectionOrder})`,
    }),
    "channel_path_loss": pathLossFigure(result.survey),
    "channel_delay_spread": delaySpreadFigure(result.survey),
    "channel_radio_map": radioMapFigure(scene, result.radioMap),
    "channel_best_server": bestServerFigure(scene, result.radioMap),
    "channel_sinr_map": sinrMapFigure(scene, result.radioMap),
    "channel_materials": materialComparisonFigure(result.materials),
    "channel_moving_ue_gain": movingUeGainFigure(result.movingUe),
    "channel_moving_ue_phase": movingUePhaseFigure(result.movingUe),
  };
}
