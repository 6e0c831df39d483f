/**
 * One episode of the digital twin, slot by slot: UEs on random waypoints (each carried
 * by a person), background walkers, injected blockages and hotspots, tracked ray-traced
 * channels with per-path body losses, max-RSSI association over a DFT codebook, and
 * the labels of {@link Episode}.
 *
 * Per slot s (duration `slotDurationS`):
 *
 * 1. walkers advance (slot 0 is the initial state); a hotspot starts/ends at its slots;
 * 2. one Bernoulli(`blockageProbabilityPerSlot`) draw: on success a walker is injected
 *    across a uniformly chosen UE's link to its serving AP of the previous slot (slot
 *    0: the horizontally nearest AP), see `rare_events.ts`;
 * 3. bodies: each UE's carrier stands `carrierOffsetM` behind the UE (against its
 *    heading) and blocks the other UEs' paths but not its own UE's (a hand-held UE in
 *    front of its carrier is not shadowed by it towards the ceiling APs it faces; a
 *    self-blockage model would add a constant, not a dynamic, loss); background
 *    walkers and injected walkers block every path;
 * 4. channels: each link's paths are tracked (`createChannelTracker`), every path's
 *    gain is scaled by `10^(-L/20)` with `L` its body loss (all segments, all bodies)
 *    and, with `pathPhaseJitterRad > 0`, rotated by its phase random walk; the row
 *    `h_{k,b}^H` is formed from these paths and stored, times the UE's oscillator
 *    phase `exp(j phi[s, k])` when `oscillatorPhase` is on (the stored row only);
 * 5. association: RSSI_b = P_tx,b + 10 log10(max_i |h_{k,b}^H f_i|^2) over the DFT
 *    codebook; serving AP = argmax_b;
 * 6. labels: `blocked` = body loss on the straight ray from the serving AP to the UE
 *    above `blockedThresholdDb` (3 dB); `hotspot` = a member of the active hotspot
 *    group inside its disc; `rareEventUe` = (the UE is the target of an injected walker
 *    on the floor AND blocked) OR hotspot, `rareEvent` = any UE's `rareEventUe` (see
 *    {@link Episode}); `blockageOnset` = an injection in this slot;
 * 7. reference SINR: `sinrDb` = eq. (5) under coordinated ZF on the slot's stored
 *    (float32) channels with this slot's association (`slotReferenceSinrDb`).
 *
 * Random streams (one per purpose, see `Rng.stream`): "ue-walk-k", "background-j",
 * "body-heights", "blockage", "hotspot", "forced-blockage", and, only when their
 * option is on (so that the others, and the outputs, are unchanged when it is off),
 * "path-phase-jitter" and "oscillator-phase".
 *
 * @module
 */
import {
  createRng,
  PAPER_SETUP,
  PAPER_SLOT_MS,
  type Rng,
  type Vec3,
  wavelengthM,
} from "../core/mod.ts";
import {
  bestBeam,
  type ChannelModel,
  createChannelModel,
  createChannelTracker,
  createDftCodebook,
  DEFAULT_RETRACE_DISTANCE_M,
  type ElementPattern,
  trackedChannelRow,
} from "../channel/mod.ts";
import type { MaterialSet, Scene } from "../scene/mod.ts";
import {
  type Body,
  type BodyField,
  createBodyField,
  fieldPathBodyLossDb,
  segmentBodyLossDb,
  setBodyField,
} from "./bodies.ts";
import type { Episode } from "./episode.ts";
import { createRandomWaypointWalker, type RandomWaypointWalker } from "./random_waypoint.ts";
import {
  BLOCKED_THRESHOLD_DB,
  type HotspotPlan,
  type InjectedWalker,
  injectedWalkerPosition,
  planHotspot,
  planInjectedBlockage,
} from "./rare_events.ts";
import { slotReferenceSinrDb } from "./reference_sinr.ts";
import { slotChannelMatrices } from "./slot_channels.ts";
import { createWalkableArea } from "./walkable.ts";

/** Episode configuration; every field has a named default in {@link DEFAULT_EPISODE_CONFIG}. */
export interface EpisodeConfig {
  /** Slots per episode. */
  readonly slotCount: number;
  /** Slot duration, s. */
  readonly slotDurationS: number;
  /** UEs `K`. */
  readonly ueCount: number;
  /** Leg speed range of random waypoint, m/s. */
  readonly minSpeedMPerS: number;
  readonly maxSpeedMPerS: number;
  /** Mean exponential pause at a waypoint, s. */
  readonly meanPauseS: number;
  /** Network-wide probability of an injected blockage per slot. */
  readonly blockageProbabilityPerSlot: number;
  /** Speed range of injected walkers, m/s. */
  readonly blockageWalkerSpeedMPerS: readonly [number, number];
  /** Injected walkers start this far to the side of the link, m. */
  readonly blockageSideOffsetM: number;
  /** Injected walkers cross this far from the UE towards the AP, m. */
  readonly blockageCrossingDistanceM: readonly [number, number];
  /**
   * Blockages forced at chosen slots, on top of the random ones (Fig. 4): for each
   * entry an injected walker (same planning as the random ones, its own random stream
   * "forced-blockage") appears with its leading edge {@link FORCED_BLOCKAGE_APPROACH_M}
   * from the UE's serving link (a person stepping out from behind something), timed so
   * that the edge reaches the link at `slot`, walks across and disappears once it is as
   * far on the other side. Default none.
   */
  readonly forcedBlockages: readonly ForcedBlockage[];
  /** Probability that an episode has a hotspot. */
  readonly hotspotProbability: number;
  /** Hotspot group size range (inclusive). */
  readonly hotspotSize: readonly [number, number];
  /** Hotspot disc radius, m. */
  readonly hotspotRadiusM: number;
  /** Hotspot duration range, s. */
  readonly hotspotDurationS: readonly [number, number];
  /** People walking without a UE (they still block). */
  readonly backgroundWalkers: number;
  /** Distance of a UE's carrier behind the UE, m. */
  readonly carrierOffsetM: number;
  /** Body screen width, m. */
  readonly bodyWidthM: number;
  /** Body height range, m. */
  readonly bodyHeightM: readonly [number, number];
  /**
   * Paths weaker than the link's strongest path by more than this (dB, <= 0) skip the
   * body-loss computation (they keep amplitude 1): together they carry a negligible
   * share of the link's power, and this halves the body-loss cost. `-Infinity`
   * attenuates every path.
   */
  readonly bodyLossMinRelativePowerDb: number;
  /** Threshold of the `blocked` label, dB. */
  readonly blockedThresholdDb: number;
  /** Ray tracing order. */
  readonly maxReflectionOrder: number;
  /** Material set of the ray tracing. */
  readonly materialSet: MaterialSet;
  /** AP element pattern. */
  readonly elementPattern: ElementPattern;
  /** Retrace distance of the path tracker, m. */
  readonly retraceDistanceM: number;
  /** DFT codebook oversampling per axis. */
  readonly codebookOversampling: number;
  /**
   * Per-path phase jitter, rad per slot (>= 0; default 0: off, and the episode is
   * bit-identical to one simulated without this field). Each tracked path of each link
   * gets an extra phase that follows a random walk: every slot (slot 0 included) it
   * gains `pathPhaseJitterRad * N(0, 1)` (stream "path-phase-jitter", created only when
   * > 0), and the path's complex gain is multiplied by `exp(j phase)` before the row
   * `h_{k,b}^H` is formed (so RSSI, beam choice and labels see it). It stands for what
   * the scene does not contain (diffuse scattering, hand micro-motion, small moving
   * objects). The walk state is kept per (AP, UE, path index): a path index that first
   * appears starts at 0; when a retrace leaves a link with fewer paths the extra indices
   * are dropped (and restart at 0 if they reappear). A retrace may reassign indices to
   * different paths, so a path's jitter is continuous between retraces only.
   */
  readonly pathPhaseJitterRad: number;
  /**
   * UE oscillator phase (default false: off, bit-identical episodes). When on, every
   * stored channel row of UE k in slot s (all APs of that UE together) is multiplied by
   * one common phase `exp(j phi[s, k])`, `phi` uniform in [0, 2 pi) and independent per
   * (slot, UE) (stream "oscillator-phase", created only when on): a free-running local
   * oscillator whose phase is not tracked from slot to slot. It is applied only to
   * `channels`; RSSI, beams and labels depend on `|h^H f|` and are unchanged, and ZF and
   * eq. (5) SINR are blind to a per-UE common phase (the reference `sinrDb` moves by
   * float32 round-off only).
   */
  readonly oscillatorPhase: boolean;
}

/** Distance of a forced walker's leading edge from the link when it appears, m. */
export const FORCED_BLOCKAGE_APPROACH_M = 0.2;

/** A blockage forced on UE `ue` whose shadow starts at slot `slot` (see {@link EpisodeConfig}). */
export interface ForcedBlockage {
  /** Slot at which the walker's leading edge reaches the link. */
  readonly slot: number;
  /** Target UE index. */
  readonly ue: number;
}

/**
 * Defaults of {@link EpisodeConfig}: the paper's Table I where it says (`PAPER_SETUP`),
 * the choices of docs/model.md, "Mobility and blockage", elsewhere.
 */
export const DEFAULT_EPISODE_CONFIG: EpisodeConfig = Object.freeze({
  slotCount: PAPER_SETUP.episodeSlots,
  slotDurationS: PAPER_SLOT_MS / 1000,
  ueCount: PAPER_SETUP.ueCount,
  minSpeedMPerS: 0.3,
  maxSpeedMPerS: PAPER_SETUP.maxSpeedMps,
  meanPauseS: 2,
  blockageProbabilityPerSlot: PAPER_SETUP.blockageProbabilityPerSlot,
  blockageWalkerSpeedMPerS: [0.8, 1.2] as const,
  blockageSideOffsetM: 1,
  blockageCrossingDistanceM: [0.5, 1.5] as const,
  forcedBlockages: Object.freeze([]) as readonly ForcedBlockage[],
  hotspotProbability: 0.125,
  hotspotSize: PAPER_SETUP.hotspotUes,
  hotspotRadiusM: PAPER_SETUP.hotspotRadiusMeters,
  hotspotDurationS: [5, 10] as const,
  backgroundWalkers: 5,
  carrierOffsetM: 0.3,
  bodyWidthM: 0.3,
  bodyHeightM: [1.7, 1.8] as const,
  bodyLossMinRelativePowerDb: -40,
  blockedThresholdDb: BLOCKED_THRESHOLD_DB,
  maxReflectionOrder: 2,
  materialSet: "itu" as MaterialSet,
  elementPattern: "3gpp" as ElementPattern,
  retraceDistanceM: DEFAULT_RETRACE_DISTANCE_M,
  codebookOversampling: 1,
  pathPhaseJitterRad: 0,
  oscillatorPhase: false,
});

/** Time spent per stage over an episode, ms (filled when `options.profile` is given). */
export interface SimulationProfile {
  mobilityMs: number;
  tracingMs: number;
  trackingMs: number;
  bodyLossMs: number;
  channelRowsMs: number;
  associationMs: number;
  /** Reference SINR map (coordinated ZF per slot). */
  sinrMs: number;
  totalMs: number;
  traces: number;
  trackedUpdates: number;
}

/** Options of {@link simulateEpisode}. */
export interface SimulateOptions {
  /** Called after each slot with (slots done, total). */
  readonly onProgress?: (slot: number, total: number) => void;
  /**
   * A channel model to reuse (must be of `scene`; its tracing options take precedence
   * over `maxReflectionOrder` / `materialSet` of the config).
   */
  readonly model?: ChannelModel;
  /** Filled with the time per stage when given. */
  readonly profile?: SimulationProfile;
}

/** An empty {@link SimulationProfile}. */
export function createSimulationProfile(): SimulationProfile {
  return {
    mobilityMs: 0,
    tracingMs: 0,
    trackingMs: 0,
    bodyLossMs: 0,
    channelRowsMs: 0,
    associationMs: 0,
    sinrMs: 0,
    totalMs: 0,
    traces: 0,
    trackedUpdates: 0,
  };
}

/**
 * Simulates one episode.
 *
 * @param scene the scene (its APs, objects and UE height).
 * @param config overrides of {@link DEFAULT_EPISODE_CONFIG}.
 * @param seed the episode's seed (recorded in the episode), or an `Rng` whose streams are
 *   used (the episode then records seed -1).
 * @param options progress callback, a reusable channel model, profiling.
 *
 * @example
 * ```ts
 * import { loadNamedScene } from "../scene/mod.ts";
 * import { simulateEpisode } from "./simulate.ts";
 * const scene = await loadNamedScene("office");
 * const ep = simulateEpisode(scene, { slotCount: 5, ueCount: 2, maxReflectionOrder: 0 }, 7);
 * if (ep.channels.length !== 2 * 5 * 3 * 2 * 64) throw new Error("[S, A, K, Nt] complex");
 * ```
 */
export function simulateEpisode(
  scene: Scene,
  config: Partial<EpisodeConfig>,
  seed: number | Rng,
  options: SimulateOptions = {},
): Episode {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config must be an object, got ${config}`);
  }
  const cfg: EpisodeConfig = { ...DEFAULT_EPISODE_CONFIG, ...config };
  validateConfig(cfg);
  const rng = typeof seed === "number" ? createRng(seed) : seed;
  if (!(rng && typeof rng.stream === "function")) {
    throw new TypeError("seed must be a number or an Rng");
  }
  const { onProgress, profile } = options;
  const now = profile ? () => performance.now() : () => 0;
  const tStart = now();
  const model = options.model ??
    createChannelModel(scene, {
      maxReflectionOrder: cfg.maxReflectionOrder,
      materialSet: cfg.materialSet,
      elementPattern: cfg.elementPattern,
    });
  if (model.scene !== scene) throw new RangeError("options.model must be built on `scene`");

  const crowd = createCrowd(scene, cfg, rng);
  const out = allocateEpisodeArrays(cfg.slotCount, model.apCount, cfg.ueCount, model.antennaCount);
  const links = createLinkState(scene, model, cfg, { timing: profile !== undefined, out, rng });
  const S = cfg.slotCount;
  for (let s = 0; s < S; s++) {
    const t0 = now();
    moveCrowd(crowd, s); // 1.
    placeUes(crowd, s, out); // 1.
    injectBlockages(crowd, s, links.prevServing, out); // 2.
    const bodies = placeBodies(crowd, s, out); // 3.
    if (profile) profile.mobilityMs += now() - t0;
    simulateLinks(crowd, links, bodies, s, out, { profile, now }); // 4.-6.
    const t1 = now();
    storeReferenceSinr(links, s, out); // 7.
    if (profile) profile.sinrMs += now() - t1;
    onProgress?.(s + 1, S);
  }

  if (profile) {
    const stats = links.tracker.stats;
    profile.tracingMs += stats.traceMs;
    profile.trackingMs += stats.updateMs;
    profile.traces += stats.traces;
    profile.trackedUpdates += stats.updates;
    profile.totalMs += now() - tStart;
  }
  return {
    sceneName: scene.name,
    materialSet: model.options.materialSet ?? "itu",
    seed: typeof seed === "number" ? seed : -1,
    slotCount: S,
    apCount: model.apCount,
    ueCount: cfg.ueCount,
    antennaCount: model.antennaCount,
    slotDurationS: cfg.slotDurationS,
    ...out,
  };
}

/** The per-slot arrays of an {@link Episode}, `[S, K]` (or `[S]`, `[S, K, 3]`, `[S, A, K, Nt]` complex). */
interface EpisodeArrays {
  readonly uePositionsM: Float32Array;
  readonly channels: Float32Array;
  readonly servingAp: Int32Array;
  readonly rssiDbm: Float32Array;
  readonly beamIndex: Int32Array;
  readonly blocked: Uint8Array;
  readonly hotspot: Uint8Array;
  readonly rareEvent: Uint8Array;
  readonly rareEventUe: Uint8Array;
  readonly sinrDb: Float32Array;
  readonly blockageOnset: Uint8Array;
  readonly servingBodyLossDb: Float32Array;
  readonly injectedBlockageActive: Uint8Array;
  readonly blockageTargetUe: Int32Array;
}

/** Zeroed outputs of an episode of `S` slots, `A` APs, `K` UEs, `Nt` antennas. */
function allocateEpisodeArrays(S: number, A: number, K: number, Nt: number): EpisodeArrays {
  return {
    uePositionsM: new Float32Array(S * K * 3),
    channels: new Float32Array(2 * S * A * K * Nt),
    servingAp: new Int32Array(S * K),
    rssiDbm: new Float32Array(S * K),
    beamIndex: new Int32Array(S * K),
    blocked: new Uint8Array(S * K),
    hotspot: new Uint8Array(S * K),
    rareEvent: new Uint8Array(S),
    rareEventUe: new Uint8Array(S * K),
    sinrDb: new Float32Array(S * K),
    blockageOnset: new Uint8Array(S),
    servingBodyLossDb: new Float32Array(S * K),
    injectedBlockageActive: new Uint8Array(S),
    blockageTargetUe: new Int32Array(S).fill(-1),
  };
}

/** A forced blockage with its walker's speed (m/s) and the slot at which it appears. */
interface PlannedForcedBlockage extends ForcedBlockage {
  readonly speed: number;
  readonly spawnSlot: number;
}

/** Everybody who walks in the episode, with the random streams that move them. */
interface Crowd {
  readonly scene: Scene;
  readonly cfg: EpisodeConfig;
  readonly area: ReturnType<typeof createWalkableArea>;
  /** `[K]` UE positions of the current slot, m. */
  readonly positions: Vec3[];
  readonly ueWalkers: RandomWaypointWalker[];
  readonly background: RandomWaypointWalker[];
  /** `[K]` the person carrying UE k. */
  readonly carriers: Body[];
  readonly backgroundBodies: Body[];
  /** Injected walkers still on the floor (or not yet gone). */
  readonly injected: { walker: InjectedWalker; body: Body }[];
  /** Draws one body height from "body-heights", m. */
  readonly bodyHeight: () => number;
  readonly blockageRng: Rng;
  readonly forcedRng: Rng;
  readonly forced: readonly PlannedForcedBlockage[];
  readonly hotspot: HotspotPlan | null;
  /** `[K]` 1 while UE k belongs to the active hotspot group. */
  readonly hotspotMember: Uint8Array;
  /** `[K]` 1 when an injected walker on the floor targets UE k (this slot). */
  readonly targeted: Uint8Array;
}

/**
 * The walkers, bodies, hotspot plan and forced blockages of an episode, drawn in this
 * order from their streams: "ue-walk-k", "background-j", "body-heights" (carriers, then
 * background walkers), "hotspot", "forced-blockage" (one speed per forced blockage).
 */
function createCrowd(scene: Scene, cfg: EpisodeConfig, rng: Rng): Crowd {
  const K = cfg.ueCount, dt = cfg.slotDurationS;
  const area = createWalkableArea(scene);
  const walkOptions = {
    minSpeedMPerS: cfg.minSpeedMPerS,
    maxSpeedMPerS: cfg.maxSpeedMPerS,
    meanPauseS: cfg.meanPauseS,
  };
  const ueWalkers: RandomWaypointWalker[] = [];
  for (let k = 0; k < K; k++) {
    ueWalkers.push(createRandomWaypointWalker(area, rng.stream(`ue-walk-${k}`), walkOptions));
  }
  const background: RandomWaypointWalker[] = [];
  for (let j = 0; j < cfg.backgroundWalkers; j++) {
    background.push(createRandomWaypointWalker(area, rng.stream(`background-${j}`), walkOptions));
  }
  const heightRng = rng.stream("body-heights");
  const bodyHeight = () => heightRng.uniformIn(cfg.bodyHeightM[0], cfg.bodyHeightM[1]);
  const body = (carriesUe: number): Body => ({
    x: 0,
    y: 0,
    widthM: cfg.bodyWidthM,
    heightM: bodyHeight(),
    carriesUe,
  });
  const carriers = ueWalkers.map((_, k) => body(k));
  const backgroundBodies = background.map(() => body(-1));
  const hotspot = planHotspot(area, rng.stream("hotspot"), {
    slotCount: cfg.slotCount,
    slotDurationS: dt,
    ueCount: K,
    probability: cfg.hotspotProbability,
    size: cfg.hotspotSize,
    radiusM: cfg.hotspotRadiusM,
    durationS: cfg.hotspotDurationS,
  });
  const forcedRng = rng.stream("forced-blockage");
  return {
    scene,
    cfg,
    area,
    positions: new Array(K),
    ueWalkers,
    background,
    carriers,
    backgroundBodies,
    injected: [],
    bodyHeight,
    blockageRng: rng.stream("blockage"),
    forcedRng,
    forced: planForcedBlockages(cfg, forcedRng),
    hotspot,
    hotspotMember: new Uint8Array(K),
    targeted: new Uint8Array(K),
  };
}

/** Each forced blockage's walker speed (drawn up front) and spawn slot, so that its edge arrives on time. */
function planForcedBlockages(cfg: EpisodeConfig, forcedRng: Rng): PlannedForcedBlockage[] {
  return cfg.forcedBlockages.map((f) => {
    const speed = forcedRng.uniformIn(
      cfg.blockageWalkerSpeedMPerS[0],
      cfg.blockageWalkerSpeedMPerS[1],
    );
    const spawnSlot = f.slot - Math.round(FORCED_BLOCKAGE_APPROACH_M / speed / cfg.slotDurationS);
    if (spawnSlot < 0) {
      throw new RangeError(
        `config.forcedBlockages: slot ${f.slot} is too early, the walker needs ${
          f.slot - spawnSlot
        } slots to arrive`,
      );
    }
    return { ...f, speed, spawnSlot };
  });
}

/** Step 1: walkers advance (not at slot 0); the hotspot group forms or disperses at its slots. */
function moveCrowd(crowd: Crowd, s: number): void {
  const { ueWalkers, hotspot, hotspotMember, area } = crowd;
  if (s > 0) {
    const dt = crowd.cfg.slotDurationS;
    for (const w of ueWalkers) w.step(dt);
    for (const w of crowd.background) w.step(dt);
  }
  if (hotspot && s === hotspot.startSlot) {
    const order = ueWalkers
      .map((w, k) => ({
        k,
        d: Math.hypot(w.position[0] - hotspot.centre[0], w.position[1] - hotspot.centre[1]),
      }))
      .sort((a, b) => a.d - b.d || a.k - b.k);
    const disc = { centre: hotspot.centre, radiusM: hotspot.radiusM };
    for (let i = 0; i < hotspot.size; i++) {
      const k = order[i].k;
      hotspotMember[k] = 1;
      ueWalkers[k].redirect((r) => area.sampleInDisc(r, disc));
    }
  }
  if (hotspot && s === hotspot.endSlot) {
    for (let k = 0; k < ueWalkers.length; k++) {
      if (hotspotMember[k]) ueWalkers[k].redirect(null, { immediate: false });
      hotspotMember[k] = 0;
    }
  }
}

/** Step 1 (cont.): the slot's UE positions (recorded) and where their carriers and the background walkers stand. */
function placeUes(crowd: Crowd, s: number, out: EpisodeArrays): void {
  const { ueWalkers, positions, carriers, cfg } = crowd;
  const K = ueWalkers.length, ueHeight = crowd.scene.ueHeightM;
  for (let k = 0; k < K; k++) {
    const w = ueWalkers[k];
    positions[k] = [w.position[0], w.position[1], ueHeight];
    out.uePositionsM[3 * (s * K + k)] = w.position[0];
    out.uePositionsM[3 * (s * K + k) + 1] = w.position[1];
    out.uePositionsM[3 * (s * K + k) + 2] = ueHeight;
    carriers[k].x = w.position[0] - cfg.carrierOffsetM * w.heading[0];
    carriers[k].y = w.position[1] - cfg.carrierOffsetM * w.heading[1];
  }
  for (let j = 0; j < crowd.background.length; j++) {
    crowd.backgroundBodies[j].x = crowd.background[j].position[0];
    crowd.backgroundBodies[j].y = crowd.background[j].position[1];
  }
}

/**
 * Step 2: the slot's Bernoulli draw of a random injected walker (stream "blockage"), then
 * the forced walkers that appear in this slot (stream "forced-blockage"), each across its
 * UE's link to the AP that served it in the previous slot (slot 0: the nearest AP).
 */
function injectBlockages(
  crowd: Crowd,
  s: number,
  prevServing: Int32Array,
  out: EpisodeArrays,
): void {
  const { cfg, blockageRng, forcedRng, positions, ueWalkers } = crowd;
  const timeS = s * cfg.slotDurationS;
  const aps = crowd.scene.accessPoints;
  const link = (k: number) => {
    const b = prevServing[k] >= 0 ? prevServing[k] : nearestAp(crowd.scene, positions[k]);
    return {
      ue: k,
      uePositionM: positions[k],
      ueVelocity: ueWalkers[k].velocity,
      apPositionM: aps[b].position,
      timeS,
    };
  };
  const add = (k: number, walker: InjectedWalker, heightM: number) => {
    crowd.injected.push({
      walker,
      body: { x: 0, y: 0, widthM: cfg.bodyWidthM, heightM, carriesUe: -1 },
    });
    out.blockageOnset[s] = 1;
    out.blockageTargetUe[s] = k;
  };
  if (blockageRng.bernoulli(cfg.blockageProbabilityPerSlot)) {
    const k = blockageRng.integer(ueWalkers.length);
    const walker = planInjectedBlockage(link(k), blockageRng, {
      speedMPerS: cfg.blockageWalkerSpeedMPerS,
      sideOffsetM: cfg.blockageSideOffsetM,
      crossingDistanceM: cfg.blockageCrossingDistanceM,
    });
    add(k, walker, crowd.bodyHeight());
  }
  for (const f of crowd.forced) {
    if (f.spawnSlot !== s) continue;
    const walker = planInjectedBlockage(link(f.ue), forcedRng, {
      speedMPerS: [f.speed, f.speed],
      sideOffsetM: FORCED_BLOCKAGE_APPROACH_M + cfg.bodyWidthM / 2,
      crossingDistanceM: cfg.blockageCrossingDistanceM,
    });
    add(f.ue, walker, forcedRng.uniformIn(cfg.bodyHeightM[0], cfg.bodyHeightM[1]));
  }
}

/**
 * Step 3: the slot's bodies (carriers, background walkers, injected walkers still on the
 * floor; the others are dropped), marking `crowd.targeted` and `injectedBlockageActive`.
 */
function placeBodies(crowd: Crowd, s: number, out: EpisodeArrays): Body[] {
  const { injected, targeted } = crowd;
  const timeS = s * crowd.cfg.slotDurationS;
  const bodies = [...crowd.carriers, ...crowd.backgroundBodies];
  let alive = 0;
  targeted.fill(0);
  for (const item of injected) {
    const p = injectedWalkerPosition(item.walker, timeS);
    if (p === null) continue;
    targeted[item.walker.ue] = 1;
    item.body.x = p[0];
    item.body.y = p[1];
    bodies.push(item.body);
    injected[alive++] = item;
  }
  injected.length = alive;
  out.injectedBlockageActive[s] = alive > 0 ? 1 : 0;
  return bodies;
}

/** What the channel, association and label steps keep between slots, and their buffers. */
interface LinkState {
  readonly scene: Scene;
  readonly cfg: EpisodeConfig;
  readonly tracker: ReturnType<typeof createChannelTracker>;
  readonly codebook: ReturnType<typeof createDftCodebook>;
  readonly apCount: number;
  readonly antennaCount: number;
  /** `[K]` serving AP of the previous slot (-1 before slot 0). */
  readonly prevServing: Int32Array;
  /** Channel row `h_{k,b}^H` `[Nt]` being formed. */
  readonly row: { re: Float64Array; im: Float64Array };
  /** Per-path body-loss amplitude of the current link, grown on demand. */
  amplitude: Float64Array;
  /** `[A]` RSSI (dBm) and best codebook beam of the current UE per AP. */
  readonly rssi: Float64Array;
  readonly beams: Int32Array;
  /** Linear power ratio below which a path skips the body loss. */
  readonly bodyLossFloor: number;
  /** The slot's bodies prepared for the per-path body losses. */
  readonly bodyField: BodyField;
  readonly lossOptions: {
    wavelengthM: number;
    ue: number;
    bodyExtentM: { maxHeightM: number; maxHalfWidthM: number };
  };
  /** The stored channels as `[A][K, Nt]` per slot, for the reference SINR. */
  readonly channelView: {
    channels: Float32Array;
    apCount: number;
    ueCount: number;
    antennaCount: number;
  };
  slotMatrices: ReturnType<typeof slotChannelMatrices> | undefined;
  /** Phase random walk of every tracked path (only with `pathPhaseJitterRad > 0`). */
  readonly phaseJitter: PathPhaseJitter | undefined;
  /** Stream "oscillator-phase" (only with `oscillatorPhase`). */
  readonly oscillatorRng: Rng | undefined;
}

/** State of the per-path phase random walk of {@link EpisodeConfig.pathPhaseJitterRad}. */
interface PathPhaseJitter {
  /** Stream "path-phase-jitter". */
  readonly rng: Rng;
  /** Step standard deviation, rad per slot. */
  readonly sigma: number;
  /** Extra phase per path of link (b, k) at `b * K + k`, rad, grown on demand. */
  readonly phases: Float64Array[];
  /** Number of paths the walk of link (b, k) currently tracks. */
  readonly counts: Int32Array;
}

/** The tracker, codebook and buffers of the link steps (the reference SINR reads `out.channels`). */
function createLinkState(
  scene: Scene,
  model: ChannelModel,
  cfg: EpisodeConfig,
  options: { readonly timing: boolean; readonly out: EpisodeArrays; readonly rng: Rng },
): LinkState {
  const { timing, out, rng } = options;
  const A = model.apCount, Nt = model.antennaCount;
  return {
    scene,
    cfg,
    tracker: createChannelTracker(model, {
      ueCount: cfg.ueCount,
      retraceDistanceM: cfg.retraceDistanceM,
      timing,
    }),
    codebook: createDftCodebook(scene.accessPoints[0].array, {
      oversampling: cfg.codebookOversampling,
    }),
    apCount: A,
    antennaCount: Nt,
    prevServing: new Int32Array(cfg.ueCount).fill(-1),
    row: { re: new Float64Array(Nt), im: new Float64Array(Nt) },
    amplitude: new Float64Array(64),
    rssi: new Float64Array(A),
    beams: new Int32Array(A),
    bodyLossFloor: Math.pow(10, cfg.bodyLossMinRelativePowerDb / 10),
    bodyField: createBodyField(),
    lossOptions: {
      wavelengthM: wavelengthM(scene.carrierFrequencyHz),
      ue: -1,
      bodyExtentM: { maxHeightM: cfg.bodyHeightM[1], maxHalfWidthM: cfg.bodyWidthM / 2 },
    },
    channelView: { channels: out.channels, apCount: A, ueCount: cfg.ueCount, antennaCount: Nt },
    slotMatrices: undefined,
    phaseJitter: cfg.pathPhaseJitterRad > 0
      ? {
        rng: rng.stream("path-phase-jitter"),
        sigma: cfg.pathPhaseJitterRad,
        phases: Array.from({ length: A * cfg.ueCount }, () => new Float64Array(16)),
        counts: new Int32Array(A * cfg.ueCount),
      }
      : undefined,
    oscillatorRng: cfg.oscillatorPhase ? rng.stream("oscillator-phase") : undefined,
  };
}

/**
 * One step of the phase random walk of link (b, k) with `pathCount` current paths: the
 * walk is extended (new indices start at 0) or truncated (dropped indices reset to 0) to
 * `pathCount`, then every path's phase gains `sigma * N(0, 1)`. Returns the phases, rad
 * (at least `pathCount` entries).
 */
function stepPathPhases(
  jitter: PathPhaseJitter,
  link: number,
  pathCount: number,
): Float64Array {
  let phases = jitter.phases[link];
  const count = jitter.counts[link];
  if (phases.length < pathCount) {
    const grown = new Float64Array(2 * pathCount);
    grown.set(phases.subarray(0, count));
    phases = jitter.phases[link] = grown;
  } else if (count > pathCount) {
    phases.fill(0, pathCount, count);
  }
  jitter.counts[link] = pathCount;
  for (let l = 0; l < pathCount; l++) phases[l] += jitter.sigma * jitter.rng.normal();
  return phases;
}

/** Profiling hooks of the link steps. */
interface Timing {
  readonly profile: SimulationProfile | undefined;
  readonly now: () => number;
}

/** Steps 4-6 for every UE: tracked channels with body losses, association, labels. */
function simulateLinks(
  crowd: Crowd,
  links: LinkState,
  bodies: readonly Body[],
  s: number,
  out: EpisodeArrays,
  timing: Timing,
): void {
  const { positions } = crowd;
  const K = positions.length, A = links.apCount;
  for (let k = 0; k < K; k++) links.tracker.update(k, positions[k]);
  setBodyField(links.bodyField, bodies, links.lossOptions);
  for (let k = 0; k < K; k++) {
    links.lossOptions.ue = k;
    const oscillatorRad = links.oscillatorRng ? 2 * Math.PI * links.oscillatorRng.uniform() : 0;
    let bestB = 0;
    for (let b = 0; b < A; b++) {
      linkChannelAndRssi(links, { s, b, k, oscillatorRad }, out.channels, timing);
      if (links.rssi[b] > links.rssi[bestB]) bestB = b;
    }
    associateAndLabel(crowd, links, bodies, s, k, bestB, out);
  }
}

/**
 * Step 4 and the RSSI of step 5 for link (b, k) in slot s: the tracked paths' body-loss
 * amplitudes (paths more than `bodyLossMinRelativePowerDb` below the strongest keep 1)
 * and phase jitter (when on), the row `h_{k,b}^H` stored into `channels` `[S, A, K, Nt]`
 * complex (times `exp(j oscillatorRad)` when `oscillatorPhase` is on), and the best DFT
 * beam's RSSI (dBm) and index (of the row without the oscillator phase) into
 * `links.rssi[b]`, `links.beams[b]`.
 */
function linkChannelAndRssi(
  links: LinkState,
  at: {
    readonly s: number;
    readonly b: number;
    readonly k: number;
    readonly oscillatorRad: number;
  },
  channels: Float32Array,
  timing: Timing,
): void {
  const { s, b, k, oscillatorRad } = at;
  const { now, profile } = timing;
  const { row, cfg } = links;
  const aps = links.scene.accessPoints;
  const t0 = now();
  const paths = links.tracker.link(b, k).paths;
  if (links.amplitude.length < paths.length) links.amplitude = new Float64Array(2 * paths.length);
  const amplitude = links.amplitude;
  let strongest = 0;
  for (const p of paths) strongest = Math.max(strongest, p.gainRe ** 2 + p.gainIm ** 2);
  const floor = strongest * links.bodyLossFloor;
  for (let l = 0; l < paths.length; l++) {
    const p = paths[l];
    if (p.gainRe ** 2 + p.gainIm ** 2 < floor) {
      amplitude[l] = 1;
      continue;
    }
    const loss = fieldPathBodyLossDb(p.vertices, links.bodyField, at.k);
    amplitude[l] = loss === 0 ? 1 : Math.pow(10, -loss / 20);
  }
  const t1 = now();
  row.re.fill(0);
  row.im.fill(0);
  trackedChannelRow(aps[b], paths, {
    elementPattern: cfg.elementPattern,
    pathAmplitude: amplitude,
    pathPhaseRad: links.phaseJitter
      ? stepPathPhases(links.phaseJitter, b * cfg.ueCount + k, paths.length)
      : undefined,
    out: row,
  });
  const Nt = links.antennaCount;
  const base = 2 * (((s * links.apCount + b) * cfg.ueCount + k) * Nt);
  if (links.oscillatorRng) {
    const c = Math.cos(oscillatorRad);
    const sn = Math.sin(oscillatorRad);
    for (let n = 0; n < Nt; n++) {
      channels[base + 2 * n] = row.re[n] * c - row.im[n] * sn;
      channels[base + 2 * n + 1] = row.re[n] * sn + row.im[n] * c;
    }
  } else {
    for (let n = 0; n < Nt; n++) {
      channels[base + 2 * n] = row.re[n];
      channels[base + 2 * n + 1] = row.im[n];
    }
  }
  const t2 = now();
  const choice = bestBeam(row, links.codebook);
  links.rssi[b] = aps[b].txPowerDbm + 10 * Math.log10(choice.gain);
  links.beams[b] = choice.index;
  if (profile) {
    profile.bodyLossMs += t1 - t0;
    profile.channelRowsMs += t2 - t1;
    profile.associationMs += now() - t2;
  }
}

/** Steps 5-6 for UE k: serving AP `bestB`, its RSSI and beam, and the labels of the module doc. */
function associateAndLabel(
  crowd: Crowd,
  links: LinkState,
  bodies: readonly Body[],
  s: number,
  k: number,
  bestB: number,
  out: EpisodeArrays,
): void {
  const { positions, hotspotMember } = crowd;
  const i = s * positions.length + k;
  out.servingAp[i] = bestB;
  links.prevServing[k] = bestB;
  out.rssiDbm[i] = links.rssi[bestB];
  out.beamIndex[i] = links.beams[bestB];
  const ap = links.scene.accessPoints[bestB].position;
  let loss = 0;
  for (const body of bodies) {
    if (body.carriesUe === k) continue;
    loss += segmentBodyLossDb(ap, positions[k], body, links.lossOptions);
  }
  out.servingBodyLossDb[i] = loss;
  out.blocked[i] = loss > links.cfg.blockedThresholdDb ? 1 : 0;
  if (hotspotMember[k]) {
    const h = crowd.hotspot!;
    const d = Math.hypot(positions[k][0] - h.centre[0], positions[k][1] - h.centre[1]);
    out.hotspot[i] = d <= h.radiusM ? 1 : 0;
  }
  out.rareEventUe[i] = (crowd.targeted[k] && out.blocked[i]) || out.hotspot[i] ? 1 : 0;
  if (out.rareEventUe[i]) out.rareEvent[s] = 1;
}

/** Step 7: eq. (5) SINR under coordinated ZF on the slot's stored (float32) channels. */
function storeReferenceSinr(links: LinkState, s: number, out: EpisodeArrays): void {
  const K = links.cfg.ueCount;
  links.slotMatrices = slotChannelMatrices(links.channelView, s, { out: links.slotMatrices });
  out.sinrDb.set(
    slotReferenceSinrDb(links.slotMatrices, out.servingAp.subarray(s * K, (s + 1) * K)),
    s * K,
  );
}

function nearestAp(scene: Scene, p: Vec3): number {
  let best = 0;
  let bestD = Infinity;
  scene.accessPoints.forEach((ap, b) => {
    const d = Math.hypot(ap.position[0] - p[0], ap.position[1] - p[1]);
    if (d < bestD) {
      bestD = d;
      best = b;
    }
  });
  return best;
}

function validateConfig(c: EpisodeConfig): void {
  const int = (name: keyof EpisodeConfig, min: number) => {
    const v = c[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
      throw new RangeError(`config.${name} must be an integer >= ${min}, got ${v}`);
    }
  };
  int("slotCount", 1);
  int("ueCount", 1);
  int("backgroundWalkers", 0);
  int("maxReflectionOrder", 0);
  int("codebookOversampling", 1);
  const pos = (name: keyof EpisodeConfig) => {
    const v = c[name];
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) {
      throw new RangeError(`config.${name} must be a finite number > 0, got ${v}`);
    }
  };
  pos("slotDurationS");
  pos("maxSpeedMPerS");
  pos("minSpeedMPerS");
  pos("bodyWidthM");
  pos("hotspotRadiusM");
  for (const name of ["blockageProbabilityPerSlot", "hotspotProbability"] as const) {
    const v = c[name];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
      throw new RangeError(`config.${name} must be in [0, 1], got ${v}`);
    }
  }
  if (!Array.isArray(c.forcedBlockages)) {
    throw new TypeError(`config.forcedBlockages must be an array, got ${typeof c.forcedBlockages}`);
  }
  c.forcedBlockages.forEach((f, i) => {
    if (!Number.isInteger(f?.slot) || f.slot < 0 || f.slot >= c.slotCount) {
      throw new RangeError(
        `config.forcedBlockages[${i}].slot must be an integer in [0, ${c.slotCount}), got ${f?.slot}`,
      );
    }
    if (!Number.isInteger(f.ue) || f.ue < 0 || f.ue >= c.ueCount) {
      throw new RangeError(
        `config.forcedBlockages[${i}].ue must be an integer in [0, ${c.ueCount}), got ${f.ue}`,
      );
    }
  });
  if (c.retraceDistanceM < 0) {
    throw new RangeError(`config.retraceDistanceM must be >= 0, got ${c.retraceDistanceM}`);
  }
  const jitter = c.pathPhaseJitterRad;
  if (typeof jitter !== "number" || !Number.isFinite(jitter) || jitter < 0) {
    throw new RangeError(
      `config.pathPhaseJitterRad must be a finite number >= 0, got ${jitter}`,
    );
  }
  if (typeof c.oscillatorPhase !== "boolean") {
    throw new TypeError(`config.oscillatorPhase must be a boolean, got ${c.oscillatorPhase}`);
  }
}
