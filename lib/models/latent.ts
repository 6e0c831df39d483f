/**
 * Latent draws `z ~ N(0, I)` from the project's seeded {@link Rng} (never the unseeded global generator).
 *
 * @example
 * ```ts
 * import { createRng } from "../core/mod.ts";
 * import { drawLatent } from "./latent.ts";
 * const a = drawLatent(createRng(1).stream("z"), { rows: 2, dim: 3 });
 * const b = drawLatent(createRng(1).stream("z"), { rows: 2, dim: 3 });
 * if (a.length !== 6 || a[5] !== b[5]) throw new Error("seeded");
 * ```
 *
 * @module
 */
import { assertInteger, Rng } from "../core/mod.ts";

/**
 * Draws a `[rows, dim]` row-major matrix of independent standard normals.
 *
 * @param rng seeded generator (e.g. `createRng(seed).stream("latent")`).
 * @param options `rows` and `dim` (positive integers).
 */
export function drawLatent(
  rng: Rng,
  options: { readonly rows: number; readonly dim: number },
): Float32Array {
  if (!(rng instanceof Rng)) throw new TypeError("rng must be an Rng (lib/core createRng)");
  assertInteger("rows", options.rows, { min: 1 });
  assertInteger("dim", options.dim, { min: 1 });
  const out = new Float32Array(options.rows * options.dim);
  rng.fillNormal(out); // the values of rows * dim calls of rng.normal()
  return out;
}

/**
 * Draws `n` independent uniforms in [0, 1) (the WGAN-GP interpolation weights).
 *
 * @param rng seeded generator.
 * @param options `n` (positive integer).
 */
export function drawUniform(rng: Rng, options: { readonly n: number }): Float32Array {
  if (!(rng instanceof Rng)) throw new TypeError("rng must be an Rng (lib/core createRng)");
  assertInteger("n", options.n, { min: 1 });
  const out = new Float32Array(options.n);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform();
  return out;
}
