/**
 * Dense float32 inference kernels in WebAssembly SIMD (assembled at load time by
 * `wasm_asm.ts`), single-threaded and called without any tensor dispatch: a blocked
 * matrix product with bias, and the recurrence of a Keras/tfjs LSTM layer (gates
 * `i, f, c, o`, hard-sigmoid gates, tanh cell). `lstm_fused.ts` builds the LSTM-DT
 * forward pass from them.
 *
 * Why: the tfjs LSTM layer runs about 14 small ops per time step and layer, each a
 * dispatch (and, with the wasm thread pool, a wake-up of the pool); at the decision's
 * sizes (90 rows, 32 units) the arithmetic is a few microseconds per step. Here the
 * whole recurrence is one call.
 *
 * `tanh` is the rational approximation of Eigen's `generic_fast_tanh_float` (odd
 * degree-13 over even degree-6 polynomial on `[-7.9053, 7.9053]`, saturated outside):
 * a few float32 ulps from the exact value (`tests/models/simd_kernels_test.ts`).
 * Hard sigmoid is `clip(0.2 x + 0.5, 0, 1)` computed in the order tfjs does.
 *
 * All pointers and sizes are `i32` byte offsets into the instance's memory and element
 * counts; callers keep the blocking constraints ({@link GEMM_ROW_BLOCK} etc.).
 *
 * @module
 */
import { assemble, FnBuilder, I32, V128 } from "./wasm_asm.ts";

/** Rows per block of both kernels: row counts must be multiples of it (pad with zeros). */
export const ROW_BLOCK = 2;
/** Output columns per block, in floats: column counts must be multiples of it. */
export const COL_BLOCK = 16;

const CB = COL_BLOCK / 4; // vectors per column block
/** Reduction steps per loop iteration of the products. */
const UNROLL = 4;

/** Eigen's clamp and coefficients of the float tanh (see the module doc). */
export const TANH_CLAMP = 7.90531110763549805;
const ALPHA = [
  4.89352455891786e-03,
  6.37261928875436e-04,
  1.48572235717979e-05,
  5.12229709037114e-08,
  -8.60467152213735e-11,
  2.00018790482477e-13,
  -2.76076847742355e-16,
];
const BETA = [
  4.89352518554385e-03,
  2.26843463243900e-03,
  1.18534705686654e-04,
  1.19825839466702e-06,
];

/** The same tanh on the host in float32 steps (reference of the kernel's). */
export function fastTanh(x: number): number {
  const f = Math.fround;
  const c = f(TANH_CLAMP);
  const xc = f(Math.max(f(Math.min(f(x), c)), -c));
  const x2 = f(xc * xc);
  let p = f(ALPHA[6]);
  for (let i = 5; i >= 0; i--) p = f(f(p * x2) + f(ALPHA[i]));
  p = f(p * xc);
  let q = f(BETA[3]);
  for (let i = 2; i >= 0; i--) q = f(f(q * x2) + f(BETA[i]));
  return f(p / q);
}

/** Pushes `tanh(x)` of the `v128` in local `x` (clobbers `x`, uses `x2`). */
function emitTanh(fn: FnBuilder, x: number, x2: number): void {
  fn.get(x).f32x4Const(TANH_CLAMP).vmin().f32x4Const(-TANH_CLAMP).vmax().tee(x);
  fn.get(x).vmul().set(x2);
  fn.f32x4Const(ALPHA[6]);
  for (let i = 5; i >= 0; i--) fn.get(x2).vmul().f32x4Const(ALPHA[i]).vadd();
  fn.get(x).vmul();
  fn.f32x4Const(BETA[3]);
  for (let i = 2; i >= 0; i--) fn.get(x2).vmul().f32x4Const(BETA[i]).vadd();
  fn.vdiv();
}

/** Pushes `clip(0.2 x + 0.5, 0, 1)` of the `v128` on the stack. */
function emitHardSigmoid(fn: FnBuilder): void {
  fn.f32x4Const(0.2).vmul().f32x4Const(0.5).vadd().f32x4Const(1).vmin().f32x4Const(0).vmax();
}

/**
 * The register-blocked product of {@link ROW_BLOCK} rows by {@link COL_BLOCK} columns:
 * `acc[r][v] (+)= sum_k a[r][k] b[k][v]`, `a` rows at `aRow[r]` (advanced by 4 bytes per
 * `k`), `b` row `k` at `bPtr + k ldb4` (plus 16 v). Accumulators start from `init(r, v)`
 * (which pushes a v128) and end in `finish(r, v)` (value on the stack).
 */
function emitBlock(
  fn: FnBuilder,
  o: {
    aRow: number[];
    bPtr: number;
    ldb4: number;
    depth: number;
    init: (r: number, v: number) => void;
    finish: (r: number, v: number) => void;
  },
): void {
  const acc = Array.from(
    { length: ROW_BLOCK },
    () => Array.from({ length: CB }, () => fn.local(V128)),
  );
  const w = Array.from({ length: CB }, () => fn.local(V128));
  const s = fn.local(V128);
  const k = fn.local(I32);
  for (let r = 0; r < ROW_BLOCK; r++) {
    for (let v = 0; v < CB; v++) {
      o.init(r, v);
      fn.set(acc[r][v]);
    }
  }
  // one step of the reduction: a[r][k + u] (a's pointers advance per UNROLL steps)
  const step = (u: number) => {
    for (let v = 0; v < CB; v++) fn.get(o.bPtr).load(16 * v).set(w[v]);
    for (let r = 0; r < ROW_BLOCK; r++) {
      fn.get(o.aRow[r]).splat(4 * u).set(s);
      for (let v = 0; v < CB; v++) fn.get(acc[r][v]).get(s).get(w[v]).vmul().vadd().set(acc[r][v]);
    }
    fn.get(o.bPtr).get(o.ldb4).add().set(o.bPtr);
  };
  const advance = (n: number) => {
    for (let r = 0; r < ROW_BLOCK; r++) fn.get(o.aRow[r]).i32(4 * n).add().set(o.aRow[r]);
  };
  fn.for(k, () => fn.i32(0), () => fn.get(o.depth).i32(UNROLL - 1).sub(), UNROLL, () => {
    for (let u = 0; u < UNROLL; u++) step(u);
    advance(UNROLL);
  });
  fn.for(k, () => fn.get(k), () => fn.get(o.depth), 1, () => {
    step(0);
    advance(1);
  });
  for (let r = 0; r < ROW_BLOCK; r++) {
    for (let v = 0; v < CB; v++) {
      fn.get(acc[r][v]);
      o.finish(r, v);
    }
  }
}

/**
 * `gemm(a, b, bias, c, M, K, N, ldb, relu)`: `C[M, N] = A[M, K] B[K, :N] + bias[N]`
 * (then `max(., 0)` if `relu` is not 0), `A` and `C` dense row-major, `B` rows `ldb`
 * floats apart. `M` a multiple of {@link ROW_BLOCK}, `N` of {@link COL_BLOCK}.
 */
function gemmFn(): FnBuilder {
  const fn = new FnBuilder("gemm", 9);
  const [a, b, bias, c, M, K, N, ldb, relu] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const m = fn.local(I32), n = fn.local(I32), lda4 = fn.local(I32), ldb4 = fn.local(I32);
  const ldc4 = fn.local(I32), bPtr = fn.local(I32), cRow = fn.local(I32);
  const aRow = Array.from({ length: ROW_BLOCK }, () => fn.local(I32));
  fn.get(K).i32(4).mul().set(lda4);
  fn.get(ldb).i32(4).mul().set(ldb4);
  fn.get(N).i32(4).mul().set(ldc4);
  fn.for(m, () => fn.i32(0), () => fn.get(M), ROW_BLOCK, () => {
    fn.for(n, () => fn.i32(0), () => fn.get(N), COL_BLOCK, () => {
      // aRow[r] = a + (m + r) lda4; bPtr = b + 4 n; cRow = c + m ldc4 + 4 n
      for (let r = 0; r < ROW_BLOCK; r++) {
        fn.get(a).get(m).i32(r).add().get(lda4).mul().add().set(aRow[r]);
      }
      fn.get(b).get(n).i32(4).mul().add().set(bPtr);
      fn.get(c).get(m).get(ldc4).mul().add().get(n).i32(4).mul().add().set(cRow);
      emitBlock(fn, {
        aRow,
        bPtr,
        ldb4,
        depth: K,
        init: (_r, v) => fn.get(bias).get(n).i32(4).mul().add().load(16 * v),
        finish: (r, v) => {
          const val = fn.local(V128);
          fn.set(val);
          fn.get(relu).eqz().eqz().if(() => fn.get(val).f32x4Const(0).vmax().set(val));
          fn.get(cRow);
          if (r > 0) fn.get(ldc4).i32(r).mul().add();
          fn.get(val).store(16 * v);
        },
      });
    });
  });
  return fn;
}

/** `addRows(a, b, out, n, relu)`: `out = a + b` (then `max(., 0)` if `relu`), `n` floats, `n % 4 = 0`. */
function addRowsFn(): FnBuilder {
  const fn = new FnBuilder("addRows", 5);
  const [a, b, out, n, relu] = [0, 1, 2, 3, 4];
  const i = fn.local(I32), v = fn.local(V128);
  fn.for(i, () => fn.i32(0), () => fn.get(n).i32(4).mul(), 16, () => {
    fn.get(a).get(i).add().load().get(b).get(i).add().load().vadd().set(v);
    fn.get(relu).eqz().eqz().if(() => fn.get(v).f32x4Const(0).vmax().set(v));
    fn.get(out).get(i).add().get(v).store();
  });
  return fn;
}

/**
 * `anchor(slots, rowBytes, fOff, eOff, F, E, K, y, W, out, scales, scratch)`: the
 * generator's anchored mix and de-normalization for `K` rows (`generator.ts`
 * `anchoredMix`, in float32): row `k`'s condition at `slots + k rowBytes`, its forecast
 * slot `fOff` bytes and first error slot `eOff` bytes into it; its head output at
 * `y + 4 k W` (`2 (1 + E)` coefficients, then the `F` residual floats); `out` row `k` at
 * `out + 4 k F` = `s_k (f + w_0 f + sum_j w_j e_j + r)` with `w_j` complex and `s_k` at
 * `scales + 4 k`. `scratch`: `32 (1 + E)` bytes. `F % 4 = 0`.
 */
function anchorFn(): FnBuilder {
  const fn = new FnBuilder("anchor", 12);
  const [slots, rowBytes, fOff, eOff, F, E, K, y, W, out, scales, scratch] = [
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
  ];
  const k = fn.local(I32), i = fn.local(I32), j = fn.local(I32), row = fn.local(I32);
  const yRow = fn.local(I32), oRow = fn.local(I32), F4 = fn.local(I32), ej = fn.local(I32);
  const ePtr = fn.local(I32);
  const x = fn.local(V128), acc = fn.local(V128), sc = fn.local(V128);
  const swap = () => fn.get(x).get(x).shuffle32([1, 0, 3, 2]);
  fn.get(F).i32(4).mul().set(F4);
  fn.for(k, () => fn.i32(0), () => fn.get(K), 1, () => {
    fn.get(slots).get(k).get(rowBytes).mul().add().set(row);
    fn.get(y).get(k).get(W).mul().i32(4).mul().add().set(yRow);
    fn.get(out).get(k).get(F4).mul().add().set(oRow);
    fn.get(scales).get(k).i32(4).mul().add().splat().set(sc);
    // scratch[j] = (splat(w_j re), (-w_j im, w_j im, -w_j im, w_j im)), 32 bytes each
    fn.for(j, () => fn.i32(0), () => fn.get(E).i32(1).add(), 1, () => {
      fn.get(scratch).get(j).i32(32).mul().add();
      fn.get(yRow).get(j).i32(8).mul().add().splat().store();
      fn.get(scratch).get(j).i32(32).mul().add();
      fn.get(yRow).get(j).i32(8).mul().add().splat(4).v128Const([-1, 1, -1, 1]).vmul();
      fn.store(16);
    });
    fn.for(i, () => fn.i32(0), () => fn.get(F4), 16, () => {
      // acc = ((f + w0r f) + w0i' swap(f)) + r
      fn.get(row).get(fOff).add().get(i).add().load().set(x);
      fn.get(x).get(x).get(scratch).load().vmul().vadd();
      swap();
      fn.get(scratch).load(16).vmul().vadd();
      fn.get(yRow).get(E).i32(8).mul().add().i32(8).add().get(i).add().load().vadd().set(acc);
      // acc += w_jr e_j + w_ji' swap(e_j), j = 1..E
      // (ePtr walks the error slots, ej the scratch weights)
      fn.get(row).get(eOff).add().get(i).add().set(ePtr);
      fn.get(scratch).i32(32).add().set(ej);
      fn.for(j, () => fn.i32(1), () => fn.get(E).i32(1).add(), 1, () => {
        fn.get(ePtr).load().set(x);
        fn.get(acc);
        fn.get(x).get(ej).load().vmul();
        swap();
        fn.get(ej).load(16).vmul().vadd();
        fn.vadd().set(acc);
        fn.get(ePtr).get(F4).add().set(ePtr);
        fn.get(ej).i32(32).add().set(ej);
      });
      fn.get(oRow).get(i).add().get(acc).get(sc).vmul().store();
    });
  });
  return fn;
}

/**
 * `lstm(p, wr, hseq, h, c, z, R, S, U)`: the recurrence of one LSTM layer over `R`
 * independent rows and `S` steps. `p` `[R, S, 4U]`: the input projection plus bias of
 * every step; `wr` `[U, 4U]`: the recurrent kernel; `h`, `c` `[R, U]`: the states (zero
 * on entry; the last step's on exit); `hseq` `[R, S, U]`: every step's `h` (skipped if
 * `hseq` is 0); `z` `[ROW_BLOCK, 4U]` scratch. Per step and row: `z = p_t + h wr`,
 * `i, f, o = hardSigmoid(z_i, z_f, z_o)`, `c = f c + i tanh(z_c)`, `h = o tanh(c)`.
 * `R` a multiple of {@link ROW_BLOCK}, `U` of 4 and `4U` of {@link COL_BLOCK}.
 */
function lstmFn(): FnBuilder {
  const fn = new FnBuilder("lstm", 9);
  const [p, wr, hseq, h, c, z, R, S, U] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const r0 = fn.local(I32), t = fn.local(I32), n = fn.local(I32), r = fn.local(I32);
  const u = fn.local(I32);
  const U4 = fn.local(I32), G4 = fn.local(I32), bPtr = fn.local(I32), pRow = fn.local(I32);
  const zp = fn.local(I32), sp = fn.local(I32), hs = fn.local(I32);
  const x = fn.local(V128), x2 = fn.local(V128), gi = fn.local(V128), gf = fn.local(V128);
  const cv = fn.local(V128);
  const aRow = Array.from({ length: ROW_BLOCK }, () => fn.local(I32));
  fn.get(U).i32(4).mul().set(U4);
  fn.get(U4).i32(4).mul().set(G4); // bytes per gate row (4U floats)
  fn.for(r0, () => fn.i32(0), () => fn.get(R), ROW_BLOCK, () => {
    fn.for(t, () => fn.i32(0), () => fn.get(S), 1, () => {
      // z[r] = p[r0 + r, t] + h[r0 + r] wr, by column blocks
      fn.for(n, () => fn.i32(0), () => fn.get(U).i32(4).mul(), COL_BLOCK, () => {
        for (let rr = 0; rr < ROW_BLOCK; rr++) {
          fn.get(h).get(r0).i32(rr).add().get(U4).mul().add().set(aRow[rr]);
        }
        fn.get(wr).get(n).i32(4).mul().add().set(bPtr);
        // pRow = p + ((r0 S + t) 4U + n) 4 for row r0; row r adds r S G4
        fn.get(p).get(r0).get(S).mul().get(t).add().get(G4).mul().add().get(n).i32(4).mul().add()
          .set(pRow);
        emitBlock(fn, {
          aRow,
          bPtr,
          ldb4: G4,
          depth: U,
          init: (rr, v) => {
            fn.get(pRow);
            if (rr > 0) fn.get(S).get(G4).mul().i32(rr).mul().add();
            fn.load(16 * v);
          },
          finish: (rr, v) => {
            const val = fn.local(V128);
            fn.set(val);
            fn.get(z).get(n).i32(4).mul().add();
            if (rr > 0) fn.get(G4).i32(rr).mul().add();
            fn.get(val).store(16 * v);
          },
        });
      });
      // gates of the block's rows
      fn.for(r, () => fn.i32(0), () => fn.i32(ROW_BLOCK), 1, () => {
        fn.for(u, () => fn.i32(0), () => fn.get(U), 4, () => {
          fn.get(z).get(r).get(G4).mul().add().get(u).i32(4).mul().add().set(zp);
          fn.get(r0).get(r).add().get(U4).mul().get(u).i32(4).mul().add().set(sp); // state offset
          fn.get(zp).load().emit(emitHardSigmoid).set(gi);
          fn.get(zp).get(U4).add().load().emit(emitHardSigmoid).set(gf);
          fn.get(zp).get(U4).i32(2).mul().add().load().set(x);
          // c = f c + i tanh(z_c)
          fn.get(gf).get(c).get(sp).add().load().vmul();
          fn.get(gi);
          emitTanh(fn, x, x2);
          fn.vmul().vadd().set(cv);
          fn.get(c).get(sp).add().get(cv).store();
          // h = o tanh(c)
          fn.get(zp).get(U4).i32(3).mul().add().load().emit(emitHardSigmoid).set(gi);
          fn.get(cv).set(x);
          fn.get(gi);
          emitTanh(fn, x, x2);
          fn.vmul().set(x);
          fn.get(h).get(sp).add().get(x).store();
          fn.get(hseq).eqz().eqz().if(() => {
            // hseq + (((r0 + r) S + t) U + u) 4
            fn.get(hseq).get(r0).get(r).add().get(S).mul().get(t).add().get(U).mul().get(u).add()
              .i32(4).mul().add().set(hs);
            fn.get(hs).get(x).store();
          });
        });
      });
    });
  });
  return fn;
}

/** The assembled kernels of an instance over its own memory. */
export interface SimdKernels {
  readonly memory: WebAssembly.Memory;
  gemm(
    a: number,
    b: number,
    bias: number,
    c: number,
    M: number,
    K: number,
    N: number,
    ldb: number,
    relu: number,
  ): void;
  addRows(a: number, b: number, out: number, n: number, relu: number): void;
  anchor(
    slots: number,
    rowBytes: number,
    fOff: number,
    eOff: number,
    F: number,
    E: number,
    K: number,
    y: number,
    W: number,
    out: number,
    scales: number,
    scratch: number,
  ): void;
  lstm(
    p: number,
    wr: number,
    hseq: number,
    h: number,
    c: number,
    z: number,
    R: number,
    S: number,
    U: number,
  ): void;
}

let moduleCache: WebAssembly.Module | null = null;

/** The kernels' module binary (assembled once). */
export function simdKernelModule(): WebAssembly.Module {
  moduleCache ??= new WebAssembly.Module(
    assemble([gemmFn(), lstmFn(), addRowsFn(), anchorFn()]) as BufferSource,
  );
  return moduleCache;
}

/** A new instance of the kernels over a new memory of `pages` 64 KiB pages. */
export function createSimdKernels(pages = 16): SimdKernels {
  const memory = new WebAssembly.Memory({ initial: pages });
  const instance = new WebAssembly.Instance(simdKernelModule(), { env: { mem: memory } });
  const e = instance.exports as unknown as Omit<SimdKernels, "memory">;
  return { memory, gemm: e.gemm, lstm: e.lstm, addRows: e.addRows, anchor: e.anchor };
}
