/**
 * `WORKBENCH_SCENE` for notebooks (issue 14): `sceneSourceFromEnvironment()` is undefined
 * for the office (configs unchanged), else the validated scene, whose fields route a study
 * config to it.
 */
import assert from "node:assert/strict";
import { repoPath } from "../../lib/core/mod.ts";
import {
  channelStudyConfig,
  loadStudyScene,
  sceneFromEnvironment,
  sceneSourceFromEnvironment,
  studySceneFields,
} from "../../lib/experiments/mod.ts";

async function withScene<T>(value: string | undefined, fn: () => Promise<T>): Promise<T> {
  const old = Deno.env.get("WORKBENCH_SCENE");
  if (value === undefined) Deno.env.delete("WORKBENCH_SCENE");
  else Deno.env.set("WORKBENCH_SCENE", value);
  try {
    return await fn();
  } finally {
    if (old === undefined) Deno.env.delete("WORKBENCH_SCENE");
    else Deno.env.set("WORKBENCH_SCENE", old);
  }
}

Deno.test("sceneSourceFromEnvironment: unset is the office with the default configs", async () => {
  await withScene(undefined, async () => {
    assert.equal(await sceneSourceFromEnvironment(), undefined);
    assert.equal(sceneFromEnvironment(), repoPath("data", "scenes", "office.json"));
    const config = { ...channelStudyConfig("ci"), ...studySceneFields(undefined) };
    assert.deepEqual(config, channelStudyConfig("ci"));
  });
});

Deno.test("sceneSourceFromEnvironment: WORKBENCH_SCENE=lab28.json routes a study config to the lab", async () => {
  await withScene("data/scenes/lab28.json", async () => {
    const source = await sceneSourceFromEnvironment();
    assert.ok(source);
    assert.equal(source.scene.name, "lab28");
    assert.equal(source.sha256.length, 64);
    const config = { ...channelStudyConfig("ci"), ...studySceneFields(source) };
    assert.equal(config.sceneName, "lab28");
    const scene = await loadStudyScene(config);
    assert.equal(scene.accessPoints.length, 4);
    assert.equal(scene.carrierFrequencyHz, 28e9);
  });
});

Deno.test("sceneSourceFromEnvironment: a bad file is an error naming it", async () => {
  await withScene("data/scenes/no_such_scene.json", async () => {
    await assert.rejects(sceneSourceFromEnvironment(), /no_such_scene\.json/);
  });
});
