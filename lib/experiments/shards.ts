/**
 * `deno task figures` beyond one machine: the work of {@link runAllFigures} split into
 * independent units (one per study seed: prediction, WC-ZF, recovery and power per seed,
 * robustness per condition and seed, density per AP count and seed; channel and
 * mobility are one unit each), each with an estimated cost, dealt to `n` shards by
 * longest-processing-time-first ({@link unitsOfShard}), so that the slowest shard ends
 * close to the mean.
 *
 * A shard ({@link runFigureShard}) runs its units and writes `shard-<i>-of-<n>.json`:
 * a manifest (format, preset, seed, steps, shard, code version, config hash, the
 * provenance every output records) and the units' raw results (the studies' per-seed
 * results, `runXSeed`/`runXUnit`). Channel and mobility are rendered by their shard
 * (figures and tables, with the run's provenance) into `shard-<i>-of-<n>.files/`, with
 * a SHA-256 per file in the manifest. {@link mergeFigureShards} checks the shards (all
 * present, none twice, same code, config and provenance), pools the units with the
 * studies' own pooling steps (`poolXStudy`), and saves every figure and table through
 * the studies' own `saveXStudy`: byte for byte what an unsharded run writes, except
 * the wall-clock timings (`latency.*`, the decision-latency rows of `reproduction.*`).
 * Nothing is written when a check fails; outputs are staged and moved at the end.
 *
 * Numbers travel exactly: non-finite numbers and `-0` as tagged values, numeric arrays
 * as base64 little-endian float64.
 *
 * @module
 */
import { dirnamePath, joinPath, repoPath } from "../core/mod.ts";
import {
  defaultFigureScene,
  FIGURE_STEPS,
  type FigureConfigs,
  figureConfigs,
  figureProvenance,
  figureSchemes,
  type FigureStep,
} from "./all_figures.ts";
import { runChannelStudy, saveChannelStudy } from "./channel/mod.ts";
import {
  type DensityStudy,
  poolDensityStudy,
  runDensityUnit,
  saveDensityStudy,
} from "./density/mod.ts";
import { runMobilityStudy, saveMobilityStudy } from "./mobility/mod.ts";
import { poolPredictionStudy, runPredictionSeed, savePredictionStudy } from "./prediction/mod.ts";
import { assertPresetName, type PresetName } from "./presets.ts";
import type { SceneSource } from "../scene/mod.ts";
import type { StageProgress } from "./progress.ts";
import {
  poolRecoveryStudy,
  type RecoveryStudy,
  runRecoverySeed,
  saveRecoveryStudy,
} from "./recovery/mod.ts";
import { formatReproduction, type ReproductionRow, reproductionRows } from "./reproduction/mod.ts";
import { poolRobustnessStudy, runRobustnessUnit, saveRobustnessStudy } from "./robustness/mod.ts";
import { poolPowerStudy, runPowerStudyMission, savePowerStudy } from "./power/mod.ts";
import type { PowerMission } from "../ntn/mod.ts";
import { writeTable } from "./tables.ts";
import { poolWczfStudy, runWczfSeed, saveWczfStudy, type WczfStudy } from "./wczf/mod.ts";

/** Version tag of the shard file format (2: cost-weighted assignment of the units). */
export const SHARD_FORMAT = "workbench-figures-shard/2";

/** Shard `index` (0-based) of `count`. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/**
 * Parses `i/n` (0 <= i < n, as SLURM's `--array=0-(n-1)` numbers its tasks).
 *
 * @example
 * ```ts
 * import { parseShard } from "./shards.ts";
 * const s = parseShard("1/4");
 * if (s.index !== 1 || s.count !== 4) throw new Error("1/4");
 * ```
 */
export function parseShard(text: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text ?? "");
  if (!m) throw new RangeError(`--shard must be i/n (0 <= i < n), got ${JSON.stringify(text)}`);
  const index = Number(m[1]), count = Number(m[2]);
  if (!(count >= 1 && count <= 100_000) || index >= count) {
    throw new RangeError(`--shard must be i/n with 0 <= i < n <= 100000, got ${text}`);
  }
  return { index, count };
}

/** `i/n`. */
export function shardName(s: ShardSpec): string {
  return `${s.index}/${s.count}`;
}

/** File name of a shard's manifest and results. */
export function shardFileName(s: ShardSpec): string {
  return `shard-${s.index}-of-${s.count}.json`;
}

/** One independent piece of work of a figures run. */
export interface FigureUnit {
  readonly step: FigureStep;
  /** Unique and readable, e.g. `wczf/seed=1100`, `density/A=6/seed=1301`. */
  readonly key: string;
  /** Positions in the step's config (seed index, condition index, AP count...). */
  readonly at: readonly number[];
  /** Estimated wall time on the 2-core reference machine, s ({@link UNIT_SECONDS}). */
  readonly cost: number;
}

/**
 * The cost model of the units, seconds of one thread on the 2-core reference machine per
 * controlled slot (or per unit), measured on the paper preset's own units (the 257 units
 * of `deno task figures --preset paper`, 8 shards run two at a time, office, no shipped
 * weights): a WC-ZF seed of 990 evaluated slots 28.7 s, a robustness seed 14.6 s (5.2 times
 * that at reflection order 5), a density unit 1.4 s (A = 2) to 7.2 s (A = 12) for 190 slots,
 * a recovery seed of 90 controlled slots 1.2 s, a prediction seed of 99 scored slots 5.6 s,
 * a power mission of 3 000 control slots 10.4 s (with the stand-ins; the GenAI-DT
 * generator of the cpu weights makes it about 3.7 times slower), channel and mobility
 * about 62 s each. Only the balance of the shards depends on it, never a result.
 */
export const UNIT_SECONDS = Object.freeze({
  /** WC-ZF study, per evaluated slot (all schemes and ablations). */
  wczfSlot: 0.029,
  /** Robustness study, per evaluated slot, at reflection order 2. */
  robustnessSlot: 0.0148,
  /** Factor of a robustness condition at reflection order 5 (order 3-4 interpolated). */
  reflectionOrder5Factor: 5.2,
  /** Recovery study, per controlled slot. */
  recoverySlot: 0.013,
  /** Density study, per controlled slot and AP. */
  densitySlotPerAp: 0.0032,
  /** Prediction study, per scored sync slot (every predictor, every horizon). */
  predictionSlot: 0.057,
  /** Power study (UAV case study), per control slot of a mission. */
  powerSlot: 0.0035,
  /** Channel or mobility study, per unit. */
  fixedStep: 62,
});

/** Every unit of a run of `steps`, in step order then config order. */
export function figureUnits(configs: FigureConfigs, steps: readonly FigureStep[]): FigureUnit[] {
  const units: FigureUnit[] = [];
  for (const step of FIGURE_STEPS) {
    if (!steps.includes(step)) continue;
    switch (step) {
      case "channel":
      case "mobility":
        units.push({ step, key: step, at: [], cost: UNIT_SECONDS.fixedStep });
        break;
      case "prediction": {
        const c = configs.prediction;
        const cost = UNIT_SECONDS.predictionSlot * (c.slotCount - c.firstSlot) / c.syncStride;
        c.episodeSeeds.forEach((seed, i) =>
          units.push({ step, key: `prediction/seed=${seed}`, at: [i], cost })
        );
        break;
      }
      case "wczf": {
        const c = configs.wczf;
        const cost = UNIT_SECONDS.wczfSlot * (c.slotCount - c.firstSlot);
        c.episodeSeeds.forEach((seed, i) =>
          units.push({ step, key: `wczf/seed=${seed}`, at: [i], cost })
        );
        break;
      }
      case "robustness": {
        const c = configs.robustness.evaluation;
        const base = UNIT_SECONDS.robustnessSlot * (c.slotCount - c.firstSlot);
        configs.robustness.conditions.forEach((condition, ci) => {
          const order = condition.episode.maxReflectionOrder ?? 2;
          const cost = base * UNIT_SECONDS.reflectionOrder5Factor ** (Math.max(0, order - 2) / 3);
          c.episodeSeeds.forEach((seed, i) =>
            units.push({
              step,
              key: `robustness/${condition.name}/seed=${seed}`,
              at: [ci, i],
              cost,
            })
          );
        });
        break;
      }
      case "density": {
        const c = configs.density;
        for (const a of c.apCounts) {
          const cost = UNIT_SECONDS.densitySlotPerAp * a * (c.slotCount - c.firstSlot);
          for (const seed of c.seeds) {
            units.push({ step, key: `density/A=${a}/seed=${seed}`, at: [a, seed], cost });
          }
        }
        break;
      }
      case "power": {
        const c = configs.power;
        const cost = UNIT_SECONDS.powerSlot * c.run.intervals * c.run.controlSlots;
        c.seeds.forEach((seed) =>
          units.push({ step, key: `power/seed=${seed}`, at: [seed], cost })
        );
        break;
      }
      case "recovery": {
        const c = configs.recovery;
        const cost = UNIT_SECONDS.recoverySlot * (c.onsetSlot + c.tailSlots - c.firstSlot);
        c.seeds.forEach((seed) =>
          units.push({ step, key: `recovery/seed=${seed}`, at: [seed], cost })
        );
        break;
      }
    }
  }
  return units;
}

/**
 * Which shard runs each unit: longest processing time first (units by decreasing
 * {@link FigureUnit.cost}, ties in unit order, each to the shard with the least estimated
 * work so far, ties to the lowest index). Deterministic; every unit exactly once. The
 * slowest shard's estimate is within 4/3 of the best possible split (Graham's bound),
 * where round robin can put every expensive unit on one shard.
 *
 * @returns the shard index of each unit, in unit order.
 */
export function assignUnits(units: readonly FigureUnit[], count: number): number[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`count must be a positive integer, got ${count}`);
  }
  const order = units.map((_, j) => j).sort((a, b) => units[b].cost - units[a].cost || a - b);
  const load = new Array<number>(count).fill(0);
  const shardOf = new Array<number>(units.length);
  for (const j of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s] < load[best]) best = s;
    shardOf[j] = best;
    load[best] += units[j].cost;
  }
  return shardOf;
}

/** The units of shard `s` ({@link assignUnits}), in unit order. */
export function unitsOfShard(units: readonly FigureUnit[], s: ShardSpec): FigureUnit[] {
  const shardOf = assignUnits(units, s.count);
  return units.filter((_, j) => shardOf[j] === s.index);
}

// ---------- exact JSON ----------

function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function packFloats(values: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return toBase64(new Uint8Array(view.buffer));
}

function unpackFloats(text: string): number[] {
  const bytes = fromBase64(text);
  const view = new DataView(bytes.buffer);
  return Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

function exactReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "number") {
    if (Object.is(value, -0)) return { $num: "-0" };
    if (!Number.isFinite(value)) return { $num: String(value) };
    return value;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name;
    return { $typed: name, $f64: packFloats(value as unknown as ArrayLike<number>) };
  }
  if (Array.isArray(value) && value.length >= 8 && value.every((v) => typeof v === "number")) {
    return { $f64: packFloats(value) };
  }
  return value;
}

const TYPED: Record<string, new (values: number[]) => unknown> = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
};

function exactReviver(_key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.$num === "string" && Object.keys(v).length === 1) {
      return v.$num === "-0" ? -0 : Number(v.$num);
    }
    if (typeof v.$f64 === "string") {
      const values = unpackFloats(v.$f64);
      if (typeof v.$typed === "string") {
        const make = TYPED[v.$typed];
        if (!make) throw new TypeError(`unknown typed array ${v.$typed}`);
        return new make(values);
      }
      return values;
    }
  }
  return value;
}

/** JSON text that {@link exactParse} turns back into the same numbers (NaN, ±Infinity, -0). */
export function exactStringify(value: unknown): string {
  return JSON.stringify(value, exactReplacer);
}

/** Inverse of {@link exactStringify}. */
export function exactParse(text: string): unknown {
  return JSON.parse(text, exactReviver);
}

// ---------- code version and config hash ----------

async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function listFiles(dir: string, prefix: string, out: string[]): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return; // absent folder: nothing to hash
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) await listFiles(joinPath(dir, e.name), rel, out);
    else if (e.isFile) out.push(rel);
  }
}

async function gitCommit(): Promise<string | null> {
  try {
    let gitDir = repoPath(".git");
    const stat = await Deno.stat(gitDir);
    if (stat.isFile) {
      const m = /^gitdir:\s*(.+)$/m.exec(await Deno.readTextFile(gitDir));
      if (!m) return null;
      gitDir = m[1].trim().startsWith("/") ? m[1].trim() : repoPath(m[1].trim());
    }
    const head = (await Deno.readTextFile(joinPath(gitDir, "HEAD"))).trim();
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
    if (!ref) return head;
    try {
      return (await Deno.readTextFile(joinPath(gitDir, ref))).trim();
    } catch {
      const packed = await Deno.readTextFile(joinPath(gitDir, "packed-refs"));
      const line = packed.split("\n").find((l) => l.endsWith(` ${ref}`));
      return line ? line.split(" ")[0] : null;
    }
  } catch {
    return null;
  }
}

/** The code that produced a shard: the git commit (`.git`, read only) and a content hash. */
export interface CodeVersion {
  /** `HEAD` of the checkout, or null outside git. */
  readonly commit: string | null;
  /**
   * SHA-256 over the files that decide the outputs: `lib/`, `tools/`, `data/scenes/`,
   * `data/models/`, `deno.json`, `package.json`, `package-lock.json` (so uncommitted
   * edits count too).
   */
  readonly codeHash: string;
}

/** The {@link CodeVersion} of this checkout. */
export async function codeVersion(): Promise<CodeVersion> {
  const files: string[] = [];
  for (const dir of ["lib", "tools", "data/scenes", "data/models"]) {
    await listFiles(repoPath(dir), dir, files);
  }
  files.push("deno.json", "package.json", "package-lock.json");
  const parts: string[] = [];
  for (const f of files) {
    try {
      parts.push(`${f}\u0000${await sha256Hex(await Deno.readFile(repoPath(f)))}`);
    } catch {
      parts.push(`${f}\u0000absent`);
    }
  }
  return { commit: await gitCommit(), codeHash: await sha256Hex(parts.join("\n")) };
}

// ---------- shard ----------

/** What a shard file holds besides its units. */
export interface ShardManifest {
  readonly format: string;
  readonly preset: PresetName;
  readonly seed: number;
  readonly steps: FigureStep[];
  readonly robustnessConditions: string[] | null;
  readonly shard: ShardSpec;
  readonly code: CodeVersion;
  /** SHA-256 of the configs, steps, shard count and unit keys. */
  readonly configHash: string;
  /** What every output of the run records (learned-schemes note included). */
  readonly provenance: Record<string, unknown>;
  /** The unit keys of this shard, in order. */
  readonly unitKeys: string[];
  /** Pre-rendered outputs (channel, mobility) under `<shard file>.files/`, with SHA-256. */
  readonly files: { path: string; sha256: string }[];
  /** Wall time of each unit, s (informational; not compared). */
  readonly unitSeconds: number[];
}

/** Options of {@link runFigureShard}. */
export interface FigureShardOptions {
  readonly seed?: number;
  readonly steps?: readonly FigureStep[];
  readonly provenance?: Record<string, unknown>;
  readonly learned?: boolean;
  readonly robustnessConditions?: readonly string[];
  /** Default: {@link codeVersion} of this checkout. */
  readonly code?: CodeVersion;
  /**
   * The building (`deno task figures --scene FILE`); default `data/scenes/office.json`.
   * Its SHA-256 is in the config hash and the provenance; `--merge` needs the same file.
   */
  readonly scene?: SceneSource;
  readonly log?: (line: string) => void;
  readonly onProgress?: StageProgress;
}

async function configHash(
  preset: PresetName,
  seed: number,
  steps: readonly FigureStep[],
  count: number,
  configs: FigureConfigs,
  units: readonly FigureUnit[],
  sceneSha256: string,
): Promise<string> {
  // The scene enters through its bytes, not its path, so shards and merge may read the
  // same file from different folders (each study config's `scenePath` is left out).
  const located = JSON.stringify(configs, (key, value) => key === "scenePath" ? undefined : value);
  return await sha256Hex(
    exactStringify({
      preset,
      seed,
      steps,
      count,
      configs: JSON.parse(located),
      sceneSha256,
      units: units.map((u) => u.key),
    }),
  );
}

/**
 * Runs shard `shard` of a figures run and writes `shard-<i>-of-<n>.json` (and, for the
 * channel and mobility units, `shard-<i>-of-<n>.files/`) under `outDir`.
 *
 * @returns the shard file's path and its manifest.
 */
export async function runFigureShard(
  preset: PresetName,
  outDir: string,
  shard: ShardSpec,
  options: FigureShardOptions = {},
): Promise<{ path: string; manifest: ShardManifest }> {
  assertPresetName("preset", preset);
  const { seed = 1, steps = FIGURE_STEPS, log = () => {}, onProgress } = options;
  const configs = figureConfigs(preset, seed, options);
  const all = figureUnits(configs, steps);
  const mine = unitsOfShard(all, shard);
  const code = options.code ?? await codeVersion();
  const scene = options.scene ?? await defaultFigureScene();
  // The same schemes and provenance as an unsharded run of every step, whichever units
  // this shard holds.
  const schemes = await figureSchemes(preset, steps, { learned: options.learned, log, scene });
  const { extra, extraPredictors, ablations, notes } = schemes;
  const provenance = figureProvenance(preset, seed, schemes, options.provenance, scene);
  const base = joinPath(outDir, shardFileName(shard));
  const filesDir = `${base.slice(0, -".json".length)}.files`;
  await Deno.remove(filesDir, { recursive: true }).catch(() => {});
  const results: { key: string; result: unknown }[] = [];
  const unitSeconds: number[] = [];
  const rendered: string[] = [];
  log(`shard ${shardName(shard)}: ${mine.length} of ${all.length} units`);
  for (const [j, unit] of mine.entries()) {
    const started = performance.now();
    log(`[${j + 1}/${mine.length}] ${unit.key}`);
    let result: unknown = null;
    switch (unit.step) {
      case "channel": {
        const study = await runChannelStudy(configs.channel, { onProgress });
        rendered.push(...await saveChannelStudy(study, filesDir, { provenance }));
        break;
      }
      case "mobility": {
        const study = await runMobilityStudy(configs.mobility, { onProgress });
        rendered.push(...await saveMobilityStudy(study, filesDir, { provenance }));
        break;
      }
      case "prediction":
        result = await runPredictionSeed(configs.prediction, unit.at[0], {
          extraPredictors,
          notes,
          onProgress,
        });
        break;
      case "wczf":
        result = await runWczfSeed(configs.wczf, unit.at[0], {
          extraSchemes: extra,
          ablations,
          notes,
          onProgress,
        });
        break;
      case "robustness":
        result = await runRobustnessUnit(configs.robustness, unit.at[0], unit.at[1], {
          extraSchemes: extra,
          notes,
          onProgress,
        });
        break;
      case "density":
        result = await runDensityUnit(configs.density, unit.at[0], unit.at[1], {
          extraSchemes: extra,
          onProgress,
        });
        break;
      case "recovery":
        result = await runRecoverySeed(configs.recovery, unit.at[0], {
          extraSchemes: extra,
          onProgress,
        });
        break;
      case "power":
        result = await runPowerStudyMission(configs.power, unit.at[0]);
        break;
    }
    results.push({ key: unit.key, result });
    unitSeconds.push((performance.now() - started) / 1000);
    log(`    (${unitSeconds.at(-1)!.toFixed(1)} s)`);
  }
  const files: { path: string; sha256: string }[] = [];
  for (const p of rendered.sort()) {
    const rel = p.slice(filesDir.length + 1);
    files.push({ path: rel, sha256: await sha256Hex(await Deno.readFile(p)) });
  }
  const manifest: ShardManifest = {
    format: SHARD_FORMAT,
    preset,
    seed,
    steps: [...steps],
    robustnessConditions: options.robustnessConditions ? [...options.robustnessConditions] : null,
    shard: { index: shard.index, count: shard.count },
    code,
    configHash: await configHash(preset, seed, steps, shard.count, configs, all, scene.sha256),
    provenance,
    unitKeys: mine.map((u) => u.key),
    files,
    unitSeconds,
  };
  await Deno.mkdir(outDir, { recursive: true });
  const tmp = `${base}.tmp`;
  await Deno.writeTextFile(tmp, exactStringify({ manifest, units: results }) + "\n");
  await Deno.rename(tmp, base); // a shard file exists only once complete
  return { path: base, manifest };
}

// ---------- merge ----------

/** A check of {@link mergeFigureShards} failed; the message names the shard. */
export class ShardMergeError extends Error {
  override name = "ShardMergeError";
}

interface LoadedShard {
  readonly path: string;
  readonly manifest: ShardManifest;
  readonly units: { key: string; result: unknown }[];
}

const SHARD_FILE = /^shard-(\d+)-of-(\d+)\.json$/;

function findShardFiles(dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = [...Deno.readDirSync(dir)].filter((e) => e.isFile && SHARD_FILE.test(e.name))
        .map((e) => e.name).sort();
    } catch (e) {
      throw new ShardMergeError(`${dir}: cannot read (${(e as Error).message.split("\n")[0]})`);
    }
    if (names.length === 0) throw new ShardMergeError(`${dir}: no shard-<i>-of-<n>.json in it`);
    out.push(...names.map((n) => joinPath(dir, n)));
  }
  return out;
}

function withoutMachineNotes(p: Record<string, unknown>): string {
  const { learnedSchemes: _machine, ...rest } = p;
  return exactStringify(rest);
}

/**
 * Checks the shard files in `dirs` and builds every table and figure from them under
 * `outDir`, as an unsharded run of the same preset and seed would.
 *
 * Checks, each failure a {@link ShardMergeError} naming the shard, before anything is
 * written: every shard `0..n-1` present exactly once; the same format, preset, seed,
 * steps, shard count, commit, code hash, config hash and provenance (except
 * `learnedSchemes`, whose backend note names the machine's thread count: the merged
 * outputs take shard 0's); each shard holds exactly its units; pre-rendered files
 * match their SHA-256.
 *
 * @returns written paths and the reproduction rows.
 */
export async function mergeFigureShards(
  dirs: readonly string[],
  outDir: string,
  options: {
    log?: (line: string) => void;
    code?: CodeVersion | null;
    /** The scene file the shards ran on, when not the office (`--merge ... --scene FILE`). */
    scene?: SceneSource;
  } = {},
): Promise<{ written: string[]; reproduction: ReproductionRow[] }> {
  const { log = () => {} } = options;
  if (!Array.isArray(dirs) || dirs.length === 0) {
    throw new ShardMergeError("--merge needs at least one folder of shard files");
  }
  const paths = findShardFiles(dirs);
  const shards: LoadedShard[] = [];
  for (const path of paths) {
    let parsed: { manifest?: ShardManifest; units?: { key: string; result: unknown }[] };
    try {
      parsed = exactParse(await Deno.readTextFile(path)) as typeof parsed;
    } catch (e) {
      throw new ShardMergeError(`${path}: not a readable shard file (${(e as Error).message})`);
    }
    const m = parsed.manifest;
    if (!m || m.format !== SHARD_FORMAT || !Array.isArray(parsed.units)) {
      throw new ShardMergeError(`${path}: not a shard file of format ${SHARD_FORMAT}`);
    }
    const name = SHARD_FILE.exec(path.split(/[\\/]/).at(-1)!)!;
    if (Number(name[1]) !== m.shard.index || Number(name[2]) !== m.shard.count) {
      throw new ShardMergeError(
        `${path}: file name says shard ${name[1]}/${name[2]}, its manifest ${shardName(m.shard)}`,
      );
    }
    shards.push({ path, manifest: m, units: parsed.units });
  }
  shards.sort((a, b) => a.manifest.shard.index - b.manifest.shard.index);
  const ref = shards[0].manifest;
  const label = (s: LoadedShard) => `shard ${shardName(s.manifest.shard)} (${s.path})`;
  const refLabel = label(shards[0]);
  const byIndex = new Map<number, LoadedShard>();
  for (const s of shards) {
    const m = s.manifest;
    if (m.shard.count !== ref.shard.count) {
      throw new ShardMergeError(
        `${label(s)}: from a run split into ${m.shard.count} shards, but ${refLabel} from one ` +
          `split into ${ref.shard.count}`,
      );
    }
    const twin = byIndex.get(m.shard.index);
    if (twin) {
      throw new ShardMergeError(
        `shard ${shardName(m.shard)} given twice: ${twin.path} and ${s.path}`,
      );
    }
    byIndex.set(m.shard.index, s);
    const differs = (what: string, a: unknown, b: unknown) => {
      throw new ShardMergeError(
        `${label(s)}: ${what} ${JSON.stringify(a)} differs from ${refLabel}'s ${JSON.stringify(b)}`,
      );
    };
    if (m.code.commit !== ref.code.commit) differs("commit", m.code.commit, ref.code.commit);
    if (m.code.codeHash !== ref.code.codeHash) {
      differs("code hash (uncommitted changes?)", m.code.codeHash, ref.code.codeHash);
    }
    if (m.preset !== ref.preset) differs("preset", m.preset, ref.preset);
    if (m.seed !== ref.seed) differs("seed", m.seed, ref.seed);
    if (m.steps.join(",") !== ref.steps.join(",")) differs("steps", m.steps, ref.steps);
    if (m.configHash !== ref.configHash) differs("config hash", m.configHash, ref.configHash);
    if (withoutMachineNotes(m.provenance) !== withoutMachineNotes(ref.provenance)) {
      differs("provenance", m.provenance, ref.provenance);
    }
  }
  const missing = Array.from({ length: ref.shard.count }, (_, i) => i).filter((i) =>
    !byIndex.has(i)
  );
  if (missing.length) {
    throw new ShardMergeError(
      `shard ${missing[0]}/${ref.shard.count} missing${
        missing.length > 1 ? ` (and ${missing.length - 1} more)` : ""
      }: no ${shardFileName({ index: missing[0], count: ref.shard.count })} in ${dirs.join(", ")}`,
    );
  }
  if (options.code && options.code.codeHash !== ref.code.codeHash) {
    log(
      `note: this checkout's code hash differs from the shards'; merging with this code ` +
        `(commit ${options.code.commit}, shards ${ref.code.commit})`,
    );
  }
  // The units as this code enumerates them.
  const preset = ref.preset;
  assertPresetName("shard preset", preset);
  const seed = ref.seed;
  const steps = ref.steps;
  // The building: the shards record its name and SHA-256; the merge needs the same file.
  const scene = options.scene ?? await defaultFigureScene();
  const shardScene = ref.provenance.scene;
  if (ref.provenance.sceneSha256 !== scene.sha256) {
    throw new ShardMergeError(
      options.scene
        ? `${refLabel}: ran on scene "${shardScene}" (sha256 ${ref.provenance.sceneSha256}), ` +
          `but --scene ${options.scene.path} is "${scene.scene.name}" (sha256 ${scene.sha256})`
        : `${refLabel}: ran on scene "${shardScene}" (sha256 ${ref.provenance.sceneSha256}), ` +
          `not the office: pass the same file with --scene FILE`,
    );
  }
  const configs = figureConfigs(preset, seed, {
    robustnessConditions: ref.robustnessConditions ?? undefined,
    scene: options.scene,
  });
  const all = figureUnits(configs, steps);
  const hash = await configHash(preset, seed, steps, ref.shard.count, configs, all, scene.sha256);
  if (hash !== ref.configHash) {
    throw new ShardMergeError(
      `${refLabel}: config hash ${ref.configHash} is not this code's ${hash} for preset ` +
        `${preset}, seed ${seed}, steps ${steps.join(",")} (merge with the shards' commit)`,
    );
  }
  const results = new Map<string, unknown>();
  const rendered: { from: string; path: string }[] = [];
  for (const s of shards) {
    const expected = unitsOfShard(all, s.manifest.shard).map((u) => u.key);
    const got = s.units.map((u) => u.key);
    if (expected.join("\n") !== got.join("\n")) {
      throw new ShardMergeError(
        `${label(s)}: holds units ${got.join(", ") || "none"}, expected ${
          expected.join(", ") || "none"
        }`,
      );
    }
    for (const u of s.units) results.set(u.key, u.result);
    const filesDir = `${s.path.slice(0, -".json".length)}.files`;
    for (const f of s.manifest.files) {
      const from = joinPath(filesDir, f.path);
      let bytes: Uint8Array;
      try {
        bytes = await Deno.readFile(from);
      } catch {
        throw new ShardMergeError(`${label(s)}: pre-rendered file ${from} is missing`);
      }
      if (await sha256Hex(bytes) !== f.sha256) {
        throw new ShardMergeError(`${label(s)}: pre-rendered file ${from} fails its SHA-256`);
      }
      rendered.push({ from, path: f.path });
    }
  }
  const of = <T>(step: FigureStep): T[] =>
    all.filter((u) => u.step === step).map((u) => results.get(u.key) as T);

  // Everything checked: build in a staging folder, then move into outDir.
  const provenance = ref.provenance;
  const notes = (provenance.notes ?? []) as string[];
  await Deno.mkdir(outDir, { recursive: true });
  const stage = await Deno.makeTempDir({ dir: outDir, prefix: ".merge-" });
  try {
    const written: string[] = [];
    for (const f of rendered) {
      const to = joinPath(stage, f.path);
      await Deno.copyFile(f.from, to);
      written.push(to);
    }
    const studies: { wczf?: WczfStudy; density?: DensityStudy; recovery?: RecoveryStudy } = {};
    if (steps.includes("prediction")) {
      const study = poolPredictionStudy(configs.prediction, of("prediction"), notes);
      written.push(...await savePredictionStudy(study, stage, { provenance }));
    }
    if (steps.includes("wczf")) {
      studies.wczf = poolWczfStudy(configs.wczf, of("wczf"), notes);
      written.push(...await saveWczfStudy(studies.wczf, stage, { provenance }));
    }
    if (steps.includes("robustness")) {
      const study = poolRobustnessStudy(configs.robustness, of("robustness"), notes);
      written.push(...await saveRobustnessStudy(study, stage, { provenance }));
    }
    if (steps.includes("density")) {
      studies.density = poolDensityStudy(configs.density, of("density"));
      written.push(...await saveDensityStudy(studies.density, stage, { provenance }));
    }
    if (steps.includes("recovery")) {
      studies.recovery = poolRecoveryStudy(configs.recovery, of("recovery"));
      written.push(...await saveRecoveryStudy(studies.recovery, stage, { provenance }));
    }
    if (steps.includes("power")) {
      const study = poolPowerStudy(configs.power, of<PowerMission>("power"));
      written.push(...await savePowerStudy(study, stage, { provenance }));
    }
    const reproduction = reproductionRows(studies);
    written.push(
      ...await writeTable(reproduction, joinPath(stage, "reproduction"), { provenance }),
    );
    // Move every staged file (whatever the saves wrote, listed or not).
    const staged: string[] = [];
    await listFiles(stage, "", staged);
    const final: string[] = [];
    for (const rel of staged) {
      const to = joinPath(outDir, rel);
      await Deno.mkdir(dirnamePath(to), { recursive: true });
      await Deno.rename(joinPath(stage, rel), to);
      final.push(to);
    }
    log(formatReproduction(reproduction));
    return { written: final, reproduction };
  } finally {
    await Deno.remove(stage, { recursive: true }).catch(() => {});
  }
}
