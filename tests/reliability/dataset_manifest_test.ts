/**
 * Probe: `deno task train` over a dataset whose manifest is damaged or missing stops with
 * a one-line error saying how to repair it, and changes nothing on disk (issue 12, "Data
 * loss": it used to delete the shards and rebuild seed-1 data in place).
 */
import assert from "node:assert/strict";
import { joinPath } from "../../lib/core/mod.ts";
import { DatasetDamagedError, datasetFolderState } from "../../lib/dataset/mod.ts";
import { buildSynthetic, withTempDir } from "../dataset/helpers.ts";
import { folderDigests, lines, runScript } from "./_helpers.ts";

const TRAIN_FLAGS = ["--allow-read", "--allow-write=/tmp", "--allow-env", "--allow-sys"];

Deno.test("datasetFolderState: missing, empty, complete; damaged or absent manifest beside shards throws", async () => {
  await withTempDir(async (root) => {
    assert.deepEqual(await datasetFolderState(joinPath(root, "none")), { state: "missing" });
    await Deno.mkdir(joinPath(root, "empty"));
    assert.deepEqual(await datasetFolderState(joinPath(root, "empty")), { state: "missing" });
    const dir = joinPath(root, "ci-seed7");
    await buildSynthetic(dir, { episodeCount: 3, seed: 7 });
    assert.equal((await datasetFolderState(dir)).state, "complete");
    const manifest = joinPath(dir, "manifest.json");
    const text = await Deno.readTextFile(manifest);
    await Deno.writeTextFile(manifest, text.slice(0, text.length >> 1));
    await assert.rejects(
      () => datasetFolderState(dir),
      (e: unknown) =>
        e instanceof DatasetDamagedError && /not valid JSON/.test(e.message) &&
        e.message.includes(`deno task dataset --preset ci --seed 7 --out ${dir} --force`) &&
        !e.message.includes("\n"),
    );
    await Deno.remove(manifest);
    await assert.rejects(() => datasetFolderState(dir), /manifest\.json: missing beside/);
  });
});

Deno.test({
  name:
    "train over a dataset with a truncated manifest: one-line repair error, exit 1, shards untouched",
  permissions: "inherit",
  async fn() {
    await withTempDir(async (root) => {
      const dir = joinPath(root, "seed7");
      await buildSynthetic(dir, { episodeCount: 3, seed: 7 });
      const manifest = joinPath(dir, "manifest.json");
      const text = await Deno.readTextFile(manifest);
      await Deno.writeTextFile(manifest, text.slice(0, 200));
      const before = await folderDigests(dir);
      const r = await runScript(TRAIN_FLAGS, "tools/train.ts", [
        "--preset",
        "ci",
        "--dataset",
        dir,
        "--out",
        joinPath(root, "out"),
      ]);
      assert.equal(r.code, 1, r.stderr);
      const err = lines(r.stderr);
      assert.equal(err.length, 1, r.stderr);
      assert.match(err[0], /^train: .*manifest\.json: damaged .*deno task dataset .*--force/);
      assert.deepEqual(await folderDigests(dir), before, "nothing changed on disk");
    });
  },
});
