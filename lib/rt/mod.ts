/**
 * Ray tracing: image-method specular paths, occlusion, slab transmission, with
 * polarization tracked through every interaction.
 *
 * @module
 */
export * from "./types.ts";
export { createPathTracer, type PathTracer, tracePaths } from "./trace.ts";
