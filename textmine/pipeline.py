"""The per-document pipeline: bytes -> Document, as named steps in order, never raising
for bad input.

    analyze_path("report.pdf")                          # every step
    nlp = Pipeline(disable=["statements", "checks"])    # `textmine tables`: no model loaded
    nlp.pipe_names      # ['sections', 'tables', 'metadata', 'claims', 'statements', 'checks']
    nlp.analyze_path("report.pdf")

Reading (ingest, then normalisation) makes the Document: its normalised text, the grids
of real table markup anchored in that text, the source's script, format and encoding.
Each named step then fills its own part from what earlier steps decided — typed objects
in, typed objects out; no step reads the source again. A step is a plain function of
the Document (see `STEPS`), so it can be replaced or tested alone. Every failure becomes
an ErrorRecord with a stable code, so a corpus run keeps going and the caller decides
what a failure means.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from textmine.checks import run_checks
from textmine.claims import extract_claims
from textmine.document import Document, ErrorRecord, Meta, RawDocument
from textmine.errors import TextmineError
from textmine.ingest import DEFAULT_MAX_BYTES, NAME_NOT_UTF8, display_path, is_supported, read_bytes, read_data
from textmine.metadata import finish_meta
from textmine.normalize import normalize
from textmine.sections import segment
from textmine.statements import classify_statements, model_in_use
from textmine.tables import parse_tables


def _sections(doc: Document) -> None:
    doc.sections = segment(doc.text)


def _tables(doc: Document) -> None:
    doc.tables = parse_tables(doc.text, doc.sections, doc.grids)


def _metadata(doc: Document) -> None:
    finish_meta(doc)


def _claims(doc: Document) -> None:
    doc.claims = extract_claims(doc.text, doc.sections)


def _statements(doc: Document) -> None:
    doc.statements = classify_statements(doc.text, doc.sections, claims=doc.claims)
    doc.statement_model = model_in_use()


def _checks(doc: Document) -> None:
    doc.checks = run_checks(doc)


# The steps in the order they run: (name, function of the Document).
STEPS: tuple[tuple[str, Callable[[Document], None]], ...] = (
    ("sections", _sections),
    ("tables", _tables),
    ("metadata", _metadata),
    ("claims", _claims),
    ("statements", _statements),
    ("checks", _checks),
)


@dataclass
class Options:
    max_bytes: int = DEFAULT_MAX_BYTES


def doc_id_for(sha256: Optional[str], path: str) -> str:
    return sha256[:16] if sha256 else hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]


def read(raw: RawDocument, path: str = "", sha256: Optional[str] = None) -> Document:
    """The Document the steps start from: normalised text, grids anchored in it."""
    doc = Document(doc_id=doc_id_for(sha256, path), path=path, sha256=sha256)
    norm = normalize(raw.text)
    doc.text = norm.text
    doc.meta = Meta(script=norm.script, format=raw.format, encoding=raw.encoding)
    # grids are anchored in the extracted text; move the anchors into the normalised text
    doc.grids = [dataclasses.replace(g, anchor=bisect.bisect_left(norm.offsets, g.anchor)) for g in raw.grids]
    doc.warnings.extend(raw.warnings)
    return doc


class Pipeline:
    """The named steps, some of them disabled (spaCy's `disable=`)."""

    def __init__(self, disable: Sequence[str] = (), options: Options = Options()) -> None:
        unknown = set(disable) - {name for name, _ in STEPS}
        if unknown:
            raise ValueError(
                f"no such pipeline step: {', '.join(sorted(unknown))} (steps: {', '.join(name for name, _ in STEPS)})"
            )
        self.steps = [(name, fn) for name, fn in STEPS if name not in disable]
        self.options = options

    @property
    def pipe_names(self) -> list[str]:
        return [name for name, _ in self.steps]

    def analyze_raw(self, raw: RawDocument, path: str = "", sha256: Optional[str] = None) -> Document:
        """Every enabled step on extracted text."""
        doc = read(raw, path, sha256)
        for _, step in self.steps:
            step(doc)
        return doc

    def analyze_bytes(self, data: bytes, path: str = "", suffix: Optional[str] = None) -> Document:
        sha = hashlib.sha256(data).hexdigest()
        try:
            raw = read_data(data, suffix if suffix is not None else Path(path).suffix)
            return self.analyze_raw(raw, path=path, sha256=sha)
        except TextmineError as e:
            return failed_document(path, sha, e.code, e.message)

    def analyze_path(self, path: Path | str) -> Document:
        """Analyse one file; every failure is recorded in `errors`, nothing is raised."""
        p = Path(path)
        shown = display_path(str(path))
        doc = self._analyze_file(p, shown)
        if shown != str(path):
            doc.warnings.append(NAME_NOT_UTF8)
        return doc

    def _analyze_file(self, p: Path, shown: str) -> Document:
        try:
            if not is_supported(p) and not p.is_dir():
                raise TextmineError("unsupported_format", f"unsupported file type {p.suffix or '(none)'}")
            data = read_bytes(p, self.options.max_bytes)
        except TextmineError as e:
            return failed_document(shown, None, e.code, e.message)
        try:
            return self.analyze_bytes(data, shown)
        except RecursionError:
            return failed_document(
                shown, hashlib.sha256(data).hexdigest(), "internal_error", "input nested too deeply to process"
            )
        except Exception as e:  # a bug must cost one document, never the run
            return failed_document(
                shown, hashlib.sha256(data).hexdigest(), "internal_error", f"{type(e).__name__}: {e}"
            )


_DEFAULT = Pipeline()


def analyze_raw(raw: RawDocument, path: str = "", sha256: Optional[str] = None) -> Document:
    return _DEFAULT.analyze_raw(raw, path, sha256)


def analyze_bytes(data: bytes, path: str = "", suffix: Optional[str] = None) -> Document:
    return _DEFAULT.analyze_bytes(data, path, suffix)


def analyze_path(path: Path | str, options: Options = Options()) -> Document:
    """Analyse one file with every step; every failure is recorded in `errors`."""
    nlp = _DEFAULT if options == _DEFAULT.options else Pipeline(options=options)
    return nlp.analyze_path(path)


def failed_document(path: str, sha: Optional[str], code: str, message: str) -> Document:
    doc = Document(doc_id=doc_id_for(sha, path), path=path, sha256=sha, meta=Meta())
    doc.errors.append(ErrorRecord(code, message))
    return doc
