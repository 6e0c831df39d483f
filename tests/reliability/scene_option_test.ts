/**
 * `deno task figures --scene FILE` (issue 14): the scene is validated before anything is
 * written (errors name the file and the field), the studies run on it, and every output's
 * provenance names it with the SHA-256 of its file.
 */
import assert from "node:assert/strict";
import { joinPath, repoPath } from "../../lib/core/mod.ts";
import { runAllFigures } from "../../lib/experiments/mod.ts";
import { loadSceneSource } from "../../lib/scene/mod.ts";
import { runScript, taskFlags } from "./_helpers.ts";

const OFFICE = repoPath("data", "scenes", "office.json");

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The office scene renamed, written to a temporary file; returns its path and bytes. */
async function renamedOffice(
  dir: string,
  edit: (json: Record<string, unknown>) => void = () => {},
) {
  const json = JSON.parse(await Deno.readTextFile(OFFICE));
  json.name = "my-lab";
  edit(json);
  const path = joinPath(dir, "my_lab.json");
  const bytes = new TextEncoder().encode(JSON.stringify(json, null, 2));
  await Deno.writeFile(path, bytes);
  return { path, bytes };
}

Deno.test("figures --scene (library): the channel step runs on the file and every output names it with its SHA-256", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { path, bytes } = await renamedOffice(dir);
    const scene = await loadSceneSource(path);
    assert.equal(scene.scene.name, "my-lab");
    assert.equal(scene.sha256, await sha256(bytes));
    const out = joinPath(dir, "out");
    const { written } = await runAllFigures("ci", out, {
      steps: ["channel"],
      scene,
      learned: false,
    });
    const tables = written.filter((p) => p.endsWith(".json"));
    const svgs = written.filter((p) => p.endsWith(".svg"));
    assert.ok(tables.length >= 5 && svgs.length >= 10, written.join("\n"));
    for (const p of tables) {
      const provenance = JSON.parse(await Deno.readTextFile(p)).provenance;
      assert.equal(provenance.scene, "my-lab", p);
      assert.equal(provenance.sceneSha256, scene.sha256, p);
    }
    for (const p of svgs) {
      const svg = await Deno.readTextFile(p);
      assert.ok(svg.includes(scene.sha256) && svg.includes('"my-lab"'), p);
    }
    // The first figure previews the scene: materials and each AP's boresight.
    assert.ok(written[0].endsWith("channel_floor_plan.svg"), written[0]);
    const plan = await Deno.readTextFile(written[0]);
    for (const text of ["glass", "wood", "metal", "facing down", "ap1", "ap3"]) {
      assert.ok(plan.includes(text), text);
    }
    const survey = JSON.parse(await Deno.readTextFile(joinPath(out, "channel_survey.json")));
    assert.equal(survey.provenance.config.scenePath, path);
    assert.equal(survey.provenance.config.sceneName, "my-lab");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("figures (library): without --scene the provenance names the office and its SHA-256", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { written } = await runAllFigures("ci", dir, { steps: ["channel"], learned: false });
    const table = written.find((p) => p.endsWith("channel_survey_summary.json"))!;
    const provenance = JSON.parse(await Deno.readTextFile(table)).provenance;
    assert.equal(provenance.scene, "office");
    assert.equal(provenance.sceneSha256, await sha256(await Deno.readFile(OFFICE)));
    assert.equal(provenance.config.scenePath, undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const BAD: {
  name: string;
  edit?: (j: Record<string, unknown>) => void;
  text?: string;
  error: RegExp;
}[] = [
  {
    name: "AP outside the room",
    edit: (j) => ((j.accessPoints as { position: number[] }[])[1].position = [25, 7.5, 2.9]),
    error: /my_lab\.json: accessPoints\[1\]\.position/,
  },
  {
    name: "unknown material",
    edit: (j) => ((j.objects as { material: string }[])[4].material = "styrofoam"),
    error: /my_lab\.json: objects\[4\]\.material must be one of/,
  },
  {
    name: "non-finite coordinate",
    // JSON has no Infinity: a number too large for a double parses as Infinity.
    text: "1e999",
    error: /my_lab\.json: accessPoints\[0\]\.position\[0\] must be a finite number/,
  },
  {
    name: "zero-size room",
    edit: (j) => ((j.room as { size: number[] }).size[1] = 0),
    error: /my_lab\.json: room\.size\[1\] must be > 0/,
  },
  { name: "not JSON", text: "{ not json", error: /scene file .*my_lab\.json is not valid JSON/ },
];

for (const bad of BAD) {
  Deno.test(`figures --scene (CLI): ${bad.name} is an error naming the file and the field; nothing is written`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const { path } = await renamedOffice(dir, bad.edit);
      if (bad.text === "1e999") {
        const text = (await Deno.readTextFile(path)).replace(
          /"position": \[\s*3\.5/,
          '"position": [1e999',
        );
        await Deno.writeTextFile(path, text);
      } else if (bad.text !== undefined) {
        await Deno.writeTextFile(path, bad.text);
      }
      const out = joinPath(dir, "out");
      const flags = (await taskFlags("figures")).map((f) =>
        f.startsWith("--allow-read=")
          ? `${f},${path}`
          : f.startsWith("--allow-write=")
          ? `${f},${out}`
          : f
      );
      const r = await runScript(flags, "tools/figures.ts", [
        "--preset",
        "ci",
        "--steps",
        "channel",
        "--scene",
        path,
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

Deno.test("figures --scene (CLI): without --allow-run (no re-launch), a file outside the repository is refused with the exact deno run flags", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { path } = await renamedOffice(dir);
    const out = joinPath(dir, "out");
    // The task re-launches itself with these paths (tests/tools/relaunch_test.ts); without
    // --allow-run it cannot, and says what to run instead.
    const flags = (await taskFlags("figures")).filter((f) => !f.startsWith("--allow-run"));
    const r = await runScript(flags, "tools/figures.ts", [
      "--preset",
      "ci",
      "--scene",
      path,
      "--out",
      out,
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /--scene .*my_lab\.json: no read permission/);
    assert.ok(
      r.stderr.includes(`--allow-read=.,/usr/share/fonts/truetype/dejavu,${path} `),
      r.stderr,
    );
    assert.ok(r.stderr.includes(`--allow-write=${out},./out`), r.stderr);
    await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
