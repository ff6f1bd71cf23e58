"""One page per body (agency) in the HTML report: its reports year by year, the series of
its figures, and the cross-year findings with evidence in both reports."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Callable

from textmine.site import svg
from textmine.site.page import esc, safe_id, static_head

STATUS_ORDER = {"fail": 0, "uncertain": 1, "not_assessable": 2, "pass": 3}


def body_file(agency_key: str) -> str:
    return hashlib.sha1(agency_key.encode("utf-8")).hexdigest()[:12] + ".html"


def body_pages(
    con, out_dir: Path, css: str, with_doc_pages: set[str], write: Callable[[Path, str], None]
) -> list[tuple]:
    """Write bodies/<hash>.html for every body with a report; return index rows
    (agency, file, years, reports, failed cross-year checks)."""
    reports = defaultdict(list)
    for key, doc_id, path, year, role, n_failed in con.execute("""
            SELECT a.agency_key, a.doc_id, d.path, a."year", a.role, d.n_failed
            FROM agencies a JOIN documents d USING (doc_id)
            WHERE a.agency_key IS NOT NULL ORDER BY a.agency_key, a."year", d.path""").fetchall():
        reports[key].append((doc_id, path, year, role, n_failed))
    received = dict(
        (
            (d, v)
            for d, v in con.execute(
                "SELECT doc_id, value FROM cells WHERE table_key = 'applications' AND \"key\" = 'new.total'"
            ).fetchall()
        )
    )
    granted = dict(
        (
            (d, v)
            for d, v in con.execute(
                "SELECT doc_id, value FROM cells WHERE table_key = 'applications' AND \"key\" = 'granted.total'"
            ).fetchall()
        )
    )
    findings = defaultdict(list)
    for row in con.execute("""SELECT agency_key, check_id, status, year_from, year_to, message, message_zh, evidence
                              FROM cross_checks ORDER BY agency_key, year_to, check_id""").fetchall():
        findings[row[0]].append(row[1:])
    index_rows = []
    for key, docs in reports.items():
        name = body_file(key)
        primary = [d for d in docs if d[3] == "primary"]
        years = [str(d[2]) for d in primary]
        charts = []
        if primary:
            charts.append(
                svg.bar_chart(
                    "Applications received (table 3), by year", years, [received.get(d[0]) or 0 for d in primary]
                )
            )
            charts.append(
                svg.bar_chart("Granted in full (予以公开), by year", years, [granted.get(d[0]) or 0 for d in primary])
            )
            fails_by_year = defaultdict(int)
            for _, status, _, y1, *_ in findings[key]:
                fails_by_year[y1] += status == "fail"
            charts.append(
                svg.bar_chart(
                    "Failed checks, by year (in the report + against the year before)",
                    years,
                    [d[4] + fails_by_year[d[2]] for d in primary],
                )
            )
        write(out_dir / name, _page(key, docs, charts, findings[key], css, with_doc_pages))
        n_fail = sum(f[1] == "fail" for f in findings[key])
        index_rows.append((key, name, years, len(docs), n_fail))
    return index_rows


def _doc_link(doc_id: str, label: str, with_doc_pages: set[str], anchor: str = "") -> str:
    if doc_id in with_doc_pages:
        return f'<a href="../docs/{esc(doc_id)}.html{esc(anchor)}">{esc(label)}</a>'
    return esc(label)


def _page(
    key: str, docs: list[tuple], charts: list[str], findings: list[tuple], css: str, with_doc_pages: set[str]
) -> str:
    rows = "".join(
        f"<tr><td>{esc(year or '—')}</td><td>{_doc_link(doc_id, path, with_doc_pages)}</td><td>{esc(role or '—')}</td>"
        f"<td>{esc(n_failed)}</td></tr>"
        for doc_id, path, year, role, n_failed in docs
    )
    items = []
    for check_id, status, y0, y1, message, message_zh, evidence in sorted(
        findings, key=lambda f: (STATUS_ORDER.get(f[1], 9), f[3], f[0])
    ):
        links = []
        for ev in json.loads(evidence or "[]"):
            if ev.get("kind") == "cell":
                anchor = "#" + safe_id("cell", ev.get("table"), ev.get("cell"))
                label = f"{ev.get('year')}: {ev.get('table')} {ev.get('cell')} = {ev.get('value')} ({ev.get('status')})"
            else:
                anchor = "#" + safe_id("span", ev.get("start"), ev.get("end"))
                label = f"{ev.get('year')}: “{str(ev.get('text', ''))[:40]}”"
            links.append(f"<li>{_doc_link(ev.get('doc_id', ''), label, with_doc_pages, anchor)}</li>")
        items.append(
            f'<li class="check-{esc(status)}"><b>{esc(status)}</b> <code>{esc(check_id)}</code> '
            f'{esc(y0)}→{esc(y1)}: {esc(message)}<div class="zh">{esc(message_zh)}</div>'
            f'<ul class="evidence">{"".join(links)}</ul></li>'
        )
    return f"""{static_head(key, css, "body-page")}
<p><a href="../index.html">← corpus</a></p>
<h1>{esc(key)}</h1>
<h2>Series</h2>
<div class="charts">{"".join(charts) or "<p>No report of this body could be read.</p>"}</div>
<h2>Reports</h2>
<table class="docs"><thead><tr><th>year</th><th>file</th><th>role</th><th>failed checks</th></tr></thead>
<tbody>{rows}</tbody></table>
<h2>Year against year</h2>
<ul class="findings">{"".join(items) or "<li>No two consecutive years to compare.</li>"}</ul>
</body></html>
"""
