"""Command-line interface. Thin: parse options, call the pipeline, print.

Exit codes (also in the README):
  0  success
  1  a single input file could not be analysed (its JSON still carries `errors`)
  2  usage error (bad option, path does not exist)
  3  folder mode finished, but some files failed (each has an error record)
  4  `check --fail-on` found a finding with the given status
  5  a corpus run (--out) stopped: its results folder is in use by another run, or could not
     be written (a full disk...); the documents finished are kept for --resume
  130  a corpus run interrupted with Ctrl-C (the documents finished are kept for --resume)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.box import HEAVY_HEAD
from rich.console import Console
from rich.markup import escape

from textmine import __version__
from textmine.corpus import commands as corpus_commands
from textmine.corpus.walk import iter_corpus, not_read_line
from textmine.document import Document
from textmine.errors import CODES
from textmine.ingest import DEFAULT_MAX_BYTES, SUPPORTED_EXTENSIONS, size_text, sniff_suffix
from textmine.pipeline import Options, Pipeline, analyze_path, failed_document
from textmine.sections import SECTION_NAMES
from textmine.site import commands as site_commands
from textmine.statements import commands as statements_commands
from textmine.statements.commands import choose_statement_model
from textmine.synth import commands as synth_commands
from textmine.terminal import LANG_HELP, Lang, stdout_console

app = typer.Typer(
    help=(
        "textmine reads Chinese government information-disclosure annual reports "
        "(政府信息公开工作年度报告): sections, metadata, tables, claims, checks.\n\n"
        "Examples:\n\n"
        "  textmine analyze report.txt                # one report -> one JSON object\n\n"
        "  textmine analyze corpus/ > out.jsonl       # a folder -> JSON Lines\n\n"
        "  textmine analyze report.html --format text # a short human summary"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
err_console = Console(stderr=True, soft_wrap=True)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"textmine {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    pass


def _emit(doc: Document, fmt: OutputFormat, with_text: bool, pretty: bool) -> None:
    if fmt is OutputFormat.text:
        typer.echo(summary(doc))
        return
    d = doc.to_dict(with_text=with_text)
    typer.echo(json.dumps(d, ensure_ascii=False, indent=2 if pretty else None))


def summary(doc: Document) -> str:
    m = doc.meta
    lines = [f"{doc.path}"]
    if doc.errors:
        lines += [f"  ERROR {e.code}: {e.message}" for e in doc.errors]
        return "\n".join(lines)
    lines.append(f"  title    {m.title or '—'}")
    lines.append(f"  agency   {m.agency or '—'}    year {m.year or '—'}    published {m.published or '—'}")
    lines.append(
        f"  template {m.template or '—'}    script {m.script}    outline {m.outline or '—'}"
        f"    format {m.format} ({m.encoding or '-'})"
    )
    lines.append("  sections " + " · ".join(f"{s.number or ''}{'、' if s.number else ''}{s.key}" for s in doc.sections))
    for key, t in doc.tables.items():
        n = len(t.cells)
        amb = sum(c.status == "ambiguous" for c in t.cells)
        miss = sum(c.status == "missing" for c in t.cells)
        lines.append(f"  table    {key}: {n} cells ({t.layout}), {amb} ambiguous, {miss} missing")
    if doc.claims:
        lines.append(f"  claims   {len(doc.claims)}")
    if doc.checks:
        fails = [c.id for c in doc.checks if c.status == "fail"]
        lines.append(f"  checks   {len(doc.checks)} ({len(fails)} failed{': ' + ', '.join(fails) if fails else ''})")
    for w in doc.warnings:
        lines.append(f"  note     {w}")
    return "\n".join(lines)


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def _positive(value: float) -> float:
    if value <= 0:
        raise typer.BadParameter(f"must be more than 0 (got {value:g})")
    return value


STDIN = "-"


def _analyze_stdin(options: Options) -> Document:
    limit = options.max_bytes
    data = sys.stdin.buffer.read(limit + 1) if limit else sys.stdin.buffer.read()
    if limit and len(data) > limit:
        return failed_document(
            "<stdin>", None, "file_too_large", f"standard input is over the {size_text(limit)} limit (--max-bytes)"
        )
    return Pipeline(options=options).analyze_bytes(data, "<stdin>", suffix=sniff_suffix(data))


@app.command()
def analyze(
    paths: list[Path] = typer.Argument(
        ...,
        help="Report files (.txt .md .html .pdf .docx), folders of them, or - for standard input; "
        "read in the order given.",
    ),
    fmt: OutputFormat = typer.Option(
        OutputFormat.json,
        "--format",
        "-f",
        help="json: one object for one file (several, or a folder, give JSON Lines); "
        "jsonl: always one line per file; text: a short summary.",
    ),
    with_text: bool = typer.Option(False, "--with-text", help="Include the normalised text as `text`."),
    max_bytes: int = typer.Option(
        DEFAULT_MAX_BYTES,
        "--max-bytes",
        min=0,
        help="Refuse files larger than this many bytes (error code file_too_large; 0 = no limit).",
    ),
    out: Optional[Path] = typer.Option(
        None,
        "--out",
        "-o",
        help="Write a full results folder (documents.jsonl, Parquet tables, "
        "results.duckdb) instead of printing; runs in parallel.",
    ),
    workers: int = typer.Option(0, "--workers", "-w", min=0, help="Worker processes with --out (0 = all cores)."),
    resume: bool = typer.Option(
        False, "--resume", help="With --out: skip documents whose sha256 already has a result."
    ),
    engine: Engine = typer.Option(Engine.local, "--engine", help="With --out: local (process pool) or dask."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="With --engine dask: the scheduler address (tcp://host:8786)."
    ),
    timeout: float = typer.Option(
        60.0, "--timeout", callback=_positive, help="With --out: seconds allowed per document."
    ),
    rules: bool = typer.Option(
        False,
        "--rules",
        help="Label statements by the labelling rules instead of the model (the output says statement_model: rules).",
    ),
) -> None:
    """Analyse reports: files, folders of them, or standard input (-).

    One file prints one JSON object (the output contract in the README); several files,
    or a folder, print JSON Lines, one object per file, in the order given (a folder's
    files sorted). Files that fail carry an `errors` record and the run goes on; failures
    are summarised on stderr at the end.

    Examples:

      textmine analyze corpus/2020_pipe_sparse.txt

      textmine analyze corpus/ --format jsonl > results.jsonl

      textmine analyze reports/*.pdf > results.jsonl

      curl -s https://example.gov.cn/report.html | textmine analyze -

      textmine analyze report.pdf --format text
    """
    options = Options(max_bytes=max_bytes)
    missing = [p for p in paths if str(p) != STDIN and not p.exists() and not p.is_symlink()]
    if missing:
        err_console.print(f"[red]error:[/red] {missing[0]} does not exist", highlight=False)
        raise typer.Exit(2)
    if sum(str(p) == STDIN for p in paths) > 1:
        err_console.print("[red]error:[/red] standard input (-) can be read once", highlight=False)
        raise typer.Exit(2)
    if out is not None and (len(paths) != 1 or str(paths[0]) == STDIN or not paths[0].is_dir()):
        err_console.print(
            "[red]error:[/red] --out analyses one folder (put the reports in a folder, or leave --out away "
            "to print JSON Lines)",
            highlight=False,
        )
        raise typer.Exit(2)
    if engine is Engine.dask and scheduler is None:
        err_console.print(
            "[red]error:[/red] --engine dask needs --scheduler ADDRESS (start one with `dask scheduler`, "
            "and workers with `dask worker ADDRESS`)",
            highlight=False,
        )
        raise typer.Exit(2)
    choose_statement_model(rules)
    if out is not None:
        from textmine.corpus.runner import OutputLocked, RunFailed, RunInterrupted, run_corpus

        try:
            summary_ = run_corpus(
                paths[0],
                out,
                workers=workers or None,
                resume=resume,
                engine=engine.value,
                scheduler=scheduler,
                max_bytes=max_bytes,
                timeout=timeout,
            )
        except (OutputLocked, RunFailed) as e:
            err_console.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
            raise typer.Exit(5) from None
        except RunInterrupted as e:
            err_console.print(str(e), highlight=False)
            raise typer.Exit(130) from None  # the shell's code for a Ctrl-C
        raise typer.Exit(3 if summary_.failed else 0)
    if len(paths) == 1 and (str(paths[0]) == STDIN or not paths[0].is_dir()):
        doc = _analyze_stdin(options) if str(paths[0]) == STDIN else analyze_path(paths[0], options)
        _emit(doc, fmt, with_text, pretty=fmt is OutputFormat.json)
        if doc.errors:
            for e in doc.errors:
                err_console.print(f"[red]{e.code}[/red]: {e.message}", highlight=False)
            raise typer.Exit(1)
        return
    failed: list[Document] = []
    count = 0
    others: Counter = Counter()
    line_fmt = OutputFormat.text if fmt is OutputFormat.text else OutputFormat.jsonl
    for path in paths:
        if str(path) == STDIN:
            docs: Iterator[Document] = iter([_analyze_stdin(options)])
        elif path.is_dir():
            docs = (analyze_path(p, options) for p in iter_corpus(path, others))
        else:
            docs = iter([analyze_path(path, options)])
        for doc in docs:
            count += 1
            if doc.errors:
                failed.append(doc)
            _emit(doc, line_fmt, with_text, False)
    where = str(paths[0]) if len(paths) == 1 else f"{len(paths)} paths"
    err_console.print(f"analysed {count} file(s) under {where}: {count - len(failed)} ok, {len(failed)} failed")
    for d in failed:
        e = d.errors[0]
        err_console.print(f"  [red]{e.code}[/red] {d.path}: {e.message}", highlight=False)
    if others:
        err_console.print(f"not read: {not_read_line(others)}", highlight=False)
    if count == 0:
        err_console.print(f"no supported files ({' '.join(SUPPORTED_EXTENSIONS)}) under {where}")
    raise typer.Exit(3 if failed else 0)


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _single(path: Path, max_bytes: int, disable: tuple[str, ...] = ()) -> Document:
    """One report through the pipeline without the steps a command does not show."""
    if not path.exists():
        err_console.print(f"[red]error:[/red] {path} does not exist", highlight=False)
        raise typer.Exit(2)
    if path.is_dir():
        err_console.print(
            f"[red]error:[/red] {path} is a folder; this command reads one report (`textmine analyze` reads folders)",
            highlight=False,
        )
        raise typer.Exit(2)
    doc = Pipeline(disable=disable, options=Options(max_bytes=max_bytes)).analyze_path(path)
    if doc.errors:
        for e in doc.errors:
            err_console.print(f"[red]{e.code}[/red]: {e.message}", highlight=False)
        raise typer.Exit(1)
    return doc


CLAIM_COLUMNS = ("type", "value", "unit", "qualifier", "noun", "section", "evidence")
CLAIM_FIELDS = ["type", "value", "approx", "qualifier", "unit", "noun", "change", "section", "start", "end", "text"]


@app.command()
def claims(
    path: Path = typer.Argument(..., help="A report file."),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="table (rich), json or csv."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=0, help="File size limit in bytes."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help=LANG_HELP),
) -> None:
    """List the counted facts the report's prose states (claims), with their spans.

    Examples:

      textmine claims corpus/2021_pipe_full.txt

      textmine claims report.txt --format csv > claims.csv
    """
    doc = _single(path, max_bytes, disable=("statements", "checks"))
    rows = [c.to_dict() for c in doc.claims]
    if fmt is TableFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt is TableFormat.csv:
        import csv

        w = csv.DictWriter(sys.stdout, fieldnames=CLAIM_FIELDS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return
    from rich.table import Table as RichTable

    from textmine.claims.names import claim_type_name

    zh = lang is Lang.zh
    console = stdout_console()
    title = f"{len(rows)} {'项陈述' if zh else 'claims'} · {doc.meta.agency or doc.path} {doc.meta.year or ''}"
    t = RichTable(title=title, title_justify="left", box=None if not console.is_terminal else HEAVY_HEAD)
    heads = ("类型", "数值", "单位", "限定", "名词", "部分", "原文") if zh else CLAIM_COLUMNS
    for col in heads:
        t.add_column(col, overflow="fold")
    for c in doc.claims:
        lo = max(0, c.start - 12)
        span = doc.text[c.start : c.end]
        if len(span) > 40:  # a listed enumeration spans its whole list: its ends will do
            span = span[:24] + "…" + span[-12:]
        evidence = doc.text[lo : c.start] + "[" + span + "]" + doc.text[c.end : c.end + 8]
        t.add_row(
            claim_type_name(c.type) if zh else c.type,
            f"{c.value:g}" if c.value is not None else "—",
            c.unit or "",
            c.qualifier or "",
            c.noun or "",
            (SECTION_NAMES.get(c.section or "", c.section or "") if zh else c.section or ""),
            evidence.replace("\n", " "),
        )
    console.print(t)


@app.command()
def tables(
    path: Path = typer.Argument(..., help="A report file."),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="table (rich grids), json or csv."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=0, help="File size limit in bytes."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help=LANG_HELP),
) -> None:
    """Print the three mandated tables as grids; ambiguous cells show their candidate
    splits (?a|b, yellow), missing cells a red dash.

    Examples:

      textmine tables corpus/2019_fused_digits.txt

      textmine tables report.html --format csv > cells.csv
    """
    from textmine.tables.render import render_tables, rich_tables

    doc = _single(path, max_bytes, disable=("claims", "statements", "checks"))
    if fmt is TableFormat.table:
        console = stdout_console()
        if not doc.tables:
            console.print("未找到法定表格" if lang is Lang.zh else "no mandated tables found")
        for t in rich_tables(doc.tables, lang.value, plain=not console.is_terminal):
            console.print(t)
        return
    typer.echo(render_tables(doc.tables, fmt.value))


class FailOn(str, Enum):
    never = "never"
    fail = "fail"
    uncertain = "uncertain"


@app.command()
def check(
    path: Path = typer.Argument(..., help="A report file."),
    fail_on: FailOn = typer.Option(
        FailOn.never, "--fail-on", help="Exit 4 when any finding has this status (uncertain includes fail)."
    ),
    fmt: TableFormat = typer.Option(
        TableFormat.table, "--format", "-f", help="table (grouped text), json or csv (one row per finding)."
    ),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=0, help="File size limit in bytes."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help=LANG_HELP),
) -> None:
    """Do the report's numbers hold together? Findings grouped by status, failures
    first, each with the evidence quoted (claim text, table cells).

    Examples:

      textmine check corpus/2023_inconsistent.txt

      textmine check report.txt --fail-on fail && echo consistent
    """
    doc = _single(path, max_bytes, disable=("statements",))
    order = ["fail", "uncertain", "pass", "not_assessable"]
    if fmt is TableFormat.json:
        typer.echo(json.dumps([c.to_dict() for c in doc.checks], ensure_ascii=False, indent=2))
    elif fmt is TableFormat.csv:
        import csv

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["id", "status", "message", "message_zh"])
        for status in order:
            for c in doc.checks:
                if c.status == status:
                    w.writerow([c.id, c.status, c.message, c.message_zh or ""])
    else:
        from textmine.checks.names import STATUS_NAMES, check_name
        from textmine.tables.names import localise

        console = Console(soft_wrap=True)
        zh = lang is Lang.zh
        style = {"fail": "bold red", "uncertain": "yellow", "pass": "green", "not_assessable": "dim"}
        for status in order:
            group = [c for c in doc.checks if c.status == status]
            if not group:
                continue
            heading = f"{STATUS_NAMES[status]} {status}" if zh else status.upper()
            console.print(f"[{style[status]}]{heading} ({len(group)})[/{style[status]}]")
            for c in group:
                if zh:
                    console.print(f"  {check_name(c.id)}  [dim]{c.id}[/dim]", highlight=False)
                    console.print(f"    {escape(localise(c.message_zh or c.message))}", highlight=False)
                else:
                    console.print(f"  {c.id}: {escape(c.message)}", highlight=False)
                if status in ("fail", "uncertain"):
                    for e in c.evidence[:6]:
                        console.print("    • " + escape(_evidence_line(doc, e, zh)), highlight=False)
    statuses = {c.status for c in doc.checks}
    if (fail_on is FailOn.fail and "fail" in statuses) or (
        fail_on is FailOn.uncertain and statuses & {"fail", "uncertain"}
    ):
        raise typer.Exit(4)


def _evidence_line(doc: Document, e: dict, zh: bool = False) -> str:
    """One piece of evidence: the sentence around a claim, or a cell with what was read."""
    from textmine.tables.names import cell_name

    if e.get("kind") == "claim":
        s, t = e["start"], doc.text
        quote = f"…{t[max(0, s - 16) : s]}【{t[s : e['end']]}】{t[e['end'] : e['end'] + 10]}…".replace("\n", " ")
        return f"正文 {quote}" if zh else f"claim {e['type']}={e['value']}: {quote}"
    if e.get("kind") == "cell":
        if zh:
            extra = f",候选 {e['candidates']}" if e.get("candidates") else ""
            return f"{cell_name(e['table'], e['cell'])} = {e.get('value')}(读作 {e.get('raw')!r}{extra})"
        extra = f" candidates {e['candidates']}" if e.get("candidates") else ""
        return f"cell {e['table']}.{e['cell']} = {e.get('value')} ({e.get('status')}, raw {e.get('raw')!r}){extra}"
    return str(e)


@app.command("errors")
def list_errors() -> None:
    """List the stable error codes that can appear in a document's `errors`."""
    width = max(map(len, CODES))
    for code, meaning in CODES.items():
        typer.echo(f"{code:<{width}}  {meaning}")


# Commands that live with the code they drive, in their package's commands.py.
app.command("report")(site_commands.report)
app.command("synth")(synth_commands.synth)
app.command("agencies")(corpus_commands.agencies)
app.command("export-sentences")(corpus_commands.export_sentences)
app.command("train")(statements_commands.train)
app.command("evaluate")(statements_commands.evaluate)


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `textmine analyze corpus/ | head` must not traceback
        sys.stderr.close()


if __name__ == "__main__":
    main()
