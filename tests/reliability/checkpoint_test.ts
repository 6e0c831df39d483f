/**
 * Probes of the training checkpoints (issue 12, "Checkpoints"): SHA-256 verification on
 * resume (a changed weight, a truncated `.npy`), `--force-restart`, leftovers of a killed
 * save, `--resume` without a checkpoint, and a bit-exact resume after two interruptions.
 * Tiny synthetic preset (tests/models/_train_fixture.ts) on tfjs's cpu backend.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { joinPath } from "../../lib/core/mod.ts";
import {
  CheckpointError,
  cleanCheckpointLeftovers,
  readCheckpointManifest,
  verifyCheckpoint,
} from "../../lib/models/checkpoint.ts";
import { trainModels, type TrainResult } from "../../lib/models/train.ts";
import { setupTestBackend } from "../models/_setup.ts";
import { buildTrainDataset, TINY_PRESET } from "../models/_train_fixture.ts";
import { lines, runScript } from "./_helpers.ts";

await setupTestBackend();
const root = await Deno.makeTempDir({ prefix: "reliability-ckpt-" });
const dataset = joinPath(root, "dataset");
await buildTrainDataset(dataset);
addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));

const preset = { ...TINY_PRESET, epochs: 3 };

function dispose(r: TrainResult): void {
  for (const m of [r.generator, r.critic, r.lstm]) m.dispose();
}

async function train(outDir: string, epochs: number, extra: Record<string, unknown> = {}) {
  const warnings: string[] = [];
  const r = await trainModels({
    dataset,
    outDir,
    preset,
    seed: 5,
    epochs,
    onWarning: (m) => warnings.push(m),
    ...extra,
  });
  return { r, warnings };
}

/** Overwrites float32 element `index` of a checkpoint `.npy` (after its header). */
async function poke(path: string, value: number): Promise<void> {
  const bytes = await Deno.readFile(path);
  const headerLen = 10 + (bytes[8] | (bytes[9] << 8));
  new DataView(bytes.buffer).setFloat32(headerLen, value, true);
  await Deno.writeFile(path, bytes);
}

Deno.test("resume is bit-exact: two interruptions give the same weights, Adam state and history", async () => {
  const { r: straight } = await train(joinPath(root, "straight"), 3);
  const out = joinPath(root, "interrupted");
  dispose((await train(out, 1)).r);
  dispose((await train(out, 2, { resume: true })).r);
  const { r: resumed } = await train(out, 3, { resume: true });
  assert.equal(resumed.resumedFromEpoch, 2);
  for (const key of ["generator", "critic", "lstm"] as const) {
    const a = resumed[key].getWeights(), b = straight[key].getWeights();
    assert.equal(a.length, b.length);
    a.forEach((w, i) => assert.deepEqual(w.dataSync(), b[i].dataSync(), `${key} weight ${i}`));
  }
  const strip = (r: TrainResult) => r.history.map(({ trainS: _a, validationS: _b, ...x }) => x);
  assert.deepEqual(strip(resumed), strip(straight));
  const m1 = await readCheckpointManifest(resumed.checkpointDir);
  const m2 = await readCheckpointManifest(straight.checkpointDir);
  for (const key of Object.keys(m1.optimizers)) {
    assert.deepEqual(
      m1.optimizers[key].map((e) => e.sha256),
      m2.optimizers[key].map((e) => e.sha256),
      `optimizer ${key} state`,
    );
  }
  assert.deepEqual(m1.adamBiasCorrections, m2.adamBiasCorrections);
  dispose(straight);
  dispose(resumed);
});

Deno.test("a changed weight is caught on resume, naming the file; --force-restart trains from scratch", async () => {
  const out = joinPath(root, "flipped");
  dispose((await train(out, 1)).r);
  const ckpt = joinPath(out, "checkpoint");
  const file = joinPath(ckpt, "generator__000.npy");
  await poke(file, 1000);
  const before = tf.memory().numTensors;
  await assert.rejects(
    () => train(out, 2, { resume: true }),
    (e: unknown) =>
      e instanceof CheckpointError && e.file === file &&
      /SHA-256 .* does not match/.test(e.message),
  );
  assert.ok(tf.memory().numTensors <= before + 1, "no leaked tensors");
  const { r, warnings } = await train(out, 1, { resume: true, forceRestart: true });
  assert.equal(r.resumedFromEpoch, 0);
  assert.ok(warnings.some((w) => w.includes(file) && /force-restart/.test(w)), `${warnings}`);
  await verifyCheckpoint(ckpt, { requireDigests: true });
  dispose(r);
});

Deno.test("a truncated checkpoint .npy: the error names the file (with or without digests)", async () => {
  const out = joinPath(root, "truncated");
  dispose((await train(out, 1)).r);
  const ckpt = joinPath(out, "checkpoint");
  const file = joinPath(ckpt, "critic__001.npy");
  const bytes = await Deno.readFile(file);
  await Deno.writeFile(file, bytes.subarray(0, bytes.length - 3));
  await assert.rejects(
    () => train(out, 2, { resume: true }),
    (e: unknown) => e instanceof CheckpointError && e.message.startsWith(`${file}: `),
  );
  // Without the digest (format /1) the .npy decoder's error is the one, still naming it.
  const manifestPath = joinPath(ckpt, "manifest.json");
  const m = JSON.parse(await Deno.readTextFile(manifestPath));
  m.format = "genai-dt-checkpoint/1";
  for (const list of [...Object.values(m.models), ...Object.values(m.optimizers)]) {
    for (const e of list as { sha256?: string }[]) delete e.sha256;
  }
  await Deno.writeTextFile(manifestPath, JSON.stringify(m));
  await assert.rejects(
    () => verifyCheckpoint(ckpt),
    (e: unknown) => e instanceof CheckpointError && e.message.startsWith(`${file}: `),
  );
  await assert.rejects(() => verifyCheckpoint(ckpt, { requireDigests: true }), /no SHA-256/);
  // A damaged manifest names the manifest.
  await Deno.writeTextFile(manifestPath, "{");
  await assert.rejects(
    () => train(out, 2, { resume: true }),
    (e: unknown) => e instanceof CheckpointError && e.file === manifestPath,
  );
});

Deno.test("leftovers of a killed save are cleaned on start; a checkpoint caught between renames is restored", async () => {
  const out = joinPath(root, "leftovers");
  dispose((await train(out, 1)).r);
  const ckpt = joinPath(out, "checkpoint");
  const tmp = `${ckpt}.tmp-99999-1-0`;
  await Deno.mkdir(tmp);
  await Deno.writeFile(joinPath(tmp, "generator__000.npy"), new Uint8Array(7));
  const { r, warnings } = await train(out, 2, { resume: true });
  assert.equal(r.resumedFromEpoch, 1);
  assert.ok(warnings.some((w) => /removed 1 leftover/.test(w)), `${warnings}`);
  dispose(r);
  assert.deepEqual([...Deno.readDirSync(out)].map((e) => e.name).sort(), ["checkpoint"]);
  // A kill between "rename dir aside" and "rename tmp into place".
  await Deno.rename(ckpt, `${ckpt}.old-99999-2-0`);
  await Deno.mkdir(`${ckpt}.tmp-99999-2-1`);
  const cleaned = await cleanCheckpointLeftovers(ckpt);
  assert.equal(cleaned.restored, `${ckpt}.old-99999-2-0`);
  assert.deepEqual(cleaned.removed, [`${ckpt}.tmp-99999-2-1`]);
  assert.equal((await verifyCheckpoint(ckpt, { requireDigests: true })).step, 2);
});

Deno.test("--resume without a checkpoint is an error, not 'resumed from 0'", async () => {
  const out = joinPath(root, "never");
  await assert.rejects(
    () => train(out, 1, { resume: true }),
    (e: unknown) => e instanceof CheckpointError && /no checkpoint to resume from/.test(e.message),
  );
  const { r, warnings } = await train(out, 1, { resume: true, forceRestart: true });
  assert.equal(r.resumedFromEpoch, 0);
  assert.equal(warnings.length, 1);
  dispose(r);
});

Deno.test({
  name: "CLI: train --resume without a checkpoint exits 1 with one line, before any work",
  permissions: "inherit",
  async fn() {
    const out = joinPath(root, "cli-never");
    const r = await runScript(
      ["--allow-read", `--allow-write=${root}`, "--allow-env", "--allow-sys"],
      "tools/train.ts",
      ["--preset", "ci", "--dataset", dataset, "--out", out, "--resume"],
    );
    assert.equal(r.code, 1, r.stderr);
    const err = lines(r.stderr);
    assert.equal(err.length, 1, r.stderr);
    assert.match(err[0], /^train: --resume: no checkpoint at .*manifest\.json/);
    assert.equal(await Deno.lstat(out).then(() => true, () => false), false, "nothing written");
  },
});
