"""Wording real reports use for their counts (issue 18), in sentences of our own modelled on
them: categories of published items, channels and applicants, the 2019 template's outcome
wording and shares, negations that govern an outcome, zero answers, 均被维持 of both kinds,
table 2's facts in prose, and the checks they feed."""

from __future__ import annotations

import pytest

from textmine.claims import extract_claims
from textmine.document import RawDocument, Section
from textmine.normalize import normalize
from textmine.pipeline import analyze_raw


def claims_of(text: str, key: str = "overview"):
    return extract_claims(text, [Section(key, "一", "", 0, len(text), 0)])


def typed(text: str, key: str = "overview") -> list[tuple[str, float]]:
    return [(c.type, c.value) for c in claims_of(text, key) if c.value is not None]


# ---------------------------------------------------------------------------------------
# categories of published items


def test_a_list_of_categories_after_a_disclosure_verb_is_published_items_with_categories():
    text = (
        "2016年,我县主动公开政府信息的主要类别有:机构职能类信息120条,政策、规范性文件类信息45条,"
        "规划计划类信息8条,其他应主动公开的信息300条。"
    )
    cs = [c for c in claims_of(text) if c.value is not None]
    assert [(c.type, c.value) for c in cs] == [("published_items", v) for v in (120, 45, 8, 300)]
    assert [c.category for c in cs] == [
        "机构职能类信息",
        "政策、规范性文件类信息",
        "规划计划类信息",
        "其他应主动公开的信息",
    ]
    assert {c.scope for c in cs} == {"category"}  # never a restatement of the year's total


def test_categories_after_the_years_count_are_its_parts_and_the_rest_part_claims_the_whole():
    cs = [
        c
        for c in claims_of("今年我局公开365条政务信息,机构职能类信息5条,行政许可类信息60条,其他信息300条。")
        if c.value
    ]
    whole, *parts = cs
    assert whole.type == "published_items" and all(p.type == "published_items" for p in parts)
    assert all(p.part_of == whole.start for p in parts) and parts[-1].remainder
    # a list that ends in 其他 claims to cover the whole: a shortfall is the report's
    from textmine.checks import run_checks
    from textmine.document import Document, Meta

    doc = Document("x", "x.txt", None, Meta(outline="2019"))
    doc.claims = claims_of("今年我局公开390条政务信息,机构职能类信息5条,行政许可类信息60条,其他信息300条。")
    assert {c.id: c.status for c in run_checks(doc)}["n2n.sum"] == "fail"


def test_a_semicolon_list_after_qizhong_keeps_its_parts_and_share():
    text = "在网站主动公开的200条政府信息中,机构职能信息50条,占25%;规划计划类信息30条,占15%;工作动态类信息120条,占60%。"
    cs = [c for c in claims_of(text, "active_disclosure") if c.value]
    assert [(c.type, c.value, c.share) for c in cs] == [
        ("published_items", 200, None),
        ("published_items", 50, 25),
        ("published_items", 30, 15),
        ("published_items", 120, 60),
    ]
    assert all(c.part_of == cs[0].start for c in cs[1:])


@pytest.mark.parametrize(
    "text,expected",
    [
        ("全年发布政策解读86篇。", [("other_count", 86)]),  # interpretations are not disclosed items
        ("共发布12期安全生产信息简报。", [("other_count", 12)]),  # bulletins counted in issues
        ("累计公开各类政策文件全文及解读2300件。", [("published_items", 2300)]),
        ("在栏目发布行政处罚信息15件,建设项目环评公示9件。", [("published_items", 15), ("published_items", 9)]),
        ("共清理出11条政府公开信息,已全部上网。", [("published_items", 11)]),
        ("全年审核拟公开信息900余条。", [("other_count", 900)]),
        ("主动公开目录共梳理为6大类30条88项。", []),  # the catalogue's structure
    ],
)
def test_what_is_and_is_not_a_published_item(text, expected):
    assert typed(text) == expected


# ---------------------------------------------------------------------------------------
# applications: applicants, channels, outcomes as the 2019 template words them


def test_applicants_and_channels_are_parts_of_the_received_count():
    cs = [c for c in claims_of("全年受理申请30件,涉及自然人27件、商业企业2件、其他1件。") if c.value]
    assert [(c.type, c.applicant, c.breakdown) for c in cs] == [
        ("applications_received", None, False),
        ("applications_received", "natural_person", True),
        ("applications_received", "commercial", True),
        ("applications_received", "other_org", True),
    ]
    cs = [c for c in claims_of("全年收到申请40件,其中通过邮寄方式提交的6件,网上申请30件,4件为当面提交。") if c.value]
    assert [c.channel for c in cs[1:]] == ["mail", "online", "in_person"]
    assert all(c.breakdown and c.part_of == cs[0].start for c in cs[1:])


def test_outcomes_in_2019_wording_with_their_shares():
    text = (
        "办结依申请公开40件,其中:予以公开及部分公开20件,占50%;不予公开4件,占10%;"
        "无法提供12件,占30%;不予处理2件,占5%;其他处理2件,占5%。"
    )
    cs = [c for c in claims_of(text, "applications") if c.value is not None]
    assert [(c.outcome, c.value, c.share) for c in cs] == [
        ("processed", 40, None),
        ("granted_partial", 20, 50),
        ("denied", 4, 10),
        ("unable", 12, 30),
        ("ignored", 2, 5),
        ("other_handling", 2, 5),
    ]
    assert not any(c.type == "applications_received" for c in cs)  # 办结 is processed, not received
    text = "对依申请公开的答复总数12条,其中同意公开答复数9条,其它公开答复数2条,免于公开答复数1条。"
    assert [(c.type, c.outcome) for c in claims_of(text, "applications") if c.value] == [
        ("other_count", "processed"),
        ("applications_granted", None),
        ("other_count", "partial"),
        ("other_count", "denied"),
    ]
    cs = claims_of("全年收到申请15件,均在法定期限内办结。")
    assert [(c.type, c.value, c.outcome) for c in cs] == [
        ("applications_received", 15, None),
        ("other_count", 15, "processed"),
    ]


# ---------------------------------------------------------------------------------------
# reviews and suits: negation governs the outcome; zero answers; 均被维持 of both


@pytest.mark.parametrize(
    "text,expected",
    [
        # the review happened; what did not happen is its correction
        (
            "今年有2件涉及政府信息公开的行政复议,均未被复议机关纠错。",
            {("review_cases", 2, None), ("review_cases", 0, "corrected")},
        ),
        ("全年未出现行政诉讼败诉的情况。", {("litigation_cases", 0, "corrected")}),
        ("全年未发生因政府信息公开被申请行政复议的情况。", {("review_cases", 0, None)}),
        ("行政复议数量:无。", {("review_cases", 0, None)}),
        ("涉及的行政诉讼数为0件。", {("litigation_cases", 0, None)}),
        ("收取费用情况:无。", {("fee_collected", 0, None)}),
        # a positive count in the next clause is not negated by the one before
        (
            "全年未收到有关申请,收到1份有关政府信息公开的行政复议申请。",
            {("applications_received", 0, None), ("review_cases", 1, None)},
        ),
    ],
)
def test_negation_governs_what_it_negates(text, expected):
    got = {(c.type, c.value, c.outcome) for c in claims_of(text) if c.type not in ("other_count",)}
    assert got == expected


def test_all_upheld_naming_both_and_case_results():
    cs = claims_of("行政复议1件、行政诉讼2件,均被维持。")
    assert [c.scope for c in cs if c.type == "cases_all_upheld"] == ["both"]
    cs = claims_of("被提起行政诉讼3件,其中未经复议直接起诉2件(维持1件、尚未审结1件),复议后起诉1件(维持)。")
    results = [(c.scope, c.outcome, c.value) for c in cs if c.outcome]
    assert results == [("suit_direct", "upheld", 1), ("suit_direct", "pending", 1), ("suit_after_review", "upheld", 1)]


# ---------------------------------------------------------------------------------------
# table 2 in prose


@pytest.mark.parametrize(
    "text,expected",
    [
        ("本年度制发行政规范性文件6件,废止3件,现行有效41件。", [("made", 6), ("repealed", 3), ("in_force", 41)]),
        ("经清理,宣布废止规范性文件4件。", [("repealed", 4)]),
        ("集中公开现行有效行政规范性文件120件,动态更新本年度制发的规范性文件15件。", [("in_force", 120), ("made", 15)]),
        ("本年度未制发规范性文件。", [("made", 0)]),
    ],
)
def test_normative_documents_with_their_measure(text, expected):
    cs = [c for c in claims_of(text) if c.type == "normative_documents"]
    assert [(c.measure, c.value) for c in cs] == expected


def test_decisions_fees_and_procurement():
    assert typed("全年作出行政许可决定1,200件,行政处罚决定三十件。") == [
        ("licensing_decisions", 1200),
        ("punishment_decisions", 30),
    ]
    assert typed("办理行政许可事项300项。") == [("other_count", 300)]  # matters, not decisions
    assert typed("本年度收取行政事业性收费12.5万元。") == [("admin_fees", 12.5)]
    assert typed("政府集中采购项目8个,采购总金额约96.4万元。") == [
        ("procurement_count", 8),
        ("procurement_amount", 96.4),
    ]
    assert typed("亦无行政处罚、行政强制决定。") == [("punishment_decisions", 0), ("enforcement_decisions", 0)]


# ---------------------------------------------------------------------------------------
# numbers as converters leave them


def _hard_wrapped(paragraph: str, columns: int = 72) -> list[str]:
    """A paragraph cut into lines of one printed width, as a PDF converter leaves it."""
    from textmine.wraps import width

    lines, line = [], ""
    for ch in paragraph:
        if width(line + ch) > columns:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line]


def test_a_hard_wrapped_paragraph_is_joined_so_its_counts_are_read():
    paragraph = (
        "本局认真贯彻落实政府信息公开条例的各项要求，持续加强信息发布审核把关，不断完善公开工作机制，"
        "围绕全局中心工作推进决策、执行、管理、服务和结果公开，及时回应社会关切。全年收到政府信息公开"
        "申请二十件，上年结转政府信息公开申请 3 件，均已按期答复。全年共有 1 件涉及政府信息公开工作的"
        "行政复议，该复议未被复议机关纠错。本局全年推动解读政策文件、回应社会关切、优化公开平台等工作，"
        "进一步提升了公开质量。涉及的行政诉讼数为 0 件。"
    )
    source = "一、总体情况\n" + "\n".join(_hard_wrapped(paragraph)) + "\n\n二、主动公开政府信息情况\n"
    assert len(source.split("\n")) > 8
    n = normalize(source)
    assert "一、总体情况\n" in n.text and "\n\n二、主动公开政府信息情况" in n.text
    body = n.text.split("\n")[1]
    assert body.startswith("本局") and body.endswith("数为 0 件。")  # one line again
    got = {(c.type, c.value, c.outcome) for c in claims_of(n.text) if c.value is not None}
    assert {
        ("applications_received", 20, None),
        ("other_count", 3, "carried_over"),
        ("review_cases", 1, None),
        ("review_cases", 0, "corrected"),
        ("litigation_cases", 0, None),
    } <= got
    # offsets still lead back to the source
    i = n.text.index("申请 3 件")
    a, b = n.source_span(i, i + 6)
    assert source[a:b].replace("\n", "") == "申请 3 件"


def test_one_paragraph_per_line_keeps_its_lines():
    text = "一、总体情况\n今年我局主动公开政府信息120条\n二、主动公开政府信息情况\n规章 0 0 0\n"
    assert normalize(text).text == text


# ---------------------------------------------------------------------------------------
# the checks they feed, on a report of our own with its tables


def _table3(new: int, granted: int, unable: int) -> str:
    """Table 3 as pipe rows, every row of the 2021 template (labels from the template data)."""
    from textmine.tables.templates import TEMPLATES

    values = {"new": new, "granted": granted, "unable_not_held": unable, "total_processed": granted + unable}
    rows = []
    for spec in TEMPLATES["applications"]["2021"].rows:
        v = values.get(spec.key, 0)
        rows.append("| " + spec.labels[0] + " | " + " | ".join([str(v), "0", "0", "0", "0", "0", str(v)]) + " |")
    return "\n".join(rows)


REPORT = (
    """测试市测试局2023年政府信息公开工作年度报告
一、总体情况
2023年,本局制发行政规范性文件6件,现行有效行政规范性文件{in_force}件。全年作出行政处罚决定12件。全年收到申请10件,办结10件,其中予以公开6件,占{share}%;无法提供4件,占40%。全年有1件行政复议,未被复议机关纠错。
二、主动公开政府信息情况
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 6 | 1 | 41 |
| 信息内容 | 本年处理决定数量 |
| 行政许可 | 3 |
| 行政处罚 | 12 |
| 行政强制 | 0 |
| 信息内容 | 本年收费金额(单位:万元) |
| 行政事业性收费 | 0 |
三、收到和处理政府信息公开申请情况
"""
    + _table3(10, 6, 4)
    + """
四、政府信息公开行政复议、行政诉讼情况
"""
    + ("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 " * 3)
    + """|
| {upheld} | {corrected} | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
五、存在的主要问题及改进情况
{problems}
六、其他需要报告的事项
本年度未收取信息处理费。
"""
)


def _checks(**kw) -> dict[str, str]:
    values = {
        "in_force": 41,
        "share": 60,
        "corrected": 0,
        "problems": "存在的问题主要有:一是解读形式单一;二是更新不够及时。",
    }
    values.update(kw)
    values["upheld"] = 1 - values["corrected"]
    doc = analyze_raw(RawDocument(REPORT.format(**values), "txt"), "r.txt")
    return {c.id: c.status for c in doc.checks}


def test_prose_against_table_two_and_table_four_and_shares():
    ok = _checks()
    assert ok["n2t.normative_documents.made"] == "pass"
    assert ok["n2t.normative_documents.in_force"] == "pass"
    assert ok["n2t.punishment_decisions"] == "pass"
    assert ok["n2t.result.review.corrected"] == "pass"
    assert ok["n2n.percent"] == "pass"
    assert ok["doc.problems_stated"] == "pass"
    bad = _checks(in_force=43, share=66, corrected=1)
    assert bad["n2t.normative_documents.in_force"] == "fail"  # 43 in force in prose, 41 in table 2
    assert bad["n2n.percent"] == "fail"  # 6 of 10 is not 66%
    assert bad["n2t.result.review.corrected"] == "fail"  # prose: not corrected; table 4: corrected 1


def test_a_problems_section_that_states_none_is_a_finding():
    assert _checks(problems="本年度未发现问题。")["doc.problems_stated"] == "fail"
    assert (
        _checks(problems="存在的问题主要有:一是解读形式单一;三是更新不够及时;三是培训偏少。")["n.numbering"] == "fail"
    )
