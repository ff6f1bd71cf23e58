"""Table parsing time per report on the seed reports.

    python benchmarks/tables.py [-n 200] [--seeds ../shared/seeds]

Normalisation and section splitting run once, outside the timing: the figure is
`parse_tables` alone (tables 2, 3 and 4 of one report), mean over all seeds and rounds,
in wall-clock and in process CPU time (the latter is steadier on a busy machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textmine.normalize import normalize  # noqa: E402
from textmine.sections import segment  # noqa: E402
from textmine.tables import parse_tables  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=200, help="rounds over the seeds (default 200)")
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    a = ap.parse_args()
    paths = sorted(a.seeds.glob("*.txt"))
    if not paths:
        print(f"no seeds in {a.seeds}", file=sys.stderr)
        return 1
    docs = []
    for p in paths:
        text = normalize(p.read_text(encoding="utf-8")).text
        docs.append((p.name, text, segment(text)))
    for _, text, sections in docs:  # warm caches (regex compilation, label memo)
        parse_tables(text, sections)

    per_doc: dict[str, list[float]] = {name: [] for name, _, _ in docs}
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(a.n):
        for name, text, sections in docs:
            t0 = time.perf_counter()
            parse_tables(text, sections)
            per_doc[name].append(time.perf_counter() - t0)
    wall = (time.perf_counter() - wall0) / (a.n * len(docs)) * 1000
    cpu = (time.process_time() - cpu0) / (a.n * len(docs)) * 1000

    print(f"parse_tables on {len(docs)} seed reports x {a.n} rounds")
    for name, times in per_doc.items():
        print(f"  {name:<28} median {statistics.median(times) * 1000:6.2f} ms")
    print(f"mean per report: {wall:.2f} ms wall, {cpu:.2f} ms cpu  ({1000 / cpu:.0f} reports/s/core for tables)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
