"""Corpus-run speed and memory: reports/s with 1 worker and with all workers, peak RSS.

    python benchmarks/corpus.py [--n 10000] [--small 1000] [--seed 0] [--no-append]

Generates N synthetic reports (textmine synth) plus the seeds in ../shared/seeds when
present, then runs `textmine analyze DIR --out RESULTS --workers W` as a subprocess
for W = 1 and W = all cores, sampling the resident memory of the run's process and all
its workers every 0.1 s (psutil). RSS counts pages the forked workers share with the
parent once per process; PSS splits them, so it is the memory actually used. A run on
`--small` reports checks that peak memory does not grow with the corpus. The in-process
line times the per-document pipeline alone (no engine, no build) after warm-up.

Prints a markdown table and appends it, with the command and machine, to
benchmarks/RESULTS.md (unless --no-append).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS_MD = ROOT / "benchmarks" / "RESULTS.md"


def make_corpus(n: int, seed: int, dest: Path) -> int:
    from textmine.synth import generate

    generate(n, dest, seed=seed)
    for p in dest.glob("*.truth.json"):  # truth files are JSON, not reports; keep the folder to reports
        p.unlink()
    extra = 0
    if SEEDS.is_dir():
        for p in sorted(SEEDS.glob("*.txt")):
            shutil.copy(p, dest / f"seed_{p.name}")
            extra += 1
    return n + extra


class MemorySampler(threading.Thread):
    """Peak RSS and PSS of a process tree, and the CPU time its processes used, sampled
    until stopped. CPU time makes the throughput per core measurable on a machine that
    other jobs share: reports per CPU-second do not depend on how much CPU we were given."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.every = every
        self.peak_rss = 0
        self.peak_pss = 0
        # by phase: while workers run ("analysis"), then the parent alone ("build")
        self.phase_rss = {"analysis": 0, "build": 0}
        self.cpu: dict[int, float] = {}  # pid -> last seen user + system seconds
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            rss = pss = 0
            try:
                procs = [self.root] + self.root.children(recursive=True)
            except psutil.Error:
                break
            for p in procs:
                try:
                    info = p.memory_full_info()
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            phase = "analysis" if len(procs) > 1 else "build"
            self.phase_rss[phase] = max(self.phase_rss[phase], rss)
            self.stop.wait(self.every)


def timed_run(corpus: Path, workers: int, out: Path, resume: bool = False) -> dict:
    cmd = [sys.executable, "-m", "textmine", "analyze", str(corpus), "--out", str(out), "--workers", str(workers)]
    cmd += ["--resume"] if resume else []
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = MemorySampler(proc.pid)
    sampler.start()
    code = proc.wait()
    wall = time.monotonic() - t0
    sampler.stop.set()
    sampler.join()
    if code not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} exited with {code}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    analysis = summary["seconds"] - summary["build_seconds"]
    workers_cpu = sum(v for pid, v in sampler.cpu.items() if pid != proc.pid)
    return {
        "workers": workers,
        "docs": summary["done"],
        "wall": wall,
        "build": summary["build_seconds"],
        "skipped": summary["skipped"],
        "kept": summary.get("kept", False),
        "rate_wall": summary["done"] / wall,
        "rate_analysis": summary["done"] / analysis,
        "rate_cpu": summary["done"] / workers_cpu if workers_cpu else 0.0,
        "parent_cpu": sampler.cpu.get(proc.pid, 0.0),
        "rss_mb": sampler.peak_rss / 2**20,
        "pss_mb": sampler.peak_pss / 2**20,
        "analysis_rss_mb": sampler.phase_rss["analysis"] / 2**20,
        "build_rss_mb": sampler.phase_rss["build"] / 2**20,
    }


def in_process_rate(corpus: Path, sample: int = 200) -> float:
    """Reports per CPU-second of the pipeline alone, one process, after warm-up."""
    from textmine.corpus.walk import iter_corpus
    from textmine.pipeline import analyze_path

    paths = [p for _, p in zip(range(sample + 5), iter_corpus(corpus))]
    for p in paths[:5]:
        analyze_path(p)
    t0 = time.process_time()
    for p in paths[5:]:
        analyze_path(p)
    return (len(paths) - 5) / (time.process_time() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="synthetic reports (default 10000)")
    ap.add_argument("--small", type=int, default=1_000, help="size of the memory-growth comparison run")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-append", action="store_true", help="do not append to benchmarks/RESULTS.md")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="textmine-bench-") as tmp:
        tmp = Path(tmp)
        total = make_corpus(args.n, args.seed, tmp / "corpus")
        make_corpus(min(args.small, args.n), args.seed, tmp / "small")
        single = in_process_rate(tmp / "corpus")
        rows = [timed_run(tmp / "corpus", 1, tmp / "r1")]
        if cores > 1:
            rows.append(timed_run(tmp / "corpus", cores, tmp / "rn"))
        again = timed_run(tmp / "corpus", cores, tmp / "rn", resume=True)  # nothing new: nothing to read or build
        small_row = timed_run(tmp / "small", cores, tmp / "rs")
    lines = [
        f"### corpus run: {total} reports ({args.n} synthetic, seed {args.seed}, + seeds) — "
        f"{time.strftime('%Y-%m-%d')}, {cores} cores, Python {platform.python_version()}",
        "",
        f"`python benchmarks/corpus.py --n {args.n} --small {args.small} --seed {args.seed}`",
        "",
        "| workers | reports | wall s | build s | reports/s (wall) | reports/s (analysis) "
        "| reports per worker CPU-s | parent CPU s | peak RSS MB (sum) | peak PSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows + [small_row]:
        lines.append(
            f"| {r['workers']} | {r['docs']} | {r['wall']:.1f} | {r['build']:.1f} | {r['rate_wall']:.1f} | "
            f"{r['rate_analysis']:.1f} | {r['rate_cpu']:.1f} | {r['parent_cpu']:.1f} | "
            f"{r['rss_mb']:.0f} | {r['pss_mb']:.0f} |"
        )
    lines.append("")
    load = os.getloadavg()[0]
    lines.append(f"- pipeline alone, one process: {single:.1f} reports per CPU-second")
    lines.append(
        f"- the same command again with --resume (nothing new): {again['wall']:.1f} s, {again['skipped']} "
        f"skipped, outputs {'kept' if again['kept'] else 'built again'} ({again['build']:.1f} s in the build)"
    )
    full = rows[-1]
    lines.append(
        f"- per core with {full['workers']} workers on {cores} cores: {full['rate_wall'] / cores:.1f} reports/s "
        f"over the whole run (build included), {full['rate_analysis'] / cores:.1f} during analysis, "
        f"{full['rate_cpu']:.1f} per worker CPU-second (the issue's bar: 150)"
    )
    lines.append(
        f"- load average at the end: {load:.1f} on {cores} cores (above {cores} means other jobs shared "
        "the CPUs: trust the per-CPU-second column over the wall-clock ones)"
    )
    if len(rows) > 1:
        lines.append(
            f"- scaling 1 → {cores} workers: {rows[1]['rate_analysis'] / rows[0]['rate_analysis']:.2f}× "
            f"(analysis), {rows[1]['rate_wall'] / rows[0]['rate_wall']:.2f}× (wall)"
        )
    lines.append(
        f"- memory growth {small_row['docs']} → {rows[-1]['docs']} reports ({cores} workers): "
        f"PSS {small_row['pss_mb']:.0f} → {rows[-1]['pss_mb']:.0f} MB, "
        f"RSS {small_row['rss_mb']:.0f} → {rows[-1]['rss_mb']:.0f} MB; peak RSS while the workers run "
        f"{small_row['analysis_rss_mb']:.0f} → {rows[-1]['analysis_rss_mb']:.0f} MB, while the parent "
        f"builds the database {small_row['build_rss_mb']:.0f} → {rows[-1]['build_rss_mb']:.0f} MB"
    )
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_append:
        with open(RESULTS_MD, "a", encoding="utf-8") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
