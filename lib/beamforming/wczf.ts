/**
 * Worst-case zero-forcing (WC-ZF): a closed-form candidate set per UE plus the
 * minimax selection of the paper's eq. (16). No convex solver.
 *
 * Input: `M x T` synthetic scenarios, `scenarios[m][t][b]` = `H_{b,t}^{(m)}` (`[K, Nt]`,
 * row k = `h_{k,b}^H`), all `S = M T` of them with the same shapes, plus the association.
 *
 * **Candidates** (per AP b, for each of its UEs k; all unit-norm; index order):
 * 0. `mean-zf`: coordinated ZF (`zfBeamRows`) on the sample-mean channel
 *    `mean_{m,t} H_{b,t}^{(m)}`. This is also the *reference* beam (below).
 * 1..M. `trajectory-zf:m`: coordinated ZF on trajectory m's own T-slot mean channel
 *    `mean_t H_{b,t}^{(m)}` (ZF is invariant to a per-row complex scale, so a mean over
 *    slots in which a UE's channel mainly rotates in phase keeps its ZF direction).
 *    Only present when `M >= 2` (with `M = 1` it would duplicate `mean-zf`).
 * last. `max-slnr`: the statistical precoder from all `S` samples
 *    (`maxSlnrBeamRows`: principal generalized eigenvector of the sample signal
 *    covariance vs. the sample leakage covariance of all other UEs + `sigma^2 / P_b I`).
 *    Present when `statistical` is true, or (default `"auto"`) when `S >= 2`: from a
 *    single sample it is the regularized-ZF (MMSE) beam of that sample, which the
 *    selection below would prefer over ZF for its own SINR while leaking to others;
 *    leaving it out makes `M = T = 1` with exact CSI reduce to plain ZF *exactly*
 *    (only candidate: `mean-zf` on the one channel; equal to {@link zfBeams} up to
 *    rounding, 1e-9 tested).
 *
 * **Selection** (eq. (16) per UE, others held fixed): every beam of every AP starts at
 * its reference (`mean-zf`). For UE k served by b and candidate c,
 *
 *     SINR_k^{(s)}(c) = P_b |h_{k,b}^{(s)H} w_c|^2
 *                       / ( sum_{(b',j) != (b,k)} P_b' |h_{k,b'}^{(s)H} w_{b',j}^{ref}|^2 + sigma^2 )
 *
 * (eq. (5): intra- and inter-cell interference from all APs' reference beams), and UE
 * k keeps `argmax_c min_s SINR_k^{(s)}(c)` (ties keep the lower index, so `mean-zf`
 * wins a tie). With `refinementPasses = r > 0` the selection is repeated `r` times with
 * the reference replaced by the previous pass's selected beams (default 0). Eq. (16)
 * varies only UE k's own beam, which enters only UE k's numerator: the criterion
 * itself does not see the leakage a candidate causes to other UEs; leakage is kept low
 * by the candidates' construction (all null or trade off leakage network-wide).
 *
 * **Cost** (complex multiply-adds; `S = M T`, `C = M + 2`; A = 3, K = 30, Nt = 64,
 * M = 20, T = 5 in brackets). The work is cast as a few batched products that share
 * what the candidates have in common, in two passes over the `S A` channel matrices:
 * - candidates: the `M` trajectory means per AP (their mean is the reference's mean
 *   channel), `(M + 1) A` ZF solves of `K^2 Nt / 2 + Nt K K_b + ...` each (~3.9 M);
 * - one fused pass per scenario and AP over the cache-resident `[K, Nt]` channel: the
 *   reference-interference gains `[K, Nt] x [Nt, K_b]` (`S K^2 Nt`, 5.8 M; the own-beam
 *   entry is the `mean-zf` candidate's signal, so that column is not recomputed) and,
 *   for the max-SLNR candidate, the Hermitian rank-`(K - K_b)` update of the Gram of the
 *   UEs the AP does not serve (upper triangle);
 * - max-SLNR per AP: each served UE's own Gram `R_k` (`S Nt^2 / 2`), which completes the
 *   AP's all-UE Gram (`A K S Nt^2 / 2` in all with the pass above, 18.4 M, the largest
 *   term), one Cholesky of `R_all / S + sigma^2 / P_b I` shared by the AP's UEs, and per
 *   UE power iterations of `2 Nt^2` each with the explicit `R_k` (up to 30: 7.4 M; the
 *   iterates are those of `maxSlnrBeamRows`);
 * - candidate signal: per UE one `[S, Nt] x [Nt, C - 1]` product (4.0 M);
 * - selection: `O(K S C)` comparisons per pass; a refinement pass adds one
 *   reference-interference product.
 * About 40 M in all at A = 3 (the pre-optimization code did ~47 M: the same Gram, and
 * power iterations of `2 S Nt + Nt^2` from the samples). Scalar JS runs these
 * register-blocked kernels at about 1.2-1.6 ns per complex multiply-add (near two
 * floating-point operations per cycle), so the call is flop-bound: ~55-65 ms at A = 3
 * on the 2-core reference machine, growing with A through the Gram (see
 * `bench/wczf_bench.ts`). Kernels are in `kernels.ts`; scratch buffers are kept between
 * calls (not re-entrant, which is fine for synchronous code). Numerically the result
 * equals the straightforward implementation (`tests/beamforming/wczf_reference.ts`) up
 * to summation order (tested to 1e-9 relative, beams to 1e-12).
 *
 * @module
 */
import { assertInteger, assertNonNegative, type ComplexMatrix } from "../core/mod.ts";
import { powerGains } from "./gains.ts";
import { NOISE_POWER_W, perBeamPowerW, servedUesByAp } from "./power.ts";
import type { ApBeams } from "./sinr.ts";
import {
  gramUpperAddRows,
  Scratch,
  slnrRowsFromGrams,
  ueGramsAndMeans,
  zfRowsInto,
} from "./kernels.ts";
import { SLNR_MAX_ITERATIONS, SLNR_TOLERANCE } from "./slnr.ts";
import { rowsToWeights, ZF_RELATIVE_REGULARIZATION, type ZfOptions } from "./zf.ts";

/** `scenarios[m][t][b]`: channel `[K, Nt]` of AP b in slot t of trajectory m. */
export type WczfScenarios = ReadonlyArray<ReadonlyArray<readonly ComplexMatrix[]>>;

/** Options of {@link wczfBeams}. */
export interface WczfOptions extends ZfOptions {
  /** `[K]` serving AP per UE (negative: unserved). */
  readonly servingAp: Int32Array;
  /** `[A]` per-beam power, W; default: 23 dBm per AP split equally ({@link perBeamPowerW}). */
  readonly beamPowerW?: Float64Array;
  /** Noise power, W; default {@link NOISE_POWER_W}. */
  readonly noisePowerW?: number;
  /** Include the max-SLNR candidate: true, false, or `"auto"` (default: when `M T >= 2`). */
  readonly statistical?: boolean | "auto";
  /** Extra selection passes with the previous selection as reference; default 0. */
  readonly refinementPasses?: number;
  /** Power-iteration cap of the SLNR candidate. */
  readonly slnrMaxIterations?: number;
}

/** Result of {@link wczfBeams}. */
export interface WczfResult {
  /** Selected unit-norm beams per AP, `[Nt, K_b]`. */
  readonly beams: ApBeams[];
  /** `[K]` index into `candidateLabels` of each UE's selected candidate (-1: unserved). */
  readonly chosen: Int32Array;
  /** `[C]` candidate names, e.g. `["mean-zf", "trajectory-zf:0", ..., "max-slnr"]`. */
  readonly candidateLabels: readonly string[];
  /** `[K]` worst-case (over the `S` scenarios) eq. (5) SINR of the selected beam, linear. */
  readonly worstCaseSinr: Float64Array;
  /** `[K, C]` worst-case SINR of every candidate in the last selection pass, linear. */
  readonly candidateWorstCaseSinr: Float64Array;
  /** Per AP `[K_b * C, Nt]` beam rows: row `i * C + c` is candidate c of served UE i. */
  readonly candidateRows: ComplexMatrix[];
  /** Reference beams (other beams held fixed) of the last selection pass. */
  readonly referenceBeams: ApBeams[];
}

const scratch = new Scratch();

/**
 * WC-ZF beams (see the module documentation for the exact candidates and selection).
 *
 * @param scenarios `[M][T][A]` channels `[K, Nt]`.
 * @param options association, powers (W), noise (W), candidate and pass controls.
 * @returns selected beams, chosen candidate and worst-case SINR per UE.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { wczfBeams } from "./wczf.ts";
 * const h = matrixFromRows([[1, 0.2], [0.1, 1]]);
 * const r = wczfBeams([[[h]]], { servingAp: Int32Array.of(0, 0) });
 * console.log(r.candidateLabels); // [ "mean-zf" ]
 * ```
 */
export function wczfBeams(scenarios: WczfScenarios, options: WczfOptions): WczfResult {
  const { servingAp, statistical = "auto", refinementPasses = 0 } = options;
  const noise = options.noisePowerW ?? NOISE_POWER_W;
  assertNonNegative("noisePowerW", noise);
  assertInteger("refinementPasses", refinementPasses, { min: 0 });
  const mCount = scenarios.length;
  if (mCount === 0) throw new RangeError("scenarios must hold at least one trajectory");
  const tCount = scenarios[0].length;
  if (tCount === 0) throw new RangeError("scenarios[0] must hold at least one slot");
  const apCount = scenarios[0][0].length;
  if (apCount === 0) throw new RangeError("scenarios[0][0] must hold at least one AP");
  const k = scenarios[0][0][0].rows, nt = scenarios[0][0][0].cols;
  if (servingAp.length !== k) {
    throw new RangeError(`servingAp has ${servingAp.length} entries, channels have ${k} rows`);
  }
  const sCount = mCount * tCount;
  const flat: (readonly ComplexMatrix[])[] = [];
  for (let m = 0; m < mCount; m++) {
    if (scenarios[m].length !== tCount) {
      throw new RangeError(`scenarios[${m}] has ${scenarios[m].length} slots, expected ${tCount}`);
    }
    for (let t = 0; t < tCount; t++) {
      const set = scenarios[m][t];
      if (set.length !== apCount) {
        throw new RangeError(`scenarios[${m}][${t}] has ${set.length} APs, expected ${apCount}`);
      }
      for (let b = 0; b < apCount; b++) {
        if (set[b].rows !== k || set[b].cols !== nt) {
          throw new RangeError(
            `scenarios[${m}][${t}][${b}] is [${set[b].rows}, ${
              set[b].cols
            }], expected [${k}, ${nt}]`,
          );
        }
      }
      flat.push(set);
    }
  }
  const served = servedUesByAp(servingAp, apCount);
  const power = options.beamPowerW ?? perBeamPowerW(servingAp, { apCount });
  if (power.length !== apCount) {
    throw new RangeError(`beamPowerW has ${power.length} entries, expected ${apCount}`);
  }
  const local = new Int32Array(k);
  for (const list of served) list.forEach((u, i) => (local[u] = i));
  const useSlnr = statistical === "auto" ? sCount >= 2 : statistical;
  const labels = ["mean-zf"];
  if (mCount >= 2) { for (let m = 0; m < mCount; m++) labels.push(`trajectory-zf:${m}`); }
  if (useSlnr) labels.push("max-slnr");
  const c = labels.length;

  const { relativeRegularization = ZF_RELATIVE_REGULARIZATION } = options;
  if (!(relativeRegularization >= 0)) {
    throw new RangeError(`relativeRegularization must be >= 0, got ${relativeRegularization}`);
  }
  const maxIterations = options.slnrMaxIterations ?? SLNR_MAX_ITERATIONS;
  const kn = k * nt;

  // ---- each served UE's own-channel samples, [S, Nt] contiguous (row u * S + s) -------
  const xRe = scratch.get("xRe", k * sCount * nt), xIm = scratch.get("xIm", k * sCount * nt);
  for (let u = 0; u < k; u++) {
    const b = servingAp[u];
    if (b < 0) continue;
    const from = u * nt;
    for (let s = 0; s < sCount; s++) {
      const hr = flat[s][b].re, hi = flat[s][b].im;
      const o = (u * sCount + s) * nt;
      for (let q = 0; q < nt; q++) {
        xRe[o + q] = hr[from + q];
        xIm[o + q] = hi[from + q];
      }
    }
  }

  // ---- ZF candidates: per AP, the M trajectory means and their mean ------------------
  const candidateRows: ComplexMatrix[] = [];
  const referenceRows: ComplexMatrix[] = [];
  const mean: ComplexMatrix = {
    rows: k,
    cols: nt,
    re: scratch.get("meanRe", kn),
    im: scratch.get("meanIm", kn),
  };
  const traj: ComplexMatrix = {
    rows: k,
    cols: nt,
    re: scratch.get("trajRe", kn),
    im: scratch.get("trajIm", kn),
  };
  for (let b = 0; b < apCount; b++) {
    const list = served[b], kb = list.length;
    const rows: ComplexMatrix = {
      rows: kb * c,
      cols: nt,
      re: new Float64Array(kb * c * nt),
      im: new Float64Array(kb * c * nt),
    };
    candidateRows.push(rows);
    const ref: ComplexMatrix = {
      rows: kb,
      cols: nt,
      re: new Float64Array(kb * nt),
      im: new Float64Array(kb * nt),
    };
    referenceRows.push(ref);
    if (kb === 0) continue;
    if (mCount === 1) {
      averageInto(flat, b, 0, tCount, mean);
    } else {
      mean.re.fill(0);
      mean.im.fill(0);
      for (let m = 0; m < mCount; m++) {
        averageInto(flat, b, m * tCount, tCount, traj);
        zfRowsInto(traj, list, relativeRegularization, rows.re, rows.im, 1 + m, c, scratch);
        const tr = traj.re, ti = traj.im, mr = mean.re, mi = mean.im;
        for (let q = 0; q < kn; q++) {
          mr[q] += tr[q];
          mi[q] += ti[q];
        }
      }
      const inv = 1 / mCount;
      for (let q = 0; q < kn; q++) {
        mean.re[q] *= inv;
        mean.im[q] *= inv;
      }
    }
    zfRowsInto(mean, list, relativeRegularization, ref.re, ref.im, 0, 1, scratch);
    for (let i = 0; i < kb; i++) {
      rows.re.set(ref.re.subarray(i * nt, (i + 1) * nt), i * c * nt);
      rows.im.set(ref.im.subarray(i * nt, (i + 1) * nt), i * c * nt);
    }
  }

  // ---- one pass over the S x A channels: reference interference (+ max-SLNR Gram) ----
  let maxKb = 0;
  for (const list of served) maxKb = Math.max(maxKb, list.length);
  const interference = scratch.get("interference", k * sCount);
  const ownGain = scratch.get("ownGain", k * sCount);
  const gains = scratch.get("gains", k * maxKb);
  // max-SLNR: per AP the Gram of the UEs it does not serve (rows listed in `rest`)
  const gramRe: Float64Array[] = [], gramIm: Float64Array[] = [], rest: Int32Array[] = [];
  if (useSlnr) {
    for (let b = 0; b < apCount; b++) {
      gramRe.push(scratch.get(`gramRe${b}`, nt * nt).fill(0));
      gramIm.push(scratch.get(`gramIm${b}`, nt * nt).fill(0));
      const offsets = new Int32Array(k - served[b].length);
      let n = 0;
      for (let u = 0; u < k; u++) if (servingAp[u] !== b) offsets[n++] = u * nt;
      rest.push(offsets);
    }
  }
  const accumulateInterference = (refRows: readonly ComplexMatrix[], withGram: boolean) => {
    interference.fill(0);
    for (let s = 0; s < sCount; s++) {
      for (let b = 0; b < apCount; b++) {
        const kb = served[b].length;
        if (kb === 0) continue;
        const h = flat[s][b];
        powerGains(h, refRows[b], { out: gains });
        const p = power[b];
        for (let u = 0; u < k; u++) {
          const o = u * kb;
          let sum = 0;
          for (let j = 0; j < kb; j++) sum += gains[o + j];
          if (servingAp[u] === b) {
            const own = gains[o + local[u]];
            ownGain[u * sCount + s] = own;
            sum -= own;
          }
          interference[u * sCount + s] += p * sum;
        }
        if (withGram) {
          gramUpperAddRows(h.re, h.im, rest[b], rest[b].length, nt, gramRe[b], gramIm[b]);
        }
      }
    }
  };
  accumulateInterference(referenceRows, useSlnr);

  // ---- max-SLNR candidate per AP from its Gram ----------------------------------------
  if (useSlnr) {
    for (let b = 0; b < apCount; b++) {
      const list = served[b];
      if (list.length === 0) continue;
      const kb = list.length, nn = nt * nt;
      const rowStart = Int32Array.from(list, (u) => u * sCount);
      const rRe = scratch.get("ueGramRe", kb * nn), rIm = scratch.get("ueGramIm", kb * nn);
      const meanRe = scratch.get("ueMeanRe", kb * nt), meanIm = scratch.get("ueMeanIm", kb * nt);
      ueGramsAndMeans(xRe, xIm, rowStart, sCount, nt, rRe, rIm, meanRe, meanIm);
      slnrRowsFromGrams(
        gramRe[b],
        gramIm[b],
        kb,
        rRe,
        rIm,
        meanRe,
        meanIm,
        nt,
        sCount,
        Math.max(noise, Number.MIN_VALUE) / power[b],
        maxIterations,
        SLNR_TOLERANCE,
        candidateRows[b].re,
        candidateRows[b].im,
        c - 1,
        c,
        scratch,
      );
    }
  }

  // ---- candidate signal gains, [K][S, C]: column 0 (the reference) from the pass above -
  const signal = scratch.get("signal", k * sCount * c);
  const partial = scratch.get("partial", sCount * c);
  const signalOfCandidate0 = ownGain.slice();
  for (let b = 0; b < apCount; b++) {
    const list = served[b], kb = list.length;
    for (let i = 0; i < kb; i++) {
      const u = list[i];
      const o = u * sCount * c;
      if (c > 1) {
        const x: ComplexMatrix = {
          rows: sCount,
          cols: nt,
          re: xRe.subarray(u * sCount * nt, (u + 1) * sCount * nt),
          im: xIm.subarray(u * sCount * nt, (u + 1) * sCount * nt),
        };
        const cand: ComplexMatrix = {
          rows: c - 1,
          cols: nt,
          re: candidateRows[b].re.subarray((i * c + 1) * nt, (i + 1) * c * nt),
          im: candidateRows[b].im.subarray((i * c + 1) * nt, (i + 1) * c * nt),
        };
        powerGains(x, cand, { out: partial });
        for (let s = 0; s < sCount; s++) {
          for (let ci = 1; ci < c; ci++) signal[o + s * c + ci] = partial[s * (c - 1) + ci - 1];
        }
      }
      for (let s = 0; s < sCount; s++) signal[o + s * c] = signalOfCandidate0[u * sCount + s];
    }
  }

  // ---- selection passes --------------------------------------------------------------
  const chosen = new Int32Array(k).fill(-1);
  const worst = new Float64Array(k);
  const candWorst = new Float64Array(k * c);
  const denominator = scratch.get("denominator", sCount);
  let selectedRows: ComplexMatrix[] = referenceRows;
  for (let pass = 0; pass <= refinementPasses; pass++) {
    if (pass > 0) {
      for (let b = 0; b < apCount; b++) referenceRows[b] = selectedRows[b];
      accumulateInterference(referenceRows, false);
    }
    selectedRows = [];
    for (let b = 0; b < apCount; b++) {
      const list = served[b], kb = list.length;
      const sel: ComplexMatrix = {
        rows: kb,
        cols: nt,
        re: new Float64Array(kb * nt),
        im: new Float64Array(kb * nt),
      };
      const p = power[b];
      const rows = candidateRows[b];
      for (let i = 0; i < kb; i++) {
        const u = list[i];
        for (let s = 0; s < sCount; s++) denominator[s] = interference[u * sCount + s] + noise;
        const o = u * sCount * c;
        let best = -1, bestValue = -Infinity;
        for (let ci = 0; ci < c; ci++) {
          let w = Infinity;
          for (let s = 0; s < sCount; s++) {
            const v = p * signal[o + s * c + ci] / denominator[s];
            if (v < w) w = v;
          }
          candWorst[u * c + ci] = w;
          if (w > bestValue || best < 0) {
            best = ci;
            bestValue = w;
          }
        }
        chosen[u] = best;
        worst[u] = bestValue;
        const from = (i * c + best) * nt;
        sel.re.set(rows.re.subarray(from, from + nt), i * nt);
        sel.im.set(rows.im.subarray(from, from + nt), i * nt);
      }
      selectedRows.push(sel);
    }
  }
  return {
    beams: selectedRows.map((rows, b) => ({ servedUes: served[b], weights: rowsToWeights(rows) })),
    chosen,
    candidateLabels: labels,
    worstCaseSinr: worst,
    candidateWorstCaseSinr: candWorst,
    candidateRows,
    referenceBeams: referenceRows.map((rows, b) => ({
      servedUes: served[b],
      weights: rowsToWeights(rows),
    })),
  };
}
/** `out = mean_{s in [from, from + count)} flat[s][b]` (a copy when `count` is 1). */
function averageInto(
  flat: readonly (readonly ComplexMatrix[])[],
  b: number,
  from: number,
  count: number,
  out: ComplexMatrix,
): void {
  out.re.fill(0);
  out.im.fill(0);
  for (let s = from; s < from + count; s++) {
    const h = flat[s][b];
    for (let q = 0; q < out.re.length; q++) {
      out.re[q] += h.re[q];
      out.im[q] += h.im[q];
    }
  }
  if (count !== 1) {
    const inv = 1 / count;
    for (let q = 0; q < out.re.length; q++) {
      out.re[q] *= inv;
      out.im[q] *= inv;
    }
  }
}
