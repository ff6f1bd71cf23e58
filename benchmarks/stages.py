"""Where a report's CPU time goes: each pipeline stage, by layout, plus the JSON line.

    python benchmarks/stages.py [--n 600] [--seed 0] [--no-append]

Generates N synthetic reports (every layout of `textmine synth`), warms up, then runs
the stages of `textmine.pipeline.analyze_raw` one by one on every report and times each
in process CPU time (steady on a busy machine), and the worker's last step, the journal
line (`records.doc_line`). Prints a markdown table (ms per report, per layout and
overall) and appends it to benchmarks/RESULTS.md unless --no-append. The corpus
benchmark (corpus.py) measures whole runs; this one says which stage to work on.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textmine.corpus.records import Task, doc_line  # noqa: E402
from textmine.ingest import read_data  # noqa: E402
from textmine.pipeline import STEPS, analyze_raw, read  # noqa: E402

STAGES = ("ingest", "read", *(name for name, _ in STEPS), "json line")


def layout_of(path: Path) -> str:
    """synth names files synth_<seed>_<n>_<layout>.<ext>."""
    return path.stem.split("_", 3)[-1]


def timed_stages(data: bytes, suffix: str) -> dict[str, float]:
    """CPU seconds per stage for one report: ingest, reading (normalisation), each named
    step of the pipeline as `Pipeline` runs it, and the journal line."""
    clock = time.process_time
    marks = [clock()]
    raw = read_data(data, suffix)
    marks.append(clock())
    doc = read(raw, "bench" + suffix)
    marks.append(clock())
    for _, step in STEPS:
        step(doc)
        marks.append(clock())
    doc_line(Task(1, 0, doc.path, doc.path), doc)
    marks.append(clock())
    return {name: marks[i + 1] - marks[i] for i, name in enumerate(STAGES)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=600, help="synthetic reports (default 600)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-append", action="store_true")
    a = ap.parse_args()
    from textmine.synth import generate

    with tempfile.TemporaryDirectory(prefix="textmine-stages-") as tmp:
        generate(a.n, Path(tmp), seed=a.seed)
        reports = [(p, p.read_bytes()) for p in sorted(Path(tmp).iterdir()) if not p.name.endswith(".json")]
    for p, data in reports[:10]:  # warm-up: models, dictionaries, regex caches
        analyze_raw(read_data(data, p.suffix))
    per_layout: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts: dict[str, int] = defaultdict(int)
    for p, data in reports:
        layout = layout_of(p)
        counts[layout] += 1
        for stage, secs in timed_stages(data, p.suffix).items():
            per_layout[layout][stage] += secs
            per_layout["all"][stage] += secs
    counts["all"] = len(reports)
    header = "| layout | reports | " + " | ".join(STAGES) + " | total ms | reports per CPU-s |"
    lines = [
        f"### pipeline stages: {len(reports)} synthetic reports (seed {a.seed}) — "
        f"{time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}",
        "",
        f"`python benchmarks/stages.py --n {a.n} --seed {a.seed}` (CPU ms per report)",
        "",
        header,
        "|" + "---|" * (len(STAGES) + 4),
    ]
    for layout in sorted(per_layout, key=lambda k: (k == "all", k)):
        n = counts[layout]
        ms = [1000 * per_layout[layout][s] / n for s in STAGES]
        total = sum(ms)
        lines.append(
            f"| {layout} | {n} | " + " | ".join(f"{x:.2f}" for x in ms) + f" | {total:.2f} | {1000 / total:.0f} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if not a.no_append:
        with open(ROOT / "benchmarks" / "RESULTS.md", "a", encoding="utf-8") as f:
            f.write("\n" + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
