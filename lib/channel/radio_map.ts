/**
 * Radio maps: received power per AP, SINR and best server over a grid of UE
 * positions at one height.
 *
 * Received power assumes the AP points a matched beam at the grid point with its
 * whole transmit power: `P = P_tx ||h||^2` (array gain included). The SINR map takes
 * the strongest AP as server and every other AP as an interferer whose beam points
 * elsewhere: averaged over beam directions, an interferer's gain is `||h||^2 / Nt`
 * (per-element gain), so `SINR = P_s ||h_s||^2 / (sum_b P_b ||h_b||^2 / Nt + N0)`.
 * Points inside furniture are `NaN` (nobody stands in a cabinet).
 *
 * @module
 */
import { assertPositive, dbmToWatt, squaredNorm, thermalNoiseDbm, wattToDbm } from "../core/mod.ts";
import type { ChannelModel } from "./channel.ts";

/** A radio map on a regular grid. Arrays are `[ny, nx]` row-major (y rows, x columns). */
export interface RadioMap {
  readonly resolutionM: number;
  readonly heightM: number;
  /** Grid cell centres along x and y, m. */
  readonly xM: Float64Array;
  readonly yM: Float64Array;
  /** Per AP, received power with a matched beam, dBm, `[ny, nx]`. */
  readonly rxPowerDbm: Float64Array[];
  /** SINR with the best server and beam-averaged interference, dB, `[ny, nx]`. */
  readonly sinrDb: Float64Array;
  /** Index of the strongest AP, `[ny, nx]` (-1 where undefined). */
  readonly bestServer: Int32Array;
  /** Noise power over the scene's bandwidth with its noise figure, dBm. */
  readonly noiseDbm: number;
}

/** One grid point of a radio map as a tidy row (for plotting). */
export interface RadioMapRow {
  xM: number;
  yM: number;
  ap: string;
  rxPowerDbm: number;
  sinrDb: number;
  bestServer: string;
}

/**
 * Computes a radio map of a channel model's scene.
 *
 * @example
 * ```ts
 * import { loadNamedScene } from "../scene/mod.ts";
 * import { createChannelModel } from "./channel.ts";
 * import { radioMap } from "./radio_map.ts";
 * const model = createChannelModel(await loadNamedScene("office"), { maxReflectionOrder: 0 });
 * const map = radioMap(model, { resolutionM: 5 });
 * console.log(map.xM.length, "x", map.yM.length, "points");
 * ```
 */
export function radioMap(
  model: ChannelModel,
  options: {
    resolutionM?: number;
    heightM?: number;
    onProgress?: (done: number, total: number) => void;
  } = {},
): RadioMap {
  const { scene } = model;
  const { resolutionM = 0.5, heightM = scene.ueHeightM, onProgress } = options;
  assertPositive("options.resolutionM", resolutionM);
  const [sx, sy] = scene.room.size;
  const nx = Math.max(1, Math.floor(sx / resolutionM));
  const ny = Math.max(1, Math.floor(sy / resolutionM));
  const xM = Float64Array.from({ length: nx }, (_, i) => (i + 0.5) * (sx / nx));
  const yM = Float64Array.from({ length: ny }, (_, j) => (j + 0.5) * (sy / ny));
  const apCount = model.apCount;
  const nt = model.antennaCount;
  const rxPowerDbm = Array.from({ length: apCount }, () => new Float64Array(nx * ny).fill(NaN));
  const sinrDb = new Float64Array(nx * ny).fill(NaN);
  const bestServer = new Int32Array(nx * ny).fill(-1);
  const noiseDbm = thermalNoiseDbm(scene.bandwidthHz, scene.noiseFigureDb);
  const noiseW = dbmToWatt(noiseDbm);
  const inside = (x: number, y: number) =>
    scene.objects.some((o) =>
      o.kind === "furniture" && x > o.box.min[0] && x < o.box.max[0] && y > o.box.min[1] &&
      y < o.box.max[1] && heightM > o.box.min[2] && heightM < o.box.max[2]
    );
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const idx = j * nx + i;
      if (inside(xM[i], yM[j])) continue;
      const channels = model.channelMatrices([[xM[i], yM[j], heightM]]);
      const powersW = channels.map((h, b) =>
        dbmToWatt(scene.accessPoints[b].txPowerDbm) * squaredNorm(h)
      );
      let best = 0;
      for (let b = 1; b < apCount; b++) if (powersW[b] > powersW[best]) best = b;
      let interferenceW = 0;
      for (let b = 0; b < apCount; b++) if (b !== best) interferenceW += powersW[b] / nt;
      for (let b = 0; b < apCount; b++) rxPowerDbm[b][idx] = wattToDbm(powersW[b]);
      bestServer[idx] = powersW[best] > 0 ? best : -1;
      sinrDb[idx] = 10 * Math.log10(powersW[best] / (interferenceW + noiseW));
    }
    onProgress?.((j + 1) * nx, nx * ny);
  }
  return { resolutionM, heightM, xM, yM, rxPowerDbm, sinrDb, bestServer, noiseDbm };
}

/** A radio map as tidy rows: one row per grid point and AP. */
export function radioMapRows(map: RadioMap, apIds: readonly string[]): RadioMapRow[] {
  const rows: RadioMapRow[] = [];
  const nx = map.xM.length;
  for (let j = 0; j < map.yM.length; j++) {
    for (let i = 0; i < nx; i++) {
      const idx = j * nx + i;
      const server = map.bestServer[idx];
      map.rxPowerDbm.forEach((powers, b) => {
        rows.push({
          xM: map.xM[i],
          yM: map.yM[j],
          ap: apIds[b],
          rxPowerDbm: powers[idx],
          sinrDb: map.sinrDb[idx],
          bestServer: server >= 0 ? apIds[server] : "none",
        });
      });
    }
  }
  return rows;
}
