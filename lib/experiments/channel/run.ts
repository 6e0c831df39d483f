/**
 * The channel study (notebook 01): builds the channel model of a scene, surveys links,
 * computes the radio map, the material comparison and a moving UE's channel.
 *
 * @module
 */
import { loadStudyScene } from "../scene_source.ts";
import { createChannelModel, type RadioMap, radioMap } from "../../channel/mod.ts";
import type { Vec3 } from "../../core/mod.ts";
import type { RayPath } from "../../rt/mod.ts";
import type { Scene } from "../../scene/mod.ts";
import type { StageProgress } from "../progress.ts";
import type { ChannelStudyConfig } from "./config.ts";
import {
  materialComparisonRows,
  type MaterialRow,
  type MovingUeRow,
  movingUeRows,
  type PathRow,
  pathRows,
  surveyLinks,
  type SurveyRow,
  surveySummary,
} from "./rows.ts";

/** The example UE of the study (zone 1, near the glass partition), m. */
export const EXAMPLE_UE_POSITION: Vec3 = [5.2, 4.1, 1.0];

/**
 * The example UE of a scene: {@link EXAMPLE_UE_POSITION} at the scene's UE height when it
 * lies in the room (0.3 m from the walls), else the middle of the floor at UE height.
 *
 * @param scene the scene.
 * @returns the UE position, m.
 */
export function exampleUePosition(scene: Scene): Vec3 {
  const [sx, sy] = scene.room.size;
  const [x, y] = EXAMPLE_UE_POSITION;
  const inside = x >= 0.3 && x <= sx - 0.3 && y >= 0.3 && y <= sy - 0.3;
  return inside ? [x, y, scene.ueHeightM] : [sx / 2, sy / 2, scene.ueHeightM];
}

/**
 * The thickness of the scene's first glass partition (its thinnest side, to 1 um), m, which the
 * material comparison uses; undefined (the default 12 mm) when the scene has none.
 */
export function glassPartitionThicknessM(scene: Scene): number | undefined {
  const glass = scene.objects.find((o) => o.kind === "partition" && o.material === "glass");
  if (glass === undefined) return undefined;
  const { min, max } = glass.box;
  // Rounded to 1 um: 7.006 - 6.994 is 0.012000000000000455 in binary floating point.
  return Math.round(Math.min(max[0] - min[0], max[1] - min[1], max[2] - min[2]) * 1e6) / 1e6;
}

/** Everything the channel study computed. */
export interface ChannelStudy {
  readonly config: ChannelStudyConfig;
  readonly scene: Scene;
  readonly examplePaths: RayPath[];
  readonly examplePathRows: PathRow[];
  readonly survey: SurveyRow[];
  readonly surveySummary: ReturnType<typeof surveySummary>;
  readonly radioMap: RadioMap;
  readonly materials: MaterialRow[];
  readonly movingUe: MovingUeRow[];
}

/** Runs the channel study. */
export async function runChannelStudy(
  config: ChannelStudyConfig,
  options: { onProgress?: StageProgress } = {},
): Promise<ChannelStudy> {
  const { onProgress } = options;
  const scene = await loadStudyScene(config);
  const model = createChannelModel(scene, {
    maxReflectionOrder: config.maxReflectionOrder,
    materialSet: config.materialSet,
  });
  const ue = exampleUePosition(scene);
  const examplePaths = model.paths(0, ue);
  const survey = surveyLinks(model, {
    linkCount: config.surveyLinkCount,
    seed: config.seed,
    onProgress: (d, t) => onProgress?.("path-loss survey", d, t),
  });
  const map = radioMap(model, {
    resolutionM: config.radioMapResolutionM,
    onProgress: (d, t) => onProgress?.("radio map", d, t),
  });
  const movingUe = movingUeRows(model, { start: ue, direction: [1, 0.5, 0] });
  return {
    config,
    scene,
    examplePaths,
    examplePathRows: pathRows(examplePaths),
    survey,
    surveySummary: surveySummary(survey),
    radioMap: map,
    materials: materialComparisonRows(scene.carrierFrequencyHz, {
      glassThicknessM: glassPartitionThicknessM(scene),
    }),
    movingUe,
  };
}
