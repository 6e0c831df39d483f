/**
 * Statistical max-SLNR beams from channel samples (the "statistical precoder"
 * candidate of WC-ZF).
 *
 * For AP b and its UE k, with `S` channel samples `h_{j,b}^{(s)}` of every UE j,
 *
 *     R_k   = (1/S) sum_s h_{k,b}^{(s)} h_{k,b}^{(s)H}                     (signal)
 *     R_all = (1/S) sum_s sum_{j=1..K} h_{j,b}^{(s)} h_{j,b}^{(s)H}         (all UEs)
 *     w_k   = argmax_w  w^H R_k w / w^H (R_all - R_k + (sigma^2 / P_b) I) w
 *
 * i.e. the principal generalized eigenvector of `(R_k, R_leak + sigma^2/P_b I)`, the
 * leakage counting every other UE in the network. Because `x / (y - x)` increases
 * with `x / y`, the same `w` maximizes `w^H R_k w / w^H B w` with
 * `B = R_all + (sigma^2/P_b) I`, which is shared by all of the AP's UEs: `B = L L^H` is
 * factored once (Cholesky), and per UE the whitened operator `L^-1 R_k L^-H` is
 * power-iterated without being formed, starting from `L^-1 mean_s h_k^{(s)}` (the MMSE
 * beam of the mean channel). Then `w = L^-H u`, normalized to unit norm. `R_all` is
 * accumulated as the Gram of the UEs the AP does not serve plus each served UE's own
 * `S R_k` (so the `R_k` come for free), and `R_k v` is one `[Nt, Nt]` product.
 *
 * Cost per AP: `K S Nt^2 / 2` for `R_all` (one Hermitian rank-`K S` update, upper
 * triangle only), `Nt^3 / 6` Cholesky, and per UE and iteration `2 Nt^2` complex
 * multiply-adds. The kernels live in `kernels.ts`; `wczfBeams` calls them
 * directly so that `R_all` is accumulated in the same pass as its other products.
 *
 * @module
 */
import { assertPositive, type ComplexMatrix, complexMatrix } from "../core/mod.ts";
import { gramUpperAddRows, Scratch, slnrRowsFromGrams, ueGramsAndMeans } from "./kernels.ts";

/** Default cap on power iterations per UE. */
export const SLNR_MAX_ITERATIONS = 30;
/** Default relative change of the Rayleigh quotient that stops the power iteration. */
export const SLNR_TOLERANCE = 1e-9;

/** Options of {@link maxSlnrBeamRows}. */
export interface SlnrOptions {
  /** `sigma^2 / P_b` (noise power over the per-beam power; dimensionless, > 0). */
  readonly noiseToPowerRatio: number;
  /** Power-iteration cap; default {@link SLNR_MAX_ITERATIONS}. */
  readonly maxIterations?: number;
  /** Stopping tolerance; default {@link SLNR_TOLERANCE}. */
  readonly tolerance?: number;
}

/**
 * Max-SLNR unit-norm beams of one AP for its served UEs, as beam rows.
 *
 * @param samples `S >= 1` channel samples of this AP, each `[K, Nt]` (row k = `h_k^H`).
 * @param servedUes `[K_b]` global UE indices.
 * @param options `noiseToPowerRatio` and iteration controls.
 * @returns `[K_b, Nt]` beam rows (`w^T`), unit norm.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { maxSlnrBeamRows } from "./slnr.ts";
 * // two orthogonal UEs: the max-SLNR beam of UE 0 is e1
 * const h = matrixFromRows([[2, 0], [0, 1]]);
 * const w = maxSlnrBeamRows([h], Int32Array.of(0), { noiseToPowerRatio: 0.1 });
 * console.log(Math.abs(w.re[0]).toFixed(6), Math.abs(w.re[1]).toFixed(6)); // 1.000000 0.000000
 * ```
 */
export function maxSlnrBeamRows(
  samples: readonly ComplexMatrix[],
  servedUes: Int32Array,
  options: SlnrOptions,
): ComplexMatrix {
  const {
    noiseToPowerRatio,
    maxIterations = SLNR_MAX_ITERATIONS,
    tolerance = SLNR_TOLERANCE,
  } = options;
  assertPositive("noiseToPowerRatio", noiseToPowerRatio);
  const sCount = samples.length;
  if (sCount === 0) throw new RangeError("samples must not be empty");
  const k = samples[0].rows, nt = samples[0].cols, kb = servedUes.length;
  for (let s = 0; s < sCount; s++) {
    if (samples[s].rows !== k || samples[s].cols !== nt) {
      throw new RangeError(
        `samples[${s}] is [${samples[s].rows}, ${samples[s].cols}], expected [${k}, ${nt}]`,
      );
    }
  }
  for (let i = 0; i < kb; i++) {
    if (!(servedUes[i] >= 0 && servedUes[i] < k)) {
      throw new RangeError(`servedUes[${i}] = ${servedUes[i]} is out of range [0, ${k})`);
    }
  }
  const out = complexMatrix(kb, nt);
  if (kb === 0) return out;
  const scratch = new Scratch();
  const isServed = new Uint8Array(k);
  for (const u of servedUes) isServed[u] = 1;
  const rest = Int32Array.from({ length: k }, (_, u) => u).filter((u) => !isServed[u]).map((u) =>
    u * nt
  );
  const gr = new Float64Array(nt * nt), gi = new Float64Array(nt * nt);
  for (const h of samples) gramUpperAddRows(h.re, h.im, rest, rest.length, nt, gr, gi);
  // each served UE's samples as contiguous [S, Nt] rows
  const xr = new Float64Array(kb * sCount * nt), xi = new Float64Array(kb * sCount * nt);
  for (let i = 0; i < kb; i++) {
    const u = servedUes[i];
    for (let s = 0; s < sCount; s++) {
      const o = (i * sCount + s) * nt;
      xr.set(samples[s].re.subarray(u * nt, (u + 1) * nt), o);
      xi.set(samples[s].im.subarray(u * nt, (u + 1) * nt), o);
    }
  }
  const rowStart = Int32Array.from({ length: kb }, (_, i) => i * sCount);
  const rRe = new Float64Array(kb * nt * nt), rIm = new Float64Array(kb * nt * nt);
  const meanRe = new Float64Array(kb * nt), meanIm = new Float64Array(kb * nt);
  ueGramsAndMeans(xr, xi, rowStart, sCount, nt, rRe, rIm, meanRe, meanIm);
  slnrRowsFromGrams({ re: gr, im: gi }, {
    ueCount: kb,
    ueGrams: { re: rRe, im: rIm },
    ueMeans: { re: meanRe, im: meanIm },
    antennaCount: nt,
    sampleCount: sCount,
    noiseToPowerRatio,
    maxIterations,
    tolerance,
    out,
    outRow0: 0,
    outStride: 1,
    scratch,
  });
  return out;
}
