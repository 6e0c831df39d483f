/**
 * A minimal WebAssembly (with 128-bit SIMD) assembler: enough to write a few dense
 * float32 kernels as readable TypeScript that emits their bytecode at load time (no
 * binary blobs, no build tool). Used by `simd_kernels.ts`.
 *
 * A module imports one memory (`env.mem`) and exports functions whose parameters are
 * all `i32` (byte offsets and sizes) and which return nothing. {@link FnBuilder} emits
 * one function body; its methods push instructions in order (stack machine).
 *
 * Opcodes follow the WebAssembly 2.0 binary format (core and fixed-width SIMD).
 *
 * @module
 */

/** Value types. */
export const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;
type ValType = typeof I32 | typeof F32 | typeof V128;

function uleb(n: number, out: number[]): void {
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
}

function sleb(n: number, out: number[]): void {
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

/** SIMD opcodes (after the 0xfd prefix) used here. */
const SIMD = {
  load: 0x00,
  load32Splat: 0x09,
  store: 0x0b,
  const: 0x0c,
  shuffle: 0x0d,
  f32x4Splat: 0x13,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
} as const;

/** Emits one function body. Locals `0..params-1` are the `i32` parameters. */
export class FnBuilder {
  readonly code: number[] = [];
  readonly #locals: ValType[] = [];
  constructor(readonly name: string, readonly params: number) {}

  /** A new local of type `t`; returns its index. */
  local(t: ValType): number {
    this.#locals.push(t);
    return this.params + this.#locals.length - 1;
  }
  #op(...b: number[]): this {
    this.code.push(...b);
    return this;
  }
  #simd(op: number, memOffset?: number): this {
    this.code.push(0xfd);
    uleb(op, this.code);
    if (memOffset !== undefined) {
      this.code.push(op === SIMD.load32Splat ? 2 : 4); // alignment hint (log2 bytes)
      uleb(memOffset, this.code);
    }
    return this;
  }
  get(l: number): this {
    this.code.push(0x20);
    uleb(l, this.code);
    return this;
  }
  set(l: number): this {
    this.code.push(0x21);
    uleb(l, this.code);
    return this;
  }
  tee(l: number): this {
    this.code.push(0x22);
    uleb(l, this.code);
    return this;
  }
  i32(c: number): this {
    this.code.push(0x41);
    sleb(c | 0, this.code);
    return this;
  }
  add(): this {
    return this.#op(0x6a);
  }
  sub(): this {
    return this.#op(0x6b);
  }
  mul(): this {
    return this.#op(0x6c);
  }
  ltS(): this {
    return this.#op(0x48);
  }
  eqz(): this {
    return this.#op(0x45);
  }
  /** `f32x4` from a constant (splat of an f32 constant). */
  f32x4Const(c: number): this {
    this.code.push(0x43);
    const b = new Uint8Array(new Float32Array([c]).buffer);
    this.code.push(...b);
    return this.#simd(SIMD.f32x4Splat);
  }
  /** `v128.const` of four f32 lanes. */
  v128Const(lanes: readonly [number, number, number, number]): this {
    this.#simd(SIMD.const);
    this.code.push(...new Uint8Array(new Float32Array(lanes).buffer));
    return this;
  }
  /** `i8x16.shuffle` of the two v128 on the stack by the 32-bit lanes `lanes` (0..7). */
  shuffle32(lanes: readonly [number, number, number, number]): this {
    this.#simd(SIMD.shuffle);
    for (const l of lanes) this.code.push(4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3);
    return this;
  }
  /** `v128.load` from the address on the stack plus `offset` bytes. */
  load(offset = 0): this {
    return this.#simd(SIMD.load, offset);
  }
  /** `v128.load32_splat`: one f32 at address + `offset`, in all four lanes. */
  splat(offset = 0): this {
    return this.#simd(SIMD.load32Splat, offset);
  }
  /** `v128.store` (stack: address, value). */
  store(offset = 0): this {
    return this.#simd(SIMD.store, offset);
  }
  vadd(): this {
    return this.#simd(SIMD.f32x4Add);
  }
  vsub(): this {
    return this.#simd(SIMD.f32x4Sub);
  }
  vmul(): this {
    return this.#simd(SIMD.f32x4Mul);
  }
  vdiv(): this {
    return this.#simd(SIMD.f32x4Div);
  }
  vmin(): this {
    return this.#simd(SIMD.f32x4Min);
  }
  vmax(): this {
    return this.#simd(SIMD.f32x4Max);
  }
  /** Runs `f(this)` (a helper that emits a fragment); returns `this`. */
  emit(f: (fn: FnBuilder) => void): this {
    f(this);
    return this;
  }
  /** `if (cond on stack) { body }`. */
  if(body: () => void): this {
    this.code.push(0x04, 0x40);
    body();
    return this.#op(0x0b);
  }
  /**
   * `for (l = from; l < to; l += step) body()` with `from`, `to` pushed by the callbacks
   * (runs at least zero times: checked before the first iteration).
   */
  for(l: number, from: () => void, to: () => void, step: number, body: () => void): this {
    from();
    this.set(l);
    this.code.push(0x02, 0x40); // block
    this.get(l);
    to();
    this.ltS().eqz();
    this.code.push(0x0d, 0x00); // br_if 0 (exit the block)
    this.code.push(0x03, 0x40); // loop
    body();
    this.get(l).i32(step).add().tee(l);
    to();
    this.ltS();
    this.code.push(0x0d, 0x00); // br_if 0 (continue the loop)
    this.code.push(0x0b, 0x0b); // end loop, end block
    return this;
  }
  /** The function body (locals and code), as the code section wants it. */
  body(): number[] {
    const out: number[] = [];
    // one declaration per local (simple, a few bytes more)
    uleb(this.#locals.length, out);
    for (const t of this.#locals) out.push(1, t);
    out.push(...this.code, 0x0b);
    const sized: number[] = [];
    uleb(out.length, sized);
    return sized.concat(out);
  }
}

function section(id: number, content: number[]): number[] {
  const out = [id];
  uleb(content.length, out);
  return out.concat(content);
}

function name(s: string, out: number[]): void {
  const b = new TextEncoder().encode(s);
  uleb(b.length, out);
  out.push(...b);
}

/** Assembles the functions into a module binary that imports `env.mem` (memory). */
export function assemble(fns: readonly FnBuilder[]): Uint8Array {
  const types: number[] = [];
  uleb(fns.length, types);
  for (const f of fns) {
    types.push(0x60);
    uleb(f.params, types);
    for (let i = 0; i < f.params; i++) types.push(I32);
    types.push(0);
  }
  const imports: number[] = [1];
  name("env", imports);
  name("mem", imports);
  imports.push(0x02, 0x00, 0x01); // memory, limits: min 1 page, no max
  const funcs: number[] = [];
  uleb(fns.length, funcs);
  fns.forEach((_, i) => uleb(i, funcs));
  const exports: number[] = [];
  uleb(fns.length, exports);
  fns.forEach((f, i) => {
    name(f.name, exports);
    exports.push(0x00);
    uleb(i, exports);
  });
  const code: number[] = [];
  uleb(fns.length, code);
  for (const f of fns) code.push(...f.body());
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
