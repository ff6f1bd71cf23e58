"""Section segmentation on the seeds, on heading-variant fixtures, and on traps."""

from __future__ import annotations

import json

import pytest

from textmine.normalize import normalize
from textmine.numerals import ordinal
from textmine.sections import classify_title, outline_of, segment

from conftest import FIXTURES, SEEDS, needs_shared

SECTION_FIXTURES = FIXTURES / "sections"


def keys_of(text: str) -> list[str]:
    return [s.key for s in segment(normalize(text).text) if s.key != "preamble"]


@needs_shared
def test_seed_sections_match_gold(gold_docs):
    for g in gold_docs:
        text = normalize((SEEDS / g["file"]).read_text(encoding="utf-8")).text
        secs = segment(text)
        assert [s.key for s in secs if s.key != "preamble"] == g["sections"], g["file"]
        # sections tile the text from the first heading to the end, in order
        for a, b in zip(secs, secs[1:]):
            assert a.end == b.start
        assert secs[-1].end == len(text)


def _fixture_cases():
    expected = SECTION_FIXTURES / "expected.json"
    if not expected.exists():
        return []
    return sorted(json.loads(expected.read_text(encoding="utf-8")).items())


@pytest.mark.parametrize("name,keys", _fixture_cases() or [pytest.param("none", [], marks=pytest.mark.skip)])
def test_heading_variant_fixtures(name, keys):
    text = (SECTION_FIXTURES / name).read_text(encoding="utf-8")
    assert keys_of(text) == keys


def test_table3_row_labels_are_not_headings():
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 | 3 | 0 | 3\n"
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0\n"
        "四、结转下年度继续办理 | 0 | 0 | 0\n"
        "四、政府信息公开行政复议、行政诉讼情况\n表略。\n"
        "五、存在的主要问题及改进情况\n人员不足。\n"
    )
    assert keys_of(text) == ["applications", "review_litigation", "problems_improvements"]


def test_one_cell_per_line_row_labels_are_not_headings():
    text = (
        "三、收到和处理政府信息公开申请情况\n\n一、本年新收政府信息公开申请数量\n\n5\n\n0\n\n"
        "四、结转下年度继续办理\n\n0\n\n四、政府信息公开行政复议、行政诉讼情况\n\n0\n"
    )
    assert keys_of(text) == ["applications", "review_litigation"]


def test_intro_listing_all_titles_is_not_segmented():
    text = (
        "本报告全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。\n"
        "一、总体情况\n今年公开信息40条。\n二、主动公开政府信息情况\n见下表。\n"
    )
    secs = segment(normalize(text).text)
    assert [s.key for s in secs] == ["preamble", "overview", "active_disclosure"]


def test_heading_with_text_on_same_line():
    text = "一、总体情况。2021年，本局公开信息88条。\n二、主动公开政府信息情况\n表。\n"
    secs = segment(normalize(text).text)
    assert secs[0].key == "overview" and secs[0].title == "总体情况"


def test_spam_replaced_heading_falls_back_to_outline_position():
    text = (
        "一、总体情况\n正文。\n二、主动公开政府信息情况\n正文。\n三、收到和处理政府信息公开申请情况\n正文。\n"
        "四、某某娱乐城官网情况\n正文。\n五、存在的主要问题及改进情况\n正文。\n"
    )
    assert keys_of(text) == [
        "overview",
        "active_disclosure",
        "applications",
        "review_litigation",
        "problems_improvements",
    ]


def test_subsection_with_section_title_wording_is_not_a_section():
    text = (
        "一、总体情况\n(一)主动公开政府信息情况\n公开30条。\n(二)依申请公开情况\n无。\n"
        "二、主动公开政府信息情况\n见表。\n"
    )
    assert keys_of(text) == ["overview", "active_disclosure"]


def test_legacy_outline_is_recognised():
    text = (
        "一、概述\n正文。\n二、主动公开政府信息情况\n正文。\n三、依申请公开政府信息情况\n正文。\n"
        "四、政府信息公开的收费及减免情况\n未收费。\n五、因政府信息公开申请提起行政复议、行政诉讼的情况\n无。\n"
        "六、政府信息公开工作存在的主要问题和改进措施\n正文。\n"
    )
    secs = segment(normalize(text).text)
    assert [s.key for s in secs] == [
        "overview",
        "active_disclosure",
        "applications",
        "fees",
        "review_litigation",
        "problems_improvements",
    ]
    assert outline_of(secs) == "legacy"


def test_not_a_report_has_no_sections():
    assert segment("今天天气很好,我们去公园散步,看见了很多花。\n晚上回家吃饭。") == []


@pytest.mark.parametrize("s,v", [("一", 1), ("十", 10), ("十二", 12), ("二十一", 21), ("七", 7), ("x", None)])
def test_ordinal(s, v):
    assert ordinal(s) == v


@pytest.mark.parametrize(
    "title,key",
    [
        ("总体情况", "overview"),
        ("概述", "overview"),
        ("信息主动公开情况", "active_disclosure"),
        ("依申请公开政府信息情况", "applications"),
        ("复议、诉讼情况", "review_litigation"),
        ("因政府信息公开工作被申请行政复议、提起行政诉讼情况", "review_litigation"),
        ("存在问题及工作打算", "problems_improvements"),
        ("其它需要报告事项", "other_matters"),
        ("其他需要汇报事项", "other_matters"),
        ("政府信息公开的收费及减免情况", "fees"),
        ("贯彻落实2020年政务公开重点工作安排情况", None),
    ],
)
def test_classify_title(title, key):
    assert classify_title(title) == key
