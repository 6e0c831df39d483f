/**
 * Experiments: one folder per study, each with the same four steps — `xConfig(preset)`,
 * `runX(config)`, `xFigures(result)`, `saveX(result, outDir)` — shared by the notebooks
 * and `deno task figures`, so the two never drift apart:
 *
 * | study | folder | notebook |
 * |---|---|---|
 * | channel synthesis | `channel/` | 01 |
 * | mobility and rare events | `mobility/` | 01b |
 * | model training views | `models/` | 02 |
 * | WC-ZF, Fig. 3a/3b and ablations | `wczf/` | 03 |
 * | density, Fig. 3c | `density/` | 04 |
 * | recovery time, Fig. 4 | `recovery/` | 05 |
 * | second system: energy-aware power control, UAV NTN | `power/` | 06 |
 *
 * Around them: the scheme registry (`schemes.ts`) and the scheme sets
 * (`scheme_sets.ts`, `learned_schemes.ts`), seeds and spreads (`spread.ts`), tables
 * (`tables.ts`), the reproduction table (`reproduction/`) and every step in one call
 * (`all_figures.ts`). The paper's numbers live in `core/paper.ts`.
 *
 * @module
 */
export * from "./presets.ts";
export * from "./progress.ts";
export * from "./schemes.ts";
export * from "./scheme_sets.ts";
export * from "./spread.ts";
export * from "./tables.ts";
export * from "./channel/mod.ts";
export * from "./mobility/mod.ts";
export * from "./models/mod.ts";
export * from "./wczf/mod.ts";
export * from "./robustness/mod.ts";
export * from "./prediction/mod.ts";
export * from "./density/mod.ts";
export * from "./recovery/mod.ts";
export * from "./power/mod.ts";
export * from "./learned_schemes.ts";
export * from "./reproduction/mod.ts";
export * from "./all_figures.ts";
export * from "./shards.ts";
export * from "./scene_source.ts";
