/**
 * The predictor interface of the control loop. It is defined in the channel layer
 * (`lib/channel/predictor.ts`, so lib/models can implement it without importing the
 * twin) and re-exported here for users of lib/twin.
 *
 * @module
 */
export type { ChannelPredictor, ChannelTrajectories, TwinHistory } from "../channel/predictor.ts";
