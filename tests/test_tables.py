"""Table reading on fixtures of our own (tests/fixtures/tables/), one per layout.

Each fixture is a realistic, non-zero report excerpt; `expected.json` holds the table
it was written from (rows not listed are all 0), the cells that must come out
ambiguous (with their candidate readings) and a few provenance strings.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import regex

from textmine.document import Grid, Section
from textmine.tables import TEMPLATES, detect_template, parse_tables
from textmine.tables.labels import LabelSet, normalize_label
from textmine.tables.render import render_tables, rich_tables
from textmine.tables.solver import segmentations, solve_row
from textmine.tables.tokens import text_events

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))

_HEADING = regex.compile(r"(?m)^[ \t\xa0]*([二三四五])、[ \t]*(.*)$")
_KEYS = {"二": "active_disclosure", "三": "applications", "四": "review_litigation", "五": "problems_improvements"}
_TITLES = {"二": "主动公开", "三": "申请情况", "四": "复议", "五": "问题"}


def normalized(raw: str) -> str:
    try:
        from textmine.normalize import normalize
    except ImportError:  # the normaliser is another module's job; approximate it
        import opencc

        s = unicodedata.normalize("NFKC", raw)
        s = opencc.OpenCC("t2s").convert(s)
        return regex.sub(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)", "", s)
    return normalize(raw).text


def sections_of(text: str) -> list[Section]:
    """Table sections located by their headings, independent of the segmenter: a heading
    is a 二/三/四/五、 line whose title has the section's wording (table 3's rows also
    start with 二、 and 四、, but never with that wording)."""
    found = []
    for m in _HEADING.finditer(text):
        num, title = m.group(1), m.group(2)
        if _TITLES[num] in title and "|" not in title and not regex.search(r"\d\s*$", title):
            found.append((m.start(), m.end(), _KEYS[num], num, title))
    sections = []
    for i, (start, head_end, key, num, title) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        sections.append(Section(key, num, title, start, end, heading_end=head_end))
    return sections


def load(name: str) -> tuple[str, list[Grid]]:
    if name.startswith("grid_"):
        return grid_fixture(name)
    return normalized((FIXTURES / name).read_text(encoding="utf-8")), []


def grid_fixture(name: str) -> tuple[str, list[Grid]]:
    """The skeleton text with each grid rendered as ` | ` pipe rows, the way the ingest
    readers render real tables, and the grids anchored where they were rendered."""
    data = json.loads((FIXTURES / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
    text = (FIXTURES / name).read_text(encoding="utf-8")
    grids = []
    for key, rows in data["grids"].items():
        marker = f"[[{key}]]"
        at = text.index(marker)
        rendered = "\n".join(" | ".join(r) for r in rows)
        text = text[:at] + rendered + text[at + len(marker) :]
        grids.append(Grid(rows=rows, anchor=at, source=data["source"]))
    return text, grids


def expected_cells(name: str, table: str) -> dict[str, object]:
    spec = EXPECTED[name][table]
    template = TEMPLATES[table][spec["template"]]
    out: dict[str, object] = {}
    for item, row, col in template.cells:
        out[".".join(x for x in (item, row, col) if x)] = 0
    for key, values in spec["rows"].items():
        row_spec = template.row(key.split(".")[-1])
        for c, v in zip(row_spec.cols, values):
            out[f"{key}.{c.key}"] = v
    return out


CASES = [(name, table) for name in sorted(EXPECTED) for table in EXPECTED[name]]


@pytest.fixture(scope="module")
def parsed() -> dict:
    out = {}
    for name in EXPECTED:
        text, grids = load(name)
        out[name] = (text, parse_tables(text, sections_of(text), grids))
    return out


@pytest.mark.parametrize("name,table", CASES)
def test_fixture_cells(parsed, name, table):
    text, tables = parsed[name]
    assert table in tables, f"{name}: {table} not found"
    t = tables[table]
    spec = EXPECTED[name][table]
    assert t.template == spec["template"]
    assert t.layout == spec["layout"]
    ambiguous = spec.get("ambiguous", {})
    want = expected_cells(name, table)
    got = {c.key: c for c in t.cells}
    assert set(got) == set(want), "every template cell is present"
    for key, value in want.items():
        c = got[key]
        if key in ambiguous:
            assert c.status == "ambiguous", key
            assert c.candidates == ambiguous[key], key
            assert c.value is None
            continue
        assert c.status == "ok", (key, c)
        assert c.value == pytest.approx(value), (key, c)
        if c.start is not None:
            # offsets point at the written value (or the part of a fused token it came from)
            assert text[c.start : c.end] == c.raw, (key, c)
    for key, prov in spec.get("provenance", {}).items():
        assert got[key].provenance == prov, (key, got[key])
    for key, unit in spec.get("units", {}).items():
        assert got[key].unit == unit


def test_fixture_templates_detected_from_the_tables(parsed):
    for name, (text, _) in parsed.items():
        versions = {spec["template"] for spec in EXPECTED[name].values()}
        assert detect_template(text) in versions


# ---------------------------------------------------------------------------------------
# the solver on its own


def test_segmentations_never_start_a_multi_digit_cell_with_zero():
    assert segmentations("00", 2) == (((0, 1), (1, 2)),)
    assert segmentations("00", 1) == ()
    assert [[("2384"[a:b]) for a, b in s] for s in segmentations("2384", 2)] == [
        ["2", "384"],
        ["23", "84"],
        ["238", "4"],
    ]
    assert segmentations("105", 2) == (((0, 2), (2, 3)),)  # 1|05 is not a reading


def _tokens(line: str):
    return [e.token for e in text_events(line) if e.token is not None]


def test_row_sum_picks_the_split():
    sol = solve_row(_tokens("0 0 0 00 112112"), 7, [((0, 1, 2, 3, 4, 5), 6)])
    assert sol.distinct() == [(0, 0, 0, 0, 0, 112, 112)]
    assert sol.how == "rowsum"


def test_unconstrained_split_is_ambiguous_and_prefers_the_longest_token():
    sol = solve_row(_tokens("35 212204"), 3)
    assert sol.how == "ambiguous"
    assert {d[0] for d in sol.distinct()} == {35}
    assert sorted(d[1:] for d in sol.distinct()) == [(2, 12204), (21, 2204), (212, 204), (21220, 4)]


def test_two_lost_boundaries_prefer_no_token():
    # 3|5 and 21|2204 may both be fused: no token is preferred when two boundaries are lost
    sol = solve_row(_tokens("35 212204"), 4)
    assert (3, 5, 21, 2204) in sol.distinct()


def test_dropped_blanks_in_a_positional_row():
    sol = solve_row(_tokens("26 | 26"), 7, [((0, 1, 2, 3, 4, 5), 6)], positional=True)
    assert sol.stage == "blank"
    assert len(sol.distinct()) == 6  # the lone value could be any applicant's: the table decides


def test_written_values_are_never_repaired():
    # the row does not add up; it is read as written
    sol = solve_row(_tokens("1 2 0 0 0 0 9"), 7, [((0, 1, 2, 3, 4, 5), 6)])
    assert sol.distinct() == [(1, 2, 0, 0, 0, 0, 9)]
    assert sol.how == "direct"


def test_missing_cell_inferred_only_when_unique():
    sol = solve_row(_tokens("5 3 0 0 0 9"), 7, [((0, 1, 2, 3, 4, 5), 6)])
    assert sol.stage == "missing"
    assert len(sol.distinct()) > 1  # the missing cell could be any of several
    zeros = solve_row(_tokens("0 0 0 0 0 0"), 7, [((0, 1, 2, 3, 4, 5), 6)])
    assert zeros.distinct() == [(0,) * 7]


def test_long_fused_runs_stay_bounded():
    sol = solve_row(_tokens("123456789123456789123456789"), 7, [((0, 1, 2, 3, 4, 5), 6)])
    assert sol.how in ("too-many", "ambiguous", "rowsum", "none")


# ---------------------------------------------------------------------------------------
# labels


@pytest.mark.parametrize(
    "text,row",
    [
        ("2.其他法律行政法规 禁止公开", "denied_law_forbidden"),
        ("(三)不予公开1.属于国家秘密", "denied_state_secret"),
        ("5.属于三类内容事务信息", "denied_internal"),  # typo in the report
        ("5.要求行政机关确认或重新", "ignored_confirm"),  # truncated
        ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "partial"),
        ("(七)总 计", "total_processed"),
    ],
)
def test_fuzzy_row_labels(text, row):
    tpl = TEMPLATES["applications"]["2019"]
    labels = LabelSet([r.labels for r in tpl.rows])
    hit = labels.best(normalize_label(text), range(len(tpl.rows)))
    assert hit is not None and tpl.rows[hit[0]].key == row


def test_prose_is_not_a_label():
    tpl = TEMPLATES["applications"]["2019"]
    labels = LabelSet([r.labels for r in tpl.rows])
    assert labels.best(normalize_label("全年共收到政府信息公开申请26件，均已按时答复。"), range(5)) is None
    assert labels.best(normalize_label("法人或其他组织总计"), range(len(tpl.rows))) is None


def test_short_labels_only_match_exactly():
    tpl = TEMPLATES["active_disclosure"]["2021"]
    labels = LabelSet([r.labels for r in tpl.rows])
    assert labels.best(normalize_label("规章"), range(len(tpl.rows)))[0] == 0
    assert labels.best(normalize_label("规章制度建设"), range(len(tpl.rows))) is None


# ---------------------------------------------------------------------------------------
# whole tables, small layouts written inline


def test_label_and_digits_fused_and_multiple_rows_on_one_line():
    text = (
        "二、主动公开政府信息情况\n第二十条第(一)项\n信息内容本年新制作数量本年新公开数量对外公开总数量\n"
        "规章000 规范性文件3 3 12\n第二十条第(八)项\n信息内容上一年项目数量本年增/减\n行政事业性收费4 -1\n"
        "三、收到和处理政府信息公开申请情况\n"
    )
    t = parse_tables(text, sections_of(text))["active_disclosure"]
    cells = {c.key: c for c in t.cells}
    assert [
        cells[f"art20_1.normative_documents.{k}"].value for k in ("new_made", "new_published", "total_published")
    ] == [3, 3, 12]
    assert cells["art20_8.fees.change"].value == -1
    assert cells["art20_8.fees.prev_count"].value == 4
    assert cells["art20_9.procurement.count"].status == "missing"


def test_table4_values_as_one_run_of_fused_zeros():
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议行政诉讼\n"
        "结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉\n000000000000000\n五、存在的主要问题及改进情况\n无\n"
    )
    t = parse_tables(text, sections_of(text))["review_litigation"]
    assert len(t.cells) == 15 and all(c.value == 0 and c.status == "ok" for c in t.cells)


def test_table4_sparse_pipe_row_with_a_nonzero_value_is_ambiguous_not_guessed():
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼 | |||||\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"  # noqa: E501
        "1 | 1 | |||||||||\n五、存在的主要问题及改进情况\n"
    )
    t = parse_tables(text, sections_of(text))["review_litigation"]
    statuses = {c.status for c in t.cells}
    assert "ambiguous" in statuses
    for c in t.cells:
        if c.status == "ambiguous":
            assert c.candidates and len(c.candidates) > 1


def test_no_table_in_a_section_of_prose():
    text = (
        "二、主动公开政府信息情况\n本年度我局通过门户网站主动公开行政许可事项1517件，行政处罚信息64条。\n"
        "三、收到和处理政府信息公开申请情况\n本年度未收到政府信息公开申请。\n"
    )
    assert parse_tables(text, sections_of(text)) == {}


def test_table_found_without_a_section():
    text = (
        "一、总体情况\n略。\n"
        + (FIXTURES / "pipe_2021.txt").read_text(encoding="utf-8").split("三、收到和处理政府信息公开申请情况\n")[1]
    )
    text = normalized(text.split("四、政府信息公开")[0])
    tables = parse_tables(text, [Section("overview", "一", "总体情况", 0, 8, heading_end=6)])
    assert tables["applications"].cell("new.total").value == 46


# ---------------------------------------------------------------------------------------
# rendering


def test_render_csv_json_and_rich(parsed):
    text, tables = parsed["cell_per_line_2019.txt"]
    csv_text = render_tables(tables, "csv")
    assert csv_text.splitlines()[0].startswith("table,template,item,row,col,value,status")
    assert "art20_5,other_services,change,,ambiguous" in csv_text
    data = json.loads(render_tables(tables, "json"))
    assert data["applications"]["template"] == "2019"
    assert len(data["applications"]["cells"]) == 161
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None)
    for grid in rich_tables(tables):
        console.print(grid)
    out = console.export_text()
    assert "?1|11|112" in out and "?120|20|0" in out
    with pytest.raises(ValueError):
        render_tables(tables, "xml")


def test_missing_cells_render_as_dash():
    text = "二、主动公开政府信息情况\n第二十条第(一)项\n规章 1 2 3\n三、收到和处理政府信息公开申请情况\n"
    tables = parse_tables(text, sections_of(text))
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None)
    for grid in rich_tables(tables):
        console.print(grid)
    assert "—" in console.export_text()


# ---------------------------------------------------------------------------------------
# damaged tables


def test_unrecognisable_label_is_placed_by_position():
    text, _ = load("pipe_2021.txt")
    text = text.replace("6.属于四类过程性信息", "6.属于##类信息")
    row = [c for c in parse_tables(text, sections_of(text))["applications"].cells if c.row == "denied_process"]
    assert [c.value for c in row] == [2, 0, 0, 0, 0, 0, 2]
    assert all(c.provenance.endswith(";row-by-position") for c in row)


def test_prose_in_a_table_section_is_not_a_row():
    text, _ = load("pipe_2021.txt")
    text = text.replace("二、主动公开政府信息情况\n", "二、主动公开政府信息情况\n本年度办理行政许可 15 件。\n")
    t = parse_tables(text, sections_of(text))["active_disclosure"]
    assert t.cell("art20_5.licensing.decisions").value == 1517


def test_rows_lost_in_bulk_are_missing_and_later_rows_still_read():
    text, _ = load("pdf_flat_2021.txt")
    start = text.index("3.危及")
    end = text.index("(六)其他处理")
    t = parse_tables(text[:start] + text[end:], sections_of(text[:start] + text[end:]))["applications"]
    assert t.cell("denied_three_safety.total").status == "missing"
    assert t.cell("ignored_confirm.natural_person").status == "missing"
    assert t.cell("total_processed.total").value == 18
    assert t.cell("other_misc.natural_person").value == 1
    assert any("rows not found" in n for n in t.notes)


def test_table3_tail_taken_back_from_a_segmenter_that_cut_at_its_last_row():
    """四、结转下年度继续办理 looks like a section heading; if a segmenter split there,
    the row still belongs to table 3 and table 4 does not start with it."""
    text, _ = load("pipe_2021.txt")
    secs = sections_of(text)
    cut = text.index("四、结转下年度继续办理")
    fixed = []
    for s in secs:
        if s.key == "applications":
            s = Section(s.key, s.number, s.title, s.start, cut, s.heading_end)
        elif s.key == "review_litigation":
            s = Section(s.key, "四", "结转下年度继续办理", cut, s.end, cut + len("四、结转下年度继续办理"))
        fixed.append(s)
    tables = parse_tables(text, fixed)
    assert tables["applications"].cell("carried_forward.total").value == 2
    assert tables["review_litigation"].cell("review.total").value == 2


def test_table4_zeros_without_their_positions_are_missing_not_assumed():
    # three zeros under a 15-cell header: the row lost its cells, nothing says where the
    # zeros belong, and table 4 is not a table printed sparse
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼 | ||||||||||||||\n"
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 | ||||||||\n"
        "0 | 0 | 0 |\n五、存在的主要问题及改进情况\n"
    )
    t = parse_tables(text, sections_of(text))["review_litigation"]
    assert {c.status for c in t.cells} == {"missing"}


def test_sparse_table3_row_reads_blank_as_zero_and_the_lone_value_as_natural_person():
    text = (
        "三、收到和处理政府信息公开申请情况\n自然人 | 法人或其他组织 | 总计 | |||||||\n"
        "一、本年新收政府信息公开申请数量 | 26 | 26 | |||||||\n"
        "二、上年结转政府信息公开申请数量 | 0 | 0 | |||||||\n"
        "三、本年度办理结果 | (一)予以公开 | 26 | 26 | ||||||\n"
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | |||||||||\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    t = parse_tables(text, sections_of(text))["applications"]
    assert [t.cell(f"new.{c}").value for c in ("natural_person", "commercial", "total")] == [26, 0, 26]
    assert t.cell("new.natural_person").provenance == "pipe:placed-by-lone-applicant"
    assert t.cell("carried_over.total").value == 0
    assert t.cell("partial.total").value == 0 and t.cell("partial.total").provenance == "blank=0"
    assert t.cell("denied_state_secret.total").status == "missing"  # row not in the text


def _sparse_table3(rows: dict[str, str]) -> str:
    """A 2019 table 3 in the sparse pipe layout: given rows as written, others empty."""
    lines = ["三、收到和处理政府信息公开申请情况", "自然人 | 法人或其他组织 | 总计 | |||||||"]
    for spec in TEMPLATES["applications"]["2019"].rows:
        lines.append(f"{spec.labels[0]} | {rows.get(spec.key, '')} | |||||||")
    return "\n".join(lines + ["四、政府信息公开行政复议、行政诉讼情况", ""])


def test_column_identities_move_a_lone_value_off_the_natural_person():
    # commercial applicants: 2 new, 1 granted and 1 in 其他处理 (the lone `1 | 1`);
    # only the identities tell that the lone 1 cannot be the natural person's
    text = _sparse_table3(
        {
            "new": "17 | 2 | 19",
            "carried_over": "1 | 1",
            "granted": "9 | 1 | 10",
            "partial": "2 | 2",
            "unable_not_held": "6 | 6",
            "other": "1 | 1",
            "total_processed": "17 | 2 | 19",
            "carried_forward": "1 | 1",
        }
    )
    t = parse_tables(text, sections_of(text))["applications"]
    assert t.cell("new.natural_person").value == 17
    assert t.cell("total_processed.natural_person").value == 17
    assert t.cell("partial.natural_person").provenance == "pipe:placed-by-lone-applicant"
    assert t.cell("other.natural_person").value == 0  # not the natural person's ...
    assert t.cell("other.commercial").status == "ambiguous"  # ... but whose, the table does not say
    assert t.cell("new.natural_person").provenance == "pipe:placed-by-lone-applicant"
    assert any(n.startswith("other: column identities kept 5 of 6") for n in t.notes)


def test_table2_values_without_their_columns_are_missing_in_a_pipe_row():
    text = (
        "二、主动公开政府信息情况\n第二十条第(五)项 | ||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量\n"
        "行政许可 | 26 | ||\n其他对外管理服务事项 | 4 | 0 | 120 |\n三、收到和处理政府信息公开申请情况\n"
    )
    t = parse_tables(text, sections_of(text))["active_disclosure"]
    licensing = [t.cell(f"art20_5.licensing.{c}") for c in ("prev_count", "change", "decisions")]
    assert [c.status for c in licensing] == ["missing"] * 3 and licensing[0].raw == "26"
    assert t.cell("art20_5.other_services.decisions").value == 120


def test_hybrid_rows_separated_by_lone_pipes():
    # a lone `|` line before each row is a row separator there, not an empty cell
    cells = [
        "|",
        "行政复议 |",
        "行政诉讼 |",
        "|",
        "结果维持 |",
        "结果纠正 |",
        "其他结果 |",
        "尚未审结 |",
        "总计 |",
        "未经复议直接起诉 |",
        "复议后起诉 |",
        "|",
    ] + [f"{v} |" for v in (2, 0, 0, 1, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)]
    text = "四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(cells) + "\n五、存在的主要问题及改进情况\n"
    t = parse_tables(text, sections_of(text))["review_litigation"]
    assert [t.cell(f"review.{c}").value for c in ("upheld", "corrected", "other", "pending", "total")] == [
        2,
        0,
        0,
        1,
        3,
    ]
    assert t.cell("suit_direct.total").value == 1 and t.layout == "hybrid"
