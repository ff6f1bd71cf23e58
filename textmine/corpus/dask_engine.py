"""The Dask engine: the same per-document function on an existing dask.distributed cluster.

Documents go in small batches (scheduler overhead is about a millisecond per task,
a report takes a few), with a bounded number of batches in flight so the client's
memory does not grow with the corpus. Workers open the files by absolute path, so
they must see the corpus at the same path as the client (a shared file system, or a
LocalCluster); results come back to the client, which alone writes the journal.

Time limits: a Dask worker thread cannot be interrupted, so the limit is enforced in
two ways. Inside the task, a document whose analysis took longer than the limit is
recorded as a `timeout` (the same record the local engine writes). From the client, a
batch not back within `timeout × batch size` (plus a grace period) of its submission is
abandoned, each of its documents recorded as a `timeout`, and the run goes on. A
worker that dies is Dask's to retry; a batch that keeps killing workers
(`KilledWorker`) costs its documents an `internal_error`.
"""

from __future__ import annotations

import time
from typing import Callable, Iterator

from textmine.corpus.records import Task, analyze_batch, crash_line, timeout_line

BATCH = 8
_GRACE = 30.0


def run_dask(
    scheduler: object,
    tasks: Iterator[Task],
    on_result: Callable[[Task, bytes], None],
    max_bytes: int,
    timeout: float,
    tick: Callable[[], None] = lambda: None,
    batch: int = BATCH,
) -> None:
    """`scheduler`: an address (tcp://host:8786) or anything `distributed.Client` accepts."""
    from distributed import Client, as_completed
    from distributed.client import FutureCancelledError

    client = Client(scheduler, set_as_default=False)
    try:
        threads = max(1, sum(client.nthreads().values()))
        window = 2 * threads
        inflight: dict[object, tuple[list[Task], float]] = {}
        ac = as_completed(loop=client.loop, with_results=False)
        source = iter(tasks)
        exhausted = False

        def submit() -> None:
            nonlocal exhausted
            while not exhausted and len(inflight) < window:
                chunk = [t for _, t in zip(range(batch), source)]
                if not chunk:
                    exhausted = True
                    return
                fut = client.submit(analyze_batch, chunk, max_bytes, timeout, pure=False)
                inflight[fut] = (chunk, time.monotonic())
                ac.add(fut)

        submit()
        while inflight:
            done = ac.next_batch(block=False) if ac.count() else []
            if not done:
                time.sleep(0.02)
            for fut in done:
                if fut not in inflight:
                    continue
                chunk, _ = inflight.pop(fut)
                try:
                    lines = fut.result()
                except FutureCancelledError:
                    continue
                except Exception as e:  # KilledWorker, or a failure outside the pipeline
                    lines = [crash_line(t, f"{type(e).__name__}: {e}"[:300]) for t in chunk]
                for t, line in zip(chunk, lines):
                    on_result(t, line)
            now = time.monotonic()
            for fut, (chunk, submitted) in list(inflight.items()):
                if now - submitted > timeout * len(chunk) + _GRACE:
                    inflight.pop(fut)
                    fut.cancel()
                    for t in chunk:
                        on_result(t, timeout_line(t, timeout))
            submit()
            tick()
    finally:
        client.close()
