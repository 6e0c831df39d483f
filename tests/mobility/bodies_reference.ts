/**
 * The straightforward path body loss the optimized `fieldPathBodyLossDb` (and with it
 * `pathBodyLossDb`) must equal bit for bit: every segment against every body, in body
 * order, skipping the carrier of `ue`, each term `segmentBodyLossDb`. Kept only as the
 * tests' reference (like tests/rt/trace_reference.ts).
 */
import { type Body, type BodyLossOptions, segmentBodyLossDb } from "../../lib/mobility/mod.ts";

/** Total body loss of the path `vertices` (flat `[n, 3]`, m), dB. */
export function referencePathBodyLossDb(
  vertices: Float64Array,
  bodies: readonly Body[],
  options: BodyLossOptions & { ue?: number },
): number {
  const ue = options.ue ?? -1;
  let total = 0;
  for (let s = 0; s + 1 < vertices.length / 3; s++) {
    const a = vertices.subarray(3 * s, 3 * s + 3);
    const b = vertices.subarray(3 * s + 3, 3 * s + 6);
    for (const body of bodies) {
      if (ue >= 0 && body.carriesUe === ue) continue;
      total += segmentBodyLossDb(a, b, body, options);
    }
  }
  return total;
}
