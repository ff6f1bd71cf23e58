"""Claim extraction quality and speed.

Quality, reported apart:
- real: the sentences of real reports annotated standoff in corpus/annotations/
  real_claims.*.jsonl (../shared/realdev and ../shared/seeds; skipped when absent), read
  in their documents by today's whole pipeline — the figure that matters;
- synthetic: the sentences written for the project in corpus/annotations/claims.jsonl,
  each read alone.
A predicted claim is correct when its type and value equal an unmatched gold claim of the
same sentence; "value-only" ignores the type. Speed: claims/s and reports/s over the
bundled corpus and the seeds, extraction stage only (text already normalised and segmented).

    python benchmarks/claims.py [--repeat 20] [--show] [--min-precision P --min-recall R]

With --min-precision/--min-recall it exits 1 when the real figures fall below them (CI).
"""

from __future__ import annotations

import argparse
import collections
import json
import time
from pathlib import Path

from textmine.claims import extract_claims
from textmine.document import Section
from textmine.ingest import read_path
from textmine.normalize import normalize
from textmine.sections import segment

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "corpus" / "annotations" / "claims.jsonl"


def evaluate(path: Path = ANNOTATIONS) -> dict:
    tp = fp = fn = 0
    tp_v = fp_v = 0
    per_type: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])  # tp fp fn
    misses, false = [], []
    items = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    for it in items:
        text = it["text"]
        got = extract_claims(text, [Section(it["section"], None, "", 0, len(text), 0)])
        got = [c for c in got if c.type not in ("issues_listed", "improvements_listed", "cases_all_upheld")]
        gold = [(g["type"], float(g["value"])) for g in it["claims"]]
        left = list(gold)
        left_v = [v for _, v in gold]
        for c in got:
            key = (c.type, float(c.value))
            if key in left:
                left.remove(key)
                tp += 1
                per_type[c.type][0] += 1
            else:
                fp += 1
                per_type[c.type][1] += 1
                false.append((it["id"], c.type, c.value, text))
            if float(c.value) in left_v:
                left_v.remove(float(c.value))
                tp_v += 1
            else:
                fp_v += 1
        for t, v in left:
            fn += 1
            per_type[t][2] += 1
            misses.append((it["id"], t, v, text))

    def prf(a, b, c):
        p = a / (a + b) if a + b else 1.0
        r = a / (a + c) if a + c else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    n_gold = sum(len(it["claims"]) for it in items)
    return {
        "sentences": len(items),
        "claim_sentences": sum(1 for it in items if it["claims"]),
        "gold_claims": n_gold,
        "typed": prf(tp, fp, fn),
        "value_only": prf(tp_v, fp_v, n_gold - tp_v),
        "per_type": {t: prf(*v) + (v[0] + v[2],) for t, v in sorted(per_type.items())},
        "misses": misses,
        "false": false,
    }


def evaluate_real() -> dict | None:
    """Scores on the real annotated sentences, or None when ../shared is absent."""
    from textmine.corpus.annotated import claim_records, score_claims

    records = list(claim_records())
    return score_claims(records) if records else None


def speed(repeat: int) -> dict:
    files = sorted((ROOT / "corpus").glob("*.*"))
    seeds = ROOT.parent / "shared" / "seeds"
    files += sorted(seeds.glob("*.txt")) if seeds.exists() else []
    docs = []
    for f in files:
        if f.suffix not in (".txt", ".html"):
            continue
        raw, _ = read_path(f)
        n = normalize(raw.text)
        docs.append((n.text, segment(n.text)))
    extract_claims(*docs[0])  # load jieba and compile patterns outside the timing
    t0 = time.perf_counter()
    count = 0
    for _ in range(repeat):
        for text, secs in docs:
            count += len(extract_claims(text, secs))
    dt = time.perf_counter() - t0
    return {
        "reports": len(docs) * repeat,
        "seconds": dt,
        "reports_per_s": len(docs) * repeat / dt,
        "claims_per_s": count / dt,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--show", action="store_true", help="list misses and false claims")
    ap.add_argument("--min-precision", type=float, default=None)
    ap.add_argument("--min-recall", type=float, default=None)
    a = ap.parse_args()
    real = evaluate_real()
    short = False
    if real is None:
        print("real: ../shared not present, skipped")
    else:
        print(
            f"real annotations: {real['claim_bearing']} claim-bearing and {real['claim_free']} claim-free sentences "
            f"of real reports ({real['placed']} of {real['records']} placed in today's text)"
        )
        print(f"real typed       precision {real['precision']:.3f}  recall {real['recall']:.3f}")
        print(f"real value-only  precision {real['value_precision']:.3f}  recall {real['value_recall']:.3f}")
        print(f"real claims read from claim-free sentences: {real['claims_from_claim_free']}")
        print("| type | right | false | missed |\n|---|---|---|---|")
        for t, (tp, fp, fn) in sorted(real["per_type"].items(), key=lambda x: -sum(x[1])):
            print(f"| {t} | {tp} | {fp} | {fn} |")
        if a.show:
            for m in real["misses"]:
                print("REAL MISS", m)
            for m in real["false"]:
                print("REAL FALSE", m)
        short = (
            (a.min_precision is not None and real["precision"] < a.min_precision)
            or (a.min_recall is not None and real["recall"] < a.min_recall)
            or real["claims_from_claim_free"] > 0
        )
    ev = evaluate()
    print()
    p, r, f = ev["typed"]
    pv, rv, fv = ev["value_only"]
    print(
        f"synthetic annotations: {ev['sentences']} sentences ({ev['claim_sentences']} with claims, "
        f"{ev['gold_claims']} claims)"
    )
    print(f"synthetic typed       precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    print(f"synthetic value-only  precision {pv:.3f}  recall {rv:.3f}  F1 {fv:.3f}")
    print("| type | precision | recall | F1 | gold |\n|---|---|---|---|---|")
    for t, (tp, tr, tf, n) in ev["per_type"].items():
        print(f"| {t} | {tp:.2f} | {tr:.2f} | {tf:.2f} | {n} |")
    if a.show:
        for m in ev["misses"]:
            print("MISS", m)
        for m in ev["false"]:
            print("FALSE", m)
    s = speed(a.repeat)
    print(
        f"speed: {s['reports_per_s']:.0f} reports/s, {s['claims_per_s']:.0f} claims/s "
        f"({s['reports']} reports in {s['seconds']:.2f} s, one core)"
    )
    if short:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
