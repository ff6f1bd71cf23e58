"""Statement classifier: training time and classification speed.

python benchmarks/classify.py            # sklearn backend
python benchmarks/classify.py --backend spacy
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from textmine.statements.annotations import read_annotations
from textmine.statements.model import make_classifier

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", default="sklearn")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    exs = read_annotations(ROOT / "corpus" / "annotations" / "statements.jsonl")
    t0 = time.perf_counter()
    clf = make_classifier(a.backend).fit(exs)
    train_s = time.perf_counter() - t0
    clf.predict(exs[:10])  # warm-up
    t0 = time.perf_counter()
    for _ in range(a.repeat):
        clf.predict(exs)
    dt = time.perf_counter() - t0
    print(
        f"| backend | training examples | training time | classification |\n|---|---|---|---|\n"
        f"| {a.backend} | {len(exs)} | {train_s:.1f} s | {len(exs) * a.repeat / dt:,.0f} sentences/s (one core) |"
    )


if __name__ == "__main__":
    main()
