import assert from "node:assert/strict";
import { runWczfEvaluation, wczfEvaluationConfig } from "../../lib/experiments/mod.ts";

Deno.test("WC-ZF evaluation (ci): every scheme evaluated, deterministic, exact CSI beats stale CSI", async () => {
  const config = { ...wczfEvaluationConfig("ci"), slotCount: 30 };
  const a = await runWczfEvaluation(config);
  const b = await runWczfEvaluation(config);
  assert.deepEqual(
    a.summary.map((s) => s.scheme),
    ["baseline", "classical-ar1", "oracle", "genie-zf"],
  );
  assert.deepEqual(a.samples.map((s) => s.sinrDb), b.samples.map((s) => s.sinrDb));
  const median = new Map(a.summary.map((s) => [s.scheme, s.medianSinrDb]));
  assert.ok(
    median.get("genie-zf")! > median.get("baseline")!,
    "zero-latency ZF beats 10 ms-old CSI",
  );
  const k = 30, slots = config.slotCount - config.firstSlot;
  for (const s of a.samples) assert.equal(s.sinrDb.length, k * slots);
});
