/**
 * Tidy rows of the mobility study (notebook 01b and `deno task figures`): UE
 * trajectories, one injected blockage event around its onset, a hotspot snapshot, and
 * realized vs configured rare-event statistics. Pure functions of episodes.
 *
 * @module
 */
import type { Episode } from "../../mobility/mod.ts";

/** One UE position sample. */
export interface TrajectoryRow {
  ue: number;
  slot: number;
  timeS: number;
  xM: number;
  yM: number;
  /** 1 while the UE is a hotspot member inside the disc. */
  hotspot: number;
}

/**
 * UE positions every `everySlots` slots (and the last slot).
 *
 * @param episode the episode.
 * @param options `everySlots` (default 5), `ues` (default: every UE).
 */
export function trajectoryRows(
  episode: Episode,
  options: { everySlots?: number; ues?: readonly number[] } = {},
): TrajectoryRow[] {
  const { everySlots = 5 } = options;
  if (!Number.isInteger(everySlots) || everySlots < 1) {
    throw new RangeError(`options.everySlots must be a positive integer, got ${everySlots}`);
  }
  const K = episode.ueCount, S = episode.slotCount;
  const ues = options.ues ?? Array.from({ length: K }, (_, k) => k);
  const rows: TrajectoryRow[] = [];
  for (const k of ues) {
    for (let s = 0; s < S; s++) {
      if (s % everySlots !== 0 && s !== S - 1) continue;
      const i = s * K + k;
      rows.push({
        ue: k,
        slot: s,
        timeS: round(s * episode.slotDurationS, 4),
        xM: round(episode.uePositionsM[3 * i], 4),
        yM: round(episode.uePositionsM[3 * i + 1], 4),
        hotspot: episode.hotspot[i],
      });
    }
  }
  return rows;
}

/** One slot around an injected blockage onset, for the target UE. */
export interface BlockageEventRow {
  /** Slot relative to the onset (0 = the injection). */
  slotOffset: number;
  /** Time relative to the onset, ms. */
  timeMs: number;
  /** AP serving the UE in this slot. */
  servingAp: number;
  /** `||h_{k,b}||^2` of the crossed link (AP serving the UE just before the onset), dB. */
  crossedLinkGainDb: number;
  /** `||h_{k,b}||^2` of the link to the AP serving in this slot, dB. */
  servingLinkGainDb: number;
  /** Reference SINR (coordinated ZF on the true channels), dB. */
  sinrDb: number;
  /** Body loss on the straight serving ray, dB. */
  bodyLossDb: number;
  /** `rareEventUe` of the UE in this slot. */
  rareEventUe: number;
}

/** An injected blockage event of an episode: which, and its rows. */
export interface BlockageEvent {
  readonly onsetSlot: number;
  readonly ue: number;
  /** The AP whose link the walker crosses (serving just before the onset). */
  readonly crossedAp: number;
  readonly rows: BlockageEventRow[];
}

/** `||h_{k,b}||^2` in dB of slot s (`-Infinity` for a zero row). */
export function linkGainDb(
  episode: Episode,
  options: { slot: number; ap: number; ue: number },
): number {
  const { slot, ap, ue } = options;
  const { apCount: A, ueCount: K, antennaCount: Nt } = episode;
  const base = 2 * (((slot * A + ap) * K + ue) * Nt);
  let p = 0;
  for (let n = 0; n < 2 * Nt; n++) p += episode.channels[base + n] ** 2;
  return 10 * Math.log10(p);
}

/**
 * The first injected blockage whose target UE becomes blocked (`rareEventUe = 1`)
 * within `after` slots, is no hotspot member anywhere in the shown slots (so the label
 * comes from the blockage), and has `before` slots of history and `after` slots of
 * future in the episode; `null` if there is none. Needs `blockageTargetUe`,
 * `sinrDb` and `rareEventUe` (the simulator fills them).
 *
 * @param episode the episode.
 * @param options `before` (default 20) and `after` (default 180) slots around the onset.
 */
export function blockageEvent(
  episode: Episode,
  options: { before?: number; after?: number } = {},
): BlockageEvent | null {
  const { before = 20, after = 180 } = options;
  const { blockageTargetUe, sinrDb, rareEventUe, servingBodyLossDb } = episode;
  if (!blockageTargetUe || !sinrDb || !rareEventUe) {
    throw new TypeError("episode must have blockageTargetUe, sinrDb and rareEventUe");
  }
  const K = episode.ueCount, S = episode.slotCount;
  for (let s0 = Math.max(1, before); s0 + after < S; s0++) {
    const k = blockageTargetUe[s0];
    if (k < 0) continue;
    let hit = false, hotspot = false;
    for (let s = s0 - before; s <= s0 + after; s++) {
      hotspot ||= episode.hotspot[s * K + k] === 1;
      if (s >= s0) hit ||= rareEventUe[s * K + k] === 1;
    }
    if (!hit || hotspot) continue;
    const crossedAp = episode.servingAp[(s0 - 1) * K + k];
    const rows: BlockageEventRow[] = [];
    for (let s = s0 - before; s <= s0 + after; s++) {
      const i = s * K + k;
      const b = episode.servingAp[i];
      rows.push({
        slotOffset: s - s0,
        timeMs: round((s - s0) * episode.slotDurationS * 1000, 3),
        servingAp: b,
        crossedLinkGainDb: round(linkGainDb(episode, { slot: s, ap: crossedAp, ue: k }), 3),
        servingLinkGainDb: round(linkGainDb(episode, { slot: s, ap: b, ue: k }), 3),
        sinrDb: round(sinrDb[i], 3),
        bodyLossDb: round(servingBodyLossDb?.[i] ?? NaN, 3),
        rareEventUe: rareEventUe[i],
      });
    }
    return { onsetSlot: s0, ue: k, crossedAp, rows };
  }
  return null;
}

/** One UE in a hotspot snapshot. */
export interface HotspotSnapshotRow {
  slot: number;
  ue: number;
  xM: number;
  yM: number;
  /** 1 for a hotspot member inside the disc. */
  member: number;
  servingAp: number;
  sinrDb: number;
}

/**
 * The UEs at the slot with the most hotspot members (the first such slot); `null` if
 * the episode has no hotspot.
 */
export function hotspotSnapshot(episode: Episode): HotspotSnapshotRow[] | null {
  const K = episode.ueCount, S = episode.slotCount;
  let best = -1, bestCount = 0;
  for (let s = 0; s < S; s++) {
    let c = 0;
    for (let k = 0; k < K; k++) c += episode.hotspot[s * K + k];
    if (c > bestCount) [best, bestCount] = [s, c];
  }
  if (best < 0) return null;
  return Array.from({ length: K }, (_, k) => {
    const i = best * K + k;
    return {
      slot: best,
      ue: k,
      xM: round(episode.uePositionsM[3 * i], 4),
      yM: round(episode.uePositionsM[3 * i + 1], 4),
      member: episode.hotspot[i],
      servingAp: episode.servingAp[i],
      sinrDb: round(episode.sinrDb?.[i] ?? NaN, 3),
    };
  });
}

/** A realized rate against its configured value, with a 95 % Wilson interval. */
export interface RareEventStatRow {
  statistic: string;
  /** The configured probability (NaN when there is none). */
  configured: number;
  realized: number;
  ci95Low: number;
  ci95High: number;
  /** Successes and trials behind `realized`. */
  count: number;
  trials: number;
}

/**
 * 95 % Wilson score interval of a binomial proportion.
 *
 * @example
 * ```ts
 * import { wilsonInterval } from "./rows.ts";
 * const [lo, hi] = wilsonInterval(50, 1000);
 * if (!(lo < 0.05 && hi > 0.05 && lo > 0.03 && hi < 0.07)) throw new Error(`${lo} ${hi}`);
 * ```
 */
export function wilsonInterval(successes: number, trials: number, z = 1.959964): [number, number] {
  if (!(trials > 0)) return [0, 1];
  const p = successes / trials;
  const d = 1 + (z * z) / trials;
  const c = (p + (z * z) / (2 * trials)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/**
 * Realized vs configured rare-event statistics over `episodes`: blockage onsets per
 * slot (configured `blockageProbabilityPerSlot`), the fraction of episodes with a
 * hotspot (configured `hotspotProbability`), and the realized label fractions (slots
 * with `rareEvent`, UE-slots with `rareEventUe`, slots with an injected walker on the
 * floor), which have no configured counterpart.
 */
export function rareEventStatRows(
  episodes: readonly Episode[],
  configured: { blockageProbabilityPerSlot: number; hotspotProbability: number },
): RareEventStatRow[] {
  let slots = 0, onsets = 0, hotspotEpisodes = 0, rare = 0, ueSlots = 0, ueRare = 0, active = 0;
  for (const ep of episodes) {
    slots += ep.slotCount;
    for (let s = 0; s < ep.slotCount; s++) {
      onsets += ep.blockageOnset[s];
      rare += ep.rareEvent[s];
      active += ep.injectedBlockageActive?.[s] ?? 0;
    }
    if (ep.hotspot.includes(1)) hotspotEpisodes++;
    ueSlots += ep.slotCount * ep.ueCount;
    for (const v of ep.rareEventUe) ueRare += v;
  }
  const row = (statistic: string, conf: number, count: number, trials: number) => {
    const [lo, hi] = wilsonInterval(count, trials);
    return {
      statistic,
      configured: conf,
      realized: round(trials > 0 ? count / trials : NaN, 6),
      ci95Low: round(lo, 6),
      ci95High: round(hi, 6),
      count,
      trials,
    };
  };
  return [
    row("blockage onsets per slot", configured.blockageProbabilityPerSlot, onsets, slots),
    row("episodes with a hotspot", configured.hotspotProbability, hotspotEpisodes, episodes.length),
    row("slots with an injected walker on the floor", NaN, active, slots),
    row("slots with rareEvent", NaN, rare, slots),
    row("UE-slots with rareEventUe", NaN, ueRare, ueSlots),
  ];
}

function round(v: number, digits: number): number {
  if (!Number.isFinite(v)) return v;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
