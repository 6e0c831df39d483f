/**
 * TensorFlow.js backend selection for Deno: the WebAssembly backend with SIMD and
 * (where it initializes) threads, else the pure-JS `cpu` backend.
 *
 * tfjs-backend-wasm 4.22 does not run multi-threaded under Deno out of the box. Three
 * shims are applied while it initializes:
 *
 * 1. **Worker script from a file.** tfjs hands Emscripten a `blob:` URL for the pthread
 *    worker script, which Deno's `node:worker_threads` refuses. A small CommonJS stub is
 *    written to a cache folder (`$TFJS_WASM_CACHE`, else `<tmp>/tfjs-wasm-4.22.0/`); it
 *    loads the worker code shipped in `node_modules`, defines the globals the worker
 *    expects without tripping over Deno's getter-only worker globals (`location`,
 *    `onmessage`), and replaces the `Blob` of the main script by the file in
 *    `node_modules`. `URL.createObjectURL` is redirected to that file during init only.
 * 2. **`WASM_HAS_MULTITHREAD_SUPPORT`** is forced to `true` (tfjs disables threads under
 *    Node-like runtimes).
 * 3. **Thread cap.** The C++ side caps the pool at half of `os.cpus().length`;
 *    `os.cpus()` is made to report enough cores while the backend initializes.
 *
 * The `.wasm` binaries are read from `node_modules` (no network). If the threaded
 * build fails to initialize, the single-threaded SIMD build is used and
 * {@link BackendInfo.note} says why.
 *
 * **Worker threads keep the process alive.** A script that used a threaded backend must
 * end with `Deno.exit()` or call {@link shutdownBackend} first.
 *
 * @example Pick the fastest backend (honours `TFJS_BACKEND=cpu|wasm`)
 * ```ts ignore
 * import { setupBackend, shutdownBackend } from "./setup.ts";
 * const info = await setupBackend();
 * console.log(info); // { backend: "wasm", threads: 2, simd: true }
 * await shutdownBackend();
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import * as tfwasm from "@tensorflow/tfjs-backend-wasm";
import os from "node:os";
import { joinPath, repoPath } from "../../core/paths.ts";
import { registerSecondOrderGradients } from "./gradients.ts";
import { registerWasmKernels } from "./kernels_wasm.ts";

/** Backend request: `auto` = wasm (SIMD, threads) when it initializes, else `cpu`. */
export type BackendChoice = "auto" | "wasm" | "cpu";

/** Options of {@link setupBackend}. */
export interface BackendOptions {
  /**
   * Which backend. `"auto"` (default) also reads the environment variable
   * `TFJS_BACKEND` (`auto`, `wasm` or `cpu`); an explicit `"wasm"`/`"cpu"` wins over it.
   */
  readonly backend?: BackendChoice;
  /**
   * Worker threads of the wasm backend, 1..8 (Emscripten's pool holds 8 workers).
   * Default: `TFJS_THREADS` if set, else `navigator.hardwareConcurrency` capped at 8.
   * Fixed by the first wasm initialization in a process; later calls report the
   * count actually in use.
   */
  readonly threads?: number;
}

/** What {@link setupBackend} set up. */
export interface BackendInfo {
  /** Active tfjs backend name (`"wasm"` or `"cpu"`). */
  readonly backend: string;
  /** Threads used by the wasm backend's XNNPACK pool (1 for `cpu`). */
  readonly threads: number;
  /** Whether the SIMD wasm build is in use. */
  readonly simd: boolean;
  /** Why a fallback happened, if one did. */
  readonly note?: string;
}

/** Most pthread workers Emscripten preallocates in this build. */
export const MAX_WASM_THREADS = 8;

const WASM_PKG = "@tensorflow/tfjs-backend-wasm";
const WASM_VERSION = "4.22.0";

interface WasmState {
  threads: number;
  simd: boolean;
  note?: string;
}

let wasmState: WasmState | undefined;
let wasmInit: Promise<WasmState> | undefined;
let wasmShutDown = false;
let commonInit = false;

function envGet(name: string): string | undefined {
  try {
    const v = Deno.env.get(name);
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  } catch {
    return undefined; // no --allow-env: behave as unset
  }
}

function resolveChoice(requested: BackendChoice | undefined): BackendChoice {
  if (requested !== undefined && requested !== "auto") return requested;
  const env = envGet("TFJS_BACKEND");
  if (env === undefined) return "auto";
  if (env !== "auto" && env !== "wasm" && env !== "cpu") {
    throw new RangeError(`TFJS_BACKEND must be "auto", "wasm" or "cpu", got "${env}"`);
  }
  return env;
}

function resolveThreads(requested: number | undefined): number {
  if (requested !== undefined) return requested;
  const env = envGet("TFJS_THREADS");
  if (env !== undefined) {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
      throw new RangeError(
        `TFJS_THREADS must be an integer in [1, ${MAX_WASM_THREADS}], got "${env}"`,
      );
    }
    return n;
  }
  const hc = typeof navigator !== "undefined" ? navigator.hardwareConcurrency ?? 1 : 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, hc));
}

function validateOptions(options: unknown): BackendOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `options must be an object, got ${options === null ? "null" : typeof options}`,
    );
  }
  const o = options as BackendOptions;
  if (o.backend !== undefined && !["auto", "wasm", "cpu"].includes(o.backend as string)) {
    throw new RangeError(
      `options.backend must be "auto", "wasm" or "cpu", got ${String(o.backend)}`,
    );
  }
  if (o.threads !== undefined) {
    if (typeof o.threads !== "number") {
      throw new TypeError(`options.threads must be a number, got ${typeof o.threads}`);
    }
    if (!Number.isInteger(o.threads) || o.threads < 1 || o.threads > MAX_WASM_THREADS) {
      throw new RangeError(
        `options.threads must be an integer in [1, ${MAX_WASM_THREADS}], got ${o.threads}`,
      );
    }
  }
  return o;
}

/** Folder of the wasm package in `node_modules` (with a trailing slash for tfjs). */
function wasmPackageDir(): string {
  return repoPath("node_modules", ...WASM_PKG.split("/"));
}

function cacheDir(): string {
  const custom = envGet("TFJS_WASM_CACHE");
  if (custom !== undefined) return custom;
  let tmp = "/tmp";
  try {
    tmp = os.tmpdir();
  } catch { /* keep /tmp */ }
  return joinPath(tmp, `tfjs-wasm-${WASM_VERSION}`);
}

/**
 * Source of the pthread worker stub. It runs as CommonJS inside a `node:worker_threads`
 * worker, evaluates the worker code shipped with tfjs with three fixes, and loads the
 * Emscripten main script from `mainScript` instead of a `Blob`.
 */
export function workerStubSource(workerModule: string, mainScript: string): string {
  return `"use strict";
// Generated by lib/models/backend/setup.ts: tfjs-backend-wasm ${WASM_VERSION} pthread worker for Deno.
function __tfjsSetGlobal(k, v) {
  try { globalThis[k] = v; if (globalThis[k] === v) return; } catch (_) { /* getter-only */ }
  try { Object.defineProperty(globalThis, k, { value: v, writable: true, configurable: true }); }
  catch (_) { /* keep Deno's own */ }
}
function __tfjsAssignGlobals(target, values) {
  for (const k of Object.keys(values)) __tfjsSetGlobal(k, values[k]);
  return target;
}
// Deno exposes web-worker event handlers as accessors; make them plain properties so
// that Emscripten's handler is only called through parentPort.
__tfjsSetGlobal("onmessage", null);
__tfjsSetGlobal("onunhandledrejection", null);
const __tfjsMainScript = ${JSON.stringify(mainScript)};
// The template literal turned the source's "\\\\n" escapes into newlines; undo that as
// tfjs does before making its Blob.
const __tfjsWorkerSource = require(${JSON.stringify(workerModule)}).wasmWorkerContents
  .replace(/\\n/g, "\\\\n")
  .replace("Object.assign(global,{", "__tfjsAssignGlobals(global,{");
eval(__tfjsWorkerSource);
{
  const handler = globalThis.onmessage;
  globalThis.onmessage = (e) => {
    if (e && e.data && e.data.cmd === "load") e.data.urlOrBlob = __tfjsMainScript;
    return handler(e);
  };
}
`;
}

/** Writes the worker stub (content-addressed, atomic) and returns its path. */
async function ensureWorkerStub(): Promise<string> {
  const pkg = wasmPackageDir();
  const workerModule = joinPath(pkg, "wasm-out", "tfjs-backend-wasm-threaded-simd.worker.js");
  const mainScript = joinPath(pkg, "wasm-out", "tfjs-backend-wasm-threaded-simd.js");
  await Deno.stat(workerModule);
  await Deno.stat(mainScript);
  const src = workerStubSource(workerModule, mainScript);
  const hash = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(src)),
  );
  const tag = Array.from(hash.slice(0, 6), (b) => b.toString(16).padStart(2, "0")).join("");
  const dir = cacheDir();
  const path = joinPath(dir, `pthread-worker-${tag}.cjs`);
  try {
    if ((await Deno.readTextFile(path)) === src) return path;
  } catch { /* write it */ }
  await Deno.mkdir(dir, { recursive: true });
  const tmp = `${path}.${Deno.pid}.tmp`;
  await Deno.writeTextFile(tmp, src);
  await Deno.rename(tmp, path);
  return path;
}

function wasmSimdInUse(): boolean {
  // tfjs evaluates the flag once; it is true on every current V8.
  return tf.env().getBool("WASM_HAS_SIMD_SUPPORT" as never) ?? false;
}

async function initWasm(threads: number): Promise<WasmState> {
  tfwasm.setWasmPaths(joinPath(wasmPackageDir(), "dist") + "/");
  let note: string | undefined;
  let workerPath: string | undefined;
  if (threads > 1) {
    try {
      workerPath = await ensureWorkerStub();
    } catch (e) {
      note = `threads unavailable (cannot write the worker stub: ${(e as Error).message}); ` +
        "single-threaded SIMD";
    }
  }
  const useThreads = workerPath !== undefined;
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", useThreads);
  tfwasm.setThreadsCount(useThreads ? threads : 1);

  const savedCreateObjectURL = URL.createObjectURL;
  const savedWorker = (globalThis as { Worker?: unknown }).Worker;
  const savedCpus = os.cpus;
  if (useThreads) {
    URL.createObjectURL = function (obj: Blob | MediaSource): string {
      if (obj instanceof Blob && obj.type === "application/javascript") return workerPath!;
      return savedCreateObjectURL.call(URL, obj);
    };
    const real = savedCpus.call(os);
    const need = Math.max(real.length, 2 * threads);
    os.cpus = () => {
      const cpus = savedCpus.call(os);
      while (cpus.length < need) cpus.push(cpus[0] ?? ({} as os.CpuInfo));
      return cpus;
    };
  }
  try {
    const ok = await tf.setBackend("wasm");
    if (!ok) throw new Error("tf.setBackend('wasm') returned false");
    await tf.ready();
  } finally {
    URL.createObjectURL = savedCreateObjectURL;
    os.cpus = savedCpus;
    // Emscripten replaces the global Worker by node's; give Deno's back.
    (globalThis as { Worker?: unknown }).Worker = savedWorker;
  }
  const actual = tfwasm.getThreadsCount();
  if (useThreads && actual !== threads) {
    note = `requested ${threads} threads, wasm backend uses ${actual}`;
  }
  return { threads: actual, simd: wasmSimdInUse(), note };
}

function ensureCommon(): void {
  if (commonInit) return;
  commonInit = true;
  tf.enableProdMode();
  registerSecondOrderGradients();
  registerWasmKernels();
}

/**
 * Selects and initializes the TensorFlow.js backend. Idempotent: the wasm module
 * initializes once per process; later calls switch between `wasm` and `cpu` freely.
 * Also registers the gradient fixes of `gradients.ts` and the wasm kernels of
 * `kernels_wasm.ts`, and calls `tf.enableProdMode()`.
 *
 * @throws {TypeError | RangeError} on malformed options or `TFJS_BACKEND`/`TFJS_THREADS`.
 * @throws {Error} if `backend: "wasm"` is requested explicitly and cannot initialize.
 *
 * @example
 * ```ts
 * import { setupBackend } from "./setup.ts";
 * const info = await setupBackend({ backend: "cpu" });
 * console.assert(info.backend === "cpu" && info.threads === 1);
 * ```
 */
export async function setupBackend(options?: BackendOptions): Promise<BackendInfo> {
  const opts = validateOptions(options);
  const choice = resolveChoice(opts.backend);
  const threads = resolveThreads(opts.threads);
  ensureCommon();

  if (choice === "cpu") {
    if (tf.getBackend() !== "cpu") {
      const ok = await tf.setBackend("cpu");
      if (!ok) throw new Error("tf.setBackend('cpu') failed");
    }
    await tf.ready();
    return { backend: "cpu", threads: 1, simd: false };
  }

  let fallbackNote: string | undefined;
  if (wasmShutDown) {
    if (choice === "wasm") {
      throw new Error("the wasm backend was shut down by shutdownBackend() in this process");
    }
    fallbackNote = "wasm backend was shut down; using cpu";
  } else {
    try {
      if (wasmState === undefined) {
        wasmInit ??= initWasm(threads);
        wasmState = await wasmInit;
      } else if (tf.getBackend() !== "wasm") {
        await tf.setBackend("wasm");
        await tf.ready();
      }
      const s = wasmState;
      const note = s.threads !== threads
        ? [s.note, `wasm already initialized with ${s.threads} thread(s)`].filter(Boolean)
          .join("; ")
        : s.note;
      return { backend: "wasm", threads: s.threads, simd: s.simd, ...(note ? { note } : {}) };
    } catch (e) {
      if (choice === "wasm") throw e;
      fallbackNote = `wasm failed to initialize (${(e as Error).message ?? e}); using cpu`;
    }
  }
  await tf.setBackend("cpu");
  await tf.ready();
  return { backend: "cpu", threads: 1, simd: false, note: fallbackNote };
}

/**
 * Terminates the wasm backend's pthread workers (which otherwise keep the process
 * alive) and switches to `cpu`. The wasm backend cannot be used again in this
 * process afterwards. A no-op when wasm was never initialized.
 *
 * @example
 * ```ts
 * import { shutdownBackend } from "./setup.ts";
 * await shutdownBackend();
 * ```
 */
export async function shutdownBackend(): Promise<void> {
  if (wasmState === undefined || wasmShutDown) return;
  wasmShutDown = true;
  const backend = tf.findBackend("wasm") as unknown as
    | { wasm?: { PThread?: { terminateAllThreads?: () => void } } }
    | null;
  if (tf.getBackend() === "wasm") await tf.setBackend("cpu");
  backend?.wasm?.PThread?.terminateAllThreads?.();
  tf.removeBackend("wasm");
}

/** The current backend info without changing anything (`undefined` before setup). */
export function currentBackend(): BackendInfo | undefined {
  if (!commonInit) return undefined;
  const name = tf.getBackend();
  if (name === "wasm" && wasmState !== undefined) {
    return { backend: "wasm", threads: wasmState.threads, simd: wasmState.simd };
  }
  return { backend: name, threads: 1, simd: false };
}
