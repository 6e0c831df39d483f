/**
 * The whole channel study in one call: builds the channel model of a scene, surveys
 * links, computes the radio map and the material comparison, and saves every figure
 * and table. Shared by notebook 01 and `deno task figures`.
 *
 * @module
 */
import { createChannelModel, type RadioMap, radioMap } from "../channel/mod.ts";
import { joinPath, type Vec3 } from "../core/mod.ts";
import { saveFigure } from "../plot/mod.ts";
import { loadNamedScene, type Scene } from "../scene/mod.ts";
import {
  bestServerFigure,
  delaySpreadFigure,
  floorPlanFigure,
  materialComparisonFigure,
  movingUeGainFigure,
  movingUePhaseFigure,
  pathLossFigure,
  radioMapFigure,
  sinrMapFigure,
} from "./channel_figures.ts";
import {
  type ChannelStudyConfig,
  materialComparisonRows,
  type MaterialRow,
  type MovingUeRow,
  movingUeRows,
  type PathRow,
  pathRows,
  surveyLinks,
  type SurveyRow,
  surveySummary,
} from "./channel_synthesis.ts";
import { writeTable } from "./tables.ts";
import type { RayPath } from "../rt/mod.ts";

/** The example UE of the study (zone 1, near the glass partition), m. */
export const EXAMPLE_UE_POSITION: Vec3 = [5.2, 4.1, 1.0];

/** Everything the channel study computed. */
export interface ChannelStudyResult {
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

/** Progress of a stage: `stage` names it, `done / total` its units. */
export type StudyProgress = (stage: string, done: number, total: number) => void;

/** Runs the channel study. */
export async function runChannelStudy(
  config: ChannelStudyConfig,
  options: { onProgress?: StudyProgress } = {},
): Promise<ChannelStudyResult> {
  const { onProgress } = options;
  const scene = await loadNamedScene(config.sceneName);
  const model = createChannelModel(scene, {
    maxReflectionOrder: config.maxReflectionOrder,
    materialSet: config.materialSet,
  });
  const ue: Vec3 = [EXAMPLE_UE_POSITION[0], EXAMPLE_UE_POSITION[1], scene.ueHeightM];
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
    materials: materialComparisonRows(scene.carrierFrequencyHz),
    movingUe,
  };
}

/** Saves every figure (SVG + PNG) and table (CSV + JSON) of the study under `outDir`. */
export async function saveChannelStudy(
  result: ChannelStudyResult,
  outDir: string,
  options: { provenance?: Record<string, unknown> } = {},
): Promise<string[]> {
  const { scene } = result;
  const ue = result.examplePaths[0]?.vertices.at(-1);
  const figures = {
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
  const provenance = { ...options.provenance, config: result.config, scene: scene.name };
  const written: string[] = [];
  for (const [name, figure] of Object.entries(figures)) {
    const { svgPath, pngPath } = await saveFigure(figure, joinPath(outDir, name), {
      metadata: provenance,
    });
    written.push(svgPath, pngPath);
  }
  const tables: Record<string, readonly object[]> = {
    "channel_example_paths": result.examplePathRows,
    "channel_survey": result.survey,
    "channel_survey_summary": result.surveySummary,
    "channel_materials": result.materials,
  };
  for (const [name, rows] of Object.entries(tables)) {
    written.push(...await writeTable(rows, joinPath(outDir, name), { provenance }));
  }
  return written;
}
