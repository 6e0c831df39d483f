/**
 * Post-beamforming SINR of every UE, the paper's eq. (5):
 *
 *     SINR_k = P_{a(k)} |h_{k,a(k)}^H w_{a(k),k}|^2
 *              / ( sum_{(b,j) != (a(k),k)} P_b |h_{k,b}^H w_{b,j}|^2 + sigma^2 )
 *
 * Intra- and inter-cell interference are one term: every beam of every AP except
 * UE k's own. Per AP the gains `G_b = H_b W_b` (`[K, K_b]`) are computed once, so a
 * call costs `K * K * Nt` complex multiply-adds in total.
 *
 * @module
 */
import { assertNonNegative, type ComplexMatrix, complexMatrix, linearToDb } from "../core/mod.ts";
import { powerGains } from "./gains.ts";

/** One AP's beams: `W_b = [w_{b,j}]` with one column per served UE. */
export interface ApBeams {
  /** `[K_b]` global indices of the UEs this AP serves, column order of `weights`. */
  readonly servedUes: Int32Array;
  /** `[Nt, K_b]` beamformers (dimensionless; unit-norm columns by convention). */
  readonly weights: ComplexMatrix;
}

/** Options of {@link sinrLinear}. */
export interface SinrOptions {
  /** Per-beam transmit power, W: one value for all APs, or `[A]` (`P_b` of each AP). */
  readonly beamPowerW: number | Float64Array;
  /** Receiver noise power `sigma^2`, W. */
  readonly noisePowerW: number;
  /** Reused output, length `>= K`. */
  readonly out?: Float64Array;
}

/** Beam rows `W^T` (`[K_b, Nt]`) of a `[Nt, K_b]` weight matrix, into `out` if given. */
export function beamRows(weights: ComplexMatrix, out?: ComplexMatrix): ComplexMatrix {
  const nt = weights.rows, kb = weights.cols;
  const rows = out ?? complexMatrix(kb, nt);
  for (let n = 0; n < nt; n++) {
    for (let j = 0; j < kb; j++) {
      rows.re[j * nt + n] = weights.re[n * kb + j];
      rows.im[j * nt + n] = weights.im[n * kb + j];
    }
  }
  return rows;
}

/**
 * Eq. (5) SINR of every UE, linear. The association is read from the beams: UE k is
 * served by the AP whose `servedUes` lists it (at most one); an unserved UE gets 0.
 *
 * @param channels `A` matrices `H_b`, `[K, Nt]` with row k = `h_{k,b}^H` (amplitude gain).
 * @param beams `A` entries, `weights` `[Nt, K_b]`.
 * @param options per-beam power (W), noise power (W), optional output.
 * @returns `[K]` SINR, linear (dimensionless).
 *
 * @example
 * ```ts
 * import { matrixFromRows } from "../core/mod.ts";
 * import { sinrLinear } from "./sinr.ts";
 * // one AP, two UEs on orthogonal beams, unit power, noise 0.5
 * const h = matrixFromRows([[1, 0], [0, 2]]);
 * const w = matrixFromRows([[1, 0], [0, 1]]);
 * const s = sinrLinear([h], [{ servedUes: Int32Array.of(0, 1), weights: w }], {
 *   beamPowerW: 1,
 *   noisePowerW: 0.5,
 * });
 * console.log(s[0], s[1]); // 2 8
 * ```
 */
export function sinrLinear(
  channels: readonly ComplexMatrix[],
  beams: readonly ApBeams[],
  options: SinrOptions,
): Float64Array {
  const { beamPowerW, noisePowerW } = options;
  assertNonNegative("noisePowerW", noisePowerW);
  const apCount = channels.length;
  if (beams.length !== apCount) {
    throw new RangeError(`beams has ${beams.length} entries, channels has ${apCount}`);
  }
  if (apCount === 0) return options.out ?? new Float64Array(0);
  const k = channels[0].rows, nt = channels[0].cols;
  if (typeof beamPowerW !== "number" && beamPowerW.length !== apCount) {
    throw new RangeError(`beamPowerW has ${beamPowerW.length} entries, expected ${apCount}`);
  }
  const serving = new Int32Array(k).fill(-1);
  const local = new Int32Array(k);
  for (let b = 0; b < apCount; b++) {
    const h = channels[b];
    if (h.rows !== k || h.cols !== nt) {
      throw new RangeError(`channels[${b}] is [${h.rows}, ${h.cols}], expected [${k}, ${nt}]`);
    }
    const { servedUes, weights } = beams[b];
    if (weights.rows !== nt || weights.cols !== servedUes.length) {
      throw new RangeError(
        `beams[${b}].weights is [${weights.rows}, ${weights.cols}], expected [${nt}, ${servedUes.length}]`,
      );
    }
    for (let j = 0; j < servedUes.length; j++) {
      const u = servedUes[j];
      if (!(u >= 0 && u < k)) {
        throw new RangeError(`beams[${b}].servedUes[${j}] = ${u} out of range`);
      }
      if (serving[u] >= 0) throw new RangeError(`UE ${u} is served by APs ${serving[u]} and ${b}`);
      serving[u] = b;
      local[u] = j;
    }
  }
  const signal = new Float64Array(k);
  const interference = new Float64Array(k);
  let gains = new Float64Array(0);
  for (let b = 0; b < apCount; b++) {
    const kb = beams[b].servedUes.length;
    if (kb === 0) continue;
    const p = typeof beamPowerW === "number" ? beamPowerW : beamPowerW[b];
    if (gains.length < k * kb) gains = new Float64Array(k * kb);
    powerGains(channels[b], beamRows(beams[b].weights), { out: gains });
    for (let u = 0; u < k; u++) {
      const own = serving[u] === b ? local[u] : -1;
      let sum = 0;
      for (let j = 0; j < kb; j++) {
        if (j === own) signal[u] = p * gains[u * kb + j];
        else sum += gains[u * kb + j];
      }
      interference[u] += p * sum;
    }
  }
  const out = options.out ?? new Float64Array(k);
  for (let u = 0; u < k; u++) out[u] = signal[u] / (interference[u] + noisePowerW);
  return out;
}

/**
 * Linear SINR to dB, elementwise (`0` maps to `-Infinity`).
 *
 * @param linear `[K]` linear SINR.
 * @param options `out`: reused output of the same length.
 * @returns `[K]` SINR in dB.
 *
 * @example
 * ```ts
 * import { sinrDb } from "./sinr.ts";
 * console.log(Array.from(sinrDb(Float64Array.of(1, 100)))); // [0, 20]
 * ```
 */
export function sinrDb(linear: Float64Array, options: { out?: Float64Array } = {}): Float64Array {
  const out = options.out ?? new Float64Array(linear.length);
  for (let i = 0; i < linear.length; i++) out[i] = linearToDb(linear[i]);
  return out;
}
