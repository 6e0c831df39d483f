/**
 * Worst-case zero-forcing (WC-ZF): a closed-form candidate set per UE plus the
 * minimax selection of the paper's eq. (16). No convex solver.
 *
 * Input: `M x T` synthetic scenarios, `scenarios[m][t][b]` = `H_{b,t}^{(m)}` (`[K, Nt]`,
 * row k = `h_{k,b}^H`), all `S = M T` of them with the same shapes, plus the association.
 *
 * **Candidates** (per AP b, for each of its UEs k; all unit-norm; index order):
 * 0. `mean-zf`: coordinated ZF ({@link zfBeamRows}) on the sample-mean channel
 *    `mean_{m,t} H_{b,t}^{(m)}`. This is also the *reference* beam (below).
 * 1..M. `trajectory-zf:m`: coordinated ZF on trajectory m's own T-slot mean channel
 *    `mean_t H_{b,t}^{(m)}` (ZF is invariant to a per-row complex scale, so a mean over
 *    slots in which a UE's channel mainly rotates in phase keeps its ZF direction).
 *    Only present when `M >= 2` (with `M = 1` it would duplicate `mean-zf`).
 * last. `max-slnr`: the statistical precoder from all `S` samples
 *    ({@link maxSlnrBeamRows}: principal generalized eigenvector of the sample signal
 *    covariance vs. the sample leakage covariance of all other UEs + `sigma^2 / P_b I`).
 *    Present when `statistical` is true, or (default `"auto"`) when `S >= 2`: from a
 *    single sample it is the regularized-ZF (MMSE) beam of that sample, which the
 *    selection below would prefer over ZF for its own SINR while leaking to others;
 *    leaving it out makes `M = T = 1` with exact CSI reduce to plain ZF *exactly*
 *    (only candidate: `mean-zf` on the one channel, bit-identical to {@link zfBeams}).
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
 * **Cost**, cast as batched products with shared work: per scenario and AP one
 * `[K, Nt] x [Nt, K_b]` gain product for the reference interference (`S K^2 Nt`
 * complex multiply-adds in all), per UE one `[S, Nt] x [Nt, C]` product for its
 * candidates' signal (`K S C Nt`), `(M + 1) A` ZF solves, and the SLNR covariances
 * (`A K S Nt^2 / 2`, the largest term). Scratch buffers are kept between calls.
 *
 * @module
 */
import { assertInteger, assertNonNegative, type ComplexMatrix } from "../core/mod.ts";
import { powerGains } from "./gains.ts";
import { NOISE_POWER_W, perBeamPowerW, servedUesByAp } from "./power.ts";
import type { ApBeams } from "./sinr.ts";
import { maxSlnrBeamRows } from "./slnr.ts";
import { rowsToWeights, zfBeamRows, type ZfOptions } from "./zf.ts";

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

const scratch = new Map<string, Float64Array>();
function buffer(name: string, length: number): Float64Array {
  let b = scratch.get(name);
  if (!b || b.length < length) {
    b = new Float64Array(length);
    scratch.set(name, b);
  }
  return b.subarray(0, length);
}

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

  // ---- candidates -------------------------------------------------------------
  const candidateRows: ComplexMatrix[] = [];
  const referenceRows: ComplexMatrix[] = [];
  const mean: ComplexMatrix = {
    rows: k,
    cols: nt,
    re: buffer("meanRe", k * nt),
    im: buffer("meanIm", k * nt),
  };
  for (let b = 0; b < apCount; b++) {
    const kb = served[b].length;
    const rows: ComplexMatrix = {
      rows: kb * c,
      cols: nt,
      re: new Float64Array(kb * c * nt),
      im: new Float64Array(kb * c * nt),
    };
    const put = (cand: ComplexMatrix, index: number) => {
      for (let i = 0; i < kb; i++) {
        rows.re.set(cand.re.subarray(i * nt, (i + 1) * nt), (i * c + index) * nt);
        rows.im.set(cand.im.subarray(i * nt, (i + 1) * nt), (i * c + index) * nt);
      }
    };
    if (kb > 0) {
      averageInto(flat, b, 0, sCount, mean);
      const ref = zfBeamRows(mean, served[b], options);
      put(ref, 0);
      referenceRows.push(ref);
      if (mCount >= 2) {
        for (let m = 0; m < mCount; m++) {
          averageInto(flat, b, m * tCount, tCount, mean);
          put(zfBeamRows(mean, served[b], options), 1 + m);
        }
      }
      if (useSlnr) {
        const samples = flat.map((set) => set[b]);
        const slnr = maxSlnrBeamRows(samples, served[b], {
          noiseToPowerRatio: Math.max(noise, Number.MIN_VALUE) / power[b],
          maxIterations: options.slnrMaxIterations,
        });
        put(slnr, c - 1);
      }
    } else {
      referenceRows.push({ rows: 0, cols: nt, re: new Float64Array(0), im: new Float64Array(0) });
    }
    candidateRows.push(rows);
  }

  // ---- each UE's own-channel samples, [S, Nt] contiguous -----------------------
  const xRe = buffer("xRe", k * sCount * nt), xIm = buffer("xIm", k * sCount * nt);
  for (let u = 0; u < k; u++) {
    const b = servingAp[u];
    if (b < 0) continue;
    for (let s = 0; s < sCount; s++) {
      const h = flat[s][b];
      const o = (u * sCount + s) * nt;
      xRe.set(h.re.subarray(u * nt, (u + 1) * nt), o);
      xIm.set(h.im.subarray(u * nt, (u + 1) * nt), o);
    }
  }

  // ---- selection passes --------------------------------------------------------
  let maxKb = 0;
  for (const list of served) maxKb = Math.max(maxKb, list.length);
  const interference = buffer("interference", k * sCount);
  const gains = buffer("gains", k * maxKb);
  const candGains = buffer("candGains", sCount * c);
  const chosen = new Int32Array(k).fill(-1);
  const worst = new Float64Array(k);
  const candWorst = new Float64Array(k * c);
  let selectedRows: ComplexMatrix[] = referenceRows;
  for (let pass = 0; pass <= refinementPasses; pass++) {
    if (pass > 0) {
      for (let b = 0; b < apCount; b++) referenceRows[b] = selectedRows[b];
    }
    interference.fill(0);
    for (let s = 0; s < sCount; s++) {
      for (let b = 0; b < apCount; b++) {
        const kb = served[b].length;
        if (kb === 0) continue;
        powerGains(flat[s][b], referenceRows[b], { out: gains });
        const p = power[b];
        for (let u = 0; u < k; u++) {
          const own = servingAp[u] === b ? local[u] : -1;
          let sum = 0;
          const o = u * kb;
          for (let j = 0; j < kb; j++) if (j !== own) sum += gains[o + j];
          interference[u * sCount + s] += p * sum;
        }
      }
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
      for (let i = 0; i < kb; i++) {
        const u = list[i];
        const x: ComplexMatrix = {
          rows: sCount,
          cols: nt,
          re: xRe.subarray(u * sCount * nt, (u + 1) * sCount * nt),
          im: xIm.subarray(u * sCount * nt, (u + 1) * sCount * nt),
        };
        const cand: ComplexMatrix = {
          rows: c,
          cols: nt,
          re: candidateRows[b].re.subarray(i * c * nt, (i + 1) * c * nt),
          im: candidateRows[b].im.subarray(i * c * nt, (i + 1) * c * nt),
        };
        powerGains(x, cand, { out: candGains });
        let best = -1, bestValue = -Infinity;
        for (let ci = 0; ci < c; ci++) {
          let w = Infinity;
          for (let s = 0; s < sCount; s++) {
            const v = p * candGains[s * c + ci] / (interference[u * sCount + s] + noise);
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
        sel.re.set(cand.re.subarray(best * nt, (best + 1) * nt), i * nt);
        sel.im.set(cand.im.subarray(best * nt, (best + 1) * nt), i * nt);
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
