import assert from "node:assert/strict";
import { runAllFigures } from "../../lib/experiments/mod.ts";

async function filesOf(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const e of Deno.readDir(dir)) {
    // Wall-clock latency is the one measured (not simulated) output: latency.csv and
    // the latency rows of the reproduction table are excluded by design.
    if (e.isFile && /\.(csv|svg)$/.test(e.name) && e.name !== "latency.csv") {
      const text = await Deno.readTextFile(`${dir}/${e.name}`);
      out.set(
        e.name,
        text.split("\n").filter((l) => !l.includes("decision latency")).join("\n"),
      );
    }
  }
  return out;
}

Deno.test("figures (ci): same seed gives identical CSV and SVG files; tables carry provenance", async () => {
  const dirs = [await Deno.makeTempDir(), await Deno.makeTempDir()];
  try {
    for (const dir of dirs) {
      await runAllFigures("ci", dir, {
        seed: 3,
        steps: ["wczf", "density", "recovery"],
        learned: false,
        provenance: { test: true },
      });
    }
    const [a, b] = await Promise.all(dirs.map(filesOf));
    for (
      const name of [
        "fig3a_sinr_cdf_rare_events.svg",
        "fig3c_density_sweep.svg",
        "fig4_sinr_trace.svg",
        "fig4_recovery_time.svg",
        "density_sweep_summary.csv",
        "recovery_per_seed.csv",
        "ablations.csv",
        "reproduction.csv",
      ]
    ) assert.ok(a.has(name), `${name} written`);
    assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
    for (const [name, text] of a) assert.equal(text, b.get(name), `${name} differs between runs`);
    const json = JSON.parse(await Deno.readTextFile(`${dirs[0]}/reproduction.json`));
    assert.equal(json.provenance.preset, "ci");
    assert.equal(json.provenance.seed, 3);
    assert.ok(json.rows.some((r: { quantity: string }) => r.quantity.startsWith("T_rec")));
  } finally {
    for (const d of dirs) await Deno.remove(d, { recursive: true });
  }
});
