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
 *    gain is scaled by `10^(-L/20)` with `L` its body loss (all segments, all bodies),
 *    and the row `h_{k,b}^H` is formed from the attenuated paths;
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
 * "body-heights", "blockage", "hotspot".
 *
 * @module
 */
import { createRng, type Rng, type Vec3, wavelengthM } from "../core/mod.ts";
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
import { type Body, pathBodyLossDb, segmentBodyLossDb } from "./bodies.ts";
import type { Episode } from "./episode.ts";
import { createRandomWaypointWalker, type RandomWaypointWalker } from "./random_waypoint.ts";
import {
  BLOCKED_THRESHOLD_DB,
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

/** Defaults of {@link EpisodeConfig} (the paper's Table I where it says, DESIGN.md elsewhere). */
export const DEFAULT_EPISODE_CONFIG: EpisodeConfig = Object.freeze({
  slotCount: 1000,
  slotDurationS: 0.01,
  ueCount: 30,
  minSpeedMPerS: 0.3,
  maxSpeedMPerS: 1,
  meanPauseS: 2,
  blockageProbabilityPerSlot: 0.05,
  blockageWalkerSpeedMPerS: [0.8, 1.2] as const,
  blockageSideOffsetM: 1,
  blockageCrossingDistanceM: [0.5, 1.5] as const,
  forcedBlockages: Object.freeze([]) as readonly ForcedBlockage[],
  hotspotProbability: 0.125,
  hotspotSize: [8, 12] as const,
  hotspotRadiusM: 4,
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
  const S = cfg.slotCount;
  const K = cfg.ueCount;
  const A = model.apCount;
  const Nt = model.antennaCount;
  const dt = cfg.slotDurationS;
  const lambda = wavelengthM(scene.carrierFrequencyHz);
  const ueHeight = scene.ueHeightM;
  const aps = scene.accessPoints;
  const codebook = createDftCodebook(aps[0].array, { oversampling: cfg.codebookOversampling });
  const tracker = createChannelTracker(model, {
    ueCount: K,
    retraceDistanceM: cfg.retraceDistanceM,
    timing: profile !== undefined,
  });

  // Mobility.
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
  const carriers: Body[] = ueWalkers.map((_, k) => ({
    x: 0,
    y: 0,
    widthM: cfg.bodyWidthM,
    heightM: bodyHeight(),
    carriesUe: k,
  }));
  const backgroundBodies: Body[] = background.map(() => ({
    x: 0,
    y: 0,
    widthM: cfg.bodyWidthM,
    heightM: bodyHeight(),
    carriesUe: -1,
  }));
  const blockageRng = rng.stream("blockage");
  const injected: { walker: InjectedWalker; body: Body }[] = [];
  const hotspotRng = rng.stream("hotspot");
  const hotspot = planHotspot(area, hotspotRng, {
    slotCount: S,
    slotDurationS: dt,
    ueCount: K,
    probability: cfg.hotspotProbability,
    size: cfg.hotspotSize,
    radiusM: cfg.hotspotRadiusM,
    durationS: cfg.hotspotDurationS,
  });
  const hotspotMember = new Uint8Array(K);
  // Forced blockages: speed drawn up front, spawn slot so the leading edge arrives on time.
  const forcedRng = rng.stream("forced-blockage");
  const forced = cfg.forcedBlockages.map((f) => {
    const speed = forcedRng.uniformIn(
      cfg.blockageWalkerSpeedMPerS[0],
      cfg.blockageWalkerSpeedMPerS[1],
    );
    const leadM = FORCED_BLOCKAGE_APPROACH_M;
    const spawnSlot = f.slot - Math.round(leadM / speed / dt);
    if (spawnSlot < 0) {
      throw new RangeError(
        `config.forcedBlockages: slot ${f.slot} is too early, the walker needs ${
          f.slot - spawnSlot
        } slots to arrive`,
      );
    }
    return { ...f, speed, spawnSlot };
  });

  // Outputs.
  const uePositionsM = new Float32Array(S * K * 3);
  const channels = new Float32Array(2 * S * A * K * Nt);
  const servingAp = new Int32Array(S * K);
  const rssiDbm = new Float32Array(S * K);
  const beamIndex = new Int32Array(S * K);
  const blocked = new Uint8Array(S * K);
  const hotspotLabel = new Uint8Array(S * K);
  const rareEvent = new Uint8Array(S);
  const blockageOnset = new Uint8Array(S);
  const servingBodyLossDb = new Float32Array(S * K);
  const injectedBlockageActive = new Uint8Array(S);
  const blockageTargetUe = new Int32Array(S).fill(-1);
  const rareEventUe = new Uint8Array(S * K);
  const sinrDb = new Float32Array(S * K);
  const targeted = new Uint8Array(K);
  const channelView = { channels, apCount: A, ueCount: K, antennaCount: Nt };
  let slotMatrices: ReturnType<typeof slotChannelMatrices> | undefined;

  const row = { re: new Float64Array(Nt), im: new Float64Array(Nt) };
  let amplitude = new Float64Array(64);
  const positions: Vec3[] = new Array(K);
  const prevServing = new Int32Array(K).fill(-1);
  const rssi = new Float64Array(A);
  const bodyLossFloor = Math.pow(10, cfg.bodyLossMinRelativePowerDb / 10);
  const beams = new Int32Array(A);
  const lossOptions = {
    wavelengthM: lambda,
    ue: -1,
    bodyExtentM: { maxHeightM: cfg.bodyHeightM[1], maxHalfWidthM: cfg.bodyWidthM / 2 },
  };
  let bodies: Body[] = [];

  for (let s = 0; s < S; s++) {
    const timeS = s * dt;
    let t0 = now();
    // 1. Mobility and hotspot.
    if (s > 0) {
      for (const w of ueWalkers) w.step(dt);
      for (const w of background) w.step(dt);
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
      for (let k = 0; k < K; k++) {
        if (hotspotMember[k]) ueWalkers[k].redirect(null, { immediate: false });
        hotspotMember[k] = 0;
      }
    }
    for (let k = 0; k < K; k++) {
      const w = ueWalkers[k];
      positions[k] = [w.position[0], w.position[1], ueHeight];
      uePositionsM[3 * (s * K + k)] = w.position[0];
      uePositionsM[3 * (s * K + k) + 1] = w.position[1];
      uePositionsM[3 * (s * K + k) + 2] = ueHeight;
      carriers[k].x = w.position[0] - cfg.carrierOffsetM * w.heading[0];
      carriers[k].y = w.position[1] - cfg.carrierOffsetM * w.heading[1];
    }
    for (let j = 0; j < background.length; j++) {
      backgroundBodies[j].x = background[j].position[0];
      backgroundBodies[j].y = background[j].position[1];
    }
    // 2. Injected blockage.
    if (blockageRng.bernoulli(cfg.blockageProbabilityPerSlot)) {
      const k = blockageRng.integer(K);
      const b = prevServing[k] >= 0 ? prevServing[k] : nearestAp(scene, positions[k]);
      const walker = planInjectedBlockage(
        {
          ue: k,
          uePositionM: positions[k],
          ueVelocity: ueWalkers[k].velocity,
          apPositionM: aps[b].position,
          timeS,
        },
        blockageRng,
        {
          speedMPerS: cfg.blockageWalkerSpeedMPerS,
          sideOffsetM: cfg.blockageSideOffsetM,
          crossingDistanceM: cfg.blockageCrossingDistanceM,
        },
      );
      injected.push({
        walker,
        body: { x: 0, y: 0, widthM: cfg.bodyWidthM, heightM: bodyHeight(), carriesUe: -1 },
      });
      blockageOnset[s] = 1;
      blockageTargetUe[s] = k;
    }
    for (const f of forced) {
      if (f.spawnSlot !== s) continue;
      const k = f.ue;
      const b = prevServing[k] >= 0 ? prevServing[k] : nearestAp(scene, positions[k]);
      const walker = planInjectedBlockage(
        {
          ue: k,
          uePositionM: positions[k],
          ueVelocity: ueWalkers[k].velocity,
          apPositionM: aps[b].position,
          timeS,
        },
        forcedRng,
        {
          speedMPerS: [f.speed, f.speed],
          sideOffsetM: FORCED_BLOCKAGE_APPROACH_M + cfg.bodyWidthM / 2,
          crossingDistanceM: cfg.blockageCrossingDistanceM,
        },
      );
      const heightM = forcedRng.uniformIn(cfg.bodyHeightM[0], cfg.bodyHeightM[1]);
      injected.push({
        walker,
        body: { x: 0, y: 0, widthM: cfg.bodyWidthM, heightM, carriesUe: -1 },
      });
      blockageOnset[s] = 1;
      blockageTargetUe[s] = k;
    }
    // 3. Bodies.
    bodies = [...carriers, ...backgroundBodies];
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
    injectedBlockageActive[s] = alive > 0 ? 1 : 0;
    if (profile) profile.mobilityMs += now() - t0;

    // 4. Channels.
    for (let k = 0; k < K; k++) tracker.update(k, positions[k]);
    for (let k = 0; k < K; k++) {
      lossOptions.ue = k;
      let bestB = 0;
      for (let b = 0; b < A; b++) {
        t0 = now();
        const paths = tracker.link(b, k).paths;
        if (amplitude.length < paths.length) amplitude = new Float64Array(2 * paths.length);
        let strongest = 0;
        for (const p of paths) strongest = Math.max(strongest, p.gainRe ** 2 + p.gainIm ** 2);
        const floor = strongest * bodyLossFloor;
        for (let l = 0; l < paths.length; l++) {
          const p = paths[l];
          if (p.gainRe ** 2 + p.gainIm ** 2 < floor) {
            amplitude[l] = 1;
            continue;
          }
          const loss = pathBodyLossDb(p.vertices, bodies, lossOptions);
          amplitude[l] = loss === 0 ? 1 : Math.pow(10, -loss / 20);
        }
        const t1 = now();
        row.re.fill(0);
        row.im.fill(0);
        trackedChannelRow(aps[b], paths, {
          elementPattern: cfg.elementPattern,
          pathAmplitude: amplitude,
          out: row,
        });
        const base = 2 * (((s * A + b) * K + k) * Nt);
        for (let n = 0; n < Nt; n++) {
          channels[base + 2 * n] = row.re[n];
          channels[base + 2 * n + 1] = row.im[n];
        }
        const t2 = now();
        const choice = bestBeam(row, codebook);
        rssi[b] = aps[b].txPowerDbm + 10 * Math.log10(choice.gain);
        beams[b] = choice.index;
        if (rssi[b] > rssi[bestB]) bestB = b;
        if (profile) {
          profile.bodyLossMs += t1 - t0;
          profile.channelRowsMs += t2 - t1;
          profile.associationMs += now() - t2;
        }
      }
      // 5. Association and labels.
      const i = s * K + k;
      servingAp[i] = bestB;
      prevServing[k] = bestB;
      rssiDbm[i] = rssi[bestB];
      beamIndex[i] = beams[bestB];
      let loss = 0;
      for (const body of bodies) {
        if (body.carriesUe === k) continue;
        loss += segmentBodyLossDb(aps[bestB].position, positions[k], body, lossOptions);
      }
      servingBodyLossDb[i] = loss;
      blocked[i] = loss > cfg.blockedThresholdDb ? 1 : 0;
      if (hotspotMember[k]) {
        const h = hotspot!;
        const d = Math.hypot(positions[k][0] - h.centre[0], positions[k][1] - h.centre[1]);
        hotspotLabel[i] = d <= h.radiusM ? 1 : 0;
      }
      rareEventUe[i] = (targeted[k] && blocked[i]) || hotspotLabel[i] ? 1 : 0;
      if (rareEventUe[i]) rareEvent[s] = 1;
    }
    // 7. Reference SINR on the stored (float32) channels.
    t0 = now();
    slotMatrices = slotChannelMatrices(channelView, s, { out: slotMatrices });
    sinrDb.set(slotReferenceSinrDb(slotMatrices, servingAp.subarray(s * K, (s + 1) * K)), s * K);
    if (profile) profile.sinrMs += now() - t0;
    onProgress?.(s + 1, S);
  }

  if (profile) {
    profile.tracingMs += tracker.stats.traceMs;
    profile.trackingMs += tracker.stats.updateMs;
    profile.traces += tracker.stats.traces;
    profile.trackedUpdates += tracker.stats.updates;
    profile.totalMs += now() - tStart;
  }

  return {
    sceneName: scene.name,
    materialSet: model.options.materialSet ?? "itu",
    seed: typeof seed === "number" ? seed : -1,
    slotCount: S,
    apCount: A,
    ueCount: K,
    antennaCount: Nt,
    slotDurationS: dt,
    uePositionsM,
    channels,
    servingAp,
    rssiDbm,
    beamIndex,
    blocked,
    hotspot: hotspotLabel,
    rareEvent,
    rareEventUe,
    sinrDb,
    blockageOnset,
    servingBodyLossDb,
    injectedBlockageActive,
    blockageTargetUe,
  };
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
}
