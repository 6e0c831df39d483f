/**
 * The layer rule of README "Layout": a folder of `lib/` imports only itself and the
 * folders listed above it. The order is parsed from README's Layout block, so the docs
 * and this test cannot drift apart.
 */
import assert from "node:assert/strict";
import { fromFileUrl, joinPath, relativePath, resolvePath } from "../lib/core/paths.ts";

const ROOT = fromFileUrl(new URL("../", import.meta.url));
const LIB = joinPath(ROOT, "lib");

/**
 * The layer folders of `lib/` in dependency order, from README's "## Layout" code
 * block: the lines indented by two spaces under `lib/` that name a folder (`core/`, ...).
 */
export function parseLayerOrder(readme: string): string[] {
  const section = readme.split(/^## Layout\s*$/m)[1];
  if (section === undefined) throw new Error('README.md has no "## Layout" section');
  const block = /```[^\n]*\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md "## Layout" has no code block');
  return [...block[1].matchAll(/^ {2}([a-z_]+)\/\s/gm)].map((m) => m[1]);
}

/** One import of a file of `lib/`, with the layers of both ends. */
export interface LayerImport {
  /** The importing file, relative to the repository root. */
  readonly file: string;
  /** The specifier as written. */
  readonly specifier: string;
  /** Folder of the importing file (`core`, `twin`, ...). */
  readonly fromLayer: string;
  /** Folder the specifier resolves to, or `mod.ts` for lib/mod.ts (the public API). */
  readonly toLayer: string;
}

/**
 * Static and dynamic import specifiers of TypeScript source: `import ... from`,
 * `import type ... from`, `export ... from`, `import "x"` and `import("x")`. Comments
 * (JSDoc examples included) are removed first.
 */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const patterns = [
    /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((re) => [...code.matchAll(re)].map((m) => m[1]));
}

/**
 * The imports that break the rule: `toLayer` comes later in `order` than `fromLayer`
 * (lib/mod.ts counts as later than every layer). A folder missing from `order` is a
 * violation too, so a new folder must be placed in README first.
 */
export function layerViolations(
  order: readonly string[],
  imports: readonly LayerImport[],
): string[] {
  const rank = (layer: string) => layer === "mod.ts" ? order.length : order.indexOf(layer);
  const out: string[] = [];
  for (const i of imports) {
    if (i.fromLayer === i.toLayer) continue;
    const from = rank(i.fromLayer), to = rank(i.toLayer);
    if (from < 0 || to < 0) {
      const missing = from < 0 ? i.fromLayer : i.toLayer;
      out.push(`${i.file}: import "${i.specifier}": layer ${missing} is not in README "Layout"`);
    } else if (to > from) {
      out.push(
        `${i.file}: import "${i.specifier}": layer ${i.fromLayer} imports ${i.toLayer}, which comes later in README "Layout" (${
          order.join(" < ")
        })`,
      );
    }
  }
  return out;
}

/** Every relative import of every `.ts` file in a layer folder of `lib/`. */
async function libImports(): Promise<LayerImport[]> {
  const out: LayerImport[] = [];
  async function walk(dir: string): Promise<void> {
    for await (const entry of Deno.readDir(dir)) {
      const path = joinPath(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && entry.name.endsWith(".ts")) {
        const rel = relativePath(LIB, path).split(/[\\/]/);
        if (rel.length < 2) continue; // lib/mod.ts, the public API, may import every layer
        const file = relativePath(ROOT, path);
        for (const specifier of importSpecifiers(await Deno.readTextFile(path))) {
          if (!specifier.startsWith(".")) continue; // npm: and mapped packages
          const target = relativePath(LIB, resolvePath(dir, specifier)).split(/[\\/]/);
          if (target[0] === "..") continue; // outside lib/ (e.g. data/)
          out.push({
            file,
            specifier,
            fromLayer: rel[0],
            toLayer: target.length === 1 ? "mod.ts" : target[0],
          });
        }
      }
    }
  }
  await walk(LIB);
  return out;
}

const ORDER = parseLayerOrder(await Deno.readTextFile(joinPath(ROOT, "README.md")));

Deno.test("layers: README Layout lists every folder of lib/ once", () => {
  const folders = [...Deno.readDirSync(LIB)].filter((e) => e.isDirectory).map((e) => e.name);
  assert.deepEqual([...ORDER].sort(), folders.sort());
  assert.equal(new Set(ORDER).size, ORDER.length, ORDER.join());
  assert.equal(ORDER[0], "core");
});

Deno.test("layers: no folder of lib/ imports a folder later in README Layout", async () => {
  const imports = await libImports();
  assert.ok(imports.length > 100, `parsed only ${imports.length} imports`);
  assert.deepEqual(layerViolations(ORDER, imports), []);
});

Deno.test("layers: the checker catches a violation and names file, import and layers", () => {
  const order = ["core", "channel", "models", "twin"];
  const violations = layerViolations(order, [
    {
      file: "lib/channel/a.ts",
      specifier: "../core/mod.ts",
      fromLayer: "channel",
      toLayer: "core",
    },
    { file: "lib/models/p.ts", specifier: "../twin/x.ts", fromLayer: "models", toLayer: "twin" },
    { file: "lib/core/z.ts", specifier: "../mod.ts", fromLayer: "core", toLayer: "mod.ts" },
    { file: "lib/core/y.ts", specifier: "../new/y.ts", fromLayer: "core", toLayer: "new" },
  ]);
  assert.equal(violations.length, 3, violations.join("\n"));
  assert.match(
    violations[0],
    /lib\/models\/p\.ts: import "\.\.\/twin\/x\.ts": layer models imports twin/,
  );
  assert.match(violations[1], /lib\/core\/z\.ts.*imports mod\.ts/);
  assert.match(violations[2], /layer new is not in README "Layout"/);
});

Deno.test("layers: specifiers of every import form, comments ignored", () => {
  const source = [
    'import { a } from "../core/mod.ts";',
    'import type { B } from "../twin/predictor.ts";',
    "import {",
    "  c,",
    "  type D,",
    '} from "./local.ts";',
    'export * from "./e.ts";',
    'export type { F } from "../channel/f.ts";',
    'import "./side_effect.ts";',
    'const g = await import("../plot/g.ts");',
    "type H = typeof import('../metrics/h.ts');",
    '/** @example import { x } from "../experiments/mod.ts"; */',
    '// import { y } from "../experiments/y.ts";',
  ].join("\n");
  assert.deepEqual(importSpecifiers(source).sort(), [
    "../channel/f.ts",
    "../core/mod.ts",
    "../metrics/h.ts",
    "../plot/g.ts",
    "../twin/predictor.ts",
    "./e.ts",
    "./local.ts",
    "./side_effect.ts",
  ]);
});
