"""The local engine: worker processes fed one document at a time, one more queued.

Not `concurrent.futures` or `multiprocessing.Pool`: neither can stop one task that runs
too long, and a worker that dies (a segfault in a C library, the OOM killer) breaks a
whole `ProcessPoolExecutor` or hangs a `Pool` forever. Here each worker has its own
pipe and the parent knows which document each worker holds and since when, so:

- a document over the time limit costs that worker (SIGKILL) and gets a `timeout`
  record; a fresh worker takes its place;
- a worker that dies costs the one document it was analysing (`internal_error`), never
  the run; the document queued behind it goes to another worker;
- each worker holds the document it analyses and one queued behind it (`QUEUED`): it
  goes straight on to the next instead of waiting for the parent, which may be
  writing the journal (an fsync a second) or off the CPU. Memory does not grow with
  the corpus: a queued document is only its path until the worker reaches it.

Workers are forked where the platform has fork: the parent loads the pipeline's lazy
resources once and every worker, replacements included, starts warm and shares those
pages. The parent starts no threads of its own while workers may be forked.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterator, Optional

from textmine.corpus.records import Task, analyze_task, crash_line, timeout_line

_READY = b"ready"


_warm = False


def _warm_up() -> None:
    """Load the lazy resources (jieba dictionary, OpenCC, the statement model) before the
    first timed document: loading them takes seconds, and a document's time limit
    should not pay for it. Once per process; forked workers inherit a warm parent."""
    global _warm
    if _warm:
        return
    from textmine.document import RawDocument
    from textmine.pipeline import analyze_raw

    analyze_raw(
        RawDocument(
            "示例局2020年政府信息公开工作年度报告\n一、總體情况\n全年主动公开政府信息10条,收到申请2件。\n"
            "五、存在的主要问题及改进情况\n一是公开不够及时;二是将加强培训。\n",
            "txt",
        )
    )
    _warm = True


def _die_with_parent(parent_pid: int) -> None:
    """A forked worker shares the parent's open files (the results folder's lock, the
    journal): if the parent is killed, its workers must go too, at once. Linux has
    PR_SET_PDEATHSIG for that; elsewhere the worker notices EOF on its pipe."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)


def _worker(conn: Connection, max_bytes: int, parent_pid: int, inherited: list[int]) -> None:
    _die_with_parent(parent_pid)
    for fd in inherited:  # the parent's ends of the pipes (ours included): EOF must reach us
        try:
            os.close(fd)
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _warm_up()
    conn.send_bytes(_READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone: stop, do not linger as an orphan
            return
        if task is None:
            return
        try:
            conn.send_bytes(analyze_task(task, max_bytes))
        except (BrokenPipeError, OSError):
            return


# Documents sent to a worker ahead of the one it analyses. With none, workers on a 2-core
# machine were busy ~89 % of the analysis (10,000 synthetic reports): each waited for the
# parent between documents. Analysis of 2,000 synthetic reports, 2 workers, best of 3:
# 14.26 s with none queued, 13.44 s with one.
QUEUED = 1


@dataclass
class _Slot:
    proc: mp.process.BaseProcess
    conn: Connection
    ready: bool = False
    tasks: deque = field(default_factory=deque)  # sent, in order; the first is being analysed
    started: float = 0.0  # when the first of `tasks` began


def _context():
    return mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")


class LocalEngine:
    def __init__(self, workers: int, max_bytes: int, timeout: float):
        self.n = max(1, workers)
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.ctx = _context()
        self.slots: list[_Slot] = []
        self._early_deaths = 0  # workers that died before they were ready
        self.retry: deque = deque()  # queued behind a document that cost its worker: sent again first

    def _spawn(self) -> _Slot:
        parent, child = self.ctx.Pipe(duplex=True)
        inherited = [parent.fileno()] + [s.conn.fileno() for s in self.slots if not s.conn.closed]
        if self.ctx.get_start_method() != "fork":
            inherited = []  # a spawned child inherits none of them
        proc = self.ctx.Process(target=_worker, args=(child, self.max_bytes, os.getpid(), inherited), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def _retire(self, slot: _Slot, kill: bool) -> None:
        if kill and slot.proc.is_alive():
            os.kill(slot.proc.pid, signal.SIGKILL)
        slot.conn.close()
        slot.proc.join(timeout=5)

    def run(
        self, tasks: Iterator[Task], on_result: Callable[[Task, bytes], None], tick: Callable[[], None] = lambda: None
    ) -> None:
        """Feed `tasks` to the workers; call `on_result(task, line)` in the parent for each."""
        if self.ctx.get_start_method() == "fork":
            _warm_up()  # once, here: every worker (and every replacement) then starts warm
        self.slots = []
        for _ in range(self.n):  # one by one: each child must know its elders' pipes to close them
            self.slots.append(self._spawn())
        pending: Optional[Iterator[Task]] = tasks
        self.retry = deque()
        try:
            while True:
                for slot in self.slots:
                    while slot.ready and len(slot.tasks) <= QUEUED and (self.retry or pending is not None):
                        nxt = self.retry.popleft() if self.retry else next(pending, None)  # type: ignore[arg-type]
                        if nxt is None:
                            pending = None
                            break
                        slot.conn.send(nxt)
                        if not slot.tasks:
                            slot.started = time.monotonic()
                        slot.tasks.append(nxt)
                busy = [s for s in self.slots if s.tasks or not s.ready]
                if not busy and pending is None and not self.retry:
                    return
                now = time.monotonic()
                deadlines = [s.started + self.timeout - now for s in busy if s.tasks]
                wait_for = max(0.0, min(deadlines + [0.1]))
                ready = set(wait([s.conn for s in busy], timeout=wait_for))
                for i, slot in enumerate(self.slots):
                    if slot.conn in ready:
                        self.slots[i] = self._receive(slot, on_result)
                now = time.monotonic()
                for i, slot in enumerate(self.slots):
                    if slot.tasks and now - slot.started > self.timeout:
                        task = slot.tasks.popleft()
                        self._retire(slot, kill=True)
                        on_result(task, timeout_line(task, self.timeout))
                        self.retry.extend(slot.tasks)
                        self.slots[i] = self._spawn()
                tick()
        finally:
            for slot in self.slots:
                try:
                    slot.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass
            for slot in self.slots:
                slot.proc.join(timeout=2)
                self._retire(slot, kill=True)

    def _receive(self, slot: _Slot, on_result: Callable[[Task, bytes], None]) -> _Slot:
        try:
            data = slot.conn.recv_bytes()
        except (EOFError, OSError):
            slot.proc.join(timeout=5)
            code = slot.proc.exitcode
            detail = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            if slot.tasks:
                task = slot.tasks.popleft()
                on_result(task, crash_line(task, detail))
                self.retry.extend(slot.tasks)  # never started: not this document's fault
            elif not slot.ready:
                self._early_deaths += 1
                if self._early_deaths > 2 * self.n:
                    raise RuntimeError(
                        f"worker processes die while starting ({detail}); run `textmine analyze` on one file to see why"
                    ) from None
            self._retire(slot, kill=True)
            return self._spawn()
        if data == _READY:
            slot.ready = True
            self._early_deaths = 0
            return slot
        task = slot.tasks.popleft()
        slot.started = time.monotonic()  # the worker went straight on to the next, if any
        on_result(task, data)
        return slot
