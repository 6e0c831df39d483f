/**
 * The episode: what the digital twin simulates slot by slot, and what the dataset
 * stores. Every per-slot array is flat and row-major with its shape in the doc, so it
 * maps one-to-one onto an NPY file.
 *
 * Shapes: S slots, A APs, K UEs, Nt antennas per AP.
 *
 * @module
 */

/** One simulated episode. */
export interface Episode {
  /** Scene file name (without `.json`) the episode ran in. */
  readonly sceneName: string;
  /** Material set used for the ray tracing ("paper" or "itu"). */
  readonly materialSet: string;
  /** Seed the episode was generated from. */
  readonly seed: number;
  readonly slotCount: number;
  readonly apCount: number;
  readonly ueCount: number;
  readonly antennaCount: number;
  /** Slot duration, s (10 ms). */
  readonly slotDurationS: number;
  /** UE positions, m, `[S, K, 3]` float32. */
  readonly uePositionsM: Float32Array;
  /**
   * Downlink channels, `[S, A, K, Nt]` complex64 stored interleaved (re, im) as
   * float32, so the buffer holds `2 * S * A * K * Nt` numbers; entry (s, b, k) is the
   * row `h_{k,b}^H` of `H_b` at slot s (see lib/channel/channel.ts).
   */
  readonly channels: Float32Array;
  /** Serving AP per UE (max RSSI), `[S, K]` int32. */
  readonly servingAp: Int32Array;
  /** RSSI from the serving AP with its best codebook beam, dBm, `[S, K]` float32. */
  readonly rssiDbm: Float32Array;
  /** Index of the serving AP's best codebook beam, `[S, K]` int32. */
  readonly beamIndex: Int32Array;
  /** 1 where a body blocks the UE's direct path to its serving AP, `[S, K]` uint8. */
  readonly blocked: Uint8Array;
  /**
   * 1 where the UE is a member of the active hotspot group and inside its disc,
   * `[S, K]` uint8.
   */
  readonly hotspot: Uint8Array;
  /**
   * 1 in slots where at least one UE has a rare event, `[S]` uint8: `rareEvent[s] =
   * max_k rareEventUe[s, k]` (see {@link Episode.rareEventUe}).
   */
  readonly rareEvent: Uint8Array;
  /**
   * Per-UE rare-event label, `[S, K]` uint8 (the simulator always fills it; dataset
   * shards store it as `rare_event_ue.npy`). `rareEventUe[s, k] = 1` iff
   *
   * - UE k is the target of at least one injected blockage walker that is on the floor
   *   in slot s, AND UE k is blocked in slot s (`blocked[s, k] = 1`: the body loss on
   *   the straight ray from its serving AP, `servingBodyLossDb[s, k]`, exceeds the
   *   blocked threshold, 3 dB by default; the loss may come from any body); or
   * - UE k is a hotspot member inside the hotspot disc (`hotspot[s, k] = 1`).
   *
   * A UE that no injected walker on the floor targets is flagged only in a hotspot,
   * however deep its fade (background walkers and carriers alone never flag it).
   * An injected walker is on the floor for about 2 s but shadows its target for only a
   * fraction of that (around its crossing), so this label marks the slots in which the
   * injected event actually hurts the link; the configured event rates (one injection
   * per 200 ms network-wide, a hotspot in 12.5 % of episodes) are unchanged. Studies
   * read it through `rareEventMask` (lib/mobility/labels.ts).
   */
  readonly rareEventUe: Uint8Array;
  /**
   * Reference SINR, dB, `[S, K]` float32 (filled by the simulator; optional only so
   * that hand-made episodes may omit it): eq. (5) under coordinated ZF on the slot's
   * true channels (the float32 values of `channels`), max-RSSI association
   * (`servingAp`), 23 dBm per AP split equally over its served UEs, noise
   * `NOISE_POWER_W`; see lib/mobility/reference_sinr.ts. Recomputable from the stored
   * channels with `episodeReferenceSinrDb`.
   */
  readonly sinrDb?: Float32Array;
  /** 1 in the slot where an injected blockage event starts, `[S]` uint8. */
  readonly blockageOnset: Uint8Array;
  /**
   * Optional: body loss on the straight ray from the serving AP to the UE, dB, `[S, K]`
   * float32 (the quantity the `blocked` label thresholds).
   */
  readonly servingBodyLossDb?: Float32Array;
  /** Optional: 1 in slots where at least one injected walker is on the floor, `[S]` uint8. */
  readonly injectedBlockageActive?: Uint8Array;
  /** Optional: UE targeted by the injected blockage starting in each slot, -1 if none, `[S]` int32. */
  readonly blockageTargetUe?: Int32Array;
}
