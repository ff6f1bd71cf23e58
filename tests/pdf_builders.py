"""PDFs laid out the way WPS and Word export reports: hard-wrapped prose with indented
paragraphs, a centred title over two lines, page numbers (- 2 -) and a running header,
and ruled tables (stroked cell borders) that start mid-page, run over a page break and
have merged label cells. All wording is ours; only the mandated table labels are fixed.

    doc = PdfComposer(running_header="青山县人民政府办公室")
    doc.title(["青山县人民政府", "2023年政府信息公开工作年度报告"])
    doc.paragraph("……")
    doc.table(rows, widths, merges={(r, c): (rowspan, colspan)})
    data = doc.build()
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Optional

WIDTH, HEIGHT = 595.0, 842.0
LEFT, RIGHT = 72.0, 523.0
TOP, BOTTOM = 770.0, 80.0
SIZE = 12.0
LEADING = 21.0


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


@dataclass
class PdfComposer:
    running_header: Optional[str] = None
    page_label: str = "dash"  # "dash": - 2 - ; "of": 第2页 共N页
    _pages: list[list[tuple]] = field(default_factory=lambda: [[]])
    _y: float = TOP

    # ----------------------------------------------------------------- text
    def _width(self, s: str, size: float = SIZE) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(s, _font(), size)

    def _need(self, h: float) -> None:
        if self._y - h < BOTTOM:
            self._pages.append([])
            self._y = TOP

    def _line(self, x: float, text: str, size: float = SIZE) -> None:
        self._need(LEADING)
        self._pages[-1].append(("text", x, self._y, text, size))
        self._y -= LEADING if size <= SIZE else size * 1.6

    def title(self, lines: list[str]) -> None:
        for ln in lines:
            self._line((WIDTH - self._width(ln, 18)) / 2, ln, 18)
        self._y -= 8

    def heading(self, text: str) -> None:
        self._line(LEFT + 2 * SIZE, text)

    def paragraph(self, text: str, indent: bool = True) -> None:
        """Hard-wrapped at the right margin, the first line indented two characters."""
        x = LEFT + (2 * SIZE if indent else 0)
        line = ""
        for ch in text:
            if x + self._width(line + ch) > RIGHT:
                self._line(x, line)
                x, line = LEFT, ""
            line += ch
        if line:
            self._line(x, line)

    def space(self, h: float) -> None:
        self._y -= h

    # ---------------------------------------------------------------- tables
    def table(
        self,
        rows: list[list[str]],
        widths: list[float],
        merges: Optional[dict[tuple[int, int], tuple[int, int]]] = None,
        header_rows: int = 0,
        repeat_header: bool = False,
        row_height: float = 20.0,
    ) -> None:
        """A ruled table. `merges`: (row, col) -> (rowspan, colspan) of a merged cell; its
        text is the one at (row, col), written in its first row. Where the page ends the
        table goes on on the next one (a merged cell cut there goes on without its text, as
        Word prints it), repeating the header rows when asked."""
        merges = merges or {}
        covered: dict[tuple[int, int], tuple[int, int]] = {}
        for (r, c), (rs, cs) in merges.items():
            for dr in range(rs):
                for dc in range(cs):
                    covered[(r + dr, c + dc)] = (r, c)
        xs = [LEFT]
        for w in widths:
            xs.append(xs[-1] + w)
        first = True
        for r in range(len(rows)):
            # a row is as tall as its longest single-row cell's wrapped text
            h = row_height
            for c, text in enumerate(rows[r]):
                if text and covered.get((r, c), (r, c)) == (r, c) and merges.get((r, c), (1, 1))[0] == 1:
                    cs = merges.get((r, c), (1, 1))[1]
                    h = max(h, 10 * len(self._wrap(text, xs[c + cs] - xs[c] - 4)) + 8)
            if self._y - h < BOTTOM:
                self._close(xs)
                self._pages.append([])
                self._y = TOP
                first = True
                if repeat_header:
                    for k in range(header_rows):
                        self._row(rows, k, xs, covered, merges, row_height, first)
                        first = False
            self._row(rows, r, xs, covered, merges, h, first)
            first = False
        self._close(xs)
        self._y -= 10

    def _close(self, xs: list[float]) -> None:
        self._pages[-1].append(("rule", xs[0], self._y, xs[-1], self._y))

    def _row(self, rows, r, xs, covered, merges, h, first) -> None:
        page = self._pages[-1]
        y_top = self._y
        for c in range(len(xs) - 1):
            ar, ac = covered.get((r, c), (r, c))
            _, cs = merges.get((ar, ac), (1, 1))
            if ar == r or first:
                page.append(("rule", xs[c], y_top, xs[c + 1], y_top))
            if ac == c:
                page.append(("rule", xs[c], y_top, xs[c], y_top - h))
            if (ar, ac) == (r, c) and rows[r][c]:
                self._cell_text(page, xs[c] + 2, y_top - 14, rows[r][c], xs[c + cs] - xs[c] - 4)
        page.append(("rule", xs[-1], y_top, xs[-1], y_top - h))
        self._y -= h

    def _wrap(self, text: str, width: float, size: float = 9.0) -> list[str]:
        line, lines = "", []
        for ch in text:
            if self._width(line + ch, size) > width:
                lines.append(line)
                line = ""
            line += ch
        return lines + [line]

    def _cell_text(self, page, x, y, text, width):
        for k, ln in enumerate(self._wrap(text, width)):
            page.append(("text", x, y - k * 10, ln, 9.0))

    # ------------------------------------------------------------------ build
    def build(self) -> bytes:
        from reportlab.pdfgen import canvas

        font = _font()
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(WIDTH, HEIGHT))
        n = len(self._pages)
        for number, items in enumerate(self._pages, start=1):
            if self.running_header:
                c.setFont(font, 9)
                c.drawCentredString(WIDTH / 2, HEIGHT - 40, self.running_header)
            for item in items:
                if item[0] == "text":
                    _, x, y, text, size = item
                    c.setFont(font, size)
                    c.drawString(x, y, text)
                else:
                    _, x0, y0, x1, y1 = item
                    c.setLineWidth(0.5)
                    c.line(x0, y0, x1, y1)
            c.setFont(font, 10)
            label = f"- {number} -" if self.page_label == "dash" else f"第{number}页 共{n}页"
            c.drawCentredString(WIDTH / 2, 40, label)
            c.showPage()
        c.save()
        return buf.getvalue()
