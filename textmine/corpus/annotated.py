"""Real reports annotated standoff: the documents found, read, and the annotations placed.

The project keeps no text of real reports. Annotations of them (corpus/annotations/
real_*.jsonl) hold a document id, a span and a fingerprint (`textmine.standoff`); this
module finds the document (../shared/realdev/files/rNN.*, ../shared/seeds/NNN_*.txt), reads
it with today's pipeline, and places each annotation in today's normalised text:

- annotated on textmine's normalised text (the usual case): found there by its
  fingerprint, wherever a later reader moved it (PDF lines reflowed, breaks inserted);
- annotated on the raw file (a format textmine could not read yet, e.g. r03.md): found in
  the raw text, then carried into the normalised text through its offset map.

An annotation whose words are gone (a reader that now drops them) is counted, not guessed.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

from textmine.document import Document
from textmine.ingest import read_path
from textmine.normalize import normalize
from textmine.pipeline import Pipeline
from textmine.standoff import locate

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
ANNOTATIONS = ROOT / "corpus" / "annotations"


def document_path(doc_id: str, shared: Path = SHARED) -> Optional[Path]:
    """r22 -> realdev/files/r22.txt; seed_000_3efa… -> seeds/000_3efa….txt."""
    if doc_id.startswith("seed_"):
        p = shared / "seeds" / (doc_id[len("seed_") :] + ".txt")
        return p if p.exists() else None
    found = sorted((shared / "realdev" / "files").glob(f"{doc_id}.*"))
    return found[0] if found else None


@dataclass
class AnnotatedDoc:
    doc_id: str
    doc: Document
    raw_text: str
    offsets: list[int]  # normalised index -> raw index
    records: list[dict[str, Any]] = field(default_factory=list)

    def place(self, span: dict[str, Any], frame_sha: str) -> Optional[tuple[int, int]]:
        """Where `span` (a fingerprint record annotated on the text hashed `frame_sha`) is
        in today's normalised text, or None when its words are gone."""
        if frame_sha == _sha(self.raw_text) and frame_sha != _sha(self.doc.text):
            hit = locate(self.raw_text, span)
            if hit is None:
                return None
            start = bisect.bisect_left(self.offsets, hit[0])
            end = bisect.bisect_left(self.offsets, hit[1])
            return (start, end) if end > start else None
        return locate(self.doc.text, span)


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def read_records(pattern: str, annotations: Path = ANNOTATIONS) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for f in sorted(annotations.glob(pattern)):
        out.extend(json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip())
    return out


def annotated_docs(
    pattern: str, shared: Path = SHARED, disable: tuple[str, ...] = ("statements", "checks")
) -> Iterator[AnnotatedDoc]:
    """Each annotated document, read by today's pipeline, with its records (in file order).
    Documents absent from ../shared are passed over."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for rec in read_records(pattern):
        by_doc.setdefault(rec["doc"], []).append(rec)
    nlp = Pipeline(disable=disable)
    for doc_id, records in by_doc.items():
        path = document_path(doc_id, shared)
        if path is None:
            continue
        raw, _ = read_path(path)
        doc = nlp.analyze_raw(raw, str(path))
        offsets = normalize(raw.text).offsets
        yield AnnotatedDoc(doc_id, doc, raw.text, offsets, records)


# claims the annotations do not cover: whole lists of section 五 and 均获维持 statements
UNSCORED_TYPES = ("issues_listed", "improvements_listed", "cases_all_upheld")


@dataclass
class ClaimRecord:
    """One annotated sentence of a real report: its gold claims (type, value) and what the
    extractor read inside its span today (None: the span could not be placed)."""

    id: str
    doc_id: str
    gold: list[tuple[str, float]]
    predicted: Optional[list[tuple[str, float]]]
    span: Optional[tuple[int, int]]


def claim_records(shared: Path = SHARED, pattern: str = "real_claims*.jsonl") -> Iterator[ClaimRecord]:
    for ad in annotated_docs(pattern, shared):
        for rec in ad.records:
            gold = [(c["type"], float(c["value"])) for c in rec["claims"] if c.get("value") is not None]
            span = ad.place(rec, rec["text_sha1"])
            predicted = None
            if span is not None:
                s, e = span
                predicted = [
                    (c.type, float(c.value))
                    for c in ad.doc.claims
                    if s <= c.start < e and c.value is not None and c.type not in UNSCORED_TYPES
                ]
            yield ClaimRecord(rec["id"], ad.doc_id, gold, predicted, span)


def score_claims(records: list[ClaimRecord]) -> dict[str, Any]:
    """Typed and value-only precision/recall over placed records; claims read from
    claim-free sentences; per type; the misses and false claims for reading."""
    tp = fp = fn = tp_v = fp_v = 0
    per_type: dict[str, list[int]] = {}
    misses, false, from_free = [], [], 0
    placed = [r for r in records if r.predicted is not None]
    for r in placed:
        assert r.predicted is not None
        left = list(r.gold)
        left_v = [v for _, v in r.gold]
        for t, v in r.predicted:
            row = per_type.setdefault(t, [0, 0, 0])
            if (t, v) in left:
                left.remove((t, v))
                tp += 1
                row[0] += 1
            else:
                fp += 1
                row[1] += 1
                false.append((r.id, t, v))
            if v in left_v:
                left_v.remove(v)
                tp_v += 1
            else:
                fp_v += 1
        for t, v in left:
            fn += 1
            per_type.setdefault(t, [0, 0, 0])[2] += 1
            misses.append((r.id, t, v))
        if not r.gold:
            from_free += len(r.predicted)

    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    return {
        "records": len(records),
        "placed": len(placed),
        "claim_bearing": sum(1 for r in placed if r.gold),
        "claim_free": sum(1 for r in placed if not r.gold),
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, tp + fn),
        "value_precision": ratio(tp_v, tp_v + fp_v),
        "value_recall": ratio(tp_v, tp + fn),
        "claims_from_claim_free": from_free,
        "per_type": per_type,
        "misses": misses,
        "false": false,
    }


__all__ = ["annotated_docs", "document_path", "read_records", "AnnotatedDoc", "claim_records", "score_claims"]
