"""Where each table is in a report and the reading of it: regions, grids, template hint.

The entry point of the tables stage; see the package docstring for the steps."""

from __future__ import annotations

import functools
import math
from typing import Iterable, Optional, Sequence

from textmine.document import Grid, Section, Table
from textmine.tables.labels import LabelSet, normalize_label
from textmine.tables.reader import read_table
from textmine.tables.templates import TABLE_KEYS, TEMPLATES, VERSIONS, TableTemplate
from textmine.tables.tokens import MAX_CELL_VALUE, grid_events, text_events, trailing_values

# Wording that only occurs inside a table, for finding tables the segmenter missed.
_ANCHORS = {
    "active_disclosure": ("第二十条第(一)项", "第二十条第(五)项", "第二十条第(六)项"),
    "applications": ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量"),
    "review_litigation": ("未经复议直接起诉", "复议后起诉"),
}
_FALLBACK_SPAN = 8000  # characters a table found by its anchor may extend over


def detect_template(text: str) -> Optional[str]:
    """The template version whose header/row wording occurs most in `text` (None: none)."""
    compact = "".join(text.split())
    best, best_hits = None, 0
    for version in VERSIONS:
        hits = 0
        for table in TEMPLATES.values():
            tpl = table.get(version)
            if tpl is not None:
                hits += sum(1 for m in tpl.markers if m in compact)
        if hits > best_hits:
            best, best_hits = version, hits
    return best


def parse_tables(text: str, sections: Sequence[Section], grids: Iterable[Grid] = ()) -> dict[str, Table]:
    """Each table of a report: its region (section body, else found by its fixed row
    wording), read from real grids anchored there when it has them, else from the text;
    a template version its labels leave open follows the report's other tables."""
    regions = table_regions(text, sections)
    grids = sorted(grids, key=lambda g: g.anchor)
    found: list[str] = []  # template versions of the tables read so far

    @functools.lru_cache(maxsize=1)
    def document_template() -> Optional[str]:
        return detect_template(text)

    def hint() -> Optional[str]:
        """For a table whose own labels fit two versions equally: the version of the
        report's other tables, else the one the whole text's wording suggests."""
        return found[0] if found else document_template()

    out: dict[str, Table] = {}
    for key in TABLE_KEYS:
        if key not in regions:
            continue
        start, end = regions[key]
        body = text[start:end]
        compact = "".join(body.split()).replace("|", "")
        table: Optional[Table] = None
        inside = [g for g in grids if start <= g.anchor < end and g.rows]
        if inside:
            events = []
            line = 0
            for g in inside:
                events.extend(grid_events(g.rows, first_line=line, spanned=g.spanned))
                line += len(g.rows) + 1
            table = read_table(key, events, compact, hint, grid_source=inside[0].source or "grid")
        if table is None:
            table = read_table(key, text_events(body, start), compact, hint)
        if table is None:
            continue
        if key == "review_litigation":
            table.template = hint() or table.template  # table 4 is the same in both versions
        else:
            found.append(table.template)
        _drop_implausible(table)
        out[key] = table
    return out


def _plausible(v: object) -> bool:
    try:
        return math.isfinite(float(v)) and abs(float(v)) <= MAX_CELL_VALUE  # type: ignore[arg-type]
    except (OverflowError, TypeError, ValueError):
        return False


def _drop_implausible(table: Table) -> None:
    """Cells whose value no count or amount comes near (MAX_CELL_VALUE: tokens carry such
    values as NaN, and cells inferred from them are NaN too) read as missing, with a note."""
    for cell in table.cells:
        if cell.value is not None and not _plausible(cell.value):
            table.notes.append(f"{cell.key}: value {cell.raw[:20]!r}… is not a plausible count; read as missing")
            cell.value, cell.status = None, "missing"
            cell.provenance = (cell.provenance + "; " if cell.provenance else "") + "implausible value dropped"
        if cell.candidates:
            kept = [c for c in cell.candidates if all(v is None or _plausible(v) for v in c)]
            if len(kept) < len(cell.candidates):
                cell.candidates = kept or None
                if not kept and cell.status == "ambiguous":
                    cell.status = "missing"


def table_regions(text: str, sections: Sequence[Section]) -> dict[str, tuple[int, int]]:
    """[start, end) of each table's text: the section body, or an anchored fallback."""
    regions: dict[str, tuple[int, int]] = {}
    for s in sections:
        if s.key in TABLE_KEYS and s.key not in regions:
            start = s.heading_end if s.heading_end is not None and s.heading_end > s.start else _line_end(text, s.start)
            regions[s.key] = (min(start, s.end), s.end)
    _extend_applications(text, regions)
    for key in TABLE_KEYS:
        if key not in regions:
            found = _anchored_region(text, key, sections, regions)
            if found:
                regions[key] = found
    return regions


def _line_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl + 1


_TAIL_ROWS: Optional[LabelSet] = None


def _extend_applications(text: str, regions: dict[str, tuple[int, int]]) -> None:
    """Table 3's last row, 四、结转下年度继续办理, looks like a section heading; a
    segmenter that took it for one cut the table short. Take such lines back."""
    global _TAIL_ROWS
    if "applications" not in regions:
        return
    if _TAIL_ROWS is None:
        tpl: TableTemplate = TEMPLATES["applications"][VERSIONS[-1]]
        _TAIL_ROWS = LabelSet([tpl.row("carried_forward").labels])
    start, end = regions["applications"]
    pos, taken = end, end
    for _ in range(3):
        if pos >= len(text):
            break
        line_end = _line_end(text, pos)
        line = text[pos:line_end]
        label = line[: trailing_values(line)[0]].split("|")[0]
        if line.strip() and _TAIL_ROWS.best(normalize_label(label), [0]) is not None:
            taken = line_end
            # a wrapped tail: the next line holding only values
            nxt = _line_end(text, taken)
            rest = text[taken:nxt]
            if rest.strip() and trailing_values(rest.replace("|", " "))[0] == 0:
                taken = nxt
            break
        if line.strip():
            break
        pos = line_end
    if taken > end:
        regions["applications"] = (start, taken)
        if "review_litigation" in regions:
            r_start, r_end = regions["review_litigation"]
            if r_start < taken:
                regions["review_litigation"] = (min(taken, r_end), r_end)


def _anchored_region(
    text: str, key: str, sections: Sequence[Section], regions: dict[str, tuple[int, int]]
) -> Optional[tuple[int, int]]:
    compact_hit = None
    for anchor in _ANCHORS[key]:
        at = text.find(anchor)
        if at >= 0 and (compact_hit is None or at < compact_hit):
            compact_hit = at
    if compact_hit is None:
        return None
    start = text.rfind("\n", 0, compact_hit) + 1
    if key == "review_litigation":
        # the two-level header starts a line or two above the anchor (行政复议 | 行政诉讼)
        for _ in range(2):
            prev = text.rfind("\n", 0, max(start - 1, 0))
            if prev < 0 or not text[prev + 1 : start].strip():
                break
            start = prev + 1
    end = min(len(text), start + _FALLBACK_SPAN)
    for s in sections:
        if s.start > start:
            end = min(end, s.start)
            break
    for o_start, _ in regions.values():
        if o_start > start:
            end = min(end, o_start)
    for other_key, anchors in _ANCHORS.items():
        if other_key == key:
            continue
        for anchor in anchors:
            at = text.find(anchor, start + 1)
            if 0 <= at < end:
                end = text.rfind("\n", 0, at) + 1 or at
    return (start, end) if end > start else None
