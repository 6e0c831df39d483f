import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { joinPath } from "../../lib/core/mod.ts";
import { readCheckpointManifest } from "../../lib/models/checkpoint.ts";
import { DivergenceError } from "../../lib/models/divergence.ts";
import {
  hasShippedModels,
  loadShippedModels,
  shipModels,
  validateShippedModels,
} from "../../lib/models/shipped.ts";
import { trainModels, type TrainProgressEvent } from "../../lib/models/train.ts";
import { setupTestBackend } from "./_setup.ts";
import { buildTrainDataset, TINY_PRESET } from "./_train_fixture.ts";

await setupTestBackend();

const root = await Deno.makeTempDir({ prefix: "train-test-" });
const dataset = joinPath(root, "dataset");
await buildTrainDataset(dataset);

addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));

Deno.test("trainModels: epochs, validation metrics, checkpoint, resume, no tensor growth", async () => {
  const outDir = joinPath(root, "run");
  const counts: number[] = [];
  const events: TrainProgressEvent[] = [];
  const r = await trainModels({
    dataset,
    outDir,
    preset: TINY_PRESET,
    seed: 3,
    onProgress: (e) => {
      events.push(e);
      if (e.phase === "train") counts.push(tf.memory().numTensors);
    },
  });
  assert.equal(r.history.length, 2);
  assert.equal(r.resumedFromEpoch, 0);
  assert.equal(events.filter((e) => e.phase === "train").length, 4); // 2 epochs x 2 steps
  // No growth in tensor count across steps once the optimizer state exists.
  assert.ok(counts.length >= 3);
  assert.deepEqual(counts.slice(1), counts.slice(1).map(() => counts[1]), `${counts}`);
  const v = r.history[1].validation;
  assert.equal(v.windows, 2);
  for (const x of [v.cganNmseDb, v.spread, v.coverage, v.gainW1Db, v.lstmNmseDb, v.holdNmseDb]) {
    assert.ok(Number.isFinite(x), JSON.stringify(v));
  }
  assert.ok(v.coverage >= 0 && v.coverage <= 1);
  assert.equal(v.nominalCoverage, 0.5); // (M - 1) / (M + 1) with M = 3
  const m = await readCheckpointManifest(r.checkpointDir);
  assert.equal(m.step, 2);
  assert.deepEqual(Object.keys(m.models).sort(), ["critic", "generator", "lstm"]);
  assert.equal(m.meta.datasetChecksum, r.datasetChecksum);

  // Resume: a third epoch continues from the checkpoint (same result as uninterrupted).
  const r3 = await trainModels({
    dataset,
    outDir,
    preset: TINY_PRESET,
    seed: 3,
    epochs: 3,
    resume: true,
  });
  assert.equal(r3.resumedFromEpoch, 2);
  assert.equal(r3.history.length, 3);
  assert.deepEqual(r3.history[0], r.history[0]);

  // Shipping and loading.
  const shipDir = joinPath(root, "ship");
  const manifest = await shipModels(r3, shipDir, { backend: { backend: "cpu" } });
  assert.equal(manifest.validation?.windows, 2);
  assert.ok(await hasShippedModels("ci", { dir: shipDir }));
  const loaded = await loadShippedModels("ci", { dir: shipDir });
  const a = r3.generator.getWeights().map((w) => w.dataSync());
  const b = loaded.generator.getWeights().map((w) => w.dataSync());
  assert.deepEqual(b, a);

  // Scoring the shipped weights: the same windows and, for the latent-free metrics, the
  // same numbers as the last epoch's validation; signature correlations in [0, 1].
  const last = r3.history.at(-1)!.validation;
  const scored = await validateShippedModels("ci", dataset, { dir: shipDir });
  assert.equal(scored.windows, last.windows);
  assert.equal(scored.lstmNmseDb, last.lstmNmseDb);
  assert.equal(scored.holdNmseDb, last.holdNmseDb);
  assert.equal(scored.holdSignature, last.holdSignature);
  for (const v of [scored.cganSignature, scored.lstmSignature, scored.holdSignature]) {
    assert.ok(v! >= 0 && v! <= 1 + 1e-9, `signature ${v}`);
  }
  for (const x of [r, r3, loaded]) for (const mdl of [x.generator, x.critic, x.lstm]) mdl.dispose();
});

Deno.test("trainModels: a NaN loss stops with a clear message and keeps the last checkpoint", async () => {
  const outDir = joinPath(root, "nan");
  const first = await trainModels({ dataset, outDir, preset: TINY_PRESET, epochs: 1 });
  for (const mdl of [first.generator, first.critic, first.lstm]) mdl.dispose();
  const before = await Deno.readTextFile(joinPath(outDir, "checkpoint", "manifest.json"));
  await assert.rejects(
    () =>
      trainModels({
        dataset,
        outDir,
        preset: TINY_PRESET,
        resume: true,
        injectNaNAtStep: 3,
      }),
    (e: unknown) =>
      e instanceof DivergenceError && e.step === 3 && /criticLoss = NaN/.test(e.message) &&
      e.message.includes(joinPath(outDir, "checkpoint")),
  );
  const after = await Deno.readTextFile(joinPath(outDir, "checkpoint", "manifest.json"));
  assert.equal(after, before);
});

Deno.test("trainModels: an absurd learning rate diverges before any checkpoint is written", async () => {
  const outDir = joinPath(root, "lr");
  await assert.rejects(
    () =>
      trainModels({
        dataset,
        outDir,
        preset: { ...TINY_PRESET, epochs: 6 },
        adam: { learningRate: 1e12, beta1: 0.5, beta2: 0.999 },
      }),
    (e: unknown) =>
      e instanceof DivergenceError && /no checkpoint|last good checkpoint/.test(e.message),
  );
});

Deno.test("trainModels: argument errors name the argument", async () => {
  // deno-lint-ignore no-explicit-any
  await assert.rejects(() => trainModels({ outDir: root } as any), /options\.dataset/);
  await assert.rejects(
    () => trainModels({ dataset, outDir: root, preset: "cpu" }),
    /preset cpu expects/,
  );
});

Deno.test({
  name: "a training process killed with SIGKILL resumes from its last checkpoint",
  permissions: "inherit",
  async fn() {
    const outDir = joinPath(root, "killed");
    const child = new Deno.Command("./node_modules/deno/deno", {
      args: [
        "run",
        "--allow-read",
        `--allow-write=${root}`,
        "--allow-env",
        "--allow-sys",
        new URL("./_train_child.ts", import.meta.url).pathname,
        dataset,
        outDir,
      ],
      stdout: "piped",
      stderr: "null",
      env: { NO_COLOR: "1" },
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!/epoch 1\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    child.kill("SIGKILL");
    await reader.cancel().catch(() => {});
    const status = await child.status;
    assert.equal(status.signal, "SIGKILL");
    const saved = (await readCheckpointManifest(joinPath(outDir, "checkpoint"))).step;
    assert.ok(saved >= 1, `checkpoint at epoch ${saved}`);
    const r = await trainModels({
      dataset,
      outDir,
      preset: TINY_PRESET,
      epochs: saved + 1,
      resume: true,
    });
    assert.equal(r.resumedFromEpoch, saved);
    assert.equal(r.history.length, saved + 1);
    for (const mdl of [r.generator, r.critic, r.lstm]) mdl.dispose();
  },
});
