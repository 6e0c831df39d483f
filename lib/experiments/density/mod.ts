/**
 * The density study (Fig. 3c, notebook 04): `densityStudyConfig`, `runDensityStudy`,
 * `densityStudyFigures`, `saveDensityStudy`.
 *
 * @module
 */
export * from "./config.ts";
export * from "./run.ts";
export * from "./figures.ts";
export * from "./save.ts";
