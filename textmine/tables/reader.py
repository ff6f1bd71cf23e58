"""Reading one table: template choice, row solving, column identities, cells.

`read_table` takes the event stream of one table region (text or grid), assembles rows
with every template version, keeps the version that explains the text best, solves each
row (`solver.solve_row`), applies the table-level evidence (column identities, then the
lone-value convention) and turns the readings into `Cell`s with provenance.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Optional, Sequence

from textmine.document import Cell, Table
from textmine.tables.assemble import Assembly, assemble, loose_values
from textmine.tables.solver import (
    Group,
    Piece,
    RowSolution,
    apply_column_identities,
    apply_lone_value_convention,
    apply_row_bounds,
    solve_row,
)
from textmine.tables.templates import TEMPLATES, VERSIONS, ColSpec, RowSpec, TableTemplate
from textmine.tables.tokens import BLANK, NO_OFFSET, TEXT, VALUE_EV, Event, Token

POSITIONAL_LAYOUTS = ("pipe", "hybrid")  # cell boundaries are real: a short row lost blanks


def marker_hits(compact_text: str, template: TableTemplate) -> int:
    """Header wording unique to the template version found in the table's text (with
    whitespace and pipes removed, so header cells split over lines still count)."""
    return sum(1 for m in template.markers if m in compact_text)


def choose_assembly(
    table: str, events: Sequence[Event], compact_text: str, hint: Callable[[], Optional[str]] = lambda: None
) -> Assembly:
    """Assemble with every template version; keep the best fit (rows matched, rows with
    the right number of cells, header markers). Ties go to the version `hint()` names
    (asked only then), else to the newest."""
    versions = [v for v in VERSIONS if v in TEMPLATES[table]]
    hits = {v: marker_hits(compact_text, TEMPLATES[table][v]) for v in versions}
    decisive = [v for v in versions if hits[v] >= 2 and all(hits[o] == 0 for o in versions if o != v)]
    if decisive:
        versions = decisive  # the header says which template it is; no need to try others
    scored = []
    seen_rows: list = []
    for version in versions:
        template = TEMPLATES[table][version]
        if template.rows in seen_rows:
            continue  # the same table in both versions (table 4): one reading serves
        seen_rows.append(template.rows)
        asm = _displaced_labels(events, template) or assemble(events, template)
        scored.append((asm.fit() + 2.0 * hits[version], version, asm))
    scored.sort(key=lambda s: s[0], reverse=True)  # stable: newest first among equals
    tied = [s for s in scored if s[0] == scored[0][0]]
    if len(tied) > 1:
        preferred = hint()
        for s in tied:
            if s[1] == preferred:
                return s[2]
    return scored[0][2]


def _displaced_labels(events: Sequence[Event], template: TableTemplate) -> Optional[Assembly]:
    """A converter that could not keep a pipe table's merged label cells prints the rows
    whose labels it lost as bare value rows (| 1 | 0 | … |) and the lost labels, in some
    order of its own, as loose lines between the blocks. Read by the piped labels alone,
    the bare rows then fill exactly the template rows the piped labels leave out; when
    they do, that reading is the table's (the loose lines would hand their values to the
    wrong rows)."""
    loose = [e for e in events if e.kind == TEXT and not e.piped]
    piped_labels = sum(1 for e in events if e.kind == TEXT and e.piped)
    if not loose or piped_labels < 3:
        return None
    asm = assemble([e for e in events if e.piped or e.kind not in (TEXT, VALUE_EV, BLANK)], template)
    if asm.unplaced() or not any(o.by_position for o in asm.rows.values()):
        return None
    return asm


def read_table(
    table: str,
    events: Sequence[Event],
    compact_text: str,
    hint: Callable[[], Optional[str]] = lambda: None,
    grid_source: Optional[str] = None,
) -> Optional[Table]:
    """One table from its events: the template whose labels fit best, each row's readings
    from the solver, narrowed by the table's column identities, then cells with
    provenance. None when the region holds no table (labels in prose, a heading alone)."""
    asm = choose_assembly(table, events, compact_text, hint)
    template = asm.template
    if template.values_in_one_row and sum(1 for o in asm.rows.values() if any(t.kind == "value" for t in o.slots)) < 2:
        # the row labels were header cells (or absent): the values follow as one run
        return _read_one_row_table(template, events, grid_source)
    if not asm.has_values() and sum(1 for o in asm.rows.values() if o.label_piped) < 2:
        return None  # labels in prose, or a heading without its table

    solutions: dict[str, RowSolution] = {}
    layouts: dict[str, str] = {}
    for obs in asm.rows.values():
        layout = _layout_name(obs.layout(), grid_source)
        layouts[obs.spec.key] = layout
        solutions[obs.spec.key] = solve_row(
            obs.slots, obs.spec.ncols, _groups(obs.spec), positional=_positional(layout), sparse=template.sparse_rows
        )
        apply_row_bounds(solutions[obs.spec.key], obs.spec.bounds)
    notes = _table_evidence(template, solutions)
    counted = Counter(layouts[o.spec.key] for o in asm.rows.values() if o.slots)
    table_layout = counted.most_common(1)[0][0] if counted else _layout_name("pipe", grid_source)
    cells: list[Cell] = []
    by_key = {o.spec.key: o for o in asm.rows.values()}
    for spec in template.rows:
        obs = by_key.get(spec.key)
        layout = layouts.get(spec.key) or table_layout
        cells.extend(row_cells(spec, solutions.get(spec.key), layout, by_position=bool(obs and obs.by_position)))
    starts = [o.start for o in asm.rows.values() if o.start != NO_OFFSET]
    ends = [t.end for o in asm.rows.values() for t in o.slots if t.end != NO_OFFSET] + [
        o.end for o in asm.rows.values() if o.end != NO_OFFSET
    ]
    t = Table(
        table, template.version, cells, table_layout, min(starts) if starts else None, max(ends) if ends else None
    )
    t.notes.extend(notes)
    for key, sol in solutions.items():
        t.notes.extend(f"{key}: {n}" for n in sol.notes)
    missing_rows = [s.key for s in template.rows if s.key not in by_key]
    if missing_rows:
        t.notes.append("rows not found: " + ", ".join(missing_rows))
    return t


def _layout_name(layout: Optional[str], grid_source: Optional[str]) -> Optional[str]:
    if grid_source:
        return f"grid:{grid_source}"
    return layout


def _positional(layout: Optional[str]) -> bool:
    return bool(layout) and (layout in POSITIONAL_LAYOUTS or layout.startswith("grid"))


def _groups(spec: RowSpec) -> tuple[Group, ...]:
    return (spec.row_sum,) if spec.row_sum else ()


def _table_evidence(template: TableTemplate, solutions: dict[str, RowSolution]) -> list[str]:
    """Table-level evidence for rows the row sums left ambiguous: the column identities,
    then the template's convention for lone values (checked against the identities)."""
    notes: list[str] = []
    ncols = template.rows[0].ncols
    identities = [(i.name, i.lhs, i.rhs) for i in template.identities]
    hold = None
    if identities:
        found, hold = apply_column_identities(solutions, ncols, identities)
        notes += found
    if template.lone_value_column:
        column = [c.key for c in template.rows[0].cols].index(template.lone_value_column)
        notes += apply_lone_value_convention(solutions, column, ncols, identities, hold)
    return notes


def _read_one_row_table(
    template: TableTemplate, events: Sequence[Event], grid_source: Optional[str]
) -> Optional[Table]:
    """Table 4 as usually printed: a two-level header, then all row groups' values in
    one run. Solved as one row whose sums are the groups' sums."""
    tokens = loose_values(events, template.header_labels)
    if not tokens:
        return None
    specs = template.rows
    width = sum(s.ncols for s in specs)
    groups: list[Group] = []
    offset = 0
    for s in specs:
        if s.row_sum:
            parts, total = s.row_sum
            groups.append((tuple(p + offset for p in parts), total + offset))
        offset += s.ncols
    piped = any(t.piped for t in tokens)
    same_line = len({t.line for t in tokens}) < len(tokens) or len(tokens) == 1
    layout = _layout_name(
        ("pipe" if same_line else "hybrid") if piped else ("runs" if same_line else "cell_per_line"), grid_source
    )
    sol = solve_row(tokens, width, groups, positional=_positional(layout), sparse=template.sparse_rows)
    cells: list[Cell] = []
    offset = 0
    for s in specs:
        part = RowSolution(
            [r[offset : offset + s.ncols] for r in sol.readings],
            sol.stage,
            sol.how,
            _groups(s),
            sol.notes,
            {c - offset for c in sol.varied if offset <= c < offset + s.ncols},
        )
        cells.extend(row_cells(s, part, layout))
        offset += s.ncols
    real = [t for t in tokens if t.start != NO_OFFSET]
    table = Table(
        template.table,
        template.version,
        cells,
        layout,
        min(t.start for t in real) if real else None,
        max(t.end for t in real) if real else None,
    )
    table.notes.extend(sol.notes)
    return table


# ---------------------------------------------------------------------------------------
# readings -> cells


def _scaled(value: Optional[float], piece: Piece, col: ColSpec) -> tuple[Optional[float], Optional[str]]:
    """Value and unit of a cell: amounts are in the column's unit (万元); a 万 suffix on a
    count multiplies, a 元 amount in a 万元 column is converted."""
    tok = piece.tok
    suffix = tok.suffix if (tok is not None and piece.last) else ""
    if value is None:
        return None, col.unit
    if col.unit == "万元":
        if suffix == "元":
            value = value / 10000
        return value, "万元"
    if suffix == "万":
        value = value * 10000
    elif suffix == "万元":
        return value, "万元"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value, None


def _span(piece: Piece) -> tuple[str, Optional[int], Optional[int]]:
    tok = piece.tok
    if tok is None:
        return "", None, None
    if piece.tag == "split":
        a = 0 if piece.first else tok.digits_at + piece.lo
        b = len(tok.raw) if piece.last else tok.digits_at + piece.hi
    else:
        a, b = 0, len(tok.raw)
    if tok.start == NO_OFFSET:
        return tok.raw[a:b], None, None
    return tok.raw[a:b], tok.start + a, tok.start + b


def _provenance(piece: Piece, sol: RowSolution, layout: str) -> str:
    """How a cell got its value: the layout reader alone (`pipe`), a split the token had
    to take (`runs:split-forced`, leading zeros), a split or a column position chosen by
    evidence (`runs:split-by-rowsum`, `pipe:placed-by-lone-applicant`), or a blank."""
    if piece.tag == "blank":
        # a blank whose column was settled by table-level evidence says which
        return f"blank=0;placed-by-{sol.narrowed[-1]}" if sol.narrowed and sol.stage == "blank" else "blank=0"
    if piece.tag == "inferred":
        return "inferred:rowsum"
    if piece.tag == "missing":
        return "solver:missing"
    how = sol.narrowed[-1] if sol.narrowed else sol.how
    if piece.tag == "split":
        if how in ("direct", "forced"):
            return f"{layout}:split-forced"
        return f"{layout}:split" if how in ("ambiguous", "too-many") else f"{layout}:split-by-{how}"
    if sol.stage in ("split", "direct"):
        return layout  # read whole where it was written; other tokens were split
    if how in ("direct", "forced"):
        return layout
    if how in ("ambiguous", "too-many"):
        how = "rowsum" if sol.groups else "position"  # the readings agree on this cell
    return f"{layout}:placed-by-{how}"


def row_cells(spec: RowSpec, sol: Optional[RowSolution], layout: str, by_position: bool = False) -> list[Cell]:
    """The cells of one template row from the solver's readings of it: a value every
    reading agrees on is `ok` (with where it came from), one they disagree on is
    `ambiguous` with the candidates, one some reading leaves open is `missing`."""
    suffix = ";row-by-position" if by_position else ""
    if sol is None or not sol.readings:
        why = "absent" if sol is None else f"solver:{sol.how}"
        return [
            Cell(spec.key, c.key, None, status="missing", item=spec.item, unit=c.unit, provenance=why + suffix)
            for c in spec.cols
        ]
    readings = sol.readings
    first = readings[0]
    # a cell unknown in some reading is not determined by the text: missing
    unknown = {i for i in range(spec.ncols) if any(r[i].value is None for r in readings)}
    differing: list[int] = []
    if len(readings) > 1:
        differing = [
            i for i in range(spec.ncols) if i not in unknown and any(r[i].value != first[i].value for r in readings)
        ]
    candidates = None
    if differing:
        candidates = [[_scaled(r[i].value, r[i], spec.cols[i])[0] for i in differing] for r in readings]
    out: list[Cell] = []
    single = len(readings) == 1
    how_plain = sol.stage in ("split", "direct") or (not sol.narrowed and sol.how in ("direct", "forced"))
    for i, col in enumerate(spec.cols):
        piece = first[i]
        if i in differing:
            toks = _tokens_at(readings, i)
            located = [t for t in toks if t.start != NO_OFFSET]
            out.append(
                Cell(
                    spec.key,
                    col.key,
                    None,
                    raw=" ".join(t.raw for t in toks),
                    status="ambiguous",
                    approx=any(t.approx for t in toks),
                    item=spec.item,
                    unit=col.unit,
                    candidates=candidates,
                    provenance=f"solver:ambiguous({layout})" + suffix,
                    start=min(t.start for t in located) if located else None,
                    end=max(t.end for t in located) if located else None,
                )
            )
        elif i in unknown:
            out.append(
                Cell(
                    spec.key,
                    col.key,
                    None,
                    raw=" ".join(t.raw for t in _tokens_at(readings, i)),
                    status="missing",
                    item=spec.item,
                    unit=col.unit,
                    provenance="solver:missing" + suffix,
                )
            )
        elif (
            single
            and piece.tag == "read"
            and piece.tok is not None
            and not piece.tok.suffix
            and not piece.tok.approx_pre
            and col.unit is None
            and piece.tok.start != NO_OFFSET
            and i not in sol.varied
        ):
            # the common case, a value read as written: no unit, no split, no doubt
            tok = piece.tok
            out.append(
                Cell(
                    spec.key,
                    col.key,
                    piece.value,
                    raw=tok.raw,
                    item=spec.item,
                    provenance=(layout if how_plain else _provenance(piece, sol, layout)) + suffix,
                    start=tok.start,
                    end=tok.end,
                )
            )
        else:
            out.append(_agreed_cell(spec, col, i, piece, readings, sol, layout, suffix))
    return out


def _tokens_at(readings: list, i: int) -> list[Token]:
    """The distinct tokens the readings took column `i` from, in reading order."""
    toks: list[Token] = []
    for r in readings:
        t = r[i].tok
        if t is not None and all(t is not u for u in toks):
            toks.append(t)
    return toks


def _agreed_cell(spec: RowSpec, col, i: int, piece, readings: list, sol: RowSolution, layout: str, suffix: str) -> Cell:
    """A cell every reading gives the same value: scaled to its unit, with its span and
    provenance when the readings also agree on where it came from."""
    value, unit = _scaled(piece.value, piece, col)
    certain_source = i not in sol.varied and all(
        r[i] is piece
        or (r[i].tok is piece.tok and r[i].lo == piece.lo and r[i].hi == piece.hi and r[i].tag == piece.tag)
        for r in readings[1:]
    )
    if certain_source:
        raw, start, end = _span(piece)
        tok = piece.tok
        approx = bool(
            tok is not None and ((piece.first and tok.approx_pre) or (piece.last and tok.suffix in ("余", "多")))
        )
        prov = _provenance(piece, sol, layout)
    else:
        # the readings agree on the value but took it from different places
        raw, start, end, approx, prov = str(value), None, None, False, "solver:unique"
    return Cell(
        spec.key,
        col.key,
        value,
        raw=raw,
        status="ok",
        approx=approx,
        item=spec.item,
        unit=unit,
        provenance=prov + suffix,
        start=start,
        end=end,
    )
