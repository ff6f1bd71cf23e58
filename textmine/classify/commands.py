"""CLI commands of the statement classifier: train, evaluate, export-sentences."""
from __future__ import annotations

import json
import shlex
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table as RichTable

from textmine.classify.annotations import read_annotations
from textmine.classify.evaluate import cross_validate, held_out
from textmine.classify.features import Example
from textmine.classify.model import BACKENDS, ModelError, load_model, make_classifier
from textmine.classify.units import units_of
from textmine.classify.weak import weak_label

console = Console(stderr=True)


def _weak_examples(corpus: Path) -> list[Example]:
    from textmine.classify import example_of
    from textmine.pipeline import analyze_path, iter_corpus
    out: list[Example] = []
    for p in iter_corpus(corpus):
        doc = analyze_path(p)
        if doc.errors:
            continue
        for u in units_of(doc.text, doc.sections):
            ex = example_of(u)
            label, conf = weak_label(ex)
            if conf >= 0.6:  # only confident weak labels become training data
                ex.label, ex.group = label, doc.doc_id
                out.append(ex)
    return out


def _print_metrics(m: dict) -> None:
    t = RichTable(title=f"{m.get('backend', '')} {m.get('scheme', 'held-out')}: macro-F1 {m['macro_f1']:.3f}, "
                        f"accuracy {m['accuracy']:.3f}, n={m['n']}")
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


def register(app: typer.Typer) -> None:
    @app.command()
    def train(
        annotations: Optional[Path] = typer.Argument(None, help="Annotated statements: textmine/doccano JSONL or "
                                                               "Label Studio JSON (a file or a folder)."),
        out: Path = typer.Option(..., "--out", "-o", help="Model folder to write, e.g. models/mymodel."),
        backend: str = typer.Option("sklearn", "--backend", help=f"One of: {', '.join(BACKENDS)}."),
        weak: Optional[Path] = typer.Option(None, "--weak", help="Also (or only) train on weak labels from the "
                                                                 "unlabelled reports under this folder."),
        folds: int = typer.Option(5, "--folds", help="Cross-validation folds for the model card (0 = skip)."),
    ) -> None:
        """Train a statement classifier (problem / improvement / other) and save it with a model card.

        Examples:

          textmine train corpus/annotations/statements.jsonl --out models/default

          textmine train --weak my_reports/ --out models/weak --backend spacy
        """
        if annotations is None and weak is None:
            console.print("[red]error:[/red] give ANNOTATIONS, --weak CORPUS_DIR, or both")
            raise typer.Exit(2)
        examples: list[Example] = []
        sources = []
        try:
            if annotations is not None:
                examples += read_annotations(annotations)
                sources.append(str(annotations))
        except (OSError, ValueError) as e:
            console.print(f"[red]error:[/red] {e}")
            raise typer.Exit(2)
        if weak is not None:
            w = _weak_examples(weak)
            console.print(f"{len(w)} weakly labelled sentences from {weak}")
            examples += w
            sources.append(f"weak labels from {weak}")
        card: dict = {"name": out.name, "training_data": " + ".join(sources), "n_train": len(examples),
                      "label_counts": {lab: sum(e.label == lab for e in examples) for lab in ("problem", "improvement", "other")},
                      "command": " ".join(shlex.quote(a) for a in (
                          ["textmine", "train"] + ([str(annotations)] if annotations else []) +
                          ["--out", str(out), "--backend", backend] +
                          (["--weak", str(weak)] if weak else []) + ["--folds", str(folds)]))}
        if folds and folds > 1:
            m = cross_validate(examples, backend, folds=folds)
            _print_metrics(m)
            card["metrics"] = m
        t0 = time.perf_counter()
        clf = make_classifier(backend).fit(examples)
        card["training_seconds"] = round(time.perf_counter() - t0, 1)
        clf.save(out, card)
        console.print(f"saved {backend} model to {out} ({len(examples)} examples, {card['training_seconds']} s)")

    @app.command()
    def evaluate(
        annotations: Path = typer.Argument(..., help="Annotated statements (as for train)."),
        model: Optional[Path] = typer.Option(None, "--model", help="Evaluate this saved model on the annotations "
                                                                   "(held-out). Without it: k-fold cross-validation."),
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
                raise typer.Exit(1)
        else:
            m = cross_validate(examples, backend, folds=folds)
        _print_metrics(m)
        if as_json:
            typer.echo(json.dumps(m, ensure_ascii=False, indent=2))

    @app.command("export-sentences")
    def export_sentences(
        corpus: Path = typer.Argument(..., help="A folder of reports (or one report)."),
        out: Path = typer.Option(..., "--out", "-o", help="JSONL to write (doccano-compatible)."),
        model: Optional[Path] = typer.Option(None, "--model", help="Model for pre-labels (default: the shipped one)."),
        limit: int = typer.Option(0, "--limit", help="Write at most this many sentences (0 = all)."),
    ) -> None:
        """Write sentences for annotation, least-confident first, pre-labelled by the model.

        Example:

          textmine export-sentences corpus/ --out to_label.jsonl --limit 500
        """
        from textmine.classify import classify_statements, default_model
        from textmine.pipeline import analyze_path, iter_corpus
        clf = load_model(model) if model is not None else default_model()
        rows = []
        paths = [corpus] if corpus.is_file() else list(iter_corpus(corpus))
        for p in paths:
            doc = analyze_path(p)
            if doc.errors:
                continue
            units = {(u.start, u.end): u for u in units_of(doc.text, doc.sections)}
            for s in classify_statements(doc.text, doc.sections, clf):
                u = units.get((s.start, s.end))
                rows.append({"text": s.text, "label": s.label, "score": s.score, "section": s.section,
                             "subheading": u.subheading if u else "", "doc": doc.doc_id, "path": doc.path,
                             "start": s.start, "end": s.end})
        rows.sort(key=lambda r: (r["score"], r["path"], r["start"]))
        if limit:
            rows = rows[:limit]
        tmp = out.with_name(out.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        tmp.replace(out)
        console.print(f"wrote {len(rows)} sentences to {out} (least confident first)")
