"""Page geometry of a PDF: glyphs and ruling lines -> text lines, ruled tables, paragraphs.

Reports are exported from Word or WPS, so a page is a stream of positioned glyphs and of
stroked paths. Text extraction in stream order loses what the page shows: a table's cell
boundaries, which line wraps end a paragraph, what is a page number. This module rebuilds
them from the geometry:

- **lines**: glyphs grouped by baseline, ordered left to right; a gap inside a line is a
  space only between Latin letters or digits (Chinese text has none: 5500 余条 is 5500余条);
- **tables**: ruling lines (stroked segments and rectangle edges, or thin filled bars)
  grouped into connected grids; each merged cell (no rule between two slots) is one cell,
  repeated down the rows it spans (a 不予公开 group label) and given once across the
  columns it spans (a value written over three columns is one value);
- **paragraphs**: a line that reaches the right margin continues into the next line unless
  that one is indented or starts a heading; page numbers (- 3 -, 第3页 共6页) and running
  headers or footers repeated on most pages are dropped; a title set over several centred
  lines in a larger type is one line.

Coordinates are PDF points with the origin at the bottom left (y grows upwards).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import Optional, Sequence

from textmine.document import Grid
from textmine.ingest.grids import build_grid
from textmine.tables.tokens import label_columns

# ---------------------------------------------------------------------------------------
# Glyphs and lines


class Glyph:
    """One character as the page sets it: its horizontal extent, baseline and type size."""

    __slots__ = ("ch", "x0", "x1", "base", "size")

    def __init__(self, ch: str, x0: float, x1: float, base: float, size: float) -> None:
        self.ch, self.x0, self.x1, self.base, self.size = ch, x0, x1, base, size

    def __repr__(self) -> str:
        return f"Glyph({self.ch!r}, x={self.x0:.1f}..{self.x1:.1f}, base={self.base:.1f}, size={self.size:.1f})"

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return self.base + self.size * 0.35


class Line:
    """Glyphs on one baseline, left to right, with their text and typical size."""

    __slots__ = ("glyphs", "text", "x0", "x1", "base", "size", "top")

    def __init__(self, glyphs: list[Glyph]) -> None:
        glyphs.sort(key=lambda g: g.x0)
        self.glyphs = glyphs
        self.text = _join_glyphs(glyphs)
        self.x0, self.x1 = glyphs[0].x0, max(g.x1 for g in glyphs)
        bases = sorted(g.base for g in glyphs)
        sizes = sorted(g.size for g in glyphs)
        self.base, self.size = bases[len(bases) // 2], sizes[len(sizes) // 2]
        self.top = self.base + self.size


def is_cjk(ch: str) -> bool:
    """Han characters and the full-width punctuation Chinese text is set in."""
    o = ord(ch)
    return (
        0x3000 <= o <= 0x303F
        or 0x3400 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
        or 0x2000 <= o <= 0x206F  # general punctuation: “”‘’…—
        or unicodedata.category(ch).startswith("P")
        and o > 0x7F
    )


def _join_glyphs(glyphs: Sequence[Glyph]) -> str:
    """Glyphs of one line as text: a visible gap is a space only between two non-Chinese
    characters (English words, a phone number's groups) or when it is as wide as a column
    gap; Chinese is set without spaces, and WPS's justification gaps (邮 编 : 223100) are
    not words."""
    out: list[str] = []
    prev: Optional[Glyph] = None
    for g in glyphs:
        if prev is not None:
            gap = g.x0 - prev.x1
            size = max(prev.size, g.size)
            # a gap of two characters or more is a column or tab stop (a table drawn without
            # rules: 规章   0   0   3), whatever the script
            if gap > 2.0 * size or gap > 0.3 * size and not is_cjk(prev.ch) and not is_cjk(g.ch):
                out.append(" ")
        out.append(g.ch)
        prev = g
    return "".join(out)


def group_lines(glyphs: Sequence[Glyph]) -> list[Line]:
    """Glyphs -> lines, top to bottom: glyphs whose baselines lie within a third of the
    font size of a line's belong to it (superscripts and mixed fonts stay on their line)."""
    lines: list[list[Glyph]] = []
    last_base = float("inf")
    for g in sorted(glyphs, key=lambda g: -g.base):
        # sorted by baseline, a glyph belongs to the line just started or opens the next
        if lines and last_base - g.base <= 0.35 * g.size:
            lines[-1].append(g)
        else:
            lines.append([g])
            last_base = g.base
    return [Line(gs) for gs in lines]


# ---------------------------------------------------------------------------------------
# Ruling lines and tables


@dataclass(frozen=True)
class Rule:
    """An axis-parallel ruling line: horizontal when y0 == y1, vertical when x0 == x1."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.y0 == self.y1


TOL = 2.0  # points: rules this close meet; coordinates this close are one


def _touches(a: Rule, b: Rule) -> bool:
    return a.x0 - TOL <= b.x1 and b.x0 - TOL <= a.x1 and a.y0 - TOL <= b.y1 and b.y0 - TOL <= a.y1


def _components(rules: Sequence[Rule]) -> list[list[Rule]]:
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(rules)), key=lambda i: rules[i].x0)
    for n, i in enumerate(order):
        for j in order[n + 1 :]:
            if rules[j].x0 - TOL > rules[i].x1:
                break
            if _touches(rules[i], rules[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(find(i), []).append(r)
    return list(groups.values())


def _cluster(values: Sequence[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= TOL:
            continue
        out.append(v)
    return out


@dataclass
class TableBox:
    """A ruled table on one page: its rows of cell texts (merged cells resolved)."""

    x0: float
    x1: float
    bottom: float
    top: float
    xs: list[float]
    grid: Grid = field(default_factory=lambda: Grid(rows=[], source="pdf"))
    page: int = 0


class _Rules:
    """The rules of one table indexed by where they run, for the slot-boundary tests."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.h: dict[float, list[tuple[float, float]]] = {}
        self.v: dict[float, list[tuple[float, float]]] = {}
        for r in rules:
            if r.horizontal:
                self.h.setdefault(r.y0, []).append((r.x0, r.x1))
            else:
                self.v.setdefault(r.x0, []).append((r.y0, r.y1))

    def covered(self, horizontal: bool, at: float, lo: float, hi: float) -> bool:
        """Whether rules along `at` cover most of [lo, hi] (a cell boundary is drawn)."""
        need = (hi - lo) * 0.6
        got = 0.0
        for pos, spans in (self.h if horizontal else self.v).items():
            if abs(pos - at) <= TOL:
                for a, b in spans:
                    got += max(0.0, min(b, hi) - max(a, lo))
        return got >= need


def find_tables(rules: Sequence[Rule], glyphs: Sequence[Glyph]) -> tuple[list[TableBox], set[int]]:
    """Ruled tables and the indices of the glyphs inside them."""
    tables: list[TableBox] = []
    used: set[int] = set()
    centres = [((g.x0 + g.x1) / 2, g.base + g.size * 0.35) for g in glyphs]
    for comp in _components(rules):
        hs = [r for r in comp if r.horizontal]
        vs = [r for r in comp if not r.horizontal]
        if len(hs) < 2 or len(vs) < 2:
            continue
        x0, x1 = min(r.x0 for r in comp), max(r.x1 for r in comp)
        y0, y1 = min(r.y0 for r in comp), max(r.y1 for r in comp)
        if x1 - x0 < 40 or y1 - y0 < 12:
            continue
        xs = _cluster([r.x0 for r in vs] + [x0, x1])
        ys = _cluster([r.y0 for r in hs] + [y0, y1])[::-1]  # top to bottom
        lo_x, hi_x, lo_y, hi_y = x0 - TOL, x1 + TOL, y0 - TOL, y1 + TOL
        inside = [
            i for i, (cx, cy) in enumerate(centres) if lo_x <= cx <= hi_x and lo_y <= cy <= hi_y and i not in used
        ]
        box = TableBox(x0, x1, y0, y1, xs)
        box.grid = build_grid(_cells(comp, xs, ys, [glyphs[i] for i in inside]), "pdf")
        if not box.grid.rows:
            continue  # a frame around nothing (or around an image)
        used.update(inside)
        tables.append(box)
    tables.sort(key=lambda t: -t.top)
    return tables, used


def _cells(rule_list: Sequence[Rule], xs: list[float], ys: list[float], glyphs: Sequence[Glyph]) -> dict:
    """Slots between the rules, merged where no rule separates them: (row, column) ->
    (the merged cell covering it, its text)."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    rules = _Rules(rule_list)
    parent = {(i, j): (i, j) for i in range(n_rows) for j in range(n_cols)}

    def find(k: tuple[int, int]) -> tuple[int, int]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i in range(n_rows):
        for j in range(n_cols):
            if j + 1 < n_cols and not rules.covered(False, xs[j + 1], ys[i + 1], ys[i]):
                parent[find((i, j + 1))] = find((i, j))
            if i + 1 < n_rows and not rules.covered(True, ys[i + 1], xs[j], xs[j + 1]):
                parent[find((i + 1, j))] = find((i, j))
    members: dict[tuple[int, int], list[Glyph]] = {}
    for g in glyphs:
        j = max(0, min(n_cols - 1, _band(xs, g.cx)))
        i = max(0, min(n_rows - 1, _band_desc(ys, g.cy)))
        members.setdefault(find((i, j)), []).append(g)
    texts = {k: cell_text(gs) for k, gs in members.items()}
    roots = {k: find(k) for k in parent}
    return {k: (root, texts.get(root, "")) for k, root in roots.items()}


def _band(edges: list[float], v: float) -> int:
    for j in range(len(edges) - 1):
        if v < edges[j + 1]:
            return j
    return len(edges) - 2


def _band_desc(edges: list[float], v: float) -> int:
    for i in range(len(edges) - 1):
        if v > edges[i + 1]:
            return i
    return len(edges) - 2


def cell_text(glyphs: Sequence[Glyph]) -> str:
    """A cell's text: its lines joined (a label wrapped inside its cell is one label)."""
    if not glyphs:
        return ""
    lo, hi = min(g.base for g in glyphs), max(g.base for g in glyphs)
    if hi - lo <= 0.35 * min(g.size for g in glyphs):  # one line: most cells, every count
        return _join_glyphs(sorted(glyphs, key=lambda g: g.x0)).strip()
    parts: list[str] = []
    for ln in group_lines(glyphs):
        if parts and not (is_cjk(parts[-1][-1]) or is_cjk(ln.text[0])):
            parts.append(" ")
        parts.append(ln.text)
    return "".join(parts).strip()


# ---------------------------------------------------------------------------------------
# Pages: body lines, tables, furniture

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·.]*(?:第\s*\d+\s*页(?:\s*[/,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[-—–－]?\s*\d{1,4}\s*[-—–－]?|"
    r"page\s*\d+(?:\s*of\s*\d+)?)[\s\-—–－_·.]*$",
    re.I,
)


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    tables: list[TableBox]


def furniture(pages: Sequence[Page]) -> set[tuple[int, int]]:
    """(page, line index) of page numbers and of running headers and footers: a line at
    the top or bottom of a page whose text (digits aside) recurs there on most pages."""
    out: set[tuple[int, int]] = set()
    edge_texts: dict[str, set[int]] = {}
    for p in pages:
        for i, ln in enumerate(p.lines):
            near_edge = ln.top > p.height * 0.9 or ln.base < p.height * 0.1
            if near_edge and _PAGE_NUMBER.match(ln.text):
                out.add((p.number, i))
            if near_edge and (i < 2 or i >= len(p.lines) - 2):
                edge_texts.setdefault(re.sub(r"\d+", "#", ln.text.strip()), set()).add(p.number)
    if len(pages) >= 2:
        # on most pages of a long report, on every page of a short one
        repeated = {t for t, on in edge_texts.items() if t and len(on) >= max(2, (len(pages) + 1) // 2)}
        for p in pages:
            for i, ln in enumerate(p.lines):
                near_edge = ln.top > p.height * 0.9 or ln.base < p.height * 0.1
                if near_edge and re.sub(r"\d+", "#", ln.text.strip()) in repeated:
                    out.add((p.number, i))
    return out


# ---------------------------------------------------------------------------------------
# Reading order and paragraphs

_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,2}\s*[、.．](?!\d)|"
    r"第[一二三四五六七八九十]{1,3}[部章节]|附件|附表)"
)
_SENTENCE_END = re.compile(r"[。！？!?；;：:]$")


@dataclass
class Block:
    """A paragraph of body text, or a table, in reading order."""

    text: str = ""
    table: Optional[TableBox] = None


def _margins(pages: Sequence[Page]) -> tuple[float, float, float]:
    """The body's left and right margins and its font size, from the lines of every page.
    The right margin is where justified lines end together; a document with fewer than
    three lines ending at one place has no wrapped lines to join (infinite margin)."""
    lines = [ln for p in pages for ln in p.lines if len(ln.text) >= 8] or [ln for p in pages for ln in p.lines]
    if not lines:
        return 0.0, float("inf"), 10.0
    lefts = sorted(ln.x0 for ln in lines)
    size = statistics.median(ln.size for ln in lines)
    ends: dict[int, int] = {}
    for ln in lines:
        ends[round(ln.x1 / size)] = ends.get(round(ln.x1 / size), 0) + 1
    edge, n = max(ends.items(), key=lambda kv: (kv[1], kv[0]))
    right = edge * size if n >= 3 else float("inf")
    return lefts[len(lefts) // 5], right, size


def blocks(pages: Sequence[Page]) -> list[Block]:
    """Paragraphs and tables of the whole document in reading order: page furniture out,
    lines broken inside a paragraph joined (also across a page break), a title set over
    several centred lines joined."""
    drop = furniture(pages)
    left, right, size = _margins(pages)
    out: list[Block] = []
    para: list[Line] = []

    def flush() -> None:
        if para:
            out.append(Block(text=_paragraph_text(para)))
            para.clear()

    first_page = True
    for p in pages:
        items: list[tuple[float, object]] = [(-ln.top, ln) for i, ln in enumerate(p.lines) if (p.number, i) not in drop]
        items += [(-t.top, t) for t in p.tables]
        items.sort(key=lambda kv: kv[0])
        if first_page:
            items = _title_joined(items, p, size)
            first_page = False
        for _, item in items:
            if isinstance(item, TableBox):
                flush()
                prev = out[-1].table if out else None
                if prev is not None and prev.page < item.page and _same_columns(prev, item):
                    # a table running over a page break: its rows continue, a repeated header does not
                    a, b = prev.grid, item.grid
                    skip = 0
                    while skip < min(len(a.rows), len(b.rows)) and a.rows[skip] == b.rows[skip]:
                        skip += 1
                    spanned = set(a.spanned) | {(r - skip + len(a.rows), c) for r, c in b.spanned if r >= skip}
                    rest = _continued_labels(a.rows, [list(row) for row in b.rows[skip:]])
                    prev.grid = Grid(rows=a.rows + rest, source="pdf", spanned=frozenset(spanned))
                    prev.page = item.page
                else:
                    out.append(Block(table=item))
                continue
            assert isinstance(item, Line)
            if para and _continues(para[-1], item, left, right, size):
                para.append(item)
            else:
                flush()
                para.append(item)
    flush()
    return out


def _continued_labels(before: list[list[str]], rows: list[list[str]]) -> list[list[str]]:
    """A merged label cell cut by the page break (the 不予公开 group, 三、本年度办理结果)
    is printed with its text on the first page only: the empty label slots that open the
    continuation take the text the cell had above the break."""
    if not before or not rows:
        return rows
    last = before[-1]
    for c in label_columns(before + rows):
        if c >= len(last) or not last[c]:
            continue
        for row in rows:
            if c >= len(row) or row[c]:
                break
            row[c] = last[c]
    return rows


def _same_columns(a: TableBox, b: TableBox) -> bool:
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= TOL for x, y in zip(a.xs, b.xs))


def _continues(prev: Line, nxt: Line, left: float, right: float, size: float) -> bool:
    """A line wrapped by the page, not by the author: the previous one reaches the right
    margin and this one is not indented and does not open a heading or list item."""
    full = prev.x1 >= right - 1.5 * size
    indented = nxt.x0 > left + 0.8 * size
    if not full or indented:
        return False
    if _HEADING_START.match(nxt.text) and _SENTENCE_END.search(prev.text):
        return False
    return abs(nxt.size - prev.size) < 0.25 * size


def _paragraph_text(lines: Sequence[Line]) -> str:
    parts: list[str] = []
    for ln in lines:
        if parts and not (is_cjk(parts[-1][-1]) or is_cjk(ln.text[0]) or parts[-1][-1] in "-/"):
            parts.append(" ")
        parts.append(ln.text)
    return "".join(parts)


def _title_joined(items: list[tuple[float, object]], page: Page, size: float) -> list[tuple[float, object]]:
    """The first lines of the first page that are centred and set larger than the body:
    one title (洪泽区人民政府 / 2023年政府信息公开工作年度报告)."""
    centre = page.width / 2
    title: list[Line] = []
    rest = list(items)
    while rest and isinstance(rest[0][1], Line):
        ln = rest[0][1]
        assert isinstance(ln, Line)
        centred = abs((ln.x0 + ln.x1) / 2 - centre) < page.width * 0.08
        if not (centred and ln.size >= size * 1.15 and len(ln.text) <= 40):
            break
        title.append(ln)
        rest.pop(0)
    if len(title) < 2:
        return items
    joined = Line([g for ln in title for g in ln.glyphs])
    joined.text = "".join(ln.text for ln in title)
    joined.top = title[0].top
    return [(-title[0].top, joined)] + rest
