/**
 * The one predictor interface every scheme of the control loop uses: from what the
 * twin knows up to its last synchronized slot, return `M` trajectories of `T` future
 * channel sets (`M = 1` for point forecasts).
 *
 * @module
 */
import type { ComplexMatrix } from "../core/mod.ts";
import type { WczfScenarios } from "../beamforming/mod.ts";

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
  predict(history: TwinHistory, horizon: number): WczfScenarios | Promise<WczfScenarios>;
}
