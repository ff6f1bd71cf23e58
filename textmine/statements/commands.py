"""Commands of the statement classifier: `train` and `evaluate` (`cli.py` registers them).

`export-sentences`, which reads a corpus, is a corpus command (textmine/corpus/commands.py)."""

from __future__ import annotations

import json
import os
import shlex
import time
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from textmine.outputs import ForeignFolder, check_output_folder
from textmine.statements.annotations import read_annotations
from textmine.statements.classify import RULES, default_model
from textmine.statements.evaluate import cross_validate, held_out, seen_in_training, sentence_key
from textmine.statements.features import Example
from textmine.statements.model import LABELS, ModelError, load_model, make_classifier

console = Console(stderr=True, soft_wrap=True)


def _print_metrics(m: dict, title: str = "") -> None:
    interval = m.get("interval") or {}

    def iv(key: str) -> str:
        return f" [{interval[key][0]:.3f}–{interval[key][1]:.3f}]" if key in interval else ""

    t = RichTable(
        title=title
        or f"{m.get('backend', '')} {m.get('scheme', 'held-out')}: macro-F1 {m['macro_f1']:.3f}{iv('macro_f1')}, "
        f"accuracy {m['accuracy']:.3f}, n={m['n']}"
    )
    for c in ("label", "precision", "recall", "F1", "support"):
        t.add_column(c)
    for lab, v in m["per_class"].items():
        t.add_row(lab, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}{iv(lab)}", str(v["support"]))
    console.print(t)
    for src, sm in (m.get("by_source") or {}).items():
        _print_metrics(
            sm,
            title=f"{src} sentences ({sm['n']}, {sm['reports']} reports): macro-F1 {sm['macro_f1']:.3f}"
            + (
                f" [{sm['interval']['macro_f1'][0]:.3f}–{sm['interval']['macro_f1'][1]:.3f}, reports resampled]"
                if sm.get("interval")
                else ""
            ),
        )
    if title:
        return
    cm = RichTable(title="confusion (rows gold, columns predicted)")
    cm.add_column("")
    for lab in m["labels"]:
        cm.add_column(lab)
    for lab, row in zip(m["labels"], m["confusion"]):
        cm.add_row(lab, *map(str, row))
    console.print(cm)


def choose_statement_model(rules: bool) -> None:
    """Choose what labels statements before any document is read: the rules when asked
    for (also for corpus workers, which inherit the environment), else the model in use,
    which must load — a missing or changed model is a usage error, not a silent switch to
    the rules."""
    if rules:
        os.environ["TEXTMINE_MODEL"] = RULES
        return
    try:
        default_model()
    except ModelError as e:
        console.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from None


class Backend(str, Enum):
    sklearn = "sklearn"
    spacy = "spacy"


def _weights(specs: list[str]) -> dict[str, float]:
    out = dict(DEFAULT_WEIGHTS)
    for spec in specs:
        source, _, value = spec.partition("=")
        try:
            out[source.strip()] = float(value)
        except ValueError:
            raise typer.BadParameter(f"{spec!r}: write SOURCE=WEIGHT, e.g. real=3") from None
    return out


def _read(paths: list[Path], weights: dict[str, float]) -> list[Example]:
    examples: list[Example] = []
    for path in paths:
        try:
            examples.extend(read_annotations(path))
        except (OSError, ValueError) as e:
            console.print(f"[red]error:[/red] {escape(str(e))}")
            raise typer.Exit(2) from None
    for e in examples:
        if e.weight == 1.0:
            e.weight = weights.get(e.source, 1.0)
    return examples


# real report sentences are the distribution that matters: they count three times the
# project's own (measured on grouped folds: 3 over 1 raised real macro-F1 0.972 -> 0.978)
DEFAULT_WEIGHTS = {"real": 3.0}


def train(
    annotations: list[Path] = typer.Argument(
        ...,
        help="Annotated statements: textmine/doccano JSONL or Label Studio JSON (files or folders; several are "
        "trained on together).",
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Model folder to write, e.g. models/mymodel."),
    backend: Backend = typer.Option(
        Backend.sklearn, "--backend", help="sklearn (the default model's), or spacy (pip install 'textmine[spacy]')."
    ),
    folds: int = typer.Option(5, "--folds", min=0, help="Cross-validation folds for the model card (0 = skip)."),
    weight: list[str] = typer.Option(
        [], "--weight", help="How much a source's sentences count, SOURCE=WEIGHT (default real=3). Repeatable."
    ),
    force: bool = typer.Option(
        False, "--force", help="Write into a non-empty folder that is not a model folder (its files are replaced)."
    ),
) -> None:
    """Train a statement classifier (problem / improvement / other) and save it with a model card.

    Examples:

      textmine train corpus/annotations/statements.jsonl real.jsonl --out models/default

      textmine export-sentences my_reports/ --weak --out weak.jsonl && textmine train weak.jsonl --out models/weak
    """
    try:
        check_output_folder(out, "model folder", (out / "card.json").is_file(), "its files", force=force)
        make_classifier(backend.value)  # its library installed?
    except (ForeignFolder, ModelError) as e:
        console.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from None
    weights = _weights(weight)
    examples = _read(annotations, weights)
    by_source = {
        src or "user": {lab: sum(e.label == lab for e in examples if e.source == src) for lab in LABELS}
        for src in sorted({e.source for e in examples})
    }
    card: dict = {
        "name": out.name,
        "training_data": [str(a) for a in annotations],
        "n_train": len(examples),
        "label_counts": {lab: sum(e.label == lab for e in examples) for lab in LABELS},
        "sources": {
            src: {"sentences": sum(n.values()), "labels": n, "weight": weights.get(src if src != "user" else "", 1.0)}
            for src, n in by_source.items()
        },
        "command": " ".join(
            shlex.quote(a)
            for a in (
                ["textmine", "train", *map(str, annotations), "--out", str(out), "--backend", backend.value]
                + ["--folds", str(folds)]
                + [x for w in weight for x in ("--weight", w)]
            )
        ),
    }
    # so that `evaluate --model` can tell sentences the model was trained on from new ones
    card["training_sentences"] = sorted({sentence_key(e.text) for e in examples})
    if folds and folds > 1:
        m = cross_validate(examples, backend.value, folds=folds)
        _print_metrics(m)
        card["metrics"] = m
    t0 = time.perf_counter()
    clf = make_classifier(backend.value).fit(examples)
    card["training_seconds"] = round(time.perf_counter() - t0, 1)
    clf.save(out, card)
    console.print(f"saved {backend.value} model to {out} ({len(examples)} examples, {card['training_seconds']} s)")


def evaluate(
    annotations: list[Path] = typer.Argument(..., help="Annotated statements (as for train)."),
    model: Optional[Path] = typer.Option(
        None,
        "--model",
        help="Evaluate this saved model on the annotations (held-out). Without it: k-fold cross-validation.",
    ),
    backend: Backend = typer.Option(Backend.sklearn, "--backend", help="Backend for cross-validation."),
    folds: int = typer.Option(5, "--folds", min=2, help="Number of folds."),
    weight: list[str] = typer.Option([], "--weight", help="As for train (SOURCE=WEIGHT, default real=3)."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON on stdout."),
) -> None:
    """Per-class precision, recall, F1 and the confusion matrix; cross-validated with folds
    grouped by report, and scored for each source of sentences apart (real report
    sentences, the project's synthetic ones) with an interval for how wide the estimate is.

    Examples:

      textmine evaluate corpus/annotations/statements.jsonl real.jsonl --folds 5

      textmine evaluate my_labels.jsonl --model models/default
    """
    examples = _read(annotations, _weights(weight))
    if model is not None:
        try:
            clf = load_model(model)
        except ModelError as e:
            console.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
            raise typer.Exit(2) from None
        seen = seen_in_training(clf, examples)
        m = held_out(clf, examples)
        if seen is None:
            console.print(
                f"[yellow]note:[/yellow] {model}'s card does not list its training sentences: if these "
                "annotations overlap them, the figures overstate how it does on new reports",
                highlight=False,
            )
        elif any(seen):
            unseen = [e for e, s in zip(examples, seen) if not s]
            m["seen_in_training"] = sum(seen)
            console.print(
                f"[yellow]warning:[/yellow] {sum(seen)} of {len(examples)} sentences were in {model}'s training "
                "data: the figures on them overstate how it does on new reports",
                highlight=False,
            )
            if unseen:
                m["unseen"] = held_out(clf, unseen)
                u = m["unseen"]
                _print_metrics(u, f"not in its training data: macro-F1 {u['macro_f1']:.3f}, n={u['n']}")
    else:
        m = cross_validate(examples, backend.value, folds=folds)
    _print_metrics(m)
    if as_json:
        typer.echo(json.dumps(m, ensure_ascii=False, indent=2))
