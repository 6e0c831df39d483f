/**
 * Mobility: walkable floor, random waypoint walkers, human bodies as blockers, rare
 * events (injected blockages, hotspots), and the episode simulator that turns them into
 * per-slot channels and labels ({@link Episode}), including a reference SINR map under
 * coordinated ZF.
 *
 * Layering: mobility uses core, scene, channel, and beamforming (for the reference
 * SINR only; beamforming itself imports nothing but core).
 *
 * @module
 */
export * from "./bodies.ts";
export type * from "./episode.ts";
export * from "./labels.ts";
export * from "./random_waypoint.ts";
export * from "./rare_events.ts";
export * from "./reference_sinr.ts";
export * from "./simulate.ts";
export * from "./slot_channels.ts";
export * from "./walkable.ts";
