/**
 * The notebook-output normalization (`normalize_outputs` in tools/nbrun.py), which decides
 * what the committed-outputs check (`deno task nb --check`) cannot see. Run through
 * `nbrun.py normalize|stale` with Debian's /usr/bin/python3 (the same interpreter and
 * nbformat as `deno task nb`; CI installs them).
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { repoPath } from "../../lib/core/paths.ts";

const PYTHON = "/usr/bin/python3";
const FAKE_ROOT = "/home/someone/workbench";

type Json = Record<string, unknown>;

async function nbrun(mode: "normalize" | "stale", input: unknown): Promise<unknown> {
  const child = new Deno.Command(PYTHON, {
    args: [repoPath("tools", "nbrun.py"), mode, "--repo-root", FAKE_ROOT],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(input)));
  await writer.close();
  const out = await child.output();
  const err = new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(
      `nbrun.py ${mode} failed (needs apt-get install jupyter-nbconvert python3-nbclient): ${err}`,
    );
  }
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

function codeCell(outputs: Json[], tags: string[] = []): Json {
  return {
    cell_type: "code",
    execution_count: 7,
    id: "c1",
    metadata: { tags, execution: { "iopub.status.busy": "2026-01-01T00:00:00Z" } },
    outputs,
    source: "x",
  };
}

function notebook(cells: Json[]): Json {
  return { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 };
}

const stream = (text: string): Json => ({ output_type: "stream", name: "stdout", text });

function outputsOf(nb: unknown, cell = 0): Json[] {
  return ((nb as { cells: Json[] }).cells[cell].outputs) as Json[];
}

Deno.test("normalize: volatile text rewritten, results kept", async () => {
  const text = [
    "\x1b[32mtrain\x1b[0m epoch 3/30 (12.4 s)",
    `read ${FAKE_ROOT}/data/models/cpu/manifest.json`,
    "episodes  [####----]  50 %  11.7 episodes/s  ETA 4s",
    "tfjs wasm, threads: 2 (2 thread(s))",
    "gain +9.3 dB over the baseline (took 1.2 s to compute)",
  ].join("\n") + "\n";
  const nb = await nbrun("normalize", notebook([codeCell([stream(text)])]));
  const got = String(outputsOf(nb)[0].text).split("\n");
  deepStrictEqual(got.slice(0, 5), [
    "train epoch 3/30",
    "read <repo>/data/models/cpu/manifest.json",
    "episodes  [####----]  50 %",
    "tfjs wasm, threads: <n> (<n> thread(s))",
    "gain +9.3 dB over the baseline (took 1.2 s to compute)",
  ]);
  const cell = (nb as { cells: Json[] }).cells[0];
  strictEqual(cell.execution_count, null);
  strictEqual((cell.metadata as Json).execution, undefined);
});

Deno.test("normalize: consecutive streams merged, SVG kept without its HTML twin", async () => {
  const svg = '<svg width="10" height="10"><rect width="5" height="5"/></svg>';
  const nb = await nbrun(
    "normalize",
    notebook([codeCell([
      stream("a\n"),
      stream("b\n"),
      {
        output_type: "display_data",
        metadata: {},
        data: { "image/svg+xml": svg, "text/html": `<figure>${svg}</figure>` },
      },
    ])]),
  );
  const outs = outputsOf(nb);
  strictEqual(outs.length, 2);
  strictEqual(outs[0].text, "a\nb\n");
  deepStrictEqual(Object.keys(outs[1].data as Json), ["image/svg+xml"]);
});

Deno.test("normalize: a timing-tagged cell's outputs become one note", async () => {
  const nb = await nbrun(
    "normalize",
    notebook([codeCell([stream("decision 23.1 ms\n")], ["timing"])]),
  );
  const outs = outputsOf(nb);
  strictEqual(outs.length, 1);
  ok(String(outs[0].text).startsWith("[wall-clock timings: not committed"));
});

Deno.test("normalize is idempotent", async () => {
  const input = notebook([
    codeCell([stream(`\x1b[1m${FAKE_ROOT}/x\x1b[0m threads: 4 (0.5 s)\n`)]),
    codeCell([stream("t\n")], ["timing"]),
  ]);
  const once = await nbrun("normalize", input);
  const twice = await nbrun("normalize", once);
  deepStrictEqual(twice, once);
});

Deno.test("stale: volatile differences pass, a changed number is reported with its cell", async () => {
  const committed = notebook([codeCell([stream("gain +9.3 dB\nepoch 1 (3.1 s)\n")])]);
  const sameButSlower = notebook([codeCell([stream("gain +9.3 dB\nepoch 1 (7.9 s)\n")])]);
  deepStrictEqual(await nbrun("stale", { committed, fresh: sameButSlower }), []);
  const changed = notebook([codeCell([stream("gain +9.4 dB\nepoch 1 (3.1 s)\n")])]);
  const messages = await nbrun("stale", { committed, fresh: changed }) as string[];
  strictEqual(messages.length, 1);
  ok(messages[0].includes("cell 0"), messages[0]);
  ok(messages[0].includes("9.4"), messages[0]);
});
