/**
 * The one predictor interface every scheme of the control loop uses: from what the
 * twin knows up to its last synchronized slot, return `M` trajectories of `T` future
 * channel sets (`M = 1` for point forecasts). It lives in the channel layer because it
 * speaks only of channel matrices, so both the learned predictors (lib/models) and the
 * control loop (lib/twin, which re-exports it) can use it.
 *
 * @module
 */
import type { ComplexMatrix } from "../core/mod.ts";

/**
 * Predicted channels, `trajectories[m][t][b]`: `H_b` `[K, Nt]` of AP b in future slot t
 * of trajectory m. The same shape as beamforming's `WczfScenarios`, so a prediction is
 * a WC-ZF scenario set as it is.
 */
export type ChannelTrajectories = ReadonlyArray<ReadonlyArray<readonly ComplexMatrix[]>>;

/** What the twin knows: channels and RF reports up to and including `syncSlot`. */
export interface TwinHistory {
  /** Last slot whose CSI reached the twin. */
  readonly syncSlot: number;
  readonly apCount: number;
  readonly ueCount: number;
  readonly antennaCount: number;
  /** Channels of a past slot (`slot <= syncSlot`), `A` matrices `[K, Nt]`; throws for the future. */
  channels(slot: number): ComplexMatrix[];
  /** The rare-event flag reported for a past slot (0 or 1). */
  rareEvent(slot: number): number;
}

/** A channel predictor. */
export interface ChannelPredictor {
  /** Short name for tables and legends. */
  readonly name: string;
  /** Number of trajectories `M` it returns. */
  readonly trajectories: number;
  /**
   * `M` trajectories of the `horizon` slots after `history.syncSlot`:
   * `result[m][t][b]` is `H_b` `[K, Nt]` at slot `syncSlot + 1 + t`.
   */
  predict(
    history: TwinHistory,
    horizon: number,
  ): ChannelTrajectories | Promise<ChannelTrajectories>;
}
