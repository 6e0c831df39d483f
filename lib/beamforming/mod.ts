/**
 * Beamforming: eq. (5) SINR, coordinated regularized ZF, statistical max-SLNR beams
 * and the WC-ZF minimax selection of eq. (16). Imports only `lib/core`.
 *
 * Conventions: a channel matrix `H_b` is `[K, Nt]` with row k = `h_{k,b}^H`; AP b's
 * beams are `W_b` `[Nt, K_b]` with unit-norm columns, one per served UE; internally
 * (and in {@link powerGains}) beams are also stored as rows `W_b^T` (`[K_b, Nt]`).
 * Powers are in watts.
 *
 * @example
 * ```ts
 * import { createRng, complexMatrix } from "../core/mod.ts";
 * import { sinrDb, sinrLinear, perBeamPowerW, NOISE_POWER_W, zfBeams } from "./mod.ts";
 * const rng = createRng(1).stream("doc");
 * const h = complexMatrix(4, 8);
 * for (let i = 0; i < h.re.length; i++) [h.re[i], h.im[i]] = [rng.normal() * 1e-5, rng.normal() * 1e-5];
 * const servingAp = Int32Array.of(0, 0, 0, 0);
 * const beams = zfBeams([h], { servingAp });
 * const sinr = sinrLinear([h], beams, {
 *   beamPowerW: perBeamPowerW(servingAp, { apCount: 1 }),
 *   noisePowerW: NOISE_POWER_W,
 * });
 * console.log(sinrDb(sinr).length); // 4
 * ```
 *
 * @module
 */
export * from "./gains.ts";
export * from "./power.ts";
export * from "./sinr.ts";
export * from "./slnr.ts";
export * from "./wczf.ts";
export * from "./zf.ts";
