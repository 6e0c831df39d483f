/**
 * The prediction study (how well each predictor forecasts the channel, per horizon 1..T,
 * all samples and rare events): `predictionStudyConfig`, `runPredictionStudy`,
 * `predictionStudyFigures`, `savePredictionStudy`, and the library call they are built
 * on, `predictorMetricRows` (episodes x predictors -> rows).
 *
 * @module
 */
export * from "./config.ts";
export * from "./evaluation.ts";
export * from "./run.ts";
export * from "./figures.ts";
export * from "./save.ts";
