"""From table text (or a grid) to a stream of events: label text, values, blank cells.

The stream is the same whatever the layout, so one row assembler serves them all:

- pipe rows `label | 1 | 2 |`: one event per cell; empty cells between values are
  positional blanks, empty cells at the end of a line are padding and dropped;
- one cell per line: one event per line;
- whitespace runs `label 0 0 00 112112` and fused labels `规章000`: the trailing run of
  values is cut off the label, each whitespace-separated value one token (a token may
  still hold several cells whose separator was lost; the solver splits it);
- grids: one event per cell, every empty cell positional.

Each value token keeps its raw text, offsets into the normalised text and, when it is a
plain digit string, its digits, so the solver can split it at lost cell boundaries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Collection, Iterable, Iterator, Optional, Sequence

import regex

# one value as a table cell prints it: ≈220000, 约739万元, 120余, -3, 1,772, 12.5
VALUE = regex.compile(
    r"(?P<pre>≈|约|近|~)?"
    r"(?P<sign>(?<![\d.])[-−+])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suf>万元|余|多|万|元)?"
)
_SEPARATORS = regex.compile(r"[\s,、]*")
# a cell that stands for "nothing here": read as a blank cell
PLACEHOLDERS = frozenset({"-", "—", "——", "–", "－", "/", "／", "\\", "无", "空", "—/—"})
_STRAY = regex.compile(r"[?？]")  # mirrors put stray question marks before values
_DIGIT = regex.compile(r"\d")
_SENTENCE = regex.compile(r"[。;；！]")  # sentence punctuation: a prose line

TEXT, VALUE_EV, BLANK, EOL = "text", "value", "blank", "eol"


@dataclass(slots=True)
class Token:
    """A value or a blank cell as written."""

    kind: str  # "value" | "blank"
    raw: str
    start: int
    end: int
    line: int
    piped: bool = False  # came from a `|` row
    labelled: bool = False  # its cell also held label text (`规章000`)
    value: Optional[float] = None
    digits: str = ""  # the splittable digit string ('' when atomic: decimals, signs, 1,772)
    digits_at: int = 0  # offset of `digits` inside `raw`
    approx_pre: bool = False  # ≈ 约 近 ~ before the number
    suffix: str = ""  # 万元 余 多 万 元 after the number
    cells_min: int = 1  # cells the token holds at least (see `min_cells`)

    @property
    def approx(self) -> bool:
        return self.approx_pre or self.suffix in ("余", "多")


@dataclass(slots=True)
class Event:
    kind: str  # TEXT | VALUE_EV | BLANK | EOL
    text: str = ""
    start: int = 0
    end: int = 0
    line: int = 0
    piped: bool = False
    token: Optional[Token] = None


def min_cells(digits: str) -> int:
    """Cells a digit string holds at least: a cell of several digits never starts with
    0, so each leading 0 of a longer string is a cell of its own (`00` is two cells)."""
    if not digits or digits[0] != "0":
        return 1
    zeros = len(digits) - len(digits.lstrip("0"))
    return zeros + (1 if zeros < len(digits) else 0)


# No cell of these tables holds a value near this. A longer digit run keeps its digits
# (it may be several cells fused, which the solver splits) but not a value as one cell:
# a number of thousands of digits would overflow every float it meets.
MAX_CELL_VALUE = 1e12


def _capped(v: float) -> float:
    return v if -MAX_CELL_VALUE <= v <= MAX_CELL_VALUE else math.nan


def _count(digits: str) -> float:
    # int() refuses strings over 4300 digits outright; such runs are no count anyway
    return _capped(int(digits)) if len(digits) <= 15 else math.nan


def _number(m: "regex.Match[str]") -> float:
    try:
        v = _capped(float(m.group("num").replace(",", "")))
    except ValueError:  # digits of a script float() does not read: not a table value
        return math.nan
    if m.group("sign") in ("-", "−"):
        v = -v
    return int(v) if v.is_integer() else v


def value_token(m: "regex.Match[str]", base: int, line: int, piped: bool, labelled: bool) -> Token:
    raw = m.group(0)
    at = (VALUE_EV, raw, base + m.start(), base + m.end(), line, piped, labelled)
    if raw.isdigit() and raw.isascii():  # a bare count, by far the commonest
        return Token(*at, value=_count(raw), digits=raw, cells_min=min_cells(raw))
    num = m.group("num")
    digits = num if num.isdigit() and not m.group("sign") else ""  # only unsigned digit runs split
    return Token(
        *at,
        value=_capped(_number(m)),
        digits=digits,
        digits_at=m.start("num") - m.start(),
        approx_pre=bool(m.group("pre")),
        suffix=m.group("suf") or "",
        cells_min=min_cells(digits),
    )


def trailing_values(cell: str) -> tuple[int, list["regex.Match[str]"]]:
    """Where the trailing run of values starts in `cell`, and its matches.

    Only values at the end count: a `1.` list marker or a number inside a label is label
    text. Values in the run are separated by whitespace (or nothing, when fused to the
    label); the run must reach the end of the cell.
    """
    end = len(cell.rstrip())
    runs = value_runs(cell)
    if runs and runs[-1][-1].end() == end:
        return runs[-1][0].start(), runs[-1]
    return end, []


def value_runs(cell: str) -> list[list["regex.Match[str]"]]:
    """Runs of values in a text cell: `规章 0 0 3 行政规范性文件 2 1 18` (rows flattened onto
    one line) has two. A run ends the cell or is followed by whitespace, so numbers inside
    words (`2020年`, `第3页`, `1.属于`) are label text; a run may follow a label directly
    (`规章000`)."""
    end = len(cell.rstrip())
    runs: list[list["regex.Match[str]"]] = []
    run: list["regex.Match[str]"] = []
    for m in VALUE.finditer(cell, 0, end):
        before = cell[m.start() - 1] if m.start() > 0 else " "
        if before.isdigit() or before in ".,":
            run = []  # a tail of something longer (3.5 split oddly): not a value
            continue
        if run and _SEPARATORS.fullmatch(cell[run[-1].end() : m.start()]) is not None and run[-1].end() < m.start():
            run.append(m)
        else:
            run = [m]
            runs.append(run)
    # keep runs that end the cell or are followed by whitespace
    return [r for r in runs if r[-1].end() == end or cell[r[-1].end()].isspace()]


def _cell_events(cell: str, base: int, line: int, piped: bool, out: list[Event]) -> None:
    """Events of one cell (a pipe cell, or a whole line in the other layouts)."""
    stripped = cell.strip()
    if not stripped:
        out.append(Event(BLANK, "", base, base, line, piped, Token("blank", "", base, base, line, piped)))
        return
    s = base + len(cell) - len(cell.lstrip())
    if stripped in PLACEHOLDERS:
        tok = Token("blank", stripped, s, s + len(stripped), line, piped)
        out.append(Event(BLANK, stripped, s, s + len(stripped), line, piped, tok))
        return
    if stripped.isdigit() and stripped.isascii():
        # the commonest cell by far: a bare count
        tok = Token(
            VALUE_EV,
            stripped,
            s,
            s + len(stripped),
            line,
            piped,
            False,
            _count(stripped),
            stripped,
            cells_min=min_cells(stripped),
        )
        out.append(Event(VALUE_EV, stripped, s, s + len(stripped), line, piped, tok))
        return
    if _DIGIT.search(stripped) is None:
        out.append(Event(TEXT, stripped, s, s + len(stripped), line, piped))
        return
    # label text and runs of values, in any order (`规章 0 0 3 行政规范性文件 2 1 18`)
    pos = 0
    labelled = False
    for run in value_runs(cell):
        label = cell[pos : run[0].start()]
        if label.strip():
            at = base + pos + len(label) - len(label.lstrip())
            text = label.strip()
            out.append(Event(TEXT, text, at, at + len(text), line, piped))
            labelled = True
        for m in run:
            tok = value_token(m, base, line, piped, labelled=labelled)
            out.append(Event(VALUE_EV, tok.raw, tok.start, tok.end, line, piped, tok))
        pos = run[-1].end()
    rest = cell[pos:]
    if rest.strip():
        at = base + pos + len(rest) - len(rest.lstrip())
        out.append(Event(TEXT, rest.strip(), at, at + len(rest.strip()), line, piped))


def line_events(line: str, base: int, lineno: int, out: list[Event]) -> None:
    """Events of one text line; `base` is the line's offset in the normalised text."""
    if "?" in line or "？" in line:
        line = _STRAY.sub(" ", line)  # same length: offsets stay exact
    if "|" not in line:
        stripped = line.strip()
        if not stripped:
            return  # blank lines separate nothing: cells are never empty lines
        if _SENTENCE.search(stripped):
            # prose (`本年度办理行政许可 15 件。`): its numbers are no cells, and its words
            # must not be taken for a row label followed by values
            at = base + line.index(stripped[0])
            out.append(Event(TEXT, stripped, at, at + len(stripped), lineno, False))
        else:
            _cell_events(line, base, lineno, False, out)
        out.append(Event(EOL, line=lineno))
        return
    if line.strip() == "|":
        # the hybrid layout writes an empty cell as a bare `|` line
        at = base + line.index("|")
        out.append(Event(BLANK, "", at, at, lineno, True, Token("blank", "", at, at, lineno, True)))
        out.append(Event(EOL, line=lineno))
        return
    cells: list[tuple[str, int]] = []
    pos = 0
    for part in line.split("|"):
        cells.append((part, pos))
        pos += len(part) + 1
    if line.lstrip().startswith("|"):
        cells = cells[1:]  # a leading pipe opens the row; it does not delimit an empty cell
    while cells and not cells[-1][0].strip():
        cells.pop()  # trailing empty cells are padding to the widest row
    if _column_header(cells):
        # 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | …: four or more word cells and no count
        # name columns, not rows (a converter's wrong header over table 3's last rows would
        # otherwise be read as the labels of 予以公开, 结转下年度 …)
        at = base + len(line) - len(line.lstrip())
        out.append(Event(TEXT, "|".join(p.strip() for p, _ in cells), at, base + len(line), lineno, True))
        out.append(Event(EOL, line=lineno))
        return
    if _numbered_header(cells):
        # 类别 | 数据1 | 数据2 | 数据3 …: a converter's header naming columns by number;
        # its digits are no counts
        for part, at in cells:
            if part.strip():
                start = base + at + len(part) - len(part.lstrip())
                out.append(Event(TEXT, part.strip(), start, start + len(part.strip()), lineno, True))
        out.append(Event(EOL, line=lineno))
        return
    for part, at in cells:
        _cell_events(part, base + at, lineno, True, out)
    out.append(Event(EOL, line=lineno))


def _column_header(cells: list[tuple[str, int]]) -> bool:
    words = [p.strip() for p, _ in cells if p.strip()]
    return len(words) >= 4 and not any(_DIGIT.search(w) for w in words)


_NUMBERED_COLUMN = regex.compile(r"\s*(\p{Han}{1,4}|[A-Za-z]{1,6})\s*(\d{1,2})\s*")


def _numbered_header(cells: list[tuple[str, int]]) -> bool:
    """Three or more cells one word numbered 1, 2, 3… in order."""
    numbered = [m for m in (_NUMBERED_COLUMN.fullmatch(part) for part, _ in cells) if m]
    if len(numbered) < 3 or len({m.group(1) for m in numbered}) != 1:
        return False
    numbers = [int(m.group(2)) for m in numbered]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def text_events(text: str, base: int = 0) -> list[Event]:
    out: list[Event] = []
    pos = 0
    for n, line in enumerate(text.split("\n")):
        line_events(line, base + pos, n, out)
        pos += len(line) + 1
    return out


NO_OFFSET = -1  # grid cells have no offsets in the text


_NUMERIC_CELL = regex.compile(r"[\d.,，%\s-]+|[-—/无]")


def label_columns(rows: Sequence[Sequence[str]]) -> set[int]:
    """Columns whose written cells are mostly words in the rows that hold counts (header
    rows have words everywhere): where a table keeps its labels."""
    words: dict[int, int] = {}
    numbers: dict[int, int] = {}
    for row in rows:
        cells = [str(cell or "").strip() for cell in row]
        numeric = [bool(cell) and _NUMERIC_CELL.fullmatch(cell) is not None for cell in cells]
        if not any(numeric):
            continue
        for c, cell in enumerate(cells):
            if cell:
                tally = numbers if numeric[c] else words
                tally[c] = tally.get(c, 0) + 1
    return {c for c, n in words.items() if n > numbers.get(c, 0)}


def grid_events(
    rows: Sequence[Sequence[str]], first_line: int = 0, spanned: Collection[tuple[int, int]] = ()
) -> list[Event]:
    """Events of a real grid: every cell is a cell, empty ones included (they are
    positional). A cell spanning columns (`spanned` slots) is read once; label cells
    repeated by rowspan expansion are emitted once; an empty cell in a label column is an
    unwritten label (a merged label continued from the previous page, a spare cell
    beside （七）总计), not a blank count, and is left out so the counts keep their places.
    Grid cells carry no text offsets (`NO_OFFSET`)."""
    labels = label_columns(rows)
    out: list[Event] = []
    for n, row in enumerate(rows):
        lineno = first_line + n
        previous_text = None
        for c, cell in enumerate(row):
            if (n, c) in spanned:
                continue
            cell = " ".join(str(cell or "").split())
            if not cell and c in labels:
                continue
            if previous_text is not None and cell == previous_text:
                continue  # the same label cell again: a span expanded by the reader
            before = len(out)
            _cell_events(cell, 0, lineno, True, out)
            added = out[before:]
            for ev in added:
                ev.start = ev.end = NO_OFFSET
                if ev.token is not None:
                    ev.token.start = ev.token.end = NO_OFFSET
            previous_text = cell if len(added) == 1 and added[0].kind == TEXT else None
        out.append(Event(EOL, line=lineno))
    return out


def iter_values(events: Iterable[Event]) -> Iterator[Token]:
    for ev in events:
        if ev.token is not None:
            yield ev.token
