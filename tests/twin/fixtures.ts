/**
 * Synthetic episodes for control-loop tests (test data, not simulator output): channels
 * given by a function of (slot, AP, UE, antenna).
 */
import type { Episode } from "../../lib/mobility/mod.ts";

export function syntheticEpisode(
  dims: { slots: number; aps: number; ues: number; antennas: number },
  channel: (slot: number, ap: number, ue: number, antenna: number) => [number, number],
): Episode {
  const { slots: s, aps: a, ues: k, antennas: nt } = dims;
  const channels = new Float32Array(2 * s * a * k * nt);
  let i = 0;
  for (let t = 0; t < s; t++) {
    for (let b = 0; b < a; b++) {
      for (let u = 0; u < k; u++) {
        for (let n = 0; n < nt; n++) {
          const [re, im] = channel(t, b, u, n);
          channels[i++] = re;
          channels[i++] = im;
        }
      }
    }
  }
  return {
    sceneName: "synthetic",
    materialSet: "none",
    seed: 0,
    slotCount: s,
    apCount: a,
    ueCount: k,
    antennaCount: nt,
    slotDurationS: 0.01,
    uePositionsM: new Float32Array(s * k * 3),
    channels,
    servingAp: new Int32Array(s * k),
    rssiDbm: new Float32Array(s * k),
    beamIndex: new Int32Array(s * k),
    blocked: new Uint8Array(s * k),
    hotspot: new Uint8Array(s * k),
    rareEvent: new Uint8Array(s),
    rareEventUe: new Uint8Array(s * k),
    blockageOnset: new Uint8Array(s),
  };
}
