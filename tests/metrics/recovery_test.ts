import assert from "node:assert/strict";
import { blockageRecovery } from "../../lib/metrics/mod.ts";

Deno.test("T_rec and depth on a hand-made trace (10 ms slots, 50 ms pre-window)", () => {
  const trace = [30, 20, 20, 20, 20, 20, 8, 12, 18, 19.5, 20, 25];
  const r = blockageRecovery(trace, { slotMs: 10, onsetIndex: 6 });
  assert.equal(r.preLevelDb, 20); // slots 1..5 (slot 0 is outside the 50 ms window)
  assert.equal(r.recoveredIndex, 9); // 19.5 >= 19 from slot 9 on
  assert.equal(r.recoveryMs, 30);
  assert.equal(r.dropDb, 12);
});

Deno.test("a later relapse below the band moves the recovery point (must *stay* within 1 dB)", () => {
  const trace = [20, 20, 10, 20, 20, 18.9, 20, 20];
  const r = blockageRecovery(trace, { slotMs: 5, onsetIndex: 2, preWindowMs: 10 });
  assert.equal(r.recoveredIndex, 6);
  assert.equal(r.recoveryMs, 20);
});

Deno.test("no drop gives 0; never recovered gives Infinity; undefined pre level gives NaN", () => {
  const flat = blockageRecovery([10, 10, 9.5, 11], { slotMs: 1, onsetIndex: 2 });
  assert.equal(flat.recoveryMs, 0);
  assert.equal(flat.dropDb, 0.5);
  const never = blockageRecovery([10, 10, 2, 3, 4], { slotMs: 1, onsetIndex: 2 });
  assert.equal(never.recoveryMs, Infinity);
  assert.equal(never.recoveredIndex, -1);
  assert.equal(never.dropDb, 8);
  const undef = blockageRecovery([-Infinity, 10, 10], { slotMs: 10, onsetIndex: 2 });
  assert.ok(Number.isNaN(undef.recoveryMs));
  assert.throws(() => blockageRecovery([1, 2], { slotMs: 1, onsetIndex: 0 }), /onsetIndex/);
  assert.throws(() => blockageRecovery([1, NaN, 2], { slotMs: 1, onsetIndex: 1 }), /sinrDb\[1\]/);
  assert.throws(() => blockageRecovery([1, 2], { slotMs: 0, onsetIndex: 1 }), /slotMs/);
});

Deno.test("T_rec with a hold window ignores a later unrelated dip; the default does not", () => {
  // 20 dB, drop at slot 5, back at slot 8, one 1-slot dip at slot 15
  const trace = [20, 20, 20, 20, 20, 8, 10, 15, 20, 20, 20, 20, 20, 20, 20, 17, 20, 20, 20, 20];
  const untilEnd = blockageRecovery(trace, { slotMs: 10, onsetIndex: 5 });
  assert.equal(untilEnd.recoveryMs, 110, "until the end of the trace: after the dip");
  const held = blockageRecovery(trace, { slotMs: 10, onsetIndex: 5, holdMs: 50 });
  assert.equal(held.recoveryMs, 30, "held for 50 ms from slot 8");
  assert.equal(held.recoveredIndex, 8);
  // a hold window longer than the remaining trace never fits
  assert.equal(
    blockageRecovery(trace, { slotMs: 10, onsetIndex: 5, holdMs: 500 }).recoveryMs,
    Infinity,
  );
  assert.equal(held.dropDb, 12, "depth from the raw trace");
});

Deno.test("T_rec smoothing: a trailing mean delays the recovery by the window and rides over a dip", () => {
  // alternating +-2 dB around 20 dB after recovery: raw trace leaves the 1 dB band every
  // other slot, the 2-slot trailing mean does not
  const trace = [20, 20, 20, 20, 20, 5, 5, 22, 18, 22, 18, 22, 18, 22, 18, 22];
  const raw = blockageRecovery(trace, { slotMs: 10, onsetIndex: 5, holdMs: 40 });
  assert.equal(raw.recoveryMs, Infinity, "raw trace never holds 40 ms in band");
  const smooth = blockageRecovery(trace, {
    slotMs: 10,
    onsetIndex: 5,
    holdMs: 40,
    smoothingMs: 20,
  });
  // trailing means: slot 7 = 13.5, slot 8 = 20, slot 9 = 20, ... -> back from slot 8
  assert.equal(smooth.recoveryMs, 30);
  assert.throws(
    () => blockageRecovery(trace, { slotMs: 10, onsetIndex: 5, holdMs: 0 }),
    RangeError,
  );
  assert.throws(
    () => blockageRecovery(trace, { slotMs: 10, onsetIndex: 5, smoothingMs: -1 }),
    RangeError,
  );
});
