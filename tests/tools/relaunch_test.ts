/**
 * `--scene` and `--out` outside the repository (issue 14, "Paths the user names work"):
 * `figures`, `dataset` and `train` run again with read/write access to exactly those
 * paths (`relaunchWithPaths` in tools/cli.ts); the tasks grant `--allow-run` for their own
 * Deno executable and nothing else. Bad scene files outside the repository are still one
 * error naming the file and the field, with nothing written.
 */
import assert from "node:assert/strict";
import { joinPath, repoPath } from "../../lib/core/mod.ts";
import { datasetFolderName, relaunchArgs, TASK_PERMISSIONS } from "../../tools/cli.ts";
import { denoTasks, runScript, taskFlags } from "../reliability/_helpers.ts";
import { BAD_SCENES, writeBadScene } from "../scene/_bad_scenes.ts";

const LAB = repoPath("data", "scenes", "lab28.json");

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("TASK_PERMISSIONS are the deno.json flags of figures, dataset and train, plus --allow-run for Deno only", async () => {
  const tasks = await denoTasks();
  for (const [name, plan] of Object.entries(TASK_PERMISSIONS)) {
    const flags = await taskFlags(name);
    const list = (prefix: string) =>
      flags.filter((f) => f.startsWith(`${prefix}=`)).flatMap((f) =>
        f.slice(prefix.length + 1).split(",")
      );
    assert.deepEqual(list("--allow-read"), plan.read, name);
    assert.deepEqual(list("--allow-write"), plan.write, name);
    assert.deepEqual(
      flags.filter((f) => !/^--allow-(read|write|run)=/.test(f)),
      plan.other,
      name,
    );
    assert.deepEqual(flags.filter((f) => f.startsWith("--allow-run")), [
      "--allow-run=./node_modules/deno/deno",
    ], name);
    assert.ok(tasks[name].includes(`tools/${name}.ts`), name);
  }
});

Deno.test("relaunchArgs: the task's flags plus exactly the missing paths, no --allow-run, same arguments", () => {
  const args = relaunchArgs(
    { script: "/r/tools/figures.ts", ...TASK_PERMISSIONS.figures, extraRead: [], extraWrite: [] },
    { read: ["/home/u/lab.json"], write: ["/home/u/figs"] },
    ["--scene", "/home/u/lab.json", "--out", "/home/u/figs"],
  );
  assert.deepEqual(args, [
    "run",
    "--no-prompt",
    "--allow-read=.,/usr/share/fonts/truetype/dejavu,/home/u/lab.json,/home/u/figs",
    "--allow-write=./figures,./out,/home/u/figs",
    "--allow-env",
    "--allow-ffi",
    "--allow-sys",
    "/r/tools/figures.ts",
    "--scene",
    "/home/u/lab.json",
    "--out",
    "/home/u/figs",
  ]);
  assert.equal(datasetFolderName("ci", 1, "my lab/2"), "ci-my_lab_2-seed1");
});

Deno.test("figures with the task's flags: a scene and an output folder outside the repository work", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const scene = joinPath(dir, "mylab.json");
    const bytes = await Deno.readFile(LAB);
    await Deno.writeFile(scene, bytes);
    const out = joinPath(dir, "figs");
    const r = await runScript(await taskFlags("figures"), "tools/figures.ts", [
      "--preset",
      "ci",
      "--steps",
      "channel",
      "--scene",
      scene,
      "--out",
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    for (const f of ["channel_floor_plan.svg", "channel_path_loss.png", "channel_sinr_map.svg"]) {
      await Deno.stat(joinPath(out, f));
    }
    const survey = JSON.parse(await Deno.readTextFile(joinPath(out, "channel_survey.json")));
    const text = JSON.stringify(survey);
    assert.ok(text.includes(await sha256(bytes)), "provenance names the scene's SHA-256");
    assert.ok(text.includes("lab28"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dataset with the task's flags: --scene and --out outside the repository build a dataset", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const scene = joinPath(dir, "mylab.json");
    await Deno.copyFile(LAB, scene);
    const out = joinPath(dir, "ds");
    const r = await runScript(await taskFlags("dataset"), "tools/dataset.ts", [
      "--preset",
      "ci",
      "--workers",
      "1",
      "--scene",
      scene,
      "--out",
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const manifest = JSON.parse(await Deno.readTextFile(joinPath(out, "manifest.json")));
    assert.equal(manifest.sceneName, "lab28");
    assert.equal(manifest.sceneSha256, await sha256(await Deno.readFile(LAB)));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

for (const bad of BAD_SCENES) {
  Deno.test(`figures --scene outside the repository: ${bad.name} is one error naming the file and the field; nothing is written`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const scene = await writeBadScene(dir, bad);
      const out = joinPath(dir, "figs");
      const r = await runScript(await taskFlags("figures"), "tools/figures.ts", [
        "--preset",
        "ci",
        "--steps",
        "channel",
        "--scene",
        scene,
        "--out",
        out,
      ]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, bad.error);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      await assert.rejects(Deno.stat(out), Deno.errors.NotFound, "the output folder was created");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("dataset and train --scene outside the repository: overlapping APs are an error naming the field; nothing is written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bad = BAD_SCENES.find((b) => b.name === "overlapping APs")!;
    const scene = await writeBadScene(dir, bad);
    const out = joinPath(dir, "ds");
    const d = await runScript(await taskFlags("dataset"), "tools/dataset.ts", [
      "--preset",
      "ci",
      "--scene",
      scene,
      "--out",
      out,
    ]);
    assert.equal(d.code, 1, d.stderr);
    assert.match(d.stderr, bad.error);
    await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
    const t = await runScript(await taskFlags("train"), "tools/train.ts", [
      "--preset",
      "ci",
      "--scene",
      scene,
      "--dataset",
      out,
    ]);
    assert.equal(t.code, 1, t.stderr);
    assert.match(t.stderr, bad.error);
    await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("without --allow-run the tasks do not re-launch: the refusal prints the deno run flags", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const scene = joinPath(dir, "mylab.json");
    await Deno.copyFile(LAB, scene);
    const out = joinPath(dir, "figs");
    const flags = (await taskFlags("figures")).filter((f) => !f.startsWith("--allow-run"));
    const r = await runScript(flags, "tools/figures.ts", ["--scene", scene, "--out", out]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /--scene .*mylab\.json: no read permission/);
    await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
