"""`textmine report RESULTS/ --out SITE/`: a static HTML site from a results folder.

    build_site(results, out, max_docs=None) -> SiteSummary

Reads `results.duckdb` (read-only) and `documents.jsonl`; writes `index.html` (the
corpus dashboard: plots as inline SVG and a sortable document list) and
`docs/<doc_id>.html` for each document. No server, no CDN, no external file: the pages
open from disk. Pages are written under temporary names and renamed when complete.
Memory stays flat: documents are streamed from documents.jsonl one at a time, and
texts fetched per document.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import orjson

from textmine.checks.names import check_name
from textmine.corpus.build import publish_dir
from textmine.outputs import RESULTS_KIND, SITE_KIND, check_output_folder, is_marked, mark_output
from textmine.site import svg
from textmine.site.bodies import body_pages
from textmine.site.page import document_page, esc
from textmine.statements.topics import topic_names

CSS = """
body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:1.5rem auto;max-width:1200px;
 padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.4rem} h2{font-size:1.15rem;border-bottom:1px solid #ddd;margin-top:2rem}
code{font-size:.85em;background:#f5f5f5;padding:0 .2em}
figure{display:inline-block;margin:0 1.5rem 1.5rem 0;vertical-align:top}
figcaption{font-weight:600;margin-bottom:.3rem}
rect.bar{fill:#4a78b5} rect.bar:hover{fill:#2c5288}
table.docs{border-collapse:collapse;width:100%;font-size:.9rem}
table.docs th{cursor:pointer;background:#eef;position:sticky;top:0;text-align:left}
table.docs th,table.docs td{border-bottom:1px solid #e4e4e4;padding:.2rem .4rem;vertical-align:top}
table.docs th.sorted-asc::after{content:" ▲"} table.docs th.sorted-desc::after{content:" ▼"}
.fails{color:#b00020;font-size:.8rem}
.text{white-space:pre-wrap;border:1px solid #ddd;padding:1rem;background:#fcfcfc}
mark.claim{background:#ffe38a;padding:0 1px;border-radius:2px}
.st-problem{border-bottom:2px solid #d9534f;background:rgba(217,83,79,.07)}
.st-improvement{border-bottom:2px solid #2e8b57;background:rgba(46,139,87,.07)}
a.anchor:target+*,:target{outline:3px solid #ff7f0e}
table.grid{border-collapse:collapse;font-size:.8rem;margin-bottom:1rem}
table.grid th,table.grid td{border:1px solid #ccc;padding:.1rem .35rem;text-align:right}
table.grid tbody th{text-align:left;font-weight:normal;background:#fafafa}
.cell-ambiguous{background:#fff0b3} .cell-missing{background:#e0e0e0;color:#777}
.check-fail{background:#f8c4c4;font-weight:700} .check-uncertain{background:#ffe0b3}
td.na{background:#f7f7f7}
.badge{display:inline-block;border-radius:3px;padding:0 .4em;font-size:.75rem;color:#fff}
.b-fail{background:#b00020} .b-uncertain{background:#e08a00} .b-not_assessable{background:#888}
.b-pass{background:#2e8b57}
ul.findings li{margin-bottom:.5rem} ul.evidence{font-size:.85rem} .zh{color:#555;font-size:.85rem}
table.meta th{text-align:left;padding-right:1rem;font-weight:normal;color:#666}
.legend{font-size:.85rem}
"""

# Sorting the document list: a click on a header sorts by that column's data-v values.
SORT_JS = """
document.querySelectorAll('table.docs th').forEach(function (th) {
  var col = Array.prototype.indexOf.call(th.parentNode.children, th);
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var asc = !th.classList.contains('sorted-asc');
    th.closest('tr').querySelectorAll('th').forEach(function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
    th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
    var num = th.dataset.type === 'num';
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
      var r = num ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, 'zh');
      return asc ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
""".strip()

# Check ids grouped into families for the dashboard (t3.rowsum.new and t3.rowsum.granted are one family)
# a heat-map row per check as a reader names it: t3.balance.natural_person and
# n2t.outcome.denied are rows t3.balance and n2t.outcome (checks/names.py names them)
_FAMILY_DEPTH = {"t3": 2, "t4": 2, "n2t": 2, "n2n": 2, "doc": 2, "n": 2, "x": 2}

_APPLICATION_BINS = [
    (0, 0, "0"),
    (1, 5, "1–5"),
    (6, 10, "6–10"),
    (11, 20, "11–20"),
    (21, 50, "21–50"),
    (51, 100, "51–100"),
    (101, 200, "101–200"),
    (201, 500, "201–500"),
    (501, None, "> 500"),
]


@dataclass
class SiteSummary:
    documents: int
    pages: int
    index: str


def family(check_id: str) -> str:
    parts = check_id.split(".")
    return ".".join(parts[: _FAMILY_DEPTH.get(parts[0], len(parts))])


def build_site(
    results: Path | str, out: Path | str, max_docs: Optional[int] = None, force: bool = False
) -> SiteSummary:
    """Write the site into `out`: a new or empty folder, or a site written before (its
    marker says so); anything else raises ForeignFolder unless `force`."""
    import duckdb

    results, out = Path(results), Path(out)
    db = results / "results.duckdb"
    if not db.exists():
        raise FileNotFoundError(f"{db} not found: run `textmine analyze DIR --out {results}` first")
    # a site written before, or a results folder (its own names never collide with a site's)
    ours = is_marked(out, SITE_KIND) or is_marked(out, RESULTS_KIND)
    check_output_folder(out, SITE_KIND, ours, "its docs/, bodies/ and index.html", force=force)
    out.mkdir(parents=True, exist_ok=True)
    mark_output(out, SITE_KIND)
    staging = out / f".building.{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "docs").mkdir(parents=True)
    (staging / "bodies").mkdir(parents=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        charts = _charts(con)
        totals = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE n_failed > 0), "
            "count(*) FILTER (WHERE error IS NOT NULL) FROM documents"
        ).fetchone()
        docs = con.execute(
            """
            SELECT d.doc_id, d.path, d.agency, d.year, d.template, d.n_failed,
                   array_to_string(d.failed_checks, ' '), d.error, d.n_claims
            FROM documents d ORDER BY d.n_failed DESC, d.path LIMIT $n""",
            {"n": INDEX_ROWS},
        ).fetchall()
        with_pages = {
            row[0]
            for row in con.execute(
                "SELECT doc_id FROM documents ORDER BY n_failed DESC, path LIMIT $n",
                {"n": max_docs if max_docs is not None else totals[0]},
            ).fetchall()
        }
        pages = _document_pages(con, results, staging / "docs", with_pages)
        bodies = body_pages(con, staging / "bodies", CSS, with_pages, _write) if _has_table(con, "agencies") else []
        index = _index(docs, charts, with_pages, bodies, totals)
    finally:
        con.close()
    _write(staging / "index.html", index)
    publish_dir(staging / "docs", out / "docs")
    publish_dir(staging / "bodies", out / "bodies")
    os.replace(staging / "index.html", out / "index.html")
    shutil.rmtree(staging, ignore_errors=True)
    return SiteSummary(documents=totals[0], pages=pages, index=str(out / "index.html"))


def _charts(con) -> list[str]:
    """The dashboard's plots as inline SVG: failed checks by year and template, the
    applications received, the problem topics."""
    charts = []
    rows = con.execute("""
        SELECT d.doc_id, coalesce(CAST(d.year AS VARCHAR), '?') || ' · ' || coalesce('tpl ' || d.template, 'no table'),
               c.check_id, c.status
        FROM checks c JOIN documents d USING (doc_id)
        WHERE c.status IN ('pass', 'fail', 'uncertain')""").fetchall()
    assessed: dict[tuple[str, str], set] = {}
    failing: dict[tuple[str, str], set] = {}
    for doc_id, group, check_id, status in rows:
        key = (family(check_id), group)
        assessed.setdefault(key, set()).add(doc_id)
        if status == "fail":
            failing.setdefault(key, set()).add(doc_id)
    if assessed:
        fams = sorted({k[0] for k in assessed})
        groups = sorted({k[1] for k in assessed})
        share = {k: len(failing.get(k, ())) / len(v) for k, v in assessed.items()}
        counts = {k: len(v) for k, v in assessed.items()}
        charts.append(
            svg.heatmap(
                "各项检查不一致的报告比例 Share of reports failing each check, by year and table template",
                fams,
                groups,
                share,
                counts,
                row_labels={f: f"{check_name(f)}" for f in fams},
            )
        )
    received = [
        v
        for (v,) in con.execute("""
        SELECT value FROM cells WHERE table_key = 'applications' AND key = 'new.total' AND value IS NOT NULL
        """).fetchall()
    ]
    source = "table 3 new.total"
    if not received:  # no tables read: fall back to what the prose claims
        received = [
            v
            for (v,) in con.execute("""
            SELECT max(value) FROM claims WHERE type = 'applications_received' AND NOT breakdown
            AND value IS NOT NULL GROUP BY doc_id""").fetchall()
        ]
        source = "the prose (no table 3 read)"
    if received:
        counts_by_bin = [
            sum(1 for v in received if lo <= v and (hi is None or v <= hi)) for lo, hi, _ in _APPLICATION_BINS
        ]
        charts.append(
            svg.bar_chart(
                f"每份报告收到的申请数 Applications received per report ({source}), number of reports",
                [b[2] for b in _APPLICATION_BINS],
                counts_by_bin,
            )
        )
    topics = con.execute("""
        SELECT topic, count(DISTINCT doc_id) AS n FROM (
            SELECT doc_id, unnest(topics) AS topic FROM statements WHERE label = 'problem')
        GROUP BY topic ORDER BY n DESC, topic LIMIT 20""").fetchall()
    if topics:
        charts.append(
            svg.bar_chart(
                "存在问题的主题 Problem topics: reports that state a problem on each topic",
                [topic_names().get(t, t) for t, _ in topics],
                [n for _, n in topics],
                horizontal=True,
            )
        )
    return charts


_LEADING_ID = re.compile(rb'\{"doc_id":"([0-9a-zA-Z_-]+)"')


def _document_pages(con, results: Path, docs_dir: Path, with_pages: set[str]) -> int:
    n = 0
    css = CSS
    with open(results / "documents.jsonl", "rb") as f:
        for line in f:
            # the id leads each line: documents without a page (--max-docs) are passed over
            # without parsing their ~100 kB of JSON
            m = _LEADING_ID.match(line)
            if m is not None and m.group(1).decode() not in with_pages:
                continue
            doc = orjson.loads(line)
            if doc["doc_id"] not in with_pages:
                continue
            row = con.execute("SELECT text FROM texts WHERE doc_id = ?", [doc["doc_id"]]).fetchone()
            _write(docs_dir / f"{doc['doc_id']}.html", document_page(doc, row[0] if row else "", css))
            n += 1
    return n


def _has_table(con, name: str) -> bool:
    return bool(
        con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0]
    )


def _bodies_table(bodies: list[tuple]) -> str:
    if not bodies:
        return "<p>No body could be identified.</p>"
    rows = "".join(
        f'<tr><td data-v="{esc(key)}"><a href="bodies/{esc(name)}">{esc(key)}</a></td>'
        f'<td data-v="{esc(",".join(years))}">{esc(", ".join(years))}</td><td data-v="{n}">{n}</td>'
        f'<td data-v="{fails}">{fails}</td></tr>'
        for key, name, years, n, fails in sorted(bodies, key=lambda b: (-b[4], b[0]))
    )
    head = "".join(
        f'<th data-type="{t}">{esc(h)}</th>'
        for h, t in (
            ("机关 body", "str"),
            ("年度 years", "str"),
            ("报告 reports", "num"),
            ("跨年度不一致 failed year-on-year checks", "num"),
        )
    )
    return f'<table class="docs"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


# The index lists this many documents at most (those with the most failed checks first): a
# list of a million rows is no page a browser opens; the documents table has them all.
INDEX_ROWS = 5000


def _index(
    docs: list[tuple], charts: list[str], with_pages: set[str], bodies: list[tuple], totals: tuple[int, int, int]
) -> str:
    script_hash = base64.b64encode(hashlib.sha256(SORT_JS.encode()).digest()).decode()
    n_docs, n_failed, n_errors = totals
    shown = (
        ""
        if len(docs) >= n_docs
        else f"<p>The {len(docs):,} documents with the most failed checks of {n_docs:,}; every document is in "
        "<code>results.duckdb</code> (table <code>documents</code>) and "
        "<code>parquet/documents.parquet</code>.</p>"
    )
    rows = []
    for doc_id, path, agency, year, template, n_fail, failed, error, n_claims in docs:
        link = f'<a href="docs/{esc(doc_id)}.html">{esc(path)}</a>' if doc_id in with_pages else esc(path)
        fails = " ".join(f'<code title="{esc(check_name(x))}">{esc(x)}</code>' for x in (failed or "").split())
        rows.append(
            f'<tr><td data-v="{esc(path)}">{link}</td><td data-v="{esc(agency or "")}">{esc(agency or "—")}</td>'
            f'<td data-v="{esc(year or 0)}">{esc(year or "—")}</td>'
            f'<td data-v="{esc(template or "")}">{esc(template or "—")}</td>'
            f'<td data-v="{n_fail}">{n_fail}</td><td data-v="{esc(failed or "")}" class="fails">{fails}</td>'
            f'<td data-v="{esc(error or "")}">{esc(error or "")}</td><td data-v="{n_claims}">{n_claims}</td></tr>'
        )
    headers = [
        ("文件 file", "str"),
        ("机关 agency", "str"),
        ("年度 year", "num"),
        ("模板 template", "str"),
        ("不一致 failed", "num"),
        ("不一致的检查 failed checks", "str"),
        ("错误 error", "str"),
        ("陈述 claims", "num"),
    ]
    head = "".join(f'<th data-type="{t}">{esc(h)}</th>' for h, t in headers)
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{script_hash}'"
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>textmine 年度报告检查 corpus report</title><style>{CSS}</style></head>
<body class="index">
<h1>政府信息公开工作年度报告检查 <small>corpus report</small></h1>
<p>共 {n_docs} 份报告 documents · {n_failed} 份至少一项检查不一致 with a failed check ·
{n_errors} 份无法分析 could not be analysed</p>
<h2>概览 Dashboard</h2>
<div class="charts">{"".join(charts) or "<p>No checks to plot.</p>"}</div>
<h2>机关 Bodies</h2>
<p>各机关历年报告及前后年度的核对。Each body's reports over the years, its series and the checks of one year
against the next.</p>
{_bodies_table(list(bodies))}
<h2>报告 Documents</h2>
{shown}<p>点击表头排序。Click a column header to sort.</p>
<table class="docs"><thead><tr>{head}</tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>
<script>{SORT_JS}</script>
</body></html>
"""


def _write(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8")  # inside the staging folder: not visible until swapped in
