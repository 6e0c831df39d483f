/**
 * Importing the experiments (and so lib/plot) must not load resvg's native addon: a
 * script that only runs a study needs neither `--allow-ffi` nor `--allow-write`.
 */
import assert from "node:assert/strict";
import { fromFileUrl, joinPath } from "../../lib/core/paths.ts";

const ROOT = fromFileUrl(new URL("../../", import.meta.url));
const DENO = "./node_modules/deno/deno";

Deno.test("lib/experiments/mod.ts imports without --allow-ffi or --allow-write", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lazy-resvg-" });
  try {
    const script = joinPath(dir, "import_experiments.ts");
    const target = new URL("../../lib/experiments/mod.ts", import.meta.url).href;
    await Deno.writeTextFile(
      script,
      `import * as experiments from "${target}";\n` +
        `if (Object.keys(experiments).length === 0) throw new Error("empty module");\n` +
        `console.log("ok");\n`,
    );
    const { code, stdout, stderr } = await new Deno.Command(DENO, {
      args: [
        "run",
        "--no-prompt",
        `--config=${joinPath(ROOT, "deno.json")}`,
        "--allow-read",
        "--allow-env",
        "--allow-sys",
        script,
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(stderr);
    assert.equal(code, 0, `exit ${code}:\n${err}`);
    assert.equal(new TextDecoder().decode(stdout).trim(), "ok", err);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
