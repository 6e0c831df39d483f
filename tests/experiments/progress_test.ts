import assert from "node:assert/strict";
import { stageProgress } from "../../lib/experiments/mod.ts";

Deno.test("stageProgress: one line per stage and mark, elapsed time, bad options rejected", () => {
  const lines: string[] = [];
  let t = 0;
  const onProgress = stageProgress({ everyPercent: 25, print: (l) => lines.push(l), now: () => t });
  for (let d = 1; d <= 8; d++) {
    t += 500;
    onProgress("a", d, 8);
  }
  onProgress("b", 3, 3);
  onProgress("b", 3, 3); // repeated 100 % is not printed again
  assert.deepEqual(lines, [
    "a: 25 % (1.0 s)",
    "a: 50 % (2.0 s)",
    "a: 75 % (3.0 s)",
    "a: 100 % (4.0 s)",
    "b: 100 % (4.0 s)",
  ]);
  assert.throws(() => stageProgress({ everyPercent: 0 }), RangeError);
});
