/**
 * Electromagnetics: material permittivity, Fresnel half-space and slab coefficients,
 * knife-edge diffraction and screen (human body) blockage. Imports only `core` (and
 * the scene schema's types).
 *
 * @module
 */
export * as complexScalar from "./complex_scalar.ts";
export * from "./coefficients.ts";
export * from "./fresnel.ts";
export * from "./knife_edge.ts";
export * from "./permittivity.ts";
export * from "./slab.ts";
