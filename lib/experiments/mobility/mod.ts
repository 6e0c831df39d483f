/**
 * The mobility study (notebook 01b): `mobilityStudyConfig`, `runMobilityStudy`,
 * `mobilityStudyFigures`, `saveMobilityStudy`, with the rows (trajectories, a blockage
 * event, a hotspot, rare-event statistics, channel aging) and figure builders.
 *
 * @module
 */
export * from "./config.ts";
export * from "./rows.ts";
export * from "./channel_aging.ts";
export * from "./run.ts";
export * from "./figures.ts";
export * from "./save.ts";
