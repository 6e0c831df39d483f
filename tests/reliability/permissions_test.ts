/**
 * Probes of the permission claims (issue 12, "Permissions and claims"): no task has
 * network access; `figures`, `dataset` and `train` read only what they need; and the
 * Jupyter kernel's limit is real and stated (Deno 2.9.6's `deno jupyter` accepts no
 * permission flags, so a kernelspec `argv` cannot narrow the kernel; if a later Deno
 * accepts them, this test fails so that tools/kernelspec.ts and the README get updated).
 */
import assert from "node:assert/strict";
import { repoPath } from "../../lib/core/mod.ts";
import { DENO, denoTasks, taskFlags } from "./_helpers.ts";

const tasks = await denoTasks();

Deno.test("no task has network access or all permissions", () => {
  for (const [name, command] of Object.entries(tasks)) {
    assert.doesNotMatch(command, /--allow-net|--allow-all|(^|\s)-A(\s|$)/, name);
  }
});

Deno.test("figures, dataset and train read only the repository and what they name", async () => {
  const expected: Record<string, string> = {
    figures: "--allow-read=.,/usr/share/fonts/truetype/dejavu",
    dataset: "--allow-read=.",
    train: "--allow-read=.,/tmp",
  };
  for (const [name, flag] of Object.entries(expected)) {
    const reads = (await taskFlags(name)).filter((f) => f.startsWith("--allow-read"));
    assert.deepEqual(reads, [flag], name);
  }
});

Deno.test({
  name:
    "the Deno kernel cannot take permission flags, and the README says it runs with all permissions",
  permissions: "inherit",
  async fn() {
    const out = await new Deno.Command(DENO, {
      args: ["jupyter", "--kernel", "--allow-read", "--conn", "/nonexistent"],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    assert.notEqual(out.code, 0);
    assert.match(new TextDecoder().decode(out.stderr), /unexpected argument '--allow-read'/);
    const readme = await Deno.readTextFile(repoPath("README.md"));
    assert.match(readme, /runs `deno jupyter --kernel` with all permissions, network included/);
  },
});
