/**
 * Scenes: the schema (types), material parameter sets, JSON validation and loading,
 * face extraction for the ray tracer, and AP layouts for density sweeps.
 *
 * @module
 */
export type * from "./types.ts";
export * from "./faces.ts";
export * from "./layouts.ts";
export * from "./materials.ts";
export * from "./parse.ts";
