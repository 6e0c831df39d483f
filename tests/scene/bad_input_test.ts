/**
 * Bad scene files (issue 14, "Bad input"): an AP outside the room, a zero-size room, an
 * unknown material, a non-finite coordinate, overlapping APs, a carrier outside what the
 * material tables cover, a file that is not JSON. Each is ONE error whose message names
 * the file and the field (`loadSceneSource`, what `--scene` uses). The CLI side (exit 1,
 * nothing written) is in `tests/tools/relaunch_test.ts`.
 */
import assert from "node:assert/strict";
import { loadSceneSource, MIN_AP_SEPARATION_M } from "../../lib/scene/mod.ts";
import { BAD_SCENES, writeBadScene } from "./_bad_scenes.ts";

for (const bad of BAD_SCENES) {
  Deno.test(`scene file: ${bad.name} is one error naming the file and the field`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const path = await writeBadScene(dir, bad);
      await assert.rejects(loadSceneSource(path), (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.match(e.message, bad.error);
        assert.equal(e.message.split("\n").length, 1, e.message);
        return true;
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("scene file: APs exactly the minimum separation apart are accepted", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeBadScene(dir, {
      name: "ok",
      edit: (j) => (j.accessPoints[1].position = [4 + MIN_AP_SEPARATION_M, 3.5, 2.9]),
      error: /./,
    });
    const { scene } = await loadSceneSource(path);
    assert.equal(scene.accessPoints.length, 4);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
