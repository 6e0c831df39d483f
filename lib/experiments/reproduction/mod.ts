/**
 * The reproduction table: the paper's numbers beside ours, with reasons chosen by rules
 * over the run's data.
 *
 * @module
 */
export * from "./measured.ts";
export * from "./reasons.ts";
export * from "./rows.ts";
export * from "./format.ts";
