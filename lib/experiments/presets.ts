/**
 * Presets shared by notebooks, `deno task figures` and `deno task nb`:
 * `ci` runs in seconds (the test gate), `cpu` is the default for regenerating figures
 * on a 2-core machine, `paper` scales up towards the paper's settings.
 *
 * @module
 */

import { repoPath, resolvePath } from "../core/mod.ts";

/** Preset names. */
export type PresetName = "ci" | "cpu" | "paper";

/** All preset names, in increasing cost. */
export const PRESET_NAMES: readonly PresetName[] = ["ci", "cpu", "paper"];

/** Throws a `RangeError` listing the valid names unless `name` is a preset. */
export function assertPresetName(label: string, name: unknown): asserts name is PresetName {
  if (!PRESET_NAMES.includes(name as PresetName)) {
    throw new RangeError(
      `${label} must be one of ${PRESET_NAMES.join(", ")}, got ${JSON.stringify(name)}`,
    );
  }
}

/**
 * The preset selected by the environment variable `WORKBENCH_PRESET` (set by
 * `deno task nb`), else `fallback`. Notebooks call this so CI runs them small.
 */
export function presetFromEnvironment(fallback: PresetName = "cpu"): PresetName {
  let value: string | undefined;
  try {
    value = Deno.env.get("WORKBENCH_PRESET");
  } catch {
    value = undefined; // no --allow-env: use the fallback
  }
  if (value === undefined || value === "") return fallback;
  assertPresetName("WORKBENCH_PRESET", value);
  return value;
}

/**
 * The scene file selected by the environment variable `WORKBENCH_SCENE` (a path,
 * absolute or relative to the working directory), else the office,
 * `data/scenes/office.json`. Notebooks can pass it to `loadSceneSource`.
 *
 * @example
 * ```ts
 * import { sceneFromEnvironment } from "./presets.ts";
 * if (!sceneFromEnvironment().endsWith(".json")) throw new Error("a scene file");
 * ```
 */
export function sceneFromEnvironment(): string {
  let value: string | undefined;
  try {
    value = Deno.env.get("WORKBENCH_SCENE");
  } catch {
    value = undefined; // no --allow-env: the office
  }
  if (value === undefined || value === "") return repoPath("data", "scenes", "office.json");
  return resolvePath(value);
}
