/**
 * Experiments: one function per paper figure or study, shared by the notebooks and
 * `deno task figures`, so the two never drift apart.
 *
 * @module
 */
export * from "./presets.ts";
export * from "./progress.ts";
export * from "./channel_aging.ts";
export * from "./channel_synthesis.ts";
export * from "./channel_figures.ts";
export * from "./channel_study.ts";
export * from "./mobility_rows.ts";
export * from "./mobility_figures.ts";
export * from "./mobility_study.ts";
export * from "./tables.ts";
export * from "./wczf_evaluation.ts";
export * from "./wczf_figures.ts";
export * from "./wczf_study.ts";
export * from "./figures_common.ts";
export * from "./density_sweep.ts";
export * from "./recovery_study.ts";
export * from "./models_study.ts";
export * from "./models_figures.ts";
export * from "./figures_wczf.ts";
export * from "./learned_schemes.ts";
export * from "./reproduction.ts";
export * from "./figures_all.ts";
