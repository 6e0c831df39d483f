/**
 * The twin's measurements: MMSE channel estimation from uplink pilots, and a
 * constant-velocity Kalman filter that tracks a user's ground position from noisy
 * position reports (the paper's "MMSE-based channel estimation" and "Kalman filtering
 * for mobility prediction and state tracking").
 *
 * MMSE: user k's row `h` (`[Nt]`) is observed as `y = h + n` after despreading a pilot
 * of `L_p` symbols at power `P_pilot`; `n ~ CN(0, sigma^2 I)` with
 * `sigma^2 = beta / rho`, `beta = ||h||^2 / Nt` the per-antenna gain and
 * `rho = P_pilot beta L_p / N` the per-antenna pilot SNR. With the prior
 * `h ~ CN(0, beta I)` (the twin knows the large-scale gain, not the small-scale
 * channel), the MMSE estimate is `h_hat = rho / (1 + rho) y` and its error variance per
 * entry `beta / (1 + rho)`.
 *
 * @example
 * ```ts
 * import { createKalmanCv } from "./estimation.ts";
 * const kf = createKalmanCv({ position: [0, 0], accelerationStd: 0.5, measurementStd: 1 });
 * for (let i = 1; i <= 50; i++) { kf.predict(0.1); kf.update([0.1 * i, 0]); }
 * console.log(kf.velocity()[0].toFixed(1)); // 1.0
 * ```
 *
 * @module
 */
import {
  assertFiniteNumber,
  assertNonNegative,
  assertPositive,
  type ComplexMatrix,
  complexMatrix,
  type Rng,
} from "../core/mod.ts";

/** Pilot settings of {@link mmseChannelEstimate}. */
export interface PilotOptions {
  /** Pilot transmit power of a user, W (> 0). */
  readonly pilotPowerW: number;
  /** Pilot symbols (processing gain), >= 1. */
  readonly pilotLength: number;
  /** Noise power at the UAV over the band, W (> 0). */
  readonly noisePowerW: number;
}

/** Per-antenna pilot SNR `rho` (linear) of a row with per-antenna gain `beta`. */
export function pilotSnr(beta: number, options: PilotOptions): number {
  assertNonNegative("beta", beta);
  assertPositive("options.pilotPowerW", options.pilotPowerW);
  assertPositive("options.pilotLength", options.pilotLength);
  assertPositive("options.noisePowerW", options.noisePowerW);
  return (options.pilotPowerW * beta * options.pilotLength) / options.noisePowerW;
}

/**
 * MMSE estimate `[K, Nt]` of every row of `h` (see the module doc), with the noise
 * drawn from `rng`. Rows of zero gain are returned as zero.
 */
export function mmseChannelEstimate(
  h: ComplexMatrix,
  options: PilotOptions,
  rng: Rng,
): ComplexMatrix {
  const out = complexMatrix(h.rows, h.cols);
  const nt = h.cols;
  for (let k = 0; k < h.rows; k++) {
    let g = 0;
    for (let n = 0; n < nt; n++) g += h.re[k * nt + n] ** 2 + h.im[k * nt + n] ** 2;
    const beta = g / nt;
    if (beta <= 0) continue;
    const rho = pilotSnr(beta, options);
    const sigma = Math.sqrt(beta / rho / 2);
    const w = rho / (1 + rho);
    for (let n = 0; n < nt; n++) {
      const j = k * nt + n;
      out.re[j] = w * (h.re[j] + sigma * rng.normal());
      out.im[j] = w * (h.im[j] + sigma * rng.normal());
    }
  }
  return out;
}

/** Options of {@link createKalmanCv}. */
export interface KalmanCvOptions {
  /** Initial position `[x, y]`, m. */
  readonly position: readonly [number, number];
  /** Initial velocity `[vx, vy]`, m/s (default 0). */
  readonly velocity?: readonly [number, number];
  /** Initial position std, m (default `measurementStd`). */
  readonly positionStd?: number;
  /** Initial velocity std, m/s (default 1). */
  readonly velocityStd?: number;
  /** White-acceleration std of the process, m/s^2 (> 0). */
  readonly accelerationStd: number;
  /** Position measurement std per axis, m (> 0). */
  readonly measurementStd: number;
}

/** A constant-velocity Kalman filter on the ground plane (state `[x, y, vx, vy]`). */
export interface KalmanCv {
  /** Advances the state by `dtS` seconds (>= 0). */
  predict(dtS: number): void;
  /** Folds in a position measurement `[x, y]`, m. */
  update(z: readonly [number, number]): void;
  /** Current position estimate, m. */
  position(): [number, number];
  /** Current velocity estimate, m/s. */
  velocity(): [number, number];
  /** Position extrapolated `dtS` ahead (state unchanged), m, with its per-axis std, m. */
  forecast(dtS: number): { position: [number, number]; std: [number, number] };
  /** The 4 x 4 covariance, row-major (a copy). */
  covariance(): Float64Array;
}

/**
 * A constant-velocity Kalman filter: `F = [[I, dt I], [0, I]]`, process noise of a
 * white acceleration with std `accelerationStd` (`Q = q [[dt^3/3, dt^2/2], [dt^2/2, dt]]`
 * per axis, `q = accelerationStd^2`), position measurements with std `measurementStd`.
 * The two axes are independent, so it runs as two 2-state filters.
 */
export function createKalmanCv(options: KalmanCvOptions): KalmanCv {
  assertPositive("options.accelerationStd", options.accelerationStd);
  assertPositive("options.measurementStd", options.measurementStd);
  assertFiniteNumber("options.position[0]", options.position[0]);
  assertFiniteNumber("options.position[1]", options.position[1]);
  const q = options.accelerationStd ** 2;
  const r = options.measurementStd ** 2;
  const p0 = (options.positionStd ?? options.measurementStd) ** 2;
  const v0 = (options.velocityStd ?? 1) ** 2;
  // Per axis: state [p, v], covariance [a, b; b, c].
  const x = [options.position[0], options.position[1]];
  const v = [options.velocity?.[0] ?? 0, options.velocity?.[1] ?? 0];
  const A = [p0, p0], B = [0, 0], C = [v0, v0];
  const step = (ax: number, dt: number) => {
    x[ax] += dt * v[ax];
    const a = A[ax] + 2 * dt * B[ax] + dt * dt * C[ax] + (q * dt ** 3) / 3;
    const b = B[ax] + dt * C[ax] + (q * dt * dt) / 2;
    const c = C[ax] + q * dt;
    A[ax] = a;
    B[ax] = b;
    C[ax] = c;
  };
  return {
    predict(dtS: number) {
      assertNonNegative("dtS", dtS);
      step(0, dtS);
      step(1, dtS);
    },
    update(z: readonly [number, number]) {
      for (let ax = 0; ax < 2; ax++) {
        assertFiniteNumber(`z[${ax}]`, z[ax]);
        const s = A[ax] + r;
        const k0 = A[ax] / s, k1 = B[ax] / s;
        const innov = z[ax] - x[ax];
        x[ax] += k0 * innov;
        v[ax] += k1 * innov;
        const a = (1 - k0) * A[ax];
        const b = (1 - k0) * B[ax];
        const c = C[ax] - k1 * B[ax];
        A[ax] = a;
        B[ax] = b;
        C[ax] = c;
      }
    },
    position: () => [x[0], x[1]],
    velocity: () => [v[0], v[1]],
    forecast(dtS: number) {
      assertNonNegative("dtS", dtS);
      const pos: [number, number] = [x[0] + dtS * v[0], x[1] + dtS * v[1]];
      const std = [0, 1].map((ax) =>
        Math.sqrt(A[ax] + 2 * dtS * B[ax] + dtS * dtS * C[ax] + (q * dtS ** 3) / 3)
      ) as [number, number];
      return { position: pos, std };
    },
    covariance() {
      const m = new Float64Array(16);
      // State order [x, y, vx, vy].
      m[0] = A[0];
      m[2] = m[8] = B[0];
      m[10] = C[0];
      m[5] = A[1];
      m[7] = m[13] = B[1];
      m[15] = C[1];
      return m;
    },
  };
}
