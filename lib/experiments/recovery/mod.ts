/**
 * The recovery study (Fig. 4, notebook 05): `recoveryStudyConfig`, `runRecoveryStudy`,
 * `recoveryStudyFigures`, `saveRecoveryStudy`.
 *
 * @module
 */
export * from "./config.ts";
export * from "./run.ts";
export * from "./figures.ts";
export * from "./save.ts";
