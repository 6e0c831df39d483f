/**
 * The robustness study (the WC-ZF gains under per-path phase jitter, reflection order 5,
 * noisy CSI and UE oscillator phase): `robustnessStudyConfig`, `runRobustnessStudy`,
 * `robustnessStudyFigures`, `saveRobustnessStudy`.
 *
 * @module
 */
export * from "./config.ts";
export * from "./run.ts";
export * from "./figures.ts";
export * from "./save.ts";
