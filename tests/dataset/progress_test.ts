import assert from "node:assert/strict";
import {
  createProgressTracker,
  formatDuration,
  formatProgressLine,
  notebookProgress,
  terminalProgressBar,
} from "../../lib/dataset/mod.ts";

Deno.test("progress: rate and ETA exclude skipped (resumed) units", () => {
  let t = 0;
  const tracker = createProgressTracker(10, { unit: "episodes", now: () => t });
  tracker.skip(4);
  assert.equal(tracker.update(4).etaS, Infinity);
  t = 3000;
  const e = tracker.update(7);
  assert.equal(e.rate, 1);
  assert.equal(e.etaS, 3);
  assert.equal(tracker.update(10).etaS, 0);
  assert.equal(formatDuration(3725), "1h02m");
  assert.equal(formatDuration(125), "2m05s");
  assert.equal(formatDuration(Infinity), "--");
  assert.ok(formatProgressLine(e).includes("70.0%  7/10 episodes  1.00 episodes/s  ETA 3s"));
});

Deno.test("progress: terminal bar redraws with \\r; notebook hook prints every N %", () => {
  const out: string[] = [];
  const bar = terminalProgressBar({ write: (s) => out.push(s), minIntervalMs: 0 });
  for (let d = 0; d <= 4; d++) {
    bar.onProgress({ done: d, total: 4, rate: 1, etaS: 4 - d, elapsedS: d, unit: "ep" });
  }
  bar.finish();
  assert.equal(out.length, 6);
  assert.ok(out.slice(0, 5).every((s) => s.startsWith("\r") && !s.includes("\n")));
  assert.equal(out[5], "\n");
  const lines: string[] = [];
  const cb = notebookProgress({ everyPercent: 25, print: (l) => lines.push(l) });
  for (let d = 0; d <= 10; d++) {
    cb({ done: d, total: 10, rate: 1, etaS: 10 - d, elapsedS: d, unit: "ep" });
  }
  cb({ done: 10, total: 10, rate: 1, etaS: 0, elapsedS: 10, unit: "ep" });
  assert.deepEqual(lines.map((l) => /(\d+\.\d)%/.exec(l)![1]), ["30.0", "50.0", "80.0", "100.0"]);
  assert.throws(() => notebookProgress({ everyPercent: 0 }), /options\.everyPercent/);
});
