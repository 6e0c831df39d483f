/**
 * Wideband views of a link: RMS delay spread and the frequency response over a band.
 *
 * @module
 */
import { assertInteger, assertPositive, type ComplexVector } from "../core/mod.ts";
import type { RayPath } from "../rt/mod.ts";

/**
 * Power-weighted RMS delay spread, s: `sqrt(sum p_l tau_l^2 / sum p_l - mean^2)`.
 * Zero for a single path; `NaN` for none.
 *
 * @example
 * ```ts
 * import { rmsDelaySpreadS } from "./delay_spread.ts";
 * const path = (delayS: number) => ({ delayS, gain: { re: 1, im: 0 } });
 * // Two equal paths 10 ns apart: spread 5 ns.
 * const spread = rmsDelaySpreadS([path(0), path(10e-9)] as never);
 * if (Math.abs(spread - 5e-9) > 1e-15) throw new Error("two-path spread");
 * ```
 */
export function rmsDelaySpreadS(paths: readonly Pick<RayPath, "delayS" | "gain">[]): number {
  let p = 0, m1 = 0, m2 = 0;
  for (const path of paths) {
    const w = path.gain.re ** 2 + path.gain.im ** 2;
    p += w;
    m1 += w * path.delayS;
    m2 += w * path.delayS ** 2;
  }
  if (p === 0) return NaN;
  const mean = m1 / p;
  return Math.sqrt(Math.max(0, m2 / p - mean * mean));
}

/**
 * Channel frequency response (antenna patterns excluded) at `subcarrierCount`
 * frequencies spread evenly over `bandwidthHz` around the carrier, relative to the
 * carrier: `H(f) = sum_l alpha_l exp(-j 2 pi (f - fc) tau_l)`. Length `subcarrierCount`.
 */
export function frequencyResponse(
  paths: readonly Pick<RayPath, "delayS" | "gain">[],
  options: { bandwidthHz: number; subcarrierCount: number },
): ComplexVector {
  assertPositive("options.bandwidthHz", options.bandwidthHz);
  assertInteger("options.subcarrierCount", options.subcarrierCount, { min: 1 });
  const n = options.subcarrierCount;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const df = n === 1 ? 0 : -options.bandwidthHz / 2 + (options.bandwidthHz * i) / (n - 1);
    for (const path of paths) {
      const ph = -2 * Math.PI * df * path.delayS;
      const c = Math.cos(ph), s = Math.sin(ph);
      re[i] += path.gain.re * c - path.gain.im * s;
      im[i] += path.gain.re * s + path.gain.im * c;
    }
  }
  return { re, im };
}
