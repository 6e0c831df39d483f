/**
 * The sampler's generator pass in the WebAssembly SIMD kernels of `simd_kernels.ts`
 * (`path: "wasm"` of `sampleTrajectories`, the default): the same split as the tfjs
 * fused head (`sampler.ts`), with no tensor dispatch and no thread pool:
 *
 * 1. `e = relu(flat(cond) W_e + b_e)` on the `N K` condition rows;
 * 2. the first hidden layer in parts: `e W_1e`, `z W_1z + b_1` (`N M K` rows),
 *    `s W_1s` (`N T K` rows), summed per head row `((n M + m) T + t) K + k` with the
 *    ReLU;
 * 3. `h2 = relu(h1 W_2 + b_2)`, then `[coeffs | residual] = h2 [W_c | W_r] + b`;
 * 4. the anchor (`f + w_0 f + sum_j w_j e_j + r`) and the row gains, in float32.
 *
 * The weights are read from the model at every call (a model that trains between calls
 * is sampled with its current weights). Equal to the layers path to float32 rounding
 * (tests/models/sampler_test.ts).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { type ApCondition, conditionSlots, scalarSize } from "./condition.ts";
import { COL_BLOCK, createSimdKernels, ROW_BLOCK, type SimdKernels } from "./simd_kernels.ts";

/** The generator's sizes the kernels need. */
interface WasmShape {
  readonly embedUnits: number;
  readonly units: number;
  readonly latentDim: number;
  readonly sLen: number;
  readonly coeffCount: number;
}

const shapeCache = new WeakMap<tf.LayersModel, WasmShape | null>();

/**
 * The sizes of `generator` when it has `buildGenerator`'s structure (flatten, ReLU
 * embedding, concat, two ReLU hidden layers, linear coefficient and residual layers,
 * all with biases) and widths the kernels take (multiples of {@link COL_BLOCK}); `null`
 * otherwise.
 */
function wasmShapeOf(generator: tf.LayersModel): WasmShape | null {
  const cached = shapeCache.get(generator);
  if (cached !== undefined) return cached;
  let shape: WasmShape | null = null;
  try {
    const cfg = (name: string) => generator.getLayer(name).getConfig();
    const dense = ["g_embed", "g_hidden1", "g_hidden2", "g_coeffs", "g_residual"].map(cfg);
    const acts = dense.map((c) => c.activation);
    const embedUnits = dense[0].units as number, units = dense[1].units as number;
    const F = generator.inputs[0].shape[2] as number;
    if (
      generator.getLayer("g_flat").getClassName() === "Flatten" &&
      generator.getLayer("g_fuse").getClassName() === "Concatenate" &&
      acts.join() === "relu,relu,relu,linear,linear" &&
      dense.every((c) => c.useBias === true) && dense[2].units === units &&
      generator.layers.length === 11 &&
      generator.getLayer("g_out").getClassName() === "AnchoredMix" &&
      embedUnits % COL_BLOCK === 0 && units % COL_BLOCK === 0 && F % 4 === 0
    ) {
      shape = {
        embedUnits,
        units,
        latentDim: generator.inputs[2].shape[1] as number,
        sLen: generator.inputs[1].shape[1] as number,
        coeffCount: dense[3].units as number,
      };
    }
  } catch {
    shape = null;
  }
  shapeCache.set(generator, shape);
  return shape;
}

/** Whether {@link wasmSample} takes `generator` (its structure and widths). */
export function wasmSampleSupported(generator: tf.LayersModel): boolean {
  return wasmShapeOf(generator) !== null;
}

let kernels: SimdKernels | null = null;

function kernelsWith(bytes: number): SimdKernels {
  kernels ??= createSimdKernels();
  const have = kernels.memory.buffer.byteLength;
  if (have < bytes) kernels.memory.grow(Math.ceil((bytes - have) / 65536));
  return kernels;
}

/** `n` rounded up to a multiple of `m`. */
const up = (n: number, m: number) => Math.ceil(n / m) * m;

/**
 * The de-normalized samples `[N, M, T, K, 2 Nt]` (module doc), or `null` when the
 * generator's structure or widths do not suit the kernels.
 *
 * @param generator from `buildGenerator`.
 * @param conditions `N` conditions of the same dims.
 * @param o `cond` (the conditions' slots, stacked), `z0` (latents, `(n M + m) K + k`
 *   rows), `scalars` (`[N T K, 3 + T]`, rows `(n T + t) K + k`), `M`, `T`.
 */
export function wasmSample(
  generator: tf.LayersModel,
  conditions: readonly ApCondition[],
  o: {
    readonly cond: Float32Array;
    readonly z0: Float32Array;
    readonly scalars: Float32Array;
    readonly M: number;
    readonly T: number;
  },
): Float32Array | null {
  const shape = wasmShapeOf(generator);
  if (!shape) return null;
  const dims = conditions[0].dims;
  const { K, Nt, tau, E } = dims;
  const { M, T } = o;
  const { embedUnits: EU, units: U, latentDim: L, sLen, coeffCount: J2 } = shape;
  if (J2 !== 2 * (1 + E) || sLen !== scalarSize(dims)) return null;
  const N = conditions.length, F = 2 * Nt, S = conditionSlots(dims), SF = S * F;
  const W = up(J2 + F, COL_BLOCK); // [coeffs | residual | zero pad]
  const B = N * M * T * K;
  const rNK = up(N * K, ROW_BLOCK), rNMK = up(N * M * K, ROW_BLOCK);
  const rNTK = up(N * T * K, ROW_BLOCK), rB = up(B, ROW_BLOCK);
  let top = 4; // float offsets, 16-byte aligned (0 unused)
  const at = (n: number) => {
    const p = top;
    top += up(n, 4);
    return p;
  };
  const p = {
    cond: at(rNK * SF),
    we: at(SF * EU),
    be: at(EU),
    w1: at((EU + sLen + L) * U),
    b1: at(U),
    zero: at(U),
    w2: at(U * U),
    b2: at(U),
    wOut: at(U * W),
    bOut: at(W),
    z: at(rNMK * L),
    sc: at(rNTK * sLen),
    scales: at(N * K),
    e: at(rNK * EU),
    pe: at(rNK * U),
    pz: at(rNMK * U),
    ps: at(rNTK * U),
    h1: at(rB * U),
    h2: at(rB * U),
    y: at(rB * W),
    out: at(B * F),
    scratch: at(8 * (1 + E)),
  };
  const k = kernelsWith(top * 4);
  const mem = new Float32Array(k.memory.buffer);
  const weights = (name: string) =>
    generator.getLayer(name).getWeights().map((w) => w.dataSync() as Float32Array);
  // inputs, zero-padded to whole row blocks
  mem.set(o.cond, p.cond);
  mem.fill(0, p.cond + N * K * SF, p.cond + rNK * SF);
  mem.set(o.z0, p.z);
  mem.fill(0, p.z + o.z0.length, p.z + rNMK * L);
  mem.set(o.scalars, p.sc);
  mem.fill(0, p.sc + o.scalars.length, p.sc + rNTK * sLen);
  conditions.forEach((c, n) => mem.set(c.scales, p.scales + n * K));
  mem.fill(0, p.zero, p.zero + U);
  // weights: W_1's rows are [embedding; scalars; latent] (g_fuse's order)
  const [we, be] = weights("g_embed");
  mem.set(we, p.we);
  mem.set(be, p.be);
  const [w1, b1] = weights("g_hidden1");
  mem.set(w1, p.w1);
  mem.set(b1, p.b1);
  const [w2, b2] = weights("g_hidden2");
  mem.set(w2, p.w2);
  mem.set(b2, p.b2);
  const [wc, bc] = weights("g_coeffs");
  const [wr, br] = weights("g_residual");
  for (let i = 0; i < U; i++) {
    const row = p.wOut + i * W;
    mem.set(wc.subarray(i * J2, (i + 1) * J2), row);
    mem.set(wr.subarray(i * F, (i + 1) * F), row + J2);
    mem.fill(0, row + J2 + F, row + W);
  }
  mem.set(bc, p.bOut);
  mem.set(br, p.bOut + J2);
  mem.fill(0, p.bOut + J2 + F, p.bOut + W);
  const b = (f: number) => 4 * f; // float offset -> byte address
  const w1e = p.w1, w1s = p.w1 + EU * U, w1z = p.w1 + (EU + sLen) * U;
  k.gemm(b(p.cond), b(p.we), b(p.be), b(p.e), rNK, SF, EU, EU, 1);
  k.gemm(b(p.e), b(w1e), b(p.zero), b(p.pe), rNK, EU, U, U, 0);
  k.gemm(b(p.z), b(w1z), b(p.b1), b(p.pz), rNMK, L, U, U, 0);
  k.gemm(b(p.sc), b(w1s), b(p.zero), b(p.ps), rNTK, sLen, U, U, 0);
  const KU = K * U;
  for (let n = 0; n < N; n++) {
    for (let m = 0; m < M; m++) {
      const pz = b(p.pz + (n * M + m) * KU);
      k.addRows(pz, b(p.pe + n * KU), pz, KU, 0); // (z W_1z + b_1) + e W_1e
      for (let t = 0; t < T; t++) {
        const h1 = b(p.h1 + ((n * M + m) * T + t) * KU);
        k.addRows(pz, b(p.ps + (n * T + t) * KU), h1, KU, 1);
      }
    }
  }
  mem.fill(0, p.h1 + B * U, p.h1 + rB * U);
  k.gemm(b(p.h1), b(p.w2), b(p.b2), b(p.h2), rB, U, U, U, 1);
  k.gemm(b(p.h2), b(p.wOut), b(p.bOut), b(p.y), rB, U, W, W, 0);
  for (let n = 0; n < N; n++) {
    for (let m = 0; m < M; m++) {
      for (let t = 0; t < T; t++) {
        const r0 = ((n * M + m) * T + t) * K;
        k.anchor(
          b(p.cond + n * K * SF),
          b(SF),
          b((tau + t) * F),
          b((tau + dims.T) * F),
          F,
          E,
          K,
          b(p.y + r0 * W),
          W,
          b(p.out + r0 * F),
          b(p.scales + n * K),
          b(p.scratch),
        );
      }
    }
  }
  return mem.slice(p.out, p.out + B * F);
}
