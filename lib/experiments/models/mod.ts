/**
 * Notebook 02 (cGAN and LSTM-DT training): the model summary, a short live training run,
 * channel statistics of real vs generated samples, blockage samples, and the shipped
 * weights with a fallback.
 *
 * @module
 */
export * from "./study.ts";
export * from "./figures.ts";
