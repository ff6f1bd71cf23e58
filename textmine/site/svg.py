"""Small charts as inline SVG, built by hand.

Hand-built rather than matplotlib: a chart here is a few dozen rectangles, the output
is deterministic text that diffs and tests well, needs no font files or backend, and
every label passes through `html.escape` like the rest of the site.
"""

from __future__ import annotations

from html import escape
from typing import Optional, Sequence

FONT = "font-family=\"system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif\""


def _text(x: float, y: float, s: str, size: int = 12, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" {FONT} {extra}>{escape(s)}</text>'


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    horizontal: bool = False,
    unit: str = "",
    css_class: str = "chart",
) -> str:
    """Vertical bars (a distribution) or horizontal bars (a ranking)."""
    n = max(1, len(values))
    vmax = max(values) if values and max(values) > 0 else 1
    parts = []
    if horizontal:
        label_w, bar_w, row_h = 220, 360, 22
        width, height = label_w + bar_w + 70, 40 + n * row_h
        for i, (label, v) in enumerate(zip(labels, values)):
            y = 30 + i * row_h
            w = bar_w * v / vmax
            parts.append(_text(label_w - 8, y + 14, label, anchor="end"))
            parts.append(
                f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}">'
                f"<title>{escape(label)}: {v:g}{escape(unit)}</title></rect>"
            )
            parts.append(_text(label_w + w + 6, y + 14, f"{v:g}{unit}", size=11))
    else:
        left, plot_h, col_w = 40, 180, max(28, min(70, 640 // n))
        width, height = left + n * col_w + 20, plot_h + 90
        base = 30 + plot_h
        for i, (label, v) in enumerate(zip(labels, values)):
            x = left + i * col_w
            h = plot_h * v / vmax
            parts.append(
                f'<rect class="bar" x="{x + 4}" y="{base - h:.1f}" width="{col_w - 8}" height="{h:.1f}">'
                f"<title>{escape(label)}: {v:g}{escape(unit)}</title></rect>"
            )
            parts.append(_text(x + col_w / 2, base - h - 4, f"{v:g}", size=11, anchor="middle"))
            parts.append(
                _text(
                    x + col_w / 2,
                    base + 14,
                    label,
                    size=11,
                    anchor="end",
                    extra=f'transform="rotate(-35 {x + col_w / 2:.1f} {base + 14:.1f})"',
                )
            )
        parts.append(f'<line x1="{left}" y1="{base}" x2="{left + n * col_w}" y2="{base}" stroke="#888"/>')
    return _frame(title, width, height, parts, css_class)


def heatmap(
    title: str,
    rows: Sequence[str],
    cols: Sequence[str],
    share: dict[tuple[str, str], float],
    counts: dict[tuple[str, str], int],
    css_class: str = "chart heatmap",
    row_labels: Optional[dict[str, str]] = None,
) -> str:
    """Share (0..1) per (row, col), coloured white -> red, with the percentage written in;
    rows shown by `row_labels` when given (the key stays in the tooltip)."""
    label_w, cell_w, cell_h, top = 280, 74, 22, 70
    row_labels = row_labels or {}
    width, height = label_w + max(1, len(cols)) * cell_w + 20, top + len(rows) * cell_h + 20
    parts = []
    for j, c in enumerate(cols):  # "2020 · 2019": the year above, the rest below
        x = label_w + j * cell_w + cell_w / 2
        head, _, tail = c.partition(" · ")
        parts.append(_text(x, top - 24, head, size=11, anchor="middle"))
        parts.append(_text(x, top - 10, tail, size=10, anchor="middle", extra='fill="#666"'))
    for i, r in enumerate(rows):
        y = top + i * cell_h
        parts.append(_text(label_w - 8, y + 15, row_labels.get(r, r), size=11, anchor="end"))
        for j, c in enumerate(cols):
            x = label_w + j * cell_w
            if (r, c) not in share:
                parts.append(f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="#f3f3f3"/>')
                continue
            s = share[(r, c)]
            shade = int(255 - 200 * s)
            parts.append(
                f'<rect class="cell" x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="rgb(255,{shade},{shade})"><title>{escape(row_labels.get(r, r))} ({escape(r)}) · {escape(c)}: '
                f"{s:.0%} of {counts[(r, c)]} reports</title></rect>"
            )
            parts.append(_text(x + cell_w / 2, y + 15, f"{s:.0%}", size=11, anchor="middle"))
    return _frame(title, width, height, parts, css_class)


def _frame(title: str, width: float, height: float, parts: list[str], css_class: str) -> str:
    return (
        f'<figure class="{escape(css_class)}"><figcaption>{escape(title)}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">'
        + "".join(parts)
        + "</svg></figure>"
    )
