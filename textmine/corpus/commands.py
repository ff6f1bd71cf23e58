"""Corpus commands: `agencies` (bodies across a results folder) and `export-sentences`
(a corpus's sentences for annotation). `cli.py` registers them."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from textmine.agency import LEVEL_NAMES
from textmine.corpus.walk import iter_corpus
from textmine.pipeline import Pipeline
from textmine.statements import classify_statements, default_model, example_of
from textmine.statements.model import ModelError, load_model
from textmine.statements.units import units_of
from textmine.statements.weak import weak_label
from textmine.terminal import LANG_HELP, Lang, stdout_console

err_console = Console(stderr=True, soft_wrap=True)


def results_db(results: Path) -> Path:
    """The results database of a results folder, or exit 2 saying how to make one."""
    db = results / "results.duckdb"
    if not db.exists():
        err_console.print(
            f"[red]error:[/red] {results} has no results.duckdb (run `textmine analyze DIR --out {results}` first)"
        )
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


class AgencyFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def agencies(
    results: Path = typer.Argument(..., help="A results folder written by `textmine analyze DIR --out RESULTS/`."),
    fmt: AgencyFormat = typer.Option(
        AgencyFormat.table, "--format", "-f", help="table, json or csv (one row per body)."
    ),
    failing: bool = typer.Option(False, "--failing", help="Only bodies with a failed cross-year check."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help=LANG_HELP),
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
    import duckdb

    con = duckdb.connect(str(results_db(results)), read_only=True)
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
    bodies = [
        {
            "agency": k,
            "region": region,
            "level": level,
            "confidence": conf,
            "years": years or [],
            "reports": reports,
            "failed_cross_checks": n_fail,
            "failures": fails or [],
        }
        for k, region, level, conf, years, reports, n_fail, fails in rows
        if not failing or n_fail
    ]
    if fmt is AgencyFormat.json:
        typer.echo(json.dumps({"bodies": bodies, "reports_without_agency": unknown}, ensure_ascii=False, indent=1))
        return
    if fmt is AgencyFormat.csv:
        import csv

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["agency", "region", "level", "years", "reports", "failed_cross_checks", "failures"])
        for b in bodies:
            w.writerow(
                [b["agency"], b["region"] or "", b["level"] or "", _year_ranges(b["years"]), len(b["reports"])]
                + [b["failed_cross_checks"], "; ".join(b["failures"])]
            )
        return
    from rich import box
    from rich.table import Table

    console = stdout_console()
    zh = lang is Lang.zh
    title = (
        f"{len(bodies)} 个机关({unknown} 份报告未能识别机关)"
        if zh
        else f"{len(bodies)} bodies ({unknown} reports name none)"
    )
    table = Table(title=title, title_justify="left", box=box.HEAVY_HEAD if console.is_terminal else None)
    heads = (
        ("机关", "层级", "年份", "报告", "跨年度不一致")
        if zh
        else ("agency", "level", "years", "reports", "cross-year failures")
    )
    for i, col in enumerate(heads):
        # a body's name wraps, never cut; it gets the room
        table.add_column(col, overflow="fold", ratio=3 if i in (0, 4) else 1)
    for b in bodies:
        dup = sum(r["role"] in ("mirror", "conflict") or (r["n_files"] or 1) > 1 for r in b["reports"])
        reports = f"{len(b['reports'])}" + ((f"(重复 {dup})" if zh else f" ({dup} duplicate)") if dup else "")
        table.add_row(
            b["agency"],
            (LEVEL_NAMES.get(b["level"] or "", b["level"] or "") if zh else b["level"] or ""),
            _year_ranges(b["years"]),
            reports,
            "\n".join(b["failures"][:6]) or "—",
        )
    console.print(table)


def _export_labelled(corpus: Path, label_files: list[Path], out: Path) -> None:
    """The sentences a standoff file labels, found again in today's reading of the reports,
    as textmine JSONL with their context (source `real`)."""
    from textmine.corpus.annotated import statement_examples

    records = []
    for f in label_files:
        try:
            lines = f.read_text(encoding="utf-8").splitlines()
        except OSError as e:
            err_console.print(f"[red]error:[/red] {f}: {e}")
            raise typer.Exit(2) from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                err_console.print(f"[red]error:[/red] {f}:{n}: not JSON ({e.msg})")
                raise typer.Exit(2) from None
            if not {"doc", "start", "end", "h", "label"} <= rec.keys():
                err_console.print(f"[red]error:[/red] {f}:{n}: not a standoff label (needs doc, start, end, h, label)")
                raise typer.Exit(2) from None
            records.append(rec)
    examples = statement_examples(records=records, roots=[corpus])
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for ex in examples:
            row = {
                "text": ex.text,
                "label": ex.gold or ex.label,
                "section": ex.section,
                "subheading": ex.subheading,
                "is_heading": ex.is_heading,
                "is_item": ex.is_item,
                "part": ex.part,
                "list_role": ex.list_role,
                "doc": ex.group,
                "source": ex.source,
                "start": ex.start,
                "end": ex.end,
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(out)
    found = {r["doc"] for r in records}
    err_console.print(
        f"wrote {len(examples)} of {len(records)} labelled sentences of {len(found)} reports to {out}"
        + (f" ({len(records) - len(examples)} not found in today's reading)" if len(examples) < len(records) else "")
    )


# a rule's label becomes training data only when the rule is this sure of it
WEAK_CONFIDENCE = 0.6


def export_sentences(
    corpus: Path = typer.Argument(..., help="A folder of reports (or one report)."),
    out: Path = typer.Option(..., "--out", "-o", help="JSONL to write (doccano-compatible)."),
    labels: Optional[list[Path]] = typer.Option(
        None,
        "--labels",
        help="Standoff statement labels of reports in CORPUS (records with doc, start, end, fingerprint and "
        "label, as corpus/annotations/real_statements.*.jsonl): write those sentences with their labels and "
        "the context textmine gives them, ready for `textmine train`. Repeatable.",
    ),
    model: Optional[Path] = typer.Option(None, "--model", help="Model for pre-labels (default: the shipped one)."),
    limit: int = typer.Option(0, "--limit", help="Write at most this many sentences (0 = all)."),
    weak: bool = typer.Option(
        False,
        "--weak",
        help="Label by the labelling rules instead of a model, and write "
        "only the sentences the rules are sure of: training data "
        "for `textmine train` from unlabelled reports.",
    ),
) -> None:
    """Write sentences for annotation, least-confident first, pre-labelled by the model
    (or, with --weak, the sentences the labelling rules are sure of).

    Examples:

      textmine export-sentences corpus/ --out to_label.jsonl --limit 500

      textmine export-sentences my_reports/ --weak --out weak.jsonl && textmine train weak.jsonl --out models/weak
    """
    if labels:
        _export_labelled(corpus, labels, out)
        return
    try:
        clf = None if weak else load_model(model) if model is not None else default_model()
    except ModelError as e:
        err_console.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(2) from None
    nlp = Pipeline(disable=("statements", "checks"))
    rows = []
    paths = [corpus] if corpus.is_file() else list(iter_corpus(corpus))
    for p in paths:
        doc = nlp.analyze_path(p)
        if doc.errors:
            continue
        units = {(u.start, u.end): u for u in units_of(doc.text, doc.sections, doc.claims)}
        if weak:
            labelled = []
            for u in units.values():
                label, confidence = weak_label(example_of(u))
                if confidence >= WEAK_CONFIDENCE:
                    labelled.append((u.text, label, round(confidence, 4), u.section, u.start, u.end))
        else:
            labelled = [
                (s.text, s.label, s.score, s.section, s.start, s.end)
                for s in classify_statements(doc.text, doc.sections, clf, claims=doc.claims)
            ]
        for text, label, score, section, start, end in labelled:
            u = units.get((start, end))
            rows.append(
                {
                    "text": text,
                    "label": label,
                    "score": score,
                    "section": section,
                    "subheading": u.subheading if u else "",
                    # the rest of the unit's context, so that what is labelled trains the
                    # model on what it sees at run time
                    "is_heading": u.is_heading if u else False,
                    "is_item": u.is_item if u else False,
                    "part": u.part if u else "",
                    "list_role": u.list_role if u else "",
                    "doc": doc.doc_id,
                    "path": doc.path,
                    "start": start,
                    "end": end,
                }
            )
    rows.sort(key=lambda r: (r["score"], r["path"], r["start"]))
    if limit:
        rows = rows[:limit]
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    tmp.replace(out)
    err_console.print(
        f"wrote {len(rows)} sentences to {out}" + (" (labelled by the rules)" if weak else " (least confident first)")
    )
