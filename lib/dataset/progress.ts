/**
 * Progress reporting for long builds: a tracker that turns "done of total" into rate and
 * ETA, a terminal bar (one line on stderr, redrawn with `\r`), and a notebook hook that
 * prints (or displays) a line every N percent.
 *
 * @module
 */

/** One progress report. */
export interface ProgressEvent {
  /** Units done (may be fractional: 3.5 episodes). */
  readonly done: number;
  /** Units in all. */
  readonly total: number;
  /** Units per second over this run (skipped units excluded); 0 before any work. */
  readonly rate: number;
  /** Estimated seconds left (Infinity while the rate is unknown). */
  readonly etaS: number;
  /** Seconds since the tracker started. */
  readonly elapsedS: number;
  /** Unit name, e.g. "episodes". */
  readonly unit: string;
  /** Free text: the current stage or item. */
  readonly message?: string;
}

/** A progress callback. */
export type ProgressCallback = (event: ProgressEvent) => void;

/** Tracks progress; `update(done)` returns the event to report. */
export interface ProgressTracker {
  /** Marks `done` units done, of which the first `skipped` needed no work (resume). */
  update(done: number, options?: { readonly message?: string }): ProgressEvent;
  /** Units that were already done when the run started (not counted in the rate). */
  skip(count: number): void;
}

/**
 * A tracker for `total` units; `now` (ms) is injectable for tests.
 *
 * @example
 * ```ts
 * import { createProgressTracker } from "./progress.ts";
 * let t = 0;
 * const tracker = createProgressTracker(10, { unit: "episodes", now: () => t });
 * t = 2000;
 * const e = tracker.update(4);
 * if (e.rate !== 2 || e.etaS !== 3) throw new Error("2 episodes/s, 3 s left");
 * ```
 */
export function createProgressTracker(
  total: number,
  options: { readonly unit?: string; readonly now?: () => number } = {},
): ProgressTracker {
  if (!(Number.isFinite(total) && total >= 0)) {
    throw new RangeError(`total must be a finite number >= 0, got ${total}`);
  }
  const now = options.now ?? (() => performance.now());
  const unit = options.unit ?? "items";
  const start = now();
  let skipped = 0;
  return {
    skip(count: number) {
      skipped += count;
    },
    update(done: number, opts = {}) {
      const elapsedS = (now() - start) / 1000;
      const worked = Math.max(0, done - skipped);
      const rate = elapsedS > 0 && worked > 0 ? worked / elapsedS : 0;
      const left = Math.max(0, total - done);
      const etaS = left === 0 ? 0 : rate > 0 ? left / rate : Infinity;
      return { done, total, rate, etaS, elapsedS, unit, message: opts.message };
    },
  };
}

/**
 * `1h02m`, `3m05s`, `12s`, `--` for unknown.
 *
 * @example
 * ```ts
 * import { formatDuration } from "./progress.ts";
 * if (formatDuration(125) !== "2m05s") throw new Error("2m05s");
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * One line of text for an event, with a bar of `width` characters:
 * `[#######.............]  35.0%  7/20 episodes  0.52 episodes/s  ETA 25s`.
 *
 * @example
 * ```ts
 * import { formatProgressLine } from "./progress.ts";
 * const line = formatProgressLine({ done: 1, total: 2, rate: 1, etaS: 1, elapsedS: 1, unit: "ep" });
 * if (!line.includes("50.0%")) throw new Error(line);
 * ```
 */
export function formatProgressLine(
  event: ProgressEvent,
  options: { readonly width?: number } = {},
): string {
  const width = options.width ?? 24;
  const fraction = event.total > 0 ? Math.min(1, event.done / event.total) : 1;
  const filled = Math.round(fraction * width);
  const bar = "#".repeat(filled) + ".".repeat(width - filled);
  const done = Number.isInteger(event.done) ? String(event.done) : event.done.toFixed(1);
  const rate = event.rate > 0
    ? `${event.rate.toPrecision(3)} ${event.unit}/s`
    : `-- ${event.unit}/s`;
  const msg = event.message ? `  ${event.message}` : "";
  return `[${bar}] ${
    (fraction * 100).toFixed(1).padStart(5)
  }%  ${done}/${event.total} ${event.unit}  ${rate}  ETA ${formatDuration(event.etaS)}${msg}`;
}

/** A terminal progress bar: a callback plus `finish()` that ends the line. */
export interface TerminalProgressBar {
  readonly onProgress: ProgressCallback;
  /** Writes the final newline (call once at the end). */
  finish(): void;
}

/**
 * A progress bar on stderr, redrawn in place with `\r` at most every `minIntervalMs`
 * (and always at 100 %).
 *
 * @example
 * ```ts
 * import { terminalProgressBar } from "./progress.ts";
 * const lines: string[] = [];
 * const bar = terminalProgressBar({ write: (s) => lines.push(s), minIntervalMs: 0 });
 * bar.onProgress({ done: 1, total: 1, rate: 1, etaS: 0, elapsedS: 1, unit: "ep" });
 * bar.finish();
 * if (!lines[0].startsWith("\r")) throw new Error("redraws with \\r");
 * ```
 */
export function terminalProgressBar(
  options: {
    readonly write?: (text: string) => void;
    readonly minIntervalMs?: number;
    readonly width?: number;
  } = {},
): TerminalProgressBar {
  const encoder = new TextEncoder();
  const write = options.write ?? ((text: string) => Deno.stderr.writeSync(encoder.encode(text)));
  const minInterval = options.minIntervalMs ?? 100;
  let last = -Infinity;
  let lastLength = 0;
  let drawn = false;
  return {
    onProgress(event) {
      const t = performance.now();
      if (t - last < minInterval && event.done < event.total) return;
      last = t;
      const line = formatProgressLine(event, { width: options.width });
      const pad = Math.max(0, lastLength - line.length);
      lastLength = line.length;
      drawn = true;
      write(`\r${line}${" ".repeat(pad)}`);
    },
    finish() {
      if (drawn) write("\n");
      drawn = false;
    },
  };
}

/**
 * A notebook-friendly callback: calls `print` with one line each time progress crosses
 * another `everyPercent` (and at 100 %), no `\r` tricks. Pass `display` from a Jupyter
 * kernel or `console.log` (the default).
 *
 * @example
 * ```ts
 * import { notebookProgress } from "./progress.ts";
 * const lines: string[] = [];
 * const cb = notebookProgress({ everyPercent: 50, print: (s) => lines.push(s) });
 * for (const done of [1, 2, 3, 4]) {
 *   cb({ done, total: 4, rate: 1, etaS: 4 - done, elapsedS: done, unit: "ep" });
 * }
 * if (lines.length !== 2) throw new Error("50 % and 100 %");
 * ```
 */
export function notebookProgress(
  options: { readonly everyPercent?: number; readonly print?: (line: string) => void } = {},
): ProgressCallback {
  const every = options.everyPercent ?? 10;
  if (!(every > 0 && every <= 100)) {
    throw new RangeError(`options.everyPercent must be in (0, 100], got ${every}`);
  }
  const print = options.print ?? ((line: string) => console.log(line));
  let nextMark = every;
  let finalPrinted = false;
  return (event) => {
    const percent = event.total > 0 ? (100 * event.done) / event.total : 100;
    if (percent >= 100) {
      if (finalPrinted) return;
      finalPrinted = true;
    } else if (percent + 1e-9 < nextMark) return;
    while (nextMark <= percent + 1e-9) nextMark += every;
    print(formatProgressLine(event, { width: 20 }));
  };
}
