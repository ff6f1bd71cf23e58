"""Across reports: agency identity, duplicates and mirrors, and the cross-year checks on
series of reports written for the test (several bodies over five years, both templates,
with each chain broken on purpose somewhere)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb")

from textmine.agency import agency_key, identify  # noqa: E402
from textmine.checks.values import balance_status  # noqa: E402
from textmine.corpus import run_corpus  # noqa: E402
from textmine.corpus.crossyear import _sum  # noqa: E402
from textmine.document import Cell  # noqa: E402
from textmine.synth.series import make_series  # noqa: E402


def test_agency_keys_regions_and_levels():
    assert agency_key("关于 广州市 天河区 人民政府的") == "广州市天河区人民政府"
    assert agency_key("集安市民政局2021年度政府信息公开工作年度报告") == "集安市民政局"
    gov = identify("四川省达州市大竹县人民政府")
    assert (gov.region, gov.level) == ("四川省达州市大竹县", "county") and gov.confidence >= 0.9
    assert identify("北京市人民政府办公厅").level == "city"
    assert identify("清河街道办事处").level == "township"
    assert identify("吉林省").level == "province"
    dept = identify("大竹县农民工服务中心")
    assert (dept.region, dept.level) == ("大竹县", "department")
    bare = identify("民政局")  # could be any of thousands: grouped only by its printed name, low confidence
    assert bare.region is None and bare.confidence < 0.5
    assert identify("国家税务总局").level == "national"
    assert identify(None).key is None and identify("  ").key is None


def test_status_of_a_cross_check_follows_the_cells():
    """The per-document checks' interval arithmetic: a missing cell is [0, ∞), so a sum with
    one still fails when no value could make it hold."""

    def status(left, right):
        return balance_status(_sum(left), _sum(right))

    def cell(v, st="ok"):
        return Cell("r", "c", v, str(v), st, candidates=[[v], [v + 10]] if st == "ambiguous" else None)

    ok = (cell(5), 1)
    assert status([ok], [(cell(5), 1)]) == "pass"
    assert status([ok], [(cell(6), 1)]) == "fail"
    assert status([ok], [(cell(6, "ambiguous"), 1)]) == "fail"  # 6 or 16: never 5
    assert status([ok], [(cell(5, "ambiguous"), 1)]) == "uncertain"  # 5 or 15
    assert status([ok], [(cell(None, "missing"), 1)]) == "not_assessable"
    assert status([ok], [(None, 1)]) == "not_assessable"  # absent
    assert status([(cell(9), 1), (cell(4), -1)], [ok]) == "pass"
    # in force this year (100) can't exceed last year's (50) + made (10) - repealed (unknown, >= 0)
    assert status([(cell(100), 1)], [(cell(50), 1), (cell(10), 1), (cell(None, "missing"), -1)]) == "fail"
    assert status([(cell(55), 1)], [(cell(50), 1), (cell(10), 1), (cell(None, "missing"), -1)]) == "uncertain"


@pytest.fixture(scope="module", params=[11, 12])
def series_run(request, tmp_path_factory):
    root = tmp_path_factory.mktemp("series")
    files, truth = make_series(request.param, 6)
    for name, data in files:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    out = tmp_path_factory.mktemp("series_out")
    run_corpus(root, out, workers=2, progress=False)
    con = duckdb.connect(str(out / "results.duckdb"), read_only=True)
    yield root, out, truth, con
    con.close()


def test_every_injected_break_is_found_and_nothing_else_fails(series_run):
    _, _, truth, con = series_run
    assert truth["fail"], "the series must contain breaks to find"
    kinds = {f["check"].split(".")[1] for f in truth["fail"]}
    assert len(kinds) >= 2
    got = {
        (a, y, c)
        for a, y, c in con.execute(
            "SELECT agency_key, year_to, check_id FROM cross_checks WHERE status = 'fail'"
        ).fetchall()
    }
    want = {(f["agency"], f["year_to"], f["check"]) for f in truth["fail"]}
    assert got == want
    # every consecutive pair of every body was compared, on both templates
    ids = {r[0].split(".")[1] for r in con.execute("SELECT DISTINCT check_id FROM cross_checks").fetchall()}
    assert {"carry", "in_force", "prev_count"} <= ids
    pairs = con.execute("SELECT count(DISTINCT (agency_key, year_from)) FROM cross_checks").fetchone()[0]
    assert pairs == sum(len(years) - 1 for years in truth["bodies"].values())


def test_evidence_names_both_reports(series_run):
    _, _, _, con = series_run
    row = con.execute(
        "SELECT doc_from, doc_to, evidence FROM cross_checks WHERE check_id LIKE 'x.carry.%' LIMIT 1"
    ).fetchone()
    evidence = json.loads(row[2])
    assert {e["doc_id"] for e in evidence} == {row[0], row[1]}
    assert all(e["path"] and e["year"] for e in evidence)


def test_bodies_duplicates_and_mirrors(series_run):
    root, out, truth, con = series_run
    keys = {k for (k,) in con.execute("SELECT DISTINCT agency_key FROM agencies").fetchall()}
    assert keys == set(truth["bodies"])
    paths = dict(con.execute("SELECT path, doc_id FROM files").fetchall())
    for a, b in truth["duplicates"]:  # the same bytes twice: one document, two paths
        assert paths[str(root / a)] == paths[str(root / b)]
    roles = {
        p: (role, same)
        for p, role, same in con.execute(
            "SELECT d.path, a.role, a.same_as FROM agencies a JOIN documents d USING (doc_id)"
        ).fetchall()
    }
    for a, b in truth["mirrors"]:  # the same report in another layout: one primary, one mirror of it
        ra, rb = roles[str(root / a)], roles[str(root / b)]
        assert sorted([ra[0], rb[0]]) == ["mirror", "primary"]
        mirror, primary = (ra, b) if ra[0] == "mirror" else (rb, a)
        assert mirror[1] == paths[str(root / primary)]
    for a, b in truth["conflicts"]:  # another report for the same body-year: flagged, the original read
        assert roles[str(root / a)][0] == "primary" and roles[str(root / b)] == ("conflict", paths[str(root / a)])
    n_mirrors = con.execute("SELECT count(*) FROM agencies WHERE role = 'mirror'").fetchone()[0]
    assert n_mirrors == len(truth["mirrors"])


def test_agencies_command_lists_bodies(series_run):
    from typer.testing import CliRunner

    from textmine.cli import app

    _, out, truth, _ = series_run
    res = CliRunner().invoke(app, ["agencies", str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert {b["agency"] for b in data["bodies"]} == set(truth["bodies"])
    assert all(b["years"] == truth["bodies"][b["agency"]] for b in data["bodies"])
    failing = CliRunner().invoke(app, ["agencies", str(out), "--failing", "--format", "json"])
    assert {b["agency"] for b in json.loads(failing.output)["bodies"]} == {f["agency"] for f in truth["fail"]}
    assert CliRunner().invoke(app, ["agencies", str(Path(out) / "nothing")]).exit_code == 2
    table = CliRunner().invoke(app, ["agencies", str(out)])
    assert table.exit_code == 0 and "2019–2023" in table.output


def test_report_has_a_page_per_body_with_series_and_findings(series_run, tmp_path):
    from textmine.site import build_site
    from textmine.site.bodies import body_file

    _, out, truth, _ = series_run
    build_site(out, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for agency in truth["bodies"]:
        assert f'href="bodies/{body_file(agency)}"' in index
    failing = truth["fail"][0]
    page = (tmp_path / "site" / "bodies" / body_file(failing["agency"])).read_text(encoding="utf-8")
    assert page.count("<svg") >= 3 and failing["check"] in page and 'class="check-fail"' in page
    assert "Content-Security-Policy" in page and "<script" not in page


def test_cross_stage_keeps_within_the_builds_memory_limit():
    """The build runs DuckDB with a small memory limit; 20,000 documents with 5 kB texts
    (100 MB) and 400,000 cells must pass through the cross-report stage under 48 MB."""
    from textmine.corpus.crossyear import add_cross_tables

    con = duckdb.connect()
    con.execute("SET memory_limit = '48MB'")
    con.execute("SET threads = 1")
    con.execute("""CREATE TABLE documents AS SELECT printf('%016d', i) AS doc_id, printf('/c/%06d.txt', i) AS path,
        printf('县%d局', i // 5) AS agency, 2019 + i % 5 AS "year", '2021' AS template, NULL::VARCHAR AS error
        FROM range(20000) t(i)""")
    con.execute(
        """CREATE TABLE texts AS SELECT doc_id, repeat('全年主动公开政府信息,', 500) AS "text" FROM documents"""
    )
    con.execute("""CREATE TABLE cells AS SELECT d.doc_id, 'applications' AS table_key, k AS ord,
        CASE WHEN k % 2 = 0 THEN 'carried_forward' ELSE 'carried_over' END || '.' ||
        ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total',
         'x', 'y', 'z'][k // 2 + 1] AS "key", 'c' || k AS col,
        (k % 3)::DOUBLE AS value, 'ok' AS status, false AS approx, NULL::VARCHAR AS candidates
        FROM documents d, range(20) r(k)""")
    con.execute("""CREATE TABLE claims (doc_id VARCHAR, ord INTEGER, "type" VARCHAR, value DOUBLE, "change" DOUBLE,
        change_pct DOUBLE, "text" VARCHAR, start INTEGER, "end" INTEGER, breakdown BOOLEAN, approx BOOLEAN)""")
    counts = add_cross_tables(con)
    assert counts["agencies"] == 20000 and counts["cross_checks"] > 0


def test_batches_do_not_change_the_cross_tables(series_run, tmp_path, monkeypatch):
    """The cross stage holds one batch of documents in memory at a time (so memory does
    not grow with the corpus); however small the batches, the tables come out the same."""
    import shutil

    import textmine.corpus.crossyear as crossyear

    _, out, _, con = series_run
    copy = tmp_path / "results.duckdb"
    shutil.copy(out / "results.duckdb", copy)
    mine = duckdb.connect(str(copy))
    try:
        mine.execute("DROP TABLE agencies")
        mine.execute("DROP TABLE cross_checks")
        monkeypatch.setattr(crossyear, "BATCH_DOCS", 3)
        counts = crossyear.add_cross_tables(mine)
        for table in ("agencies", "cross_checks"):
            want = con.execute(f"SELECT * FROM {table}").fetchall()
            assert mine.execute(f"SELECT * FROM {table}").fetchall() == want
            assert counts[table] == len(want)
        grouped = con.execute("SELECT count(*) FROM agencies WHERE same_as IS NOT NULL").fetchone()[0]
        assert grouped > 0  # reports of one body and year were told apart (fingerprints across batches)
    finally:
        mine.close()
