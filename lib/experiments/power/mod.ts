/**
 * The power study (second system, UAV NTN case study, Fig. 3c/3d, notebook 06):
 * `powerStudyConfig`, `runPowerStudy`, `powerStudyFigures`, `savePowerStudy`,
 * `loadPowerGenerative` (the trained generator of the cGAN schemes, or the stand-in).
 *
 * @module
 */
export * from "./config.ts";
export * from "./run.ts";
export * from "./figures.ts";
export * from "./save.ts";
export * from "./generative.ts";
