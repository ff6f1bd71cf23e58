"""Across reports: which reports belong to one body, and whether its years agree.

Runs inside the results build, on the database the single-report stages filled, and adds
two tables:

- `agencies`: one row per document: the agency key, region, level and confidence
  (textmine.agency), and its role among the body's reports of that year: `primary` (the
  one the cross-year checks read), `mirror` (the same report again: same text or the same
  tables, not all zero, under other bytes, e.g. a web page and its PDF), `conflict` (another, different
  report for the same body and year: a revision, or two bodies sharing a name).
  Byte-identical copies are one document already (`files.n_files`).
- `cross_checks`: findings between the primary reports of a body for years N and N+1,
  with the same statuses as the single-report checks and evidence naming both reports.

Rules are data (CROSS_RULES): an id template, the template versions both years must
have, the terms on each side as (year offset, table, cell key, sign).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterator, Optional, Sequence

from textmine.agency import identify
from textmine.checks.values import Interval, balance_status, cell_interval, total
from textmine.document import Cell, json_number
from textmine.tables.templates import TEMPLATES, VERSIONS

T3_COLS = tuple(c.key for c in TEMPLATES["applications"][VERSIONS[0]].cols)

Term = tuple[int, str, str, int]  # (0 = year N, 1 = year N+1), table, cell key, sign


@dataclass(frozen=True)
class CrossRule:
    id: str  # with {k}
    over: Sequence[str]
    left: Sequence[Term]
    right: Sequence[Term]
    templates: Optional[tuple[str, str]]  # (template of N, template of N+1); None: any
    message_en: str
    message_zh: str


CROSS_RULES: list[CrossRule] = [
    CrossRule(
        "x.carry.{k}",
        T3_COLS,
        [(0, "applications", "carried_forward.{k}", 1)],
        [(1, "applications", "carried_over.{k}", 1)],
        None,
        "{k}: carried forward at the end of {y0} ({left}) vs carried over at the start of {y1} ({right})",
        "{k}:{y0}年结转下年度({left})应等于{y1}年上年结转({right})",
    ),
    CrossRule(
        "x.in_force.{k}",
        ("regulations", "normative_documents"),
        [(1, "active_disclosure", "art20_1.{k}.in_force", 1)],
        [
            (0, "active_disclosure", "art20_1.{k}.in_force", 1),
            (1, "active_disclosure", "art20_1.{k}.made", 1),
            (1, "active_disclosure", "art20_1.{k}.repealed", -1),
        ],
        ("2021", "2021"),
        "{k}: in force at the end of {y1} ({left}) vs in force at the end of {y0} plus made minus repealed in "
        "{y1} ({right})",
        "{k}:{y1}年现行有效件数({left})应等于{y0}年现行有效件数加{y1}年制发减废止({right})",
    ),
    CrossRule(
        "x.prev_count.{k}",
        ("art20_5.licensing", "art20_5.other_services", "art20_6.punishment", "art20_6.enforcement", "art20_8.fees"),
        [(1, "active_disclosure", "{k}.prev_count", 1)],
        [(0, "active_disclosure", "{k}.prev_count", 1), (0, "active_disclosure", "{k}.change", 1)],
        ("2019", "2019"),
        "{k}: previous-year count in {y1} ({left}) vs {y0}'s previous-year count plus its change ({right})",
        "{k}:{y1}年上一年项目数量({left})应等于{y0}年上一年项目数量加本年增/减({right})",
    ),
]

# narrative year-on-year changes: claim type -> the table cell that counts the same thing
CHANGE_CELLS = {
    "applications_received": ("applications", "new.total"),
    "review_cases": ("review_litigation", "review.total"),
}

# ... and the claim types no table counts: last year's first headline claim is the figure
HEADLINE_TYPES = ("published_items",)

_AGENCIES_DDL = """CREATE TABLE agencies (doc_id VARCHAR, agency_key VARCHAR, agency VARCHAR, region VARCHAR,
    level VARCHAR, confidence DOUBLE, "year" INTEGER, role VARCHAR, same_as VARCHAR)"""
_CROSS_DDL = """CREATE TABLE cross_checks (agency_key VARCHAR, check_id VARCHAR, status VARCHAR, year_from INTEGER,
    year_to INTEGER, doc_from VARCHAR, doc_to VARCHAR, "left" VARCHAR, "right" VARCHAR, message VARCHAR,
    message_zh VARCHAR, evidence VARCHAR)"""


def add_cross_tables(con) -> dict[str, int]:
    """Create `agencies` and `cross_checks` in the open results database.

    The build runs DuckDB with a small memory limit and must not grow with the corpus,
    so Python holds one batch of documents at a time and the grouping is SQL:
    1. identities (textmine.agency, Python) a batch of documents at a time, into x_ident;
    2. fingerprints that tell a mirror from a conflict, aggregated in SQL a batch at a
       time, for the documents that share a body and a year with another;
    3. roles by SQL window functions: the most completely read report of a body's year
       (path breaks ties) is its primary, the others mirrors or conflicts of it;
    4. pairs of consecutive years' primaries, and their findings a batch at a time.
    Rows come out in the order a full in-memory pass gave: agencies by path, findings
    by body (in order of its first report's path), then year."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE x_order AS SELECT row_number() OVER (ORDER BY path) AS n, doc_id, path, "
        'agency, "year", template, error FROM documents ORDER BY path'
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE x_ident (doc_id VARCHAR, agency_key VARCHAR, agency VARCHAR, "
        'region VARCHAR, level VARCHAR, confidence DOUBLE, "year" INTEGER, role VARCHAR, same_as VARCHAR)'
    )
    for batch in _batches(con, "x_order", 'doc_id, agency, "year"'):
        rows = []
        for doc_id, agency, year in batch:
            ident = identify(agency)
            rows.append((doc_id, ident.key, agency, ident.region, ident.level, ident.confidence, year, None, None))
        _insert(con, "x_ident", rows)
    # readable reports of a body's year; key_first orders the bodies as their first report does
    con.execute("""CREATE OR REPLACE TEMP TABLE x_members AS
        SELECT i.doc_id, i.agency_key, i."year", o.n, o.path, o.template,
               min(o.n) OVER (PARTITION BY i.agency_key) AS key_first,
               count(*) OVER (PARTITION BY i.agency_key, i."year") AS n_same
        FROM x_ident i JOIN x_order o USING (doc_id)
        WHERE i.agency_key IS NOT NULL AND coalesce(i."year", 0) <> 0 AND o.error IS NULL""")
    _fingerprints(con)
    con.execute("""CREATE OR REPLACE TEMP TABLE x_ranked AS
        SELECT m.*, f.text_fp, f.table_fp,
               row_number() OVER (PARTITION BY m.agency_key, m."year" ORDER BY coalesce(f.ok, 0) DESC, m.path) AS rank
        FROM x_members m LEFT JOIN x_fp f USING (doc_id)""")
    con.execute(_AGENCIES_DDL)
    con.execute("""INSERT INTO agencies
        SELECT i.doc_id, i.agency_key, i.agency, i.region, i.level, i.confidence, i."year",
               CASE WHEN r.rank = 1 THEN 'primary'
                    WHEN r.rank > 1 AND (r.text_fp IS NOT DISTINCT FROM p.text_fp
                                         OR (r.table_fp IS NOT NULL AND r.table_fp = p.table_fp)) THEN 'mirror'
                    WHEN r.rank > 1 THEN 'conflict' END,
               CASE WHEN r.rank > 1 THEN p.doc_id END
        FROM x_ident i JOIN x_order o USING (doc_id)
        LEFT JOIN x_ranked r USING (doc_id)
        LEFT JOIN x_ranked p ON p.agency_key = r.agency_key AND p."year" = r."year" AND p.rank = 1
        ORDER BY o.n""")
    con.execute("""CREATE OR REPLACE TEMP TABLE x_pairs AS
        SELECT row_number() OVER (ORDER BY a.key_first, a."year") AS n, a.agency_key, a."year",
               a.doc_id AS doc0, a.path AS path0, a.template AS tpl0, b.doc_id AS doc1, b.path AS path1,
               b.template AS tpl1
        FROM x_ranked a JOIN x_ranked b ON b.agency_key = a.agency_key AND b."year" = a."year" + 1
        WHERE a.rank = 1 AND b.rank = 1 ORDER BY n""")
    con.execute(_CROSS_DDL)
    findings = 0
    for batch in _batches(con, "x_pairs", 'agency_key, "year", doc0, path0, tpl0, doc1, path1, tpl1', BATCH_DOCS // 2):
        rows = _pair_findings(con, [(key, y, (d0, p0, t0), (d1, p1, t1)) for key, y, d0, p0, t0, d1, p1, t1 in batch])
        _insert(con, "cross_checks", rows)
        findings += len(rows)
    agencies = con.execute("SELECT count(*) FROM agencies").fetchone()[0]
    for t in ("x_order", "x_ident", "x_members", "x_fp", "x_ranked", "x_pairs"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    return {"agencies": agencies, "cross_checks": findings}


BATCH_DOCS = 2000  # documents whose cells and claims are in Python memory at once


def _batches(con, table: str, columns: str, size: Optional[int] = None) -> Iterator[list[tuple]]:
    """Rows of a temp table numbered 1..N in column `n`, in order, `size` (default
    BATCH_DOCS) at a time; each query reads only the row groups its range covers."""
    size = size or BATCH_DOCS
    total = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    for lo in range(1, total + 1, size):
        yield con.execute(
            f"SELECT {columns} FROM {table} WHERE n >= $lo AND n < $hi ORDER BY n", {"lo": lo, "hi": lo + size}
        ).fetchall()


def _with_docs(con, doc_ids: list[str], sql: str) -> list[tuple]:
    """Run `sql` (which joins `x_docs`) for these documents only; its rows."""
    con.execute("CREATE OR REPLACE TEMP TABLE x_docs (doc_id VARCHAR)")
    _insert(con, "x_docs", [(d,) for d in doc_ids])
    try:
        return con.execute(sql).fetchall()
    finally:
        con.execute("DROP TABLE x_docs")


def _fingerprints(con) -> None:
    """x_fp(doc_id, text_fp, table_fp, ok) for the members of x_members that share a body
    and a year with another: the text without whitespace and punctuation, hashed; the
    tables' cells, hashed (None when every cell is 0: all-zero tables are common to small
    bodies and tell reports apart from nothing); the cells read as ok."""
    con.execute("CREATE OR REPLACE TEMP TABLE x_fp (doc_id VARCHAR, text_fp VARCHAR, table_fp VARCHAR, ok BIGINT)")
    con.execute("""CREATE OR REPLACE TEMP TABLE x_shared AS
        SELECT row_number() OVER (ORDER BY n) AS n, doc_id FROM x_members WHERE n_same > 1 ORDER BY n""")
    for batch in _batches(con, "x_shared", "doc_id"):
        _with_docs(
            con,
            [d for (d,) in batch],
            """INSERT INTO x_fp
            WITH c AS (
                SELECT c.doc_id, count(*) FILTER (WHERE c.status = 'ok') AS ok,
                       bool_or(coalesce(c.value, 0) <> 0) AS nonzero,
                       md5(string_agg(c.table_key || '.' || c."key" || '=' || coalesce(CAST(c.value AS VARCHAR), '-'),
                                      ',' ORDER BY c.table_key, c.ord)) AS fp
                FROM cells c JOIN x_docs USING (doc_id) GROUP BY c.doc_id)
            SELECT x.doc_id, md5(regexp_replace(t."text", '[\\s\\p{P}]', '', 'g')),
                   CASE WHEN c.nonzero THEN c.fp END, coalesce(c.ok, 0)
            FROM x_docs x LEFT JOIN texts t USING (doc_id) LEFT JOIN c USING (doc_id)""",
        )
    con.execute("DROP TABLE x_shared")


def _insert(con, table: str, rows: list[tuple]) -> None:
    """Rows into `table` through an Arrow table: DuckDB's executemany inserts row by row
    (milliseconds each), which made this stage a third of a corpus run."""
    if not rows:
        return
    import pyarrow as pa

    columns = con.execute(f"DESCRIBE {table}").fetchall()  # (name, type, ...)
    arrow_type = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "INTEGER": pa.int32()}
    batch = pa.table({c[0]: pa.array([r[i] for r in rows], type=arrow_type[c[1]]) for i, c in enumerate(columns)})
    con.register("_rows", batch)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


def _cells_of(con, doc_ids: list[str]) -> dict[str, dict[tuple[str, str], Cell]]:
    """(table, key) -> the cells the cross rules read, as the per-document checks see them."""
    out: dict[str, dict[tuple[str, str], Cell]] = defaultdict(dict)
    if not doc_ids:
        return out
    for doc_id, table, key, value, status, approx, candidates in _with_docs(
        con,
        doc_ids,
        """
            SELECT c.doc_id, c.table_key, c."key", c.value, c.status, c.approx, c.candidates
            FROM cells c JOIN x_docs USING (doc_id)
            WHERE (c.table_key = 'applications' AND (c."key" LIKE 'carried_%' OR c."key" = 'new.total'))
               OR (c.table_key = 'active_disclosure' AND (c.col IN ('in_force', 'made', 'repealed', 'prev_count',
                                                                    'change')))
               OR (c.table_key = 'review_litigation' AND c."key" = 'review.total')""",
    ):
        row, _, col = key.rpartition(".")
        out[doc_id][(table, key)] = Cell(
            row,
            col,
            value,
            status=status,
            approx=bool(approx),
            candidates=json.loads(candidates) if candidates else None,
        )
    return out


def _claims_with_change(con, doc_ids: list[str]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = defaultdict(list)
    for row in _with_docs(
        con,
        doc_ids,
        """
            SELECT c.doc_id, c."type", c.value, c."change", c.change_pct, c."text", c.start, c."end"
            FROM claims c JOIN x_docs USING (doc_id)
            WHERE (c."change" IS NOT NULL OR c.change_pct IS NOT NULL) AND NOT c.breakdown AND c.value IS NOT NULL
              AND NOT c.approx
            ORDER BY c.doc_id, c.ord""",
    ):
        out[row[0]].append(row[1:])
    return out


def _headline_claims(con, doc_ids: list[str]) -> dict[str, dict[str, tuple]]:
    """doc -> type -> (value, approx) of its first headline claim, for types no table counts."""
    out: dict[str, dict[str, tuple]] = defaultdict(dict)
    types = ", ".join("'" + t.replace("'", "''") + "'" for t in HEADLINE_TYPES)
    for doc_id, ctype, value, approx in _with_docs(
        con,
        doc_ids,
        f"""
            SELECT c.doc_id, c."type", c.value, c.approx FROM claims c JOIN x_docs USING (doc_id)
            WHERE c."type" IN ({types}) AND NOT c.breakdown AND c.value IS NOT NULL
            ORDER BY c.doc_id, c.ord""",
    ):
        out[doc_id].setdefault(ctype, (value, approx))
    return out


def _sum(terms: list[tuple[Optional[Cell], int]]) -> Interval:
    """Σ sign × cell, in the per-document checks' interval arithmetic: a missing or absent
    cell is [0, ∞) (so a sum can still fail: in force ≤ last year's + made), an ambiguous
    one spans its candidates, an approximate one its range."""
    return total(cell_interval(cell).scaled(sign) for cell, sign in terms)


def _pair_findings(con, pairs: list[tuple]) -> list[tuple]:
    doc_ids = sorted({d for _, _, a, b in pairs for d in (a[0], b[0])})
    cells = _cells_of(con, doc_ids)
    changes = _claims_with_change(con, doc_ids)
    headlines = _headline_claims(con, doc_ids)
    out: list[tuple] = []
    for key, y0, (doc0, path0, tpl0), (doc1, path1, tpl1) in pairs:
        docs = ((doc0, path0, y0), (doc1, path1, y0 + 1))
        for rule in CROSS_RULES:
            if rule.templates and (tpl0, tpl1) != rule.templates:
                continue
            for k in rule.over:
                terms: dict[str, list[tuple[Optional[Cell], int]]] = {}
                evidence = []
                for side_name, side in (("left", rule.left), ("right", rule.right)):
                    terms[side_name] = []
                    for offset, table, cell_tpl, sign in side:
                        cell_key = cell_tpl.format(k=k)
                        doc_id, path, year = docs[offset]
                        cell = cells[doc_id].get((table, cell_key))
                        terms[side_name].append((cell, sign))
                        evidence.append(_cell_evidence(doc_id, path, year, table, cell_key, cell))
                if all(e["status"] == "absent" for e in evidence):
                    continue  # neither report has these rows (another template, or no table read)
                left, right = _sum(terms["left"]), _sum(terms["right"])
                status = balance_status(left, right)
                fmt = {"k": k, "y0": y0, "y1": y0 + 1, "left": _said(left), "right": _said(right)}
                out.append(
                    (
                        key,
                        rule.id.format(k=k),
                        status,
                        y0,
                        y0 + 1,
                        doc0,
                        doc1,
                        json.dumps(left.label()),
                        json.dumps(right.label()),
                        rule.message_en.format(**fmt),
                        rule.message_zh.format(**fmt),
                        json.dumps(evidence, ensure_ascii=False),
                    )
                )
        out.extend(_change_findings(key, docs, cells, changes, headlines))
    return out


def _cell_evidence(doc_id: str, path: str, year: int, table: str, key: str, cell: Optional[Cell]) -> dict:
    """A cell of one of the two reports, as a cross-year finding's evidence."""
    return {
        "kind": "cell",
        "doc_id": doc_id,
        "path": path,
        "year": year,
        "table": table,
        "cell": key,
        "value": json_number(cell.value) if cell else None,
        "status": cell.status if cell else "absent",
    }


def _said(iv: Interval) -> Any:
    """A sum as a message gives it: the value, a range, or ? when nothing is known."""
    if iv.exact:
        return iv.label()
    if not iv.known:
        return "?"
    lo, hi = iv.label()
    return f"{'' if lo is None else lo}..{'' if hi is None else hi}"


def _pct_interval(value: float, pct: float) -> tuple[float, float]:
    """Last year's figure that `value` and a change of `pct` % (as rounded in print) imply."""
    text = f"{abs(pct):.6f}".rstrip("0").rstrip(".")
    half = 0.5 * 10 ** -(len(text.split(".")[1]) if "." in text else 0)
    a, b = value / (1 + (pct + half) / 100), value / (1 + (pct - half) / 100) if pct - half > -100 else float("inf")
    return min(a, b), max(a, b)


def _change_findings(key: str, docs, cells, changes, headlines) -> list[tuple]:
    """较上年增加10件 / 同比增长20%: this year's figure and the stated change give last
    year's figure; last year's report must say the same (its table, else its prose)."""
    (doc0, path0, y0), (doc1, path1, y1) = docs
    out = []
    seen = set()
    for ctype, value, change, pct, text, start, end in changes.get(doc1, []):
        if ctype in seen:
            continue
        if ctype in CHANGE_CELLS:
            table, cell_key = CHANGE_CELLS[ctype]
            cell = cells[doc0].get((table, cell_key))
            prev = cell_interval(cell)
            prev_ev = _cell_evidence(doc0, path0, y0, table, cell_key, cell)
        elif ctype in HEADLINE_TYPES:
            said_before, approx = headlines.get(doc0, {}).get(ctype, (None, False))
            prev = _claimed(said_before, approx)
            prev_ev = {
                "kind": "claim",
                "doc_id": doc0,
                "path": path0,
                "year": y0,
                "type": ctype,
                "value": json_number(said_before),
            }
        else:
            continue
        seen.add(ctype)
        claim_ev = {
            "kind": "claim",
            "doc_id": doc1,
            "path": path1,
            "year": y1,
            "type": ctype,
            "value": json_number(value),
            "text": text,
            "start": start,
            "end": end,
        }
        if change is not None:
            claim_ev["change"] = json_number(change)
            implied = Interval(value - change, value - change, True)
            said = f"{json_number(change):+}"
            st = balance_status(implied, prev)
        else:
            claim_ev["change_pct"] = pct
            lo, hi = _pct_interval(value, pct)
            # the printed percentage is rounded: last year's figure may lie anywhere it allows
            implied = Interval(lo, hi, False, why="approximate (rounded percentage)")
            said = f"{pct:+g}%"
            st = "fail" if pct <= -100 and value > 0 else balance_status(implied, prev)
        shown = f"{lo:.1f}..{hi:.1f}" if change is None else _said(implied)
        out.append(
            (
                key,
                f"x.change.{ctype}",
                st,
                y0,
                y1,
                doc0,
                doc1,
                json.dumps(shown if change is None else implied.label()),
                json.dumps(prev.label()),
                f"{ctype}: {y1} states {json_number(value)}, {said} on {y0}, which gives {shown}; "
                f"the {y0} report says {_said(prev)}",
                f"{ctype}:{y1}年称{json_number(value)},较上年{said},推得{y0}年为{shown};{y0}年报告为{_said(prev)}",
                json.dumps([claim_ev, prev_ev], ensure_ascii=False),
            )
        )
    return out


def _claimed(value: Optional[float], approx: bool) -> Interval:
    """What last year's prose said, as an interval (approximate: 120余 is at least ~120)."""
    if value is None:
        return cell_interval(None)
    if approx:
        return Interval(value * 0.9, float("inf"), False, why="approximate claim")
    return Interval(value, value, True)
