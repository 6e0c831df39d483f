/**
 * Energy: the EARTH base-station power model, a battery with state of charge, QoS as a
 * per-user SINR target with its outage, and the minimum-power controller (proactive on
 * predicted SINR, reactive on the last measured SINR). Imports only `lib/core`.
 *
 * @example
 * ```ts
 * import { EARTH_DEFAULT, earthInputPowerForFractionW, proactivePower } from "./mod.ts";
 * const d = proactivePower({ predictedSinrFullPowerDb: [[15]], targetDb: 5, marginDb: 0 });
 * console.log(earthInputPowerForFractionW(EARTH_DEFAULT, d.powerFraction).toFixed(2)); // 115.28
 * ```
 *
 * @module
 */
export * from "./battery.ts";
export * from "./controller.ts";
export * from "./power_model.ts";
export * from "./qos.ts";
