import assert from "node:assert/strict";
import {
  codeVersion,
  exactParse,
  exactStringify,
  type FigureStep,
  mergeFigureShards,
  parseShard,
  runAllFigures,
  runFigureShard,
  ShardMergeError,
} from "../../lib/experiments/mod.ts";
import { loadSceneSource } from "../../lib/scene/mod.ts";

// Wall-clock timings are the one documented difference (as between two unsharded runs):
// latency.* and the decision-latency rows of reproduction.*.
const TIMING_FILES = new Set(["latency.csv", "latency.json"]);

async function filesOf(dir: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && !TIMING_FILES.has(e.name)) {
      out.set(e.name, await Deno.readFile(`${dir}/${e.name}`));
    }
  }
  return out;
}

function withoutLatencyRows(name: string, bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes);
  if (!name.startsWith("reproduction.")) return text;
  if (name.endsWith(".json")) {
    const json = JSON.parse(text);
    json.rows = json.rows.filter((r: { quantity: string }) =>
      !r.quantity.startsWith("decision latency")
    );
    return JSON.stringify(json);
  }
  return text.split("\n").filter((l) => !l.includes("decision latency")).join("\n");
}

// Every step; robustness on two of its conditions to keep the test near a minute.
const STEPS: FigureStep[] = [
  "channel",
  "mobility",
  "prediction",
  "wczf",
  "robustness",
  "density",
  "recovery",
  "power",
];
const OPTIONS = {
  seed: 2,
  steps: STEPS,
  learned: false,
  provenance: { test: true },
  robustnessConditions: ["reference", "jitter 0.3 rad"],
};

Deno.test("exact JSON: NaN, Infinity, -0, typed arrays and long numeric arrays round-trip", () => {
  const value = {
    a: [NaN, Infinity, -Infinity, -0, 0.1 + 0.2, 1e-310],
    b: Array.from({ length: 20 }, (_, i) => (i === 3 ? NaN : i === 4 ? -0 : Math.sqrt(i))),
    c: new Float32Array([1.5, NaN]),
    d: new Int32Array([1, -2, 3]),
    s: "x",
  };
  const back = exactParse(exactStringify(value)) as typeof value;
  assert.ok(Object.is(back.a[3], -0) && Number.isNaN(back.a[0]) && back.a[1] === Infinity);
  assert.ok(Object.is(back.b[4], -0) && Number.isNaN(back.b[3]));
  assert.deepEqual(back.b.slice(5), value.b.slice(5));
  assert.ok(back.c instanceof Float32Array && Number.isNaN(back.c[1]));
  assert.ok(back.d instanceof Int32Array);
  assert.deepEqual([...back.d], [1, -2, 3]);
  assert.throws(() => parseShard("2/2"), RangeError);
  assert.throws(() => parseShard("1"), RangeError);
  assert.deepEqual(parseShard("0/3"), { index: 0, count: 3 });
});

Deno.test("figures (ci): 2 shards merged equal the unsharded run file by file; bad shard sets are refused", async () => {
  const root = await Deno.makeTempDir();
  const code = await codeVersion(); // once: the shards of one run share it
  try {
    const whole = `${root}/whole`, shards = `${root}/shards`, merged = `${root}/merged`;
    await runAllFigures("ci", whole, OPTIONS);
    for (const index of [0, 1]) {
      await runFigureShard("ci", shards, { index, count: 2 }, { ...OPTIONS, code });
    }
    const { written } = await mergeFigureShards([shards], merged);
    assert.ok(written.length > 50, `merge wrote ${written.length} files`);
    const [a, b] = await Promise.all([filesOf(whole), filesOf(merged)]);
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort(), "the same file names");
    for (const [name, bytes] of a) {
      const other = b.get(name)!;
      if (name.startsWith("reproduction.")) {
        assert.equal(withoutLatencyRows(name, other), withoutLatencyRows(name, bytes), name);
      } else {
        assert.ok(
          bytes.length === other.length && bytes.every((v, i) => v === other[i]),
          `${name} differs between the unsharded and the merged run`,
        );
      }
    }
    for (const t of TIMING_FILES) {
      assert.ok((await Deno.stat(`${merged}/${t}`)).isFile, `merge writes ${t}`);
    }

    // A missing shard: a clear error naming it, nothing written.
    const refuses = async (dirs: string[], pattern: RegExp) => {
      const out = `${root}/refused`;
      await assert.rejects(
        () => mergeFigureShards(dirs, out),
        (e: Error) => e instanceof ShardMergeError && pattern.test(e.message),
      );
      const left = await Array.fromAsync(Deno.readDir(out)).catch(() => []);
      assert.deepEqual(left, [], "no partial outputs");
    };
    const only0 = `${root}/only0`, dup = `${root}/dup`, other = `${root}/other`;
    await Deno.mkdir(only0);
    await Deno.copyFile(`${shards}/shard-0-of-2.json`, `${only0}/shard-0-of-2.json`);
    await refuses([only0], /^shard 1\/2 missing/);
    // A duplicated shard (the same slice given in two folders).
    await Deno.mkdir(dup);
    await Deno.copyFile(`${shards}/shard-1-of-2.json`, `${dup}/shard-1-of-2.json`);
    await refuses([shards, dup], /^shard 1\/2 given twice/);
    // Shards of different configs (another seed) and of different code.
    await runFigureShard("ci", other, { index: 1, count: 2 }, {
      ...OPTIONS,
      steps: ["density"],
      code,
    });
    await refuses([only0, other], /shard 1\/2 .*: steps .* differs from shard 0\/2/);
    const text = await Deno.readTextFile(`${shards}/shard-1-of-2.json`);
    await Deno.writeTextFile(
      `${other}/shard-1-of-2.json`,
      text.replace(`"commit":${JSON.stringify(code.commit)}`, '"commit":"0000000"'),
    );
    await refuses([only0, other], /shard 1\/2 .*: commit "0000000" differs from shard 0\/2/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("figures (ci) on another scene file: shards and merge need the same bytes, not the same path", async () => {
  const root = await Deno.makeTempDir();
  const code = await codeVersion();
  try {
    // The office under another name, in a folder outside the repository.
    const office = JSON.parse(await Deno.readTextFile("data/scenes/office.json"));
    office.name = "office-copy";
    const text = JSON.stringify(office, null, 2) + "\n";
    await Deno.writeTextFile(`${root}/a.json`, text);
    await Deno.mkdir(`${root}/elsewhere`);
    await Deno.writeTextFile(`${root}/elsewhere/b.json`, text);
    const scene = await loadSceneSource(`${root}/a.json`);
    const sameBytes = await loadSceneSource(`${root}/elsewhere/b.json`);
    const options = { seed: 3, steps: ["recovery"] as FigureStep[], learned: false, scene };
    const whole = `${root}/whole`, shards = `${root}/shards`, merged = `${root}/merged`;
    await runAllFigures("ci", whole, options);
    for (const index of [0, 1]) {
      await runFigureShard("ci", shards, { index, count: 2 }, { ...options, code });
    }
    // Without the scene, or with another one: refused, naming the shard and the scene.
    await assert.rejects(
      () => mergeFigureShards([shards], `${root}/refused`),
      (e: Error) =>
        e instanceof ShardMergeError && /shard 0\/2 .*"office-copy".*--scene FILE/.test(e.message),
    );
    const officeSource = await loadSceneSource("data/scenes/office.json");
    await assert.rejects(
      () => mergeFigureShards([shards], `${root}/refused`, { scene: officeSource }),
      (e: Error) => e instanceof ShardMergeError && /is "office"/.test(e.message),
    );
    await mergeFigureShards([shards], merged, { scene: sameBytes });
    const [a, b] = await Promise.all([filesOf(whole), filesOf(merged)]);
    assert.ok(a.size >= 4, `${a.size} files`);
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort(), "the same file names");
    const located = (t: string) => t.replaceAll(`${root}/elsewhere/b.json`, `${root}/a.json`);
    for (const [name, bytes] of a) {
      const [x, y] = [bytes, b.get(name)!].map((v) => new TextDecoder().decode(v));
      assert.equal(located(y), x, `${name} differs between the unsharded and the merged run`);
    }
    const json = [...a.keys()].find((n) => n.endsWith(".json"))!;
    const provenance = JSON.parse(new TextDecoder().decode(b.get(json)!)).provenance;
    assert.equal(provenance.scene, "office-copy");
    assert.equal(provenance.sceneSha256, scene.sha256);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
