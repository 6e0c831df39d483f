/**
 * Slow reference of WC-ZF for tests and the benchmark: the straightforward
 * implementation that `lib/beamforming/wczf.ts` replaced (one gain product per
 * scenario and AP, one per UE for its candidates, and a max-SLNR candidate with its own
 * sample covariance per AP and a matrix-free power iteration per UE). Same candidates,
 * selection and outputs as {@link wczfBeams}.
 *
 * @module
 */
import {
  assertInteger,
  assertNonNegative,
  cholesky,
  type ComplexMatrix,
  complexMatrix,
} from "../../lib/core/mod.ts";
import {
  NOISE_POWER_W,
  perBeamPowerW,
  powerGains,
  rowsToWeights,
  servedUesByAp,
  SLNR_MAX_ITERATIONS,
  SLNR_TOLERANCE,
  type SlnrOptions,
  type WczfOptions,
  type WczfResult,
  type WczfScenarios,
  zfBeamRows,
} from "../../lib/beamforming/mod.ts";

const scratch = new Map<string, Float64Array>();
function buffer(name: string, length: number): Float64Array {
  let b = scratch.get(name);
  if (!b || b.length < length) {
    b = new Float64Array(length);
    scratch.set(name, b);
  }
  return b.subarray(0, length);
}

/** The pre-optimization `wczfBeams`, kept verbatim as the reference. */
export function referenceWczfBeams(scenarios: WczfScenarios, options: WczfOptions): WczfResult {
  const { servingAp, statistical = "auto", refinementPasses = 0 } = options;
  const noise = options.noisePowerW ?? NOISE_POWER_W;
  assertNonNegative("noisePowerW", noise);
  assertInteger("refinementPasses", refinementPasses, { min: 0 });
  const mCount = scenarios.length;
  if (mCount === 0) throw new RangeError("scenarios must hold at least one trajectory");
  const tCount = scenarios[0].length;
  if (tCount === 0) throw new RangeError("scenarios[0] must hold at least one slot");
  const apCount = scenarios[0][0].length;
  if (apCount === 0) throw new RangeError("scenarios[0][0] must hold at least one AP");
  const k = scenarios[0][0][0].rows, nt = scenarios[0][0][0].cols;
  if (servingAp.length !== k) {
    throw new RangeError(`servingAp has ${servingAp.length} entries, channels have ${k} rows`);
  }
  const sCount = mCount * tCount;
  const flat: (readonly ComplexMatrix[])[] = [];
  for (let m = 0; m < mCount; m++) {
    if (scenarios[m].length !== tCount) {
      throw new RangeError(`scenarios[${m}] has ${scenarios[m].length} slots, expected ${tCount}`);
    }
    for (let t = 0; t < tCount; t++) {
      const set = scenarios[m][t];
      if (set.length !== apCount) {
        throw new RangeError(`scenarios[${m}][${t}] has ${set.length} APs, expected ${apCount}`);
      }
      for (let b = 0; b < apCount; b++) {
        if (set[b].rows !== k || set[b].cols !== nt) {
          throw new RangeError(
            `scenarios[${m}][${t}][${b}] is [${set[b].rows}, ${
              set[b].cols
            }], expected [${k}, ${nt}]`,
          );
        }
      }
      flat.push(set);
    }
  }
  const served = servedUesByAp(servingAp, apCount);
  const power = options.beamPowerW ?? perBeamPowerW(servingAp, { apCount });
  if (power.length !== apCount) {
    throw new RangeError(`beamPowerW has ${power.length} entries, expected ${apCount}`);
  }
  const local = new Int32Array(k);
  for (const list of served) list.forEach((u, i) => (local[u] = i));
  const useSlnr = statistical === "auto" ? sCount >= 2 : statistical;
  const labels = ["mean-zf"];
  if (mCount >= 2) { for (let m = 0; m < mCount; m++) labels.push(`trajectory-zf:${m}`); }
  if (useSlnr) labels.push("max-slnr");
  const c = labels.length;

  // ---- candidates -------------------------------------------------------------
  const candidateRows: ComplexMatrix[] = [];
  const referenceRows: ComplexMatrix[] = [];
  const mean: ComplexMatrix = {
    rows: k,
    cols: nt,
    re: buffer("meanRe", k * nt),
    im: buffer("meanIm", k * nt),
  };
  for (let b = 0; b < apCount; b++) {
    const kb = served[b].length;
    const rows: ComplexMatrix = {
      rows: kb * c,
      cols: nt,
      re: new Float64Array(kb * c * nt),
      im: new Float64Array(kb * c * nt),
    };
    const put = (cand: ComplexMatrix, index: number) => {
      for (let i = 0; i < kb; i++) {
        rows.re.set(cand.re.subarray(i * nt, (i + 1) * nt), (i * c + index) * nt);
        rows.im.set(cand.im.subarray(i * nt, (i + 1) * nt), (i * c + index) * nt);
      }
    };
    if (kb > 0) {
      averageInto(flat, b, 0, sCount, mean);
      const ref = zfBeamRows(mean, served[b], options);
      put(ref, 0);
      referenceRows.push(ref);
      if (mCount >= 2) {
        for (let m = 0; m < mCount; m++) {
          averageInto(flat, b, m * tCount, tCount, mean);
          put(zfBeamRows(mean, served[b], options), 1 + m);
        }
      }
      if (useSlnr) {
        const samples = flat.map((set) => set[b]);
        const slnr = referenceMaxSlnrBeamRows(samples, served[b], {
          noiseToPowerRatio: Math.max(noise, Number.MIN_VALUE) / power[b],
          maxIterations: options.slnrMaxIterations,
        });
        put(slnr, c - 1);
      }
    } else {
      referenceRows.push({ rows: 0, cols: nt, re: new Float64Array(0), im: new Float64Array(0) });
    }
    candidateRows.push(rows);
  }

  // ---- each UE's own-channel samples, [S, Nt] contiguous -----------------------
  const xRe = buffer("xRe", k * sCount * nt), xIm = buffer("xIm", k * sCount * nt);
  for (let u = 0; u < k; u++) {
    const b = servingAp[u];
    if (b < 0) continue;
    for (let s = 0; s < sCount; s++) {
      const h = flat[s][b];
      const o = (u * sCount + s) * nt;
      xRe.set(h.re.subarray(u * nt, (u + 1) * nt), o);
      xIm.set(h.im.subarray(u * nt, (u + 1) * nt), o);
    }
  }

  // ---- selection passes --------------------------------------------------------
  let maxKb = 0;
  for (const list of served) maxKb = Math.max(maxKb, list.length);
  const interference = buffer("interference", k * sCount);
  const gains = buffer("gains", k * maxKb);
  const candGains = buffer("candGains", sCount * c);
  const chosen = new Int32Array(k).fill(-1);
  const worst = new Float64Array(k);
  const candWorst = new Float64Array(k * c);
  let selectedRows: ComplexMatrix[] = referenceRows;
  for (let pass = 0; pass <= refinementPasses; pass++) {
    if (pass > 0) {
      for (let b = 0; b < apCount; b++) referenceRows[b] = selectedRows[b];
    }
    interference.fill(0);
    for (let s = 0; s < sCount; s++) {
      for (let b = 0; b < apCount; b++) {
        const kb = served[b].length;
        if (kb === 0) continue;
        powerGains(flat[s][b], referenceRows[b], { out: gains });
        const p = power[b];
        for (let u = 0; u < k; u++) {
          const own = servingAp[u] === b ? local[u] : -1;
          let sum = 0;
          const o = u * kb;
          for (let j = 0; j < kb; j++) if (j !== own) sum += gains[o + j];
          interference[u * sCount + s] += p * sum;
        }
      }
    }
    selectedRows = [];
    for (let b = 0; b < apCount; b++) {
      const list = served[b], kb = list.length;
      const sel: ComplexMatrix = {
        rows: kb,
        cols: nt,
        re: new Float64Array(kb * nt),
        im: new Float64Array(kb * nt),
      };
      const p = power[b];
      for (let i = 0; i < kb; i++) {
        const u = list[i];
        const x: ComplexMatrix = {
          rows: sCount,
          cols: nt,
          re: xRe.subarray(u * sCount * nt, (u + 1) * sCount * nt),
          im: xIm.subarray(u * sCount * nt, (u + 1) * sCount * nt),
        };
        const cand: ComplexMatrix = {
          rows: c,
          cols: nt,
          re: candidateRows[b].re.subarray(i * c * nt, (i + 1) * c * nt),
          im: candidateRows[b].im.subarray(i * c * nt, (i + 1) * c * nt),
        };
        powerGains(x, cand, { out: candGains });
        let best = -1, bestValue = -Infinity;
        for (let ci = 0; ci < c; ci++) {
          let w = Infinity;
          for (let s = 0; s < sCount; s++) {
            const v = p * candGains[s * c + ci] / (interference[u * sCount + s] + noise);
            if (v < w) w = v;
          }
          candWorst[u * c + ci] = w;
          if (w > bestValue || best < 0) {
            best = ci;
            bestValue = w;
          }
        }
        chosen[u] = best;
        worst[u] = bestValue;
        sel.re.set(cand.re.subarray(best * nt, (best + 1) * nt), i * nt);
        sel.im.set(cand.im.subarray(best * nt, (best + 1) * nt), i * nt);
      }
      selectedRows.push(sel);
    }
  }
  return {
    beams: selectedRows.map((rows, b) => ({ servedUes: served[b], weights: rowsToWeights(rows) })),
    chosen,
    candidateLabels: labels,
    worstCaseSinr: worst,
    candidateWorstCaseSinr: candWorst,
    candidateRows,
    referenceBeams: referenceRows.map((rows, b) => ({
      servedUes: served[b],
      weights: rowsToWeights(rows),
    })),
  };
}

/** `out = mean_{s in [from, from + count)} flat[s][b]` (a copy when `count` is 1). */
function averageInto(
  flat: readonly (readonly ComplexMatrix[])[],
  b: number,
  from: number,
  count: number,
  out: ComplexMatrix,
): void {
  out.re.fill(0);
  out.im.fill(0);
  for (let s = from; s < from + count; s++) {
    const h = flat[s][b];
    for (let q = 0; q < out.re.length; q++) {
      out.re[q] += h.re[q];
      out.im[q] += h.im[q];
    }
  }
  if (count !== 1) {
    const inv = 1 / count;
    for (let q = 0; q < out.re.length; q++) {
      out.re[q] *= inv;
      out.im[q] *= inv;
    }
  }
}

/** The pre-optimization `maxSlnrBeamRows` (R_all per AP, matrix-free power iteration). */
export function referenceMaxSlnrBeamRows(
  samples: readonly ComplexMatrix[],
  servedUes: Int32Array,
  options: SlnrOptions,
): ComplexMatrix {
  const {
    noiseToPowerRatio,
    maxIterations = SLNR_MAX_ITERATIONS,
    tolerance = SLNR_TOLERANCE,
  } = options;
  const sCount = samples.length;
  if (sCount === 0) throw new RangeError("samples must not be empty");
  const k = samples[0].rows, nt = samples[0].cols, kb = servedUes.length;
  for (let s = 0; s < sCount; s++) {
    if (samples[s].rows !== k || samples[s].cols !== nt) {
      throw new RangeError(
        `samples[${s}] is [${samples[s].rows}, ${samples[s].cols}], expected [${k}, ${nt}]`,
      );
    }
  }
  for (let i = 0; i < kb; i++) {
    if (!(servedUes[i] >= 0 && servedUes[i] < k)) {
      throw new RangeError(`servedUes[${i}] = ${servedUes[i]} is out of range [0, ${k})`);
    }
  }
  const out = complexMatrix(kb, nt);
  if (kb === 0) return out;
  // B = R_all / S + ratio I: upper triangle, rows two at a time.
  const b = complexMatrix(nt, nt);
  const br = b.re, bi = b.im;
  for (let s = 0; s < sCount; s++) {
    const xr = samples[s].re, xi = samples[s].im;
    let r = 0;
    for (; r + 1 < k; r += 2) {
      const o0 = r * nt, o1 = o0 + nt;
      for (let p = 0; p < nt; p++) {
        // conj(x_p) for both rows
        const a0r = xr[o0 + p], a0i = -xi[o0 + p], a1r = xr[o1 + p], a1i = -xi[o1 + p];
        const row = p * nt;
        for (let q = p; q < nt; q++) {
          const y0r = xr[o0 + q], y0i = xi[o0 + q], y1r = xr[o1 + q], y1i = xi[o1 + q];
          br[row + q] += a0r * y0r - a0i * y0i + a1r * y1r - a1i * y1i;
          bi[row + q] += a0r * y0i + a0i * y0r + a1r * y1i + a1i * y1r;
        }
      }
    }
    for (; r < k; r++) {
      const o0 = r * nt;
      for (let p = 0; p < nt; p++) {
        const a0r = xr[o0 + p], a0i = -xi[o0 + p];
        const row = p * nt;
        for (let q = p; q < nt; q++) {
          const y0r = xr[o0 + q], y0i = xi[o0 + q];
          br[row + q] += a0r * y0r - a0i * y0i;
          bi[row + q] += a0r * y0i + a0i * y0r;
        }
      }
    }
  }
  const invS = 1 / sCount;
  for (let p = 0; p < nt; p++) {
    for (let q = p; q < nt; q++) {
      br[p * nt + q] *= invS;
      bi[p * nt + q] *= invS;
      br[q * nt + p] = br[p * nt + q];
      bi[q * nt + p] = -bi[p * nt + q];
    }
    br[p * nt + p] += noiseToPowerRatio;
    bi[p * nt + p] = 0;
  }
  const l = cholesky(b);
  const lr = l.re, li = l.im;
  const ur = new Float64Array(nt), ui = new Float64Array(nt);
  const wr = new Float64Array(nt), wi = new Float64Array(nt);
  const zr = new Float64Array(nt), zi = new Float64Array(nt);
  // y = L^-1 z (in place on z -> y arrays)
  const forward = (inR: Float64Array, inI: Float64Array, yr: Float64Array, yi: Float64Array) => {
    for (let i = 0; i < nt; i++) {
      let sr = inR[i], si = inI[i];
      const o = i * nt;
      for (let j = 0; j < i; j++) {
        const cr = lr[o + j], ci = li[o + j];
        sr -= cr * yr[j] - ci * yi[j];
        si -= cr * yi[j] + ci * yr[j];
      }
      const d = lr[o + i];
      yr[i] = sr / d;
      yi[i] = si / d;
    }
  };
  // x = L^-H y
  const backward = (inR: Float64Array, inI: Float64Array, xr: Float64Array, xi: Float64Array) => {
    for (let i = nt - 1; i >= 0; i--) {
      let sr = inR[i], si = inI[i];
      for (let j = i + 1; j < nt; j++) {
        const cr = lr[j * nt + i], ci = -li[j * nt + i]; // conj(L[j, i])
        sr -= cr * xr[j] - ci * xi[j];
        si -= cr * xi[j] + ci * xr[j];
      }
      const d = lr[i * nt + i];
      xr[i] = sr / d;
      xi[i] = si / d;
    }
  };
  const normalize = (vr: Float64Array, vi: Float64Array): number => {
    let n2 = 0;
    for (let q = 0; q < nt; q++) n2 += vr[q] * vr[q] + vi[q] * vi[q];
    const n = Math.sqrt(n2);
    if (n > 0) {
      for (let q = 0; q < nt; q++) {
        vr[q] /= n;
        vi[q] /= n;
      }
    }
    return n;
  };
  for (let i = 0; i < kb; i++) {
    const ro = servedUes[i] * nt;
    // z = mean_s h_k = mean_s conj(row)
    zr.fill(0);
    zi.fill(0);
    for (let s = 0; s < sCount; s++) {
      const xr = samples[s].re, xi = samples[s].im;
      for (let q = 0; q < nt; q++) {
        zr[q] += xr[ro + q] * invS;
        zi[q] -= xi[ro + q] * invS;
      }
    }
    forward(zr, zi, ur, ui);
    if (normalize(ur, ui) === 0) {
      ur.fill(1);
      ui.fill(0);
      normalize(ur, ui);
    }
    let lambda = 0;
    for (let it = 0; it < maxIterations; it++) {
      backward(ur, ui, wr, wi);
      zr.fill(0);
      zi.fill(0);
      for (let s = 0; s < sCount; s++) {
        const xr = samples[s].re, xi = samples[s].im;
        let ar = 0, ai = 0; // row . w = h^H w
        for (let q = 0; q < nt; q++) {
          const hr = xr[ro + q], hi = xi[ro + q];
          ar += hr * wr[q] - hi * wi[q];
          ai += hr * wi[q] + hi * wr[q];
        }
        for (let q = 0; q < nt; q++) {
          const hr = xr[ro + q], hi = -xi[ro + q]; // h = conj(row)
          zr[q] += hr * ar - hi * ai;
          zi[q] += hr * ai + hi * ar;
        }
      }
      forward(zr, zi, zr, zi);
      // Rayleigh quotient u^H C u with ||u|| = 1 (the 1/S factor does not move w).
      let rq = 0;
      for (let q = 0; q < nt; q++) rq += ur[q] * zr[q] + ui[q] * zi[q];
      if (normalize(zr, zi) === 0) break;
      ur.set(zr);
      ui.set(zi);
      const done = Math.abs(rq - lambda) <= tolerance * Math.abs(rq);
      lambda = rq;
      if (done) break;
    }
    backward(ur, ui, wr, wi);
    normalize(wr, wi);
    out.re.set(wr, i * nt);
    out.im.set(wi, i * nt);
  }
  return out;
}
