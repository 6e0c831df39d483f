/**
 * Seeded random numbers: the only source of randomness in `lib/`.
 *
 * A {@link Rng} is a xoshiro128** generator. `rng.stream(name)` derives an
 * independent child generator from the parent's *seed key* and the name, not from
 * the parent's current state: adding draws in one stream never shifts another, so
 * "ue-positions" stays the same when someone adds randomness to "blockages".
 *
 * @example
 * ```ts
 * import { createRng } from "./random.ts";
 * const rng = createRng(42);
 * const a = rng.stream("mobility").uniform();
 * const b = createRng(42).stream("mobility").uniform();
 * if (a !== b) throw new Error("same seed and stream must give the same numbers");
 * ```
 *
 * @module
 */
import { assertInteger, assertPositive } from "./errors.ts";

/** 32-bit mixing step of splitmix32; used to expand seeds and hash names. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a hash of a string, 32-bit. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A seeded pseudo-random generator (xoshiro128**), with named child streams. */
export class Rng {
  readonly #key: readonly number[];
  // xoshiro128** state as signed 32-bit integers (the same bits as the unsigned words;
  // V8 keeps int32 values unboxed, which makes every draw about twice as fast).
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spareNormal: number | null = null;

  /** Prefer {@link createRng}; `key` is four 32-bit words identifying the stream. */
  constructor(key: readonly number[]) {
    this.#key = key.slice(0, 4);
    let x = 0;
    const words = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) {
      x = mix32(x ^ (key[i] ?? 0) ^ Math.imul(i + 1, 0x27d4eb2d));
      words[i] = x;
    }
    if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
    [this.#s0, this.#s1, this.#s2, this.#s3] = words.map((w) => w | 0);
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const x = Math.imul(this.#s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9);
    const t = this.#s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = (this.#s3 << 11) | (this.#s3 >>> 21);
    return result >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Uniform integer in [0, count). */
  integer(count: number): number {
    assertInteger("count", count, { min: 1 });
    return Math.floor(this.uniform() * count);
  }

  /** Standard normal N(0, 1) (Box-Muller, the spare value is kept for the next call). */
  normal(): number {
    if (this.#spareNormal !== null) {
      const v = this.#spareNormal;
      this.#spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * Fills `out` with standard normals: exactly the values of `out.length` calls of
   * {@link normal} (the same pairs, the same spare carried in and out), about twice as
   * fast for long arrays (the generator state lives in locals; one call per array).
   */
  fillNormal(out: Float32Array | Float64Array): void {
    let i = 0;
    const n = out.length;
    if (n > 0 && this.#spareNormal !== null) {
      out[i++] = this.#spareNormal;
      this.#spareNormal = null;
    }
    // One xoshiro128** step inlined (see nextUint32), its output as a signed integer.
    let s0 = this.#s0, s1 = this.#s1, s2 = this.#s2, s3 = this.#s3;
    const next = (): number => {
      const x = Math.imul(s1, 5);
      const result = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      return result;
    };
    const uniform = (): number => {
      const hi = next() >>> 5;
      const lo = next() >>> 6;
      return (hi * 67108864 + lo) / 9007199254740992;
    };
    while (i < n) {
      let u = 0;
      while (u === 0) u = uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      out[i++] = r * Math.cos(2 * Math.PI * v);
      const spare = r * Math.sin(2 * Math.PI * v);
      if (i < n) out[i++] = spare;
      else this.#spareNormal = spare;
    }
    this.#s0 = s0;
    this.#s1 = s1;
    this.#s2 = s2;
    this.#s3 = s3;
  }

  /** True with probability `p`. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Exponential variate with the given mean. */
  exponential(mean: number): number {
    assertPositive("mean", mean);
    let u = 0;
    while (u === 0) u = this.uniform();
    return -mean * Math.log(u);
  }

  /** In-place Fisher-Yates shuffle; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /**
   * An independent generator for a named purpose. Depends only on this generator's
   * seed key and `name`, never on how many numbers were drawn here.
   */
  stream(name: string): Rng {
    const h = hashString(name);
    const k = this.#key;
    return new Rng([
      mix32(k[0] ^ h),
      mix32(k[1] ^ rotl(h, 8)),
      mix32(k[2] ^ rotl(h, 16)),
      mix32(k[3] ^ rotl(h, 24) ^ 0x5bd1e995),
    ]);
  }
}

/** A generator for an integer seed (any safe integer, negative included). */
export function createRng(seed: number): Rng {
  assertInteger("seed", seed, { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return new Rng([lo, hi, 0x243f6a88, 0x85a308d3]);
}
