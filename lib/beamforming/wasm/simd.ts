// @ts-nocheck AssemblyScript source (compiled by `deno task wasm`), not a Deno module.
// deno-lint-ignore-file
/**
 * WebAssembly SIMD (f64x2) versions of the hot kernels of `../kernels.ts` and
 * `../gains.ts`, for `simd.wasm`. Same formulas and loop structure as the JS kernels
 * (which stay the readable reference), double precision throughout; only the summation
 * order differs (two lanes, then the lanes added) and, in the loops with eight
 * accumulators (`gramUpperRows`, `powerGains`, `gramBlock`, the beams of `zfRows`, `Y` in
 * `sampleSpaceIterations`), the multiply-adds are `relaxed_madd` / `relaxed_nmadd` (relaxed SIMD: fused where the
 * CPU has FMA, as V8 does on x86-64 with FMA3, else a multiply and an add), so results
 * agree with the JS kernels to rounding, and are the same from run to run on one
 * machine. Kernels with fewer accumulators keep separate multiplies and adds: there two
 * dependent fused multiply-adds per step made the latency chain, and the call, slower
 * (measured: all kernels fused 5.5 ms per call, these four only 5.05 ms).
 *
 * Conventions: every pointer is a byte offset into the module's memory (the caller lays
 * out its buffers there), complex matrices are split real / imaginary `f64` arrays,
 * row-major; `i32` arrays hold element offsets. No allocation, no imports.
 */

// Second result of the complex dot products below (AssemblyScript has no tuples).
let dotIm: f64 = 0;

/** `sum_k a[k] conj(b[k])` over `len` entries; real part returned, imaginary in `dotIm`. */
function dotConj(ar: usize, ai: usize, br: usize, bi: usize, len: i32): f64 {
  let sr = f64x2.splat(0), si = f64x2.splat(0);
  let k = 0;
  for (; k + 1 < len; k += 2) {
    const o = <usize> k << 3;
    const xr = v128.load(ar + o), xi = v128.load(ai + o);
    const yr = v128.load(br + o), yi = v128.load(bi + o);
    // a conj(b) = (ar br + ai bi) + i (ai br - ar bi)
    sr = f64x2.add(sr, f64x2.add(f64x2.mul(xr, yr), f64x2.mul(xi, yi)));
    si = f64x2.add(si, f64x2.sub(f64x2.mul(xi, yr), f64x2.mul(xr, yi)));
  }
  let re = f64x2.extract_lane(sr, 0) + f64x2.extract_lane(sr, 1);
  let im = f64x2.extract_lane(si, 0) + f64x2.extract_lane(si, 1);
  if (k < len) {
    const o = <usize> k << 3;
    const xr = load<f64>(ar + o), xi = load<f64>(ai + o);
    const yr = load<f64>(br + o), yi = load<f64>(bi + o);
    re += xr * yr + xi * yi;
    im += xi * yr - xr * yi;
  }
  dotIm = im;
  return re;
}

/** `sum_k a[k] b[k]` (no conjugation) over `len` entries; imaginary part in `dotIm`. */
function dotPlain(ar: usize, ai: usize, br: usize, bi: usize, len: i32): f64 {
  let sr = f64x2.splat(0), si = f64x2.splat(0);
  let k = 0;
  for (; k + 1 < len; k += 2) {
    const o = <usize> k << 3;
    const xr = v128.load(ar + o), xi = v128.load(ai + o);
    const yr = v128.load(br + o), yi = v128.load(bi + o);
    sr = f64x2.add(sr, f64x2.sub(f64x2.mul(xr, yr), f64x2.mul(xi, yi)));
    si = f64x2.add(si, f64x2.add(f64x2.mul(xr, yi), f64x2.mul(xi, yr)));
  }
  let re = f64x2.extract_lane(sr, 0) + f64x2.extract_lane(sr, 1);
  let im = f64x2.extract_lane(si, 0) + f64x2.extract_lane(si, 1);
  if (k < len) {
    const o = <usize> k << 3;
    const xr = load<f64>(ar + o), xi = load<f64>(ai + o);
    const yr = load<f64>(br + o), yi = load<f64>(bi + o);
    re += xr * yr - xi * yi;
    im += xr * yi + xi * yr;
  }
  dotIm = im;
  return re;
}

/**
 * `B[p, q] += sum_r conj(X[r, p]) X[r, q]` for the upper triangle of `[Nt, Nt]` `B`, in
 * 2 x 4 blocks (entries below the diagonal inside a block are written too), over the
 * `count` rows of `X` that start at element offsets `offs[r]`. `nt % 4 == 0`.
 */
export function gramUpperRows(
  xr: usize,
  xi: usize,
  offs: usize,
  count: i32,
  nt: i32,
  br: usize,
  bi: usize,
): void {
  for (let p = 0; p < nt; p += 2) {
    const pb = <usize> p << 3;
    for (let q = p & ~3; q < nt; q += 4) {
      const qb = <usize> q << 3;
      let a0r = f64x2.splat(0), a0i = f64x2.splat(0), b0r = f64x2.splat(0), b0i = f64x2.splat(0);
      let a1r = f64x2.splat(0), a1i = f64x2.splat(0), b1r = f64x2.splat(0), b1i = f64x2.splat(0);
      for (let r = 0; r < count; r++) {
        const o = <usize> load<i32>(offs + (<usize> r << 2)) << 3;
        const rr = xr + o, ri = xi + o;
        const x0r = v128.load64_splat(rr + pb), x0i = v128.load64_splat(ri + pb);
        const x1r = v128.load64_splat(rr + pb, 8), x1i = v128.load64_splat(ri + pb, 8);
        const c0r = v128.load(rr + qb), c0i = v128.load(ri + qb);
        const c1r = v128.load(rr + qb, 16), c1i = v128.load(ri + qb, 16);
        // conj(x) c = (xr cr + xi ci) + i (xr ci - xi cr)
        a0r = f64x2.relaxed_madd(x0i, c0i, f64x2.relaxed_madd(x0r, c0r, a0r));
        a0i = f64x2.relaxed_nmadd(x0i, c0r, f64x2.relaxed_madd(x0r, c0i, a0i));
        b0r = f64x2.relaxed_madd(x0i, c1i, f64x2.relaxed_madd(x0r, c1r, b0r));
        b0i = f64x2.relaxed_nmadd(x0i, c1r, f64x2.relaxed_madd(x0r, c1i, b0i));
        a1r = f64x2.relaxed_madd(x1i, c0i, f64x2.relaxed_madd(x1r, c0r, a1r));
        a1i = f64x2.relaxed_nmadd(x1i, c0r, f64x2.relaxed_madd(x1r, c0i, a1i));
        b1r = f64x2.relaxed_madd(x1i, c1i, f64x2.relaxed_madd(x1r, c1r, b1r));
        b1i = f64x2.relaxed_nmadd(x1i, c1r, f64x2.relaxed_madd(x1r, c1i, b1i));
      }
      const o0 = (<usize> p * <usize> nt + <usize> q) << 3, o1 = o0 + (<usize> nt << 3);
      v128.store(br + o0, f64x2.add(v128.load(br + o0), a0r));
      v128.store(bi + o0, f64x2.add(v128.load(bi + o0), a0i));
      v128.store(br + o0, f64x2.add(v128.load(br + o0, 16), b0r), 16);
      v128.store(bi + o0, f64x2.add(v128.load(bi + o0, 16), b0i), 16);
      v128.store(br + o1, f64x2.add(v128.load(br + o1), a1r));
      v128.store(bi + o1, f64x2.add(v128.load(bi + o1), a1i));
      v128.store(br + o1, f64x2.add(v128.load(br + o1, 16), b1r), 16);
      v128.store(bi + o1, f64x2.add(v128.load(bi + o1, 16), b1i), 16);
    }
  }
}

/**
 * `out[r * cols + j] = |sum_q a[r, q] b[j, q]|^2` (no conjugation), `a` `[rows, n]`,
 * `b` `[cols, n]`, `out` row-major `f64`: 2 x 2 blocks of rows, vectorized along `q`.
 */
export function powerGains(
  ar: usize,
  ai: usize,
  rows: i32,
  br: usize,
  bi: usize,
  cols: i32,
  n: i32,
  out: usize,
): void {
  const rowBytes = <usize> n << 3;
  const n2 = n & ~1;
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const a0r = ar + <usize> r * rowBytes, a0i = ai + <usize> r * rowBytes;
    const a1r = a0r + rowBytes, a1i = a0i + rowBytes;
    let j = 0;
    for (; j + 1 < cols; j += 2) {
      const b0r = br + <usize> j * rowBytes, b0i = bi + <usize> j * rowBytes;
      const b1r = b0r + rowBytes, b1i = b0i + rowBytes;
      let s00r = f64x2.splat(0),
        s00i = f64x2.splat(0),
        s01r = f64x2.splat(0),
        s01i = f64x2.splat(0);
      let s10r = f64x2.splat(0),
        s10i = f64x2.splat(0),
        s11r = f64x2.splat(0),
        s11i = f64x2.splat(0);
      for (let q = 0; q < n2; q += 2) {
        const o = <usize> q << 3;
        const x0r = v128.load(a0r + o), x0i = v128.load(a0i + o);
        const x1r = v128.load(a1r + o), x1i = v128.load(a1i + o);
        const y0r = v128.load(b0r + o), y0i = v128.load(b0i + o);
        const y1r = v128.load(b1r + o), y1i = v128.load(b1i + o);
        s00r = f64x2.relaxed_nmadd(x0i, y0i, f64x2.relaxed_madd(x0r, y0r, s00r));
        s00i = f64x2.relaxed_madd(x0i, y0r, f64x2.relaxed_madd(x0r, y0i, s00i));
        s01r = f64x2.relaxed_nmadd(x0i, y1i, f64x2.relaxed_madd(x0r, y1r, s01r));
        s01i = f64x2.relaxed_madd(x0i, y1r, f64x2.relaxed_madd(x0r, y1i, s01i));
        s10r = f64x2.relaxed_nmadd(x1i, y0i, f64x2.relaxed_madd(x1r, y0r, s10r));
        s10i = f64x2.relaxed_madd(x1i, y0r, f64x2.relaxed_madd(x1r, y0i, s10i));
        s11r = f64x2.relaxed_nmadd(x1i, y1i, f64x2.relaxed_madd(x1r, y1r, s11r));
        s11i = f64x2.relaxed_madd(x1i, y1r, f64x2.relaxed_madd(x1r, y1i, s11i));
      }
      let t00r = f64x2.extract_lane(s00r, 0) + f64x2.extract_lane(s00r, 1);
      let t00i = f64x2.extract_lane(s00i, 0) + f64x2.extract_lane(s00i, 1);
      let t01r = f64x2.extract_lane(s01r, 0) + f64x2.extract_lane(s01r, 1);
      let t01i = f64x2.extract_lane(s01i, 0) + f64x2.extract_lane(s01i, 1);
      let t10r = f64x2.extract_lane(s10r, 0) + f64x2.extract_lane(s10r, 1);
      let t10i = f64x2.extract_lane(s10i, 0) + f64x2.extract_lane(s10i, 1);
      let t11r = f64x2.extract_lane(s11r, 0) + f64x2.extract_lane(s11r, 1);
      let t11i = f64x2.extract_lane(s11i, 0) + f64x2.extract_lane(s11i, 1);
      if (n2 < n) {
        const o = <usize> n2 << 3;
        const x0r = load<f64>(a0r + o), x0i = load<f64>(a0i + o);
        const x1r = load<f64>(a1r + o), x1i = load<f64>(a1i + o);
        const y0r = load<f64>(b0r + o), y0i = load<f64>(b0i + o);
        const y1r = load<f64>(b1r + o), y1i = load<f64>(b1i + o);
        t00r += x0r * y0r - x0i * y0i;
        t00i += x0r * y0i + x0i * y0r;
        t01r += x0r * y1r - x0i * y1i;
        t01i += x0r * y1i + x0i * y1r;
        t10r += x1r * y0r - x1i * y0i;
        t10i += x1r * y0i + x1i * y0r;
        t11r += x1r * y1r - x1i * y1i;
        t11i += x1r * y1i + x1i * y1r;
      }
      const o0 = out + ((<usize> r * <usize> cols + <usize> j) << 3);
      const o1 = o0 + (<usize> cols << 3);
      store<f64>(o0, t00r * t00r + t00i * t00i);
      store<f64>(o0, t01r * t01r + t01i * t01i, 8);
      store<f64>(o1, t10r * t10r + t10i * t10i);
      store<f64>(o1, t11r * t11r + t11i * t11i, 8);
    }
    for (; j < cols; j++) {
      const b0r = br + <usize> j * rowBytes, b0i = bi + <usize> j * rowBytes;
      let sr = dotPlain(a0r, a0i, b0r, b0i, n), si = dotIm;
      store<f64>(out + ((<usize> r * <usize> cols + <usize> j) << 3), sr * sr + si * si);
      sr = dotPlain(a1r, a1i, b0r, b0i, n);
      si = dotIm;
      store<f64>(out + ((<usize> (r + 1) * <usize> cols + <usize> j) << 3), sr * sr + si * si);
    }
  }
  for (; r < rows; r++) {
    const a0r = ar + <usize> r * rowBytes, a0i = ai + <usize> r * rowBytes;
    for (let j = 0; j < cols; j++) {
      const sr = dotPlain(a0r, a0i, br + <usize> j * rowBytes, bi + <usize> j * rowBytes, n);
      const si = dotIm;
      store<f64>(out + ((<usize> r * <usize> cols + <usize> j) << 3), sr * sr + si * si);
    }
  }
}

/**
 * In-place Cholesky `A = L L^H` of the Hermitian positive-definite `[n, n]` matrix
 * (lower triangle used and overwritten; strict upper triangle zeroed). Returns the index
 * of the first non-positive pivot, or -1 on success.
 */
export function cholesky(ar: usize, ai: usize, n: i32): i32 {
  const rowBytes = <usize> n << 3;
  for (let j = 0; j < n; j++) {
    const oj = <usize> j * rowBytes;
    const jj = oj + (<usize> j << 3);
    let d = load<f64>(ar + jj) - dotConj(ar + oj, ai + oj, ar + oj, ai + oj, j);
    if (!(d > 0)) return j;
    const ljj = Math.sqrt(d), inv = 1 / ljj;
    store<f64>(ar + jj, ljj);
    store<f64>(ai + jj, 0);
    for (let i = j + 1; i < n; i++) {
      const oi = <usize> i * rowBytes;
      // L[i, j] = (A[i, j] - sum_k L[i, k] conj(L[j, k])) / L[j, j]
      const sr = dotConj(ar + oi, ai + oi, ar + oj, ai + oj, j), si = dotIm;
      const ij = oi + (<usize> j << 3);
      store<f64>(ar + ij, (load<f64>(ar + ij) - sr) * inv);
      store<f64>(ai + ij, (load<f64>(ai + ij) - si) * inv);
    }
    for (let q = j + 1; q < n; q++) {
      store<f64>(ar + oj + (<usize> q << 3), 0);
      store<f64>(ai + oj + (<usize> q << 3), 0);
    }
  }
  return -1;
}

/** `U = L^H` (row-major upper triangle; below it zero) of the lower-triangular `[n, n]` `L`. */
function conjugateTranspose(lr: usize, li: usize, ur: usize, ui: usize, n: i32): void {
  const rowBytes = <usize> n << 3;
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      const o = <usize> p * rowBytes + (<usize> q << 3);
      if (q < p) {
        store<f64>(ur + o, 0);
        store<f64>(ui + o, 0);
      } else {
        const t = <usize> q * rowBytes + (<usize> p << 3);
        store<f64>(ur + o, load<f64>(lr + t));
        store<f64>(ui + o, -load<f64>(li + t));
      }
    }
  }
}

/** `y = L^-1 x` (lower-triangular `[n, n]` `L`; in place allowed), `y` zero below `start` where `x` is. */
function forwardSolve(
  lr: usize,
  li: usize,
  xr: usize,
  xi: usize,
  yr: usize,
  yi: usize,
  n: i32,
  start: i32,
): void {
  const rowBytes = <usize> n << 3;
  const sb = <usize> start << 3;
  for (let i = start; i < n; i++) {
    const o = <usize> i * rowBytes;
    const sr = dotPlain(lr + o + sb, li + o + sb, yr + sb, yi + sb, i - start), si = dotIm;
    const ib = <usize> i << 3;
    const d = load<f64>(lr + o + ib);
    store<f64>(yr + ib, (load<f64>(xr + ib) - sr) / d);
    store<f64>(yi + ib, (load<f64>(xi + ib) - si) / d);
  }
}

/** `x = U^-1 y` for upper-triangular `U = L^H` (in place allowed). */
function backwardSolve(
  ur: usize,
  ui: usize,
  yr: usize,
  yi: usize,
  xr: usize,
  xi: usize,
  n: i32,
): void {
  const rowBytes = <usize> n << 3;
  for (let i = n - 1; i >= 0; i--) {
    const o = <usize> i * rowBytes, next = <usize> (i + 1) << 3;
    const sr = dotPlain(ur + o + next, ui + o + next, xr + next, xi + next, n - 1 - i), si = dotIm;
    const ib = <usize> i << 3;
    const d = load<f64>(ur + o + ib);
    store<f64>(xr + ib, (load<f64>(yr + ib) - sr) / d);
    store<f64>(xi + ib, (load<f64>(yi + ib) - si) / d);
  }
}

/** Scales `[n]` `x` to unit norm (unless zero); returns its norm before. */
function normalize(xr: usize, xi: usize, n: i32): f64 {
  let n2: f64 = 0;
  for (let q = 0; q < n; q++) {
    const a = load<f64>(xr + (<usize> q << 3)), b = load<f64>(xi + (<usize> q << 3));
    n2 += a * a + b * b;
  }
  const norm = Math.sqrt(n2);
  if (norm > 0) {
    for (let q = 0; q < n; q++) {
      const o = <usize> q << 3;
      store<f64>(xr + o, load<f64>(xr + o) / norm);
      store<f64>(xi + o, load<f64>(xi + o) / norm);
    }
  }
  return norm;
}

// The four entries of the last gramBlock (row i0: j0, j1; row i1: j0, j1).
let blockRe0: f64 = 0, blockIm0: f64 = 0, blockRe1: f64 = 0, blockIm1: f64 = 0;
let blockRe2: f64 = 0, blockIm2: f64 = 0, blockRe3: f64 = 0, blockIm3: f64 = 0;

/** `a conj(c)` dot products of rows (byte offsets) `i0, i1` with `j0, j1` of `h`, `nt` even or not. */
function gramBlock(
  hr: usize,
  hi: usize,
  i0: usize,
  i1: usize,
  j0: usize,
  j1: usize,
  nt: i32,
): void {
  let s00r = f64x2.splat(0), s00i = f64x2.splat(0), s01r = f64x2.splat(0), s01i = f64x2.splat(0);
  let s10r = f64x2.splat(0), s10i = f64x2.splat(0), s11r = f64x2.splat(0), s11i = f64x2.splat(0);
  const nt2 = nt & ~1;
  for (let q = 0; q < nt2; q += 2) {
    const o = <usize> q << 3;
    const a0r = v128.load(hr + i0 + o), a0i = v128.load(hi + i0 + o);
    const a1r = v128.load(hr + i1 + o), a1i = v128.load(hi + i1 + o);
    const c0r = v128.load(hr + j0 + o), c0i = v128.load(hi + j0 + o);
    const c1r = v128.load(hr + j1 + o), c1i = v128.load(hi + j1 + o);
    // a conj(c) = (ar cr + ai ci) + i (ai cr - ar ci)
    s00r = f64x2.relaxed_madd(a0i, c0i, f64x2.relaxed_madd(a0r, c0r, s00r));
    s00i = f64x2.relaxed_nmadd(a0r, c0i, f64x2.relaxed_madd(a0i, c0r, s00i));
    s01r = f64x2.relaxed_madd(a0i, c1i, f64x2.relaxed_madd(a0r, c1r, s01r));
    s01i = f64x2.relaxed_nmadd(a0r, c1i, f64x2.relaxed_madd(a0i, c1r, s01i));
    s10r = f64x2.relaxed_madd(a1i, c0i, f64x2.relaxed_madd(a1r, c0r, s10r));
    s10i = f64x2.relaxed_nmadd(a1r, c0i, f64x2.relaxed_madd(a1i, c0r, s10i));
    s11r = f64x2.relaxed_madd(a1i, c1i, f64x2.relaxed_madd(a1r, c1r, s11r));
    s11i = f64x2.relaxed_nmadd(a1r, c1i, f64x2.relaxed_madd(a1i, c1r, s11i));
  }
  blockRe0 = f64x2.extract_lane(s00r, 0) + f64x2.extract_lane(s00r, 1);
  blockIm0 = f64x2.extract_lane(s00i, 0) + f64x2.extract_lane(s00i, 1);
  blockRe1 = f64x2.extract_lane(s01r, 0) + f64x2.extract_lane(s01r, 1);
  blockIm1 = f64x2.extract_lane(s01i, 0) + f64x2.extract_lane(s01i, 1);
  blockRe2 = f64x2.extract_lane(s10r, 0) + f64x2.extract_lane(s10r, 1);
  blockIm2 = f64x2.extract_lane(s10i, 0) + f64x2.extract_lane(s10i, 1);
  blockRe3 = f64x2.extract_lane(s11r, 0) + f64x2.extract_lane(s11r, 1);
  blockIm3 = f64x2.extract_lane(s11i, 0) + f64x2.extract_lane(s11i, 1);
  if (nt2 < nt) {
    const o = <usize> nt2 << 3;
    const a0r = load<f64>(hr + i0 + o), a0i = load<f64>(hi + i0 + o);
    const a1r = load<f64>(hr + i1 + o), a1i = load<f64>(hi + i1 + o);
    const c0r = load<f64>(hr + j0 + o), c0i = load<f64>(hi + j0 + o);
    const c1r = load<f64>(hr + j1 + o), c1i = load<f64>(hi + j1 + o);
    blockRe0 += a0r * c0r + a0i * c0i;
    blockIm0 += a0i * c0r - a0r * c0i;
    blockRe1 += a0r * c1r + a0i * c1i;
    blockIm1 += a0i * c1r - a0r * c1i;
    blockRe2 += a1r * c0r + a1i * c0i;
    blockIm2 += a1i * c0r - a1r * c0i;
    blockRe3 += a1r * c1r + a1i * c1i;
    blockIm3 += a1i * c1r - a1r * c1i;
  }
}

/**
 * In place, for the `cols` (multiple of 4) columns of `z` (`[n, cols]`), with the
 * lower-triangular `L` (`[n, n]`): `z = L^-1 z` (`upper` false), or `z = L^-H z` (`upper`
 * true, reading `L` by columns); four columns at a time, the sum over the solved rows
 * kept in registers. Forward only: the rows of the columns `4 j .. 4 j + 3` above
 * `first[j]` (i32) are zero and stay zero, so they are skipped.
 */
function solveColumns(
  lr: usize,
  li: usize,
  zr: usize,
  zi: usize,
  n: i32,
  cols: i32,
  upper: bool,
  first: usize,
): void {
  const rowBytes = <usize> n << 3, colBytes = <usize> cols << 3;
  for (let step = 0; step < n; step++) {
    const r = upper ? n - 1 - step : step;
    const zo = <usize> r * colBytes, rb = <usize> r << 3;
    const d = f64x2.splat(1 / load<f64>(lr + <usize> r * rowBytes + rb));
    for (let c = 0; c < cols; c += 4) {
      const skip = upper ? 0 : load<i32>(first + (<usize> (c >> 2) << 2));
      if (r < skip) continue;
      const cb = <usize> c << 3;
      let a0r = v128.load(zr + zo + cb), a0i = v128.load(zi + zo + cb);
      let a1r = v128.load(zr + zo + cb, 16), a1i = v128.load(zi + zo + cb, 16);
      if (upper) {
        for (let m = r + 1; m < n; m++) {
          // z_r -= conj(L[m, r]) z_m
          const lo = <usize> m * rowBytes + rb;
          const cr = v128.load64_splat(lr + lo), ci = v128.load64_splat(li + lo);
          const om = <usize> m * colBytes + cb;
          const b0r = v128.load(zr + om), b0i = v128.load(zi + om);
          const b1r = v128.load(zr + om, 16), b1i = v128.load(zi + om, 16);
          a0r = f64x2.sub(a0r, f64x2.add(f64x2.mul(cr, b0r), f64x2.mul(ci, b0i)));
          a0i = f64x2.sub(a0i, f64x2.sub(f64x2.mul(cr, b0i), f64x2.mul(ci, b0r)));
          a1r = f64x2.sub(a1r, f64x2.add(f64x2.mul(cr, b1r), f64x2.mul(ci, b1i)));
          a1i = f64x2.sub(a1i, f64x2.sub(f64x2.mul(cr, b1i), f64x2.mul(ci, b1r)));
        }
      } else {
        const lo = <usize> r * rowBytes;
        for (let m = skip; m < r; m++) {
          // z_r -= L[r, m] z_m
          const cr = v128.load64_splat(lr + lo + (<usize> m << 3));
          const ci = v128.load64_splat(li + lo + (<usize> m << 3));
          const om = <usize> m * colBytes + cb;
          const b0r = v128.load(zr + om), b0i = v128.load(zi + om);
          const b1r = v128.load(zr + om, 16), b1i = v128.load(zi + om, 16);
          a0r = f64x2.sub(a0r, f64x2.sub(f64x2.mul(cr, b0r), f64x2.mul(ci, b0i)));
          a0i = f64x2.sub(a0i, f64x2.add(f64x2.mul(cr, b0i), f64x2.mul(ci, b0r)));
          a1r = f64x2.sub(a1r, f64x2.sub(f64x2.mul(cr, b1r), f64x2.mul(ci, b1i)));
          a1i = f64x2.sub(a1i, f64x2.add(f64x2.mul(cr, b1i), f64x2.mul(ci, b1r)));
        }
      }
      v128.store(zr + zo + cb, f64x2.mul(a0r, d));
      v128.store(zi + zo + cb, f64x2.mul(a0i, d));
      v128.store(zr + zo + cb, f64x2.mul(a1r, d), 16);
      v128.store(zi + zo + cb, f64x2.mul(a1i, d), 16);
    }
  }
}

/**
 * `zfRowsInto` of `../kernels.ts`: unit-norm coordinated ZF beam rows of one AP from its
 * channel `h` `[k, nt]`, written to rows `outRow0 + i * outStride` of `out` `[*, nt]`.
 * `served` (i32, `kb` entries, ascending) lists the served UEs. `work` needs
 * `(2 n^2 + 2 kbp n) * 8 + (n + kbp / 4) * 4` bytes (`n = k` when `k <= nt`, else `kb`;
 * `kbp` is `kb` rounded up to a multiple of 4). Returns -1, or the failing Cholesky
 * pivot.
 */
export function zfRows(
  hr: usize,
  hi: usize,
  k: i32,
  nt: i32,
  served: usize,
  kb: i32,
  relativeRegularization: f64,
  outRe: usize,
  outIm: usize,
  outRow0: i32,
  outStride: i32,
  work: usize,
): i32 {
  if (kb == 0) return -1;
  const network = k <= nt;
  const n = network ? k : kb;
  const nb = <usize> n << 3, nn = <usize> n * nb;
  const gr = work, gi = gr + nn;
  const kbp = (kb + 3) & ~3, kbpBytes = <usize> kbp << 3;
  const xr = gi + nn, xi = xr + <usize> n * kbpBytes;
  const rowOf = xi + <usize> n * kbpBytes;
  const rowBytes = <usize> nt << 3;
  for (let i = 0; i < n; i++) {
    store<i32>(rowOf + (<usize> i << 2), network ? i : load<i32>(served + (<usize> i << 2)));
  }
  // Gram G[i, j] = H[i] . conj(H[j]), lower triangle, 2 x 2 blocks (the block on the
  // diagonal is written in full).
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const oi0 = <usize> load<i32>(rowOf + (<usize> i << 2)) * rowBytes;
    const oi1 = <usize> load<i32>(rowOf + (<usize> (i + 1) << 2)) * rowBytes;
    for (let j = 0; j <= i; j += 2) {
      const oj0 = <usize> load<i32>(rowOf + (<usize> j << 2)) * rowBytes;
      const oj1 = <usize> load<i32>(rowOf + (<usize> (j + 1) << 2)) * rowBytes;
      gramBlock(hr, hi, oi0, oi1, oj0, oj1, nt);
      const o0 = <usize> i * nb + (<usize> j << 3), o1 = o0 + nb;
      store<f64>(gr + o0, blockRe0);
      store<f64>(gi + o0, blockIm0);
      store<f64>(gr + o0, blockRe1, 8);
      store<f64>(gi + o0, blockIm1, 8);
      store<f64>(gr + o1, blockRe2);
      store<f64>(gi + o1, blockIm2);
      store<f64>(gr + o1, blockRe3, 8);
      store<f64>(gi + o1, blockIm3, 8);
    }
  }
  if (i < n) {
    const oi = <usize> load<i32>(rowOf + (<usize> i << 2)) * rowBytes;
    for (let j = 0; j <= i; j++) {
      const oj = <usize> load<i32>(rowOf + (<usize> j << 2)) * rowBytes;
      const sr = dotConj(hr + oi, hi + oi, hr + oj, hi + oj, nt);
      const o = <usize> i * nb + (<usize> j << 3);
      store<f64>(gr + o, sr);
      store<f64>(gi + o, dotIm);
    }
  }
  let trace: f64 = 0;
  for (let d = 0; d < n; d++) trace += load<f64>(gr + <usize> d * nb + (<usize> d << 3));
  const delta = relativeRegularization * (trace / <f64> n) + (trace == 0 ? 5e-324 : 0);
  for (let d = 0; d < n; d++) {
    const o = <usize> d * nb + (<usize> d << 3);
    store<f64>(gr + o, load<f64>(gr + o) + delta);
    store<f64>(gi + o, 0);
  }
  const pivot = cholesky(gr, gi, n);
  if (pivot >= 0) return pivot;
  // X = G^-1 E, E's column c = e_{row of served UE c}: [n, kbp], all columns at once
  // (columns kb .. kbp are zero).
  memory.fill(xr, 0, <usize> n * kbpBytes);
  memory.fill(xi, 0, <usize> n * kbpBytes);
  for (let c = 0; c < kb; c++) {
    const start = network ? load<i32>(served + (<usize> c << 2)) : c;
    store<f64>(xr + <usize> start * kbpBytes + (<usize> c << 3), 1);
  }
  // the first row that can be nonzero in each block of four columns (starts ascend)
  const first = rowOf + (<usize> n << 2);
  for (let c = 0; c < kbp; c += 4) {
    store<i32>(
      first + (<usize> (c >> 2) << 2),
      c < kb ? (network ? load<i32>(served + (<usize> c << 2)) : c) : n,
    );
  }
  solveColumns(gr, gi, xr, xi, n, kbp, false, first);
  solveColumns(gr, gi, xr, xi, n, kbp, true, first);
  // w_c = H^H x_c: W[c, q] = sum_r conj(H[r, q]) X[c, r], in blocks of 2 UEs c x 4
  // antennas q with the rows r inside (an odd last UE is computed twice, stored once).
  const invSqrtNt = 1 / Math.sqrt(<f64> nt);
  const nt4 = nt & ~3;
  for (let c = 0; c < kb; c += 2) {
    const c1 = c + 1 < kb ? c + 1 : c;
    const ox0 = <usize> c << 3, ox1 = <usize> c1 << 3;
    const w0 = <usize> (outRow0 + c * outStride) * rowBytes;
    const w1 = <usize> (outRow0 + c1 * outStride) * rowBytes;
    for (let q = 0; q < nt4; q += 4) {
      const qb = <usize> q << 3;
      let a0r = f64x2.splat(0), a0i = f64x2.splat(0), b0r = f64x2.splat(0), b0i = f64x2.splat(0);
      let a1r = f64x2.splat(0), a1i = f64x2.splat(0), b1r = f64x2.splat(0), b1i = f64x2.splat(0);
      for (let r = 0; r < n; r++) {
        const h = <usize> load<i32>(rowOf + (<usize> r << 2)) * rowBytes + qb;
        const rb = <usize> r * kbpBytes;
        const h0r = v128.load(hr + h), h0i = v128.load(hi + h);
        const h1r = v128.load(hr + h, 16), h1i = v128.load(hi + h, 16);
        const x0r = v128.load64_splat(xr + ox0 + rb), x0i = v128.load64_splat(xi + ox0 + rb);
        const x1r = v128.load64_splat(xr + ox1 + rb), x1i = v128.load64_splat(xi + ox1 + rb);
        // conj(h) x = (hr xr + hi xi) + i (hr xi - hi xr)
        a0r = f64x2.relaxed_madd(h0i, x0i, f64x2.relaxed_madd(h0r, x0r, a0r));
        a0i = f64x2.relaxed_nmadd(h0i, x0r, f64x2.relaxed_madd(h0r, x0i, a0i));
        b0r = f64x2.relaxed_madd(h1i, x0i, f64x2.relaxed_madd(h1r, x0r, b0r));
        b0i = f64x2.relaxed_nmadd(h1i, x0r, f64x2.relaxed_madd(h1r, x0i, b0i));
        a1r = f64x2.relaxed_madd(h0i, x1i, f64x2.relaxed_madd(h0r, x1r, a1r));
        a1i = f64x2.relaxed_nmadd(h0i, x1r, f64x2.relaxed_madd(h0r, x1i, a1i));
        b1r = f64x2.relaxed_madd(h1i, x1i, f64x2.relaxed_madd(h1r, x1r, b1r));
        b1i = f64x2.relaxed_nmadd(h1i, x1r, f64x2.relaxed_madd(h1r, x1i, b1i));
      }
      v128.store(outRe + w1 + qb, a1r);
      v128.store(outIm + w1 + qb, a1i);
      v128.store(outRe + w1 + qb, b1r, 16);
      v128.store(outIm + w1 + qb, b1i, 16);
      v128.store(outRe + w0 + qb, a0r);
      v128.store(outIm + w0 + qb, a0i);
      v128.store(outRe + w0 + qb, b0r, 16);
      v128.store(outIm + w0 + qb, b0i, 16);
    }
    for (let q = nt4; q < nt; q++) {
      const qb = <usize> q << 3;
      let s0r: f64 = 0, s0i: f64 = 0, s1r: f64 = 0, s1i: f64 = 0;
      for (let r = 0; r < n; r++) {
        const h = <usize> load<i32>(rowOf + (<usize> r << 2)) * rowBytes + qb;
        const rb = <usize> r * kbpBytes;
        const ar = load<f64>(hr + h), ai = load<f64>(hi + h);
        const x0r = load<f64>(xr + ox0 + rb), x0i = load<f64>(xi + ox0 + rb);
        const x1r = load<f64>(xr + ox1 + rb), x1i = load<f64>(xi + ox1 + rb);
        s0r += ar * x0r + ai * x0i;
        s0i += ar * x0i - ai * x0r;
        s1r += ar * x1r + ai * x1i;
        s1i += ar * x1i - ai * x1r;
      }
      store<f64>(outRe + w1 + qb, s1r);
      store<f64>(outIm + w1 + qb, s1i);
      store<f64>(outRe + w0 + qb, s0r);
      store<f64>(outIm + w0 + qb, s0i);
    }
  }
  for (let c = 0; c < kb; c++) {
    const o = <usize> (outRow0 + c * outStride) * rowBytes;
    const wr = outRe + o, wi = outIm + o;
    let norm2: f64 = 0;
    for (let q = 0; q < nt; q++) {
      const a = load<f64>(wr + (<usize> q << 3)), b = load<f64>(wi + (<usize> q << 3));
      norm2 += a * a + b * b;
    }
    if (norm2 > 0 && isFinite(norm2)) {
      const s = 1 / Math.sqrt(norm2);
      for (let q = 0; q < nt; q++) {
        const qb = <usize> q << 3;
        store<f64>(wr + qb, load<f64>(wr + qb) * s);
        store<f64>(wi + qb, load<f64>(wi + qb) * s);
      }
    } else {
      for (let q = 0; q < nt; q++) {
        store<f64>(wr + (<usize> q << 3), invSqrtNt);
        store<f64>(wi + (<usize> q << 3), 0);
      }
    }
  }
  return -1;
}

/**
 * `slnrRowsFromGrams` of `../kernels.ts` (same steps and iterates): the max-SLNR beams of
 * one AP's `kb` served UEs from the leakage Gram `g` `[nt, nt]` (upper triangle;
 * overwritten by the Cholesky factor), the UEs' own Grams `R_i` (upper triangle, at
 * `ue + i nt^2`; mirrored in place) and sample-mean rows (at `mean + i nt`). Beam rows
 * land in rows `outRow0 + i * outStride` of `out`. Returns -1, or the failing Cholesky
 * pivot.
 *
 * Sample space: UE i's `S = sCount` samples are rows `rowStart[i] .. + S` of `x`
 * (`[*, nt]`, rows `h^H`). A UE whose power iteration is predicted to need more than
 * `switchCost` further iterations (the cost of the move in iterations; `+inf`: never)
 * continues in the span of its samples. The prediction, after each iteration from the
 * second on: the relative change `d` of the Rayleigh quotient shrinks by the ratio `r` of
 * its last two values (the first change, from 0, counts as 1) per iteration, so
 * `log(tolerance / d) / log(r)` more are needed (all that are left when `r >= 1`). (From
 * the third on instead: 3.5 % slower per call on i.i.d. scenarios, the same on
 * correlated ones and on the decision's.) In the span of the samples:
 * with `Y = X L^-H` (`[S, nt]`) its operator is `C = Y^H Y`, every iterate is
 * `v = Y^H u`, and one step is `u <- Q u / sqrt(u^H Q^3 u)` with the `[S, S]`
 * `Q = Y Y^H` (Rayleigh quotient `|Q u|^2`), `S^2` instead of `2 nt^2`; the beam is
 * `B^-1 X^H u`. The same iterates as the loop in `nt` dimensions, up to rounding.
 *
 * `work` needs `(2 nt^2 + 6 nt + 2 nt sp + 2 sp^2 + 6 sp) * 8 + nt * 4` bytes,
 * `sp = S` rounded up to a multiple of 4.
 *
 * `matrixFree`: `g` is already the Gram of all UEs (the `R_i` are neither read nor added)
 * and `R_i w` is computed from the samples as `X^H (X w)` (`2 S nt` instead of `nt^2`).
 */
export function slnrRows(
  gr: usize,
  gi: usize,
  ueRe: usize,
  ueIm: usize,
  meanRe: usize,
  meanIm: usize,
  kb: i32,
  nt: i32,
  invS: f64,
  ratio: f64,
  maxIterations: i32,
  tolerance: f64,
  outRe: usize,
  outIm: usize,
  outRow0: i32,
  outStride: i32,
  xRe: usize,
  xIm: usize,
  rowStart: usize,
  sCount: i32,
  switchCost: f64,
  matrixFree: bool,
  work: usize,
): i32 {
  if (kb == 0) return -1;
  const rowBytes = <usize> nt << 3, nn = <usize> nt * rowBytes;
  // 1. G += R_i (upper triangle), R_i mirrored to full with a real diagonal (matrix-free:
  // G already holds every UE's rows and the R_i are not used).
  let withUeGrams = kb;
  if (matrixFree) withUeGrams = 0;
  for (let i = 0; i < withUeGrams; i++) {
    const rr = ueRe + <usize> i * nn, ri = ueIm + <usize> i * nn;
    for (let p = 0; p < nt; p++) {
      for (let q = p; q < nt; q++) {
        const o = <usize> p * rowBytes + (<usize> q << 3);
        store<f64>(gr + o, load<f64>(gr + o) + load<f64>(rr + o));
        store<f64>(gi + o, load<f64>(gi + o) + load<f64>(ri + o));
      }
      for (let q = p + 1; q < nt; q++) {
        const o = <usize> p * rowBytes + (<usize> q << 3);
        const t = <usize> q * rowBytes + (<usize> p << 3);
        store<f64>(rr + t, load<f64>(rr + o));
        store<f64>(ri + t, -load<f64>(ri + o));
      }
      store<f64>(ri + <usize> p * rowBytes + (<usize> p << 3), 0);
    }
  }
  // 2. B = G / S + ratio I (lower triangle from the upper), B = L L^H, U = L^H.
  for (let p = 0; p < nt; p++) {
    for (let q = p + 1; q < nt; q++) {
      const o = <usize> p * rowBytes + (<usize> q << 3);
      const t = <usize> q * rowBytes + (<usize> p << 3);
      store<f64>(gr + t, load<f64>(gr + o) * invS);
      store<f64>(gi + t, -load<f64>(gi + o) * invS);
    }
    const d = <usize> p * rowBytes + (<usize> p << 3);
    store<f64>(gr + d, load<f64>(gr + d) * invS + ratio);
    store<f64>(gi + d, 0);
  }
  const pivot = cholesky(gr, gi, nt);
  if (pivot >= 0) return pivot;
  const ur = work, ui = ur + nn;
  conjugateTranspose(gr, gi, ur, ui, nt);
  const vr = ui + nn, vi = vr + rowBytes, wr = vi + rowBytes, wi = wr + rowBytes;
  const zr = wi + rowBytes, zi = zr + rowBytes;
  const sample = zi + rowBytes;
  // 3. Per UE the power iteration on L^-1 R_i L^-H from L^-1 mean_i^H.
  for (let i = 0; i < kb; i++) {
    const rr = ueRe + <usize> i * nn, ri = ueIm + <usize> i * nn;
    const mr = meanRe + <usize> i * rowBytes, mi = meanIm + <usize> i * rowBytes;
    for (let q = 0; q < nt; q++) {
      const o = <usize> q << 3;
      store<f64>(zr + o, load<f64>(mr + o));
      store<f64>(zi + o, -load<f64>(mi + o));
    }
    forwardSolve(gr, gi, zr, zi, vr, vi, nt, 0);
    if (normalize(vr, vi, nt) == 0) {
      for (let q = 0; q < nt; q++) {
        store<f64>(vr + (<usize> q << 3), 1);
        store<f64>(vi + (<usize> q << 3), 0);
      }
      normalize(vr, vi, nt);
    }
    let lambda: f64 = 0, change: f64 = 1;
    let inSampleSpace = false, switchNow = false;
    for (let it = 0; it < maxIterations; it++) {
      if (switchNow) {
        const xo = <usize> load<i32>(rowStart + (<usize> i << 2)) * rowBytes;
        sampleSpaceIterations(
          gr,
          gi,
          ur,
          ui,
          xRe + xo,
          xIm + xo,
          sCount,
          nt,
          vr,
          vi,
          wr,
          wi,
          lambda,
          maxIterations - it,
          tolerance,
          sample,
        );
        inSampleSpace = true;
        break;
      }
      backwardSolve(ur, ui, vr, vi, wr, wi, nt);
      if (matrixFree) {
        const xo = <usize> load<i32>(rowStart + (<usize> i << 2)) * rowBytes;
        samplesProduct(xRe + xo, xIm + xo, sCount, nt, wr, wi, zr, zi, sample);
      } else {
        for (let p = 0; p < nt; p++) {
          const o = <usize> p * rowBytes;
          const sr = dotPlain(rr + o, ri + o, wr, wi, nt);
          store<f64>(zr + (<usize> p << 3), sr);
          store<f64>(zi + (<usize> p << 3), dotIm);
        }
      }
      forwardSolve(gr, gi, zr, zi, zr, zi, nt, 0);
      // Rayleigh quotient v^H C v with ||v|| = 1.
      let rq: f64 = 0;
      for (let q = 0; q < nt; q++) {
        const o = <usize> q << 3;
        rq += load<f64>(vr + o) * load<f64>(zr + o) + load<f64>(vi + o) * load<f64>(zi + o);
      }
      if (normalize(zr, zi, nt) == 0) break;
      memory.copy(vr, zr, rowBytes);
      memory.copy(vi, zi, rowBytes);
      const done = Math.abs(rq - lambda) <= tolerance * Math.abs(rq);
      if (done) break;
      const next = Math.abs(rq - lambda) / Math.abs(rq);
      lambda = rq;
      if (it >= 1) {
        const left = <f64> (maxIterations - it - 1);
        const rate = next / change;
        const needed = rate < 1 && next > 0 ? Math.log(tolerance / next) / Math.log(rate) : left;
        switchNow = Math.min(needed, left) > switchCost;
      }
      change = next;
    }
    if (!inSampleSpace) backwardSolve(ur, ui, vr, vi, wr, wi, nt);
    normalize(wr, wi, nt);
    const o = <usize> (outRow0 + i * outStride) * rowBytes;
    memory.copy(outRe + o, wr, rowBytes);
    memory.copy(outIm + o, wi, rowBytes);
  }
  return -1;
}

/**
 * The rest of one UE's power iteration in the span of its `S` samples `x` (`[S, nt]`,
 * contiguous), from the unit iterate `v` after some iterations in `nt` dimensions with
 * Rayleigh quotient `lambda`, at most `iterations` more; leaves the beam `L^-H v`
 * (not normalized) in `w`. See {@link slnrRows}.
 */
function sampleSpaceIterations(
  lr: usize,
  li: usize,
  ur: usize,
  ui: usize,
  xr: usize,
  xi: usize,
  s: i32,
  nt: i32,
  vr: usize,
  vi: usize,
  wr: usize,
  wi: usize,
  lambda: f64,
  iterations: i32,
  tolerance: f64,
  work: usize,
): void {
  const sp = (s + 3) & ~3;
  const rowBytes = <usize> nt << 3, spBytes = <usize> sp << 3;
  const yr = work, yi = yr + <usize> nt * spBytes; // Y^H, [nt, sp]
  const qr = yi + <usize> nt * spBytes, qi = qr + <usize> sp * spBytes; // Q, [sp, sp]
  const ar = qi + <usize> sp * spBytes, ai = ar + spBytes; // u
  const tr = ai + spBytes, ti = tr + spBytes; // t
  const pr = ti + spBytes, pi = pr + spBytes; // Q t
  const offs = pi + spBytes; // i32 [nt]
  // This iteration's first half in nt dimensions: w = L^-H v, t = X w (= Y v).
  backwardSolve(ur, ui, vr, vi, wr, wi, nt);
  for (let j = 0; j < sp; j++) {
    const jb = <usize> j << 3;
    if (j < s) {
      const o = <usize> j * rowBytes;
      store<f64>(tr + jb, dotPlain(xr + o, xi + o, wr, wi, nt));
      store<f64>(ti + jb, dotIm);
    } else {
      store<f64>(tr + jb, 0);
      store<f64>(ti + jb, 0);
    }
  }
  // Y^H = L^-1 X^H: column j is L^-1 h_j (h_j = conj of sample row j); forward
  // substitution on all columns at once, row i of Y^H minus L[i, m] times row m.
  for (let q = 0; q < nt; q++) {
    const o = <usize> q * spBytes;
    for (let j = 0; j < sp; j++) {
      const jb = <usize> j << 3;
      if (j < s) {
        const xo = <usize> j * rowBytes + (<usize> q << 3);
        store<f64>(yr + o + jb, load<f64>(xr + xo));
        store<f64>(yi + o + jb, -load<f64>(xi + xo));
      } else {
        store<f64>(yr + o + jb, 0);
        store<f64>(yi + o + jb, 0);
      }
    }
  }
  // Two rows q, q + 1 at a time (nt is even), sharing the loads of the rows m < q.
  for (let q = 0; q < nt; q += 2) {
    const o0 = <usize> q * spBytes, o1 = o0 + spBytes;
    const l0 = <usize> q * rowBytes, l1 = l0 + rowBytes;
    const d0 = f64x2.splat(1 / load<f64>(lr + l0 + (<usize> q << 3)));
    const d1 = f64x2.splat(1 / load<f64>(lr + l1 + (<usize> (q + 1) << 3)));
    const er = v128.load64_splat(lr + l1 + (<usize> q << 3));
    const ei = v128.load64_splat(li + l1 + (<usize> q << 3));
    for (let j = 0; j < sp; j += 4) {
      const jb = <usize> j << 3;
      let a0r = v128.load(yr + o0 + jb), a0i = v128.load(yi + o0 + jb);
      let b0r = v128.load(yr + o0 + jb, 16), b0i = v128.load(yi + o0 + jb, 16);
      let a1r = v128.load(yr + o1 + jb), a1i = v128.load(yi + o1 + jb);
      let b1r = v128.load(yr + o1 + jb, 16), b1i = v128.load(yi + o1 + jb, 16);
      for (let m = 0; m < q; m++) {
        const om = <usize> m * spBytes + jb, mb = <usize> m << 3;
        const c0r = v128.load64_splat(lr + l0 + mb), c0i = v128.load64_splat(li + l0 + mb);
        const c1r = v128.load64_splat(lr + l1 + mb), c1i = v128.load64_splat(li + l1 + mb);
        const yar = v128.load(yr + om), yai = v128.load(yi + om);
        const ybr = v128.load(yr + om, 16), ybi = v128.load(yi + om, 16);
        // y_q -= L[q, m] y_m for both rows (eight accumulators: fused multiply-adds)
        a0r = f64x2.relaxed_madd(c0i, yai, f64x2.relaxed_nmadd(c0r, yar, a0r));
        a0i = f64x2.relaxed_nmadd(c0i, yar, f64x2.relaxed_nmadd(c0r, yai, a0i));
        b0r = f64x2.relaxed_madd(c0i, ybi, f64x2.relaxed_nmadd(c0r, ybr, b0r));
        b0i = f64x2.relaxed_nmadd(c0i, ybr, f64x2.relaxed_nmadd(c0r, ybi, b0i));
        a1r = f64x2.relaxed_madd(c1i, yai, f64x2.relaxed_nmadd(c1r, yar, a1r));
        a1i = f64x2.relaxed_nmadd(c1i, yar, f64x2.relaxed_nmadd(c1r, yai, a1i));
        b1r = f64x2.relaxed_madd(c1i, ybi, f64x2.relaxed_nmadd(c1r, ybr, b1r));
        b1i = f64x2.relaxed_nmadd(c1i, ybr, f64x2.relaxed_nmadd(c1r, ybi, b1i));
      }
      a0r = f64x2.mul(a0r, d0);
      a0i = f64x2.mul(a0i, d0);
      b0r = f64x2.mul(b0r, d0);
      b0i = f64x2.mul(b0i, d0);
      // row q + 1 also subtracts L[q + 1, q] y_q
      a1r = f64x2.sub(a1r, f64x2.sub(f64x2.mul(er, a0r), f64x2.mul(ei, a0i)));
      a1i = f64x2.sub(a1i, f64x2.add(f64x2.mul(er, a0i), f64x2.mul(ei, a0r)));
      b1r = f64x2.sub(b1r, f64x2.sub(f64x2.mul(er, b0r), f64x2.mul(ei, b0i)));
      b1i = f64x2.sub(b1i, f64x2.add(f64x2.mul(er, b0i), f64x2.mul(ei, b0r)));
      v128.store(yr + o0 + jb, a0r);
      v128.store(yi + o0 + jb, a0i);
      v128.store(yr + o0 + jb, b0r, 16);
      v128.store(yi + o0 + jb, b0i, 16);
      v128.store(yr + o1 + jb, f64x2.mul(a1r, d1));
      v128.store(yi + o1 + jb, f64x2.mul(a1i, d1));
      v128.store(yr + o1 + jb, f64x2.mul(b1r, d1), 16);
      v128.store(yi + o1 + jb, f64x2.mul(b1i, d1), 16);
    }
  }
  // Q = Y Y^H: Q[a, b] = sum_q conj(Y^H[q, a]) Y^H[q, b] (upper), then mirrored.
  for (let q = 0; q < nt; q++) store<i32>(offs + (<usize> q << 2), q * sp);
  memory.fill(qr, 0, <usize> sp * spBytes);
  memory.fill(qi, 0, <usize> sp * spBytes);
  gramUpperRows(yr, yi, offs, nt, sp, qr, qi);
  for (let a = 0; a < sp; a++) {
    for (let b = a + 1; b < sp; b++) {
      const o = <usize> a * spBytes + (<usize> b << 3), t = <usize> b * spBytes + (<usize> a << 3);
      store<f64>(qr + t, load<f64>(qr + o));
      store<f64>(qi + t, -load<f64>(qi + o));
    }
    store<f64>(qi + <usize> a * spBytes + (<usize> a << 3), 0);
  }
  // The iterations: rq = |t|^2, |z| = sqrt(t^H Q t), u = t / |z|, t <- Q u (= Q t / |z|
  // of the step before, so one product with Q per step).
  let haveU = false;
  for (let it = 0; it < iterations; it++) {
    let rq: f64 = 0, z2: f64 = 0;
    for (let a = 0; a < sp; a++) {
      const ab = <usize> a << 3;
      const xr0 = load<f64>(tr + ab), xi0 = load<f64>(ti + ab);
      rq += xr0 * xr0 + xi0 * xi0;
      const o = <usize> a * spBytes;
      // Re(conj(t_a) (Q t)_a)
      const qtr = dotPlain(qr + o, qi + o, tr, ti, sp), qti = dotIm;
      store<f64>(pr + ab, qtr);
      store<f64>(pi + ab, qti);
      z2 += xr0 * qtr + xi0 * qti;
    }
    const nz = z2 > 0 ? Math.sqrt(z2) : 0;
    if (nz == 0) break;
    for (let a = 0; a < sp; a++) {
      const ab = <usize> a << 3;
      store<f64>(ar + ab, load<f64>(tr + ab) / nz);
      store<f64>(ai + ab, load<f64>(ti + ab) / nz);
      store<f64>(tr + ab, load<f64>(pr + ab) / nz);
      store<f64>(ti + ab, load<f64>(pi + ab) / nz);
    }
    haveU = true;
    const done = Math.abs(rq - lambda) <= tolerance * Math.abs(rq);
    lambda = rq;
    if (done) break;
  }
  if (!haveU) return; // w = L^-H v from above
  // w = L^-H Y^H u = L^-H L^-1 X^H u, (X^H u)[q] = sum_j conj(X[j, q]) u_j.
  for (let q = 0; q < nt; q++) {
    let sr: f64 = 0, si: f64 = 0;
    for (let j = 0; j < s; j++) {
      const xo = <usize> j * rowBytes + (<usize> q << 3), jb = <usize> j << 3;
      const hr = load<f64>(xr + xo), hi = -load<f64>(xi + xo);
      const pr = load<f64>(ar + jb), pi = load<f64>(ai + jb);
      sr += hr * pr - hi * pi;
      si += hr * pi + hi * pr;
    }
    store<f64>(wr + (<usize> q << 3), sr);
    store<f64>(wi + (<usize> q << 3), si);
  }
  forwardSolve(lr, li, wr, wi, wr, wi, nt, 0);
  backwardSolve(ur, ui, wr, wi, wr, wi, nt);
}

/**
 * `z = X^H (X w)` for the `s` contiguous sample rows `x` (`[s, nt]`, rows `h^H`), i.e.
 * `R w` with `R = sum_j h_j h_j^H`; `t` holds `X w` (`2 s` f64).
 */
function samplesProduct(
  xr: usize,
  xi: usize,
  s: i32,
  nt: i32,
  wr: usize,
  wi: usize,
  zr: usize,
  zi: usize,
  t: usize,
): void {
  const rowBytes = <usize> nt << 3, sBytes = <usize> s << 3;
  for (let j = 0; j < s; j++) {
    const o = <usize> j * rowBytes;
    store<f64>(t + (<usize> j << 3), dotPlain(xr + o, xi + o, wr, wi, nt));
    store<f64>(t + sBytes + (<usize> j << 3), dotIm);
  }
  // z[q] = sum_j conj(X[j, q]) t_j, two antennas at a time
  for (let q = 0; q < nt; q += 2) {
    const qb = <usize> q << 3;
    let sr = f64x2.splat(0), si = f64x2.splat(0);
    for (let j = 0; j < s; j++) {
      const o = <usize> j * rowBytes + qb;
      const ar = v128.load(xr + o), ai = v128.load(xi + o);
      const tr = v128.load64_splat(t + (<usize> j << 3));
      const ti = v128.load64_splat(t + sBytes + (<usize> j << 3));
      // conj(a) t = (ar tr + ai ti) + i (ar ti - ai tr)
      sr = f64x2.add(sr, f64x2.add(f64x2.mul(ar, tr), f64x2.mul(ai, ti)));
      si = f64x2.add(si, f64x2.sub(f64x2.mul(ar, ti), f64x2.mul(ai, tr)));
    }
    v128.store(zr + qb, sr);
    v128.store(zi + qb, si);
  }
}
