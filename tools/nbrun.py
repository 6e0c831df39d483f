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
no `execution` metadata, consecutive stream outputs merged, deterministic cell
ids, written by nbformat with indent 1 like Jupyter.
"""

import argparse
import asyncio
import hashlib
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


def normalize(nb) -> None:
    """Make an executed notebook byte-stable across runs."""
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
        for out in merged:
            if out.output_type == "stream":
                out.text = strip_ansi(out.text)
            elif out.output_type == "error":
                out.traceback = [strip_ansi(line) for line in out.traceback]
        cell.outputs = merged


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
        return True, f"PASS {path.name} ({n_code} cells, {elapsed:.1f} s)"
    return False, f"FAIL {path.name}: {failure}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="+", help="notebook files to execute")
    parser.add_argument("--out", default="out/notebooks", help="folder for executed copies (default out/notebooks)")
    parser.add_argument("--in-place", action="store_true", help="overwrite the notebooks themselves (only on success)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    parser.add_argument("--startup-timeout", type=int, default=120, help="seconds for the kernel to start")
    parser.add_argument("--kernel", default="deno", help="kernelspec name (default deno)")
    parser.add_argument("--drain-ms", type=float, default=250.0, help="quiet time read after idle (default 250)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)

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
