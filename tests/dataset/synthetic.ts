/**
 * SYNTHETIC TEST DATA: small episodes made up in the tests (no simulator), whose values
 * encode where they come from so a test can tell which episode and slot it reads:
 *
 * - channels[s, b, k, n] = (1000 * episode + s) + j (100 * b + k + n / 64)
 * - rssiDbm[s, k] = -(1000 * episode + s) - k / 64, beamIndex[s, k] = 1000 * episode + s
 * - rareEvent[s] = 1 on slots s % 7 === 3, blockageOnset[s] = 1 on s % 13 === 5
 * - uePositionsM random from the episode's stream (checks the seeding is per episode)
 *
 * @module
 */
import type { Rng } from "../../lib/core/mod.ts";
import type { CodeVersion, DatasetPreset } from "../../lib/dataset/mod.ts";
import { DATASET_PRESETS } from "../../lib/dataset/mod.ts";
import type { Episode } from "../../lib/mobility/mod.ts";

/** Dimensions of a synthetic episode. */
export interface SyntheticDims {
  readonly S: number;
  readonly A: number;
  readonly K: number;
  readonly Nt: number;
}

/** A synthetic episode (see the module doc for its values). */
export function syntheticEpisode(
  index: number,
  options: { readonly rng: Rng; readonly dims: SyntheticDims; readonly sceneName?: string },
): Episode {
  const { S, A, K, Nt } = options.dims;
  const channels = new Float32Array(2 * S * A * K * Nt);
  for (let s = 0; s < S; s++) {
    for (let b = 0; b < A; b++) {
      for (let k = 0; k < K; k++) {
        for (let n = 0; n < Nt; n++) {
          const i = 2 * (((s * A + b) * K + k) * Nt + n);
          channels[i] = 1000 * index + s;
          channels[i + 1] = 100 * b + k + n / 64;
        }
      }
    }
  }
  const rssiDbm = new Float32Array(S * K);
  const beamIndex = new Int32Array(S * K);
  const servingAp = new Int32Array(S * K);
  const blocked = new Uint8Array(S * K);
  const hotspot = new Uint8Array(S * K);
  for (let s = 0; s < S; s++) {
    for (let k = 0; k < K; k++) {
      rssiDbm[s * K + k] = -(1000 * index + s) - k / 64;
      beamIndex[s * K + k] = 1000 * index + s;
      servingAp[s * K + k] = (s + k) % A;
      blocked[s * K + k] = (s + k) % 5 === 0 ? 1 : 0;
      hotspot[s * K + k] = index % 2;
    }
  }
  const rareEvent = new Uint8Array(S);
  const blockageOnset = new Uint8Array(S);
  for (let s = 0; s < S; s++) {
    rareEvent[s] = s % 7 === 3 ? 1 : 0;
    blockageOnset[s] = s % 13 === 5 ? 1 : 0;
  }
  const uePositionsM = new Float32Array(S * K * 3);
  for (let i = 0; i < uePositionsM.length; i++) uePositionsM[i] = options.rng.uniformIn(0, 20);
  return {
    sceneName: options.sceneName ?? "synthetic",
    materialSet: "itu",
    seed: index,
    slotCount: S,
    apCount: A,
    ueCount: K,
    antennaCount: Nt,
    slotDurationS: 0.01,
    uePositionsM,
    channels,
    servingAp,
    rssiDbm,
    beamIndex,
    blocked,
    hotspot,
    rareEvent,
    rareEventUe: new Uint8Array(S * K),
    blockageOnset,
  };
}

/** A preset for synthetic episodes (scene "synthetic"). */
export function syntheticPreset(options: {
  readonly episodeCount: number;
  readonly dims: SyntheticDims;
}): DatasetPreset {
  return {
    ...DATASET_PRESETS.ci,
    name: "synthetic-test",
    description: "synthetic test data",
    sceneName: "synthetic",
    episodeCount: options.episodeCount,
    slotCount: options.dims.S,
    ueCount: options.dims.K,
  };
}

/** A fixed code version so that test datasets compare byte for byte. */
export const TEST_CODE_VERSION: CodeVersion = Object.freeze({
  packageVersion: "test",
  gitCommit: null,
  sourceHash: "0".repeat(64),
  sourceHashScope: [],
});

/** Every file under `dir` (relative path -> bytes). */
export async function readTree(dir: string, prefix = ""): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(dir + (prefix ? "/" + prefix : ""))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) {
      for (const [k, v] of await readTree(dir, rel)) out.set(k, v);
    } else out.set(rel, await Deno.readFile(`${dir}/${rel}`));
  }
  return out;
}
