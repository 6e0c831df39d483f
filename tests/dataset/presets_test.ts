import assert from "node:assert/strict";
import {
  DATASET_PRESET_NAMES,
  DATASET_PRESETS,
  datasetPreset,
  validateDatasetPreset,
  windowsPerEpisode,
} from "../../lib/dataset/mod.ts";

Deno.test("presets: documented numbers; paper holds >= 50 000 windows of 1 000-slot episodes", () => {
  for (const name of DATASET_PRESET_NAMES) {
    const p = datasetPreset(name);
    validateDatasetPreset(p);
    assert.equal(p.ueCount, 30);
    assert.deepEqual(p.window, { past: 10, future: 5, stride: 1 });
    assert.equal(p.sceneName, "office");
  }
  const paper = DATASET_PRESETS.paper;
  assert.equal(paper.slotCount, 1000);
  assert.ok(paper.episodeCount * windowsPerEpisode(paper.slotCount, paper.window) >= 50_000);
  assert.equal(DATASET_PRESETS.cpu.episodeCount * windowsPerEpisode(200, paper.window), 3720);
  assert.equal(DATASET_PRESETS.ci.episodeCount * windowsPerEpisode(40, paper.window), 130);
  assert.throws(() => datasetPreset("big"), /preset must be one of ci, cpu, paper, got "big"/);
  assert.throws(
    () => validateDatasetPreset({ ...paper, slotCount: 12 }),
    /preset\.slotCount \(12\) must be >= window\.past \+ window\.future \(15\)/,
  );
  assert.throws(
    () =>
      validateDatasetPreset({
        ...paper,
        splitFractions: { train: 0.8, validation: 0.1, test: 0.2 },
      }),
    /preset\.splitFractions must sum to 1/,
  );
});
