"""Sub-commands registered on the main CLI: `report`, `agencies` and `synth`.

`cli._register_plugins()` imports this module and calls `register(app)`; the commands
live here, with the code they drive, so the CLI module stays thin.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

err_console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("agencies")(agencies)
    app.command("synth")(synth)


def _results_db(results: Path) -> Path:
    db = results / "results.duckdb"
    if not db.exists():
        err_console.print(f"[red]error:[/red] {results} has no results.duckdb "
                          f"(run `textmine analyze DIR --out {results}` first)")
        raise typer.Exit(2)
    return db


def _year_ranges(years: list[int]) -> str:
    """2019,2020,2021,2023 -> 2019–2021, 2023"""
    out: list[str] = []
    for y in years:
        if out and out[-1].split("–")[-1] == str(y - 1):
            out[-1] = out[-1].split("–")[0] + f"–{y}"
        else:
            out.append(str(y))
    return ", ".join(out)


def agencies(
    results: Path = typer.Argument(..., help="A results folder written by `textmine analyze DIR --out RESULTS/`."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json"),
    failing: bool = typer.Option(False, "--failing", help="Only bodies with a failed cross-year check."),
) -> None:
    """List the bodies behind the reports: their years, their reports, duplicates, and
    how their years agree (cross-year checks x.carry, x.in_force, x.prev_count, x.change).

    A body is identified by a normalised agency key (region and level when the name says
    so). `mirror` marks the same report published again under other bytes; `conflict` a
    different report for the same body and year. Byte-identical copies are one document
    with several paths.

    Examples:

      textmine agencies results/
      textmine agencies results/ --failing --format json
    """
    import json

    import duckdb
    con = duckdb.connect(str(_results_db(results)), read_only=True)
    try:
        rows = con.execute("""
            SELECT a.agency_key, any_value(a.region), any_value(a.level), max(a.confidence),
                   list(DISTINCT a."year" ORDER BY a."year") FILTER (WHERE a.role = 'primary'),
                   list(struct_pack(year := a."year", path := d.path, role := a.role, n_files := d.n_files)
                        ORDER BY a."year", d.path),
                   (SELECT count(*) FROM cross_checks x WHERE x.agency_key = a.agency_key AND x.status = 'fail'),
                   (SELECT list(x.check_id || ' ' || x.year_from || '→' || x.year_to ORDER BY x.year_to, x.check_id)
                      FROM cross_checks x WHERE x.agency_key = a.agency_key AND x.status = 'fail')
            FROM agencies a JOIN documents d USING (doc_id)
            WHERE a.agency_key IS NOT NULL GROUP BY a.agency_key ORDER BY a.agency_key""").fetchall()
        unknown = con.execute("SELECT count(*) FROM agencies WHERE agency_key IS NULL").fetchone()[0]
    finally:
        con.close()
    bodies = [{"agency": k, "region": region, "level": level, "confidence": conf, "years": years or [],
               "reports": reports, "failed_cross_checks": n_fail, "failures": fails or []}
              for k, region, level, conf, years, reports, n_fail, fails in rows
              if not failing or n_fail]
    if fmt == "json":
        typer.echo(json.dumps({"bodies": bodies, "reports_without_agency": unknown}, ensure_ascii=False, indent=1))
        return
    from rich.table import Table
    table = Table(title=f"{len(bodies)} bodies ({unknown} reports name none)")
    for col in ("agency", "level", "years", "reports", "cross-year failures"):
        table.add_column(col)
    for b in bodies:
        dup = sum(r["role"] in ("mirror", "conflict") or (r["n_files"] or 1) > 1 for r in b["reports"])
        reports = f"{len(b['reports'])}" + (f" ({dup} duplicate)" if dup else "")
        table.add_row(b["agency"], b["level"] or "", _year_ranges(b["years"]), reports,
                      "\n".join(b["failures"][:6]) or "—")
    Console().print(table)


def report(
    results: Path = typer.Argument(..., help="A results folder written by `textmine analyze DIR --out RESULTS/`."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the site (index.html, docs/)."),
    max_docs: Optional[int] = typer.Option(None, "--max-docs",
                                           help="Write pages only for this many documents (most failed checks first)."),
) -> None:
    """Write a static HTML site from a results folder: a dashboard and one page per report.

    The index has plots (failed checks by year and template, applications received,
    problem topics) and a sortable list of documents; each document page shows its
    findings with links to the evidence, its tables with failed and ambiguous cells
    marked, and the normalised text with claims and statements highlighted. Open
    SITE/index.html in a browser; no server is needed.

    Examples:

      textmine analyze corpus/ --out results/ && textmine report results/ --out site/
    """
    from textmine.report import build_site
    _results_db(results)
    s = build_site(results, out, max_docs=max_docs)
    err_console.print(f"{s.documents} documents, {s.pages} pages → {s.index}")


def synth(
    n: int = typer.Option(100, "--n", help="Number of reports."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the reports and their .truth.json files."),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same seed writes the same files."),
) -> None:
    """Write synthetic reports with known inconsistencies and a ground truth per file.

    For tests and benchmarks only (not training data). Every layout of SPEC §2 and both
    table templates occur; `<name>.truth.json` says which checks must fail and which must
    pass.

    Examples:

      textmine synth --n 2000 --out /tmp/synth --seed 7
    """
    if n < 0:
        err_console.print("[red]error:[/red] --n must be >= 0")
        raise typer.Exit(2)
    from textmine.synth import generate
    paths = generate(n, out, seed=seed)
    err_console.print(f"wrote {len(paths)} reports and truth files to {out}")
