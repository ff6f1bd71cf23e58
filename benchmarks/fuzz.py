"""Fuzz the whole pipeline with broken and hostile reports; count crashes and hangs.

    python benchmarks/fuzz.py [--cases 100000] [--seed 0] [--workers N] [--hang 30]
    python benchmarks/fuzz.py --replay SEED:INDEX      # run one case in this process

Each case (textmine.synth.hostile.hostile_case) goes through what a corpus run does with
a file's bytes: `analyze_bytes` (every stage: ingestion, normalisation, sections, tables,
claims, statements, checks), the JSON the results are written as, and, for every tenth
case, the HTML page the report would render, which must show no markup from the input.

- crash: an exception escaped any of those (a stage must turn bad input into an error
  record, and the pipeline's own `internal_error` net is not used here: it would hide bugs);
- hang: a case over `--hang` seconds; its worker is killed and replaced;
- slow: cases over 2 s, listed so they can be looked at.

Workers are separate processes fed one case at a time, so a hang costs one case. Prints a
markdown summary and, unless --no-append, appends it to benchmarks/FUZZ_RESULTS.md.
Exit code 1 when any case crashed or hung.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import multiprocessing as mp
import os
import platform
import sys
import time
import traceback
from pathlib import Path

SLOW = 2.0
FAILURES = os.environ.get("TEXTMINE_FUZZ_FAILURES", "fuzz_failures.jsonl")


def _log_failure(res: dict) -> None:
    """Each crash or hang as it happens (a long run can be inspected while it runs)."""
    with open(FAILURES, "a", encoding="utf-8") as f:
        f.write(json.dumps(res, ensure_ascii=False) + "\n")


def run_case(seed: int, index: int) -> dict:
    from textmine.pipeline import analyze_bytes
    from textmine.site.page import document_page
    from textmine.synth.hostile import hostile_case

    name, data, applied = hostile_case(seed, index)
    t0 = time.perf_counter()
    out = {"case": f"{seed}:{index}", "name": name, "mutations": applied, "bytes": len(data)}
    try:
        doc = analyze_bytes(data, name)
        contract = doc.to_dict(with_text=True)
        json.dumps(contract, ensure_ascii=False).encode("utf-8")
        if index % 10 == 0:
            page = document_page(doc.to_dict(), doc.text, css="")
            for bad in ("<script>alert", "<img src=x", "<svg onload"):
                if bad in page:
                    raise AssertionError(f"unescaped markup {bad!r} in the rendered page")
        out["outcome"] = doc.errors[0].code if doc.errors else "ok"
    except Exception as e:  # the point of the exercise: record, do not stop
        out["outcome"] = "crash"
        out["error"] = f"{type(e).__name__}: {e}"[:300]
        out["trace"] = traceback.format_exc()[-1500:]
    out["seconds"] = round(time.perf_counter() - t0, 3)
    return out


def _worker(conn) -> None:
    import signal
    import warnings

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which reports
    warnings.simplefilter("ignore")
    while True:
        job = conn.recv()
        if job is None:
            return
        conn.send(run_case(*job))


class Pool:
    def __init__(self, n: int):
        self.ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.slots = [self._start() for _ in range(n)]

    def _start(self):
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(target=_worker, args=(child,), daemon=True)
        p.start()
        child.close()
        return {"proc": p, "conn": parent, "job": None, "since": 0.0}

    def restart(self, i: int) -> None:
        self.slots[i]["proc"].kill()
        self.slots[i]["proc"].join()
        self.slots[i] = self._start()


def fuzz(cases: int, seed: int, workers: int, hang: float, progress: bool = True) -> dict:
    # warm the parent before forking: every worker then starts with the models loaded
    run_case(seed, 0)
    pool = Pool(workers)
    todo = iter(range(cases))
    outcomes: collections.Counter = collections.Counter()
    crashes, hangs, slow = [], [], []
    t0 = time.time()

    def feed(i: int) -> bool:
        job = next(todo, None)
        if job is None:
            return False
        pool.slots[i].update(job=(seed, job), since=time.monotonic())
        pool.slots[i]["conn"].send((seed, job))
        return True

    active = {i for i in range(workers) if feed(i)}
    stopped = False
    try:
        _loop(pool, active, feed, outcomes, crashes, hangs, slow, seed, hang, cases, t0, progress)
    except KeyboardInterrupt:  # Ctrl-C / kill -INT: report the cases done so far
        stopped = True
    done = sum(outcomes.values())
    for slot in pool.slots:
        if stopped:
            slot["proc"].kill()
            continue
        try:
            slot["conn"].send(None)
        except (BrokenPipeError, OSError):
            pass
        slot["proc"].join(timeout=5)
    if progress:
        print(file=sys.stderr)
    return {
        "cases": done,
        "seconds": round(time.time() - t0, 1),
        "outcomes": dict(outcomes),
        "stopped": stopped,
        "crashes": crashes,
        "hangs": hangs,
        "slow": sorted(slow, key=lambda r: -r["seconds"])[:10],
    }


def _loop(pool, active, feed, outcomes, crashes, hangs, slow, seed, hang, cases, t0, progress) -> None:
    from multiprocessing.connection import wait

    done = 0
    while active:
        conns = {pool.slots[i]["conn"]: i for i in active}
        ready = wait(list(conns), timeout=0.5)
        now = time.monotonic()
        for conn in ready:
            i = conns[conn]
            try:
                res = conn.recv()
            except (EOFError, OSError):  # the worker died (e.g. killed by the OS)
                res = {"case": f"{seed}:{pool.slots[i]['job'][1]}", "outcome": "crash", "error": "worker died"}
                pool.restart(i)
            outcomes[res["outcome"]] += 1
            if res["outcome"] == "crash":
                crashes.append(res)
                _log_failure(res)
            elif res.get("seconds", 0) > SLOW:
                slow.append(res)
            done += 1
            if not feed(i):
                active.discard(i)
        for i in list(active):
            slot = pool.slots[i]
            if now - slot["since"] > hang and slot["conn"] not in ready:
                hangs.append({"case": f"{seed}:{slot['job'][1]}", "seconds": round(now - slot["since"], 1)})
                _log_failure(dict(hangs[-1], outcome="hang"))
                outcomes["hang"] += 1
                done += 1
                pool.restart(i)
                if not feed(i):
                    active.discard(i)
        if progress and done and done % 1000 < len(pool.slots):
            rate = done / max(1e-9, time.time() - t0)
            print(
                f"\r{done}/{cases} cases, {rate:.0f}/s, crashes {len(crashes)}, hangs {len(hangs)}",
                end="",
                file=sys.stderr,
                flush=True,
            )


def markdown(res: dict, argv: str, workers: int) -> str:
    lines = [
        f"### fuzz: {res['cases']} cases{' (stopped early)' if res.get('stopped') else ''} — {dt.date.today()}, {os.cpu_count()} cores, "  # noqa: E501
        f"{workers} workers, Python {platform.python_version()}",
        "",
        f"`{argv}`",
        "",
        f"- wall time {res['seconds']} s ({res['cases'] / max(res['seconds'], 1e-9):.0f} cases/s)",
        f"- crashes: {len(res['crashes'])}, hangs: {len(res['hangs'])}",
        "- outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(res["outcomes"].items(), key=lambda kv: -kv[1])),
    ]
    if res["slow"]:
        lines.append(
            "- slowest cases: "
            + ", ".join(f"{r['case']} {r['seconds']} s ({'+'.join(r['mutations'])})" for r in res["slow"][:5])
        )
    for r in res["crashes"][:10]:
        lines.append(f"- crash {r['case']} ({'+'.join(r.get('mutations', []))}): {r.get('error')}")
    for r in res["hangs"][:10]:
        lines.append(f"- hang {r['case']} after {r['seconds']} s")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--hang", type=float, default=30.0, help="seconds after which a case counts as a hang")
    ap.add_argument("--replay", help="SEED:INDEX: run one case here and print the result")
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if args.replay:
        seed, index = map(int, args.replay.split(":"))
        res = run_case(seed, index)
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return 1 if res["outcome"] == "crash" else 0
    res = fuzz(args.cases, args.seed, args.workers, args.hang)
    md = markdown(res, "python benchmarks/fuzz.py " + " ".join(sys.argv[1:]), args.workers)
    print(md)
    if not args.no_append:
        with open(Path(__file__).with_name("FUZZ_RESULTS.md"), "a", encoding="utf-8") as f:
            f.write(md + "\n")
    return 1 if res["crashes"] or res["hangs"] else 0


if __name__ == "__main__":
    sys.exit(main())
