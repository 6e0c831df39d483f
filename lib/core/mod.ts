/**
 * Core: complex linear algebra, seeded random streams, units, argument checks,
 * 3-D vectors and path handling. Imports nothing else of the project.
 *
 * @module
 */
export * from "./complex.ts";
export * from "./errors.ts";
export * from "./paper.ts";
export * from "./paths.ts";
export * from "./random.ts";
export * from "./units.ts";
export * as vec3 from "./vec3.ts";
export type { Vec3 } from "./vec3.ts";
