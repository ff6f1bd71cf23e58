"""What a cell or a claim tells a check: an interval of possible values.

Table values are non-negative counts, so a missing cell is [0, ∞) and an identity can
still fail with it (112 + ? = 0 + 0 is false whatever ? is). An ambiguous cell spans
its candidates; an approximate claim (120余) spans its range. Checks compare intervals:
disjoint means fail, equal exact values mean pass, overlap means uncertain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from textmine.document import Cell, CheckStatus, Claim, Table, json_number

INF = math.inf


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float
    exact: bool  # a single known value
    known: bool = True  # False when nothing is known at all (missing)
    why: str = ""  # what made it inexact: "ambiguous", "missing", "approximate"

    def __add__(self, other: "Interval") -> "Interval":
        why = ", ".join(w for w in (self.why, other.why) if w)
        return Interval(
            self.lo + other.lo, self.hi + other.hi, self.exact and other.exact, self.known or other.known, why
        )

    def __neg__(self) -> "Interval":
        return Interval(-self.hi, -self.lo, self.exact, self.known, self.why)

    def scaled(self, sign: int) -> "Interval":
        return self if sign >= 0 else -self

    def label(self) -> Any:
        if self.exact:
            return json_number(self.lo)
        if not self.known:
            return None
        return [None if self.lo == -INF else json_number(self.lo), None if self.hi == INF else json_number(self.hi)]


ZERO = Interval(0.0, 0.0, True)
UNKNOWN = Interval(0.0, INF, False, known=False, why="missing")


def cell_interval(cell: Optional[Cell], key: str = "", position: Optional[int] = None) -> Interval:
    """`position`: for an ambiguous cell, its index in the candidate tuples (candidates
    list every cell of a split together: [[2, 384], [23, 84]] for count and amount)."""
    if cell is None or cell.status == "missing" or cell.value is None and cell.status == "ok":
        return Interval(0.0, INF, False, known=False, why=f"missing {key}".strip())
    if cell.status == "ambiguous":
        values = [
            float(c[position])
            for c in cell.candidates or []
            if position is not None and position < len(c) and c[position] is not None
        ]
        if not values:
            values = [float(v) for c in cell.candidates or [] for v in c if v is not None]
        if values:
            return Interval(min(values), max(values), False, why=f"ambiguous {key}".strip())
        return Interval(0.0, INF, False, why=f"ambiguous {key}".strip())
    v = float(cell.value or 0.0)  # (None with status ok was handled above)
    if cell.approx:
        return Interval(v * 0.9, v * 1.1, False, why=f"approximate {key}".strip())
    return Interval(v, v, True)


def candidate_positions(table: Table) -> dict[str, int]:
    """Ambiguous cells that share one candidate list are its tuple positions, in table order."""
    groups: dict[str, int] = {}
    out: dict[str, int] = {}
    for c in table.cells:
        if c.status != "ambiguous" or not c.candidates:
            continue
        sig = repr(c.candidates)
        out[c.key] = groups.get(sig, 0)
        groups[sig] = out[c.key] + 1
    return out


def claim_interval(claim: Claim) -> Interval:
    v = float(claim.value or 0)
    if claim.approx:
        lo = claim.low if claim.low is not None else v * 0.9
        hi = claim.high if claim.high is not None else INF
        return Interval(lo, hi, False, why="approximate claim")
    return Interval(v, v, True)


def total(intervals: Iterable[Interval]) -> Interval:
    """The sum of intervals (the same as adding them one by one, in one pass)."""
    lo = hi = 0.0
    exact, known, whys = True, False, []
    for i in intervals:
        lo += i.lo
        hi += i.hi
        exact = exact and i.exact
        known = known or i.known
        if i.why:
            whys.append(i.why)
    return Interval(lo, hi, exact, known, ", ".join(whys))


def compare(left: Interval, right: Interval, tolerance: float = 0.0) -> CheckStatus:
    """pass | fail | uncertain | not_assessable for `left == right`."""
    if not left.known and not right.known:
        return "not_assessable"
    if left.hi + tolerance < right.lo or right.hi + tolerance < left.lo:
        return "fail"
    if left.exact and right.exact:
        return "pass" if abs(left.lo - right.lo) <= tolerance else "fail"
    if not left.known or not right.known:
        return "uncertain"
    # both known but inexact: an approximate claim inside the exact table value passes
    if left.exact and right.lo <= left.lo <= right.hi and "approximate" in right.why:
        return "pass"
    if right.exact and left.lo <= right.lo <= left.hi and "approximate" in left.why:
        return "pass"
    return "uncertain"


def balance_status(left: Interval, right: Interval, tolerance: float = 0.0) -> CheckStatus:
    """The status of an identity between two sums of cells: `compare`, except that a side
    with no known cell at all leaves the identity not assessable unless it fails anyway
    (112 + ? = 0 + 0 fails whatever ? is). Per-document identities and cross-year rules
    both use it, so a missing cell means the same in both."""
    status = "not_assessable" if not left.known and not right.known else compare(left, right, tolerance)
    if status != "fail" and (not left.known or not right.known):
        return "not_assessable"
    return status


def cell_evidence(table: Optional[Table], key: str, table_key: str) -> dict[str, Any]:
    c = table.cell(key) if table is not None else None
    ev: dict[str, Any] = {"kind": "cell", "table": table_key, "cell": key}
    if c is None:
        ev["status"] = "absent"
        return ev
    ev.update(value=json_number(c.value), status=c.status, raw=c.raw)
    if c.start is not None:
        ev.update(start=c.start, end=c.end)
    if c.candidates:
        ev["candidates"] = [[json_number(v) for v in cand] for cand in c.candidates]
    return ev


def claim_evidence(claim: Claim) -> dict[str, Any]:
    return {
        "kind": "claim",
        "type": claim.type,
        "value": json_number(claim.value),
        "approx": claim.approx,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "section": claim.section,
    }


# What a passing finding keeps of its evidence: which cells and claims, with their values.
# Where they sit (raw text, offsets of cells, the claim's sentence) is in the document's
# tables and claims already; repeating it on every passing identity made checks two
# thirds of a document's output. Failing and open findings keep everything.
_COMPACT = {
    "cell": ("kind", "table", "cell", "value", "status"),
    "claim": ("kind", "type", "value", "approx", "start", "end", "section"),
}


def compact_evidence(ev: dict[str, Any]) -> dict[str, Any]:
    keep = _COMPACT.get(ev.get("kind", ""))
    return ev if keep is None else {k: ev[k] for k in keep if k in ev}
