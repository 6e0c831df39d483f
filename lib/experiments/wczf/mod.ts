/**
 * The WC-ZF study (Fig. 3a/3b, ablations; notebook 03): `wczfStudyConfig`,
 * `runWczfStudy`, `wczfStudyFigures`, `saveWczfStudy`, and the single-episode
 * evaluation they are built on.
 *
 * @module
 */
export * from "./config.ts";
export * from "./evaluation.ts";
export * from "./run.ts";
export * from "./figures.ts";
export * from "./save.ts";
