import assert from "node:assert/strict";
import {
  NOISE_POWER_W,
  perBeamPowerW,
  sinrDb,
  sinrLinear,
  zfBeams,
} from "../../lib/beamforming/mod.ts";
import {
  DEFAULT_EPISODE_CONFIG,
  type Episode,
  type EpisodeConfig,
  simulateEpisode,
  slotChannelMatrices,
} from "../../lib/mobility/mod.ts";
import { loadNamedScene } from "../../lib/scene/mod.ts";

/**
 * Largest deviation of a row from a common phase rotation of the reference row,
 * relative to its norm: both are float32 copies of float64 rows (relative round-off
 * about 6e-8 per entry), so 1e-5 leaves two orders of magnitude.
 */
const COMMON_PHASE_RTOL = 1e-5;
/**
 * The reference SINR with and without the oscillator phase, dB: ZF and eq. (5) are
 * blind to a per-UE common phase, only float32 round-off of the stored rows differs.
 */
const OSCILLATOR_SINR_ATOL_DB = 1e-3;
/**
 * Relative tolerance on the measured standard deviation of the phase random walk's
 * increments (700 increments: the estimate's relative standard deviation is about
 * 1 / sqrt(2 * 700) = 2.7 %, so 10 % is over 3.5 sigma).
 */
const WALK_STD_RTOL = 0.1;

function bytes(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const x = bytes(a), y = bytes(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Row (s, b, k) of an episode's channels, interleaved float32 `[2 Nt]`. */
function row(ep: Episode, s: number, b: number, k: number): Float32Array {
  const nt = ep.antennaCount;
  const base = 2 * (((s * ep.apCount + b) * ep.ueCount + k) * nt);
  return ep.channels.subarray(base, base + 2 * nt);
}

/**
 * Phase `theta` with `y ~ exp(j theta) x` (least squares), and the relative residual
 * `|y - exp(j theta) x| / |x|`.
 */
function commonPhase(x: Float32Array, y: Float32Array): { theta: number; residual: number } {
  let zr = 0, zi = 0, nx = 0;
  for (let n = 0; n < x.length; n += 2) {
    // conj(x) * y
    zr += x[n] * y[n] + x[n + 1] * y[n + 1];
    zi += x[n] * y[n + 1] - x[n + 1] * y[n];
    nx += x[n] ** 2 + x[n + 1] ** 2;
  }
  const theta = Math.atan2(zi, zr);
  const c = Math.cos(theta), s = Math.sin(theta);
  let e = 0;
  for (let n = 0; n < x.length; n += 2) {
    e += (y[n] - (x[n] * c - x[n + 1] * s)) ** 2 + (y[n + 1] - (x[n] * s + x[n + 1] * c)) ** 2;
  }
  return { theta, residual: Math.sqrt(e / nx) };
}

function wrap(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
}

Deno.test("CSI impairment options default to off (0 and false)", () => {
  assert.equal(DEFAULT_EPISODE_CONFIG.pathPhaseJitterRad, 0);
  assert.equal(DEFAULT_EPISODE_CONFIG.oscillatorPhase, false);
});

Deno.test("explicit defaults of the impairment options give a byte-identical episode", async () => {
  const scene = await loadNamedScene("office");
  const config: Partial<EpisodeConfig> = { slotCount: 6, ueCount: 4, maxReflectionOrder: 1 };
  const plain = simulateEpisode(scene, config, 7);
  const explicit = simulateEpisode(
    scene,
    { ...config, pathPhaseJitterRad: 0, oscillatorPhase: false },
    7,
  );
  for (const [key, value] of Object.entries(plain)) {
    const other = (explicit as unknown as Record<string, unknown>)[key];
    if (ArrayBuffer.isView(value)) {
      assert.ok(sameBytes(value, other as ArrayBufferView), key);
    } else assert.equal(other, value, key);
  }
});

Deno.test("pathPhaseJitterRad: each path's phase is a random walk with steps of sigma rad", async () => {
  const scene = await loadNamedScene("office");
  // Order 0: one (direct) path per link, so the jitter is a common phase of the row.
  const config: Partial<EpisodeConfig> = { slotCount: 60, ueCount: 4, maxReflectionOrder: 0 };
  const sigma = 0.1;
  const clean = simulateEpisode(scene, config, 21);
  const jit = simulateEpisode(scene, { ...config, pathPhaseJitterRad: sigma }, 21);
  const again = simulateEpisode(scene, { ...config, pathPhaseJitterRad: sigma }, 21);
  assert.ok(sameBytes(jit.channels, again.channels), "same seed, same jitter");
  assert.ok(!sameBytes(jit.channels, clean.channels), "jitter changes the channels");
  // Its own stream: mobility and bodies are untouched.
  for (const key of ["uePositionsM", "servingBodyLossDb", "blocked", "blockageOnset"] as const) {
    assert.ok(sameBytes(jit[key]!, clean[key]!), key);
  }
  const increments: number[] = [];
  for (let b = 0; b < clean.apCount; b++) {
    for (let k = 0; k < clean.ueCount; k++) {
      let previous = 0; // the walk starts at 0 and takes its first step at slot 0
      for (let s = 0; s < clean.slotCount; s++) {
        const { theta, residual } = commonPhase(row(clean, s, b, k), row(jit, s, b, k));
        assert.ok(residual < COMMON_PHASE_RTOL, `slot ${s} AP ${b} UE ${k}: ${residual}`);
        increments.push(wrap(theta - previous));
        previous = theta;
      }
    }
  }
  const n = increments.length;
  const mean = increments.reduce((a, v) => a + v, 0) / n;
  const std = Math.sqrt(increments.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  assert.ok(Math.abs(std / sigma - 1) < WALK_STD_RTOL, `increment std ${std} vs ${sigma}`);
  assert.ok(Math.abs(mean) < 4 * sigma / Math.sqrt(n), `increment mean ${mean}`);
});

Deno.test("pathPhaseJitterRad with multipath: seeded, changes the rows beyond a common phase", async () => {
  const scene = await loadNamedScene("office");
  const config: Partial<EpisodeConfig> = { slotCount: 6, ueCount: 4, maxReflectionOrder: 1 };
  const clean = simulateEpisode(scene, config, 7);
  const jit = simulateEpisode(scene, { ...config, pathPhaseJitterRad: 0.5 }, 7);
  const other = simulateEpisode(scene, { ...config, pathPhaseJitterRad: 0.5 }, 8);
  assert.ok(sameBytes(jit.uePositionsM, clean.uePositionsM));
  assert.ok(!sameBytes(jit.channels, other.channels), "another seed, another jitter");
  // Several paths get independent phases: the row is no longer a rotation of the clean one.
  let worst = 0;
  for (let k = 0; k < clean.ueCount; k++) {
    worst = Math.max(worst, commonPhase(row(clean, 5, 0, k), row(jit, 5, 0, k)).residual);
  }
  assert.ok(worst > 100 * COMMON_PHASE_RTOL, `largest residual ${worst}`);
});

Deno.test("oscillatorPhase: stored rows get one random phase per (slot, UE); RSSI, beams and SINR unchanged", async () => {
  const scene = await loadNamedScene("office");
  const config: Partial<EpisodeConfig> = { slotCount: 6, ueCount: 4, maxReflectionOrder: 1 };
  const off = simulateEpisode(scene, config, 7);
  const on = simulateEpisode(scene, { ...config, oscillatorPhase: true }, 7);
  // (a) the stored channels differ ...
  assert.ok(!sameBytes(on.channels, off.channels), "channels differ");
  // ... by one common phase per (slot, UE), shared by all APs, different across UEs.
  const phases: number[] = [];
  for (let s = 0; s < off.slotCount; s++) {
    for (let k = 0; k < off.ueCount; k++) {
      const ref = commonPhase(row(off, s, 0, k), row(on, s, 0, k));
      for (let b = 0; b < off.apCount; b++) {
        const { theta, residual } = commonPhase(row(off, s, b, k), row(on, s, b, k));
        assert.ok(residual < COMMON_PHASE_RTOL, `slot ${s} AP ${b} UE ${k}: ${residual}`);
        assert.ok(Math.abs(wrap(theta - ref.theta)) < COMMON_PHASE_RTOL, "same phase on all APs");
      }
      phases.push(ref.theta);
    }
  }
  assert.equal(new Set(phases.map((p) => p.toFixed(6))).size, phases.length, "independent draws");
  // Association and beams are computed before the rotation: identical.
  for (const key of ["servingAp", "rssiDbm", "beamIndex", "blocked", "uePositionsM"] as const) {
    assert.ok(sameBytes(on[key], off[key]), key);
  }
  // (b) the reference SINR is blind to it (float32 round-off only).
  for (let i = 0; i < off.sinrDb!.length; i++) {
    assert.ok(
      Math.abs(on.sinrDb![i] - off.sinrDb![i]) < OSCILLATOR_SINR_ATOL_DB,
      `${i}: ${on.sinrDb![i]} vs ${off.sinrDb![i]}`,
    );
  }
  // (c) ZF + eq. (5) on a slot: the same SINR, whether the beams are evaluated on the
  // rotated channels or (as the twin would use them) on the unrotated truth.
  for (let s = 0; s < off.slotCount; s++) {
    const servingAp = off.servingAp.subarray(s * off.ueCount, (s + 1) * off.ueCount);
    const beamPowerW = perBeamPowerW(servingAp, { apCount: off.apCount });
    const options = { beamPowerW, noisePowerW: NOISE_POWER_W };
    const hOff = slotChannelMatrices(off, s);
    const hOn = slotChannelMatrices(on, s);
    const beamsOn = zfBeams(hOn, { servingAp });
    const ref = sinrDb(sinrLinear(hOff, zfBeams(hOff, { servingAp }), options));
    const rotated = sinrDb(sinrLinear(hOn, beamsOn, options));
    const onTruth = sinrDb(sinrLinear(hOff, beamsOn, options));
    for (let k = 0; k < off.ueCount; k++) {
      assert.ok(Math.abs(rotated[k] - ref[k]) < OSCILLATOR_SINR_ATOL_DB, `slot ${s} UE ${k}`);
      assert.ok(Math.abs(onTruth[k] - ref[k]) < OSCILLATOR_SINR_ATOL_DB, `slot ${s} UE ${k}`);
    }
  }
});

Deno.test("CSI impairment options are validated", async () => {
  const scene = await loadNamedScene("office");
  const base: Partial<EpisodeConfig> = { slotCount: 2, ueCount: 1, maxReflectionOrder: 0 };
  assert.throws(
    () => simulateEpisode(scene, { ...base, pathPhaseJitterRad: -1 }, 1),
    {
      name: "RangeError",
      message: "config.pathPhaseJitterRad must be a finite number >= 0, got -1",
    },
  );
  for (const bad of [NaN, Infinity, "0.1" as unknown as number]) {
    assert.throws(
      () => simulateEpisode(scene, { ...base, pathPhaseJitterRad: bad }, 1),
      /config\.pathPhaseJitterRad/,
    );
  }
  assert.throws(
    () => simulateEpisode(scene, { ...base, oscillatorPhase: 1 as unknown as boolean }, 1),
    { name: "TypeError", message: "config.oscillatorPhase must be a boolean, got 1" },
  );
});
