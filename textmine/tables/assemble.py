"""Row assembly: which tokens belong to which template row.

The assembler walks the event stream of a table (see `tokens.py`) with the template's
rows in their printed order. A text event is matched against the next few expected rows
(not against every row: header words such as 总计 or 其他 would otherwise match rows far
down the table). Values that follow a matched label belong to its row until the row has
a token per column or a text event that is not a label intervenes; so a row wrapped onto
the next line (`… | 0 |` / `0 | |`) keeps its last value, and a label wrapped over two
lines keeps its values. Text that matches nothing before any value arrives is kept as a
possible first half of a wrapped label.

Values with no row (an unrecognised label, or stray numbers) are kept as orphans; when a
run of orphans fills exactly the gap of unmatched rows between two matched ones, they are
assigned by position and say so in their provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import regex

from textmine.tables.labels import SHORT, LabelSet, normalize_label
from textmine.tables.templates import RowSpec, TableTemplate
from textmine.tables.tokens import BLANK, TEXT, VALUE_EV, Event, Token

LOOKAHEAD = 6  # rows a label may skip (rows absent from the text) on a fuzzy match
_GROUP_MARK = regex.compile(r"^\s*[(（][一二三四五六七八九十]{1,2}[)）]")


@dataclass
class RowObs:
    index: int
    spec: RowSpec
    label: str
    start: int
    end: int
    label_line: int
    label_piped: bool
    slots: list[Token] = field(default_factory=list)
    by_position: bool = False

    def layout(self) -> Optional[str]:
        """How this row was written: pipe | hybrid | runs | cell_per_line (None: no values)."""
        if not self.slots:
            return "pipe" if self.label_piped else None
        piped = self.label_piped or any(t.piped for t in self.slots)
        same_line = any(t.line == self.label_line for t in self.slots)
        if piped:
            return "pipe" if same_line else "hybrid"
        return "runs" if same_line else "cell_per_line"

    def cells_written(self) -> int:
        return sum(t.cells_min for t in self.slots)


@dataclass
class Orphan:
    after: int  # index of the last matched row before it (-1: none)
    label: str
    label_line: int
    label_piped: bool
    tokens: list[Token] = field(default_factory=list)
    before: Optional[int] = None  # index of the next matched row


@dataclass
class Assembly:
    template: TableTemplate
    rows: dict[int, RowObs]
    orphans: list[Orphan]

    def fit(self) -> float:
        """How well the template explains the text: matched rows, and rows whose number
        of written cells equals the template's number of columns."""
        score = 0.0
        for obs in self.rows.values():
            score += 1.0
            if obs.slots and obs.cells_written() == obs.spec.ncols:
                score += 1.0
        return score

    def has_values(self) -> bool:
        return any(t.kind == "value" for o in self.rows.values() for t in o.slots)

    def unplaced(self) -> int:
        """Orphans no row took (their values are lost to the reading)."""
        placed = {id(o.slots[0]) for o in self.rows.values() if o.by_position and o.slots}
        return sum(1 for o in self.orphans if o.tokens and id(o.tokens[0]) not in placed)


_LABELSETS: dict[tuple[str, str], LabelSet] = {}


def labelset(template: TableTemplate) -> LabelSet:
    key = (template.table, template.version)
    if key not in _LABELSETS:
        _LABELSETS[key] = LabelSet([r.labels for r in template.rows])
    return _LABELSETS[key]


def assemble(events: Sequence[Event], template: TableTemplate) -> Assembly:
    """Events in reading order -> the tokens of each template row. Labels are matched to
    rows going forward through the template (a label may be skipped, never revisited);
    values belong to the last row matched; values before any label, or between rows
    whose labels were lost, become orphans placed later by position."""
    labels = labelset(template)
    rows = template.rows
    n_rows = len(rows)
    matched: dict[int, RowObs] = {}
    orphans: list[Orphan] = []
    waiting: list[Orphan] = []  # orphans whose next matched row is not known yet
    pointer = 0
    current: Optional[RowObs] = None
    pending: list[Event] = []  # unmatched text since the last value or row
    orphan: Optional[Orphan] = None
    last_index = -1
    headers = _header_lines(events, labels, n_rows)
    grouped = {i for i, r in enumerate(rows) for _, members in template.groups if r.key in members}

    for ev in events:
        if ev.kind == TEXT and ev.line in headers:
            continue
        if ev.kind == TEXT:
            candidates = [i for i in range(pointer, min(n_rows, pointer + LOOKAHEAD)) if i not in matched]
            text = normalize_label(ev.text)
            hit = labels.best(text, candidates)
            start = ev.start
            if hit is None and pending and (current is None or not current.slots):
                # the first half of a wrapped label may be in the pending text
                joined = normalize_label("".join(e.text for e in pending[-2:]) + ev.text)
                hit = labels.best(joined, candidates)
                if hit is not None:
                    start = pending[-2:][0].start
            if hit is not None and _GROUP_MARK.match(ev.text) and hit[0] in grouped and len(text) <= SHORT:
                hit = None  # (六)其他 heads the group 其他处理, it is not its row 3.其他
            if hit is not None and hit[0] != last_index:
                # a label read in full that names a row taken by a fragment with no values
                # (本年 left over from a header) takes that row back
                back = [i for i in range(max(0, pointer - LOOKAHEAD), pointer) if i in matched and not matched[i].slots]
                retake = labels.best(text, back, skip_penalty=0.0, strong=True) if back else None
                if retake is not None and retake[0] < hit[0] and not labels.best(text, [hit[0]], strong=True):
                    hit = retake
            if hit is None and pointer + LOOKAHEAD < n_rows:
                # rows lost in bulk (a page of the table missing): a label further on
                # still counts when it matches nearly completely
                far = [i for i in range(pointer + LOOKAHEAD, n_rows) if i not in matched]
                hit = labels.best(text, far, skip_penalty=0.0, strong=True)
                start = ev.start
            if hit is None and template.blocks_movable:
                # a block the converter moved up: its label, read in full (or a pipe
                # cell that is exactly a short label: 规章), names a row the pointer passed
                back = [i for i in range(pointer) if i not in matched]
                hit = labels.best(text, back, skip_penalty=0.0, strong=not ev.piped) if back else None
                start = ev.start
            if hit is not None:
                index = hit[0]
                current = RowObs(index, rows[index], ev.text, start, ev.end, ev.line, ev.piped)
                matched[index] = current
                pointer = index + 1
                last_index = index
                pending = []
                orphan = None
                for o in waiting:
                    o.before = index
                waiting = []
            else:
                if current is not None and current.slots:
                    current = None  # text that is no label ends the row's values
                pending = (pending + [ev])[-3:]
                orphan = None
        elif ev.kind in (VALUE_EV, BLANK):
            tok = ev.token
            if current is not None and (
                len(current.slots) < current.spec.ncols
                # a count too many on the label's line, or on the line of the row's last
                # count, is the row's, for the solver to place by the row sums (a row number
                # printed before the counts, a stray value a converter put above them)
                or len(current.slots) < current.spec.ncols + 3
                and (tok.line == current.label_line or tok.line == current.slots[-1].line)
            ):
                current.slots.append(tok)
            elif ev.kind == VALUE_EV:
                if orphan is None:
                    before_ev = pending[-1] if pending else ev
                    orphan = Orphan(last_index, before_ev.text if pending else "", before_ev.line, before_ev.piped)
                    orphans.append(orphan)
                    waiting.append(orphan)
                orphan.tokens.append(tok)
                current = None
            if ev.kind == VALUE_EV:
                pending = []
        elif orphan is not None and orphan.label_piped and orphan.tokens and orphan.tokens[-1].piped:
            orphan = None  # a pipe row's end: the next bare pipe row is another row
    _assign_orphans(matched, orphans, rows)
    return Assembly(template, matched, orphans)


def _header_lines(events: Sequence[Event], labels: LabelSet, n_rows: int) -> set[int]:
    """Lines that are a header, whatever their words: no value, and four or more text
    cells, or three naming different rows (an OCR header put over the wrong rows: 项目 |
    本年新收件数 | 上年结转件数 | 予以公开 | … | 总计; a header repeated over each block:
    类别 | 数据1 | … | 总计). A row's own label cells name one row (and its group)."""
    texts: dict[int, list[str]] = {}
    valued: set[int] = set()
    for ev in events:
        if ev.kind == TEXT and ev.piped:
            texts.setdefault(ev.line, []).extend(c for c in ev.text.split("|") if c.strip())
        elif ev.kind == VALUE_EV:
            valued.add(ev.line)
    out: set[int] = set()
    every = range(n_rows)
    for line, cells in texts.items():
        if line in valued or len(cells) < 3:
            continue
        named = {hit[0] for hit in (labels.best(normalize_label(c), every, skip_penalty=0.0) for c in cells) if hit}
        if len(named) >= 3 or len(cells) >= 4:  # (four text cells and no value: a column header)
            out.add(line)
    return out


def _assign_orphans(matched: dict[int, RowObs], orphans: list[Orphan], rows: Sequence[RowSpec]) -> None:
    """Orphans that exactly fill a gap of unmatched rows between two matched rows are
    those rows, their labels garbled beyond recognition."""
    by_gap: dict[tuple[int, int], list[Orphan]] = {}
    for o in orphans:
        if o.before is not None:
            by_gap.setdefault((o.after, o.before), []).append(o)
    for (after, before), group in by_gap.items():
        gap = [i for i in range(after + 1, before) if i not in matched]
        if len(gap) != before - after - 1 or len(gap) != len(group):
            continue
        for index, o in zip(gap, group):
            if sum(t.cells_min for t in o.tokens) > rows[index].ncols:
                break
            first = o.tokens[0]
            matched[index] = RowObs(
                index,
                rows[index],
                o.label,
                first.start,
                first.start,
                o.label_line,
                o.label_piped,
                list(o.tokens),
                by_position=True,
            )


def loose_values(events: Sequence[Event], header_labels: Sequence[str]) -> list[Token]:
    """Values of a table printed as one run of cells under a header (table 4): every value
    and blank cell on lines without label text, after the first header word (values
    before it are prose or a neighbouring table's tail). When no header word is
    recognisable (headers stacked one character per line), all such values."""
    headers = LabelSet([[h] for h in header_labels]) if header_labels else None
    before: list[Token] = []
    after: list[Token] = []
    started = headers is None
    line_tokens: list[Token] = []
    line_has_text = False

    def flush() -> None:
        if not line_has_text:
            (after if started else before).extend(line_tokens)

    for ev in events:
        if ev.kind == TEXT:
            line_has_text = True
            if not started and headers.any_match(normalize_label(ev.text)):
                started = True
        elif ev.kind in (VALUE_EV, BLANK):
            line_tokens.append(ev.token)
        else:  # end of line
            flush()
            line_tokens = []
            line_has_text = False
    flush()
    return after if started else before
