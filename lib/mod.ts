/**
 * The GenAI digital-twin workbench library: one import for notebooks and tools.
 *
 * Layers follow the data flow (each imports only the ones before it):
 * `core` -> `scene` / `em` -> `rt` -> `channel` -> ... -> `plot` -> `experiments`.
 *
 * The headline functions of the channel synthesizer:
 * - {@link fresnelCoefficients}: TE/TM reflection of a half-space (lib/em)
 * - {@link ituMaterial}: ITU-R P.2040 permittivity and conductivity (lib/scene)
 * - {@link pathLoss38901InH}: 3GPP TR 38.901 InH-Office reference (lib/channel)
 * - {@link upaSteeringVector}: eq. (2), unit-norm UPA steering vector (lib/channel)
 * - {@link tracePaths}: image-method paths between two points (lib/rt)
 * - {@link channelMatrix}: `[K, Nt]` channel matrix of one AP (lib/channel)
 *
 * @example
 * ```ts
 * import { channelMatrix, loadNamedScene } from "./mod.ts";
 * const scene = await loadNamedScene("office");
 * const h = channelMatrix(scene, { apIndex: 0, uePositions: [[3, 4, 1]] });
 * console.log(h.rows, h.cols); // 1 64
 * ```
 *
 * @module
 */
export * from "./core/mod.ts";
export * from "./scene/mod.ts";
export * from "./em/mod.ts";
export * from "./rt/mod.ts";
export * from "./channel/mod.ts";
