/**
 * The power study (second system, UAV NTN case study, Fig. 3c/3d, notebook 06):
 * `powerStudyConfig`, `runPowerStudy`, `powerStudyFigures`, `savePowerStudy`.
 *
 * @module
 */
export * from "./config.ts";
export * from "./run.ts";
export * from "./figures.ts";
export * from "./save.ts";
