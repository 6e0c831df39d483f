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
import {
  apSampleSource,
  pickValidationSamples,
  trainModels,
  type TrainProgressEvent,
  validateModels,
  type ValidationMetrics,
} from "../../lib/models/train.ts";
import { createRng } from "../../lib/core/mod.ts";
import { openDataset } from "../../lib/dataset/mod.ts";
import { buildGenerator } from "../../lib/models/generator.ts";
import { buildLstm } from "../../lib/models/lstm.ts";
import { generatorConfig, lstmConfig } from "../../lib/models/presets.ts";
import { setupTestBackend } from "./_setup.ts";
import { buildTrainDataset, TINY_PRESET } from "./_train_fixture.ts";

await setupTestBackend();

const root = await Deno.makeTempDir({ prefix: "train-test-" });
const dataset = joinPath(root, "dataset");
await buildTrainDataset(dataset);

addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));

/**
 * Deep equality of plain JSON-like values, numbers within `rel` of each other relative to
 * the larger magnitude, or absolute below 1 (a Wasserstein estimate is a small difference
 * of large scores).
 */
function assertClose(a: unknown, b: unknown, rel: number, path: string): void {
  if (typeof a === "number" && typeof b === "number") {
    const ok = Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1);
    assert.ok(ok || (Number.isNaN(a) && Number.isNaN(b)), `${path}: ${a} vs ${b}`);
  } else if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), path);
    for (const [key, value] of Object.entries(a)) {
      assertClose(value, (b as Record<string, unknown>)[key], rel, `${path}.${key}`);
    }
  } else {
    assert.deepEqual(a, b, path);
  }
}

/** Scores that do not depend on the cGAN's latents. */
const LATENT_FREE = [
  "holdSgcs",
  "linearSgcs",
  "lstmSgcs",
  "linearNmseDb",
  "lstmNmseDb",
] as const;

/** Per-horizon scores 1..T, finite, SGCS and coverage in [0, 1], for all and flagged rows. */
function assertScores(v: ValidationMetrics) {
  const T = TINY_PRESET.dims.T;
  assert.ok(v.rareWindows >= 0 && v.rareWindows <= v.windows);
  assert.equal(v.byHorizon.length, T);
  assert.equal(v.rareByHorizon.length, v.rareWindows > 0 ? T : 0);
  for (const list of [v.byHorizon, v.rareByHorizon]) {
    list.forEach((h, i) => {
      assert.equal(h.horizon, i + 1);
      for (const [key, x] of Object.entries(h)) assert.ok(Number.isFinite(x), `${key} ${x}`);
      const unit = [h.holdSgcs, h.linearSgcs, h.lstmSgcs, h.cganMeanSgcs, h.cganBestOfMSgcs];
      for (const x of [...unit, h.cganCoverage]) {
        assert.ok(x >= 0 && x <= 1 + 1e-6, JSON.stringify(h));
      }
    });
  }
}

Deno.test("apSampleSource, pickValidationSamples: per-AP samples of the dataset's windows", async () => {
  const ds = await openDataset(dataset, { cacheEpisodes: 64 });
  const source = apSampleSource(ds, { E: 5, linear: TINY_PRESET.linear });
  assert.deepEqual(source.dims, TINY_PRESET.dims);
  const windows = ds.split("validation");
  const refs = source.refs("validation");
  assert.equal(refs.length, 3 * windows.length);
  assert.deepEqual(refs.slice(0, 3).map((r) => r.ap), [0, 1, 2]);
  const { K, Nt, tau, T, E } = source.dims;
  for (const ref of refs.slice(0, 6)) {
    const s = await source.sample(ref);
    const w = await ds.window(ref);
    assert.deepEqual(s.ref, ref);
    assert.equal(s.condition.slots.length, K * (tau + T + E) * 2 * Nt);
    assert.equal(s.future.length, K * T * 2 * Nt);
    assert.equal(s.rareEvent, w.apRareEventPast[ref.ap] === 1);
    assert.equal(s.condition.rf[2], s.rareEvent ? 1 : 0, "the AP's own flag");
  }
  const picked = await pickValidationSamples(source, 4);
  assert.equal(picked.length, Math.min(4, refs.length));
  assert.ok(picked.filter((p) => p.rareEvent).length <= 2);
  assert.deepEqual(await pickValidationSamples(source, 4), picked, "deterministic");
  assert.throws(() => apSampleSource(ds, { E: -1, linear: TINY_PRESET.linear }), /options\.E/);
});

Deno.test("validateModels: untrained models score as the linear forecast at every horizon", async () => {
  const ds = await openDataset(dataset, { cacheEpisodes: 64 });
  const source = apSampleSource(ds, { E: 5, linear: TINY_PRESET.linear });
  const samples = await pickValidationSamples(source, 4);
  const generator = buildGenerator(generatorConfig(TINY_PRESET, { seed: 1 }));
  const lstm = buildLstm(lstmConfig(TINY_PRESET, { seed: 1 }));
  const v = validateModels({ generator, lstm }, { samples, M: 3, rng: createRng(1), chunk: 3 });
  assert.equal(v.windows, samples.length);
  assert.equal(v.rareWindows, samples.filter((s) => s.rareEvent).length);
  assertScores(v);
  for (const h of [...v.byHorizon, ...v.rareByHorizon]) {
    assert.equal(h.lstmSgcs, h.linearSgcs);
    assert.equal(h.lstmNmseDb, h.linearNmseDb);
    for (const x of [h.cganMeanSgcs, h.cganBestOfMSgcs]) {
      assert.ok(Math.abs(x - h.linearSgcs) < 1e-5, `${x} vs ${h.linearSgcs}`);
    }
    assert.ok(Math.abs(h.cganMeanNmseDb - h.linearNmseDb) < 1e-3);
  }
  assert.throws(
    () => validateModels({ generator, lstm }, { samples: [], M: 3, rng: createRng(1) }),
    /options\.samples/,
  );
  assert.throws(
    () => validateModels({ generator, lstm }, { samples, M: 0, rng: createRng(1) }),
    /options\.M/,
  );
  generator.dispose();
  lstm.dispose();
});

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
  assertScores(v);
  assert.ok(r.history.every((e) => e.varietyLoss > 0), "the ci preset's variety loss is on");
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
  // An uninterrupted run of 3 epochs ends where the resumed one does, up to float32
  // rounding: tfjs's Adam restores its bias corrections as pow(beta, t + 1) where the
  // running optimizer multiplied them up step by step (the same bits only for beta = 0.5;
  // the LSTM's 0.9 and the GAN's beta2 0.999 differ in the last bits).
  const straight = await trainModels({
    dataset,
    outDir: joinPath(root, "straight"),
    preset: TINY_PRESET,
    seed: 3,
    epochs: 3,
  });
  const { trainS: _a, validationS: _b, ...resumed } = r3.history[2];
  const { trainS: _c, validationS: _d, ...uninterrupted } = straight.history[2];
  assertClose(resumed, uninterrupted, 1e-6, "epoch 3");
  for (const key of ["generator", "critic", "lstm"] as const) {
    const a = r3[key].getWeights(), b = straight[key].getWeights();
    a.forEach((w, i) => {
      const x = Array.from(w.dataSync()), y = Array.from(b[i].dataSync());
      const scale = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const diff = x.reduce((m, v, j) => Math.max(m, Math.abs(v - y[j])), 0);
      assert.ok(diff <= 1e-5 * scale + 1e-12, `${key} weight ${i}: ${diff} of ${scale}`);
    });
  }
  for (const mdl of [straight.generator, straight.critic, straight.lstm]) mdl.dispose();

  // Shipping and loading.
  const shipDir = joinPath(root, "ship");
  const manifest = await shipModels(r3, shipDir, { backend: { backend: "cpu" } });
  assert.equal(manifest.validation?.windows, 2);
  assert.ok(await hasShippedModels("ci", { dir: shipDir }));
  const loaded = await loadShippedModels("ci", { dir: shipDir });
  const a = r3.generator.getWeights().map((w) => w.dataSync());
  const b = loaded.generator.getWeights().map((w) => w.dataSync());
  assert.deepEqual(b, a);

  // Scoring the shipped weights: the same windows and, for the latent-free scores, the
  // same numbers as the last epoch's validation.
  const last = r3.history.at(-1)!.validation;
  const scored = await validateShippedModels("ci", dataset, { dir: shipDir });
  assert.equal(scored.windows, last.windows);
  assert.equal(scored.rareWindows, last.rareWindows);
  assertScores(scored);
  scored.byHorizon.forEach((h, i) => {
    const l = last.byHorizon[i];
    for (const key of LATENT_FREE) assert.equal(h[key], l[key], `${key} at horizon ${i + 1}`);
  });
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
