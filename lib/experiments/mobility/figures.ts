/**
 * Figures of the mobility study (notebook 01b and `deno task figures`), from the rows of
 * `mobility_rows.ts`.
 *
 * @module
 */
import { type Figure, Plot, renderPlot } from "../../plot/mod.ts";
import type { Scene } from "../../scene/mod.ts";
import { floorPlanMarks } from "../channel/figures.ts";
import type { BlockageEvent, HotspotSnapshotRow, RareEventStatRow, TrajectoryRow } from "./rows.ts";
import type { MobilityStudy } from "./run.ts";

function floorFrame(scene: Scene, title: string, marks: Plot.Markish[], color: Plot.ScaleOptions) {
  const [sx, sy] = scene.room.size;
  return renderPlot({
    title,
    width: 640,
    height: Math.round(640 * sy / sx) + 60,
    x: { domain: [0, sx], label: "x (m)" },
    y: { domain: [0, sy], label: "y (m)" },
    color,
    marks: [...floorPlanMarks(scene), ...marks],
  });
}

/** UE trajectories on the floor plan (one line per UE; thicker dots = hotspot). */
export function trajectoriesFigure(
  scene: Scene,
  rows: readonly TrajectoryRow[],
  options: { title?: string } = {},
): Figure {
  const last = rows.filter((r, i) => i === rows.length - 1 || rows[i + 1].ue !== r.ue);
  return floorFrame(
    scene,
    options.title ?? `UE trajectories (${new Set(rows.map((r) => r.ue)).size} UEs)`,
    [
      Plot.line(rows, {
        x: "xM",
        y: "yM",
        z: "ue",
        stroke: "ue",
        strokeWidth: 1,
        strokeOpacity: 0.7,
      }),
      Plot.dot(rows.filter((r) => r.hotspot === 1), { x: "xM", y: "yM", r: 1.5, fill: "black" }),
      Plot.dot(last, { x: "xM", y: "yM", r: 3, fill: "ue", stroke: "black", strokeWidth: 0.5 }),
    ],
    { type: "linear", scheme: "turbo", legend: false },
  );
}

/** Channel gain `||h||^2` of the crossed and the serving link around an injected blockage onset. */
export function blockageGainFigure(event: BlockageEvent, options: { title?: string } = {}): Figure {
  const long = event.rows.flatMap((r) => [
    { timeMs: r.timeMs, gainDb: r.servingLinkGainDb, link: "serving AP" },
    { timeMs: r.timeMs, gainDb: r.crossedLinkGainDb, link: `AP ${event.crossedAp} (crossed)` },
  ]);
  return blockageFrame(event, {
    title: options.title ??
      `Injected blockage of UE ${event.ue}: channel gain (onset at slot ${event.onsetSlot})`,
    y: "gainDb",
    yLabel: "||h||^2 (dB)",
    rows: long,
    stroke: "link",
  });
}

/** Reference SINR (coordinated ZF on the true channels) of the target UE around the onset. */
export function blockageSinrFigure(event: BlockageEvent, options: { title?: string } = {}): Figure {
  return blockageFrame(event, {
    title: options.title ??
      `Injected blockage of UE ${event.ue}: SINR under the ZF reference precoder`,
    y: "sinrDb",
    yLabel: "SINR (dB)",
    rows: event.rows,
    stroke: null,
  });
}

function blockageFrame(
  event: BlockageEvent,
  o: { title: string; y: string; yLabel: string; rows: readonly object[]; stroke: string | null },
): Figure {
  const blocked = event.rows.filter((r) => r.rareEventUe === 1);
  return renderPlot({
    title: o.title,
    subtitle: "dashed: onset (walker spawned); grey: rareEventUe = 1 (target blocked)",
    width: 640,
    height: 300,
    x: { label: "time from onset (ms)" },
    y: { label: o.yLabel, grid: true },
    color: o.stroke ? { legend: true } : undefined,
    marks: [
      Plot.ruleX(blocked, { x: "timeMs", stroke: "#ddd", strokeWidth: 3 }),
      Plot.ruleX([0], { stroke: "crimson", strokeDasharray: "4 3" }),
      Plot.line(o.rows, {
        x: "timeMs",
        y: o.y,
        stroke: o.stroke ?? "steelblue",
        strokeWidth: 1.5,
      }),
    ],
  });
}

/** UE positions at the hotspot's fullest slot, members highlighted, coloured by serving AP. */
export function hotspotSnapshotFigure(
  scene: Scene,
  rows: readonly HotspotSnapshotRow[],
  options: { title?: string } = {},
): Figure {
  const members = rows.filter((r) => r.member === 1).length;
  return floorFrame(
    scene,
    options.title ?? `Hotspot at slot ${rows[0]?.slot}: ${members} members (ringed)`,
    [
      Plot.dot(rows.filter((r) => r.member === 1), { x: "xM", y: "yM", r: 8, stroke: "black" }),
      Plot.dot(rows, {
        x: "xM",
        y: "yM",
        r: 4,
        fill: (r: HotspotSnapshotRow) => scene.accessPoints[r.servingAp]?.id ?? `AP ${r.servingAp}`,
      }),
    ],
    { type: "ordinal", scheme: "observable10", legend: true, label: "serving AP" },
  );
}

/** Realized rates with 95 % intervals against the configured ones (ticks). */
export function rareEventStatsFigure(
  rows: readonly RareEventStatRow[],
  options: { title?: string } = {},
): Figure {
  return renderPlot({
    title: options.title ?? "Rare events: realized (dot, 95 % CI) vs configured (red tick)",
    width: 640,
    height: 260,
    marginLeft: 250,
    x: { label: "rate (fraction)", grid: true, zero: true },
    y: { label: null },
    marks: [
      Plot.ruleY(rows, { y: "statistic", x1: "ci95Low", x2: "ci95High", strokeWidth: 2 }),
      Plot.dot(rows, { y: "statistic", x: "realized", r: 4, fill: "black" }),
      Plot.tickX(rows.filter((r) => Number.isFinite(r.configured)), {
        y: "statistic",
        x: "configured",
        stroke: "crimson",
        strokeWidth: 2,
      }),
    ],
  });
}

/** The study's figures by file name. */
export function mobilityStudyFigures(result: MobilityStudy): Record<string, Figure> {
  const { scene } = result;
  const figures: Record<string, Figure> = {
    "mobility_trajectories": trajectoriesFigure(scene, result.trajectories),
    "mobility_rare_event_stats": rareEventStatsFigure(result.rareEventStats),
  };
  if (result.blockage) {
    figures["mobility_blockage_gain"] = blockageGainFigure(result.blockage);
    figures["mobility_blockage_sinr"] = blockageSinrFigure(result.blockage);
  }
  if (result.hotspot) {
    figures["mobility_hotspot_snapshot"] = hotspotSnapshotFigure(scene, result.hotspot);
  }
  return figures;
}
