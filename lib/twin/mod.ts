/**
 * The digital-twin control loop: one predictor interface for every scheme, the
 * reactive baseline, the predictive WC-ZF schemes, and the slot-by-slot loop.
 *
 * @module
 */
export * from "./association.ts";
export * from "./channels.ts";
export * from "./history.ts";
export * from "./loop.ts";
export * from "./predictor.ts";
export * from "./predictors.ts";
export * from "./schemes.ts";
export * from "../channel/linear_prediction.ts";
