"""Typed objects that flow between the stages.

Every stage is a pure function from text (or from these objects) to these objects.
`Document.to_dict()` produces the output contract of SPEC §5; keys that tools rely on
are never renamed, extra keys may be added.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, Optional

CellStatus = Literal["ok", "ambiguous", "missing"]
CheckStatus = Literal["pass", "fail", "uncertain", "not_assessable"]


@dataclass
class Grid:
    """A table as the source format delivered it: rows of cell strings.

    HTML/PDF/DOCX readers produce grids with rowspan/colspan already expanded, so
    `rows[r][c]` is the text a reader sees at that position (`ingest/grids.py`). `anchor` is the character
    offset in the extracted raw text where the table was rendered (as pipe rows), so the
    table parser can tell which section a grid belongs to.
    """

    rows: list[list[str]]
    anchor: int = 0
    source: str = ""  # "html" | "pdf" | "docx" | "md"
    # (row, column) slots that continue the cell on their left (a colspan): the same cell,
    # written once, not a second value (规章 | 4 | 4 over two columns | 87 is three cells)
    spanned: frozenset[tuple[int, int]] = frozenset()


@dataclass
class RawDocument:
    """What an ingest reader returns: text in reading order plus any real table grids."""

    text: str
    format: str  # "txt" | "html" | "pdf" | "docx"
    encoding: Optional[str] = None
    grids: list[Grid] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Section:
    key: str  # preamble | overview | active_disclosure | applications | review_litigation |
    # problems_improvements | other_matters | extra | legacy keys (fees, consultations, ...)
    number: Optional[str]  # the numeral as written: "一", "2", None for un-numbered
    title: str
    start: int  # offsets into the normalised text; [start, end)
    end: int
    heading_end: Optional[int] = None  # where the heading line ends and the body begins

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "number": self.number, "title": self.title, "start": self.start, "end": self.end}


@dataclass
class Cell:
    row: str
    col: str
    value: Optional[float] = None
    raw: str = ""
    status: CellStatus = "ok"
    approx: bool = False
    item: Optional[str] = None  # table 2 only: art20_1 ...
    unit: Optional[str] = None
    candidates: Optional[list[list[float]]] = None
    provenance: str = ""  # which reader / solver step placed this value
    start: Optional[int] = None
    end: Optional[int] = None

    @property
    def key(self) -> str:
        return ".".join(x for x in (self.item, self.row, self.col) if x)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if self.item is not None:
            d["item"] = self.item
        d.update(
            row=self.row,
            col=self.col,
            value=json_number(self.value),
            raw=self.raw,
            approx=self.approx,
            status=self.status,
        )
        if self.unit:
            d["unit"] = self.unit
        if self.candidates is not None:
            d["candidates"] = [[json_number(v) for v in c] for c in self.candidates]
        if self.provenance:
            d["provenance"] = self.provenance
        if self.start is not None:
            d["start"], d["end"] = self.start, self.end
        return d


@dataclass
class Table:
    key: str  # active_disclosure | applications | review_litigation
    template: Optional[str]  # "2019" | "2021" | None
    cells: list[Cell] = field(default_factory=list)
    layout: str = ""  # pipe | cell_per_line | runs | grid:html ...
    # ok | partial (cells missing) | blank (nothing written in it: an unfilled template)
    # | untrusted (most of its identities fail: nonsense, or a reading gone wrong); set by
    # the checks step, which is where the identities are evaluated
    verdict: str = ""
    start: Optional[int] = None
    end: Optional[int] = None
    notes: list[str] = field(default_factory=list)

    def cell(self, key: str) -> Optional[Cell]:
        # checks look cells up thousands of times per document: keep an index, rebuilt
        # whenever the cell list was replaced or grew
        index = self.__dict__.get("_index")
        if index is None or self.__dict__.get("_indexed") is not self.cells or len(index) != len(self.cells):
            index = {c.key: c for c in self.cells}
            self.__dict__["_index"], self.__dict__["_indexed"] = index, self.cells
        return index.get(key)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "template": self.template,
            "layout": self.layout,
            "cells": [c.to_dict() for c in self.cells],
        }
        if self.verdict:
            d["verdict"] = self.verdict
        if self.start is not None:
            d["start"], d["end"] = self.start, self.end
        if self.notes:
            d["notes"] = list(self.notes)
        return d


@dataclass
class Claim:
    """A counted fact the prose states. The fields after `change` are relations to other
    claims and to the tables, decided once by the claims stage (`claims/relations.py`):
    checks read them and never the prose."""

    type: str
    value: Optional[float]
    text: str  # the sentence the claim was read from
    start: int  # the claim's own span (number expression, or negation to negated noun)
    end: int
    section: Optional[str] = None
    unit: Optional[str] = None
    approx: bool = False
    qualifier: Optional[str] = None
    noun: Optional[str] = None
    low: Optional[float] = None
    high: Optional[float] = None
    change: Optional[float] = None  # signed change on last year, in the claim's unit
    change_pct: Optional[float] = None  # signed change on last year, in per cent
    negation: bool = False  # a zero stated by negating (未收到…申请, 无)
    breakdown: bool = False  # a part of a total of its own kind: never that kind's total
    part_of: Optional[int] = None  # start of the claim whose breakdown lists this one (其中, 分别为)
    counted_in: Optional[int] = None  # start of the claim that says it counts this one in (含上年结转2件)
    remainder: bool = False  # a part that counts the rest (其他…): its list claims the whole
    outcome: Optional[str] = None  # the table-3 row group an application outcome names (OUTCOME_ROWS)
    # published_items: headline | category | channel | part (a publisher's share of the total);
    # cases_all_upheld: review | litigation | both;
    # litigation_cases: suit_direct | suit_after_review when the prose names the route
    scope: Optional[str] = None
    applicant: Optional[str] = None  # applications: the applicants it speaks of (natural_person for 群众申请)
    channel: Optional[str] = None  # applications: how they came in (mail, online, in_person, ...)
    category: Optional[str] = None  # published_items: the category counted (机构职能类信息, 规范性文件)
    measure: Optional[str] = None  # normative_documents / regulations: made | repealed | in_force | published
    share: Optional[float] = None  # the percentage the prose gives for this count (占35.2% -> 35.2)
    share_decimals: Optional[int] = None  # how many decimals it was written with: the rounding it allows
    derived_from: Optional[str] = None  # a value taken from another claim (均予以公开: the received count)
    label: Optional[str] = None  # the label a labelled total is printed under (公开信息总数量:)
    items: Optional[list[tuple[int, int]]] = None  # issues/improvements_listed: the items' spans
    style: Optional[str] = None  # issues/improvements_listed: how the list is numbered
    repeat: Optional[bool] = None  # issues/improvements_listed: a second list of the same role
    ordinals: Optional[list[int]] = None  # issues/improvements_listed: the items' numbers, when not 1, 2, 3…

    def to_dict(self) -> dict[str, Any]:
        # field by field, not asdict(): asdict deep-copies every value and this runs for
        # every claim of every document of a corpus
        d: dict[str, Any] = {k: getattr(self, k) for k in _CLAIM_FIELDS}
        d["value"] = json_number(self.value)
        for flag in ("negation", "breakdown", "remainder"):
            if not d[flag]:
                del d[flag]
        if self.items is not None:
            d["items"] = [{"start": a, "end": b} for a, b in self.items]
        return {k: v for k, v in d.items() if v is not None or k == "value"}


_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


@dataclass
class Statement:
    text: str
    label: str  # problem | improvement | other
    score: float
    start: int
    end: int
    section: Optional[str] = None
    topics: list[str] = field(default_factory=list)
    unit: str = "sentence"  # sentence | heading | item: every line of 一–六 is a statement

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "label": self.label,
            "score": self.score,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "topics": list(self.topics),
            "unit": self.unit,
        }


@dataclass
class Check:
    id: str
    status: CheckStatus
    message: str
    left: Any = None
    right: Any = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    severity: str = "error"
    message_zh: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "status": self.status,
            "message": self.message,
            "message_zh": self.message_zh,
            "severity": self.severity,
        }
        if self.left is not None:
            d["left"] = self.left
        if self.right is not None:
            d["right"] = self.right
        if self.evidence:
            d["evidence"] = self.evidence
        return d


@dataclass
class ErrorRecord:
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


@dataclass
class Meta:
    title: Optional[str] = None
    agency: Optional[str] = None
    year: Optional[int] = None
    published: Optional[str] = None
    template: Optional[str] = None
    script: Optional[str] = None
    outline: Optional[str] = None  # "2019" (mandated six parts) | "legacy" | None
    format: Optional[str] = None
    encoding: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    doc_id: str
    path: str
    sha256: Optional[str]
    meta: Meta = field(default_factory=Meta)
    text: str = ""
    sections: list[Section] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # what labelled the statements: {"name", "sha256"} of the model, or {"name": "rules"}
    statement_model: Optional[dict[str, str]] = None
    # real table markup (HTML/PDF/DOCX), anchored in `text`: read by the tables step, not output
    grids: list[Grid] = field(default_factory=list, repr=False)

    def section(self, key: str) -> Optional[Section]:
        for s in self.sections:
            if s.key == key:
                return s
        return None

    def to_dict(self, with_text: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "doc_id": self.doc_id,
            "path": self.path,
            "sha256": self.sha256,
            "meta": self.meta.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "tables": {k: t.to_dict() for k, t in self.tables.items()},
            "claims": [c.to_dict() for c in self.claims],
            "statements": [s.to_dict() for s in self.statements],
            "checks": [c.to_dict() for c in self.checks],
            "errors": [e.to_dict() for e in self.errors],
        }
        if self.warnings:
            d["warnings"] = list(self.warnings)
        if self.statement_model is not None:
            d["statement_model"] = dict(self.statement_model)
        if with_text:
            d["text"] = self.text
        return d


def json_number(v: Any) -> Any:
    """Integers stay integers in JSON (112, not 112.0); infinities and None pass through."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v
