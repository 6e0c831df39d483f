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
 * **Cost** (complex multiply-adds, CMA; `S = M T`, `C = M + 2`, `K_b = K / A`; A = 3,
 * K = 30, Nt = 64, M = 20 at T = 1, T = 5 in brackets). The work is cast as a few batched
 * products that share what the candidates have in common, in two passes over the `S A`
 * channel matrices:
 * - ZF candidates: the `M` trajectory means per AP (their mean is the reference's mean
 *   channel), `(M + 1) A` ZF solves, each a `K^2 Nt / 2` Gram, a `K^3 / 6` Cholesky,
 *   triangular solves for the `K_b` served columns and the beams `K_b K Nt`: ~63 k
 *   each, 4.0 M [4.0 M];
 * - one pass per scenario and AP over the cache-resident `[K, Nt]` channel: the
 *   reference-interference gains `[K, Nt] x [Nt, K_b]` (`S K^2 Nt`: 1.2 M [5.8 M]; the
 *   own-beam entry is the `mean-zf` candidate's signal, so that column is not
 *   recomputed) and the Hermitian update of the max-SLNR Gram (upper triangle) with the
 *   rows of the UEs the AP does not serve, or of all its UEs in the matrix-free case
 *   below;
 * - max-SLNR per AP: the all-UE Gram `A K S Nt^2 / 2` in all (3.7 M [18.4 M], with each
 *   served UE's own Gram `R_k` where it is kept explicit), one Cholesky of
 *   `R_all / S + sigma^2 / P_b I` (`Nt^3 / 6`) shared by the AP's UEs, and per UE a
 *   power iteration from `L^-1 mean_k`, each step two triangular solves (`Nt^2`) and
 *   `R_k w`: `Nt^2` with the explicit `R_k` (the js kernels; wasm when `2 S >= Nt`) or
 *   matrix-free `X_k^H (X_k w)` from the UE's samples (`2 S Nt`; wasm when `2 S < Nt`,
 *   which also drops the `R_k`). The iteration stops after a few steps on correlated
 *   scenarios; on i.i.d. ones it runs to its cap of 30 (7.4 M with the explicit `R_k`).
 *   The wasm kernels move a UE whose iteration is predicted to outlast the cost of the
 *   move into the span of its samples (`Y = X_k L^-H`, `S Nt^2 / 2`; `Q = Y Y^H`,
 *   `S^2 Nt / 2`; then `S^2` per step): ~1.7 M at T = 1 on i.i.d. scenarios (never at
 *   T = 5, where `S > Nt`);
 * - candidate signal: per UE one `[S, Nt] x [Nt, C - 1]` product (0.8 M [4.0 M]);
 * - selection: `O(K S C)` comparisons per pass; a refinement pass adds one
 *   reference-interference product.
 * About 11-12 M in all at T = 1 and ~33 M at T = 5 (plus up to 7.4 M of power
 * iterations at T = 5 on i.i.d. scenarios), linear in A only through the ZF solves and
 * the Gram.
 *
 * **Kernels** (`options.kernels`, see `wczf_kernels.ts`): the orchestration below is
 * shared; the products run either on the plain-JS kernels of `kernels.ts` and
 * `gains.ts` (`"js"`: the readable reference, any Nt; register-blocked 2 x 2 scalar code
 * at about 1.2-1.6 ns per CMA) or, by default when `Nt % 4 == 0`, on their WebAssembly
 * SIMD versions (`wasm/simd.ts`, AssemblyScript compiled to the committed `simd.wasm`
 * by `deno task wasm`; f64x2 in double precision with relaxed-SIMD fused multiply-adds
 * in the kernels with eight accumulators: about 0.29-0.45 ns per CMA for the Gram, gain
 * and ZF kernels alone; the Gram kernel 0.37 without the fused multiply-adds). Every
 * buffer a kernel touches comes from the kernel set (for wasm:
 * views of the module's memory, laid out once per call, the channels copied in once),
 * so no kernel call copies. Measured per call on the 2-core machine (load average
 * 3.0-3.6 from other work; `bench/results/wczf.json`, step shares in
 * `bench/results/profile_decision.md`): T = 1, A = 3: 4.9 ms on i.i.d., 4.2 ms on
 * correlated scenarios and 4.3 ms on the GenAI-DT decision's own scenario sets (js
 * kernels 15.8 / 11.4 / 11.5 ms, pre-optimization code 17.4 / 13.4 / 11.4 ms); A = 12:
 * 2.43x A = 3 (2.54x at T = 5); T = 5, A = 3: 13.9-17.4 ms. Scratch buffers are
 * kept between calls (not re-entrant, which is fine for synchronous code). Numerically
 * both kernel sets equal the straightforward implementation
 * (`tests/beamforming/wczf_reference.ts`) up to summation order: tested to 1e-9
 * relative on the SINRs and 1e-12 on every beam entry (observed ~1e-15 on random
 * channels, ~1e-12 on the generator's scenarios), same chosen candidates.
 *
 * **Degenerate scenarios.** When the max-SLNR covariance `R_all / S + sigma^2 / P_b I` is
 * not numerically positive definite (seen in the paper preset: a linear-prediction T = 5
 * forecast with an unstable pole, its slots spanning ~16 orders of magnitude), the Grams
 * are rebuilt and factorized again with diagonal loading of {@link SLNR_FALLBACK_LOADING}
 * times their mean diagonal entry; inputs that factorize are untouched (same bits).
 *
 * **Steps** (one function each, in call order): `scenarioShape`, `problem` (kernel set,
 * buffers), `ownChannelSamples`, `zfCandidates`, `accumulateInterference` (with the Gram
 * update), `slnrCandidates`, `candidateSignalGains`, `selectBeams` (once per pass);
 * `options.timings` collects the milliseconds of each. Splitting the call into them
 * cost no measurable time (interleaved A/B on the 2-core machine, 100 calls each:
 * median 41.7 ms before, 41.1 ms after at A = 3; 78.5 / 78.4 ms at A = 8).
 *
 * @module
 */
import { assertInteger, assertNonNegative, type ComplexMatrix } from "../core/mod.ts";
import { NOISE_POWER_W, perBeamPowerW, servedUesByAp } from "./power.ts";
import type { ApBeams } from "./sinr.ts";
import { type WczfKernelChoice, type WczfKernels, wczfKernels } from "./wczf_kernels.ts";
import { slnrWorkLength, zfWorkLength } from "./wasm/mod.ts";

export type { WczfKernelChoice } from "./wczf_kernels.ts";
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
  /**
   * Kernels: `"js"` (plain JS, the reference), `"wasm"` (WebAssembly SIMD, needs
   * `Nt % 4 == 0`) or `"auto"` (default: wasm when `Nt % 4 == 0`). Same results up to
   * summation order.
   */
  readonly kernels?: WczfKernelChoice;
  /**
   * If given, the milliseconds of each step (`setup`, `zf`, `interference`, `slnr`,
   * `signal`, `select`) are added to it (for benchmarks; `performance.now()` per step).
   */
  readonly timings?: Record<string, number>;
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
  const { statistical = "auto", refinementPasses = 0 } = options;
  const noise = options.noisePowerW ?? NOISE_POWER_W;
  assertNonNegative("noisePowerW", noise);
  assertInteger("refinementPasses", refinementPasses, { min: 0 });
  const { relativeRegularization = ZF_RELATIVE_REGULARIZATION } = options;
  if (!(relativeRegularization >= 0)) {
    throw new RangeError(`relativeRegularization must be >= 0, got ${relativeRegularization}`);
  }
  const shape = scenarioShape(scenarios, options.servingAp);
  const useSlnr = statistical === "auto" ? shape.sCount >= 2 : statistical;
  const labels = candidateLabels(shape.mCount, useSlnr);
  const timings = options.timings;
  let t = timings ? performance.now() : 0;
  const lap = (step: string) => {
    if (!timings) return;
    const now = performance.now();
    timings[step] = (timings[step] ?? 0) + now - t;
    t = now;
  };
  const p = problem(shape, options, labels.length, refinementPasses);
  const samples = ownChannelSamples(p);
  lap("setup");
  const { candidateRows, referenceRows } = zfCandidates(p, relativeRegularization);
  lap("zf");
  let pass = createInterferencePass(p, useSlnr);
  accumulateInterference(p, pass, referenceRows, useSlnr);
  lap("interference");
  if (useSlnr) {
    const slnrOptions = {
      noisePowerW: noise,
      maxIterations: options.slnrMaxIterations ?? SLNR_MAX_ITERATIONS,
    };
    try {
      slnrCandidates(p, pass, samples, candidateRows, slnrOptions);
    } catch (e) {
      if (!(e instanceof RangeError) || !e.message.startsWith("cholesky:")) throw e;
      // The scenarios' covariance is not numerically positive definite (e.g. a diverging
      // T = 5 forecast spans many orders of magnitude across its slots): the Grams were
      // factorized in place, so rebuild them and retry with diagonal loading.
      pass = createInterferencePass(p, true);
      accumulateInterference(p, pass, referenceRows, true);
      slnrCandidates(p, pass, samples, candidateRows, {
        ...slnrOptions,
        extraLoading: fallbackLoading(scenarios, p.power),
      });
    }
  }
  lap("slnr");
  const signal = candidateSignalGains(p, samples, candidateRows, pass.ownGain);
  lap("signal");

  const selection = {
    chosen: new Int32Array(p.k).fill(-1),
    worst: new Float64Array(p.k),
    candWorst: new Float64Array(p.k * p.c),
  };
  let selectedRows: ComplexMatrix[] = referenceRows;
  for (let r = 0; r <= refinementPasses; r++) {
    if (r > 0) {
      for (let b = 0; b < p.apCount; b++) referenceRows[b] = selectedRows[b];
      accumulateInterference(p, pass, referenceRows, false);
    }
    selectedRows = selectBeams(p, candidateRows, signal, pass.interference, noise, selection);
  }
  const asBeams = (rows: ComplexMatrix, b: number): ApBeams => ({
    servedUes: p.servedUes[b],
    weights: rowsToWeights(rows),
  });
  lap("select");
  return {
    beams: selectedRows.map(asBeams),
    chosen: selection.chosen,
    candidateLabels: labels,
    worstCaseSinr: selection.worst,
    candidateWorstCaseSinr: selection.candWorst,
    candidateRows: candidateRows.map((m) => ({ ...m, re: p.ws.keep(m.re), im: p.ws.keep(m.im) })),
    referenceBeams: referenceRows.map(asBeams),
  };
}

/** Sizes of a scenario set and its `S = M T` scenarios flattened to `flat[m * T + t][b]`. */
interface ScenarioShape {
  readonly mCount: number;
  readonly tCount: number;
  readonly sCount: number;
  readonly apCount: number;
  /** UEs `K` and antennas `Nt`. */
  readonly k: number;
  readonly nt: number;
  readonly flat: readonly (readonly ComplexMatrix[])[];
}

/** Checks that every scenario has `A` channels `[K, Nt]` and `servingAp` `K` entries. */
function scenarioShape(scenarios: WczfScenarios, servingAp: Int32Array): ScenarioShape {
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
  return { mCount, tCount, sCount: mCount * tCount, apCount, k, nt, flat };
}

/** `[C]` candidate names in index order (see the module documentation). */
function candidateLabels(mCount: number, useSlnr: boolean): string[] {
  const labels = ["mean-zf"];
  if (mCount >= 2) { for (let m = 0; m < mCount; m++) labels.push(`trajectory-zf:${m}`); }
  if (useSlnr) labels.push("max-slnr");
  return labels;
}

/** A {@link ScenarioShape} with the association, the beam powers and the candidate count. */
interface WczfProblem extends ScenarioShape {
  readonly servingAp: Int32Array;
  /** Per AP its served UEs, ascending (returned with the beams). */
  readonly servedUes: Int32Array[];
  /** The same lists in the kernel set's memory. */
  readonly served: Int32Array[];
  /** `[K]` index of UE u among its AP's served UEs. */
  readonly local: Int32Array;
  /** `[A]` per-beam power, W. */
  readonly power: Float64Array;
  /** Candidates per UE `C`. */
  readonly c: number;
  /** The kernel set and its buffers; `flat` and `served` are in its memory. */
  readonly ws: WczfKernels;
}

function problem(
  shape: ScenarioShape,
  options: WczfOptions,
  c: number,
  passes: number,
): WczfProblem {
  const { servingAp } = options;
  const { apCount, k, nt, sCount } = shape;
  const power = options.beamPowerW ?? perBeamPowerW(servingAp, { apCount });
  if (power.length !== apCount) {
    throw new RangeError(`beamPowerW has ${power.length} entries, expected ${apCount}`);
  }
  const ws = wczfKernels(options.kernels ?? "auto", nt);
  ws.begin(workspaceBytes(shape, c, passes), sCount, nt);
  const servedUes = servedUesByAp(servingAp, apCount);
  const served = servedUes.map((list, b) => {
    const copy = ws.i32(`served${b}`, list.length);
    copy.set(list);
    return copy;
  });
  const local = new Int32Array(k);
  for (const list of served) list.forEach((u, i) => (local[u] = i));
  // The channels, in the kernel set's memory (a no-op copy-free view for js).
  let flat = shape.flat;
  if (ws.name !== "js") {
    const kn = k * nt;
    const re = ws.f64("channelsRe", sCount * apCount * kn);
    const im = ws.f64("channelsIm", sCount * apCount * kn);
    flat = shape.flat.map((set, s) =>
      set.map((h, b) => {
        const o = (s * apCount + b) * kn;
        re.set(h.re, o);
        im.set(h.im, o);
        return { rows: k, cols: nt, re: re.subarray(o, o + kn), im: im.subarray(o, o + kn) };
      })
    );
  }
  return { ...shape, flat, servingAp, servedUes, served, local, power, c, ws };
}

/**
 * An upper bound on the bytes of every buffer one call asks its kernel set for (the
 * wasm set reserves it up front: its memory must not grow while views of it exist).
 */
function workspaceBytes(shape: ScenarioShape, c: number, passes: number): number {
  const { sCount: s, apCount: a, k, nt } = shape;
  const f64 = 2 * s * a * k * nt + // channels
    2 * k * s * nt + // own-channel samples
    4 * k * nt + // mean and trajectory-mean channels
    2 * k * c * nt + // candidate rows
    2 * k * nt * (2 + passes) + // reference and selected rows
    zfWorkLength(k) + // ZF work
    2 * k * s + k * k + // interference, own gains, gains of one AP
    2 * a * nt * nt + // leakage Grams
    2 * k * nt * nt + 2 * k * nt + slnrWorkLength(nt, s) + // max-SLNR
    k * s * c + s * c + s; // candidate signal, denominators
  const i32 = 2 * k + a * k + k + s;
  return 8 * f64 + 4 * i32 + 16 * (64 + 8 * a + 2 * a * (2 + passes));
}

/** Each served UE's own-channel samples `[K][S, Nt]` (row `u * S + s`; scratch). */
interface OwnSamples {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** Copies `h_{u,b(u)}^{(s)H}` of every served UE u into contiguous `[S, Nt]` rows. */
function ownChannelSamples(p: WczfProblem): OwnSamples {
  const { k, sCount, nt, flat, servingAp } = p;
  const xRe = p.ws.f64("xRe", k * sCount * nt), xIm = p.ws.f64("xIm", k * sCount * nt);
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
  return { re: xRe, im: xIm };
}

/**
 * The ZF candidates per AP b: its `[K_b * C, Nt]` candidate rows with `trajectory-zf:m`
 * (ZF on trajectory m's mean channel) at `i * C + 1 + m` and `mean-zf` (ZF on the mean
 * of those means) at `i * C`, which is also the reference `[K_b, Nt]`.
 */
function zfCandidates(
  p: WczfProblem,
  relativeRegularization: number,
): { candidateRows: ComplexMatrix[]; referenceRows: ComplexMatrix[] } {
  const { k, nt, c, mCount, tCount, flat, ws } = p;
  const kn = k * nt;
  const candidateRows: ComplexMatrix[] = [];
  const referenceRows: ComplexMatrix[] = [];
  const mean: ComplexMatrix = {
    rows: k,
    cols: nt,
    re: ws.f64("meanRe", kn),
    im: ws.f64("meanIm", kn),
  };
  const traj: ComplexMatrix = {
    rows: k,
    cols: nt,
    re: ws.f64("trajRe", kn),
    im: ws.f64("trajIm", kn),
  };
  for (let b = 0; b < p.apCount; b++) {
    const list = p.served[b], kb = list.length;
    const rows = zeroMatrix(ws, kb * c, nt);
    candidateRows.push(rows);
    const ref = zeroMatrix(ws, kb, nt);
    referenceRows.push(ref);
    if (kb === 0) continue;
    if (mCount === 1) {
      averageInto(flat, b, 0, tCount, mean);
    } else {
      mean.re.fill(0);
      mean.im.fill(0);
      for (let m = 0; m < mCount; m++) {
        const trajMean = tCount === 1 ? flat[m][b] : traj;
        if (tCount > 1) averageInto(flat, b, m * tCount, tCount, traj);
        ws.zfRowsInto(trajMean, list, {
          relativeRegularization,
          outRe: rows.re,
          outIm: rows.im,
          outRow0: 1 + m,
          outStride: c,
        });
        const tr = trajMean.re, ti = trajMean.im, mr = mean.re, mi = mean.im;
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
    ws.zfRowsInto(mean, list, {
      relativeRegularization,
      outRe: ref.re,
      outIm: ref.im,
      outRow0: 0,
      outStride: 1,
    });
    for (let i = 0; i < kb; i++) {
      rows.re.set(ref.re.subarray(i * nt, (i + 1) * nt), i * c * nt);
      rows.im.set(ref.im.subarray(i * nt, (i + 1) * nt), i * c * nt);
    }
  }
  return { candidateRows, referenceRows };
}

/** A zero `[rows, cols]` complex matrix (an output buffer of `ws`). */
function zeroMatrix(ws: WczfKernels, rows: number, cols: number): ComplexMatrix {
  return { rows, cols, re: ws.output(rows * cols), im: ws.output(rows * cols) };
}

/** Buffers of the pass over the `S x A` channels (scratch). */
interface InterferencePass {
  /** `[K, S]` reference interference power at UE u in scenario s, W. */
  readonly interference: Float64Array;
  /** `[K, S]` gain `|h_{u,b(u)}^{(s)H} w_u^{ref}|^2` of the UE's own reference beam. */
  readonly ownGain: Float64Array;
  /** `[K, max K_b]` gains of one scenario and AP. */
  readonly gains: Float64Array;
  /** Per AP (max-SLNR only) the Gram `[Nt, Nt]` (upper triangle) of the UEs it does not serve. */
  readonly gramRe: Float64Array[];
  readonly gramIm: Float64Array[];
  /** Per AP (max-SLNR only) the row offsets `u * Nt` of the UEs it does not serve. */
  readonly rest: Int32Array[];
}

function createInterferencePass(p: WczfProblem, withGram: boolean): InterferencePass {
  const { k, sCount, nt, ws } = p;
  let maxKb = 0;
  for (const list of p.served) maxKb = Math.max(maxKb, list.length);
  const gramRe: Float64Array[] = [], gramIm: Float64Array[] = [], rest: Int32Array[] = [];
  if (withGram) {
    for (let b = 0; b < p.apCount; b++) {
      gramRe.push(ws.f64(`gramRe${b}`, nt * nt).fill(0));
      gramIm.push(ws.f64(`gramIm${b}`, nt * nt).fill(0));
      const all = ws.allRowsInLeakageGram;
      const offsets = ws.i32(`rest${b}`, all ? k : k - p.served[b].length);
      let n = 0;
      for (let u = 0; u < k; u++) if (all || p.servingAp[u] !== b) offsets[n++] = u * nt;
      rest.push(offsets);
    }
  }
  return {
    interference: ws.f64("interference", k * sCount),
    ownGain: ws.f64("ownGain", k * sCount),
    gains: ws.f64("gains", k * maxKb),
    gramRe,
    gramIm,
    rest,
  };
}

/**
 * One fused pass per scenario and AP: the interference of the reference beams `refRows`
 * at every UE (and each UE's own-beam gain) and, `withGram`, the rank-`(K - K_b)` update
 * of AP b's Gram of the UEs it does not serve.
 */
function accumulateInterference(
  p: WczfProblem,
  pass: InterferencePass,
  refRows: readonly ComplexMatrix[],
  withGram: boolean,
): void {
  const { k, sCount, apCount, nt, flat, servingAp, local } = p;
  const { interference, ownGain, gains, rest, gramRe, gramIm } = pass;
  interference.fill(0);
  for (let s = 0; s < sCount; s++) {
    for (let b = 0; b < apCount; b++) {
      const kb = p.served[b].length;
      if (kb === 0) continue;
      const h = flat[s][b];
      p.ws.powerGains(h, refRows[b], gains);
      const pb = p.power[b];
      for (let u = 0; u < k; u++) {
        const o = u * kb;
        let sum = 0;
        for (let j = 0; j < kb; j++) sum += gains[o + j];
        if (servingAp[u] === b) {
          const own = gains[o + local[u]];
          ownGain[u * sCount + s] = own;
          sum -= own;
        }
        interference[u * sCount + s] += pb * sum;
      }
      if (withGram) {
        p.ws.gramUpperAddRows(h.re, h.im, rest[b], rest[b].length, nt, gramRe[b], gramIm[b]);
      }
    }
  }
}

/** The max-SLNR candidate (row `i * C + C - 1`) of every served UE, from its AP's Gram. */
function slnrCandidates(
  p: WczfProblem,
  pass: InterferencePass,
  samples: OwnSamples,
  candidateRows: readonly ComplexMatrix[],
  options: {
    readonly noisePowerW: number;
    readonly maxIterations: number;
    /** Per AP, added to `sigma^2 / P_b` on the covariance's diagonal (default none). */
    readonly extraLoading?: Float64Array;
  },
): void {
  const { sCount, nt, c, ws } = p;
  let maxKb = 0;
  for (const list of p.served) maxKb = Math.max(maxKb, list.length);
  const nn = nt * nt;
  const rRe = ws.f64("ueGramRe", maxKb * nn), rIm = ws.f64("ueGramIm", maxKb * nn);
  const meanRe = ws.f64("ueMeanRe", maxKb * nt), meanIm = ws.f64("ueMeanIm", maxKb * nt);
  const rowStart = ws.i32("rowStart", maxKb);
  for (let b = 0; b < p.apCount; b++) {
    const list = p.served[b];
    if (list.length === 0) continue;
    const kb = list.length;
    for (let i = 0; i < kb; i++) rowStart[i] = list[i] * sCount;
    const ueGrams = { re: rRe.subarray(0, kb * nn), im: rIm.subarray(0, kb * nn) };
    const ueMeans = { re: meanRe.subarray(0, kb * nt), im: meanIm.subarray(0, kb * nt) };
    ws.ueGramsAndMeans(samples, rowStart.subarray(0, kb), sCount, nt, ueGrams, ueMeans);
    ws.slnrRowsFromGrams({ re: pass.gramRe[b], im: pass.gramIm[b] }, {
      ueCount: kb,
      ueGrams,
      ueMeans,
      antennaCount: nt,
      sampleCount: sCount,
      noiseToPowerRatio: Math.max(options.noisePowerW, Number.MIN_VALUE) / p.power[b] +
        (options.extraLoading?.[b] ?? 0),
      maxIterations: options.maxIterations,
      tolerance: SLNR_TOLERANCE,
      out: candidateRows[b],
      outRow0: c - 1,
      outStride: c,
    }, { ...samples, rowStart: rowStart.subarray(0, kb) });
  }
}

/**
 * Relative diagonal loading of the max-SLNR covariance when it is not numerically
 * positive definite: {@link SLNR_FALLBACK_LOADING} times its mean diagonal entry.
 */
export const SLNR_FALLBACK_LOADING = 1e-9;

/**
 * Per AP b, {@link SLNR_FALLBACK_LOADING} times the mean diagonal entry of the sample
 * covariance of all UEs' channels, `sum_s ||H_b^(s)||_F^2 / (S Nt)` (the matrix the
 * max-SLNR candidate factorizes is that covariance + `sigma^2 / P_b I`).
 */
function fallbackLoading(scenarios: WczfScenarios, power: ArrayLike<number>): Float64Array {
  const apCount = scenarios[0][0].length;
  const loading = new Float64Array(apCount);
  let sCount = 0;
  for (const trajectory of scenarios) {
    for (const slot of trajectory) {
      sCount++;
      for (let b = 0; b < apCount; b++) {
        const h = slot[b];
        let sum = 0;
        for (let i = 0; i < h.re.length; i++) sum += h.re[i] * h.re[i] + h.im[i] * h.im[i];
        loading[b] += sum;
      }
    }
  }
  for (let b = 0; b < apCount; b++) {
    const nt = scenarios[0][0][b].cols;
    loading[b] = (SLNR_FALLBACK_LOADING * loading[b]) / (sCount * nt);
    if (!(loading[b] > 0) || !Number.isFinite(loading[b])) {
      loading[b] = Number.MIN_VALUE / Math.max(power[b], Number.MIN_VALUE);
    }
  }
  return loading;
}

/**
 * `[K][S, C]` signal gain `|h_{u,b(u)}^{(s)H} w_c|^2` of every candidate (scratch):
 * column 0 (the reference) is the pass's own-beam gain, the others one product per UE.
 */
function candidateSignalGains(
  p: WczfProblem,
  samples: OwnSamples,
  candidateRows: readonly ComplexMatrix[],
  ownGain: Float64Array,
): Float64Array {
  const { k, sCount, nt, c } = p;
  const signal = p.ws.f64("signal", k * sCount * c);
  const partial = p.ws.f64("partial", sCount * c);
  const signalOfCandidate0 = ownGain.slice();
  for (let b = 0; b < p.apCount; b++) {
    const list = p.served[b], kb = list.length;
    for (let i = 0; i < kb; i++) {
      const u = list[i];
      const o = u * sCount * c;
      if (c > 1) {
        const x: ComplexMatrix = {
          rows: sCount,
          cols: nt,
          re: samples.re.subarray(u * sCount * nt, (u + 1) * sCount * nt),
          im: samples.im.subarray(u * sCount * nt, (u + 1) * sCount * nt),
        };
        const cand: ComplexMatrix = {
          rows: c - 1,
          cols: nt,
          re: candidateRows[b].re.subarray((i * c + 1) * nt, (i + 1) * c * nt),
          im: candidateRows[b].im.subarray((i * c + 1) * nt, (i + 1) * c * nt),
        };
        p.ws.powerGains(x, cand, partial);
        for (let s = 0; s < sCount; s++) {
          for (let ci = 1; ci < c; ci++) signal[o + s * c + ci] = partial[s * (c - 1) + ci - 1];
        }
      }
      for (let s = 0; s < sCount; s++) signal[o + s * c] = signalOfCandidate0[u * sCount + s];
    }
  }
  return signal;
}

/**
 * One selection pass (eq. (16)): per UE the candidate with the largest worst-case SINR
 * under the pass's interference (ties keep the lower index). Writes `selection` and
 * returns the selected rows per AP `[K_b, Nt]`.
 */
function selectBeams(
  p: WczfProblem,
  candidateRows: readonly ComplexMatrix[],
  signal: Float64Array,
  interference: Float64Array,
  noise: number,
  selection: { chosen: Int32Array; worst: Float64Array; candWorst: Float64Array },
): ComplexMatrix[] {
  const { sCount, nt, c } = p;
  const { chosen, worst, candWorst } = selection;
  const denominator = p.ws.f64("denominator", sCount);
  const selectedRows: ComplexMatrix[] = [];
  for (let b = 0; b < p.apCount; b++) {
    const list = p.served[b], kb = list.length;
    const sel = zeroMatrix(p.ws, kb, nt);
    const pb = p.power[b];
    const rows = candidateRows[b];
    for (let i = 0; i < kb; i++) {
      const u = list[i];
      for (let s = 0; s < sCount; s++) denominator[s] = interference[u * sCount + s] + noise;
      const o = u * sCount * c;
      let best = -1, bestValue = -Infinity;
      for (let ci = 0; ci < c; ci++) {
        let w = Infinity;
        for (let s = 0; s < sCount; s++) {
          const v = pb * signal[o + s * c + ci] / denominator[s];
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
  return selectedRows;
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
