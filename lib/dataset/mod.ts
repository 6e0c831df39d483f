/**
 * Dataset: episodes stored once as NumPy `.npy` shards with a checksummed manifest,
 * built resumably, split by episode, and read back as windows (tau past + T future
 * slots) that are views, not copies.
 *
 * Folder layout:
 *
 * ```text
 * <dataset>/
 *   manifest.json                 format, preset, seed, code version, splits, shards + SHA-256
 *   episode-00000/                one shard = one episode
 *     channels.npy                <c8 [S, A, K, Nt]
 *     ue_positions_m.npy          <f4 [S, K, 3]
 *     serving_ap.npy              <i4 [S, K]
 *     rssi_dbm.npy                <f4 [S, K]
 *     beam_index.npy              <i4 [S, K]
 *     blocked.npy                 |u1 [S, K]
 *     hotspot.npy                 |u1 [S, K]
 *     rare_event.npy              |u1 [S]     (= any UE's rare_event_ue)
 *     blockage_onset.npy          |u1 [S]
 *     serving_body_loss_db.npy    <f4 [S, K]  (when the simulator provides it)
 *     injected_blockage_active.npy |u1 [S]    (when the simulator provides it)
 *     rare_event_ue.npy           |u1 [S, K]  (per-UE rare-event label)
 *     sinr_db.npy                 <f4 [S, K]  (when the simulator provides it)
 *   episode-00001/ ...
 *   .tmp-episode-00007/           only while a shard is being written
 * ```
 *
 * Layering: dataset uses core, scene, channel and mobility (whose reference SINR map
 * uses beamforming, a core-only layer); `simulated_episodes.ts` runs the simulator,
 * optionally in Deno Workers (`episode_worker.ts`).
 *
 * @module
 */
export * from "./builder.ts";
export * from "./checksum.ts";
export * from "./code_version.ts";
export * from "./guard.ts";
export * from "./label_stats.ts";
export * from "./manifest.ts";
export * from "./npy.ts";
export * from "./presets.ts";
export * from "./progress.ts";
export * from "./reader.ts";
export * from "./shards.ts";
export * from "./simulated_episodes.ts";
export * from "./splits.ts";
export * from "./windows.ts";
