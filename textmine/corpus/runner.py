"""`textmine analyze DIR --out RESULTS/`: a whole corpus into a results folder.

    run_corpus(root, out, workers=None, resume=False, engine="local", scheduler=None,
               max_bytes=..., timeout=60.0, progress=True) -> RunSummary

The run streams: files are enumerated lazily, each worker analyses one document with
one more queued (local.QUEUED), and each result is appended to the run's journal as it
arrives (journal.py). When every file has a result, the results folder is built from the journals
(build.py). Killing a run loses only the documents in flight; `resume=True` skips every
file whose sha256 already has a final result and builds exactly the database an
uninterrupted run builds.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import stat
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from textmine.corpus import build as builder
from textmine.corpus import records
from textmine.corpus.journal import Completed, Journal, completed_results, journals, run_number, seal, state_key
from textmine.corpus.records import Task, outcome, pipeline_fingerprint, ref_line
from textmine.corpus.walk import iter_corpus, not_read_line
from textmine.ingest import DEFAULT_MAX_BYTES, display_path
from textmine.outputs import RESULTS_KIND, mark_output


@dataclass
class RunSummary:
    total: int  # supported files found under the root
    done: int  # analysed by this run
    skipped: int  # already analysed by an earlier run (--resume)
    failed: int  # documents in the results that carry an error record
    seconds: float
    out: str = ""
    build_seconds: float = 0.0  # of `seconds`, the time spent building the results folder
    errors: dict[str, int] = field(default_factory=dict)  # error code -> documents
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows in the database
    not_read: dict[str, int] = field(default_factory=dict)  # extension -> files of no supported type
    stale: int = 0  # documents whose earlier results came from another textmine or model: redone
    foreign: int = 0  # results of this run made by another textmine or model (Dask workers unlike the client)
    fingerprint: str = ""  # of the pipeline that made the results (records.pipeline_fingerprint)
    kept: bool = False  # nothing new since the last build: its outputs were kept (build.Built)

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0


class OutputLocked(RuntimeError):
    pass


class RunFailed(RuntimeError):
    """The run could not go on (a full disk, a lost mount...). The journal keeps every
    document finished before it, so `--resume` continues where it stopped."""


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run: what was finished is kept for `--resume`."""


def run_corpus(
    root: Path | str,
    out: Path | str,
    workers: Optional[int] = None,
    resume: bool = False,
    engine: str = "local",
    scheduler: Optional[object] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 60.0,
    progress: bool = True,
) -> RunSummary:
    """Analyse every report under `root` into the results folder `out`: in parallel on
    the chosen engine, each finished document appended to the run's journal (so a kill
    loses nothing and `resume` goes on from there), then the outputs built from the
    journals. One broken file costs one error record, never the run."""
    root, out = Path(root), Path(out)
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    if engine == "dask" and scheduler is None:
        raise ValueError("--engine dask needs --scheduler ADDRESS")
    out.mkdir(parents=True, exist_ok=True)
    if out.resolve() != root.resolve():  # results written into the corpus folder itself: it stays a corpus
        mark_output(out, RESULTS_KIND)
    t0 = time.monotonic()
    with _lock(out):
        previous = journals(out)
        fingerprint = pipeline_fingerprint()
        stale = 0
        if resume:
            for p in previous:
                seal(p)
            completed = completed_results(previous, fingerprint)
            stale = completed.stale
            run = (run_number(previous[-1]) + 1) if previous else 1
        else:
            builder.clear_outputs(out)
            for p in previous:
                p.unlink()
            completed, run = Completed(set(), 0, {}), 1
        others: Counter = Counter()
        total = sum(1 for _ in iter_corpus(root, others))
        state = _State(total=total)
        try:
            _analyse(
                root,
                out,
                run,
                total,
                completed,
                state,
                engine,
                scheduler,
                workers,
                max_bytes,
                timeout,
                progress,
                fingerprint,
            )
        except OSError as e:
            raise RunFailed(
                f"the run stopped: {_describe(e)}. Every document finished so far is kept in "
                f"{out / 'journal'}; fix the cause and rerun with --resume"
            ) from e
        except KeyboardInterrupt as e:
            raise RunInterrupted(
                f"interrupted: the {state.done} document(s) analysed so far are kept in "
                f"{out / 'journal'}; run the same command with --resume to go on"
            ) from e
        t_build = time.monotonic()
        try:
            built = builder.build(out, journals(out), run, fingerprint)
        except Exception as e:
            import duckdb

            if not isinstance(e, (OSError, duckdb.Error)):
                raise
            raise RunFailed(
                f"building the results failed: {_describe(e)}. The journal is complete; fix the "
                f"cause and rerun with --resume (nothing is analysed again)"
            ) from e
        build_seconds = time.monotonic() - t_build
        errors = _error_counts(out)
        summary = RunSummary(
            total=total,
            done=state.done,
            skipped=state.skipped,
            failed=sum(errors.values()),
            seconds=time.monotonic() - t0,
            out=str(out),
            build_seconds=build_seconds,
            errors=errors,
            rows=built.rows,
            kept=built.kept,
            not_read=dict(others.most_common()),
            stale=stale,
            foreign=state.foreign,
            fingerprint=fingerprint,
        )
        _write_summary(out, summary)
    if progress:
        _print_summary(summary)
    return summary


def _describe(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        return e.strerror + (f" ({e.filename})" if e.filename else "")
    return str(e).splitlines()[0] if str(e) else type(e).__name__


def _analyse(
    root: Path,
    out: Path,
    run: int,
    total: int,
    completed: Completed,
    state: "_State",
    engine: str,
    scheduler: Optional[object],
    workers: Optional[int],
    max_bytes: int,
    timeout: float,
    progress: bool,
    fingerprint: str,
) -> None:
    """Analyse every file still to do into this run's journal."""
    with Journal(out, run) as journal, _Progress(progress, total) as bar:

        def on_result(task: Task, line: bytes) -> None:
            journal.append(line)
            state.done += 1
            o = outcome(line)
            if o is not None and o.error:
                state.failed_now += 1
            if o is not None and o.fingerprint != fingerprint:
                state.foreign += 1
            bar.update(state)

        tasks = _tasks(root, run, completed, max_bytes, journal, state, bar)
        if engine == "local":
            from textmine.corpus.local import LocalEngine

            LocalEngine(workers or os.cpu_count() or 1, max_bytes, timeout).run(tasks, on_result, bar.tick)
        else:
            from textmine.corpus.dask_engine import run_dask

            run_dask(scheduler, tasks, on_result, max_bytes, timeout, bar.tick)
        bar.building()


@dataclass
class _State:
    total: int
    done: int = 0
    skipped: int = 0
    failed_now: int = 0
    foreign: int = 0  # results made by another pipeline (a Dask worker with another textmine or model)


def _tasks(
    root: Path, run: int, completed: Completed, max_bytes: int, journal: Journal, state: _State, bar: "_Progress"
) -> Iterator[Task]:
    """Tasks for the files still to analyse; files already done get a `ref` line instead.
    A file whose path and state (records.file_state) an earlier result recorded is not
    read again: on a corpus of PDFs, re-hashing every file was most of a resumed run, and
    the workers waited while the parent read them."""
    for seq, p in enumerate(iter_corpus(root)):
        task = Task(run, seq, display_path(str(p)), os.path.abspath(p))
        if completed.done:
            file_state = records.file_state(task.open_path)  # before the read, as the workers take it
            sha = None
            if file_state and _within(int(file_state.split(".", 1)[0]), max_bytes):  # a lowered --max-bytes counts
                sha = completed.known.get(state_key(task.path, file_state))
            if sha is None:
                sha = _sha256(p, max_bytes)
            if sha is not None and sha in completed.done:
                journal.append(ref_line(task, sha.hex(), file_state))
                state.skipped += 1
                bar.update(state)
                continue
        yield task


def _within(size: int, max_bytes: int) -> bool:
    return not max_bytes or size <= max_bytes  # --max-bytes 0: no limit, as the readers take it


def _sha256(path: Path, max_bytes: int) -> Optional[bytes]:
    try:
        st = path.stat()
        if not _within(st.st_size, max_bytes) or not stat.S_ISREG(st.st_mode):  # a FIFO would block the read
            return None
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.digest()
    except OSError:
        return None


class _lock:
    """One run per results folder at a time. A POSIX record lock: the kernel drops it the
    moment this process dies, and forked workers do not inherit it (a `flock` would be
    shared with them and outlive a killed parent until they exit)."""

    def __init__(self, out: Path):
        self.path = out / ".lock"

    def __enter__(self) -> "_lock":
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            raise OutputLocked(f"another textmine run is writing to {self.path.parent}") from None
        return self

    def __exit__(self, *exc) -> None:
        fcntl.lockf(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def _error_counts(out: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect(str(out / builder.DB_NAME), read_only=True)
    try:
        rows = con.execute(
            "SELECT error, count(*) FROM documents d JOIN files f USING (doc_id) "
            "WHERE error IS NOT NULL GROUP BY error ORDER BY 2 DESC, 1"
        ).fetchall()
    finally:
        con.close()
    return {code: n for code, n in rows}


def _write_summary(out: Path, summary: RunSummary) -> None:
    tmp = out / f".summary.json.{os.getpid()}"
    d = asdict(summary)
    d["seconds"], d["build_seconds"] = round(d["seconds"], 3), round(d["build_seconds"], 3)
    tmp.write_text(json.dumps(d, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, out / "summary.json")


class _Progress:
    """A rich progress bar on stderr: files/s, ETA and failures so far.

    Refreshed from the main loop (auto_refresh off): no refresh thread, so the local
    engine may fork a replacement worker at any time."""

    def __init__(self, enabled: bool, total: int):
        self.enabled = enabled
        self.total = total
        self._last = 0.0
        if enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} files/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("[red]{task.fields[failed]} failed"),
                console=Console(stderr=True, soft_wrap=True),
                auto_refresh=False,
                transient=False,
            )
            self.task = self.progress.add_task("analysing", total=total, rate="-", failed=0)
            self.t0 = time.monotonic()

    def __enter__(self) -> "_Progress":
        if self.enabled:
            self.progress.start()
        return self

    def update(self, state: _State) -> None:
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.t0, 1e-6)
        self.progress.update(
            self.task, completed=state.done + state.skipped, failed=state.failed_now, rate=f"{state.done / elapsed:.0f}"
        )
        self.tick()

    def tick(self) -> None:
        if self.enabled and time.monotonic() - self._last > 0.1:
            self._last = time.monotonic()
            self.progress.refresh()

    def building(self) -> None:
        if self.enabled:
            self.progress.update(self.task, description="building results")
            self.progress.refresh()

    def __exit__(self, *exc) -> None:
        if self.enabled:
            self.progress.refresh()
            self.progress.stop()


def _print_summary(s: RunSummary) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True, soft_wrap=True)
    t = Table(title=f"textmine corpus run → {s.out}", show_header=False)
    t.add_row("files", f"{s.total}")
    t.add_row("analysed", f"{s.done} ({s.rate:.1f} files/s)")
    if s.skipped:
        t.add_row("skipped (--resume)", f"{s.skipped}")
    if s.stale:
        t.add_row("redone", f"{s.stale} (their earlier results came from another textmine version or model)")
    t.add_row(
        "failed", f"{s.failed}" + (" (" + ", ".join(f"{k} {v}" for k, v in s.errors.items()) + ")" if s.errors else "")
    )
    if s.not_read:
        t.add_row("not read", not_read_line(s.not_read))
    if s.foreign:
        t.add_row(
            "[yellow]other pipeline[/yellow]",
            f"{s.foreign} results were made by workers whose textmine or statement model differs from "
            "this machine's: install the same version everywhere, or --resume from here will redo them",
        )
    t.add_row(
        "time",
        f"{s.seconds:.1f} s ("
        + (
            "nothing new: the results were kept as built"
            if s.kept
            else f"building the results: {s.build_seconds:.1f} s"
        )
        + ")",
    )
    t.add_row("database", f"{Path(s.out) / builder.DB_NAME}: " + ", ".join(f"{k} {v}" for k, v in s.rows.items()))
    console.print(t)
