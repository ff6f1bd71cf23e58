"""On the real development reports (../shared/realdev, skipped when absent): textmine fails
exactly the checks that name the reports' real inconsistencies (corpus/annotations/
real_findings.json) — no false failure on any report, no named inconsistency missed — and
reads the real annotated claim sentences (corpus/annotations/real_claims.*.jsonl) at the
precision and recall the claims issue asks for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, SHARED

REALDEV = SHARED / "realdev" / "files"
FINDINGS = json.loads((ROOT / "corpus" / "annotations" / "real_findings.json").read_text(encoding="utf-8"))

needs_realdev = pytest.mark.skipif(not REALDEV.is_dir(), reason="../shared/realdev not present")


def _reports() -> list[Path]:
    return sorted(REALDEV.glob("r*.*")) if REALDEV.is_dir() else []


@pytest.fixture(scope="module")
def failing() -> dict[str, set[str]]:
    from textmine.pipeline import analyze_path

    return {p.stem: {c.id for c in analyze_path(p).checks if c.status == "fail"} for p in _reports()}


@needs_realdev
def test_every_failure_is_a_real_inconsistency_and_every_one_is_flagged(failing):
    documents = FINDINGS["documents"]
    false = {doc: sorted(got - set(documents.get(doc, {}).get("fail", {}))) for doc, got in failing.items()}
    missed = {doc: sorted(set(documents.get(doc, {}).get("fail", {})) - got) for doc, got in failing.items()}
    assert not any(false.values()), {d: f for d, f in false.items() if f}
    assert not any(missed.values()), {d: m for d, m in missed.items() if m}
    assert len(failing) == 35


@needs_realdev
def test_real_claims_precision_and_recall():
    from textmine.corpus.annotated import claim_records, score_claims

    score = score_claims(list(claim_records()))
    assert score["claim_bearing"] >= 400 and score["claim_free"] >= 150
    assert score["precision"] >= 0.98 and score["recall"] >= 0.95, (score["precision"], score["recall"])
    assert score["claims_from_claim_free"] == 0
