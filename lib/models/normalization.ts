/**
 * Per AP-UE row gain normalization and complex <-> real-channel layout helpers.
 *
 * Channels in the dataset are complex64 stored **interleaved** (`re, im, re, im, ...`).
 * One AP's channel matrix at one slot is `[K, Nt]` complex = `K * Nt * 2` floats.
 *
 * - **Gain normalization** (the paper's "rescaled to physical channel amplitudes"; docs/model.md,
 *   "Generative module"): each
 *   AP-UE row `h_k` (`Nt` antennas) is divided by its recent large-scale gain `s_k`, the
 *   RMS of `|h_k[n]|` over the past window (`tau` slots x `Nt` antennas). The networks
 *   see rows of unit mean power; samples are multiplied back by `s_k` afterwards.
 * - **Layout**: a window of `S` slots `[S, K, Nt]` complex is turned into the image
 *   `[K, Nt, 2 S]` the CNNs read (channel `2 s` = real part of slot `s`, `2 s + 1` =
 *   imaginary part; `s = 0` is the oldest slot). For `S = 1` the interleaved `[K, Nt]`
 *   complex matrix already *is* the `[K, Nt, 2]` real tensor, so no reordering is needed.
 *
 * @example Round trip
 * ```ts
 * import { normalizeRows, denormalizeRows, rowScales } from "./normalization.ts";
 * const dims = { K: 1, Nt: 2 };
 * const past = new Float32Array([3, 4, 0, 0]); // one slot, |h| = 5 and 0
 * const s = rowScales(past, dims); // RMS = sqrt((25 + 0) / 2)
 * const back = denormalizeRows(normalizeRows(past, s, dims), s, dims);
 * if (Math.abs(back[0] - 3) > 1e-6) throw new Error("round trip");
 * ```
 *
 * @module
 */
import { assertInteger, assertPositive } from "../core/mod.ts";

/** Matrix dimensions of one AP's channel: `K` UEs (rows) x `Nt` antennas. */
export interface ChannelDims {
  /** UEs (rows). */
  readonly K: number;
  /** Transmit antennas (columns). */
  readonly Nt: number;
}

/** Checks `dims` and that `data` holds a whole number of `[K, Nt]` complex slots; returns it. */
export function slotCount(name: string, data: Float32Array, dims: ChannelDims): number {
  if (!(data instanceof Float32Array)) {
    throw new TypeError(`${name} must be a Float32Array, got ${typeof data}`);
  }
  assertInteger("dims.K", dims.K, { min: 1 });
  assertInteger("dims.Nt", dims.Nt, { min: 1 });
  const per = dims.K * dims.Nt * 2;
  if (data.length === 0 || data.length % per !== 0) {
    throw new RangeError(
      `${name} length ${data.length} is not a positive multiple of K*Nt*2 = ${per}`,
    );
  }
  return data.length / per;
}

/**
 * Large-scale gain per row: `s_k = sqrt(mean over slots and antennas of |h_k|^2)`.
 *
 * @param past interleaved complex window `[S, K, Nt]` (`S * K * Nt * 2` floats).
 * @param dims `K`, `Nt`; `floor` (default `1e-30`) replaces a zero/denormal scale, so
 *   a dead row stays zero instead of turning into NaN.
 * @returns `[K]` scales (same unit as the channel amplitude).
 */
export function rowScales(
  past: Float32Array,
  dims: ChannelDims & { readonly floor?: number },
): Float32Array {
  const S = slotCount("past", past, dims);
  const { K, Nt } = dims;
  const floor = dims.floor ?? 1e-30;
  assertPositive("dims.floor", floor);
  const out = new Float32Array(K);
  for (let k = 0; k < K; k++) {
    let acc = 0;
    for (let s = 0; s < S; s++) {
      const base = (s * K + k) * Nt * 2;
      for (let i = 0; i < Nt * 2; i++) acc += past[base + i] * past[base + i];
    }
    const rms = Math.sqrt(acc / (S * Nt));
    out[k] = rms > floor ? rms : floor;
  }
  return out;
}

function scaleRows(
  name: string,
  data: Float32Array,
  scales: Float32Array,
  dims: ChannelDims,
  divide: boolean,
): Float32Array {
  const S = slotCount(name, data, dims);
  const { K, Nt } = dims;
  if (!(scales instanceof Float32Array) || scales.length !== K) {
    throw new RangeError(`scales must be a Float32Array of length K = ${K}`);
  }
  const out = new Float32Array(data.length);
  for (let s = 0; s < S; s++) {
    for (let k = 0; k < K; k++) {
      const f = divide ? 1 / scales[k] : scales[k];
      const base = (s * K + k) * Nt * 2;
      for (let i = 0; i < Nt * 2; i++) out[base + i] = data[base + i] * f;
    }
  }
  return out;
}

/**
 * Divides every row `k` of every slot by `scales[k]`.
 *
 * @param data interleaved complex `[S, K, Nt]` (any number of slots `S >= 1`).
 * @param scales `[K]` from {@link rowScales}.
 * @returns new array, same layout as `data`.
 */
export function normalizeRows(
  data: Float32Array,
  scales: Float32Array,
  dims: ChannelDims,
): Float32Array {
  return scaleRows("data", data, scales, dims, true);
}

/**
 * Inverse of {@link normalizeRows}: multiplies every row `k` of every slot by `scales[k]`.
 *
 * @param data interleaved complex `[S, K, Nt]`.
 * @param scales `[K]`.
 * @returns new array, same layout as `data`.
 */
export function denormalizeRows(
  data: Float32Array,
  scales: Float32Array,
  dims: ChannelDims,
): Float32Array {
  return scaleRows("data", data, scales, dims, false);
}

/**
 * Window of complex matrices -> real image for the CNNs.
 *
 * @param window interleaved complex `[S, K, Nt]`.
 * @returns `[K, Nt, 2 S]` row-major; element `(k, n, 2 s + c)` = part `c` (0 re, 1 im)
 *   of `window[s, k, n]`.
 */
export function complexToChannels(window: Float32Array, dims: ChannelDims): Float32Array {
  const S = slotCount("window", window, dims);
  const { K, Nt } = dims;
  const out = new Float32Array(window.length);
  for (let s = 0; s < S; s++) {
    for (let kn = 0; kn < K * Nt; kn++) {
      const src = (s * K * Nt + kn) * 2;
      const dst = kn * 2 * S + 2 * s;
      out[dst] = window[src];
      out[dst + 1] = window[src + 1];
    }
  }
  return out;
}

/**
 * Inverse of {@link complexToChannels}.
 *
 * @param image `[K, Nt, 2 S]`.
 * @returns interleaved complex `[S, K, Nt]`.
 */
export function channelsToComplex(image: Float32Array, dims: ChannelDims): Float32Array {
  const S = slotCount("image", image, dims);
  const { K, Nt } = dims;
  const out = new Float32Array(image.length);
  for (let s = 0; s < S; s++) {
    for (let kn = 0; kn < K * Nt; kn++) {
      const dst = (s * K * Nt + kn) * 2;
      const src = kn * 2 * S + 2 * s;
      out[dst] = image[src];
      out[dst + 1] = image[src + 1];
    }
  }
  return out;
}
