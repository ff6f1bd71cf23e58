"""Metadata: title, agency, year, publication date, template, script."""

from __future__ import annotations

import pytest

from textmine.document import RawDocument
from textmine.metadata import extract_meta, find_published
from textmine.normalize import normalize
from textmine.pipeline import analyze_raw
from textmine.sections import segment
from textmine.tables import detect_template

from conftest import SEEDS, needs_shared


def meta_of(text: str):
    n = normalize(text)
    return extract_meta(n.text, segment(n.text), n.script)


@needs_shared
def test_seed_meta_matches_gold(gold_docs):
    for g in gold_docs:
        doc = analyze_raw(RawDocument((SEEDS / g["file"]).read_text(encoding="utf-8"), "txt"), g["file"])
        gm = g["meta"]
        assert doc.meta.year == gm["year"], g["file"]
        assert doc.meta.template == gm["template"], g["file"]
        assert doc.meta.script == gm["script"], g["file"]
        assert doc.meta.published == gm["published"], g["file"]
        assert gm["agency_contains"] in (doc.meta.agency or ""), g["file"]


def test_title_line_gives_agency_and_year():
    m = meta_of("东湖区审计局2022年政府信息公开工作年度报告\n一、总体情况\n本局2022年公开信息45条。\n")
    assert m.title == "东湖区审计局2022年政府信息公开工作年度报告"
    assert m.agency == "东湖区审计局" and m.year == 2022


def test_a_crawlers_title_label_is_not_part_of_the_title():
    head = "标题: 东湖区审计局2022年政府信息公开工作年度报告\n发布时间: 2023-01-20\n"
    m = meta_of(head + "一、总体情况\n本局公开信息45条。\n")
    assert m.title == "东湖区审计局2022年政府信息公开工作年度报告"
    assert m.agency == "东湖区审计局" and m.year == 2022


def test_title_inside_opening_sentence_skips_quoted_document_titles():
    m = meta_of(
        "根据《市政府办公室关于做好2021年政府信息公开工作年度报告编制工作的通知》要求,"
        "现向社会公布青石镇人民政府2021年政府信息公开工作年度报告。\n一、总体情况\n正文。"
    )
    assert m.agency == "青石镇人民政府" and m.year == 2021


def test_agency_from_overview_when_no_title():
    m = meta_of("一、总体情况\n2022年,滨江新区管理服务中心政务信息公开工作在区委指导下开展。\n")
    assert m.agency == "滨江新区管理服务中心" and m.year == 2022 and m.title is None


def test_signature_names_the_body_more_precisely():
    m = meta_of("教育局2021年政府信息公开工作年度报告\n一、总体情况\n正文。\n\n      平川市教育局\n   2022年1月20日\n")
    assert m.agency == "平川市教育局"
    assert m.published == "2022-01-20"


def test_bare_level_agency_is_qualified_from_text():
    m = meta_of(
        "2021年县林业服务中心政府信息公开工作年度报告\n一、总体情况\n"
        "今年,松阳县林业服务中心按照松阳县政府要求,在松阳县政务网公开信息。\n"
    )
    assert m.agency == "松阳县林业服务中心"


@pytest.mark.parametrize(
    "text,date",
    [
        ("来源:某局\n发布日期:2021-01-19\n一、总体情况\n正文。", "2021-01-19"),
        ("标题\n发布时间:2022年2月8日 10:00\n正文。", "2022-02-08"),
        ("正文。\n某某局\n2021年1月12日", "2021-01-12"),
        ("正文。\n联系电话:0818-1234567 2020年1月12日", "2020-01-12"),
        ("正文。\n某某局\n二〇二一年一月十五日", "2021-01-15"),
        # the statistics period is not a publication date
        ("本报告中所列数据统计期限自2020年1月1日起,至2020年12月31日止。\n正文。", None),
        ("正文。\n统计期限截至2021年12月31日", None),
        ("正文。\n某某局\n2021年2月30日", None),
    ],
)
def test_published_date(text, date):
    assert find_published(normalize(text).text) == date


def test_template_from_headers_not_year():
    t2021 = "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n行政许可 | 本年处理决定数量"
    t2019 = "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量\n政府集中采购 | 采购项目数量"
    assert detect_template(t2021) == "2021"
    assert detect_template(t2019) == "2019"
    assert detect_template("没有表格的正文") is None
    # a 2023 report still using the old header is 2019-template
    doc = analyze_raw(
        RawDocument(
            "某街道办事处2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n"
            "二、主动公开政府信息情况\n" + t2019 + "\n三、收到和处理政府信息公开申请情况\n表。\n",
            "txt",
        )
    )
    assert doc.meta.year == 2023 and doc.meta.template == "2019"
