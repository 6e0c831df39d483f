/**
 * Probes of the CLI tasks (issue 12, "CLI"): every task checks its output folders before
 * any work, with one line on stderr and no permission prompt (the children run with
 * `--no-prompt` and the tasks' own permission flags), and `--seed` accepts only safe
 * non-negative integers.
 */
import assert from "node:assert/strict";
import { parseSeed } from "../../tools/cli.ts";
import { lines, runScript, taskFlags } from "./_helpers.ts";

/** The permission flags of the tasks, as deno.json gives them. */
const FLAGS = {
  figures: await taskFlags("figures"),
  dataset: await taskFlags("dataset"),
  train: await taskFlags("train"),
} as const;

Deno.test("parseSeed: empty, non-integer, negative and unsafe values are errors naming --seed", () => {
  assert.equal(parseSeed("0"), 0);
  assert.equal(parseSeed("7"), 7);
  assert.equal(parseSeed(String(Number.MAX_SAFE_INTEGER)), Number.MAX_SAFE_INTEGER);
  assert.equal(parseSeed("-3", { min: -10 }), -3);
  for (const bad of ["", " 1", "1.5", "1e3", "0x10", "-1", "abc", "99999999999999999999"]) {
    assert.throws(() => parseSeed(bad), /^RangeError: --seed must be/, JSON.stringify(bad));
  }
  assert.throws(() => parseSeed(String(Number.MAX_SAFE_INTEGER + 1)), /MAX_SAFE_INTEGER/);
  assert.throws(() => parseSeed(undefined), /--seed/);
});

for (
  const [task, script] of [
    ["figures", "tools/figures.ts"],
    ["dataset", "tools/dataset.ts"],
    ["train", "tools/train.ts"],
  ] as const
) {
  Deno.test({
    name: `${task}: an --out that cannot be written stops before any work, one line, no prompt`,
    permissions: "inherit",
    async fn() {
      const r = await runScript(FLAGS[task], script, [
        "--preset",
        "ci",
        "--out",
        "/proc/forbidden",
      ]);
      assert.equal(r.code, 1, r.stderr);
      const err = lines(r.stderr);
      assert.equal(err.length, 1, r.stderr);
      // The task re-launches itself with write access to the folder (tests/tools/
      // relaunch_test.ts); the probe write then fails: one line either way.
      assert.match(
        err[0],
        new RegExp(`^${task}: --out /proc/forbidden: (no write permission|not writable)`),
      );
      assert.doesNotMatch(r.stderr + r.stdout, /Uncaught|NotCapable|channel/);
    },
  });

  Deno.test({
    name: `${task}: --seed "" and --seed 99999999999999999999 are errors naming --seed`,
    permissions: "inherit",
    async fn() {
      for (const seed of ["", "99999999999999999999", "2.5"]) {
        const r = await runScript(FLAGS[task], script, ["--preset", "ci", "--seed", seed]);
        assert.equal(r.code, 2, `${JSON.stringify(seed)}: ${r.stderr}`);
        assert.match(lines(r.stderr)[0], new RegExp(`^${task}: --seed must be`), r.stderr);
      }
    },
  });
}

Deno.test({
  name: "figures: an output folder that cannot be created (write allowed) is one line too",
  permissions: "inherit",
  async fn() {
    const r = await runScript(
      ["--allow-read", "--allow-write=/proc,./out", "--allow-env", "--allow-ffi", "--allow-sys"],
      "tools/figures.ts",
      ["--preset", "ci", "--out", "/proc/forbidden"],
    );
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(lines(r.stderr).length, 1, r.stderr);
    assert.match(r.stderr, /^figures: --out \/proc\/forbidden: not writable/);
  },
});
