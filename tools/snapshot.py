"""Snapshot everything textmine reads off a fixed set of inputs, and compare two snapshots.

A refactor must not change what textmine says about a document unless it means to. This
writes one JSON line per input (the whole output object, sorted keys) for the seeds, the
bundled corpus, N synthetic reports and the annotated sentence sets, so that two commits
can be compared line by line:

    python tools/snapshot.py write /tmp/before.jsonl [--synth 2000]
    ... change the code ...
    python tools/snapshot.py write /tmp/after.jsonl [--synth 2000]
    python tools/snapshot.py diff /tmp/before.jsonl /tmp/after.jsonl

`diff` prints, per differing input, the first differing paths (tables.applications.cells[3].value …)
and a count per top-level key, and exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def _inputs(synth_dir: Path) -> Iterator[Path]:
    from textmine.corpus.walk import iter_corpus

    for folder in (SHARED / "seeds", ROOT / "corpus", synth_dir):
        if folder.is_dir():
            yield from iter_corpus(folder)


def _annotated() -> Iterator[tuple[str, dict[str, Any]]]:
    """What the claim extractor and the statement model say of the annotated sentences."""
    from textmine.claims import extract_claims
    from textmine.document import Section

    try:
        from textmine.statements import classify_statements
    except ImportError:  # before the refactor of issue 15
        from textmine.statements import classify_statements

    claims = ROOT / "corpus" / "annotations" / "claims.jsonl"
    for line in claims.read_text(encoding="utf-8").splitlines():
        if line.strip():
            it = json.loads(line)
            got = extract_claims(it["text"], [Section(it["section"], None, "", 0, len(it["text"]), 0)])
            yield f"claims:{it['id']}", {"claims": [c.to_dict() for c in got]}
    statements = ROOT / "corpus" / "annotations" / "statements.jsonl"
    for line in statements.read_text(encoding="utf-8").splitlines():
        if line.strip():
            it = json.loads(line)
            text = it["text"]
            got = classify_statements(text, [Section(it["section"], None, "", 0, len(text), 0)])
            yield f"statements:{it['id']}", {"statements": [s.to_dict() for s in got]}


def write(out: Path, synth: int) -> None:
    from textmine.pipeline import analyze_path

    with tempfile.TemporaryDirectory() as tmp:
        synth_dir = Path(tmp) / "synth"
        if synth:
            subprocess.run(
                [sys.executable, "-m", "textmine", "synth", "--n", str(synth), "--out", str(synth_dir), "--seed", "11"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        n = 0
        with out.open("w", encoding="utf-8") as f:
            for p in _inputs(synth_dir):
                doc = analyze_path(p).to_dict(with_text=True)
                key = str(p.relative_to(tmp)) if str(p).startswith(tmp) else p.name
                doc["path"] = key
                f.write(json.dumps({"key": key, "out": doc}, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
            for key, obj in _annotated():
                f.write(json.dumps({"key": key, "out": obj}, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
    print(f"{n} outputs written to {out}")


def _paths(a: Any, b: Any, at: str = "") -> Iterator[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k, "<absent>") != b.get(k, "<absent>"):
                yield from _paths(a.get(k, "<absent>"), b.get(k, "<absent>"), f"{at}.{k}" if at else k)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                yield from _paths(x, y, f"{at}[{i}]")
    else:
        yield f"{at}: {json.dumps(a, ensure_ascii=False)[:120]} -> {json.dumps(b, ensure_ascii=False)[:120]}"


def diff(before: Path, after: Path, show: int) -> int:
    def load(p: Path) -> dict[str, Any]:
        return {r["key"]: r["out"] for r in map(json.loads, p.read_text(encoding="utf-8").splitlines())}

    a, b = load(before), load(after)
    differing = 0
    by_key: dict[str, int] = {}
    for key in sorted(set(a) | set(b)):
        if a.get(key) == b.get(key):
            continue
        differing += 1
        paths = list(_paths(a.get(key, {}), b.get(key, {})))
        for p in paths:
            top = p.split(".")[0].split("[")[0].split(":")[0]
            by_key[top] = by_key.get(top, 0) + 1
        if differing <= show:
            print(f"== {key}")
            for p in paths[:8]:
                print(f"   {p}")
    print(f"{len(a)} before, {len(b)} after, {differing} differ; differing paths by key: {by_key or 'none'}")
    return 1 if differing else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("out", type=Path)
    w.add_argument("--synth", type=int, default=2000)
    d = sub.add_parser("diff")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    d.add_argument("--show", type=int, default=20)
    a = ap.parse_args()
    if a.cmd == "write":
        write(a.out, a.synth)
        return 0
    return diff(a.before, a.after, a.show)


if __name__ == "__main__":
    sys.exit(main())
