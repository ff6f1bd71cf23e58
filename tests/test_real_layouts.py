"""Layouts real reports arrive in besides clean files (issue 17), in fixtures of our own
wording modelled on them: a crawled portal page with its body on one line and table cells
fused, a converter's markdown, an outline with the narrative first and the tables under
restarted numbering, HTML value cells spanning columns, blank and nonsense tables, a row
with a count too many, wrapped and placeholder titles, and a legacy outline flattened."""

from __future__ import annotations

import random

import pytest

from textmine.agency import identify
from textmine.document import RawDocument
from textmine.pipeline import analyze_bytes, analyze_raw
from textmine.synth.model import draw_tables
from textmine.synth.render import t3_row_cells, t3_values, t4_values

CRAWLER_HEAD = (
    "标题: 青山县人民政府2022年度政府信息公开工作年度报告\n发布时间: 2023-01-20 10:02\n发布机构: 青山县人民政府办公室\n"
    "==================== 正文 ====================\n"
)
OVERVIEW = (
    "2022年,我县坚持以公开促落实、以公开优服务,全年主动公开政府信息1688条。(一)主动公开方面。围绕重点领域"
    "推进信息公开,公开财政预决算信息96条。(二)依申请公开方面。本年度共收到申请{received}件,均在法定期限内办结。"
)
PROBLEMS = "(一)存在的主要问题:政策解读的形式不够丰富。(二)改进措施:一是丰富解读形式;二是加强培训。"


def crawled_page(seed: int = 3, t2_tail: str = "") -> tuple[str, dict]:
    """A 2021-template report as a crawler keeps it: a header block, then the page body on
    one line, headings run into the text, table cells fused without separators; `t2_tail`
    ends table 2 (the next heading runs into it)."""
    t = draw_tables(random.Random(seed), "2021", "county")
    parts = [
        "当前位置: 首页 政务公开 年度报告 来源:青山县人民政府 根据《条例》要求编制本报告,"
        "本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
        "一、总体情况" + OVERVIEW.format(received=t.t3["new.total"]),
        "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000"
        "行政规范性文件3112第二十条第（五）项信息内容本年处理决定数量行政许可1266" + t2_tail,
        "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        "申请人情况自然人法人或其他组织总计 商业企业科研机构社会公益组织法律服务机构其他",
    ]
    for labels, key in t3_row_cells(t):
        parts.append("".join(labels) + "".join(str(v) for v in t3_values(t, key)))
    parts.append(
        " 四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉"
        "复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
        + "".join(str(v) for v in t4_values(t))
    )
    parts.append("五、存在的主要问题及改进情况" + PROBLEMS)
    parts.append("六、其他需要报告的事项2022年,未收取信息处理费。 附件下载")
    values = {f"applications.{k}": v for k, v in t.t3.items()}
    values.update({f"review_litigation.{k}": v for k, v in t.t4.items()})
    return CRAWLER_HEAD + "".join(parts) + "\n", values


@pytest.mark.parametrize("seed", [3, 8, 21])
def test_crawled_one_line_page_gives_its_sections_and_tables(seed):
    text, truth = crawled_page(seed)
    doc = analyze_raw(RawDocument(text, "txt"), "page.txt")
    assert [s.key for s in doc.sections] == [
        "preamble",
        "overview",
        "active_disclosure",
        "applications",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    ]
    assert doc.meta.outline == "2019" and doc.meta.template == "2021"
    got = {f"{k}.{c.key}": c.value for k, t in doc.tables.items() for c in t.cells if c.status == "ok"}
    wrong = {k: (got.get(k), v) for k, v in truth.items() if got.get(k) != v}
    assert not wrong, wrong
    statuses = {c.id: c.status for c in doc.checks}
    assert statuses["doc.sections"] == "pass"
    assert not [k for k, v in statuses.items() if v == "fail" and k.startswith(("t3.", "t4."))]
    assert statuses["n2t.applications_received"] == "pass"


def test_crawled_heading_run_into_an_amount_in_yuan_starts_its_section():
    # table 2 ending in an amount with its unit (…采购总金额 政府集中采购 3 2895.90元) runs into
    # 三、收到和处理…: the heading was missed and table 3's row label 三、本年度办理结果 taken for
    # it, losing the rows above it (new, carried over)
    tail = "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购32895.90元"
    text, truth = crawled_page(5, t2_tail=tail)
    doc = analyze_raw(RawDocument(text, "txt"), "page.txt")
    start = next(s.start for s in doc.sections if s.key == "applications")
    assert doc.text[start:].startswith("三、收到和处理政府信息公开申请情况")
    table = doc.tables["applications"]
    for key in ("new.total", "new.natural_person", "carried_over.total"):
        cell = table.cell(key)
        assert cell is not None and cell.status == "ok"
        assert cell.value == truth[f"applications.{key}"]


def test_markdown_from_a_converter_is_read():
    md = (
        "# 青山县水利局2023年政府信息公开工作年度报告\n\n## 一、总体情况\n\n全年主动公开政府信息**120**条。\n\n"
        "## 二、主动公开政府信息情况\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
        "| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 2 | 1 | 9 |\n\n## 三、收到和处理政府信息公开申请情况\n\n"
        "全年收到申请3件。\n\n## 四、政府信息公开行政复议、行政诉讼情况\n\n无。\n\n## 五、存在的主要问题及改进情况\n\n"
        "公开形式单一。\n\n## 六、其他需要报告的事项\n\n无。\n"
    )
    doc = analyze_bytes(md.encode(), "report.md")
    assert not doc.errors and doc.meta.format == "md"
    assert doc.meta.title == "青山县水利局2023年政府信息公开工作年度报告"
    assert [s.key for s in doc.sections][1:] == [
        "overview",
        "active_disclosure",
        "applications",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    ]
    t2 = {c.key: c.value for c in doc.tables["active_disclosure"].cells if c.status == "ok"}
    assert t2["art20_1.normative_documents.in_force"] == 9
    assert ("published_items", 120) in {(c.type, c.value) for c in doc.claims}


def test_narrative_first_and_tables_under_restarted_numbering():
    """一…五 of the report's own narrative, then 一、主动公开… 二、收到和处理… with the tables:
    sections go by their words, and each table is found under its own."""
    text = (
        "青山县科技局2023年政府信息公开工作年度报告\n一、总体情况\n本局持续推进政务公开。\n二、工作机制保障\n"
        "设立政务公开协调小组。\n三、主动公开工作情况\n全年发布政府信息88条。\n四、政府信息公开申请情况\n"
        "全年收到申请5件。\n五、政府信息管理\n及时更新公开指南。\n一、主动公开政府信息情况\n"
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 | 0 | 0 | 0\n行政规范性文件 | 4 | 0 | 20\n"
        "二、收到和处理政府信息公开申请情况\n"
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况\n"
        "一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5\n"
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n"
        "三、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼\n"
        "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n五、其他需要报告的事项\n无。\n"
    )
    doc = analyze_raw(RawDocument(text, "txt"))
    by_key = {s.key: s.title for s in doc.sections}
    assert by_key["active_disclosure"] == "主动公开政府信息情况"
    assert by_key["applications"] == "收到和处理政府信息公开申请情况"
    assert by_key["review_litigation"].startswith("政府信息公开行政复议")
    assert doc.tables["active_disclosure"].cell("art20_1.normative_documents.in_force").value == 20
    assert doc.tables["applications"].cell("new.total").value == 5


def test_html_value_cell_spanning_two_columns_is_one_value():
    html = (
        "<html><body><p>某县2023年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p><table>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td colspan=2>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>4</td><td colspan=2>4</td><td>87</td></tr>"
        "<tr><td>行政规范性文件</td><td>1</td><td colspan=2>0</td><td>12</td></tr>"
        "</table><p>三、收到和处理政府信息公开申请情况</p><p>无。</p></body></html>"
    )
    doc = analyze_bytes(html.encode(), "page.html")
    t2 = {c.key: c.value for c in doc.tables["active_disclosure"].cells if c.status == "ok"}
    assert (t2["art20_1.regulations.made"], t2["art20_1.regulations.repealed"], t2["art20_1.regulations.in_force"]) == (
        4,
        4,
        87,
    )


def _report_with_table3(rows: list[str], prose: str = "全年收到申请9件。") -> str:
    return (
        "某县2023年政府信息公开工作年度报告\n一、总体情况\n" + prose + "\n三、收到和处理政府信息公开申请情况\n"
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况\n"
        + "\n".join(rows)
        + "\n四、政府信息公开行政复议、行政诉讼情况\n无。\n"
    )


T3_LABELS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果 | (一)予以公开",
    "(二)部分公开",
    "(三)不予公开 | 1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "(四)无法提供 | 1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "(五)不予处理 | 1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "(六)其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "(七)总计",
    "四、结转下年度继续办理",
]


def test_blank_table_is_blank_and_checks_against_it_uncertain():
    doc = analyze_raw(RawDocument(_report_with_table3([f"{label} | | | | | | |" for label in T3_LABELS]), "txt"))
    t3 = doc.tables["applications"]
    assert t3.verdict == "blank"
    statuses = {c.id: c.status for c in doc.checks}
    assert statuses["n2t.applications_received"] == "uncertain"
    assert statuses["doc.tables"] == "fail"


def test_nonsense_table_is_untrusted():
    numbers = iter(range(1, 200))
    rows = [f"{label} | " + " | ".join(str(next(numbers)) for _ in range(7)) for label in T3_LABELS]
    doc = analyze_raw(RawDocument(_report_with_table3(rows), "txt"))
    assert doc.tables["applications"].verdict == "untrusted"
    statuses = {c.id: c.status for c in doc.checks}
    assert statuses["n2t.applications_received"] == "uncertain"
    assert statuses["doc.tables"] != "pass"


def test_a_count_too_many_before_a_row_keeps_the_total():
    rows = [
        "一、本年新收政府信息公开申请数量 | 1 | 18 | 2 | 0 | 0 | 0 | 0 | 20",
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
    ]
    doc = analyze_raw(RawDocument(_report_with_table3(rows, "全年收到申请20件。"), "txt"))
    new = {c.col: c.value for c in doc.tables["applications"].cells if c.row == "new"}
    assert new == {
        "natural_person": 18,
        "commercial": 2,
        "research": 0,
        "social_org": 0,
        "legal_service": 0,
        "other_org": 0,
        "total": 20,
    }


def test_title_over_two_lines_and_placeholder_and_government_names():
    text = "2024年青山市科委政府信息公开工作\n年度报告\n一、总体情况\n本委持续推进政务公开。\n"
    doc = analyze_raw(RawDocument(text, "txt"))
    assert doc.meta.agency == "青山市科委" and doc.meta.year == 2024
    # a template's placeholder is no body; a zone's name and its 管委会 are one body
    assert identify("XX市XX局").key is None and identify("××县××局").key is None
    assert identify("青山经济开发区").key == identify("青山经济开发区管委会").key
    assert identify("青山经济开发区管委会办公室").key != identify("青山经济开发区").key


def test_legacy_outline_flattened_reads_its_parts():
    text = (
        "标题: 青山县财政局2012年度政府信息公开工作年度报告\n==================== 正文 ====================\n"
        "根据《中华人民共和国政府信息公开条例》要求,特公布本年度报告。一、概述 本局成立了政府信息公开工作领导小组。"
        "二、主动公开政府信息情况 全年主动公开政府信息326条。三、依申请公开政府信息情况 本年度未收到政府信息公开申请。"
        "四、政府信息公开的收费及减免情况 本年度未收取任何费用。五、因政府信息公开申请行政复议、提起行政诉讼的情况 "
        "本年度未发生行政复议和行政诉讼。六、存在的主要问题和改进措施 一是公开内容不够全面。"
        "七、其他需要报告的事项 无。" + "本局将继续做好政府信息公开工作。" * 12 + "\n"
    )
    doc = analyze_raw(RawDocument(text, "txt"))
    assert doc.meta.outline == "legacy"
    keys = [s.key for s in doc.sections]
    assert keys[1:] == [
        "overview",
        "active_disclosure",
        "applications",
        "fees",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    ]
    claims = {(c.type, c.value) for c in doc.claims}
    assert {
        ("published_items", 326),
        ("applications_received", 0),
        ("fee_collected", 0),
        ("review_cases", 0),
        ("litigation_cases", 0),
    } <= claims


@pytest.mark.parametrize(
    "header, row, want",
    [
        # 2|0|23 or 20|2|3: 20 made and 2 repealed cannot leave 3 in force
        ("本年制发件数本年废止件数现行有效件数", "行政规范性文件2023", (2, 0, 23)),
        # 1|2|10, 1|21|0 or 12|1|0: the total published includes this year's 2 (or 21, or 1)
        ("本年新制作数量本年新公开数量对外公开总数量", "规范性文件1210", (1, 2, 10)),
    ],
)
def test_a_fused_table_2_row_is_decided_by_what_must_hold(header, row, want):
    text, _ = crawled_page(4)
    old = "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件3112"
    page = text.replace(old, f"第二十条第（一）项信息内容{header}规章 000{row}")
    doc = analyze_raw(RawDocument(page, "txt"), "page.txt")
    cells = [c for c in doc.tables["active_disclosure"].cells if c.row == "normative_documents"]
    assert tuple(c.value for c in cells) == want
    assert {c.status for c in cells} == {"ok"} and all("row-bound" in c.provenance for c in cells)


def test_a_bound_that_cannot_decide_leaves_the_row_ambiguous():
    text, _ = crawled_page(4)
    # 3|1|12 and 3|11|2 both keep enough in force; only 31|1|2 is ruled out
    doc = analyze_raw(RawDocument(text, "txt"), "page.txt")
    cells = [c for c in doc.tables["active_disclosure"].cells if c.row == "normative_documents"]
    made, repealed, in_force = cells
    assert (made.value, made.status) == (3, "ok")  # what both readings left agree on
    assert repealed.status == in_force.status == "ambiguous"
    assert sorted(tuple(x) for x in repealed.candidates) == [(1, 12), (11, 2)]
