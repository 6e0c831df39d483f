/**
 * Control-plane payload per synchronization slot (paper: "≈ 2.1 kB per 10 ms slot").
 *
 * The DT controller pushes every AP's beam matrix `W_b` (`[Nt, K_b]`) plus RF scalars.
 * Because the zones partition the UEs, `sum_b Nt K_b = Nt K` complex weights go out
 * whatever `A` is:
 *
 *     bits  = K Nt c q  +  K s_UE  +  A s_AP
 *     bytes = ceil(bits / 8)
 *
 * with `q` = `weightBits` per real component, `c` = `componentsPerWeight` (2: I and Q;
 * 1: one `q`-bit code per complex weight, e.g. phase-only or `q/2`-bit I and Q),
 * `s_UE` = `perUeScalarBits` (default 24: a 16-bit per-beam power `P_{b,k}` and an
 * 8-bit serving-AP index) and `s_AP` = `perApScalarBits` (default 32: a 16-bit slot
 * counter and a 16-bit power normalization).
 *
 * With K = 30, Nt = 64, A = 3 and 8 bits: I/Q (c = 2) gives 3840 + 90 + 12 = 3942 B
 * (3.9 kB); one 8-bit code per complex weight (c = 1) gives 1920 + 102 = 2022 B
 * (2.0 kB), which is what the paper's ≈ 2.1 kB matches.
 *
 * @module
 */
import { assertInteger } from "../core/mod.ts";

/** Default bits per real weight component. */
export const WEIGHT_BITS = 8;
/** Default real components per complex weight (I and Q). */
export const COMPONENTS_PER_WEIGHT = 2;
/** Default RF scalar bits per UE (16-bit power + 8-bit serving AP). */
export const PER_UE_SCALAR_BITS = 24;
/** Default RF scalar bits per AP (16-bit slot counter + 16-bit power normalization). */
export const PER_AP_SCALAR_BITS = 32;

/** Breakdown returned by {@link controlPayloadBytes}. */
export interface ControlPayload {
  /** Total payload per slot, bytes (rounded up). */
  readonly bytes: number;
  /** Total payload per slot, bits. */
  readonly bits: number;
  /** Beam weights, bits (`K Nt c q`). */
  readonly weightBits: number;
  /** RF scalars, bits (`K s_UE + A s_AP`). */
  readonly scalarBits: number;
}

/**
 * Control payload per slot from the network size and the quantization.
 *
 * @param size `apCount` (A), `ueCount` (K), `antennaCount` (Nt).
 * @param options `weightBits`, `componentsPerWeight` (1 or 2), `perUeScalarBits`, `perApScalarBits`.
 * @returns bytes and bits, with the weight / scalar split.
 *
 * @example
 * ```ts
 * import { controlPayloadBytes } from "./payload.ts";
 * const size = { apCount: 3, ueCount: 30, antennaCount: 64 };
 * console.log(controlPayloadBytes(size).bytes); // 3942
 * console.log(controlPayloadBytes(size, { componentsPerWeight: 1 }).bytes); // 2022
 * ```
 */
export function controlPayloadBytes(
  size: { apCount: number; ueCount: number; antennaCount: number },
  options: {
    weightBits?: number;
    componentsPerWeight?: 1 | 2;
    perUeScalarBits?: number;
    perApScalarBits?: number;
  } = {},
): ControlPayload {
  const { apCount, ueCount, antennaCount } = size;
  const {
    weightBits = WEIGHT_BITS,
    componentsPerWeight = COMPONENTS_PER_WEIGHT,
    perUeScalarBits = PER_UE_SCALAR_BITS,
    perApScalarBits = PER_AP_SCALAR_BITS,
  } = options;
  assertInteger("apCount", apCount, { min: 1 });
  assertInteger("ueCount", ueCount, { min: 0 });
  assertInteger("antennaCount", antennaCount, { min: 1 });
  assertInteger("weightBits", weightBits, { min: 1, max: 64 });
  assertInteger("componentsPerWeight", componentsPerWeight, { min: 1, max: 2 });
  assertInteger("perUeScalarBits", perUeScalarBits, { min: 0 });
  assertInteger("perApScalarBits", perApScalarBits, { min: 0 });
  const w = ueCount * antennaCount * componentsPerWeight * weightBits;
  const s = ueCount * perUeScalarBits + apCount * perApScalarBits;
  return { bytes: Math.ceil((w + s) / 8), bits: w + s, weightBits: w, scalarBits: s };
}
