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
from typing import Any, Iterator, Optional, Sequence

from textmine.document import Document
from textmine.ingest import SUPPORTED_EXTENSIONS, read_path
from textmine.normalize import normalize
from textmine.pipeline import Pipeline
from textmine.standoff import locate
from textmine.statements.classify import example_of
from textmine.statements.features import Example
from textmine.statements.units import units_of

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
ANNOTATIONS = ROOT / "corpus" / "annotations"


def document_path(doc_id: str, shared: Path = SHARED, roots: Sequence[Path] = ()) -> Optional[Path]:
    """The annotated document's file: one whose stem is the id (r22 -> r22.txt), or the id
    without its `seed_` prefix (seed_000_3efa… -> 000_3efa….txt), in `roots` (folders or
    files), by default ../shared/realdev/files and ../shared/seeds."""
    roots = roots or (shared / "realdev" / "files", shared / "seeds")
    stems = {doc_id, doc_id[len("seed_") :] if doc_id.startswith("seed_") else doc_id}
    for root in roots:
        if root.is_file():
            if root.stem in stems:
                return root
            continue
        for f in sorted(root.rglob("*.*")) if root.is_dir() else []:
            if f.stem in stems and f.suffix.lower() in SUPPORTED_EXTENSIONS:
                return f
    return None


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
    pattern: str,
    shared: Path = SHARED,
    disable: tuple[str, ...] = ("statements", "checks"),
    records: Optional[list[dict[str, Any]]] = None,
    roots: Sequence[Path] = (),
) -> Iterator[AnnotatedDoc]:
    """Each annotated document, read by today's pipeline, with its records (in file order):
    the records of corpus/annotations/`pattern`, or `records`. Documents not found (in
    `roots`, by default ../shared) are passed over."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for rec in records if records is not None else read_records(pattern):
        by_doc.setdefault(rec["doc"], []).append(rec)
    nlp = Pipeline(disable=disable)
    for doc_id, recs in by_doc.items():
        path = document_path(doc_id, shared, roots)
        if path is None:
            continue
        raw, _ = read_path(path)
        doc = nlp.analyze_raw(raw, str(path))
        offsets = normalize(raw.text).offsets
        yield AnnotatedDoc(doc_id, doc, raw.text, offsets, recs)


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


# ---------------------------------------------------------------------------------------
# Statements

# Reports that are (nearly) the same text under two ids: one group each in grouped folds,
# so no report is tested on a copy of itself (the crawled series republishes its pages;
# r05 is the HTML of r22)
NEAR_DUPLICATES = (("r06", "r07", "r08", "r10"), ("r09", "r12"), ("r28", "r34"), ("r31", "r32"), ("r05", "r22"))


def report_group(doc_id: str) -> str:
    for group in NEAR_DUPLICATES:
        if doc_id in group:
            return group[0]
    return doc_id


# the annotation's labels as the classifier's: a heading that only names a part is `other`
# to the classifier (the unit says it is a heading)
STATEMENT_LABELS = {"problem": "problem", "improvement": "improvement", "other": "other", "heading": "other"}


def statement_examples(
    shared: Path = SHARED,
    pattern: str = "real_statements*.jsonl",
    records: Optional[list[dict[str, Any]]] = None,
    roots: Sequence[Path] = (),
) -> list[Example]:
    """The annotated statements of real reports as classifier examples: the span's text
    with the context today's pipeline gives it (section, sub-heading, heading, list item,
    part of section 五) — what the classifier sees at run time — the annotated label, and
    the report's group. Spans whose words are gone are left out."""
    out = []
    for ad in annotated_docs(pattern, shared, ("statements", "checks"), records, roots):
        units = units_of(ad.doc.text, ad.doc.sections, ad.doc.claims)
        for rec in ad.records:
            span = ad.place(rec, rec["text_sha1"])
            if span is None:
                continue
            s, e = span
            best = max(units, key=lambda u: min(e, u.end) - max(s, u.start), default=None)
            if best is not None and min(e, best.end) - max(s, best.start) > 0:
                ex = example_of(best)
            else:
                sec = next((x.key for x in ad.doc.sections if x.start <= s < x.end), None)
                ex = Example(text="", section=sec)
            ex.text = ad.doc.text[s:e]
            ex.label = STATEMENT_LABELS.get(rec["label"], rec["label"])
            ex.group = report_group(ad.doc_id)
            ex.source = rec.get("source") or "real"
            ex.gold = rec["label"]
            ex.start, ex.end = s, e
            out.append(ex)
    return out
