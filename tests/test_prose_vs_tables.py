"""Prose against tables, end to end: the claims stage reads the sentence, relates its
claims, and the checks compare them with the tables (the check rules alone are tested
with hand-built claims in test_checks.py)."""

import pytest

from textmine.checks import run_checks
from textmine.claims import extract_claims
from textmine.document import Document, Section

from test_checks import _t3_outcomes, doc_with, statuses, table


def doc_from_text(text: str, key: str = "overview") -> Document:
    d = doc_with(text=text)
    d.sections = [Section(key, "一", "", 0, len(text), 0)]
    d.claims = extract_claims(text, d.sections)
    return d


def test_findings_carry_evidence_spans():
    d = doc_from_text("全年主动公开信息120余条。另据统计,全年共主动公开政府信息150条。")
    f = next(c for c in run_checks(d) if c.id == "n2n.published_items")
    spans = [(e["start"], e["end"]) for e in f.evidence]
    assert [d.text[s:e] for s, e in spans] == ["120余条", "150条"]
    assert f.left == [120, 129] and f.right == 150


def test_outcomes_in_prose_vs_table_rows():
    text = "全年共受理信息公开申请5件,其中予以公开3件,部分公开1件,本机关不掌握相关政府信息1件。"
    d = doc_from_text(text)
    d.tables = {"applications": table("applications", _t3_outcomes(3, 1, 1))}
    st = statuses(d)
    assert st["n2t.outcome.partial"] == "pass" and st["n2t.outcome.unable"] == "pass"
    d.tables = {"applications": table("applications", _t3_outcomes(2, 2, 1))}
    assert statuses(d)["n2t.outcome.partial"] == "fail"
    # ambiguous between 1 and 11: the claim of 1 is open
    d.tables = {"applications": table("applications", _t3_outcomes(3, 1, 1), {"partial.total": "ambiguous"})}
    assert statuses(d)["n2t.outcome.partial"] == "uncertain"
    d.tables = {}
    assert statuses(d)["n2t.outcome.partial"] == "not_assessable"


def test_all_upheld_vs_table_four():
    d = doc_from_text("本年度被申请行政复议2件,均获维持。")
    good = {"review": {"upheld": 2, "corrected": 0, "other": 0, "pending": 0, "total": 2}}
    d.tables = {"review_litigation": table("review_litigation", good)}
    assert statuses(d)["n2t.all_upheld.review"] == "pass"
    bad = {"review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}}
    d.tables = {"review_litigation": table("review_litigation", bad)}
    assert statuses(d)["n2t.all_upheld.review"] == "fail"
    d.tables = {"review_litigation": table("review_litigation", good, {"review.pending": "ambiguous"})}
    assert statuses(d)["n2t.all_upheld.review"] == "uncertain"
    d.tables = {}
    assert statuses(d)["n2t.all_upheld.review"] == "not_assessable"


@pytest.mark.parametrize(
    "text",
    [
        "全年共受理申请12件,已全部办结,其中当面申请3件,网络申请9件。",
        "本年度共收到政府信息公开申请12件。其中,自然人申请10件,法人或其他组织申请2件。",
        "本年度未发生因政府信息公开申请提起的行政复议。全年共收到政府信息公开申请12件。",
    ],
)
def test_parts_and_causes_of_applications_are_not_received_counts(text):
    """Only the whole (12) speaks of the applications received: the parts listed after
    其中 (in the sentence or opening the next) and an application that caused a review
    (未发生因…申请提起的行政复议) are no statement of it, so the table's 12 agrees."""
    doc = doc_from_text(text, "applications")
    doc.tables = {"applications": table("applications", {"new": {"total": 12}})}
    assert statuses(doc)["n2t.applications_received"] == "pass"


@pytest.mark.parametrize(
    "text,status",
    [
        ("全年共收到政府信息公开申请15件(含上年结转2件)。", "pass"),  # 15 - 2 = 13 new, as the table
        ("全年共受理政府信息公开申请15件,其中上年结转2件。", "pass"),
        ("全年共收到政府信息公开申请17件(含上年结转2件)。", "fail"),  # 15 new against 13
        ("全年共收到政府信息公开申请15件。", "uncertain"),  # = new + carried over: maybe counted in
        ("全年共收到政府信息公开申请20件。", "fail"),
    ],
)
def test_applications_received_with_carried_over_counted_in(text, status):
    """Reports often count last year's carried-over applications into the year's
    'received' (SPEC survey: 1261 including 74 carried over). Said so, the rest is
    compared with the new ones; unsaid but matching new + carried over, it is open."""
    doc = doc_from_text(text, "applications")
    doc.tables = {"applications": table("applications", {"new": {"total": 13}, "carried_over": {"total": 2}})}
    assert statuses(doc)["n2t.applications_received"] == status
