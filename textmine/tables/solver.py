"""Recovering lost cell boundaries from the table identities.

A row arrives as the tokens a layout reader found after its label. When there are as
many tokens as columns the row is read as written, even if it breaks an identity (the
report's own inconsistency is for the checks to find, never for the reader to repair).
When there are fewer, some boundaries were lost, in one of two ways:

- **fused digits** (`00`, `112112`, `2384万元`): a token holds several cells. A cell of
  several digits never starts with 0, so `00` is always two cells; other splits are
  enumerated;
- **dropped blanks** (`26 | 26` in a 7-column row): empty cells vanished and the values
  lost their columns. The values keep their order; the gaps are blank, i.e. 0.

Readings are enumerated (bounded, pruned as soon as a row sum can be checked) and kept
when they satisfy the row's sums. Layouts whose cell boundaries are real (pipes, grids)
try dropped blanks first; text layouts try fused digits first. When neither yields a
reading that adds up, the gaps are left unknown and a single unknown per sum is inferred
from it. Several surviving readings make the differing cells `ambiguous`, with every
reading as a candidate. The table level (`apply_column_identities`) then uses the
column identities as extra evidence, and `apply_lone_value_convention` the one reading
convention the templates define.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Iterator, Optional, Sequence

from textmine.tables.tokens import Token

MAX_NODES = 20000     # search nodes per row and stage; real rows need a few hundred at most
MAX_READINGS = 400    # readings kept per row
MAX_JOINT_NODES = 20000

Group = tuple[tuple[int, ...], int]  # (part columns, total column)


@dataclass(frozen=True, slots=True)
class Piece:
    """What one column of one reading holds."""

    value: Optional[float]
    tag: str                      # read | split | blank | inferred | missing
    tok: Optional[Token] = None
    lo: int = 0                   # slice of tok.digits for split pieces
    hi: int = 0

    @property
    def first(self) -> bool:  # carries the token's prefix (≈, 约)
        return self.lo == 0

    @property
    def last(self) -> bool:  # carries the token's suffix (万元, 余)
        return self.tok is None or not self.tok.digits or self.hi == len(self.tok.digits)


Reading = tuple[Piece, ...]


@dataclass
class RowSolution:
    readings: list[Reading]
    stage: str   # direct | split | blank | missing | window | none
    how: str     # direct | forced | rowsum | longest-token | column-identity | lone-applicant | ambiguous | too-many | none
    groups: tuple[Group, ...] = ()
    notes: list[str] = field(default_factory=list)

    def distinct(self) -> list[tuple]:
        seen: dict[tuple, None] = {}
        for r in self.readings:
            seen.setdefault(tuple(p.value for p in r), None)
        return list(seen)

    def keep(self, allowed: set[tuple], how: str) -> None:
        before = len(self.distinct())
        self.readings = [r for r in self.readings if tuple(p.value for p in r) in allowed]
        if len(self.distinct()) < before and len(self.distinct()) == 1:
            self.how = how


# ---------------------------------------------------------------------------------------
# splitting digit strings

def _valid(d: str, i: int, j: int) -> bool:
    return j - i == 1 or d[i] != "0"


@functools.lru_cache(maxsize=4096)
def segmentations(d: str, k: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """All ways to cut digit string `d` into `k` cells, as (lo, hi) slices."""
    n = len(d)
    if k < 1 or k > n:
        return ()
    if k == 1:
        return (((0, n),),) if _valid(d, 0, n) else ()
    out = []
    for j in range(1, n - k + 2):
        if not _valid(d, 0, j):
            break  # a leading 0 can only be a cell of its own
        for rest in segmentations(d[j:], k - 1):
            out.append(((0, j),) + tuple((lo + j, hi + j) for lo, hi in rest))
    return tuple(out)


def min_pieces(tok: Token) -> int:
    """Cells a token holds at least: each leading 0 of a longer digit string is a cell."""
    d = tok.digits
    if not d:
        return 1
    zeros = len(d) - len(d.lstrip("0"))
    return zeros + (1 if zeros < len(d) else 0)


def max_pieces(tok: Token) -> int:
    return len(tok.digits) if tok.digits else 1


def _pieces(tok: Token, k: int) -> Iterator[tuple[Piece, ...]]:
    if tok.kind == "blank":
        if k == 1:
            yield (Piece(0, "blank", tok),)
        return
    if not tok.digits:
        if k == 1:
            yield (Piece(tok.value, "read", tok),)
        return
    d = tok.digits
    for seg in segmentations(d, k):
        if k == 1:
            yield (Piece(tok.value, "read", tok, 0, len(d)),)
        else:
            yield tuple(Piece(int(d[lo:hi]), "split", tok, lo, hi) for lo, hi in seg)


def minimal_pieces(tokens: Sequence[Token]) -> list[Piece]:
    out: list[Piece] = []
    for t in tokens:
        out.extend(next(_pieces(t, min_pieces(t))))
    return out


# ---------------------------------------------------------------------------------------
# constraint checking

def _closing(groups: Sequence[Group], ncols: int) -> list[list[Group]]:
    """For each column, the groups whose last column it is (checkable once it is filled)."""
    at: list[list[Group]] = [[] for _ in range(ncols)]
    for g in groups:
        at[max(max(g[0]), g[1])].append(g)
    return at


def _holds(values: Sequence[Optional[float]], g: Group) -> bool:
    parts, total = g
    if values[total] is None or any(values[i] is None for i in parts):
        return True  # cannot be checked: not evidence against the reading
    return abs(sum(values[i] for i in parts) - values[total]) < 1e-6


class _Budget:
    def __init__(self, limit: int):
        self.left = limit
        self.exhausted = False

    def spend(self) -> bool:
        self.left -= 1
        if self.left < 0:
            self.exhausted = True
        return not self.exhausted


# ---------------------------------------------------------------------------------------
# the stages

def _split_readings(tokens: Sequence[Token], ncols: int, groups: Sequence[Group],
                    budget: _Budget) -> tuple[list[Reading], int]:
    """Readings that cut tokens into exactly `ncols` cells; (kept, enumerated)."""
    mins = [min_pieces(t) for t in tokens]
    maxs = [max_pieces(t) for t in tokens]
    tail_min = [0] * (len(tokens) + 1)
    tail_max = [0] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        tail_min[i] = tail_min[i + 1] + mins[i]
        tail_max[i] = tail_max[i + 1] + maxs[i]
    closing = _closing(groups, ncols)
    kept: list[Reading] = []
    enumerated = 0

    def dfs(i: int, cols: tuple[Piece, ...], values: list) -> None:
        nonlocal enumerated
        if not budget.spend():
            return
        if i == len(tokens):
            if len(cols) == ncols:
                enumerated += 1
                if len(kept) < MAX_READINGS:
                    kept.append(cols)
            return
        remaining = ncols - len(cols)
        for k in range(mins[i], maxs[i] + 1):
            if k + tail_min[i + 1] > remaining:
                break
            if k + tail_max[i + 1] < remaining:
                continue
            for seg in _pieces(tokens[i], k):
                vals = values + [p.value for p in seg]
                ok = True
                for c in range(len(cols), len(vals)):
                    if closing[c] and not all(_holds(vals, g) for g in closing[c]):
                        ok = False
                        break
                if not ok:
                    enumerated += 1
                    continue
                dfs(i + 1, cols + seg, vals)

    dfs(0, (), [])
    return kept, enumerated


def _placements(items: Sequence[Piece], ncols: int, groups: Sequence[Group], fill: Piece,
                budget: _Budget) -> tuple[list[Reading], int]:
    """Readings that keep the items in order and put `fill` in the remaining columns."""
    closing = _closing(groups, ncols)
    kept: list[Reading] = []
    enumerated = 0
    inferring = fill.value is None

    def dfs(c: int, v: int, cols: tuple[Piece, ...], values: list) -> None:
        nonlocal enumerated
        if not budget.spend():
            return
        if c == ncols:
            if v == len(items):
                reading = _infer(cols, groups) if inferring else cols
                enumerated += 1
                if reading is not None and len(kept) < MAX_READINGS:
                    kept.append(reading)
            return
        options = []
        if v < len(items):
            options.append(items[v])
        if len(items) - v < ncols - c:
            options.append(fill)
        for p in options:
            vals = values + [p.value]
            if closing[c] and not all(_holds(vals, g) for g in closing[c]):
                enumerated += 1
                continue
            dfs(c + 1, v + (p is not fill), cols + (p,), vals)

    dfs(0, 0, (), [])
    return kept, enumerated


def _infer(cols: Reading, groups: Sequence[Group]) -> Optional[Reading]:
    """Fill a single unknown cell of a sum from the others; None if a sum then fails
    or a count would be negative."""
    out = list(cols)
    for parts, total in groups:
        idx = list(parts) + [total]
        unknown = [i for i in idx if out[i].value is None]
        if len(unknown) != 1:
            continue
        u = unknown[0]
        if u == total:
            v = sum(out[i].value for i in parts)
        else:
            v = out[total].value - sum(out[i].value for i in parts if i != u)
        if v < 0:
            return None
        out[u] = Piece(int(v) if float(v).is_integer() else v, "inferred")
    values = [p.value for p in out]
    if not all(_holds(values, g) for g in groups):
        return None
    return tuple(out)


def _windows(items: list[Piece], ncols: int, groups: Sequence[Group]) -> tuple[list[Reading], int]:
    """More cells than columns: blanks at the ends go first (label cells left empty by
    span expansion, padding), then every run of `ncols` adjacent cells is a reading."""
    while len(items) > ncols and items[0].tag == "blank":
        items = items[1:]
    while len(items) > ncols and items[-1].tag == "blank":
        items = items[:-1]
    if len(items) == ncols:
        return [tuple(items)], 1
    windows = [tuple(items[s:s + ncols]) for s in range(len(items) - ncols + 1)]
    holding = [w for w in windows if all(_holds([p.value for p in w], g) for g in groups)]
    return (holding or windows), len(windows)


# ---------------------------------------------------------------------------------------

def solve_row(tokens: Sequence[Token], ncols: int, groups: Sequence[Group] = (),
              positional: bool = False) -> RowSolution:
    """All readings of one row's tokens that the row's sums allow (see module doc).

    `positional`: the layout's cell boundaries are real (pipes, grids), so missing cells
    are more likely dropped blanks than fused digits.
    """
    groups = tuple(groups)
    items = minimal_pieces(tokens)
    if len(items) == ncols:
        forced = any(p.tag == "split" for p in items)
        return RowSolution([tuple(items)], "direct", "forced" if forced else "direct", groups)
    if len(items) > ncols:
        readings, enumerated = _windows(items, ncols, groups)
        sol = RowSolution(readings, "window", "", groups,
                          [f"{len(items)} cells for {ncols} columns"])
        _decide(sol, enumerated)
        return sol

    can_split = any(t.digits and max_pieces(t) > min_pieces(t) for t in tokens)
    order = ("blank", "split") if positional else ("split", "blank")
    stages = [s for s in order if s != "split" or can_split] + ["missing"]
    for stage in stages:
        budget = _Budget(MAX_NODES)
        if stage == "split":
            readings, enumerated = _split_readings(tokens, ncols, groups, budget)
        elif stage == "blank":
            readings, enumerated = _placements(items, ncols, groups, Piece(0, "blank"), budget)
        else:
            readings, enumerated = _placements(items, ncols, groups, Piece(None, "missing"), budget)
        if budget.exhausted:
            return RowSolution(readings, stage, "too-many", groups,
                               [f"more than {MAX_NODES} ways to read {len(tokens)} tokens"])
        if readings:
            sol = RowSolution(readings, stage, "", groups)
            if stage == "split":
                _prefer_longest_token(sol, ncols - len(items))
            _decide(sol, enumerated)
            return sol
    return RowSolution([], "none", "none", groups, ["no reading satisfies the row sums"])


def _decide(sol: RowSolution, enumerated: int) -> None:
    if sol.how:
        return
    n = len(sol.distinct())
    if n > 1:
        sol.how = "ambiguous"
    elif sol.groups and enumerated > len(sol.readings):
        sol.how = "rowsum"  # the sums ruled the other readings out
    else:
        sol.how = "forced"


def _prefer_longest_token(sol: RowSolution, lost: int) -> None:
    """One lost boundary: it is far likelier inside the longest token (two cells fused)
    than inside a short one, so only the longest token's splits stay candidates. With
    more than one lost boundary no token is preferred."""
    if lost != 1 or len(sol.distinct()) < 2:
        return

    def split_length(r: Reading) -> int:
        return max((len(p.tok.digits) for p in r if p.tag == "split" and p.tok is not None
                    and min_pieces(p.tok) < sum(1 for q in r if q.tok is p.tok)), default=0)

    best = max(split_length(r) for r in sol.readings)
    kept = [r for r in sol.readings if split_length(r) == best]
    if len(kept) < len(sol.readings):
        sol.readings = kept
        if len(sol.distinct()) == 1:
            sol.how = "longest-token"


# ---------------------------------------------------------------------------------------
# table level

def apply_column_identities(solutions: dict[str, RowSolution], col_count: int,
                            identities: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> list[str]:
    """Keep only the readings of ambiguous rows that let the column identities hold.

    Used only as extra evidence: rows that are read as written are never changed, and
    when no combination of readings satisfies the identities (the report's own numbers
    disagree) nothing is filtered. Returns notes.
    """
    involved = {k for _, lhs, rhs in identities for k in (*lhs, *rhs)}
    usable = [(name, lhs, rhs) for name, lhs, rhs in identities
              if all(k in solutions and solutions[k].readings for k in (*lhs, *rhs))]
    ambiguous = [k for k in solutions if k in involved and len(solutions[k].distinct()) > 1
                 and any(k in (*lhs, *rhs) for _, lhs, rhs in usable)]
    if not ambiguous:
        return []
    choices = {k: solutions[k].distinct() for k in ambiguous}
    fixed = {k: s.distinct()[0] for k, s in solutions.items() if k not in choices and s.readings}
    # check each identity as soon as its last ambiguous row is assigned
    order = list(ambiguous)
    due: dict[int, list] = {}
    for ident in usable:
        rows = [k for k in (*ident[1], *ident[2]) if k in choices]
        if rows:
            due.setdefault(max(order.index(k) for k in rows), []).append(ident)
    survivors: dict[str, set] = {k: set() for k in order}
    budget = _Budget(MAX_JOINT_NODES)
    assigned: dict[str, tuple] = {}
    found = False

    def holds(ident) -> bool:
        _, lhs, rhs = ident
        vals = {k: assigned.get(k, fixed.get(k)) for k in (*lhs, *rhs)}
        for c in range(col_count):
            left = [vals[k][c] for k in lhs]
            right = [vals[k][c] for k in rhs]
            if any(v is None for v in left + right):
                continue
            if abs(sum(left) - sum(right)) > 1e-6:
                return False
        return True

    def dfs(i: int) -> None:
        nonlocal found
        if not budget.spend():
            return
        if i == len(order):
            found = True
            for k in order:
                survivors[k].add(assigned[k])
            return
        k = order[i]
        for t in choices[k]:
            assigned[k] = t
            if all(holds(ident) for ident in due.get(i, ())):
                dfs(i + 1)
        assigned.pop(k, None)

    dfs(0)
    if budget.exhausted:
        return ["column identities not used: too many combinations of readings"]
    if not found:
        return ["no combination of the ambiguous readings satisfies the column identities"]
    notes = []
    for k in order:
        if len(survivors[k]) < len(choices[k]):
            solutions[k].keep(survivors[k], "column-identity")
            notes.append(f"{k}: column identities kept {len(survivors[k])} of {len(choices[k])} readings")
    return notes


def apply_lone_value_convention(sol: RowSolution, column: int) -> bool:
    """A row whose one applicant value lost its column (blanks dropped) reads it in the
    template's default column (自然人), the row sum having placed the total. Only when
    every remaining reading is such a single-value reading; returns True if applied."""
    if sol.stage != "blank" or len(sol.distinct()) < 2 or not sol.groups:
        return False
    parts, total = sol.groups[0]
    chosen = None
    for values in sol.distinct():
        nonzero = [i for i in parts if values[i]]
        if len(nonzero) != 1 or values[total] != values[nonzero[0]]:
            return False
        if nonzero[0] == column:
            chosen = values
    if chosen is None:
        return False
    sol.keep({chosen}, "lone-applicant")
    return True
