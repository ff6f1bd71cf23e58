"""PDFs as WPS and Word export them (tests/pdf_builders.py): tables that start mid-page
and run over a page break, merged and empty label cells, a title over two lines,
hard-wrapped prose, page numbers and running headers."""

import pytest
from pdf_builders import PdfComposer

from textmine.ingest.pdf import read_pdf
from textmine.pipeline import analyze_bytes

pytest.importorskip("reportlab")

COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
# (group, label, sub-label, natural person, commercial): the rest of the columns are 0
RESULTS = [
    ("(一)予以公开", None, 18, 2),
    ("(二)部分公开", None, 5, 0),
    ("(三)不予公开", "1.属于国家秘密", 0, 0),
    ("(三)不予公开", "2.其他法律行政法规禁止公开", 0, 0),
    ("(三)不予公开", "3.危及“三安全一稳定”", 0, 0),
    ("(三)不予公开", "4.保护第三方合法权益", 1, 0),
    ("(三)不予公开", "5.属于三类内部事务信息", 0, 0),
    ("(三)不予公开", "6.属于四类过程性信息", 2, 0),
    ("(三)不予公开", "7.属于行政执法案卷", 0, 0),
    ("(三)不予公开", "8.属于行政查询事项", 1, 0),
    ("(四)无法提供", "1.本机关不掌握相关政府信息", 9, 1),
    ("(四)无法提供", "2.没有现成信息需要另行制作", 0, 0),
    ("(四)无法提供", "3.补正后申请内容仍不明确", 1, 0),
    ("(五)不予处理", "1.信访举报投诉类申请", 2, 0),
    ("(五)不予处理", "2.重复申请", 1, 0),
    ("(五)不予处理", "3.要求提供公开出版物", 0, 0),
    ("(五)不予处理", "4.无正当理由大量反复申请", 0, 0),
    ("(五)不予处理", "5.要求行政机关确认或重新出具已获取信息", 0, 0),
    ("(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1, 0),
    ("(六)其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 0, 0),
    ("(六)其他处理", "3.其他", 0, 0),
]
NEW, CARRIED, FORWARD = (43, 3), (0, 0), (2, 0)


def _vals(np: int, com: int) -> list[str]:
    return [str(np), str(com), "0", "0", "0", "0", str(np + com)]


def table3(empty_label_beside_total: bool = False) -> tuple[list[list[str]], dict]:
    """Table 3 of the 2021 template on a 10-column grid: group column, label, sub-label,
    seven counts; merged label cells as Word draws them."""
    note = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
    rows = [
        [note, "", "", "申请人情况", "", "", "", "", "", ""],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", *COLS[1:6], ""],
        ["一、本年新收政府信息公开申请数量", "", "", *_vals(*NEW)],
        ["二、上年结转政府信息公开申请数量", "", "", *_vals(*CARRIED)],
    ]
    merges = {
        (0, 0): (3, 3),
        (0, 3): (1, 7),
        (1, 3): (2, 1),
        (1, 4): (1, 5),
        (1, 9): (2, 1),
        (3, 0): (1, 3),
        (4, 0): (1, 3),
    }
    first_result = len(rows)
    groups: dict[str, int] = {}
    for group, label, np, com in RESULTS:
        r = len(rows)
        if label is None:
            rows.append(["", group, "", *_vals(np, com)])
            merges[(r, 1)] = (1, 2)
        else:
            rows.append(["", group if group not in groups else "", label, *_vals(np, com)])
            groups.setdefault(group, r)
    for group, r in groups.items():
        merges[(r, 1)] = (sum(1 for g, label, *_ in RESULTS if g == group and label), 1)
    total = (sum(x[2] for x in RESULTS), sum(x[3] for x in RESULTS))
    r = len(rows)
    rows.append(["", "(七)总计", "", *_vals(*total)])
    if not empty_label_beside_total:
        merges[(r, 1)] = (1, 2)
    rows[first_result][0] = "三、本年度办理结果"
    merges[(first_result, 0)] = (len(rows) - first_result, 1)
    rows.append(["四、结转下年度继续办理", "", "", *_vals(*FORWARD)])
    merges[(len(rows) - 1, 0)] = (1, 3)
    return rows, merges


WIDTHS = [30, 70, 110] + [34] * 7

TABLE4 = [
    ["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""],
    [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
        "未经复议直接起诉",
        "",
        "",
        "",
        "",
        "复议后起诉",
        "",
        "",
        "",
        "",
    ],
    ["", "", "", "", "", *(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)],
    ["2", "1", "0", "0", "3", "1", "0", "0", "1", "2", "0", "0", "0", "0", "0"],
]
T4_MERGES = {
    (0, 0): (1, 5),
    (0, 5): (1, 10),
    (1, 0): (2, 1),
    (1, 1): (2, 1),
    (1, 2): (2, 1),
    (1, 3): (2, 1),
    (1, 4): (2, 1),
    (1, 5): (1, 5),
    (1, 10): (1, 5),
}

PROSE_1 = (
    "2023年,县政府办公室以标准化规范化为抓手,推进政务公开与政务服务融合,全年在政府门户网站主动公开"
    "政府信息5500余条,其中政策解读材料二百一十六篇,图解与短视频解读四十一个。"
)
PROSE_2 = (
    "本年度受理政府信息公开申请46件,其中上年结转3件;因政府信息公开引起的行政复议3件、行政诉讼3件,"
    "已全部办结并在法定期限内答复申请人。"
)


def report(**kw) -> bytes:
    """A whole report: title over two lines, prose pages, table 3 starting mid-page and
    running onto the next page, table 4, closing sections."""
    doc = PdfComposer(
        running_header=kw.get("running_header", "青山县人民政府办公室"), page_label=kw.get("page_label", "dash")
    )
    doc.title(["青山县人民政府", "2023年政府信息公开工作年度报告"])
    doc.paragraph(
        "本报告依据《中华人民共和国政府信息公开条例》要求编制,所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
    )
    doc.heading("一、总体情况")
    for _ in range(kw.get("filler", 4)):
        doc.paragraph(PROSE_1)
    doc.heading("二、主动公开政府信息情况")
    doc.paragraph("本年度主动公开情况见下表所列各项,其余信息均已通过门户网站专栏发布。")
    doc.heading("三、收到和处理政府信息公开申请情况")
    doc.paragraph(PROSE_2)
    rows, merges = table3(kw.get("empty_label_beside_total", False))
    doc.table(rows, WIDTHS, merges, header_rows=3, repeat_header=kw.get("repeat_header", False))
    doc.heading("四、政府信息公开行政复议、行政诉讼情况")
    doc.table(TABLE4, [30] * 15, T4_MERGES, row_height=24)
    doc.heading("五、存在的主要问题及改进情况")
    doc.paragraph("一是公开内容的深度还有欠缺,部分栏目更新不够及时。下一步,将建立栏目巡查台账,按月通报。")
    doc.heading("六、其他需要报告的事项")
    doc.paragraph("本年度未收取信息处理费。")
    return doc.build()


def cells(doc) -> dict[str, float]:
    return {c.key: c.value for c in doc.tables["applications"].cells if c.status == "ok"}


@pytest.mark.parametrize("repeat_header", [False, True])
def test_table_starting_mid_page_and_running_over_a_page_break(repeat_header):
    data = report(repeat_header=repeat_header)
    raw = read_pdf(data)
    assert len(raw.grids) == 2, "table 3 over two pages is one grid, table 4 another"
    doc = analyze_bytes(data, "r.pdf")
    got = cells(doc)
    assert len(got) == 175, "every cell of table 3, on both pages"
    assert (got["new.total"], got["granted.total"], got["total_processed.total"]) == (46, 20, 44)
    assert got["carried_forward.total"] == 2 and got["unable_not_held.commercial"] == 1
    assert not [c.id for c in doc.checks if c.status == "fail" and c.id.startswith(("t3.", "t4."))]
    t4 = {c.key: c.value for c in doc.tables["review_litigation"].cells}
    assert (t4["review.total"], t4["suit_direct.total"], t4["suit_after_review.total"]) == (3, 2, 0)


def test_empty_label_cell_beside_total_keeps_the_counts_in_place():
    """WPS leaves a separate empty cell beside （七）总计 when the two label columns are
    not merged: the counts must not move one column right."""
    doc = analyze_bytes(report(empty_label_beside_total=True), "r.pdf")
    got = cells(doc)
    assert got["total_processed.total"] == 44 and got["total_processed.natural_person"] == 41
    assert not [c.id for c in doc.checks if c.status == "fail" and c.id.startswith("t3.")]


def test_merged_label_cells_stand_in_every_row_they_cover():
    raw = read_pdf(report())
    t3 = raw.grids[0]
    denied = [row for row in t3.rows if any("属于行政执法案卷" in c for c in row)][0]
    assert "(三)不予公开" in denied and "三、本年度办理结果" in denied


def test_title_over_two_lines_gives_the_body():
    doc = analyze_bytes(report(), "r.pdf")
    assert doc.meta.title == "青山县人民政府2023年政府信息公开工作年度报告"
    assert doc.meta.agency == "青山县人民政府" and doc.meta.year == 2023


@pytest.mark.parametrize("page_label", ["dash", "of"])
def test_hard_wrapped_prose_is_reflowed_and_page_furniture_dropped(page_label):
    data = report(page_label=page_label, filler=6)
    raw = read_pdf(data)
    text = raw.text
    # every paragraph is one line: the page's wraps (inside 5500余条, 政府) are gone
    assert PROSE_1 in text.split("\n") and PROSE_2 in text.split("\n")
    for furniture in ("- 1 -", "- 2 -", "第1页", "青山县人民政府办公室\n"):
        assert furniture not in text
    assert text.count("青山县人民政府办公室") == 0  # the running header, on every page
    doc = analyze_bytes(data, "r.pdf")
    claims = {(c.type, c.value) for c in doc.claims}
    assert ("published_items", 5500) in claims and ("applications_received", 46) in claims
    assert ("review_cases", 3) in claims and ("litigation_cases", 3) in claims


def test_lines_of_one_character_are_kept_and_short_lines_never_joined():
    """A bare 无 under its heading is a line of its own (an answer the claims read), and
    a document with no justified lines has nothing to reflow."""
    doc = PdfComposer(running_header=None)
    doc.heading("六、其他需要报告的事项")
    doc.paragraph("无", indent=False)
    doc.heading("七、附件")
    doc.paragraph("表", indent=False)
    assert read_pdf(doc.build()).text.split("\n") == ["六、其他需要报告的事项", "无", "七、附件", "表"]


def test_a_table_drawn_without_rules_keeps_its_columns_apart():
    """Some exports draw table 2 with tab stops and no lines: the wide gaps between a label
    and its counts are kept, so the text reader still sees three counts, not 503."""
    doc = PdfComposer(running_header=None)
    doc.heading("二、主动公开政府信息情况")
    page = doc._pages[-1]
    for k, (label, values) in enumerate(
        [
            ("信息内容", ["本年制发件数", "本年废止件数", "现行有效件数"]),
            ("规章", ["5", "0", "3"]),
            ("行政规范性文件", ["2", "1", "16"]),
        ]
    ):
        y = doc._y - 20 * k
        page.append(("text", 80, y, label, 10.0))
        for c, v in enumerate(values):
            page.append(("text", 230 + 90 * c, y, v, 10.0))
    lines = read_pdf(doc.build()).text.split("\n")
    assert "规章 5 0 3" in lines and "行政规范性文件 2 1 16" in lines
