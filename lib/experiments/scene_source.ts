/**
 * The scene a study runs on: `data/scenes/<sceneName>.json` by default, or the file a
 * user named (`deno task figures --scene FILE`), recorded in the study config as
 * `scenePath`.
 *
 * @module
 */
import {
  loadNamedScene,
  loadScene,
  loadSceneSource,
  type Scene,
  type SceneSource,
} from "../scene/mod.ts";
import { sceneFromEnvironment } from "./presets.ts";

/** The scene fields every study config carries. */
export interface StudySceneConfig {
  /** The scene's `name`; with no `scenePath`, the file `data/scenes/<sceneName>.json`. */
  readonly sceneName: string;
  /** A scene file to use instead of `data/scenes/<sceneName>.json` (absent by default). */
  readonly scenePath?: string;
}

/**
 * Loads the scene of a study config: `scenePath` when present (its `name` must be
 * `sceneName`), else `data/scenes/<sceneName>.json`. Needs `--allow-read` for the file.
 *
 * @param config the study config.
 * @returns the validated scene.
 */
export async function loadStudyScene(config: StudySceneConfig): Promise<Scene> {
  if (config.scenePath === undefined) return await loadNamedScene(config.sceneName);
  const scene = await loadScene(config.scenePath);
  if (scene.name !== config.sceneName) {
    throw new RangeError(
      `${config.scenePath}: name is "${scene.name}" but the study config expects "${config.sceneName}"`,
    );
  }
  return scene;
}

/**
 * The fields to spread into a study config so that it runs on `source` (nothing for the
 * default office scene, so the default configs and their outputs are unchanged).
 *
 * @param source a loaded scene file, or undefined for the default.
 * @returns `{ sceneName, scenePath }` or `{}`.
 */
export function studySceneFields(source: SceneSource | undefined): Partial<StudySceneConfig> {
  return source === undefined ? {} : { sceneName: source.scene.name, scenePath: source.path };
}

/**
 * The provenance entries of a scene: its name and the SHA-256 of its file.
 *
 * @param source the loaded scene file.
 * @returns `{ scene, sceneSha256 }`.
 */
export function sceneProvenance(source: SceneSource): { scene: string; sceneSha256: string } {
  return { scene: source.scene.name, sceneSha256: source.sha256 };
}

/**
 * The scene a notebook runs on: the file named by `WORKBENCH_SCENE` (see
 * `sceneFromEnvironment`), validated (an error names the file and the field), or
 * undefined when the variable is unset or empty (the office; study configs and outputs
 * stay the default ones). Spread {@link studySceneFields} of the result into a study
 * config, and pass it as `scene` to `simulatedEpisodeSource` / `buildDataset`.
 *
 * @returns the scene with its path and SHA-256, or undefined for the office.
 *
 * @example
 * ```ts
 * import { sceneSourceFromEnvironment, studySceneFields } from "./scene_source.ts";
 * import { channelStudyConfig } from "./channel/config.ts";
 * const source = await sceneSourceFromEnvironment();
 * const config = { ...channelStudyConfig("ci"), ...studySceneFields(source) };
 * console.log(config.sceneName); // "office" unless WORKBENCH_SCENE names another scene
 * ```
 */
export async function sceneSourceFromEnvironment(): Promise<SceneSource | undefined> {
  let value: string | undefined;
  try {
    value = Deno.env.get("WORKBENCH_SCENE");
  } catch {
    value = undefined; // no --allow-env: the office
  }
  if (value === undefined || value === "") return undefined;
  return await loadSceneSource(sceneFromEnvironment());
}
