/**
 * Material parameter sets: Table I of the paper, and ITU-R P.2040 (Table 3) frequency
 * models.
 *
 * @module
 */
import { assertPositive } from "../core/mod.ts";
import type { MaterialName, MaterialParameters, MaterialSet } from "./types.ts";

/** All material names a scene may use. */
export const MATERIAL_NAMES: readonly MaterialName[] = ["concrete", "glass", "wood", "metal"];

/** All material parameter sets. */
export const MATERIAL_SETS: readonly MaterialSet[] = ["paper", "itu"];

/**
 * Conductivity used for metal, S/m: a near-perfect conductor (the paper's Table I has
 * no metal entry; ITU-R P.2040 uses 1e7 S/m with eps_r = 1).
 */
export const METAL_CONDUCTIVITY_S_PER_M = 1e7;

const PAPER_TABLE: Readonly<Record<MaterialName, readonly [number, number]>> = {
  concrete: [5.31, 0.33],
  glass: [6.27, 0.043],
  wood: [1.99, 0.014],
  metal: [1, METAL_CONDUCTIVITY_S_PER_M],
};

/** ITU-R P.2040 Table 3 coefficients: eps_r = a f_GHz^b, sigma = c f_GHz^d (S/m). */
export const ITU_P2040_COEFFICIENTS: Readonly<
  Record<
    MaterialName,
    { readonly a: number; readonly b: number; readonly c: number; readonly d: number }
  >
> = {
  concrete: { a: 5.31, b: 0, c: 0.0326, d: 0.8095 },
  glass: { a: 6.27, b: 0, c: 0.0043, d: 1.1925 },
  wood: { a: 1.99, b: 0, c: 0.0047, d: 1.0718 },
  metal: { a: 1, b: 0, c: METAL_CONDUCTIVITY_S_PER_M, d: 0 },
};

/**
 * Throws `RangeError` unless `name` is a known material.
 *
 * @example
 * ```ts
 * import { assertMaterialName } from "./materials.ts";
 * assertMaterialName("name", "glass"); // passes
 * ```
 */
export function assertMaterialName(label: string, name: unknown): asserts name is MaterialName {
  if (typeof name !== "string") {
    throw new TypeError(`${label} must be a string, got ${typeof name}`);
  }
  if (!(MATERIAL_NAMES as readonly string[]).includes(name)) {
    throw new RangeError(`${label} must be one of ${MATERIAL_NAMES.join(", ")}, got "${name}"`);
  }
}

/**
 * Material parameters as printed in Table I of the paper (frequency independent):
 * concrete eps_r 5.31, sigma 0.33 S/m; glass 6.27, 0.043 S/m; wood 1.99, 0.014 S/m.
 * Metal is not in Table I: it gets eps_r = 1 and sigma = 1e7 S/m (a near-perfect
 * conductor, as in ITU-R P.2040). Note: these conductivities correspond to ITU-R P.2040
 * at about 3-18 GHz, not 73 GHz.
 *
 * @param name material name.
 * @returns parameters with `set: "paper"`.
 *
 * @example
 * ```ts
 * import { paperMaterial } from "./materials.ts";
 * const glass = paperMaterial("glass"); // eps 6.27, sigma 0.043 S/m
 * if (glass.conductivitySPerM !== 0.043 || glass.set !== "paper") throw new Error("bad");
 * ```
 */
export function paperMaterial(name: MaterialName): MaterialParameters {
  assertMaterialName("name", name);
  const [eps, sigma] = PAPER_TABLE[name];
  return { name, relativePermittivity: eps, conductivitySPerM: sigma, set: "paper" };
}

/**
 * ITU-R P.2040 (Table 3) parameters at a frequency: `eps_r = a f_GHz^b`,
 * `sigma = c f_GHz^d` S/m (see {@link ITU_P2040_COEFFICIENTS}; b = 0 for all four
 * materials). The recommendation states validity ranges of 1-100 GHz (concrete, wood,
 * metal) and 0.1-100 GHz (glass); frequencies outside them are still computed.
 *
 * @param name material name.
 * @param frequencyHz frequency, Hz (> 0).
 * @returns parameters with `set: "itu"`.
 *
 * @example
 * ```ts
 * import { ituMaterial } from "./materials.ts";
 * const concrete = ituMaterial("concrete", 73e9); // sigma = 0.0326 * 73^0.8095, about 1.05 S/m
 * if (Math.abs(concrete.conductivitySPerM - 1.05) > 0.01) throw new Error("bad");
 * ```
 */
export function ituMaterial(name: MaterialName, frequencyHz: number): MaterialParameters {
  assertMaterialName("name", name);
  assertPositive("frequencyHz", frequencyHz);
  const { a, b, c, d } = ITU_P2040_COEFFICIENTS[name];
  const fGHz = frequencyHz / 1e9;
  return {
    name,
    relativePermittivity: a * fGHz ** b,
    conductivitySPerM: c * fGHz ** d,
    set: "itu",
  };
}

/** Options of {@link materialParameters}. */
export interface MaterialParametersOptions {
  /** Which parameter set. */
  readonly set: MaterialSet;
  /** Frequency, Hz (> 0); used by the `itu` set, checked for both. */
  readonly frequencyHz: number;
}

/**
 * Parameters of a material from a chosen set: {@link paperMaterial} or
 * {@link ituMaterial}.
 *
 * @param name material name.
 * @param options `set` and `frequencyHz`.
 * @returns parameters recording the set they came from.
 *
 * @example
 * ```ts
 * import { materialParameters } from "./materials.ts";
 * const wood = materialParameters("wood", { set: "itu", frequencyHz: 73e9 });
 * if (wood.set !== "itu" || wood.relativePermittivity !== 1.99) throw new Error("bad");
 * ```
 */
export function materialParameters(
  name: MaterialName,
  options: MaterialParametersOptions,
): MaterialParameters {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${options}`);
  }
  assertPositive("options.frequencyHz", options.frequencyHz);
  if (options.set === "paper") return paperMaterial(name);
  if (options.set === "itu") return ituMaterial(name, options.frequencyHz);
  throw new RangeError(
    `options.set must be one of ${MATERIAL_SETS.join(", ")}, got "${options.set}"`,
  );
}
