"""One HTML page per document: findings, highlighted text, table grids.

Everything that comes from a report (text, titles, claim and cell text, messages, paths)
goes through `esc`, attributes included; ids are built from our own keys and offsets
only. A report containing `<script>`, `onerror=` or `javascript:` therefore renders as
the characters it contains.

Highlighting: the text is cut at every claim and statement boundary; each piece is
wrapped in the spans active over it (statement label outside, claim inside), so
overlapping spans never produce crossed tags. Every claim start carries an anchor
`#span-START-END` and every table cell `#cell-TABLE-KEY`, which is what a finding's
evidence links to.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any, Optional

from textmine.checks.names import STATUS_NAMES, check_name
from textmine.claims.names import claim_type_name
from textmine.tables.names import cell_name, localise, table_title
from textmine.tables.names import label as key_label

STATUS_ORDER = {"fail": 0, "uncertain": 1, "not_assessable": 2, "pass": 3}


def esc(s: Any) -> str:
    return escape("" if s is None else str(s), quote=True)


def static_head(title: str, css: str, body_class: str) -> str:
    """Page head for pages that run no script at all (the CSP forbids any)."""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{esc(title)}</title><style>{css}</style></head>
<body class="{esc(body_class)}">"""


def safe_id(*parts: Any) -> str:
    return "-".join(re.sub(r"[^A-Za-z0-9_.]", "_", str(p)) for p in parts)


def highlighted_text(text: str, claims: list[dict], statements: list[dict]) -> str:
    """The normalised text as HTML with <mark> claims inside labelled statement spans."""
    cuts = {0, len(text)}
    spans = []
    for c in claims:
        s, e = _clip(c.get("start"), c.get("end"), len(text))
        if s is not None:
            cuts.update((s, e))
            spans.append(("claim", s, e, c))
    for st in statements:
        s, e = _clip(st.get("start"), st.get("end"), len(text))
        if s is not None and st.get("label") in ("problem", "improvement"):
            cuts.update((s, e))
            spans.append(("statement", s, e, st))
    points = sorted(cuts)
    starts = {}
    for kind, s, e, obj in spans:
        if kind == "claim":
            starts.setdefault(s, []).append((e, obj))
    out = []
    for a, b in zip(points, points[1:]):
        for e, _ in starts.get(a, []):
            out.append(f'<a class="anchor" id="{safe_id("span", a, e)}"></a>')
        piece = esc(text[a:b])
        active = [(k, o) for k, s, e, o in spans if s <= a and b <= e]
        for k, o in active:
            if k == "claim":
                value = o.get("value")
                title = f"{o.get('type')} = {value if value is not None else '?'}{o.get('unit') or ''}"
                piece = (
                    f'<mark class="claim claim-{esc(safe_id(o.get("type")))}" title="{esc(title)}" '
                    f'data-type="{esc(o.get("type"))}">{piece}</mark>'
                )
        for k, o in active:
            if k == "statement":
                label = o.get("label")
                topics = ", ".join(o.get("topics") or [])
                piece = (
                    f'<span class="st st-{esc(label)}" title="{esc(label)}'
                    f'{(": " + esc(topics)) if topics else ""}">{piece}</span>'
                )
        out.append(piece)
    return "".join(out)


def _clip(s: Optional[int], e: Optional[int], n: int) -> tuple[Optional[int], int]:
    if s is None or e is None or not (0 <= s < e <= n):
        return None, 0
    return s, e


def table_grid(table_key: str, cells: list[dict], flagged: dict[str, str]) -> str:
    """A table as a grid: row labels down, column keys across; cells marked by status,
    and by the worst status of any check whose evidence names them (`flagged`)."""
    rows: list[tuple[Optional[str], str]] = []
    cols: list[str] = []
    by_pos: dict[tuple[Optional[str], str, str], dict] = {}
    for c in cells:
        r = (c.get("item"), c.get("row"))
        if r not in rows:
            rows.append(r)
        if c.get("col") not in cols:
            cols.append(c.get("col"))
        by_pos[(c.get("item"), c.get("row"), c.get("col"))] = c
    items_of: dict[str, list[Optional[str]]] = {}
    for item, _row, col in by_pos:
        items_of.setdefault(col, [])
        if item not in items_of[col]:
            items_of[col].append(item)

    def col_label(col: str) -> str:
        # table 2's items word a shared column key their own way (amount: 采购总金额, 本年收费金额)
        return "/".join(dict.fromkeys(key_label(table_key, col, item=i) for i in items_of.get(col) or [None]))

    head = "".join(f'<th title="{esc(col)}">{esc(col_label(col))}</th>' for col in cols)
    body = []
    for item, row in rows:
        tds = []
        for col in cols:
            c = by_pos.get((item, row, col))
            if c is None:
                tds.append('<td class="na"></td>')
                continue
            key = ".".join(x for x in (item, row, col) if x)
            classes = [f"cell-{esc(c.get('status') or 'ok')}"]
            check_status = flagged.get(f"{table_key}:{key}")
            if check_status:
                classes.append(f"check-{esc(check_status)}")
            value = c.get("value")
            shown = "—" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
            cand = c.get("candidates")
            tip = f"raw: {c.get('raw') or ''}" + (f"; candidates: {json.dumps(cand)}" if cand else "")
            tip += f"; {c.get('provenance')}" if c.get("provenance") else ""
            tds.append(
                f'<td id="{safe_id("cell", table_key, key)}" class="{" ".join(classes)}" '
                f'title="{esc(tip)}">{esc(shown)}{"≈" if c.get("approx") else ""}</td>'
            )
        shown_row = key_label(table_key, row)
        if item:
            shown_row = f"{key_label(table_key, item)} · {shown_row}"
        key_row = f"{item}.{row}" if item else row
        body.append(f'<tr><th title="{esc(key_row)}">{esc(shown_row)}</th>{"".join(tds)}</tr>')
    return (
        f'<table class="grid" data-table="{esc(table_key)}"><thead><tr><th></th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def evidence_links(evidence: Any, text: str = "") -> str:
    """Links to each piece of evidence: a claim quoted where it stands in the text (its
    sentence alone says nothing when a check cites several parts of one sentence), a cell
    by its table's wording."""
    if not isinstance(evidence, list):
        return ""
    links = []
    for ev in evidence:
        if not isinstance(ev, dict):
            continue
        kind = ev.get("kind")
        if kind == "claim" and isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int):
            s, e = ev["start"], ev["end"]
            if text and 0 <= s < e <= len(text):
                quote = f"…{text[max(0, s - 14) : s]}【{text[s:e]}】{text[e : e + 6]}…".replace("\n", " ")
            else:
                quote = f"“{ev.get('text', '')[:40]}”"
            label = f"{quote} ({claim_type_name(ev.get('type') or '')} = {ev.get('value')})"
            links.append(f'<a class="ev ev-claim" href="#{safe_id("span", ev["start"], ev["end"])}">{esc(label)}</a>')
        elif kind == "cell":
            value = ev.get("value")
            label = f"{cell_name(ev.get('table') or '', ev.get('cell') or '')} = {'—' if value is None else value}"
            label += f" ({ev.get('status')})" if ev.get("status") != "ok" else ""
            links.append(
                f'<a class="ev ev-cell" href="#{safe_id("cell", ev.get("table"), ev.get("cell"))}">{esc(label)}</a>'
            )
        elif kind == "section":
            links.append(f'<span class="ev">{esc(ev.get("key"))}: {esc(ev.get("title"))}</span>')
    return "".join(f"<li>{x}</li>" for x in links)


def flagged_cells(checks: list[dict]) -> dict[str, str]:
    """table:key -> worst status among the checks whose evidence names the cell."""
    out: dict[str, str] = {}
    for ch in checks:
        status = ch.get("status")
        if status not in ("fail", "uncertain"):
            continue
        for ev in ch.get("evidence") or []:
            if isinstance(ev, dict) and ev.get("kind") == "cell":
                k = f"{ev.get('table')}:{ev.get('cell')}"
                if k not in out or STATUS_ORDER[status] < STATUS_ORDER[out[k]]:
                    out[k] = status
    return out


# a table's verdict (tables/ and checks/): read whole, cells missing, nothing written in
# it, most identities failing
VERDICT_NAMES = {"ok": "完整", "partial": "不完整", "blank": "空白", "untrusted": "不可信"}
META_NAMES = {
    "title": "标题",
    "agency": "机关",
    "year": "年度",
    "published": "发布日期",
    "template": "表格模板",
    "script": "字形",
    "outline": "提纲",
    "format": "格式",
    "encoding": "编码",
}


def document_page(doc: dict, text: str, css: str, index_href: str = "../index.html") -> str:
    """One report's page: its findings (failures first) linked to their evidence, its
    tables with failed and ambiguous cells marked, and its text with claims and
    statements highlighted."""
    meta = doc.get("meta") or {}
    checks = sorted(doc.get("checks") or [], key=lambda c: (STATUS_ORDER.get(c.get("status"), 9), c.get("id", "")))
    flagged = flagged_cells(checks)
    title = meta.get("title") or doc.get("path")
    findings = []
    for ch in checks:
        status = ch.get("status")
        if status == "pass":
            continue
        findings.append(
            f'<li class="finding f-{esc(status)}"><span class="badge b-{esc(status)}">'
            f"{esc(STATUS_NAMES.get(status, status))}</span> <b>{esc(check_name(ch.get('id') or ''))}</b> "
            f'<code>{esc(ch.get("id"))}</code><div class="zh">{esc(localise(ch.get("message_zh") or ""))}</div>'
            f'<div class="en">{esc(ch.get("message"))}</div>'
            f'<ul class="evidence">{evidence_links(ch.get("evidence"), text)}</ul></li>'
        )
    passed = [c for c in checks if c.get("status") == "pass"]
    errors = "".join(
        f'<li class="error"><code>{esc(e.get("code"))}</code> {esc(e.get("message"))}</li>'
        for e in doc.get("errors") or []
    )
    grids = []
    for key, table in (doc.get("tables") or {}).items():
        grids.append(
            f'<section class="table"><h3>{esc(table_title(key))} <small><code>{esc(key)}</code> '
            f"模板 template {esc(table.get('template'))}, "
            f'layout {esc(table.get("layout"))}, 判定 verdict <b class="verdict v-{esc(table.get("verdict") or "ok")}">'
            f"{esc(VERDICT_NAMES.get(table.get('verdict') or 'ok', ''))} {esc(table.get('verdict') or 'ok')}</b>"
            f"</small></h3>{table_grid(key, table.get('cells') or [], flagged)}"
            f"</section>"
        )
    meta_rows = "".join(
        f'<tr><th title="{esc(k)}">{esc(META_NAMES.get(k, k))}</th><td>{esc(v)}</td></tr>' for k, v in meta.items()
    )
    legend = (
        '<p class="legend"><mark class="claim">数字陈述 claim</mark> <span class="st st-problem">问题 problem</span> '
        '<span class="st st-improvement">改进 improvement</span> · 单元格 cells: '
        '<span class="cell-ambiguous">无法确定 ambiguous</span> <span class="cell-missing">缺失 missing</span> '
        '<span class="check-fail">不一致的检查所涉 in a failed check</span> '
        '<span class="check-uncertain">存疑的检查所涉 in an uncertain check</span></p>'
    )
    passed_items = "".join(
        f"<li>{esc(check_name(c.get('id') or ''))} <code>{esc(c.get('id'))}</code> "
        f"{esc(localise(c.get('message_zh') or '') or c.get('message'))}</li>"
        for c in passed
    )
    errors_list = f'<ul class="errors">{errors}</ul>' if errors else ""
    findings_list = "".join(findings) or "<li>没有不一致或存疑的检查。No failed or open checks.</li>"
    return f"""{static_head(title, css, "doc")}
<nav><a href="{esc(index_href)}">← corpus</a></nav>
<h1>{esc(title)}</h1>
<p class="path"><code>{esc(doc.get("path"))}</code> · <code>{esc(doc.get("doc_id"))}</code></p>
<table class="meta">{meta_rows}</table>
{errors_list}
<h2>检查结果 Findings</h2>
<ul class="findings">{findings_list}</ul>
<details><summary>{len(passed)} 项检查一致 checks passed</summary><ul>{passed_items}</ul></details>
<h2>表格 Tables</h2>
{"".join(grids) or "<p>No tables were read.</p>"}
<h2>正文 Text</h2>
{legend}
<div class="text">{highlighted_text(text, doc.get("claims") or [], doc.get("statements") or [])}</div>
</body></html>
"""
