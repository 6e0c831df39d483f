/**
 * Shipped weights: trained models stored in the repository (`data/models/<preset>/`) so
 * that notebooks and `deno task figures` run without retraining.
 *
 * Layout: `cgan/` (generator + critic, `checkpoint.ts` format, no optimizer state),
 * `lstm/` (the LSTM-DT), and `manifest.json`:
 * `{ format, preset, presetConfig, seed, dims, datasetDir, datasetChecksum, validation
 * (last epoch), history, backend, trainWallS, codeVersion, savedAt }`.
 *
 * @example
 * ```ts ignore
 * const { generator, lstm, manifest } = await loadShippedModels("cpu");
 * console.log(manifest.validation?.byHorizon[0].cganBestOfMSgcs);
 * ```
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { assertInteger, createRng, joinPath, repoPath } from "../core/mod.ts";
import { openDataset, readCodeVersion } from "../dataset/mod.ts";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import type { ModelDims } from "./condition.ts";
import { buildCritic } from "./critic.ts";
import { buildGenerator } from "./generator.ts";
import { buildLstm } from "./lstm.ts";
import {
  criticConfig,
  generatorConfig,
  lstmConfig,
  type ModelPreset,
  type ModelPresetName,
} from "./presets.ts";
import {
  apSampleSource,
  type EpochRecord,
  pickValidationSamples,
  type TrainResult,
  validateModels,
  type ValidationMetrics,
} from "./train.ts";

/** Format tag of a shipped manifest. */
export const SHIPPED_FORMAT = "genai-dt-models/2";

/** `data/models/<preset>/` manifest. */
export interface ShippedManifest {
  readonly format: string;
  readonly preset: ModelPresetName;
  readonly presetConfig: ModelPreset;
  readonly seed: number;
  readonly dims: ModelDims;
  readonly datasetDir: string;
  readonly datasetChecksum: string;
  readonly validation: ValidationMetrics | null;
  readonly history: readonly EpochRecord[];
  readonly backend: unknown;
  /** Seconds of training + validation over all epochs (resumes included). */
  readonly trainWallS: number;
  readonly codeVersion: unknown;
  readonly savedAt: string;
  /**
   * The scene the training dataset was simulated on (its `name`); absent in manifests
   * written before it was recorded: the office (`data/scenes/office.json`).
   */
  readonly scene?: string;
  /**
   * SHA-256 of that scene's file, when the dataset was built from a named file
   * (`--scene FILE`); absent: `data/scenes/<scene>.json` of the code version.
   */
  readonly sceneSha256?: string;
}

/** Default folder of a preset's shipped weights. */
export function shippedModelsDir(preset: ModelPresetName): string {
  return repoPath("data", "models", preset);
}

/**
 * Writes the trained models and the manifest to `dir`.
 *
 * @param result from `trainModels`.
 * @param dir target folder (e.g. {@link shippedModelsDir}).
 * @param options `backend` (recorded), `wallS` (unused when the history has times),
 *   `scene` (the dataset's scene name and SHA-256, recorded when given).
 */
export async function shipModels(
  result: TrainResult,
  dir: string,
  options: {
    readonly backend?: unknown;
    readonly wallS?: number;
    readonly scene?: { readonly scene: string; readonly sceneSha256?: string };
  } = {},
): Promise<ShippedManifest> {
  await saveCheckpoint(joinPath(dir, "cgan"), {
    models: { generator: result.generator, critic: result.critic },
    step: result.history.length,
  });
  await saveCheckpoint(joinPath(dir, "lstm"), {
    models: { lstm: result.lstm },
    step: result.history.length,
  });
  const trainWallS = result.history.reduce((s, r) => s + r.trainS + r.validationS, 0) ||
    (options.wallS ?? result.wallS);
  const manifest: ShippedManifest = {
    format: SHIPPED_FORMAT,
    preset: result.preset.name,
    presetConfig: result.preset,
    seed: result.seed,
    dims: result.dims,
    datasetDir: result.datasetDir.replace(repoPath() + "/", ""),
    datasetChecksum: result.datasetChecksum,
    validation: result.history.at(-1)?.validation ?? null,
    history: result.history,
    backend: options.backend ?? null,
    trainWallS,
    codeVersion: await readCodeVersion().catch(() => null),
    savedAt: new Date().toISOString(),
    ...(options.scene?.scene === undefined ? {} : { scene: options.scene.scene }),
    ...(options.scene?.sceneSha256 === undefined ? {} : { sceneSha256: options.scene.sceneSha256 }),
  };
  await Deno.writeTextFile(
    joinPath(dir, "manifest.json"),
    JSON.stringify(manifest, null, 1) + "\n",
  );
  return manifest;
}

/** Whether `dir` (default the preset's folder) holds shipped weights. */
export async function hasShippedModels(
  preset: ModelPresetName,
  options: { readonly dir?: string } = {},
): Promise<boolean> {
  try {
    await Deno.stat(joinPath(options.dir ?? shippedModelsDir(preset), "manifest.json"));
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads shipped models (generator, critic, LSTM) built from the manifest's preset.
 *
 * @param preset preset name (folder `data/models/<preset>` unless `dir` is given).
 * @param options `dir`.
 */
export async function loadShippedModels(
  preset: ModelPresetName,
  options: { readonly dir?: string } = {},
): Promise<{
  readonly generator: tf.LayersModel;
  readonly critic: tf.LayersModel;
  readonly lstm: tf.LayersModel;
  readonly manifest: ShippedManifest;
}> {
  const dir = options.dir ?? shippedModelsDir(preset);
  const manifest = JSON.parse(
    await Deno.readTextFile(joinPath(dir, "manifest.json")),
  ) as ShippedManifest;
  if (manifest.format !== SHIPPED_FORMAT) {
    throw new RangeError(
      `${dir}/manifest.json: format ${manifest.format}, expected ${SHIPPED_FORMAT}`,
    );
  }
  const p = manifest.presetConfig;
  const generator = buildGenerator(generatorConfig(p, { seed: manifest.seed }));
  const critic = buildCritic(criticConfig(p, { seed: manifest.seed }));
  const lstm = buildLstm(lstmConfig(p, { seed: manifest.seed }));
  await loadCheckpoint(joinPath(dir, "cgan"), { models: { generator, critic } });
  await loadCheckpoint(joinPath(dir, "lstm"), { models: { lstm } });
  return { generator, critic, lstm, manifest };
}

/**
 * Scores the shipped models of a preset on a dataset's validation windows, with the
 * metrics training records per epoch (`validateModels`), signature correlations
 * included (manifests written before they existed lack them). What
 * `deno task train --validate-shipped` prints.
 *
 * @param preset shipped preset (`data/models/<preset>`).
 * @param datasetDir a built dataset with the model's dimensions.
 * @param options `windows` (default: the preset's `validationSamples`), `M` (default:
 *   the preset's), `seed` of the latents (default 1), `dir` of the weights.
 */
export async function validateShippedModels(
  preset: ModelPresetName,
  datasetDir: string,
  options: { windows?: number; M?: number; seed?: number; dir?: string } = {},
): Promise<ValidationMetrics> {
  const { generator, critic, lstm, manifest } = await loadShippedModels(preset, {
    dir: options.dir,
  });
  try {
    const count = options.windows ?? manifest.presetConfig.validationSamples;
    const M = options.M ?? manifest.presetConfig.M;
    assertInteger("options.windows", count, { min: 1 });
    const p = manifest.presetConfig;
    const source = apSampleSource(await openDataset(datasetDir, { cacheEpisodes: 1 << 20 }), {
      E: p.dims.E,
      linear: p.linear,
    });
    const samples = await pickValidationSamples(source, count);
    if (samples.length === 0) throw new RangeError(`${datasetDir} has no validation windows`);
    return validateModels({ generator, lstm }, {
      samples,
      M,
      rng: createRng(options.seed ?? 1).stream("validate-shipped"),
    });
  } finally {
    generator.dispose();
    critic.dispose();
    lstm.dispose();
  }
}
