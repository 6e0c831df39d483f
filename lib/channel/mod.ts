/**
 * Channels: UPA steering vectors, element patterns, channel matrices `[K, Nt]` from
 * ray-traced paths, path-loss references, delay spread and radio maps.
 *
 * @module
 */
export * from "./channel.ts";
export * from "./delay_spread.ts";
export * from "./element_pattern.ts";
export * from "./pathloss.ts";
export * from "./radio_map.ts";
export * from "./upa.ts";
export * from "./codebook.ts";
export * from "./tracking.ts";
export * from "./predictor.ts";
export * from "./linear_prediction.ts";
