import assert from "node:assert/strict";
import { buildSimdWasm } from "../../lib/beamforming/wasm/build.ts";

Deno.test("the committed simd.wasm is a fresh build of simd.ts (deno task wasm)", async () => {
  const fresh = await buildSimdWasm();
  const committed = await Deno.readFile(
    new URL("../../lib/beamforming/wasm/simd.wasm", import.meta.url),
  );
  assert.equal(committed.length, fresh.length, "size differs: run `deno task wasm`");
  assert.ok(committed.every((b, i) => b === fresh[i]), "bytes differ: run `deno task wasm`");
});
