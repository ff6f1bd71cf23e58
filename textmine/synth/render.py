"""How a synthetic report's tables reach the reader: the layouts of SPEC §2.

Each renderer turns `Tables` into the text that scraping or conversion leaves behind:

- `pipe_full`   every cell between pipes, header rows included (seed 004);
- `pipe_sparse` table-3 zero cells left empty and dropped, so values lose their column (seed 002);
- `cell_per_line` one cell per line, blank lines between, header words wrapped (seed 003);
- `runs`        labels fused to whitespace-separated values, some separators lost (seed 000);
- `traditional` `pipe_full` in traditional script with pinyin injected after converted
                characters, stray tags and a mojibake fragment (seed 001);
- `html`        a page with real `<table>` markup, rowspan/colspan as government sites use.

Renderers return lines; the report assembler adds the prose around them.
"""

from __future__ import annotations

import html
import random
from typing import Callable

from textmine.synth.model import (
    FLOW_HEAD,
    FLOW_TAIL,
    MONEY_CELLS,
    RESULTS_HEAD,
    T2,
    T2_ITEM_LABELS,
    T3_APPLICANTS,
    T3_COL_LABELS,
    T4_COL_LABELS,
    T4_COLS,
    T4_GROUPS,
    Tables,
    t3_groups,
)

T3_NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"


def fmt(v: float, money: bool = False, suffix: bool = False) -> str:
    s = str(int(v)) if float(v).is_integer() else f"{v:g}"
    return s + ("万元" if money and suffix else "")


def t3_row_cells(t: Tables) -> list[tuple[list[str], str]]:
    """(label cells, row key) in printed order; label cells hold the group label first."""
    out: list[tuple[list[str], str]] = [([label], key) for key, label in FLOW_HEAD]
    first = True
    for group, rows in t3_groups(t.template):
        for i, (key, label) in enumerate(rows):
            cells = [] if not first else [RESULTS_HEAD]
            first = False
            if i == 0:
                cells.append(group)
            if label:
                cells.append(label)
            out.append((cells, key))
    out.extend(([label], key) for key, label in FLOW_TAIL)
    return out


def t3_values(t: Tables, row: str) -> list[int]:
    return [t.t3[f"{row}.{c}"] for c in T3_APPLICANTS + ["total"]]


def t4_values(t: Tables) -> list[int]:
    return [t.t4[f"{g}.{c}"] for g in T4_GROUPS for c in T4_COLS]


def t2_rows(t: Tables, money_suffix: bool):
    """(item label, header labels, [(row label, [value strings])]) per item."""
    for item, cols, rows in T2[t.template]:
        body = []
        for row, label in rows:
            vals = []
            for col, _ in cols:
                key = f"{item}.{row}.{col}"
                vals.append(fmt(t.t2[key], key in MONEY_CELLS, money_suffix and t.template == "2019"))
            body.append((label, vals))
        yield T2_ITEM_LABELS[item], [c for _, c in cols], body


# --- pipes ------------------------------------------------------------------------------


def pipe_tables(t: Tables, rng: random.Random, sparse: bool = False) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    lines = []
    for item, header, body in t2_rows(t, money_suffix=True):
        lines.append(f"{item} | | | |")
        lines.append(" | ".join(["信息内容"] + header + [""] * (3 - len(header))) + " |")
        for label, vals in body:
            lines.append(" | ".join([label] + vals + [""] * (3 - len(vals))) + " |")
    out["active_disclosure"] = lines
    lines = [
        f"{T3_NOTE} | 申请人情况 | ||||||||",
        "自然人 | 法人或其他组织 | 总计 | |||||||",
        "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | ||||",
    ]
    for labels, key in t3_row_cells(t):
        vals = [str(v) for v in t3_values(t, key)]
        if sparse:
            vals = [v for v in vals if v != "0"]
        pad = "|" * (10 - len(labels) - len(vals))
        lines.append(" | ".join(labels + vals) + " | " + pad)
    out["applications"] = lines
    out["review_litigation"] = [
        "行政复议 | 行政诉讼 | ||||||||||||||",
        " | ".join(T4_COL_LABELS) + " | 未经复议直接起诉 | 复议后起诉 | ||||||||",
        " | ".join(T4_COL_LABELS * 2) + " |",
        " | ".join(str(v) for v in t4_values(t)) + " |",
    ]
    return out


# --- one cell per line ------------------------------------------------------------------

_WRAP = {
    "本年新制作数量": "本年新\n制作数量",
    "本年新公开数量": "本年新\n公开数量",
    "上一年项目数量": "上一年\n项目数量",
    "本年制发件数": "本年\n制发件数",
    "本年处理决定数量": "本年处理\n决定数量",
}


def cell_per_line_tables(t: Tables, rng: random.Random) -> dict[str, list[str]]:
    def cells(seq: list[str]) -> list[str]:
        out = []
        for c in seq:
            if rng.random() < 0.06 and c.isdigit():
                c = rng.choice([f" {c}", f"{c} "])  # stray spaces, as scraped
            out.extend([c, ""])
        return out

    out: dict[str, list[str]] = {}
    lines: list[str] = []
    for item, header, body in t2_rows(t, money_suffix=True):
        lines += cells([item, "信息内容"] + [_WRAP.get(h, h) if rng.random() < 0.5 else h for h in header])
        for label, vals in body:
            lines += cells([label] + vals)
    out["active_disclosure"] = lines
    lines = cells([T3_NOTE, "申请人情况", "自然人", "法人或其他组织", "总计"] + T3_COL_LABELS[1:6])
    for labels, key in t3_row_cells(t):
        lines += cells(labels + [str(v) for v in t3_values(t, key)])
    out["applications"] = lines
    out["review_litigation"] = cells(
        ["行政复议", "行政诉讼"]
        + T4_COL_LABELS
        + ["未经复议直接起诉", "复议后起诉"]
        + T4_COL_LABELS * 2
        + [str(v) for v in t4_values(t)]
    )
    return out


# --- whitespace runs with fused digits --------------------------------------------------


def fuse(values: list[str], rng: random.Random, p: float) -> str:
    """Join values with spaces, losing some separators (`0 0 0 00 112112`)."""
    out = values[0]
    for v in values[1:]:
        out += ("" if rng.random() < p else " ") + v
    return out


def runs_tables(t: Tables, rng: random.Random) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    lines = []
    for item, header, body in t2_rows(t, money_suffix=True):
        lines.append(item)
        lines.append("信息内容" + "".join(header))
        for label, vals in body:
            fused_all = all(len(v) == 1 for v in vals) and rng.random() < 0.7
            lines.append(label + ("".join(vals) if fused_all else " ".join(vals)))
    out["active_disclosure"] = lines
    lines = [
        f"{T3_NOTE}申请人情况",
        "",
        "              自",
        "",
        "              然",
        "",
        "              人",
        "法人或其他组织总计",
        "".join(T3_COL_LABELS[1:6]),
    ]
    for labels, key in t3_row_cells(t):
        lines.append("".join(labels) + " " + fuse([str(v) for v in t3_values(t, key)], rng, 0.12))
    out["applications"] = lines
    vals = [str(v) for v in t4_values(t)]
    out["review_litigation"] = [
        "行政复议行政诉讼",
        "".join(T4_COL_LABELS) + "未经复议直接起诉复议后起诉",
        "".join(T4_COL_LABELS * 2),
        "".join(vals) if all(len(v) == 1 for v in vals) else " ".join(vals),
    ]
    return out


# --- HTML -------------------------------------------------------------------------------


def _td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    return f'<td{attrs}><p style="text-align:center">{html.escape(text)}</p></td>'


def html_tables(t: Tables, rng: random.Random) -> dict[str, list[str]]:
    """Tables 2-4 as the HTML a portal serves: real <table> markup with the two-level
    headers of table 3 and 4 as rowspan/colspan."""
    open_ = '<table class="xxgk-table" border="1" cellspacing="0" cellpadding="0" width="600">'
    out: dict[str, list[str]] = {}
    rows = [open_]
    for item, header, body in t2_rows(t, money_suffix=True):
        rows.append("<tr>" + _td(item, colspan=4) + "</tr>")
        if len(header) == 1:
            rows.append("<tr>" + _td("信息内容") + _td(header[0], colspan=3) + "</tr>")
        else:
            rows.append(
                "<tr>"
                + _td("信息内容")
                + "".join(_td(h) for h in header)
                + ("" if len(header) == 3 else _td(""))
                + "</tr>"
            )
        for label, vals in body:
            if len(vals) == 1:
                rows.append("<tr>" + _td(label) + _td(vals[0], colspan=3) + "</tr>")
            else:
                rows.append(
                    "<tr>" + _td(label) + "".join(_td(v) for v in vals) + ("" if len(vals) == 3 else _td("")) + "</tr>"
                )
    out["active_disclosure"] = rows + ["</table>"]

    rows = [
        open_,
        "<tr>" + _td(T3_NOTE, rowspan=3, colspan=3) + _td("申请人情况", colspan=7) + "</tr>",
        "<tr>" + _td("自然人", rowspan=2) + _td("法人或其他组织", colspan=5) + _td("总计", rowspan=2) + "</tr>",
        "<tr>" + "".join(_td(c) for c in T3_COL_LABELS[1:6]) + "</tr>",
    ]
    groups = t3_groups(t.template)
    n_results = sum(len(r) for _, r in groups) + 1  # + (七)总计
    vals = lambda key: "".join(_td(str(v)) for v in t3_values(t, key))  # noqa: E731
    for key, label in FLOW_HEAD:
        rows.append("<tr>" + _td(label, colspan=3) + vals(key) + "</tr>")
    first = True
    for group, grows in groups:
        for i, (key, label) in enumerate(grows):
            head = _td(RESULTS_HEAD, rowspan=n_results) if first else ""
            first = False
            if not label:
                rows.append("<tr>" + head + _td(group, colspan=2) + vals(key) + "</tr>")
            else:
                g = _td(group, rowspan=len(grows)) if i == 0 else ""
                rows.append("<tr>" + head + g + _td(label) + vals(key) + "</tr>")
    rows.append("<tr>" + _td(FLOW_TAIL[0][1], colspan=2) + vals("total_processed") + "</tr>")
    rows.append("<tr>" + _td(FLOW_TAIL[1][1], colspan=3) + vals("carried_forward") + "</tr>")
    out["applications"] = rows + ["</table>"]

    rows = [
        open_,
        "<tr>" + _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10) + "</tr>",
        "<tr>"
        + "".join(_td(c, rowspan=2) for c in T4_COL_LABELS)
        + _td("未经复议直接起诉", colspan=5)
        + _td("复议后起诉", colspan=5)
        + "</tr>",
        "<tr>" + "".join(_td(c) for c in T4_COL_LABELS * 2) + "</tr>",
        "<tr>" + "".join(_td(str(v)) for v in t4_values(t)) + "</tr>",
        "</table>",
    ]
    out["review_litigation"] = rows
    return out


RENDERERS: dict[str, Callable[[Tables, random.Random], dict[str, list[str]]]] = {
    "pipe_full": lambda t, rng: pipe_tables(t, rng),
    "pipe_sparse": lambda t, rng: pipe_tables(t, rng, sparse=True),
    "cell_per_line": cell_per_line_tables,
    "runs": runs_tables,
    "traditional": lambda t, rng: pipe_tables(t, rng),
    "html": html_tables,
}
LAYOUTS = tuple(RENDERERS)
# layouts in which every printed value keeps its position: a correct reader recovers
# every cell exactly, so every identity that holds must come out "pass"
STRICT_LAYOUTS = frozenset({"pipe_full", "cell_per_line", "traditional", "html"})

# --- traditional script with injected readings ------------------------------------------

# readings of characters whose traditional form differs from the simplified one (the
# ones seed 001 shows readings for, and the rest of the report vocabulary)
PINYIN = {
    "開": "kāi",
    "報": "bào",
    "條": "tiáo",
    "國": "guó",
    "辦": "bàn",
    "數": "shù",
    "據": "jù",
    "務": "wù",
    "縣": "xiàn",
    "請": "qǐng",
    "況": "kuàng",
    "項": "xiàng",
    "總": "zǒng",
    "計": "jì",
    "處": "chǔ",
    "體": "tǐ",
    "關": "guān",
    "機": "jī",
    "構": "gòu",
    "發": "fā",
    "佈": "bù",
    "網": "wǎng",
    "專": "zhuān",
    "門": "mén",
    "會": "huì",
    "議": "yì",
    "訴": "sù",
    "訟": "sòng",
    "複": "fù",
    "審": "shěn",
    "確": "què",
    "認": "rèn",
    "規": "guī",
    "範": "fàn",
    "區": "qū",
    "劃": "huà",
    "類": "lèi",
    "護": "hù",
    "權": "quán",
    "動": "dòng",
    "態": "tài",
    "統": "tǒng",
    "時": "shí",
    "間": "jiān",
    "場": "chǎng",
    "對": "duì",
    "應": "yìng",
    "頁": "yè",
    "導": "dǎo",
    "領": "lǐng",
    "職": "zhí",
    "員": "yuán",
    "無": "wú",
    "問": "wèn",
    "題": "tí",
    "進": "jìn",
    "經": "jīng",
    "濟": "jì",
    "費": "fèi",
    "財": "cái",
}


def to_traditional(text: str, rng: random.Random, reading_rate: float = 0.8) -> str:
    """Simplified -> traditional (OpenCC s2t), then a reading after most converted characters."""
    import opencc

    trad = opencc.OpenCC("s2t").convert(text)
    out = []
    for ch in trad:
        out.append(ch)
        if ch in PINYIN and rng.random() < reading_rate:
            out.append(f"({PINYIN[ch]})")
    return "".join(out)
