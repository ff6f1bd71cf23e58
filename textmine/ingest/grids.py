"""Grids from the cells a reader found: one layout for HTML, PDF, DOCX and markdown tables.

A reader lays its cells out on the table's slots, each slot (row, column) holding the
identity and text of the cell that covers it. Rows come out expanded (every slot has the
text of its cell, so `rows[r][c]` is what a reader sees there, a row-spanning group label
included); the slots that continue a cell to their right are marked `spanned`, so a value
written across two columns is read once. Rows with no text are dropped.
"""

from __future__ import annotations

from typing import Hashable, Mapping, Optional

from textmine.document import Grid

Slot = tuple[Optional[Hashable], str]  # (cell identity, text)


def build_grid(slots: Mapping[tuple[int, int], Slot], source: str) -> Grid:
    """The Grid of a table whose cells cover `slots` ((row, column) -> (cell id, text))."""
    if not slots:
        return Grid(rows=[], source=source)
    n_rows = max(r for r, _ in slots) + 1
    width = max(c for _, c in slots) + 1
    rows: list[list[str]] = []
    spanned: set[tuple[int, int]] = set()
    for r in range(n_rows):
        row = [slots.get((r, c), (None, ""))[1] for c in range(width)]
        if not any(row):
            continue
        for c in range(1, width):
            cid = slots.get((r, c), (None, ""))[0]
            if cid is not None and cid == slots.get((r, c - 1), (None, ""))[0]:
                spanned.add((len(rows), c))
        rows.append(row)
    return Grid(rows=rows, source=source, spanned=frozenset(spanned))


def pipe_rows(grid: Grid) -> list[str]:
    """The grid as the text shows it: one line per row, cells joined with " | ", a cell
    spanning columns written once."""
    return [
        " | ".join(cell for c, cell in enumerate(row) if (r, c) not in grid.spanned) for r, row in enumerate(grid.rows)
    ]
