/**
 * Material parameter sets: Table I of the paper, and ITU-R P.2040 (Table 3) frequency
 * models with their stated frequency ranges.
 *
 * @module
 */
import { assertPositive } from "../core/mod.ts";
import type { MaterialName, MaterialParameters, MaterialSet, Scene } from "./types.ts";

/** All material names a scene may use (ITU-R P.2040 Table 3). */
export const MATERIAL_NAMES: readonly MaterialName[] = [
  "concrete",
  "glass",
  "wood",
  "metal",
  "brick",
  "plasterboard",
  "ceilingboard",
  "chipboard",
  "floorboard",
];

/** The materials the paper's Table I gives (plus metal, see {@link paperMaterial}). */
export const PAPER_MATERIAL_NAMES: readonly MaterialName[] = ["concrete", "glass", "wood", "metal"];

/** All material parameter sets. */
export const MATERIAL_SETS: readonly MaterialSet[] = ["paper", "itu"];

/**
 * Conductivity used for metal, S/m: a near-perfect conductor (the paper's Table I has
 * no metal entry; ITU-R P.2040 uses 1e7 S/m with eps_r = 1).
 */
export const METAL_CONDUCTIVITY_S_PER_M = 1e7;

const PAPER_TABLE: Readonly<Partial<Record<MaterialName, readonly [number, number]>>> = {
  concrete: [5.31, 0.33],
  glass: [6.27, 0.043],
  wood: [1.99, 0.014],
  metal: [1, METAL_CONDUCTIVITY_S_PER_M],
};

/** One ITU-R P.2040 Table 3 row: eps_r = a f_GHz^b, sigma = c f_GHz^d, valid over `rangeGhz`. */
export interface ItuMaterialCoefficients {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  /** Frequency range the recommendation states for the row, GHz, inclusive. */
  readonly rangeGhz: readonly [number, number];
}

/**
 * ITU-R P.2040-1 Table 3 coefficients: eps_r = a f_GHz^b, sigma = c f_GHz^d (S/m), and
 * the frequency range of each row (brick 1-10 GHz and floorboard 50-100 GHz only).
 */
export const ITU_P2040_COEFFICIENTS: Readonly<Record<MaterialName, ItuMaterialCoefficients>> = {
  concrete: { a: 5.31, b: 0, c: 0.0326, d: 0.8095, rangeGhz: [1, 100] },
  glass: { a: 6.27, b: 0, c: 0.0043, d: 1.1925, rangeGhz: [0.1, 100] },
  wood: { a: 1.99, b: 0, c: 0.0047, d: 1.0718, rangeGhz: [0.001, 100] },
  metal: { a: 1, b: 0, c: METAL_CONDUCTIVITY_S_PER_M, d: 0, rangeGhz: [1, 100] },
  brick: { a: 3.75, b: 0, c: 0.038, d: 0, rangeGhz: [1, 10] },
  plasterboard: { a: 2.94, b: 0, c: 0.0116, d: 0.7076, rangeGhz: [1, 100] },
  ceilingboard: { a: 1.5, b: 0, c: 0.0005, d: 1.1634, rangeGhz: [1, 100] },
  chipboard: { a: 2.58, b: 0, c: 0.0217, d: 0.78, rangeGhz: [1, 100] },
  floorboard: { a: 3.66, b: 0, c: 0.0044, d: 1.3515, rangeGhz: [50, 100] },
};

/**
 * The frequency range, Hz, over which ITU-R P.2040 states the model of a material (the
 * scene validator refuses a carrier outside the range of any material the scene uses).
 *
 * @param name material name.
 * @returns `[low, high]`, Hz, inclusive.
 *
 * @example
 * ```ts
 * import { materialFrequencyRangeHz } from "./materials.ts";
 * const [lo, hi] = materialFrequencyRangeHz("brick"); // 1-10 GHz
 * if (lo !== 1e9 || hi !== 10e9) throw new Error("brick");
 * ```
 */
export function materialFrequencyRangeHz(name: MaterialName): readonly [number, number] {
  assertMaterialName("name", name);
  const [lo, hi] = ITU_P2040_COEFFICIENTS[name].rangeGhz;
  return [lo * 1e9, hi * 1e9];
}

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
 * at about 3-18 GHz, not 73 GHz. The other ITU-R P.2040 materials (brick, plasterboard,
 * ...) have no Table I entry: they raise a `RangeError` (use the `itu` set).
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
  const entry = PAPER_TABLE[name];
  if (entry === undefined) {
    throw new RangeError(
      `name "${name}" has no Table I entry in the paper (it has ${
        PAPER_MATERIAL_NAMES.join(", ")
      }); use the "itu" material set`,
    );
  }
  const [eps, sigma] = entry;
  return { name, relativePermittivity: eps, conductivitySPerM: sigma, set: "paper" };
}

/**
 * ITU-R P.2040 (Table 3) parameters at a frequency: `eps_r = a f_GHz^b`,
 * `sigma = c f_GHz^d` S/m (see {@link ITU_P2040_COEFFICIENTS}; b = 0 for all four
 * materials). The recommendation states a frequency range per material (see
 * {@link materialFrequencyRangeHz}: 1-100 GHz for most, glass 0.1-100 GHz, wood
 * 0.001-100 GHz, brick 1-10 GHz, floorboard 50-100 GHz); values outside it are still
 * computed here, and the scene validator refuses a carrier outside it.
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

/**
 * Every material a scene uses (room walls, floor, ceiling and objects), sorted by name.
 *
 * @example
 * ```ts
 * import { loadNamedScene, PAPER_MATERIAL_NAMES, sceneMaterials } from "../scene/mod.ts";
 * const office = await loadNamedScene("office");
 * // The office uses only materials of the paper's Table I.
 * if (!sceneMaterials(office).every((m) => PAPER_MATERIAL_NAMES.includes(m))) throw new Error();
 * ```
 */
export function sceneMaterials(scene: Scene): MaterialName[] {
  const names = new Set<MaterialName>([
    scene.room.wallMaterial,
    scene.room.floorMaterial,
    scene.room.ceilingMaterial,
    ...scene.objects.map((o) => o.material),
  ]);
  return [...names].sort();
}
