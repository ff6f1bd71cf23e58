"""Property-based fuzzing of every stage: whatever the input, a result or a structured
error, never an uncaught exception; values stay finite and spans stay inside the text.

A small budget runs in CI (TEXTMINE_FUZZ_EXAMPLES, default 25 per property);
`python benchmarks/fuzz.py` runs the 100,000-case version with a hang watchdog.
"""

from __future__ import annotations

import json
import math
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textmine.checks import run_checks
from textmine.checks.rules import REGISTRY
from textmine.claims import extract_claims
from textmine.document import Cell, Claim, Document, Meta, Section, Table
from textmine.normalize import normalize
from textmine.numerals import MAX_VALUE
from textmine.pipeline import analyze_bytes
from textmine.sections import segment
from textmine.site.page import document_page
from textmine.statements import classify_statements
from textmine.synth.hostile import hostile_case
from textmine.tables import parse_tables
from textmine.tables.tokens import MAX_CELL_VALUE

EXAMPLES = int(os.environ.get("TEXTMINE_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

# text that looks like these reports: headings, table labels, numbers of every kind, odd characters
PIECES = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、行政复议",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "本年新收政府信息公开申请数量",
    "予以公开",
    "结转下年度继续办理",
    "总计",
    "其中",
    "共",
    "约",
    "余",
    "件",
    "条",
    "人",
    "万元",
    "一是",
    "二是",
    "|",
    " | ",
    "||",
    "\n",
    "\n\n",
    "。",
    ",",
    "、",
    "(一)",
    "1.",
    "0",
    "7",
    "12",
    "1,234",
    "3.5万",
    "一百二十",
    "两",
    "十几",
    "9" * 40,
    "1e308",
    "-3",
    "〔2020〕51号",
    "2021年",
    "\u3000",
    "\xa0",
    "\u200b",
    "\x00",
    "<script>alert(1)</script>",
    "公開(kāi)",
    "政府資訊",
    "𠀀",
    "🙂",
]
report_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=120).map("".join)
SUFFIXES = [".txt", ".html", ".htm", ".pdf", ".docx"]


def _serialisable(doc: Document) -> None:
    json.dumps(doc.to_dict(with_text=True), ensure_ascii=False, allow_nan=False).encode("utf-8")


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_format_give_a_result_or_an_error(data, suffix):
    doc = analyze_bytes(data, "fuzz" + suffix)
    assert doc.errors or doc.text is not None
    _serialisable(doc)


@FUZZ
@given(report_like, st.sampled_from(["utf-8", "gb18030", "utf-16", "big5"]), st.sampled_from([".txt", ".html"]))
def test_report_like_text_in_any_encoding(text, encoding, suffix):
    data = text.encode(encoding, "replace")
    if suffix == ".html":
        data = b"<html><body><p>" + data + b"</p></body></html>"
    doc = analyze_bytes(data, "fuzz" + suffix)
    _serialisable(doc)
    for c in doc.claims:
        assert 0 <= c.start <= c.end <= len(doc.text)
        assert c.value is None or (math.isfinite(c.value) and abs(c.value) <= MAX_VALUE)
    for t in doc.tables.values():
        for cell in t.cells:
            assert cell.value is None or (math.isfinite(cell.value) and abs(cell.value) <= MAX_CELL_VALUE)


@FUZZ
@given(st.integers(0, 2**16), st.integers(0, 10**6))
def test_hostile_variants_of_reports(seed, index):
    """Truncated, shuffled, huge numbers, extra/missing columns, mixed scripts, payloads,
    flipped bytes, wrong formats (textmine.synth.hostile)."""
    name, data, _ = hostile_case(seed, index)
    doc = analyze_bytes(data, name)
    _serialisable(doc)


@FUZZ
@given(st.text(max_size=3000))
def test_normalisation_offsets_point_into_the_source(text):
    norm = normalize(text)
    assert len(norm.offsets) == len(norm.text)
    assert all(0 <= o <= len(text) for o in norm.offsets)
    assert list(norm.offsets) == sorted(norm.offsets)


@FUZZ
@given(report_like)
def test_sections_claims_statements_on_any_text(text):
    text = normalize(text).text
    sections = segment(text)
    for s in sections:
        assert 0 <= s.start <= s.end <= len(text)
    claims = extract_claims(text, sections)
    for c in claims:
        assert 0 <= c.start <= c.end <= len(text)
    for st_ in classify_statements(text, sections):
        assert st_.label in ("problem", "improvement", "other") and 0.0 <= st_.score <= 1.0
        assert 0 <= st_.start <= st_.end <= len(text)


row_values = st.lists(
    st.one_of(st.integers(0, 10**30), st.just(""), st.sampled_from(["-", "约5", "1,234", "12.5"])),
    min_size=0,
    max_size=14,
)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "本年新收政府信息公开申请数量",
                    "上年结转政府信息公开申请数量",
                    "(一)予以公开",
                    "(二)部分公开",
                    "(七)总计",
                    "结转下年度继续办理",
                    "规章",
                    "行政许可",
                    "行政复议",
                    "",
                ]
            ),
            row_values,
        ),
        max_size=25,
    ),
    st.sampled_from([" | ", " ", "\n"]),
)
def test_tables_with_extra_or_missing_columns_and_huge_numbers(rows, sep):
    body = "\n".join(label + sep + sep.join(map(str, values)) for label, values in rows)
    text = (
        "二、主动公开政府信息情况\n"
        + body
        + "\n三、收到和处理政府信息公开申请情况\n"
        + body
        + "\n四、政府信息公开行政复议、行政诉讼情况\n"
        + body
        + "\n五、存在的主要问题及改进情况\n无。\n"
    )
    tables = parse_tables(text, segment(text))
    for t in tables.values():
        for cell in t.cells:
            assert cell.status in ("ok", "ambiguous", "missing")
            assert cell.value is None or (math.isfinite(cell.value) and abs(cell.value) <= MAX_CELL_VALUE)


cell_strategy = st.builds(
    Cell,
    row=st.sampled_from(
        [
            "new",
            "carried_over",
            "granted",
            "total_processed",
            "carried_forward",
            "review",
            "suit_direct",
            "suit_after_review",
            "zz",
        ]
    ),
    col=st.sampled_from(["natural_person", "commercial", "total", "upheld", "corrected", "pending", "zz"]),
    value=st.one_of(st.none(), st.integers(0, 10**6), st.floats(0, 1e6)),
    status=st.sampled_from(["ok", "ambiguous", "missing"]),
    approx=st.booleans(),
    candidates=st.one_of(
        st.none(), st.lists(st.lists(st.one_of(st.none(), st.integers(0, 99)), max_size=3), max_size=4)
    ),
    provenance=st.sampled_from(["", "inferred", "pipe"]),
)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["applications", "review_litigation", "active_disclosure"]),
        st.lists(cell_strategy, max_size=40),
        max_size=3,
    ),
    st.lists(
        st.builds(
            Claim,
            type=st.sampled_from(
                [
                    "applications_received",
                    "applications_granted",
                    "review_cases",
                    "litigation_cases",
                    "published_items",
                    "other_count",
                    "issues_listed",
                    "stated_count",
                ]
            ),
            value=st.one_of(st.none(), st.floats(0, 1e9), st.integers(0, 10**6)),
            text=st.text(max_size=20),
            start=st.integers(0, 50),
            end=st.integers(0, 60),
            approx=st.booleans(),
        ),
        max_size=10,
    ),
)
def test_checks_on_arbitrary_cells_and_claims(tables, claims):
    doc = Document("x", "x.txt", None, Meta(outline="2019"), text="某" * 60)
    doc.tables = {k: Table(k, "2021", cells) for k, cells in tables.items()}
    doc.claims = claims
    doc.sections = [Section("overview", "一", "", 0, 60)]
    for finding in run_checks(doc):
        assert finding.status in ("pass", "fail", "uncertain", "not_assessable")
        assert any(finding.id.startswith(r.id.split("{")[0].rstrip(".")) for r in REGISTRY)
    _serialisable(doc)


@FUZZ
@given(st.text(max_size=300), st.text(max_size=60))
def test_report_pages_escape_whatever_the_report_says(text, title):
    payload = "<b id=evil>x</b> 1 < 2 > 0 <img src=x onerror=alert(1)"
    doc = analyze_bytes((title + payload + "\n" + text + payload).encode("utf-8", "surrogatepass"), "p.txt")
    page = document_page(doc.to_dict(), doc.text, css="")
    assert "<b id=evil>" not in page and "<img" not in page
    if "<" in doc.text:  # what normalisation kept of the markup is shown as text
        assert "&lt;" in page
