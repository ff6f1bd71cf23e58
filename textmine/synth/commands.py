"""The `synth` command: synthetic reports with a ground truth, for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from textmine.synth.generate import generate

err_console = Console(stderr=True, soft_wrap=True)


def synth(
    n: int = typer.Option(100, "--n", help="Number of reports."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the reports and their .truth.json files."),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same seed writes the same files."),
) -> None:
    """Write synthetic reports with known inconsistencies and a ground truth per file.

    For tests and benchmarks only (not training data). Every layout real reports come in and both
    table templates occur; `<name>.truth.json` says which checks must fail and which must
    pass.

    Examples:

      textmine synth --n 2000 --out /tmp/synth --seed 7
    """
    if n < 0:
        err_console.print("[red]error:[/red] --n must be >= 0")
        raise typer.Exit(2)
    paths = generate(n, out, seed=seed)
    err_console.print(f"wrote {len(paths)} reports and truth files to {out}")
