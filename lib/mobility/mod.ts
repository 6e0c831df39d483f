/**
 * Mobility: walkable floor, random waypoint walkers, human bodies as blockers, rare
 * events (injected blockages, hotspots), and the episode simulator that turns them into
 * per-slot channels and labels ({@link Episode}).
 *
 * @module
 */
export * from "./bodies.ts";
export type * from "./episode.ts";
export * from "./random_waypoint.ts";
export * from "./rare_events.ts";
export * from "./simulate.ts";
export * from "./walkable.ts";
