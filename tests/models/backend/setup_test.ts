import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { currentBackend, setupBackend, workerStubSource } from "../../../lib/models/backend/mod.ts";
import { WASM_TEST } from "./_helpers.ts";

Deno.test("setupBackend rejects malformed options with named errors", async () => {
  await assert.rejects(() => setupBackend(42 as never), TypeError);
  await assert.rejects(() => setupBackend({ backend: "gpu" as never }), /options\.backend/);
  await assert.rejects(() => setupBackend({ threads: 0 }), RangeError);
  await assert.rejects(() => setupBackend({ threads: 1.5 }), /options\.threads/);
  await assert.rejects(() => setupBackend({ threads: "2" as never }), TypeError);
});

Deno.test({
  name: "setupBackend selects cpu and wasm (SIMD, threads) and is idempotent",
  ...WASM_TEST,
  fn: async () => {
    const cpu = await setupBackend({ backend: "cpu" });
    assert.deepEqual(cpu, { backend: "cpu", threads: 1, simd: false });
    assert.equal(tf.getBackend(), "cpu");
    const wasm = await setupBackend({ backend: "wasm", threads: 2 });
    assert.equal(wasm.backend, "wasm");
    assert.equal(tf.getBackend(), "wasm");
    assert.equal(wasm.simd, true);
    assert.ok(wasm.threads >= 1 && wasm.threads <= 2, JSON.stringify(wasm));
    const again = await setupBackend({ backend: "wasm", threads: 2 });
    assert.deepEqual(again, wasm);
    assert.equal(currentBackend()?.backend, "wasm");
    // Numbers agree across backends.
    const a = tf.tidy(() =>
      tf.matMul(
        tf.randomNormal([40, 30], 0, 1, "float32", 1),
        tf.randomNormal([30, 20], 0, 1, "float32", 2),
      ).dataSync()
    );
    await setupBackend({ backend: "cpu" });
    const b = tf.tidy(() =>
      tf.matMul(
        tf.randomNormal([40, 30], 0, 1, "float32", 1),
        tf.randomNormal([30, 20], 0, 1, "float32", 2),
      ).dataSync()
    );
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-4);
  },
});

Deno.test({
  name: "TFJS_BACKEND overrides auto, not an explicit choice",
  ...WASM_TEST,
  fn: async () => {
    const saved = Deno.env.get("TFJS_BACKEND");
    try {
      Deno.env.set("TFJS_BACKEND", "cpu");
      assert.equal((await setupBackend()).backend, "cpu");
      assert.equal((await setupBackend({ backend: "wasm", threads: 2 })).backend, "wasm");
      Deno.env.set("TFJS_BACKEND", "metal");
      await assert.rejects(() => setupBackend(), RangeError);
    } finally {
      if (saved === undefined) Deno.env.delete("TFJS_BACKEND");
      else Deno.env.set("TFJS_BACKEND", saved);
      await setupBackend({ backend: "cpu" });
    }
  },
});

Deno.test("worker stub loads the shipped worker and main script from disk", () => {
  const src = workerStubSource("/a/worker.js", "/b/main.js");
  assert.match(src, /require\("\/a\/worker\.js"\)/);
  assert.match(src, /"\/b\/main\.js"/);
  assert.doesNotMatch(src, /blob:/);
});
