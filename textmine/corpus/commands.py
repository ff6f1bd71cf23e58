"""Sub-commands registered on the main CLI: `report` and `synth`.

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
    app.command("synth")(synth)


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
    if not (results / "results.duckdb").exists():
        err_console.print(f"[red]error:[/red] {results} has no results.duckdb "
                          f"(run `textmine analyze DIR --out {results}` first)")
        raise typer.Exit(2)
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
