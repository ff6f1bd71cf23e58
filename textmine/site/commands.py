"""The `report` command: a static HTML site from a results folder."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from textmine.corpus.commands import results_db
from textmine.outputs import ForeignFolder
from textmine.site.build import build_site

err_console = Console(stderr=True, soft_wrap=True)


def report(
    results: Path = typer.Argument(..., help="A results folder written by `textmine analyze DIR --out RESULTS/`."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the site (index.html, docs/)."),
    max_docs: Optional[int] = typer.Option(
        None, "--max-docs", min=0, help="Write pages only for this many documents (most failed checks first)."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Write into a non-empty folder that is not a textmine site (its docs/, bodies/ "
        "and index.html are replaced).",
    ),
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
    results_db(results)
    try:
        s = build_site(results, out, max_docs=max_docs, force=force)
    except ForeignFolder as e:
        err_console.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from None
    err_console.print(f"{s.documents} documents, {s.pages} pages → {s.index}")
