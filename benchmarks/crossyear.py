"""Cost of the cross-report stage (agencies, duplicates, cross-year checks) against the
whole corpus run.

    python benchmarks/crossyear.py [--bodies 2000] [--years 5] [--workers N] [--no-append]

Writes a synthetic series corpus (textmine.synth.series: BODIES bodies x YEARS years, a
few duplicates and mirrors), runs `run_corpus` over it, then times the cross-report
stage alone on a copy of the results database (its two tables dropped and rebuilt by
`add_cross_tables`). Prints a markdown table and appends it to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bodies", type=int, default=2000)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import duckdb

    from textmine.corpus import run_corpus
    from textmine.corpus.crossyear import add_cross_tables
    from textmine.synth.series import make_series

    with tempfile.TemporaryDirectory() as tmp:
        root, out = Path(tmp) / "corpus", Path(tmp) / "results"
        t0 = time.perf_counter()
        files, truth = make_series(args.seed, args.bodies, range(2019, 2019 + args.years))
        for name, data in files:
            p = root / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        t_gen = time.perf_counter() - t0
        summary = run_corpus(root, out, workers=args.workers, progress=False)
        copy = Path(tmp) / "copy.duckdb"
        shutil.copy(out / "results.duckdb", copy)
        con = duckdb.connect(str(copy))
        con.execute("DROP TABLE agencies")
        con.execute("DROP TABLE cross_checks")
        t1 = time.perf_counter()
        counts = add_cross_tables(con)
        t_cross = time.perf_counter() - t1
        fails = con.execute("SELECT count(*) FROM cross_checks WHERE status = 'fail'").fetchone()[0]
        con.close()
    share = t_cross / summary.seconds
    md = "\n".join(
        [
            f"### cross-report stage: {len(files)} reports of {args.bodies} bodies over {args.years} years — "
            f"{dt.date.today()}, {os.cpu_count()} cores, {args.workers} workers, Python {platform.python_version()}",
            "",
            f"`python benchmarks/crossyear.py {' '.join(sys.argv[1:])}`",
            "",
            "| reports | whole run s | of which build s | cross-report stage s | share of the run | agencies rows | "
            "cross-year findings | failed (injected) |",
            "|---|---|---|---|---|---|---|---|",
            f"| {len(files)} | {summary.seconds:.1f} | {summary.build_seconds:.1f} | {t_cross:.2f} | {100 * share:.1f} % | "  # noqa: E501
            f"{counts['agencies']} | {counts['cross_checks']} | {fails} ({len(truth['fail'])}) |",
            "",
            f"- generating the corpus took {t_gen:.1f} s (not part of the run)",
            "",
        ]
    )
    print(md)
    if not args.no_append:
        with open(Path(__file__).with_name("RESULTS.md"), "a", encoding="utf-8") as f:
            f.write("\n" + md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
