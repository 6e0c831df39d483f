/**
 * Predictor quality: how close predicted channels are to the channels that came true.
 * All metrics work row by row on channel matrices `[K, Nt]` (row k = UE k's channel to
 * one AP, complex baseband, any consistent amplitude unit) and accept a
 * {@link ChannelSet}: one matrix, or one matrix per AP (`A` matrices `[K, Nt]`, as in a
 * slot of `ChannelTrajectories`), whose rows are pooled in the order AP 0's rows, AP
 * 1's rows, ... (row index `b * K + k`).
 *
 * Notation: `h` a true row, `ĥ` a predicted row, `h^H ĥ = sum_n conj(h_n) ĥ_n`.
 *
 * - **SGCS** (3GPP TR 38.843, squared generalized cosine similarity):
 *   `|h^H ĥ|^2 / (|h|^2 |ĥ|^2)` per row, in [0, 1], blind to the row's complex gain
 *   (phase and scale), which is what a beam sees. Rows with `|h| = 0` are skipped (per
 *   row: NaN; nothing to predict); a zero prediction `ĥ = 0` of a non-zero row scores 0
 *   (no direction at all, the worst case, so a predictor cannot gain by predicting
 *   zeros). {@link sgcs} is the mean over the non-skipped rows, NaN when all are skipped.
 * - **Aligned NMSE**: each `ĥ` rotated by the common phase `φ` that maximizes
 *   `Re(h^H e^{jφ} ĥ)` (i.e. `e^{jφ} = conj(h^H ĥ) / |h^H ĥ|`, no rotation when
 *   `h^H ĥ = 0`), then the pooled ratio `sum_rows |h - e^{jφ} ĥ|^2 / sum_rows |h|^2`:
 *   one ratio of sums, not a mean of per-row ratios, so strong rows weigh more. The
 *   scale of `ĥ` is not corrected. 0 dB for a zero prediction; `-Infinity` dB only for
 *   a bitwise-exact match, otherwise round-off leaves about -290 dB or lower for a
 *   prediction that is exact up to a per-row common phase. NaN when `sum |h|^2 = 0`.
 * - **Best-of-M SGCS**: for `M` predicted scenarios, per row the largest SGCS over the
 *   scenarios, then the mean over rows (same skipping as SGCS). Never below any single
 *   scenario's per-row SGCS.
 * - **Scenario coverage** (norm ball around the phase-aligned centroid): per row, each
 *   scenario `ĥ_m` is rotated by the common phase that aligns it to scenario 0's row
 *   (as above; the reference is the first scenario), giving `ĥ'_m`; the centroid is
 *   `c = mean_m ĥ'_m` and the radius `r = max_m |ĥ'_m - c|`. The true row is covered
 *   when, after rotating it by the common phase that aligns it to `c`,
 *   `|e^{jψ} h - c| <= r + COVERAGE_RTOL * |h|` (the slack only absorbs round-off).
 *   Coverage is the share of covered rows, skipping rows with `|h| = 0`. The envelope
 *   depends on the scenarios alone (the truth never steers their alignment); it keeps
 *   gains (a scenario of the right direction but the wrong gain may miss). It is 1
 *   when the truth is one of the scenarios (up to a common phase per row), and 0 for a
 *   single scenario (`r = 0`) that differs from the truth.
 *
 * @module
 */
import type { ComplexMatrix } from "../core/mod.ts";
import { linearToDb } from "../core/mod.ts";

/**
 * Channels of one slot: one matrix `[K, Nt]`, or one per AP (`A` matrices `[K_b, Nt]`;
 * rows pooled AP by AP).
 */
export type ChannelSet = ComplexMatrix | readonly ComplexMatrix[];

/**
 * Round-off slack of {@link scenarioCoverage}, relative to the true row's norm
 * (dimensionless): a row is covered when its distance to the centroid is at most the
 * radius plus `COVERAGE_RTOL * |h|`.
 */
export const COVERAGE_RTOL = 1e-9;

/** Normalizes a {@link ChannelSet} argument to a list of matrices, checking storage. */
function toMatrices(name: string, set: unknown): readonly ComplexMatrix[] {
  const list = Array.isArray(set) ? set : [set];
  if (list.length === 0) throw new RangeError(`${name} must hold at least one matrix, got none`);
  list.forEach((m, b) => {
    const where = Array.isArray(set) ? `${name}[${b}]` : name;
    if (
      typeof m !== "object" || m === null || !(m.re instanceof Float64Array) ||
      !(m.im instanceof Float64Array) || typeof m.rows !== "number" || typeof m.cols !== "number"
    ) {
      throw new TypeError(`${where} must be a ComplexMatrix {rows, cols, re, im}`);
    }
    if (m.re.length !== m.rows * m.cols || m.im.length !== m.rows * m.cols) {
      throw new RangeError(
        `${where} is [${m.rows}, ${m.cols}] but re/im have ${m.re.length}/${m.im.length} entries`,
      );
    }
  });
  const matrices = list as readonly ComplexMatrix[];
  if (matrices.every((m) => m.rows * m.cols === 0)) {
    throw new RangeError(`${name} has no entries (every matrix is [0, Nt] or [K, 0])`);
  }
  return matrices;
}

/** Checks that `other` has the shape of `truth`, matrix by matrix. */
function checkSameShape(
  truth: readonly ComplexMatrix[],
  name: string,
  other: readonly ComplexMatrix[],
): void {
  if (other.length !== truth.length) {
    throw new RangeError(`${name} holds ${other.length} matrices, truth holds ${truth.length}`);
  }
  other.forEach((m, b) => {
    if (m.rows !== truth[b].rows || m.cols !== truth[b].cols) {
      throw new RangeError(
        `${name}[${b}] is [${m.rows}, ${m.cols}], truth[${b}] is [${truth[b].rows}, ${
          truth[b].cols
        }]`,
      );
    }
  });
}

/** Validated scenarios: `M` lists of matrices, each shaped like `truth`. */
function toScenarios(
  truth: readonly ComplexMatrix[],
  scenarios: unknown,
): readonly (readonly ComplexMatrix[])[] {
  if (!Array.isArray(scenarios)) {
    throw new TypeError(`scenarios must be an array of channel sets, got ${typeof scenarios}`);
  }
  if (scenarios.length === 0) {
    throw new RangeError("scenarios must hold at least one scenario, got none");
  }
  return scenarios.map((s, m) => {
    const set = toMatrices(`scenarios[${m}]`, s);
    checkSameShape(truth, `scenarios[${m}]`, set);
    return set;
  });
}

/** Mean of the non-NaN entries; NaN when there are none. */
function nanMean(values: Float64Array): number {
  let sum = 0, count = 0;
  for (const v of values) {
    if (!Number.isNaN(v)) {
      sum += v;
      count++;
    }
  }
  return count > 0 ? sum / count : NaN;
}

/** SGCS of row `r` (offset `o`, length `n`) of `h` against the same row of `p`. */
function rowSgcsAt(h: ComplexMatrix, p: ComplexMatrix, o: number, n: number): number {
  let zr = 0, zi = 0, ph = 0, pp = 0;
  for (let i = o; i < o + n; i++) {
    const hr = h.re[i], hi = h.im[i], pr = p.re[i], pi = p.im[i];
    zr += hr * pr + hi * pi;
    zi += hr * pi - hi * pr;
    ph += hr * hr + hi * hi;
    pp += pr * pr + pi * pi;
  }
  if (ph === 0) return NaN;
  if (pp === 0) return 0;
  return Math.min(1, (zr * zr + zi * zi) / ph / pp);
}

/**
 * Per-row SGCS `|h^H ĥ|^2 / (|h|^2 |ĥ|^2)` (3GPP TR 38.843), see the module doc.
 *
 * @param truth true channels, a {@link ChannelSet} (`[K, Nt]` or `A` of them).
 * @param predicted predicted channels, the same shapes.
 * @returns `Float64Array` of the pooled row count (`sum_b K_b`, AP 0's rows first),
 *   each in [0, 1] (dimensionless), NaN for a row with `|h| = 0`.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { rowSgcs } from "./prediction.ts";
 * const h = matrixFromRows([[1, 0], [1, 1]]);
 * const p = matrixFromRows([[[0, 2], 0], [1, -1]]); // row 0: 2j h_0; row 1: orthogonal
 * console.log(Array.from(rowSgcs(h, p))); // [ 1, 0 ]
 * ```
 */
export function rowSgcs(truth: ChannelSet, predicted: ChannelSet): Float64Array {
  const t = toMatrices("truth", truth);
  const p = toMatrices("predicted", predicted);
  checkSameShape(t, "predicted", p);
  const out = new Float64Array(t.reduce((s, m) => s + m.rows, 0));
  let j = 0;
  t.forEach((h, b) => {
    for (let r = 0; r < h.rows; r++) out[j++] = rowSgcsAt(h, p[b], r * h.cols, h.cols);
  });
  return out;
}

/**
 * SGCS (3GPP TR 38.843): mean over rows (of all APs) of `|h^H ĥ|^2 / (|h|^2 |ĥ|^2)`.
 * Rows with `|h| = 0` are skipped; `ĥ = 0` scores 0 (module doc).
 *
 * @param truth true channels, a {@link ChannelSet} (`[K, Nt]` or `A` of them).
 * @param predicted predicted channels, the same shapes.
 * @returns mean SGCS in [0, 1] (dimensionless): 1 for a prediction exact up to a
 *   complex scalar per row, about `1 / Nt` for an independent i.i.d. guess; NaN when
 *   every true row is zero.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { sgcs } from "./prediction.ts";
 * const h = [matrixFromRows([[1, 0]]), matrixFromRows([[1, 1]])]; // 2 APs, K = 1, Nt = 2
 * const p = [matrixFromRows([[3, 0]]), matrixFromRows([[1, 0]])];
 * console.log(sgcs(h, p)); // 0.75 (mean of 1 and 0.5)
 * ```
 */
export function sgcs(truth: ChannelSet, predicted: ChannelSet): number {
  return nanMean(rowSgcs(truth, predicted));
}

/**
 * Aligned NMSE, linear: per-row common-phase alignment of `ĥ` to `h`, then the pooled
 * ratio `sum |h - e^{jφ} ĥ|^2 / sum |h|^2` over all rows of all APs (module doc).
 *
 * @param truth true channels, a {@link ChannelSet} (`[K, Nt]` or `A` of them).
 * @param predicted predicted channels, the same shapes.
 * @returns NMSE >= 0 (dimensionless power ratio): 0 for an exact prediction up to a
 *   common phase per row (round-off aside), 1 for a zero prediction; NaN when
 *   `sum |h|^2 = 0`.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { alignedNmse } from "./prediction.ts";
 * const h = matrixFromRows([[1, 1]]);
 * console.log(alignedNmse(h, matrixFromRows([[[0, 1], [0, 1]]]))); // 0 (j h)
 * console.log(alignedNmse(h, matrixFromRows([[[0, 0.5], [0, 0.5]]]))); // 0.25
 * ```
 */
export function alignedNmse(truth: ChannelSet, predicted: ChannelSet): number {
  const t = toMatrices("truth", truth);
  const p = toMatrices("predicted", predicted);
  checkSameShape(t, "predicted", p);
  let err = 0, power = 0;
  t.forEach((h, b) => {
    const q = p[b], n = h.cols;
    for (let r = 0; r < h.rows; r++) {
      const o = r * n;
      let zr = 0, zi = 0;
      for (let i = o; i < o + n; i++) {
        zr += h.re[i] * q.re[i] + h.im[i] * q.im[i];
        zi += h.re[i] * q.im[i] - h.im[i] * q.re[i];
      }
      // e^{jφ} = conj(z) / |z| maximizes Re(e^{jφ} z); no rotation when z = 0.
      const mag = Math.hypot(zr, zi);
      const cr = mag > 0 ? zr / mag : 1, ci = mag > 0 ? -zi / mag : 0;
      for (let i = o; i < o + n; i++) {
        const dr = h.re[i] - (cr * q.re[i] - ci * q.im[i]);
        const di = h.im[i] - (cr * q.im[i] + ci * q.re[i]);
        err += dr * dr + di * di;
        power += h.re[i] * h.re[i] + h.im[i] * h.im[i];
      }
    }
  });
  return power > 0 ? err / power : NaN;
}

/**
 * Aligned NMSE in dB: `10 log10` of {@link alignedNmse}.
 *
 * @param truth true channels, a {@link ChannelSet} (`[K, Nt]` or `A` of them).
 * @param predicted predicted channels, the same shapes.
 * @returns NMSE in dB: 0 dB for a zero prediction; about -290 dB or below for a
 *   prediction exact up to a per-row common phase (round-off), `-Infinity` for a
 *   bitwise match; NaN when `sum |h|^2 = 0`.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { alignedNmseDb } from "./prediction.ts";
 * const h = matrixFromRows([[1, 1], [2, 0]]);
 * console.log(alignedNmseDb(h, matrixFromRows([[0, 0], [0, 0]]))); // 0
 * console.log(alignedNmseDb(h, matrixFromRows([[[0, 1], [0, 1]], [[-2, 0], 0]]))); // -Infinity
 * ```
 */
export function alignedNmseDb(truth: ChannelSet, predicted: ChannelSet): number {
  return linearToDb(alignedNmse(truth, predicted));
}

/**
 * Per-row best-of-M SGCS: for each row, the largest SGCS over the `M` scenarios.
 *
 * @param truth true channels, a {@link ChannelSet} (`[K, Nt]` or `A` of them).
 * @param scenarios `M >= 1` predicted channel sets, each shaped like `truth` (e.g.
 *   `trajectories.map((tr) => tr[t])` for future slot `t`).
 * @returns `Float64Array` of the pooled row count, each in [0, 1], NaN for `|h| = 0`.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { rowBestOfMSgcs } from "./prediction.ts";
 * const h = matrixFromRows([[1, 0], [0, 1]]);
 * const a = matrixFromRows([[1, 0], [1, 0]]), b = matrixFromRows([[0, 1], [0, 1]]);
 * console.log(Array.from(rowBestOfMSgcs(h, [a, b]))); // [ 1, 1 ]
 * ```
 */
export function rowBestOfMSgcs(
  truth: ChannelSet,
  scenarios: readonly ChannelSet[],
): Float64Array {
  const t = toMatrices("truth", truth);
  const s = toScenarios(t, scenarios);
  const out = new Float64Array(t.reduce((acc, m) => acc + m.rows, 0));
  let j = 0;
  t.forEach((h, b) => {
    for (let r = 0; r < h.rows; r++, j++) {
      let best = -Infinity;
      for (const set of s) best = Math.max(best, rowSgcsAt(h, set[b], r * h.cols, h.cols));
      out[j] = best; // NaN propagates for a zero true row (every scenario gives NaN)
    }
  });
  return out;
}

/**
 * Best-of-M SGCS: per row the largest SGCS over the `M` scenarios, then the mean over
 * rows (rows with `|h| = 0` skipped). At least the SGCS of any single scenario.
 *
 * @param truth true channels, a {@link ChannelSet} (`[K, Nt]` or `A` of them).
 * @param scenarios `M >= 1` predicted channel sets, each shaped like `truth`.
 * @returns mean best-of-M SGCS in [0, 1] (dimensionless); NaN when every true row is zero.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { bestOfMSgcs, sgcs } from "./prediction.ts";
 * const h = matrixFromRows([[1, 0], [0, 1]]);
 * const a = matrixFromRows([[1, 0], [1, 0]]), b = matrixFromRows([[0, 1], [0, 1]]);
 * console.log(sgcs(h, a), sgcs(h, b), bestOfMSgcs(h, [a, b])); // 0.5 0.5 1
 * ```
 */
export function bestOfMSgcs(truth: ChannelSet, scenarios: readonly ChannelSet[]): number {
  return nanMean(rowBestOfMSgcs(truth, scenarios));
}

/**
 * Per-row scenario coverage: 1 when the true row lies in the norm ball of the `M`
 * phase-aligned scenarios around their centroid, 0 when not, NaN when `|h| = 0`. The
 * definition (alignment to scenario 0, centroid, radius = farthest scenario, round-off
 * slack {@link COVERAGE_RTOL}) is in the module doc.
 *
 * @param truth true channels, a {@link ChannelSet} (`[K, Nt]` or `A` of them).
 * @param scenarios `M >= 1` predicted channel sets, each shaped like `truth`.
 * @returns `Float64Array` of the pooled row count with entries 1, 0 or NaN.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { rowScenarioCoverage } from "./prediction.ts";
 * const h = matrixFromRows([[1, 0], [0, 1]]);
 * const a = matrixFromRows([[1.2, 0], [1, 0]]), b = matrixFromRows([[0.8, 0], [2, 0]]);
 * console.log(Array.from(rowScenarioCoverage(h, [a, b]))); // [ 1, 0 ]
 * ```
 */
export function rowScenarioCoverage(
  truth: ChannelSet,
  scenarios: readonly ChannelSet[],
): Float64Array {
  const t = toMatrices("truth", truth);
  const s = toScenarios(t, scenarios);
  const out = new Float64Array(t.reduce((acc, m) => acc + m.rows, 0));
  const maxCols = t.reduce((acc, m) => Math.max(acc, m.cols), 0);
  const M = s.length;
  // Aligned scenarios of one row, [M, n] row-major, and their centroid [n].
  const ar = new Float64Array(M * maxCols), ai = new Float64Array(M * maxCols);
  const cr = new Float64Array(maxCols), ci = new Float64Array(maxCols);
  let j = 0;
  t.forEach((h, b) => {
    const n = h.cols;
    for (let r = 0; r < h.rows; r++, j++) {
      const o = r * n;
      let ph = 0;
      for (let i = o; i < o + n; i++) ph += h.re[i] * h.re[i] + h.im[i] * h.im[i];
      if (ph === 0) {
        out[j] = NaN;
        continue;
      }
      const ref = s[0][b];
      cr.fill(0, 0, n);
      ci.fill(0, 0, n);
      for (let m = 0; m < M; m++) {
        const q = s[m][b];
        let zr = 0, zi = 0; // ref^H q
        for (let i = o; i < o + n; i++) {
          zr += ref.re[i] * q.re[i] + ref.im[i] * q.im[i];
          zi += ref.re[i] * q.im[i] - ref.im[i] * q.re[i];
        }
        const mag = Math.hypot(zr, zi);
        const ur = mag > 0 ? zr / mag : 1, ui = mag > 0 ? -zi / mag : 0;
        for (let i = 0; i < n; i++) {
          const xr = q.re[o + i], xi = q.im[o + i];
          const yr = ur * xr - ui * xi, yi = ur * xi + ui * xr;
          ar[m * n + i] = yr;
          ai[m * n + i] = yi;
          cr[i] += yr / M;
          ci[i] += yi / M;
        }
      }
      let radius2 = 0;
      for (let m = 0; m < M; m++) {
        let d = 0;
        for (let i = 0; i < n; i++) {
          const dr = ar[m * n + i] - cr[i], di = ai[m * n + i] - ci[i];
          d += dr * dr + di * di;
        }
        radius2 = Math.max(radius2, d);
      }
      let zr = 0, zi = 0; // c^H h
      for (let i = 0; i < n; i++) {
        zr += cr[i] * h.re[o + i] + ci[i] * h.im[o + i];
        zi += cr[i] * h.im[o + i] - ci[i] * h.re[o + i];
      }
      const mag = Math.hypot(zr, zi);
      const ur = mag > 0 ? zr / mag : 1, ui = mag > 0 ? -zi / mag : 0;
      let dist2 = 0;
      for (let i = 0; i < n; i++) {
        const xr = h.re[o + i], xi = h.im[o + i];
        const dr = ur * xr - ui * xi - cr[i], di = ur * xi + ui * xr - ci[i];
        dist2 += dr * dr + di * di;
      }
      out[j] = Math.sqrt(dist2) <= Math.sqrt(radius2) + COVERAGE_RTOL * Math.sqrt(ph) ? 1 : 0;
    }
  });
  return out;
}

/**
 * Scenario coverage: the share of true rows (of all APs) inside the `M` scenarios'
 * envelope, the envelope being the norm ball `|e^{jψ} h - c| <= max_m |ĥ'_m - c|`
 * around the centroid `c` of the scenarios phase-aligned to scenario 0 (module doc).
 * Rows with `|h| = 0` are skipped.
 *
 * @param truth true channels, a {@link ChannelSet} (`[K, Nt]` or `A` of them).
 * @param scenarios `M >= 1` predicted channel sets, each shaped like `truth`.
 * @returns covered share in [0, 1] (dimensionless): 1 when the truth is one of the
 *   scenarios, 0 for a single scenario that differs from it; NaN when every true row
 *   is zero.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { scenarioCoverage } from "./prediction.ts";
 * const h = matrixFromRows([[1, 0], [0, 1]]);
 * const far = matrixFromRows([[5, 5], [5, -5]]);
 * console.log(scenarioCoverage(h, [far]), scenarioCoverage(h, [far, h])); // 0 1
 * ```
 */
export function scenarioCoverage(truth: ChannelSet, scenarios: readonly ChannelSet[]): number {
  return nanMean(rowScenarioCoverage(truth, scenarios));
}
