"""Rendering parsed tables for `textmine tables PATH`: CSV, JSON, and aligned rich grids.

In the grids an ambiguous cell shows its candidate values as `?a|b` (yellow) and a
missing cell `—` (red); values placed by inference or convention are dimmed, so a
reviewer sees at a glance which numbers were read as written.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Optional

from textmine.document import Cell, Table, json_number
from textmine.tables.names import label, table_title
from textmine.tables.templates import TEMPLATES

CSV_FIELDS = (
    "table",
    "template",
    "item",
    "row",
    "col",
    "value",
    "status",
    "raw",
    "approx",
    "unit",
    "candidates",
    "provenance",
    "start",
    "end",
)


def render_tables(tables: dict[str, Table], fmt: str) -> str:
    """`fmt` "csv": one line per cell; "json": {table: Table.to_dict()}."""
    if fmt == "json":
        return json.dumps({k: t.to_dict() for k, t in tables.items()}, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(CSV_FIELDS)
        for key, t in tables.items():
            for c in t.cells:
                w.writerow(
                    [
                        key,
                        t.template or "",
                        c.item or "",
                        c.row,
                        c.col,
                        _fmt(c.value),
                        c.status,
                        c.raw,
                        int(c.approx),
                        c.unit or "",
                        json.dumps([[json_number(v) for v in cand] for cand in c.candidates]) if c.candidates else "",
                        c.provenance,
                        "" if c.start is None else c.start,
                        "" if c.end is None else c.end,
                    ]
                )
        return buf.getvalue()
    raise ValueError(f"unknown format {fmt!r} (csv, json)")


def _fmt(v: Optional[float]) -> str:
    return "" if v is None else str(json_number(v))


def cell_text(cell: Cell, column_index: Optional[int] = None) -> tuple[str, str]:
    """(text, rich style) of one cell in a grid."""
    if cell.status == "missing":
        return "—", "red"
    if cell.status == "ambiguous":
        options: list[str] = []
        if cell.candidates and column_index is not None:
            for cand in cell.candidates:
                if column_index < len(cand):
                    v = _fmt(cand[column_index]) or "—"
                    if v not in options:
                        options.append(v)
        return "?" + "|".join(options or ["?"]), "yellow"
    text = ("≈" if cell.approx else "") + _fmt(cell.value)
    if cell.provenance.startswith(("inferred", "solver")) or "by-lone" in cell.provenance:
        return text, "dim"
    return text, ""


def rich_tables(tables: dict[str, Table], lang: str = "zh", plain: bool = False) -> list:
    """One aligned rich grid per table (table 2: one per item), rows x columns, labelled
    in the template's wording (`lang` "en": the keys). Columns wrap rather than cut, so a
    grid fits an 80-column terminal; `plain` draws no box (for a pipe or a file)."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    out = []
    for key, t in tables.items():
        template = TEMPLATES.get(key, {}).get(t.template or "")
        groups: dict[Optional[str], list] = {}
        if template is not None:
            for spec in template.rows:
                groups.setdefault(spec.item, []).append(spec)
        for item, specs in groups.items():
            where = f"模板 {t.template},{t.layout}" if lang == "zh" else f"template {t.template}, {t.layout}"
            title = table_title(key, lang) + (f" {label(key, item, lang)}" if item else "") + f"  ({where})"
            grid = RichTable(
                title=title, title_justify="left", box=None if plain else box.HEAVY_HEAD, pad_edge=not plain
            )
            grid.add_column("项目" if lang == "zh" else "row", overflow="fold", ratio=4, min_width=8)
            for c in specs[0].cols:
                grid.add_column(label(key, c.key, lang, item=item), justify="right", overflow="fold", ratio=1)
            for spec in specs:
                texts = [Text(label(key, spec.key, lang))]
                row_cells = [t.cell(".".join(x for x in (item, spec.key, c.key) if x)) for c in spec.cols]
                differing = [i for i, c in enumerate(row_cells) if c is not None and c.status == "ambiguous"]
                for i, c in enumerate(row_cells):
                    if c is None:
                        texts.append(Text("—", style="red"))
                        continue
                    s, style = cell_text(c, differing.index(i) if i in differing else None)
                    texts.append(Text(s, style=style))
                grid.add_row(*texts)
            if t.notes:
                grid.caption = "; ".join(t.notes)
            out.append(grid)
    return out
