/**
 * The UAV non-terrestrial-network case study of the second system (issue 15): scenario
 * (buildings, flight path, clustered random-waypoint users, traffic), outdoor
 * propagation (two-ray with knife-edge building blockage) into the UPA channel, the
 * 3GPP TR 38.811 check, MMSE channel estimation and Kalman tracking.
 *
 * @module
 */
export * from "./scenario.ts";
export * from "./propagation.ts";
export * from "./tr38811.ts";
export * from "./estimation.ts";
export * from "./control.ts";
