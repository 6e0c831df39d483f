/**
 * Builds `simd.wasm` from the AssemblyScript source `simd.ts` with the pinned compiler
 * (`assemblyscript` devDependency): `deno task wasm` writes it, `--check` only compares
 * a fresh build with the committed file (exit 1 if they differ). The build is
 * deterministic (same bytes on every run); `tests/beamforming/wasm_build_test.ts`
 * checks the committed binary against it.
 *
 * @module
 */
import asc from "assemblyscript/asc";

const dir = new URL(".", import.meta.url);

/** The compiler flags (no runtime, no imports, SIMD and relaxed SIMD on, asserts off). */
export const ASC_FLAGS = [
  "--runtime",
  "stub",
  "--use",
  "abort=",
  "-O3",
  "--noAssert",
  "--enable",
  "simd",
  "--enable",
  "relaxed-simd",
];

/** Compiles `simd.ts` in memory; returns the wasm bytes. */
export async function buildSimdWasm(): Promise<Uint8Array> {
  const source = await Deno.readTextFile(new URL("simd.ts", dir));
  let binary: Uint8Array | undefined;
  const errors: string[] = [];
  const result = await asc.main(["simd.ts", "--outFile", "simd.wasm", ...ASC_FLAGS], {
    readFile: (name: string) => (name === "simd.ts" ? source : null),
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name === "simd.wasm" && typeof contents !== "string") binary = contents;
    },
    listFiles: () => [],
    stderr: { write: (s: string | Uint8Array) => errors.push(String(s)) },
    stdout: { write: () => {} },
  });
  if (result.error || !binary) {
    throw new Error(`asc failed: ${result.error ?? "no output"}\n${errors.join("")}`);
  }
  return binary;
}

if (import.meta.main) {
  const fresh = await buildSimdWasm();
  const path = new URL("simd.wasm", dir);
  if (Deno.args.includes("--check")) {
    const committed = await Deno.readFile(path);
    const same = committed.length === fresh.length && committed.every((b, i) => b === fresh[i]);
    console.log(same ? "simd.wasm is up to date" : "simd.wasm differs from a fresh build");
    if (!same) Deno.exit(1);
  } else {
    await Deno.writeFile(path, fresh);
    console.log(`wrote simd.wasm (${fresh.length} bytes)`);
  }
}
