"""Commands of the statement classifier: `train` and `evaluate` (`cli.py` registers them).

`export-sentences`, which reads a corpus, is a corpus command (textmine/corpus/commands.py)."""

from __future__ import annotations

import json
import shlex
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table as RichTable

from textmine.statements.annotations import read_annotations
from textmine.statements.evaluate import cross_validate, held_out
from textmine.statements.features import Example
from textmine.statements.model import BACKENDS, ModelError, load_model, make_classifier

console = Console(stderr=True)


def _print_metrics(m: dict) -> None:
    t = RichTable(
        title=f"{m.get('backend', '')} {m.get('scheme', 'held-out')}: macro-F1 {m['macro_f1']:.3f}, "
        f"accuracy {m['accuracy']:.3f}, n={m['n']}"
    )
    for c in ("label", "precision", "recall", "F1", "support"):
        t.add_column(c)
    for lab, v in m["per_class"].items():
        t.add_row(lab, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", str(v["support"]))
    console.print(t)
    cm = RichTable(title="confusion (rows gold, columns predicted)")
    cm.add_column("")
    for lab in m["labels"]:
        cm.add_column(lab)
    for lab, row in zip(m["labels"], m["confusion"]):
        cm.add_row(lab, *map(str, row))
    console.print(cm)


def train(
    annotations: Path = typer.Argument(
        ..., help="Annotated statements: textmine/doccano JSONL or Label Studio JSON (a file or a folder)."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Model folder to write, e.g. models/mymodel."),
    backend: str = typer.Option("sklearn", "--backend", help=f"One of: {', '.join(BACKENDS)}."),
    folds: int = typer.Option(5, "--folds", help="Cross-validation folds for the model card (0 = skip)."),
) -> None:
    """Train a statement classifier (problem / improvement / other) and save it with a model card.

    Examples:

      textmine train corpus/annotations/statements.jsonl --out models/default

      textmine export-sentences my_reports/ --weak --out weak.jsonl && textmine train weak.jsonl --out models/weak
    """
    try:
        examples: list[Example] = read_annotations(annotations)
    except (OSError, ValueError) as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from None
    card: dict = {
        "name": out.name,
        "training_data": str(annotations),
        "n_train": len(examples),
        "label_counts": {lab: sum(e.label == lab for e in examples) for lab in ("problem", "improvement", "other")},
        "command": " ".join(
            shlex.quote(a)
            for a in (
                ["textmine", "train", str(annotations), "--out", str(out), "--backend", backend, "--folds", str(folds)]
            )
        ),
    }
    if folds and folds > 1:
        m = cross_validate(examples, backend, folds=folds)
        _print_metrics(m)
        card["metrics"] = m
    t0 = time.perf_counter()
    clf = make_classifier(backend).fit(examples)
    card["training_seconds"] = round(time.perf_counter() - t0, 1)
    clf.save(out, card)
    console.print(f"saved {backend} model to {out} ({len(examples)} examples, {card['training_seconds']} s)")


def evaluate(
    annotations: Path = typer.Argument(..., help="Annotated statements (as for train)."),
    model: Optional[Path] = typer.Option(
        None,
        "--model",
        help="Evaluate this saved model on the annotations (held-out). Without it: k-fold cross-validation.",
    ),
    backend: str = typer.Option("sklearn", "--backend", help="Backend for cross-validation."),
    folds: int = typer.Option(5, "--folds", help="Number of folds."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON on stdout."),
) -> None:
    """Per-class precision, recall, F1 and the confusion matrix.

    Examples:

      textmine evaluate corpus/annotations/statements.jsonl --folds 5

      textmine evaluate my_labels.jsonl --model models/default
    """
    examples = read_annotations(annotations)
    if model is not None:
        try:
            m = held_out(load_model(model), examples)
        except ModelError as e:
            console.print(f"[red]error:[/red] {e}")
            raise typer.Exit(1) from None
    else:
        m = cross_validate(examples, backend, folds=folds)
    _print_metrics(m)
    if as_json:
        typer.echo(json.dumps(m, ensure_ascii=False, indent=2))
