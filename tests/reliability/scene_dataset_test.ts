/**
 * `--scene FILE` for datasets and models (issue 14): a dataset built on a scene file
 * records the scene's name and SHA-256 in its manifest; a bad scene writes nothing; a
 * model trained on one scene and used on another gets a note in the run's notes and in
 * the learned rows' reasons of the reproduction table.
 */
import assert from "node:assert/strict";
import { joinPath, repoPath } from "../../lib/core/mod.ts";
import {
  buildDataset,
  datasetPreset,
  parseManifest,
  readManifest,
  simulatedEpisodeSource,
} from "../../lib/dataset/mod.ts";
import {
  figureSchemes,
  modelSceneNote,
  type ReproductionRow,
  SCHEME_IDS,
  withSceneNote,
} from "../../lib/experiments/mod.ts";
import { loadSceneSource } from "../../lib/scene/mod.ts";
import { runScript, taskFlags } from "./_helpers.ts";

const OFFICE = repoPath("data", "scenes", "office.json");

/** The office renamed to "my-lab" in `dir`, optionally edited. */
async function renamedOffice(
  dir: string,
  edit: (json: Record<string, unknown>) => void = () => {},
): Promise<string> {
  const json = JSON.parse(await Deno.readTextFile(OFFICE));
  json.name = "my-lab";
  edit(json);
  const path = joinPath(dir, "my_lab.json");
  await Deno.writeTextFile(path, JSON.stringify(json, null, 2));
  return path;
}

Deno.test("dataset --scene (library): the manifest records the scene's name and SHA-256, and episodes run on it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const scene = await loadSceneSource(await renamedOffice(dir));
    const preset = {
      ...datasetPreset("ci"),
      sceneName: scene.scene.name,
      episodeCount: 2,
      slotCount: 15,
      ueCount: 2,
      episode: { maxReflectionOrder: 0 },
    };
    const source = await simulatedEpisodeSource(preset, { scene });
    const outDir = joinPath(dir, "ds");
    try {
      await buildDataset({
        outDir,
        preset,
        seed: 1,
        scene: { name: scene.scene.name, sha256: scene.sha256 },
        generateEpisode: source.generateEpisode,
        codeVersion: {
          packageVersion: null,
          gitCommit: null,
          sourceHash: "0".repeat(64),
          sourceHashScope: [],
        },
      });
    } finally {
      source.close();
    }
    const m = await readManifest(outDir);
    assert.equal(m.sceneName, "my-lab");
    assert.equal(m.sceneSha256, scene.sha256);
    assert.equal(m.complete, true);
    // A manifest without the field (written before it existed) still reads.
    const raw = JSON.parse(await Deno.readTextFile(joinPath(outDir, "manifest.json")));
    delete raw.sceneSha256;
    assert.equal(parseManifest(raw).sceneSha256, undefined);
    raw.sceneSha256 = "not-a-hash";
    assert.throws(() => parseManifest(raw), /sceneSha256/);
    // A scene whose name is not the preset's is refused before anything runs.
    await assert.rejects(
      simulatedEpisodeSource({ ...preset, sceneName: "office" }, { scene }),
      /my_lab\.json: name "my-lab" differs/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dataset --scene (CLI): a bad scene is an error naming the file and the field, and nothing is written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await renamedOffice(dir, (json) => {
      (json.objects as { material: string }[])[0].material = "unobtainium";
    });
    const out = joinPath(dir, "ds");
    const flags = (await taskFlags("dataset")).map((f) =>
      f.startsWith("--allow-read=")
        ? `${f},${path}`
        : f.startsWith("--allow-write=")
        ? `${f},${out}`
        : f
    );
    const r = await runScript(flags, "tools/dataset.ts", [
      "--preset",
      "ci",
      "--scene",
      path,
      "--out",
      out,
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /my_lab\.json/);
    assert.match(r.stderr, /material/);
    await assert.rejects(Deno.stat(out), Deno.errors.NotFound, "the output folder was created");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dataset and train --scene (CLI): without --allow-run (no re-launch), a file outside the repository is refused with the exact deno run flags", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await renamedOffice(dir);
    const out = joinPath(dir, "ds");
    // The task re-launches itself with these paths (tests/tools/relaunch_test.ts); without
    // --allow-run it cannot, and says what to run instead.
    const noRun = (flags: string[]) => flags.filter((f) => !f.startsWith("--allow-run"));
    const d = await runScript(noRun(await taskFlags("dataset")), "tools/dataset.ts", [
      "--preset",
      "ci",
      "--scene",
      path,
      "--out",
      out,
    ]);
    assert.equal(d.code, 1, d.stderr);
    assert.match(d.stderr, /--scene .*my_lab\.json: no read permission/);
    assert.ok(d.stderr.includes(`deno run --allow-read=.,${path} --allow-write=${out} `), d.stderr);
    await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
    // train may read /tmp: a missing scene file there is an error naming it, nothing built.
    const t = await runScript(await taskFlags("train"), "tools/train.ts", [
      "--preset",
      "ci",
      "--scene",
      joinPath(dir, "missing.json"),
      "--dataset",
      out,
    ]);
    assert.equal(t.code, 1, t.stderr);
    assert.match(t.stderr, /missing\.json/);
    await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("model/scene mismatch: office weights on another scene give a note in the notes and the learned rows' reasons", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const office = await loadSceneSource(OFFICE);
    const lab = await loadSceneSource(await renamedOffice(dir));
    // Manifests without a scene are the office's (the current weights).
    assert.equal(modelSceneNote({}, office, office.sha256), null);
    assert.equal(modelSceneNote({ scene: "office" }, office, office.sha256), null);
    const note = modelSceneNote({}, lab, office.sha256);
    assert.ok(note !== null && note.includes("office") && note.includes("my-lab"), note ?? "");
    assert.equal(
      modelSceneNote({ scene: "my-lab", sceneSha256: lab.sha256 }, lab, office.sha256),
      null,
    );
    assert.notEqual(
      modelSceneNote({ scene: "my-lab", sceneSha256: lab.sha256 }, office, office.sha256),
      null,
    );
    // The run's notes (provenance) and the reproduction rows of learned schemes.
    const schemes = await figureSchemes("cpu", ["wczf"], { scene: lab });
    if (schemes.learnedNote.startsWith("skipped")) return; // no loadable weights here
    assert.equal(schemes.sceneNote, note);
    assert.ok(schemes.notes.some((n) => n.includes(note!)), schemes.notes.join("\n"));
    assert.ok(schemes.learnedNote.includes(note!), schemes.learnedNote);
    const same = await figureSchemes("cpu", ["wczf"], { scene: office });
    assert.equal(same.sceneNote, undefined);
    const row = (scheme: string, reason: string) => ({ scheme, reason }) as ReproductionRow;
    const rows = withSceneNote([
      row(SCHEME_IDS.genaiDt, ""),
      row(`${SCHEME_IDS.lstmDt} T=10`, "r"),
      row(SCHEME_IDS.baseline, "b"),
    ], note!);
    assert.deepEqual(rows.map((r) => r.reason), [note, `${note}; r`, "b"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
