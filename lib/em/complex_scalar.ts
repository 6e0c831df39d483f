/**
 * Scalar complex arithmetic on {@link Complex} values, used by the Fresnel and slab
 * formulas. Every function returns a new object and leaves its inputs untouched.
 *
 * @example
 * ```ts
 * import { complex, mul, sqrtPrincipal } from "./complex_scalar.ts";
 * const j = complex(0, 1);
 * const minusOne = mul(j, j); // { re: -1, im: 0 }
 * const root = sqrtPrincipal(minusOne); // { re: 0, im: 1 }
 * if (Math.abs(root.im - 1) > 1e-15) throw new Error("sqrt(-1) should be j");
 * ```
 *
 * @module
 */
import type { Complex } from "../core/mod.ts";

/**
 * Builds a complex number `re + j im`.
 *
 * @example
 * ```ts
 * import { complex } from "./complex_scalar.ts";
 * const z = complex(1, -2); // { re: 1, im: -2 }
 * if (z.im !== -2) throw new Error("bad");
 * ```
 */
export function complex(re: number, im = 0): Complex {
  return { re, im };
}

/**
 * `a + b`.
 *
 * @example
 * ```ts
 * import { add } from "./complex_scalar.ts";
 * if (add({ re: 1, im: 2 }, { re: 3, im: 4 }).re !== 4) throw new Error("bad");
 * ```
 */
export function add(a: Complex, b: Complex): Complex {
  return { re: a.re + b.re, im: a.im + b.im };
}

/**
 * `a - b`.
 *
 * @example
 * ```ts
 * import { sub } from "./complex_scalar.ts";
 * if (sub({ re: 1, im: 2 }, { re: 3, im: 4 }).im !== -2) throw new Error("bad");
 * ```
 */
export function sub(a: Complex, b: Complex): Complex {
  return { re: a.re - b.re, im: a.im - b.im };
}

/**
 * `a b`.
 *
 * @example
 * ```ts
 * import { mul } from "./complex_scalar.ts";
 * if (mul({ re: 0, im: 1 }, { re: 0, im: 1 }).re !== -1) throw new Error("bad");
 * ```
 */
export function mul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/**
 * `s a` for a real `s`.
 *
 * @example
 * ```ts
 * import { scale } from "./complex_scalar.ts";
 * if (scale({ re: 1, im: 2 }, 2).im !== 4) throw new Error("bad");
 * ```
 */
export function scale(a: Complex, s: number): Complex {
  return { re: a.re * s, im: a.im * s };
}

/**
 * `a / b` (Smith's algorithm, no needless overflow). Division by zero gives non-finite parts.
 *
 * @example
 * ```ts
 * import { div } from "./complex_scalar.ts";
 * const q = div({ re: 1, im: 0 }, { re: 0, im: 1 }); // -j
 * if (q.im !== -1) throw new Error("bad");
 * ```
 */
export function div(a: Complex, b: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return { re: (a.re + a.im * r) / d, im: (a.im - a.re * r) / d };
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return { re: (a.re * r + a.im) / d, im: (a.im * r - a.re) / d };
}

/**
 * Squared magnitude `|a|^2`.
 *
 * @example
 * ```ts
 * import { abs2 } from "./complex_scalar.ts";
 * if (abs2({ re: 3, im: 4 }) !== 25) throw new Error("bad");
 * ```
 */
export function abs2(a: Complex): number {
  return a.re * a.re + a.im * a.im;
}

/**
 * Magnitude `|a|`.
 *
 * @example
 * ```ts
 * import { abs } from "./complex_scalar.ts";
 * if (abs({ re: 3, im: 4 }) !== 5) throw new Error("bad");
 * ```
 */
export function abs(a: Complex): number {
  return Math.hypot(a.re, a.im);
}

/**
 * Square root on the branch with non-negative real part (the principal branch; on the
 * negative real axis it returns `+j sqrt(|a|)` for `im = +0` and `-j sqrt(|a|)` for
 * `im = -0`).
 *
 * @example
 * ```ts
 * import { sqrtPrincipal } from "./complex_scalar.ts";
 * const r = sqrtPrincipal({ re: 3, im: -4 }); // 2 - j
 * if (Math.abs(r.re - 2) > 1e-15 || Math.abs(r.im + 1) > 1e-15) throw new Error("bad");
 * ```
 */
export function sqrtPrincipal(a: Complex): Complex {
  const m = Math.hypot(a.re, a.im);
  if (m === 0) return { re: 0, im: 0 };
  if (a.re >= 0) {
    const t = Math.sqrt((m + a.re) / 2);
    return { re: t, im: a.im / (2 * t) };
  }
  const t = Math.sqrt((m - a.re) / 2);
  const sign = a.im < 0 || Object.is(a.im, -0) ? -1 : 1;
  return { re: Math.abs(a.im) / (2 * t), im: sign * t };
}

/**
 * `exp(a)`.
 *
 * @example
 * ```ts
 * import { exp } from "./complex_scalar.ts";
 * const e = exp({ re: 0, im: Math.PI }); // about -1
 * if (Math.abs(e.re + 1) > 1e-15) throw new Error("bad");
 * ```
 */
export function exp(a: Complex): Complex {
  const m = Math.exp(a.re);
  return { re: m * Math.cos(a.im), im: m * Math.sin(a.im) };
}

/**
 * Throws `TypeError` unless `value` is a `Complex` with finite parts; `name` is used
 * in the message.
 *
 * @example
 * ```ts
 * import { assertComplex } from "./complex_scalar.ts";
 * assertComplex("eps", { re: 4, im: 0 }); // passes
 * ```
 */
export function assertComplex(name: string, value: unknown): asserts value is Complex {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(`${name} must be a complex number { re, im }, got ${value}`);
  }
  const v = value as Record<string, unknown>;
  for (const part of ["re", "im"]) {
    const x = v[part];
    if (typeof x !== "number") {
      throw new TypeError(`${name}.${part} must be a number, got ${typeof x}`);
    }
    if (!Number.isFinite(x)) throw new RangeError(`${name}.${part} must be finite, got ${x}`);
  }
}
