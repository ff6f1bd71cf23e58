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
try dropped blanks first; text layouts try fused digits first. Blank = 0 is assumed
for a table printed sparse (table 3); elsewhere only where the sums rule some placement
out. When no reading adds up, the gaps are left unknown and what the sums determine is
inferred (one unknown cell of a sum; all unknown parts once the known ones reach the
total). Several surviving readings make the differing cells `ambiguous`, with every
reading as a candidate; a cell unknown in some reading is `missing`. The table level
(`apply_column_identities`) then uses the column identities as extra evidence, and
`apply_lone_value_convention` the one reading convention the templates define.

A reading is never chosen for making the table consistent: readings as written are
kept whatever the identities say, and evidence only narrows readings of lost boundaries.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from typing import Iterator, Optional, Sequence

from textmine.tables.tokens import Token

MAX_NODES = 20000  # search nodes per row and stage; real rows need a few hundred at most
MAX_READINGS = 400  # readings kept per row
MAX_JOINT_NODES = 2000  # combinations of ambiguous rows checked jointly
MAX_UNKNOWN_PLACEMENTS = 120  # beyond, values whose cells are unknown determine nothing

Group = tuple[tuple[int, ...], int]  # (part columns, total column)


@dataclass(frozen=True, slots=True, eq=False)
class Piece:
    """What one column of one reading holds."""

    value: Optional[float]
    tag: str  # read | split | blank | inferred | missing
    tok: Optional[Token] = None
    lo: int = 0  # slice of tok.digits for split pieces
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
    stage: str  # direct | split | blank | missing | window | none
    how: (
        str  # direct | forced | rowsum | longest-token | row-bound | column-identity | lone-applicant | ambiguous
        # | too-many | none
    )
    groups: tuple[Group, ...] = ()
    notes: list[str] = field(default_factory=list)
    # columns whose value is the same in several readings that took it from different
    # tokens (or positions): the value is certain, its source is not
    varied: set[int] = field(default_factory=set)
    # table-level evidence that narrowed the readings, in order (column-identity, lone-applicant)
    narrowed: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.readings, varied = _dedupe(self.readings)
        self.varied |= varied

    def distinct(self) -> list[tuple]:
        return [tuple(p.value for p in r) for r in self.readings]

    def keep(self, allowed: set[tuple], how: str) -> None:
        before = len(self.readings)
        self.readings = [r for r in self.readings if tuple(p.value for p in r) in allowed]
        if len(self.readings) < before:
            self.narrowed.append(how)
            if len(self.readings) == 1:
                self.how = how


def _same_piece(a: Piece, b: Piece) -> bool:
    return a.tok is b.tok and a.tag == b.tag and a.lo == b.lo and a.hi == b.hi


def _dedupe(readings: list[Reading]) -> tuple[list[Reading], set[int]]:
    """One reading per tuple of values; note the columns where duplicates differ in source."""
    first: dict[tuple, Reading] = {}
    varied: set[int] = set()
    for r in readings:
        key = tuple(p.value for p in r)
        kept = first.get(key)
        if kept is None:
            first[key] = r
        elif kept is not r:
            varied.update(i for i, (a, b) in enumerate(zip(kept, r)) if not _same_piece(a, b))
    return list(first.values()), varied


# ---------------------------------------------------------------------------------------
# splitting digit strings


def _valid(d: str, i: int, j: int) -> bool:
    return j - i == 1 or d[i] != "0"


# A cell of these tables never holds more than this many digits, and a row never has
# more ways to cut a fused run than this: beyond either, the run is garbage (or a
# hostile input), and enumerating its cuts would take forever.
MAX_CELL_DIGITS = 9
MAX_SEGMENTATIONS = 50_000
# Memo sizes: an entry can hold thousands of cuts, and a worker's memory must stop growing
# early in a corpus run. 1,024 entries fill within ~500 reports; 4,096 (filling over
# ~4,000) were no faster on 4,000 synthetic reports and held ~10 MB more per worker.
_MEMO = 1024


@functools.lru_cache(maxsize=_MEMO)
def segmentations(d: str, k: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """All ways to cut digit string `d` into `k` cells, as (lo, hi) slices; () when there
    are none or more than MAX_SEGMENTATIONS (the row then reads as unresolved)."""
    n = len(d)
    if k < 1 or k > n:
        return ()
    if k == 1:
        return (((0, n),),) if _valid(d, 0, n) else ()
    if _count_cuts(d, k) > MAX_SEGMENTATIONS:
        return ()
    return _cuts(d, k)


@functools.lru_cache(maxsize=_MEMO)
def _count_cuts(d: str, k: int) -> int:
    n = len(d)
    if k == 1:
        return int(n <= MAX_CELL_DIGITS and _valid(d, 0, n))
    total = 0
    for j in range(1, min(n - k + 1, MAX_CELL_DIGITS) + 1):
        if not _valid(d, 0, j):
            break
        total += _count_cuts(d[j:], k - 1)
        if total > MAX_SEGMENTATIONS:
            break
    return total


@functools.lru_cache(maxsize=_MEMO)
def _cuts(d: str, k: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    n = len(d)
    if k == 1:
        return (((0, n),),) if n <= MAX_CELL_DIGITS and _valid(d, 0, n) else ()
    out = []
    for j in range(1, min(n - k + 1, MAX_CELL_DIGITS) + 1):
        if not _valid(d, 0, j):
            break  # a leading 0 can only be a cell of its own
        for rest in _cuts(d[j:], k - 1):
            out.append(((0, j),) + tuple((lo + j, hi + j) for lo, hi in rest))
    return tuple(out)


def min_pieces(tok: Token) -> int:
    """Cells a token holds at least (each leading 0 of a longer digit string is a cell)."""
    return tok.cells_min


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
    """Each token as the fewest cells it can hold (only leading zeros split)."""
    out: list[Piece] = []
    for t in tokens:
        split = next(_pieces(t, t.cells_min), None) if t.cells_min > 1 else None
        if split is not None:
            out.extend(split)
        elif t.kind == "blank":
            out.append(Piece(0, "blank", t))
        else:
            out.append(Piece(t.value, "read", t, 0, len(t.digits)))
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


class _Readings:
    """Readings kept by value, one per distinct tuple of values (placements of equal
    values are many and alike), noting the columns where equal-valued readings took
    the value from different places. At most MAX_READINGS; beyond, `overflow`."""

    def __init__(self) -> None:
        self.by_values: dict[tuple, Reading] = {}
        self.varied: set[int] = set()
        self.overflow = False

    def add(self, reading: Reading) -> None:
        key = tuple(p.value for p in reading)
        kept = self.by_values.get(key)
        if kept is not None:
            self.varied.update(i for i, (a, b) in enumerate(zip(kept, reading)) if not _same_piece(a, b))
        elif len(self.by_values) >= MAX_READINGS:
            self.overflow = True
        else:
            self.by_values[key] = reading

    def __len__(self) -> int:
        return len(self.by_values)


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


def _split_readings(
    tokens: Sequence[Token], ncols: int, groups: Sequence[Group], budget: _Budget
) -> tuple[_Readings, int]:
    """Readings that cut tokens into exactly `ncols` cells; (kept, number rejected by a sum)."""
    mins = [min_pieces(t) for t in tokens]
    maxs = [max_pieces(t) for t in tokens]
    tail_min = [0] * (len(tokens) + 1)
    tail_max = [0] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        tail_min[i] = tail_min[i + 1] + mins[i]
        tail_max[i] = tail_max[i + 1] + maxs[i]
    closing = _closing(groups, ncols)
    kept = _Readings()
    rejected = 0

    def dfs(i: int, cols: tuple[Piece, ...], values: list) -> None:
        nonlocal rejected
        if not budget.spend():
            return
        if i == len(tokens):
            if len(cols) == ncols:
                kept.add(cols)
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
                    rejected += 1
                    continue
                dfs(i + 1, cols + seg, vals)

    dfs(0, (), [])
    return kept, rejected


def _placements(
    items: Sequence[Piece], ncols: int, groups: Sequence[Group], fill: Piece, budget: _Budget
) -> tuple[_Readings, int]:
    """Readings that keep the items in order and put `fill` in the remaining columns;
    (kept, number rejected by a sum)."""
    kept = _Readings()
    if fill.value is not None and all(p.value == fill.value for p in items):
        # all values alike (typically zeros among blanks): every placement reads the same
        reading = tuple(items) + (fill,) * (ncols - len(items))
        if all(_holds([p.value for p in reading], g) for g in groups):
            kept.add(reading)
            if items and len(items) < ncols:
                kept.add((fill,) * (ncols - len(items)) + tuple(items))  # marks the columns uncertain
        return kept, 0
    closing = _closing(groups, ncols)
    rejected = 0
    inferring = fill.value is None

    def dfs(c: int, v: int, cols: tuple[Piece, ...], values: list) -> None:
        nonlocal rejected
        if not budget.spend():
            return
        if c == ncols:
            if v == len(items):
                reading = _infer(cols, groups) if inferring else cols
                if reading is None:
                    rejected += 1
                else:
                    kept.add(reading)
            return
        options = []
        if v < len(items):
            options.append(items[v])
        if len(items) - v < ncols - c:
            options.append(fill)
        for p in options:
            vals = values + [p.value]
            if closing[c] and not all(_holds(vals, g) for g in closing[c]):
                rejected += 1
                continue
            dfs(c + 1, v + (p is not fill), cols + (p,), vals)

    dfs(0, 0, (), [])
    return kept, rejected


def _infer(cols: Reading, groups: Sequence[Group]) -> Optional[Reading]:
    """Fill unknown cells that a sum determines: the one unknown cell of a sum, or every
    unknown part when the known parts already reach the total (counts are never
    negative). None when a sum then fails or a count would be negative; unknown cells
    that nothing determines stay unknown."""
    out = list(cols)
    for parts, total in groups:
        unknown = [i for i in (*parts, total) if out[i].value is None]
        if not unknown:
            continue
        known = sum(out[i].value for i in parts if out[i].value is not None)
        if out[total].value is None:
            if len(unknown) == 1:
                out[total] = _inferred(known)
            continue
        rest = out[total].value - known
        if rest < -1e-6:
            return None
        if len(unknown) == 1:
            out[unknown[0]] = _inferred(rest)
        elif abs(rest) < 1e-6:
            for i in unknown:
                out[i] = _inferred(0)
    values = [p.value for p in out]
    if not all(_holds(values, g) for g in groups):
        return None
    return tuple(out)


def _inferred(v: float) -> Piece:
    return Piece(int(v) if float(v).is_integer() else v, "inferred")


def _windows(items: list[Piece], ncols: int, groups: Sequence[Group]) -> tuple[list[Reading], int]:
    """More cells than columns: blanks at the ends go first (label cells left empty by
    span expansion, padding), then every run of `ncols` adjacent cells is a reading."""
    while len(items) > ncols and items[0].tag == "blank":
        items = items[1:]
    while len(items) > ncols and items[-1].tag == "blank":
        items = items[:-1]
    if len(items) == ncols:
        return [tuple(items)], 0
    windows = [tuple(items[s : s + ncols]) for s in range(len(items) - ncols + 1)]
    holding = [w for w in windows if all(_holds([p.value for p in w], g) for g in groups)]
    return (holding, len(windows) - len(holding)) if holding else (windows, 0)


# ---------------------------------------------------------------------------------------


def solve_row(
    tokens: Sequence[Token], ncols: int, groups: Sequence[Group] = (), positional: bool = False, sparse: bool = True
) -> RowSolution:
    """All readings of one row's tokens that the row's sums allow (see module doc).

    `positional`: the layout's cell boundaries are real (pipes, grids), so missing cells
    are more likely dropped blanks than fused digits.
    `sparse`: the table is commonly printed with blank cells for zeros, so cells a row
    lacks are read as blank = 0. Otherwise they are, only where the row sums confirm
    the placement (ruled some placement out); else they stay unknown: `0 | 0 | 0`
    under a 15-column header says nothing about where its zeros belong.
    """
    groups = tuple(groups)
    items = minimal_pieces(tokens)
    if len(items) == ncols:
        forced = any(p.tag == "split" for p in items)
        reading = tuple(items)
        values = [p.value for p in reading]
        if any(p.tag == "blank" for p in reading) and not all(_holds(values, g) for g in groups):
            # An empty cell beside written values that do not add up was left unfilled,
            # not meant as 0 (typically the total): when exactly one of the empty cells,
            # taken as unknown with the others 0, lets the sums hold, infer it.
            fits = []
            for i, p in enumerate(reading):
                if p.tag == "blank":
                    unknown = reading[:i] + (Piece(None, "missing"),) + reading[i + 1 :]
                    inferred = _infer(unknown, groups)
                    if inferred is not None and all(q.value is not None for q in inferred):
                        fits.append(inferred)
            if len(fits) == 1:
                reading = fits[0]
        return RowSolution([reading], "direct", "forced" if forced else "direct", groups)
    if len(items) > ncols:
        readings, rejected = _windows(items, ncols, groups)
        sol = RowSolution(readings, "window", "", groups, [f"{len(items)} cells for {ncols} columns"])
        _decide(sol, rejected)
        return sol

    can_split = any(t.digits and max_pieces(t) > min_pieces(t) for t in tokens)
    order = ("blank", "split") if positional else ("split", "blank")
    stages = [s for s in order if s != "split" or can_split] + ["missing"]
    while stages:
        stage = stages.pop(0)
        budget = _Budget(MAX_NODES)
        if stage == "split":
            readings, rejected = _split_readings(tokens, ncols, groups, budget)
        elif stage == "blank":
            readings, rejected = _placements(items, ncols, groups, Piece(0, "blank"), budget)
        elif math.comb(ncols, len(items)) > MAX_UNKNOWN_PLACEMENTS:
            # values that may sit in hundreds of places determine nothing: all unknown
            return RowSolution(
                [(Piece(None, "missing"),) * ncols],
                stage,
                "too-many",
                groups,
                [f"{len(items)} values for {ncols} cells, positions unknown"],
            )
        else:
            readings, rejected = _placements(items, ncols, groups, Piece(None, "missing"), budget)
        if stage == "blank" and not sparse and not rejected and len(readings):
            # no evidence for blank = 0 in a table that is not printed sparse: the cells
            # are unknown (and in a pipe row a lost cell is no fused digit either)
            stages = [x for x in stages if x == "missing" or (x == "split" and not positional)]
            continue
        if budget.exhausted or readings.overflow:
            return RowSolution(
                list(readings.by_values.values()),
                stage,
                "too-many",
                groups,
                [
                    f"too many ways to read {len(tokens)} tokens as {ncols} cells; "
                    f"candidates shown are the first {len(readings)}"
                ],
                readings.varied,
            )
        if readings:
            sol = RowSolution(list(readings.by_values.values()), stage, "", groups, [], readings.varied)
            if stage == "split":
                _prefer_longest_token(sol, ncols - len(items))
            _decide(sol, rejected)
            return sol
    return RowSolution([], "none", "none", groups, ["no reading satisfies the row sums"])


def _decide(sol: RowSolution, rejected: int) -> None:
    if sol.how:
        return
    if len(sol.readings) > 1:
        sol.how = "ambiguous"
    elif rejected:
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
        return max(
            (
                len(p.tok.digits)
                for p in r
                if p.tag == "split" and p.tok is not None and min_pieces(p.tok) < sum(1 for q in r if q.tok is p.tok)
            ),
            default=0,
        )

    best = max(split_length(r) for r in sol.readings)
    kept = [r for r in sol.readings if split_length(r) == best]
    if len(kept) < len(sol.readings):
        sol.readings = kept
        if len(sol.distinct()) == 1:
            sol.how = "longest-token"


Bound = tuple[tuple[int, ...], tuple[int, ...], int]  # (added, subtracted, at least that)


def apply_row_bounds(sol: RowSolution, bounds: Sequence[Bound]) -> None:
    """Readings a row's inequalities rule out (the template's `at_least`: in force >= made -
    repealed), dropped when others remain: 2023 read as 20|2|3 would leave 3 in force of
    20 made and 2 repealed, so only 2|0|23 stays. When every reading breaks a bound the
    row itself does, and they all stay."""
    if not bounds or len(sol.distinct()) < 2:
        return

    def holds(values: tuple) -> bool:
        for plus, minus, col in bounds:
            if values[col] is None or any(values[i] is None for i in plus + minus):
                continue
            if values[col] < sum(values[i] for i in plus) - sum(values[i] for i in minus) - 1e-9:
                return False
        return True

    allowed = {v for v in sol.distinct() if holds(v)}
    if allowed:
        sol.keep(allowed, "row-bound")


# ---------------------------------------------------------------------------------------
# table level

Identities = Sequence[tuple[str, Sequence[str], Sequence[str]]]


def apply_column_identities(
    solutions: dict[str, RowSolution], col_count: int, identities: Identities
) -> tuple[list[str], bool]:
    """Keep only the readings of ambiguous rows that let the column identities hold.

    Used only as extra evidence: rows read as written are never changed, and when no
    combination of readings satisfies the identities (the report's own numbers disagree)
    nothing is filtered. Returns notes, and whether some combination satisfies them
    (filtering keeps every satisfying combination, so that answer stays true after it).
    """
    choices = consistent_choices(solutions, col_count, identities)
    if choices is None:
        return ["no combination of the ambiguous readings satisfies the column identities"], False
    return _commit(solutions, choices, "column-identity", "column identities"), True


def _commit(solutions: dict[str, RowSolution], choices: dict[str, list[tuple]], how: str, why: str) -> list[str]:
    notes = []
    for k in sorted(choices, key=list(solutions).index):
        before = len(solutions[k].readings)
        if len(choices[k]) < before:
            solutions[k].keep(set(choices[k]), how)
            notes.append(f"{k}: {why} kept {len(choices[k])} of {before} readings")
    return notes


def consistent_choices(
    solutions: dict[str, RowSolution], col_count: int, identities: Identities, assume: Optional[dict[str, tuple]] = None
) -> Optional[dict[str, list[tuple]]]:
    """The readings of each ambiguous row that some combination satisfying the column
    identities uses (with the rows in `assume` fixed to one reading); None when no
    combination does. Cells unknown in some reading make their column unusable, not a
    failure.

    Two passes, both sound (a reading is dropped only if no combination of the other
    rows' readings can satisfy an identity with it): per column, each identity is a sum
    of scalars, so the sums reachable from the other rows are enumerated cheaply (they
    are few: counts are bounded) and readings are filtered to a fixpoint; then, if few
    combinations remain, they are checked jointly across columns.
    """
    assume = assume or {}
    usable = [
        (lhs, rhs) for _, lhs, rhs in identities if all(k in solutions and solutions[k].readings for k in (*lhs, *rhs))
    ]
    ambiguous = {k for lhs, rhs in usable for k in (*lhs, *rhs) if len(solutions[k].readings) > 1}
    choices = {k: ([assume[k]] if k in assume else solutions[k].distinct()) for k in ambiguous}
    if not choices:
        return {}
    # per identity: the fixed rows' contribution (lhs - rhs) per column, and the signed ambiguous rows
    prepared = []
    for lhs, rhs in usable:
        base: list[Optional[float]] = [0] * col_count
        signed = []
        for sign, rows in ((1, lhs), (-1, rhs)):
            for k in rows:
                if k in choices:
                    signed.append((k, sign))
                    continue
                for c, p in enumerate(solutions[k].readings[0]):
                    base[c] = None if p.value is None or base[c] is None else base[c] + sign * p.value
        if signed:
            prepared.append((base, signed))
    if not _filter_by_columns(prepared, choices, col_count) or not _filter_jointly(prepared, choices, col_count):
        return None
    return choices


MAX_SUMS = 4000  # distinct partial sums per column before a column is left unused


def _filter_by_columns(prepared, choices: dict[str, list[tuple]], col_count: int) -> bool:
    """Per-column filtering to a fixpoint; False when some row is left without a reading
    (the identities cannot hold: then `choices` must not be used)."""
    # a (identity, column) pair that changed nothing is evaluated again only once one of
    # its rows lost readings since (the fixpoint loop otherwise redoes every pair per change)
    version = dict.fromkeys(choices, 0)
    settled: dict[tuple[int, int], tuple] = {}
    column_values: dict[tuple[str, int, int], set] = {}  # (row, column, version) -> its values
    changed = True
    while changed:
        changed = False
        for pi, (base, signed) in enumerate(prepared):
            for c in range(col_count):
                if base[c] is None:
                    continue
                stamp = tuple(version[k] for k, _ in signed)
                if settled.get((pi, c)) == stamp:
                    continue
                settled[(pi, c)] = stamp
                options = []
                for k, _ in signed:
                    o = column_values.get((k, c, version[k]))
                    if o is None:
                        o = column_values[(k, c, version[k])] = {t[c] for t in choices[k]}
                    options.append(o)
                if any(None in o for o in options):
                    continue
                target = -base[c]
                # A row with one possible value in this column (most rows of a sparse table)
                # only shifts the target: the sums are enumerated over the other rows alone.
                # Integers only, so the shift is exact.
                rows = []
                for (k, sgn), o in zip(signed, options):
                    if len(o) == 1:
                        (v,) = o
                        if float(v).is_integer():
                            target -= sgn * v
                            continue
                    rows.append((k, sgn, o))
                if not rows:
                    if target != 0 and (float(target).is_integer() or abs(target) >= 1e-6):
                        return False  # every row is fixed here and the identity fails
                    continue
                for k, allowed, possible in _allowed_by_sums(target, rows):
                    if len(allowed) < len(possible):
                        choices[k] = [t for t in choices[k] if t[c] in allowed]
                        if not choices[k]:
                            return False
                        version[k] += 1
                        changed = True
                        # the other rows are filtered against the sums before this cut:
                        # those sums are a superset of the true ones, so every drop stays
                        # sound, and the fixpoint loop comes back to this column
    return True


def _allowed_by_sums(target: float, rows: list[tuple[str, int, set]]) -> Iterator[tuple[str, set, set]]:
    """For Σ sign × value = target over `rows` (key, sign, possible values): each row's
    key, the values that some choice of the others completes, and its possible values.
    Nothing when the partial sums grow
    past MAX_SUMS (the column is then left unused)."""
    options = [o for _, _, o in rows]
    signs = [sgn for _, sgn, _ in rows]
    # forward[i]: sums reachable from rows before i; backward[i]: from rows i..
    forward = [{0}]
    for o, sgn in zip(options, signs):
        nxt = {f + sgn * v for f in forward[-1] for v in o}
        if len(nxt) > MAX_SUMS:
            return
        forward.append(nxt)
    backward = [{0}]
    for o, sgn in zip(reversed(options), reversed(signs)):
        backward.append({b + sgn * v for b in backward[-1] for v in o})
    backward.reverse()
    exact = all(float(x).is_integer() for x in (target, *forward[-1]))
    for i, (k, sgn, _) in enumerate(rows):
        rest = backward[i + 1]
        if exact:  # integer sums (counts): plain set membership, no tolerance needed
            fwd = forward[i]
            if len(fwd) <= len(rest):
                allowed = {v for v in options[i] if any((target - sgn * v - f) in rest for f in fwd)}
            else:
                allowed = {v for v in options[i] if any((target - sgn * v - b) in fwd for b in rest)}
        else:
            allowed = {v for v in options[i] if any(_near(target - f - sgn * v, rest) for f in forward[i])}
        yield k, allowed, options[i]


def _near(x: float, values: set) -> bool:
    return x in values or (not float(x).is_integer() and any(abs(x - v) < 1e-6 for v in values))


def _filter_jointly(prepared, choices: dict[str, list[tuple]], col_count: int) -> bool:
    """All identities together, when the remaining combinations are few."""
    order = [k for k in choices if len(choices[k]) > 1]
    total = 1
    for k in order:
        total *= len(choices[k])
        if total > MAX_JOINT_NODES:
            return True  # too many to check jointly: the per-column result stands
    if total <= 1:
        return True
    position = {k: i for i, k in enumerate(order)}
    fixed = {k: v[0] for k, v in choices.items() if k not in position}
    due: dict[int, list] = {}
    for base, signed in prepared:
        rows = [k for k, _ in signed if k in position]
        due.setdefault(max((position[k] for k in rows), default=-1), []).append((base, signed))
    assigned: dict[str, tuple] = dict(fixed)
    survivors: dict[str, set] = {k: set() for k in order}

    def holds(base, signed) -> bool:
        for c in range(col_count):
            total = base[c]
            if total is None:
                continue
            for k, sgn in signed:
                v = assigned[k][c]
                if v is None:
                    total = None
                    break
                total += sgn * v
            if total is not None and abs(total) > 1e-6:
                return False
        return True

    if not all(holds(b, s) for b, s in due.get(-1, ())):
        return False

    def dfs(i: int) -> None:
        if i == len(order):
            for k in order:
                survivors[k].add(assigned[k])
            return
        k = order[i]
        for t in choices[k]:
            assigned[k] = t
            if all(holds(b, s) for b, s in due.get(i, ())):
                dfs(i + 1)
        del assigned[k]

    dfs(0)
    if not any(survivors.values()):
        return False
    for k in order:
        choices[k] = [t for t in choices[k] if t in survivors[k]]
    return True


def lone_value_reading(sol: RowSolution, column: int) -> Optional[tuple]:
    """The reading that puts a sparse row's single applicant value in `column`, when
    every remaining reading of the row is such a single-value reading (the value lost
    its column when blanks were dropped; the row sum placed the total)."""
    if sol.stage != "blank" or len(sol.readings) < 2 or not sol.groups:
        return None
    parts, total = sol.groups[0]
    chosen = None
    for values in sol.distinct():
        nonzero = [i for i in parts if values[i]]
        if len(nonzero) != 1 or values[total] != values[nonzero[0]]:
            return None
        if nonzero[0] == column:
            chosen = values
    return chosen


MAX_CONVENTION_TRIALS = 64  # subsets of lone rows tried against the identities


def apply_lone_value_convention(
    solutions: dict[str, RowSolution],
    column: int,
    col_count: int,
    identities: Identities,
    identities_hold: Optional[bool] = None,
) -> list[str]:
    """The template's reading convention for sparse rows: a lone applicant value is
    the natural person's (the first column of the header the row mirrors, and by far the
    commonest applicant). It is a prior, never evidence against the column identities:
    of all readings the identities allow, those placing the most lone values in the
    natural-person column win. Rows every such reading places there are decided (and
    the identities then propagate them to the other rows); rows no such reading places
    there lose that reading; the rest stay ambiguous. Returns notes."""
    lone = {k: r for k, sol in solutions.items() if (r := lone_value_reading(sol, column)) is not None}
    if not lone:
        return []
    if identities_hold is None and identities:  # not known from apply_column_identities: find out
        identities_hold = consistent_choices(solutions, col_count, identities) is not None
    if not identities or not identities_hold:
        # nothing to weigh the prior against (or the report's numbers disagree anyway)
        for k, r in lone.items():
            solutions[k].keep({r}, "lone-applicant")
        return [f"{k}: lone value read as the natural person's (sparse-row convention)" for k in lone]

    keys = list(lone)
    optimal: list[tuple[frozenset, dict]] = []
    trials = 0
    for dropped in range(len(keys) + 1):  # fewest lone rows moved off the natural person first
        for off in itertools.combinations(keys, dropped):
            trials += 1
            if trials > MAX_CONVENTION_TRIALS:
                return ["lone values left ambiguous: too many ways to weigh the convention"]
            placed = frozenset(keys) - set(off)
            choices = consistent_choices(solutions, col_count, identities, {k: lone[k] for k in placed})
            if choices is not None:
                optimal.append((placed, choices))
        if optimal:
            break
    decided = frozenset.intersection(*(p for p, _ in optimal))
    never = set(keys) - frozenset.union(*(p for p, _ in optimal))
    notes = []
    # in row order, not set order: set order changes from process to process (string
    # hashing is randomised), and the same report must give the same output every time
    decided = [k for k in keys if k in decided]
    never = [k for k in keys if k in never]
    for k in decided:
        solutions[k].keep({lone[k]}, "lone-applicant")
        notes.append(f"{k}: lone value read as the natural person's (sparse-row convention)")
    for k in never:
        others = {t for t in solutions[k].distinct() if t != lone[k]}
        solutions[k].keep(others, "column-identity")
        notes.append(f"{k}: lone value is not the natural person's (column identities)")
    if decided or never:
        after = consistent_choices(solutions, col_count, identities)
        if after is not None:
            notes += _commit(solutions, after, "lone-applicant", "column identities with the lone values placed")
    return notes
