/**
 * Progress lines for long experiment calls in notebooks: the `onProgress(stage, done,
 * total)` callback every study accepts, printed as one line per stage at every
 * `everyPercent` (default 25 %) with the elapsed time, so a cell that runs for minutes
 * shows where it is without flooding the output.
 *
 * @module
 */

/** A study's progress callback. */
export type StageProgress = (stage: string, done: number, total: number) => void;

/**
 * Creates a {@link StageProgress} that prints `stage: 50 % (12.3 s)` lines.
 *
 * @param options `everyPercent` (default 25), `print` (default `console.log`), `now`
 *   (clock in ms, default `performance.now`; injectable for tests).
 *
 * @example
 * ```ts
 * import { stageProgress } from "./progress.ts";
 * const lines: string[] = [];
 * const onProgress = stageProgress({ everyPercent: 50, print: (l) => lines.push(l), now: () => 0 });
 * for (let d = 1; d <= 4; d++) onProgress("simulate", d, 4);
 * console.log(lines); // [ "simulate: 50 % (0.0 s)", "simulate: 100 % (0.0 s)" ]
 * ```
 */
export function stageProgress(
  options: {
    readonly everyPercent?: number;
    readonly print?: (line: string) => void;
    readonly now?: () => number;
  } = {},
): StageProgress {
  const every = options.everyPercent ?? 25;
  if (!(every > 0 && every <= 100)) {
    throw new RangeError(`options.everyPercent must be in (0, 100], got ${every}`);
  }
  const print = options.print ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => performance.now());
  const started = now();
  const nextMark = new Map<string, number>();
  return (stage, done, total) => {
    const percent = total > 0 ? Math.min(100, (100 * done) / total) : 100;
    let mark = nextMark.get(stage) ?? every;
    if (percent + 1e-9 < mark) return;
    while (mark <= percent + 1e-9) mark += every;
    nextMark.set(stage, mark);
    print(`${stage}: ${Math.floor(percent)} % (${((now() - started) / 1000).toFixed(1)} s)`);
  };
}
