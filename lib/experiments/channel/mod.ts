/**
 * The channel study (notebook 01): `channelStudyConfig`, `runChannelStudy`,
 * `channelStudyFigures`, `saveChannelStudy`, and the tidy rows and figure builders the
 * notebook uses one by one.
 *
 * @module
 */
export * from "./config.ts";
export * from "./rows.ts";
export * from "./run.ts";
export * from "./figures.ts";
export * from "./save.ts";
