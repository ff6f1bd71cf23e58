"""The resumable store: append-only JSON Lines journals, one per run.

A run appends each finished document as one complete line with a single `write` on an
unbuffered file, so a `kill -9` of the run loses nothing that was already written: the
kernel has the bytes. `fsync` at most once a second (and at close) bounds what a power
loss could take. A line cut short by a kill is the last line of its file and has no
newline; `seal` truncates it before a later run reads the journal, and a run never
appends to an earlier run's file, so no cut line is ever followed by a good one.

Files: `<out>/journal/run-000001.jsonl`, `run-000002.jsonl`, ... The highest number is
the latest run; `--resume` starts the next number.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Iterator, NamedTuple, Optional

from textmine.corpus.records import head_of, outcome

JOURNAL_DIR = "journal"
_FSYNC_EVERY = 1.0


def journal_dir(out: Path) -> Path:
    return out / JOURNAL_DIR


def journals(out: Path) -> list[Path]:
    d = journal_dir(out)
    return sorted(d.glob("run-*.jsonl")) if d.is_dir() else []


def run_number(path: Path) -> int:
    return int(path.stem.split("-")[1])


def seal(path: Path) -> int:
    """Drop a trailing partial line (a run killed mid-write). Returns bytes removed."""
    size = path.stat().st_size
    if size == 0:
        return 0
    with open(path, "rb+") as f:
        pos = size
        block = 1 << 16
        while pos > 0:
            start = max(0, pos - block)
            f.seek(start)
            chunk = f.read(pos - start)
            nl = chunk.rfind(b"\n")
            if nl >= 0:
                keep = start + nl + 1
                break
            pos = start
        else:
            keep = 0
        if keep < size:
            f.truncate(keep)
            f.flush()
            os.fsync(f.fileno())
        return size - keep


class Completed(NamedTuple):
    """What earlier runs finished, for `--resume`."""

    done: set[bytes]  # sha256 digests (raw 32 bytes, to keep a million small) with a final current result
    stale: int  # digests with final results of another pipeline only: redone
    known: dict[bytes, bytes]  # state_key(path, file_state) -> sha256 in `done`: files not to read again


def state_key(path: str, state: str) -> bytes:
    """A 16-byte key for (path, file state): a million keys stay ~100 MB, not the ~250 MB
    the strings would take."""
    return hashlib.blake2b(f"{path}\0{state}".encode("utf-8", "surrogateescape"), digest_size=16).digest()


def completed_results(paths: list[Path], fingerprint: Optional[str] = None) -> Completed:
    """The digests with a final result made by the pipeline `fingerprint` (None: any),
    how many others have only results of another pipeline (an earlier textmine or another
    model, see records.pipeline_fingerprint), and the file states recorded with final
    results, so that a resumed run need not read an unchanged file to know its digest."""
    interned: dict[bytes, bytes] = {}  # one bytes object per digest, shared by `done` and `known`
    other: set[bytes] = set()
    states: dict[bytes, bytes] = {}
    for p in paths:
        for line in iter_lines(p):
            o = outcome(line)
            if o is None or not o.sha256 or o.transient:
                continue
            sha = bytes.fromhex(o.sha256)
            if fingerprint is None or o.fingerprint == fingerprint:
                sha = interned.setdefault(sha, sha)
            else:
                other.add(sha)
            head = head_of(line)
            if head.get("st"):
                states[state_key(head["path"], head["st"])] = sha
    done = set(interned)
    known = {k: sha for k, sha in states.items() if sha in done}
    return Completed(done, len(other - done), known)


def iter_lines(path: Path) -> Iterator[bytes]:
    """Complete lines only (ending in a newline)."""
    with open(path, "rb") as f:
        for line in f:
            if line.endswith(b"\n"):
                yield line


class Journal:
    """Appends complete lines to one run's journal file."""

    def __init__(self, out: Path, run: int):
        d = journal_dir(out)
        d.mkdir(parents=True, exist_ok=True)
        self.path = d / f"run-{run:06d}.jsonl"
        self._fd: Optional[int] = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self._synced = time.monotonic()

    def append(self, line: bytes) -> None:
        assert self._fd is not None and line.endswith(b"\n")
        view = memoryview(line)
        while view:  # a regular file takes the whole write; loop for the rare short write
            n = os.write(self._fd, view)
            view = view[n:]
        now = time.monotonic()
        if now - self._synced >= _FSYNC_EVERY:
            os.fsync(self._fd)
            self._synced = now

    def close(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
