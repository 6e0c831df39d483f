/**
 * Probe of the reproducible install (issue 12): `npm ci` needs a lock that lists every
 * platform's optional `@deno/*` package (npm 11 drops the other platforms' entries when
 * it writes the lock on one machine, and `npm install` then adds them back, leaving the
 * checkout modified). Checks the committed lock against package.json and the `deno`
 * package's optional dependencies, and that README and CI install with `npm ci`.
 * (`.ci/run` also checks that `npm ci` leaves package-lock.json byte-identical.)
 */
import assert from "node:assert/strict";
import { repoPath } from "../../lib/core/mod.ts";

const INSTALL = "npm ci --ignore-scripts --no-audit --no-fund";

async function json(...p: string[]) {
  return JSON.parse(await Deno.readTextFile(repoPath(...p)));
}

Deno.test("package-lock.json lists every platform's @deno/* package at the deno version", async () => {
  const pkg = await json("package.json");
  const lock = await json("package-lock.json");
  const deno = lock.packages["node_modules/deno"];
  assert.equal(deno.version, pkg.devDependencies.deno);
  const optional = deno.optionalDependencies as Record<string, string>;
  assert.ok(Object.keys(optional).length >= 6, JSON.stringify(optional));
  for (const [name, version] of Object.entries(optional)) {
    const entry = lock.packages[`node_modules/${name}`];
    assert.ok(entry, `package-lock.json lacks node_modules/${name}: npm ci would rewrite it`);
    assert.equal(entry.version, version, name);
    assert.match(entry.integrity, /^sha512-/, name);
  }
  // The lock's root matches package.json (else npm ci refuses it).
  const root = lock.packages[""];
  assert.deepEqual(root.dependencies, pkg.dependencies);
  assert.deepEqual(root.devDependencies, pkg.devDependencies);
});

Deno.test("README and .ci/run install with npm ci", async () => {
  const readme = await Deno.readTextFile(repoPath("README.md"));
  const ci = await Deno.readTextFile(repoPath(".ci", "run"));
  assert.ok(ci.includes(INSTALL), ".ci/run installs with npm ci");
  assert.ok(!/^\s*if ! npm install/m.test(ci), ".ci/run no longer runs npm install");
  const blocks = [...readme.matchAll(/```sh\n([^`]*)```/g)].map((m) => m[1]);
  assert.ok(blocks.length > 0);
  for (const b of blocks.filter((x) => /npm (install|ci)/.test(x))) {
    assert.ok(b.includes(INSTALL), `README install command: ${b.trim()}`);
  }
});
