#!/usr/bin/python3
"""Headless notebook executor for the Deno kernel, built on Debian's nbclient.

Run with Debian's /usr/bin/python3 (the Debian packages jupyter-nbconvert,
jupyter-client and python3-nbclient install nbclient there, not into pyenv):

    /usr/bin/python3 tools/nbrun.py notebooks/00_smoke.ipynb [--out DIR | --in-place]

Normally started by `deno task nb` (tools/run_notebooks.ts), which writes the
project-local kernelspec and sets JUPYTER_PATH, NO_COLOR and WORKBENCH_PRESET.

Why not plain nbclient / nbconvert: Deno 2.9.6 sometimes publishes an
execute_result or display_data a fraction of a millisecond AFTER its
`status: idle` message, and nbclient stops reading a cell's iopub messages at
idle, so the output is silently lost. `DrainingClient` keeps reading iopub
after idle until the channel has been quiet for `--drain-ms` (default 250 ms)
and attaches every message to the cell whose execute request is its parent
(messages that turn up even later, while a following cell runs, still go to
their own cell). The runner then verifies outputs: every code cell must have at
least one output unless tagged "no-output"; an error output fails the notebook.

Executed notebooks are byte-stable: no timing metadata (record_timing=False),
no `execution` metadata, no execution counts, consecutive stream outputs merged,
deterministic cell ids, written by nbformat with indent 1 like Jupyter, and every
output passed through `normalize_outputs` (below: the one place that says what of
an output is machine- or run-dependent and how it is rewritten).

`--in-place` writes the outputs into the notebooks (the committed outputs);
`--check` executes into `--out` and compares each code cell's normalized outputs
with the committed ones, failing with the notebook, cell and first differing line.
"""

import argparse
import asyncio
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.util import ensure_async
    from nbclient.exceptions import CellExecutionComplete, CellExecutionError, CellTimeoutError, DeadKernelError
except ImportError as exc:  # pragma: no cover - environment problem
    print(
        f"nbrun: cannot import nbclient/nbformat ({exc}).\n"
        "Install them with: apt-get install jupyter-nbconvert jupyter-client python3-nbclient\n"
        "and run this script with /usr/bin/python3.",
        file=sys.stderr,
    )
    sys.exit(2)

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
NO_OUTPUT_TAG = "no-output"
ALLOW_ERROR_TAG = "raises-exception"
TIMING_TAG = "timing"
REPO_ROOT = str(Path(__file__).resolve().parent.parent)
REPO_PLACEHOLDER = "<repo>"
TIMING_NOTE = "[wall-clock timings: not committed, run the cell to see them on your machine]\n"

# (pattern, replacement) applied, in order, to every text of every output. Each rule
# is one kind of run- or machine-dependent text; see normalize_outputs.
VOLATILE_TEXT = [
    # elapsed seconds at the end of a progress or epoch line: "... 50 % (1.2 s)"
    (re.compile(r" \(\d+(?:\.\d+)? s\)$", re.M), ""),
    # lib/dataset/progress.ts bars: "  11.7 episodes/s  ETA 0s" (rate and ETA)
    (re.compile(r"  (?:[0-9.e+-]+|--) [\w-]+/s  ETA (?:--|\d+h\d+m|\d+m\d+s|\d+s)"), ""),
    # tfjs wasm worker threads (half the machine's cores): "threads: 2", "(2 thread(s))"
    (re.compile(r"\bthreads: \d+"), "threads: <n>"),
    (re.compile(r"\b\d+ thread\(s\)"), "<n> thread(s)"),
]


class DrainingClient(NotebookClient):
    """NotebookClient that keeps draining iopub after a cell's idle status."""

    def __init__(self, nb, drain_s: float = 0.25, drain_max_s: float = 3.0, **kw):
        super().__init__(nb, **kw)
        self.drain_s = drain_s
        self.drain_max_s = drain_max_s
        # execute-request msg_id -> (cell, cell_index) for every cell sent so far
        self._cells_by_msg_id = {}
        # count of outputs that arrived after idle (diagnostics)
        self.late_outputs = 0

    def _route_foreign(self, msg) -> None:
        """A message whose parent is an earlier cell: attach it there."""
        parent = msg.get("parent_header", {}).get("msg_id")
        target = self._cells_by_msg_id.get(parent)
        if target is None:
            return  # kernel_info / startup chatter: not a cell's output
        cell, index = target
        if msg["msg_type"] == "status":
            return
        self.late_outputs += 1
        self.log.warning("output for cell %d arrived after a later cell started", index)
        try:
            self.process_message(msg, cell, index)
        except CellExecutionComplete:
            pass

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index) -> None:
        assert self.kc is not None
        self._cells_by_msg_id[parent_msg_id] = (cell, cell_index)
        # Phase 1: as nbclient, read until this cell's idle status.
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    break
            else:
                self._route_foreign(msg)
        # Phase 2: keep reading until iopub has been quiet for drain_s
        # (bounded by drain_max_s), so outputs published just after idle are kept.
        hard_deadline = time.monotonic() + self.drain_max_s
        while True:
            wait = min(self.drain_s, hard_deadline - time.monotonic())
            if wait <= 0:
                return
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=wait))
            except Exception:  # queue.Empty: quiet long enough
                return
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                if msg["msg_type"] != "status":
                    self.late_outputs += 1
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    pass
            else:
                self._route_foreign(msg)


def strip_ansi(text: str) -> str:
    return ANSI_RE.sub("", text)


def stable_cell_id(index: int, source: str) -> str:
    digest = hashlib.sha1(f"{index}\n{source}".encode()).hexdigest()
    return digest[:12]


def normalize_text(text: str, repo_root: str = REPO_ROOT) -> str:
    """One output text with the volatile parts rewritten (see normalize_outputs)."""
    text = strip_ansi(text).replace(repo_root, REPO_PLACEHOLDER)
    for pattern, replacement in VOLATILE_TEXT:
        text = pattern.sub(replacement, text)
    return text


def normalize_outputs(cell, repo_root: str = REPO_ROOT) -> None:
    """THE normalization of a code cell's outputs, shared by the writer (`--in-place`,
    `--out`) and the freshness check (`--check`, which applies it to both sides).
    Idempotent. What it changes, and so what the check cannot see:

    - execution counts: removed (`execution_count` null on the cell and its results);
    - ANSI colour codes: removed;
    - the repository's absolute path: replaced by `<repo>` (also inside `file://` URLs);
    - elapsed seconds ending a line, `(1.2 s)`: removed (stage progress, epoch lines);
    - progress-bar rate and ETA, `  11.7 episodes/s  ETA 0s`: removed;
    - tfjs wasm thread counts, `threads: 2` and `2 thread(s)`: the number becomes `<n>`;
    - a cell tagged `timing` (its outputs are wall-clock measurements): its outputs are
      replaced by one line saying so;
    - a figure's `text/html` twin: dropped when the output also has `image/svg+xml`
      (lib/plot's display helpers send both; the standalone SVG alone keeps the
      notebooks small and is what code hosts render).
    """
    cell["execution_count"] = None
    if TIMING_TAG in cell.metadata.get("tags", []):
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=TIMING_NOTE)]
        return
    for out in cell.outputs:
        if out.output_type == "stream":
            out.text = normalize_text(out.text, repo_root)
        elif out.output_type == "error":
            out.traceback = [normalize_text(line, repo_root) for line in out.traceback]
            out.evalue = normalize_text(out.evalue, repo_root)
        elif out.output_type in ("execute_result", "display_data"):
            if "execution_count" in out:
                out.execution_count = None
            data = out.get("data", {})
            if "image/svg+xml" in data:
                data.pop("text/html", None)
            for mime, value in list(data.items()):
                if isinstance(value, str):
                    data[mime] = normalize_text(value, repo_root)


def normalize(nb, repo_root: str = REPO_ROOT) -> None:
    """Make an executed notebook byte-stable across runs and machines."""
    needs_ids = (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        if needs_ids and not cell.get("id"):
            cell["id"] = stable_cell_id(index, cell.source)
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.get("outputs", []):
            if (
                out.output_type == "stream"
                and merged
                and merged[-1].output_type == "stream"
                and merged[-1].name == out.name
            ):
                merged[-1].text += out.text
            else:
                merged.append(out)
        cell.outputs = merged
        normalize_outputs(cell, repo_root)


def first_error(nb):
    """(cell index, text) of the first error output, or None."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        for out in cell.get("outputs", []):
            if out.output_type == "error" and ALLOW_ERROR_TAG not in tags:
                lines = [strip_ansi(line) for line in out.get("traceback", [])]
                text = "\n".join(lines) or f"{out.get('ename')}: {out.get('evalue')}"
                return index, text
    return None


def verify_outputs(nb):
    """List of problems: code cells without outputs (unless tagged no-output)."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        tags = cell.metadata.get("tags", [])
        if NO_OUTPUT_TAG in tags:
            continue
        if not cell.get("outputs"):
            head = cell.source.strip().splitlines()[0][:80]
            problems.append(f"cell {index} produced no output (tag it \"{NO_OUTPUT_TAG}\" if intended): {head}")
    return problems


def first_lines(text: str, n: int = 8) -> str:
    lines = [line for line in strip_ansi(text).splitlines() if line.strip()]
    shown = lines[:n]
    if len(lines) > n:
        shown.append(f"... ({len(lines) - n} more lines)")
    return "\n    ".join(shown)


def _output_label(out) -> str:
    if out.output_type == "stream":
        return f"stream {out.name}"
    if out.output_type in ("execute_result", "display_data"):
        return f"{out.output_type} {'+'.join(sorted(out.get('data', {})))}"
    return out.output_type


def _first_difference(a: str, b: str, width: int = 100) -> str:
    """'line N: committed ... / now ...' around the first differing character."""
    a_lines, b_lines = a.split("\n"), b.split("\n")
    for n in range(max(len(a_lines), len(b_lines))):
        x = a_lines[n] if n < len(a_lines) else "<no line>"
        y = b_lines[n] if n < len(b_lines) else "<no line>"
        if x == y:
            continue
        col = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
        start = max(0, col - width // 2)
        cut = lambda t: ("..." if start else "") + t[start:start + width] + ("..." if len(t) > start + width else "")
        return f"line {n + 1}, column {col + 1}:\n      committed: {cut(x)}\n      now:       {cut(y)}"
    return "(same text)"


def _output_text(out) -> str:
    if out.output_type == "stream":
        return out.text
    if out.output_type == "error":
        return "\n".join(out.traceback)
    return json.dumps(out.get("data", {}), indent=1, sort_keys=True)


def stale_cells(committed, fresh, repo_root: str = REPO_ROOT, detail: int = 3) -> list:
    """Messages for the code cells whose normalized outputs differ between the
    committed notebook and a fresh execution of it (both normalized here by
    normalize_outputs, which is idempotent). Empty when the outputs are current."""
    messages = []
    if len(committed.cells) != len(fresh.cells):
        return [f"{len(committed.cells)} cells committed, {len(fresh.cells)} executed"]
    for index, (old, new) in enumerate(zip(committed.cells, fresh.cells)):
        if old.cell_type != "code":
            continue
        old = nbformat.from_dict(old)
        normalize_outputs(old, repo_root)
        old_outs, new_outs = old.get("outputs", []), new.get("outputs", [])
        if old_outs == new_outs:
            continue
        where = f"cell {index} (id {old.get('id', '?')})"
        if len(messages) >= detail:
            messages.append(f"{where}: outputs differ")
            continue
        if len(old_outs) != len(new_outs):
            got = ", ".join(_output_label(o) for o in new_outs) or "none"
            had = ", ".join(_output_label(o) for o in old_outs) or "none"
            messages.append(f"{where}: {len(old_outs)} output(s) committed ({had}), {len(new_outs)} now ({got})")
            continue
        for k, (a, b) in enumerate(zip(old_outs, new_outs)):
            if a == b:
                continue
            label = _output_label(b)
            if _output_label(a) != label:
                messages.append(f"{where}, output {k + 1}: committed {_output_label(a)}, now {label}")
            else:
                messages.append(f"{where}, output {k + 1} ({label}) differs at {_first_difference(_output_text(a), _output_text(b))}")
            break
    return messages


def write_notebook(nb, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb, version=4)  # indent=1, sorted keys, like Jupyter
    if not text.endswith("\n"):
        text += "\n"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def run_one(path: Path, args) -> tuple:
    """Execute one notebook. Returns (ok, message)."""
    start = time.monotonic()
    nb = nbformat.read(str(path), as_version=4)
    committed = nbformat.read(str(path), as_version=4) if args.check else None
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    n_code = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())
    client = DrainingClient(
        nb,
        drain_s=args.drain_ms / 1000.0,
        timeout=args.timeout,
        startup_timeout=args.startup_timeout,
        kernel_name=args.kernel,
        record_timing=False,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    failure = None
    try:
        client.execute()
    except CellExecutionError as exc:
        found = first_error(nb)
        if found:
            failure = f"cell {found[0]} raised:\n    {first_lines(found[1])}"
        else:
            failure = f"cell error:\n    {first_lines(str(exc))}"
    except CellTimeoutError as exc:
        failure = f"timeout (> {args.timeout} s per cell): {first_lines(str(exc), 3)}"
    except DeadKernelError as exc:
        failure = f"kernel died: {first_lines(str(exc), 3)}"
    except Exception as exc:  # kernel start failure, missing kernelspec, ...
        failure = f"{type(exc).__name__}: {first_lines(str(exc), 5)}"
    normalize(nb)
    if failure is None:
        found = first_error(nb)
        if found:
            failure = f"cell {found[0]} has an error output:\n    {first_lines(found[1])}"
    if failure is None:
        problems = verify_outputs(nb)
        if problems:
            failure = "; ".join(problems)
    if failure is None and committed is not None:
        stale = stale_cells(committed, nb)
        if stale:
            failure = (
                "committed outputs are not current (re-run `npx deno task nb --in-place` and commit "
                f"the notebook; executed copy in {Path(args.out) / path.name}):\n    " + "\n    ".join(stale)
            )
    # Always write the executed copy (also on failure, to help debugging), but never
    # overwrite the source notebook with a failed run.
    if args.in_place:
        if failure is None:
            write_notebook(nb, path)
    else:
        write_notebook(nb, Path(args.out) / path.name)
    elapsed = time.monotonic() - start
    if client.late_outputs and args.verbose:
        print(f"  ({path.name}: {client.late_outputs} output(s) arrived after idle and were kept)")
    if failure is None:
        current = ", outputs current" if committed is not None else ""
        return True, f"PASS {path.name} ({n_code} cells{current}, {elapsed:.1f} s)"
    return False, f"FAIL {path.name}: {failure}"


def filter_main(mode: str, argv) -> int:
    """`nbrun.py normalize|stale [--repo-root DIR]`: the normalization as a filter, for the
    unit tests (tests/tools/nb_normalize_test.ts). `normalize` reads a notebook (JSON) on
    stdin and writes it normalized; `stale` reads `{"committed": nb, "fresh": nb}` and
    writes the list of stale-cell messages `--check` would print, as JSON."""
    parser = argparse.ArgumentParser(prog=f"nbrun.py {mode}")
    parser.add_argument("--repo-root", default=REPO_ROOT)
    args = parser.parse_args(argv)
    data = json.load(sys.stdin)
    if mode == "normalize":
        nb = nbformat.from_dict(data)
        normalize(nb, args.repo_root)
        json.dump(nb, sys.stdout, indent=1, sort_keys=True)
    else:
        committed = nbformat.from_dict(data["committed"])
        fresh = nbformat.from_dict(data["fresh"])
        normalize(fresh, args.repo_root)  # as run_one does after executing
        json.dump(stale_cells(committed, fresh, args.repo_root), sys.stdout)
    return 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("normalize", "stale"):
        return filter_main(argv[0], argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="+", help="notebook files to execute")
    parser.add_argument("--out", default="out/notebooks", help="folder for executed copies (default out/notebooks)")
    parser.add_argument("--in-place", action="store_true", help="overwrite the notebooks themselves (only on success)")
    parser.add_argument("--check", action="store_true", help="execute into --out and compare outputs with the committed ones")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    parser.add_argument("--startup-timeout", type=int, default=120, help="seconds for the kernel to start")
    parser.add_argument("--kernel", default="deno", help="kernelspec name (default deno)")
    parser.add_argument("--drain-ms", type=float, default=250.0, help="quiet time read after idle (default 250)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.check and args.in_place:
        parser.error("--check and --in-place exclude each other")

    passed = failed = 0
    for name in args.notebooks:
        path = Path(name)
        if not path.is_file():
            ok, message = False, f"FAIL {path.name}: no such file {name}"
        else:
            ok, message = run_one(path, args)
        print(message, flush=True)
        if ok:
            passed += 1
        else:
            failed += 1
    print(f"notebooks: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
