import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import {
  channelsToComplex,
  complexToChannels,
  denormalizeRows,
  normalizeRows,
  rowScales,
} from "../../lib/models/normalization.ts";

const dims = { K: 3, Nt: 4 };

function randomWindow(S: number, seed: number): Float32Array {
  const rng = createRng(seed).stream("window");
  const w = new Float32Array(S * dims.K * dims.Nt * 2);
  for (let i = 0; i < w.length; i++) w[i] = 1e-5 * rng.normal();
  return w;
}

Deno.test("rowScales is the RMS of |h| over slots and antennas", () => {
  const w = randomWindow(5, 1);
  const s = rowScales(w, dims);
  const k = 1;
  let acc = 0;
  for (let t = 0; t < 5; t++) {
    for (let i = 0; i < 8; i++) acc += w[(t * 3 + k) * 8 + i] ** 2;
  }
  assert.ok(Math.abs(s[k] - Math.sqrt(acc / 20)) < 1e-6 * s[k]);
  // normalized rows have unit mean power
  const n = normalizeRows(w, s, dims);
  const again = rowScales(n, dims);
  for (const v of again) assert.ok(Math.abs(v - 1) < 1e-5);
});

Deno.test("normalize / denormalize and complex / channel layouts round-trip", () => {
  const w = randomWindow(4, 2);
  const s = rowScales(w, dims);
  const back = denormalizeRows(normalizeRows(w, s, dims), s, dims);
  back.forEach((v, i) => assert.ok(Math.abs(v - w[i]) <= 1e-6 * Math.abs(w[i]) + 1e-12));
  const img = complexToChannels(w, dims);
  // element (k=2, n=1, channel 2*s+1) = imaginary part of slot s=3
  assert.equal(img[(2 * 4 + 1) * 8 + 2 * 3 + 1], w[((3 * 3 + 2) * 4 + 1) * 2 + 1]);
  assert.deepEqual(channelsToComplex(img, dims), w);
  // one slot: the interleaved matrix already is the [K, Nt, 2] tensor
  const one = randomWindow(1, 3);
  assert.deepEqual(complexToChannels(one, dims), one);
});

Deno.test("zero rows stay zero (floor) and bad arguments are named", () => {
  const w = new Float32Array(2 * 3 * 4 * 2);
  const s = rowScales(w, dims);
  assert.ok(normalizeRows(w, s, dims).every((v) => v === 0));
  assert.throws(() => rowScales(new Float32Array(5), dims), /past length 5/);
  assert.throws(() => normalizeRows(w, new Float32Array(2), dims), /scales/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => rowScales([1, 2] as any, dims), TypeError);
});
