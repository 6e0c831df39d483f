/**
 * 2-D DFT beam codebook of a UPA, and the best-beam search used for RSSI-based
 * association.
 *
 * Beam `i = mV * (O NH) + mH` (for `mH` in `[0, O NH)`, `mV` in `[0, O NV)`, `O` the
 * oversampling factor) has spatial frequencies `psi_H = 2 pi (mH - O NH / 2) / (O NH)`,
 * `psi_V = 2 pi (mV - O NV / 2) / (O NV)` (so they lie in `[-pi, pi)`), and weights
 *
 *     f_i[iv * NH + ih] = exp(-j (ih' psi_H + iv' psi_V)) / sqrt(Nt)
 *
 * with centred indices `ih' = ih - (NH-1)/2`, `iv' = iv - (NV-1)/2` as in `upa.ts`. A
 * channel row `h^H` of a single path whose steering vector has phase
 * `2 pi d (ih' u_H + iv' u_V)` (see `upa.ts`) gives `|h^H f_i|^2` largest for the beam
 * with `psi = 2 pi d u`: {@link beamDirectionCosines} returns that `u`. With `O = 1`
 * the `NH NV` beams are orthonormal (the 2-D DFT basis up to per-beam phases).
 *
 * The search is separable: `h^H f_i = sum_iv e_V[iv] sum_ih h[iv, ih] e_H[ih]`, so a
 * full sweep costs `NV NH (O NH) + (O NH) NV (O NV)` complex multiply-adds (1 024 for
 * 8x8, O = 1) instead of `Nt x beams` (4 096).
 *
 * @module
 */
import { assertFiniteNumber, assertInteger, type ComplexVector } from "../core/mod.ts";
import type { ArraySpec } from "../scene/mod.ts";
import { antennaCount } from "./upa.ts";

/** A DFT codebook bound to one array geometry. */
export interface DftCodebook {
  readonly array: ArraySpec;
  /** Oversampling factor per axis `O` (1 = orthogonal beams). */
  readonly oversampling: number;
  /** Beams along the horizontal axis `O NH`. */
  readonly beamsH: number;
  /** Beams along the vertical axis `O NV`. */
  readonly beamsV: number;
  /** Total beams `O^2 NH NV`. */
  readonly beamCount: number;
}

/** Result of a beam search. */
export interface BeamChoice {
  /** Index of the best beam. */
  readonly index: number;
  /** `|h^H f|^2` of that beam (linear, dimensionless power gain of the channel + beam). */
  readonly gain: number;
}

interface CodebookTables extends DftCodebook {
  /** `exp(-j ih' psi_H(mH))`, `[beamsH, NH]`. */
  readonly hRe: Float64Array;
  readonly hIm: Float64Array;
  /** `exp(-j iv' psi_V(mV)) / sqrt(Nt)`, `[beamsV, NV]`. */
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
  /** Stage-1 scratch `[NV, beamsH]`. */
  readonly tRe: Float64Array;
  readonly tIm: Float64Array;
}

/**
 * Builds the 2-D DFT codebook of a UPA.
 *
 * @param array the UPA (e.g. 8 x 8).
 * @param options `oversampling` per axis (integer >= 1, default 1: `NH NV` orthogonal beams).
 *
 * @example
 * ```ts
 * import { createDftCodebook } from "./codebook.ts";
 * const cb = createDftCodebook({ horizontal: 8, vertical: 8, spacingWavelengths: 0.5 });
 * if (cb.beamCount !== 64) throw new Error("8x8 array: 64 beams");
 * ```
 */
export function createDftCodebook(
  array: ArraySpec,
  options: { oversampling?: number } = {},
): DftCodebook {
  assertInteger("array.horizontal", array.horizontal, { min: 1 });
  assertInteger("array.vertical", array.vertical, { min: 1 });
  const { oversampling = 1 } = options;
  assertInteger("options.oversampling", oversampling, { min: 1, max: 16 });
  const nh = array.horizontal;
  const nv = array.vertical;
  const beamsH = oversampling * nh;
  const beamsV = oversampling * nv;
  const scale = 1 / Math.sqrt(antennaCount(array));
  const hRe = new Float64Array(beamsH * nh);
  const hIm = new Float64Array(beamsH * nh);
  for (let m = 0; m < beamsH; m++) {
    const psi = (2 * Math.PI * (m - beamsH / 2)) / beamsH;
    for (let i = 0; i < nh; i++) {
      const phase = -(i - (nh - 1) / 2) * psi;
      hRe[m * nh + i] = Math.cos(phase);
      hIm[m * nh + i] = Math.sin(phase);
    }
  }
  const vRe = new Float64Array(beamsV * nv);
  const vIm = new Float64Array(beamsV * nv);
  for (let m = 0; m < beamsV; m++) {
    const psi = (2 * Math.PI * (m - beamsV / 2)) / beamsV;
    for (let i = 0; i < nv; i++) {
      const phase = -(i - (nv - 1) / 2) * psi;
      vRe[m * nv + i] = scale * Math.cos(phase);
      vIm[m * nv + i] = scale * Math.sin(phase);
    }
  }
  const tables: CodebookTables = {
    array,
    oversampling,
    beamsH,
    beamsV,
    beamCount: beamsH * beamsV,
    hRe,
    hIm,
    vRe,
    vIm,
    tRe: new Float64Array(nv * beamsH),
    tIm: new Float64Array(nv * beamsH),
  };
  return tables;
}

/**
 * Weights `f_i` (length Nt, unit norm) of beam `index`.
 *
 * @example
 * ```ts
 * import { beamVector, createDftCodebook } from "./codebook.ts";
 * const cb = createDftCodebook({ horizontal: 8, vertical: 8, spacingWavelengths: 0.5 });
 * const f = beamVector(cb, 10);
 * let norm2 = 0;
 * for (let n = 0; n < 64; n++) norm2 += f.re[n] ** 2 + f.im[n] ** 2;
 * if (Math.abs(norm2 - 1) > 1e-12) throw new Error("unit norm");
 * ```
 */
export function beamVector(codebook: DftCodebook, index: number): ComplexVector {
  const cb = tablesOf(codebook);
  assertInteger("index", index, { min: 0, max: cb.beamCount - 1 });
  const nh = cb.array.horizontal;
  const nv = cb.array.vertical;
  const mH = index % cb.beamsH;
  const mV = Math.floor(index / cb.beamsH);
  const re = new Float64Array(nh * nv);
  const im = new Float64Array(nh * nv);
  for (let iv = 0; iv < nv; iv++) {
    const vr = cb.vRe[mV * nv + iv];
    const vi = cb.vIm[mV * nv + iv];
    for (let ih = 0; ih < nh; ih++) {
      const hr = cb.hRe[mH * nh + ih];
      const hi = cb.hIm[mH * nh + ih];
      re[iv * nh + ih] = vr * hr - vi * hi;
      im[iv * nh + ih] = vr * hi + vi * hr;
    }
  }
  return { re, im };
}

/**
 * Direction cosines `(u_H, u_V)` along the array's horizontal and vertical axes that
 * beam `index` points to (`psi / (2 pi d)`; values beyond `[-1, 1]` are grating lobes
 * of arrays with `d > 0.5` and are returned as is).
 *
 * @example
 * ```ts
 * import { beamDirectionCosines, createDftCodebook } from "./codebook.ts";
 * const cb = createDftCodebook({ horizontal: 8, vertical: 8, spacingWavelengths: 0.5 });
 * const { cosineH, cosineV } = beamDirectionCosines(cb, 4 * 8 + 4); // psi = 0: broadside
 * if (cosineH !== 0 || cosineV !== 0) throw new Error("beam 36 is broadside");
 * ```
 */
export function beamDirectionCosines(
  codebook: DftCodebook,
  index: number,
): { cosineH: number; cosineV: number } {
  assertInteger("index", index, { min: 0, max: codebook.beamCount - 1 });
  const mH = index % codebook.beamsH;
  const mV = Math.floor(index / codebook.beamsH);
  const d = codebook.array.spacingWavelengths;
  return {
    cosineH: (mH - codebook.beamsH / 2) / codebook.beamsH / d,
    cosineV: (mV - codebook.beamsV / 2) / codebook.beamsV / d,
  };
}

/**
 * `|h^H f_i|^2` for every beam i into `out` (length `beamCount`), for a row `h^H`
 * given as a complex vector, or as interleaved (re, im) numbers starting at
 * `options.offset` (the episode's float32 layout).
 *
 * @example
 * ```ts
 * import { beamGains, beamVector, createDftCodebook } from "./codebook.ts";
 * const cb = createDftCodebook({ horizontal: 8, vertical: 8, spacingWavelengths: 0.5 });
 * const f = beamVector(cb, 17);
 * // The row h^H = f^H is matched by beam 17 only: gain 1 there, 0 elsewhere.
 * const row = { re: f.re, im: f.im.map((v) => -v) };
 * const g = beamGains(row, { codebook: cb });
 * if (Math.abs(g[17] - 1) > 1e-12 || Math.abs(g[18]) > 1e-12) throw new Error("orthogonal");
 * ```
 */
export function beamGains(
  row: ComplexVector | Float32Array | Float64Array,
  options: { codebook: DftCodebook; offset?: number; out?: Float64Array },
): Float64Array {
  const cb = tablesOf(options?.codebook);
  const out = options.out ?? new Float64Array(cb.beamCount);
  if (out.length < cb.beamCount) {
    throw new RangeError(`options.out must have >= ${cb.beamCount} entries, got ${out.length}`);
  }
  const nh = cb.array.horizontal;
  const nv = cb.array.vertical;
  const bh = cb.beamsH;
  const bv = cb.beamsV;
  const { tRe, tIm, hRe, hIm, vRe, vIm } = cb;
  const interleaved = !("re" in row);
  const offset = options.offset ?? 0;
  if (interleaved) {
    if (offset < 0 || offset + 2 * nh * nv > row.length) {
      throw new RangeError(
        `row: need ${2 * nh * nv} interleaved numbers from offset ${offset}, got ${row.length}`,
      );
    }
  } else if (row.re.length !== nh * nv) {
    throw new RangeError(`row must have length ${nh * nv}, got ${row.re.length}`);
  }
  // Stage 1: t[iv, mH] = sum_ih h[iv, ih] eH[mH, ih].
  for (let iv = 0; iv < nv; iv++) {
    for (let m = 0; m < bh; m++) {
      let sr = 0;
      let si = 0;
      for (let ih = 0; ih < nh; ih++) {
        const n = iv * nh + ih;
        const xr = interleaved ? row[offset + 2 * n] : row.re[n];
        const xi = interleaved ? row[offset + 2 * n + 1] : row.im[n];
        const er = hRe[m * nh + ih];
        const ei = hIm[m * nh + ih];
        sr += xr * er - xi * ei;
        si += xr * ei + xi * er;
      }
      tRe[iv * bh + m] = sr;
      tIm[iv * bh + m] = si;
    }
  }
  // Stage 2: g[mV, mH] = |sum_iv t[iv, mH] eV[mV, iv]|^2.
  for (let mv = 0; mv < bv; mv++) {
    for (let m = 0; m < bh; m++) {
      let sr = 0;
      let si = 0;
      for (let iv = 0; iv < nv; iv++) {
        const xr = tRe[iv * bh + m];
        const xi = tIm[iv * bh + m];
        const er = vRe[mv * nv + iv];
        const ei = vIm[mv * nv + iv];
        sr += xr * er - xi * ei;
        si += xr * ei + xi * er;
      }
      out[mv * bh + m] = sr * sr + si * si;
    }
  }
  return out;
}

/**
 * Best beam of a codebook for a row `h^H`: `argmax_i |h^H f_i|^2` and that gain.
 *
 * @example
 * ```ts
 * import { bestBeam, beamVector, createDftCodebook } from "./codebook.ts";
 * const cb = createDftCodebook({ horizontal: 8, vertical: 8, spacingWavelengths: 0.5 });
 * const f = beamVector(cb, 42);
 * const row = { re: f.re.map((v) => 2 * v), im: f.im.map((v) => -2 * v) }; // 2 f^H
 * const { index, gain } = bestBeam(row, cb);
 * if (index !== 42 || Math.abs(gain - 4) > 1e-12) throw new Error("beam 42, gain 4");
 * ```
 */
export function bestBeam(
  row: ComplexVector | Float32Array | Float64Array,
  codebook: DftCodebook,
  options: { offset?: number } = {},
): BeamChoice {
  const cb = tablesOf(codebook);
  const gains = beamGains(row, { codebook: cb, offset: options.offset, out: cb.gainsScratch });
  let index = 0;
  let gain = gains[0];
  for (let i = 1; i < cb.beamCount; i++) {
    if (gains[i] > gain) {
      gain = gains[i];
      index = i;
    }
  }
  return { index, gain };
}

/**
 * RSSI of a beam: `P_tx + 10 log10(|h^H f|^2)`, dBm (the AP's whole power on one beam).
 * A zero gain gives `-Infinity`.
 *
 * @example
 * ```ts
 * import { beamRssiDbm } from "./codebook.ts";
 * if (beamRssiDbm(1e-8, { txPowerDbm: 23 }) !== -57) throw new Error("23 dBm - 80 dB");
 * ```
 */
export function beamRssiDbm(gain: number, options: { txPowerDbm: number }): number {
  assertFiniteNumber("gain", gain);
  if (gain < 0) throw new RangeError(`gain must be >= 0, got ${gain}`);
  assertFiniteNumber("options.txPowerDbm", options?.txPowerDbm);
  return options.txPowerDbm + 10 * Math.log10(gain);
}

function tablesOf(codebook: unknown): CodebookTables & { gainsScratch: Float64Array } {
  const cb = codebook as CodebookTables & { gainsScratch?: Float64Array };
  if (typeof cb !== "object" || cb === null || !(cb.hRe instanceof Float64Array)) {
    throw new TypeError("codebook must come from createDftCodebook");
  }
  cb.gainsScratch ??= new Float64Array(cb.beamCount);
  return cb as CodebookTables & { gainsScratch: Float64Array };
}
