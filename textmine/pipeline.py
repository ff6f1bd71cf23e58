"""The per-document pipeline: bytes -> Document, never raising for bad input.

Stages are pure functions called in order; each failure becomes an ErrorRecord with a
stable code, so a corpus run keeps going and the caller decides what a failure means.
"""
from __future__ import annotations

import bisect
import dataclasses
import hashlib
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import regex

from textmine.checks import run_checks
from textmine.claims import extract_claims
from textmine.classify import classify_statements
from textmine.document import Document, ErrorRecord, Meta, RawDocument
from textmine.errors import TextmineError
from textmine.ingest import (DEFAULT_MAX_BYTES, NAME_NOT_UTF8, SUPPORTED_EXTENSIONS, display_path, is_supported,
                             read_bytes, read_data)
from textmine.metadata import detect_template, extract_meta
from textmine.normalize import normalize
from textmine.sections import MANDATED_KEYS, outline_of, segment
from textmine.tables import parse_tables

TABLE_SECTIONS = ("active_disclosure", "applications", "review_litigation")
_REPORT_WORDS = regex.compile(r"政府信息公开|政务公开|信息公开|依申请公开|主动公开")


@dataclass
class Options:
    max_bytes: int = DEFAULT_MAX_BYTES


def doc_id_for(sha256: Optional[str], path: str) -> str:
    return sha256[:16] if sha256 else hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]


def analyze_raw(raw: RawDocument, path: str = "", sha256: Optional[str] = None) -> Document:
    """Run every text stage on extracted text."""
    doc = Document(doc_id=doc_id_for(sha256, path), path=path, sha256=sha256)
    norm = normalize(raw.text)
    doc.text = norm.text
    doc.sections = segment(norm.text)
    doc.meta = extract_meta(norm.text, doc.sections, norm.script)
    doc.meta.outline = outline_of(doc.sections)
    doc.meta.format = raw.format
    doc.meta.encoding = raw.encoding
    table_text = "\n".join(norm.text[s.start:s.end] for s in doc.sections if s.key in TABLE_SECTIONS)
    doc.meta.template = detect_template(table_text) if table_text else None
    if doc.meta.outline == "legacy":
        doc.warnings.append("legacy (pre-2019) outline: sections were mapped by their wording")
    # grids are anchored in the extracted text; move the anchors into the normalised text
    grids = [dataclasses.replace(g, anchor=bisect.bisect_left(norm.offsets, g.anchor)) for g in raw.grids]
    doc.tables = parse_tables(norm.text, doc.sections, grids)
    doc.claims = extract_claims(norm.text, doc.sections)
    doc.statements = classify_statements(norm.text, doc.sections)
    doc.checks = run_checks(doc)
    doc.warnings.extend(raw.warnings)
    keys = {s.key for s in doc.sections}
    if not keys & MANDATED_KEYS and not doc.meta.title and not _REPORT_WORDS.search(norm.text):
        doc.errors.append(ErrorRecord(
            "not_a_report",
            "no report sections, no report title and no disclosure vocabulary were found"))
    elif not doc.sections:
        doc.warnings.append("no section headings were recognised")
    return doc


def analyze_bytes(data: bytes, path: str = "", suffix: Optional[str] = None) -> Document:
    sha = hashlib.sha256(data).hexdigest()
    try:
        raw = read_data(data, suffix if suffix is not None else Path(path).suffix)
        return analyze_raw(raw, path=path, sha256=sha)
    except TextmineError as e:
        return _failed(path, sha, e.code, e.message)


def analyze_path(path: Path | str, options: Options = Options()) -> Document:
    """Analyse one file; every failure is recorded in `errors`, nothing is raised."""
    p = Path(path)
    shown = display_path(str(path))
    doc = _analyze_file(p, shown, options)
    if shown != str(path):
        doc.warnings.append(NAME_NOT_UTF8)
    return doc


def _analyze_file(p: Path, shown: str, options: Options) -> Document:
    try:
        if not is_supported(p) and not p.is_dir():
            raise TextmineError("unsupported_format",
                                f"unsupported file type {p.suffix or '(none)'}")
        data = read_bytes(p, options.max_bytes)
    except TextmineError as e:
        return _failed(shown, None, e.code, e.message)
    try:
        return analyze_bytes(data, shown)
    except RecursionError:
        return _failed(shown, hashlib.sha256(data).hexdigest(), "internal_error",
                       "input nested too deeply to process")
    except Exception as e:  # a bug must cost one document, never the run
        return _failed(shown, hashlib.sha256(data).hexdigest(), "internal_error",
                       f"{type(e).__name__}: {e}")


def _failed(path: str, sha: Optional[str], code: str, message: str) -> Document:
    doc = Document(doc_id=doc_id_for(sha, path), path=path, sha256=sha, meta=Meta())
    doc.errors.append(ErrorRecord(code, message))
    return doc


# Word processor formats reports come in that no reader here handles: LibreOffice
# converts them to .docx, which textmine reads
_CONVERT_TO_DOCX = (".doc", ".wps", ".rtf", ".odt")


def not_read_line(others: dict[str, int]) -> str:
    """The closing summary's line for the files a corpus run passed over."""
    shown = sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))
    line = f"{sum(others.values())} file(s) of no supported type: " + ", ".join(
        f"{ext} {n}" for ext, n in shown[:6]) + (", ..." if len(shown) > 6 else "")
    convertible = [ext for ext, _ in shown if ext in _CONVERT_TO_DOCX]
    if convertible:
        line += (f"; convert {'/'.join(convertible)} to .docx first, e.g. soffice --headless --convert-to docx"
                 f" FILES (textmine reads {' '.join(SUPPORTED_EXTENSIONS)})")
    return line


# Written into every results folder and report site: a corpus walk skips such folders,
# so `textmine analyze . --out results` with `textmine report results --out results/site`
# never reads the site's pages (copies of every report) as reports on the next run.
OUTPUT_MARKER = ".textmine-output"


def mark_output(folder: Path, what: str) -> None:
    marker = folder / OUTPUT_MARKER
    if not marker.exists():
        marker.write_text(f"textmine {what}: corpus runs do not read files under this folder\n", encoding="utf-8")


def iter_corpus(root: Path | str, others: Optional[Counter] = None) -> Iterator[Path]:
    """Supported files under `root`, in a stable order, without following symlink loops.
    `others`, when given, counts the files passed over, by extension (".doc": 12): a
    folder of reports often holds old Word files or scans a user must hear about."""
    root = Path(root)
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        try:
            st = os.stat(dirpath)
            ident = (st.st_dev, st.st_ino)
        except OSError:
            dirnames[:] = []
            continue
        if ident in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add(ident)
        if dirpath != str(root) and OUTPUT_MARKER in filenames:
            dirnames[:] = []  # textmine's own results or site: its pages are not reports to read
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            p = Path(dirpath) / name
            if is_supported(p):
                yield p
            elif others is not None:
                others[p.suffix.lower() or "(none)"] += 1
