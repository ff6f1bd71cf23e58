"""PDF reader on PDFium (pypdfium2): characters with their boxes and the page's ruling
lines, laid out by `pdf_layout` into paragraphs and ruled tables.

Most bodies export their report from WPS or Word. PDFium gives every glyph's position
and every stroked path; from them `pdf_layout` rebuilds what plain text extraction loses
(cell boundaries, paragraphs, page furniture), ~10x faster than pdfplumber on the same
files (`benchmarks/pdf.py`).

The text is the document's paragraphs and tables in reading order; each table is also
written into the text as pipe rows (so the text parsers still see it) and kept as a
`Grid` anchored where those rows start, so a table that starts mid-page belongs to the
section around it. A table continued over a page break is one grid.

Failure modes get their own messages because users act on them differently: a
password-protected file must be unlocked, a corrupt one re-downloaded, a scanned one
needs OCR (not included here).
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from textmine.document import Grid, RawDocument
from textmine.errors import TextmineError
from textmine.ingest.grids import pipe_rows
from textmine.ingest.pdf_layout import Glyph, Page, Rule, blocks, find_tables, group_lines

DEFAULT_MAX_PAGES = 500  # the longest real reports have ~60 pages

# what PDFium gives for a glyph its font cannot map to Unicode
_UNMAPPED = {"\ufffe", "\ufffd", "\x00", "\x02"}


def read_pdf(data: bytes, max_pages: int = DEFAULT_MAX_PAGES) -> RawDocument:
    """Extract text and tables; raise TextmineError (pdf_error / no_text) for bad input."""
    warnings: list[str] = []
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise _open_error(e) from e
    try:
        n = len(pdf)
        if n == 0:
            raise TextmineError("pdf_error", "the PDF has no pages (truncated or corrupt)")
        if n > max_pages:
            raise TextmineError("pdf_error", f"the PDF has {n} pages, over the limit of {max_pages}")
        pages, unmapped, failed = _read_pages(pdf, warnings)
    finally:
        pdf.close()
    if failed == n:
        raise TextmineError("pdf_error", f"none of the {n} pages could be read: {warnings[0]}")
    if unmapped:
        warnings.append(f"{unmapped} glyphs have no Unicode mapping in their font and were dropped")
    parts: list[str] = []
    grids: list[Grid] = []
    pos = 0
    for block in blocks(pages):
        if block.table is not None:
            grid = block.table.grid
            text = "\n".join(pipe_rows(grid))
            grid.anchor = pos
            grids.append(grid)
        else:
            text = block.text
        parts.append(text)
        pos += len(text) + 1
    text = "\n".join(parts)
    if not text.strip():
        reason = (
            "its fonts have no Unicode mapping"
            if unmapped
            else "it is probably a scanned image; OCR is not included in textmine"
        )
        raise TextmineError("no_text", f"the PDF has {n} page(s) but no extractable text: {reason}")
    return RawDocument(text=text, format="pdf", encoding=None, grids=grids, warnings=warnings)


def _read_pages(pdf: Any, warnings: list[str]) -> tuple[list[Page], int, int]:
    """Every page's lines and tables. A page whose content is damaged is skipped with a
    warning, so one bad page does not cost the whole report."""
    pages: list[Page] = []
    unmapped = failed = 0
    for number in range(len(pdf)):
        try:
            page = pdf[number]
            try:
                width, height = page.get_size()
                glyphs, dropped = _glyphs(page)
                unmapped += dropped
                tables, inside = find_tables(_rules(page), glyphs)
                for t in tables:
                    t.page = number
                lines = group_lines([g for i, g in enumerate(glyphs) if i not in inside])
                pages.append(Page(number, width, height, lines, tables))
            finally:
                page.close()
        except Exception as e:  # PDFium raises for damaged page objects
            failed += 1
            warnings.append(f"page {number + 1} could not be read: {_describe(e)}")
    return pages, unmapped, failed


def _glyphs(page: Any) -> tuple[list[Glyph], int]:
    """The page's visible characters with their boxes, baselines and sizes."""
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        text = tp.get_text_range(0, n) if n else ""
        if len(text) != n:  # characters outside the BMP: ask one by one
            text = "".join(tp.get_text_range(i, 1)[:1] or " " for i in range(n))
        handle = tp.raw
        loose_box = pdfium_c.FPDFText_GetLooseCharBox
        box = pdfium_c.FS_RECTF()
        box_ref = ctypes.byref(box)
        out: list[Glyph] = []
        index: list[int] = []
        dropped = 0
        for i, ch in enumerate(text):
            if ch in _UNMAPPED:
                dropped += 1
                continue
            if ch.isspace():
                continue  # spacing is rebuilt from the positions
            # the loose box spans the font's em (ascent to descent) and the glyph's advance:
            # its height is the type size as set, whatever the text matrix's scaling
            # (its bottom, the font's descent line, stands for the baseline: it is level
            # along a line set in one font, which is all the line grouping needs)
            loose_box(handle, i, box_ref)
            size = box.top - box.bottom
            if size > 0:
                out.append(Glyph(ch, box.left, box.right, box.bottom, size))
                index.append(i)
        _set_vertical(handle, out, index)
        return out, dropped
    finally:
        tp.close()


def _set_vertical(handle: Any, glyphs: list[Glyph], index: list[int]) -> None:
    """Characters set vertically (a table's 三、本年度办理结果 column) get a loose box as
    tall as the whole column: those far above the page's usual size take their inked box."""
    if not glyphs:
        return
    sizes = sorted(g.size for g in glyphs)
    usual = sizes[len(sizes) // 2]
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, right, bottom, top)]
    for g, i in zip(glyphs, index):
        if g.size > 2.5 * usual:
            pdfium_c.FPDFText_GetCharBox(handle, i, *refs)
            ink = max(top.value - bottom.value, right.value - left.value)
            if ink > 0:
                g.x0, g.x1, g.base, g.size = left.value, right.value, bottom.value, ink * 1.1


def _rules(page: Any) -> list[Rule]:
    """Ruling lines: axis-parallel segments of stroked paths (rectangles give their four
    edges) and thin filled bars, in page coordinates; white strokes draw nothing. (The
    page's objects are walked through PDFium's C API: most are text objects, and a Python
    wrapper for each cost more than the rest of the page.)"""
    out: list[Rule] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    x, y = ctypes.c_float(), ctypes.c_float()
    bounds = [ctypes.c_float() for _ in range(4)]
    bound_refs = [ctypes.byref(v) for v in bounds]
    matrix = pdfium_c.FS_MATRIX()
    page_handle = page.raw
    for k in range(pdfium_c.FPDFPage_CountObjects(page_handle)):
        h = pdfium_c.FPDFPage_GetObject(page_handle, k)
        if pdfium_c.FPDFPageObj_GetType(h) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        pdfium_c.FPDFPath_GetDrawMode(h, ctypes.byref(fill), ctypes.byref(stroke))
        pdfium_c.FPDFPageObj_GetBounds(h, *bound_refs)
        x0, y0, x1, y1 = (v.value for v in bounds)
        if stroke.value:
            pdfium_c.FPDFPageObj_GetStrokeColor(h, *(ctypes.byref(v) for v in (r, g, b, a)))
            if (r.value, g.value, b.value) == (255, 255, 255) or a.value == 0:
                continue
            pdfium_c.FPDFPageObj_GetMatrix(h, ctypes.byref(matrix))
            out.extend(_segments(h, (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), x, y))
        elif fill.value and (y1 - y0 < 2.5 or x1 - x0 < 2.5):
            if y1 - y0 < 2.5 and x1 - x0 >= 4:
                mid = round((y0 + y1) / 2, 1)
                out.append(Rule(x0, mid, x1, mid))
            elif x1 - x0 < 2.5 and y1 - y0 >= 4:
                mid = round((x0 + x1) / 2, 1)
                out.append(Rule(mid, y0, mid, y1))
    return out


def _segments(h: Any, matrix: tuple, x: ctypes.c_float, y: ctypes.c_float) -> list[Rule]:
    a_, b_, c_, d_, e_, f_ = matrix
    points: list[tuple[float, float, int, bool]] = []
    for k in range(pdfium_c.FPDFPath_CountSegments(h)):
        seg = pdfium_c.FPDFPath_GetPathSegment(h, k)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        px, py = a_ * x.value + c_ * y.value + e_, b_ * x.value + d_ * y.value + f_
        points.append((px, py, pdfium_c.FPDFPathSegment_GetType(seg), bool(pdfium_c.FPDFPathSegment_GetClose(seg))))
    out: list[Rule] = []
    start = prev = None
    for px, py, kind, close in points:
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
            start = prev = (px, py)
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            out.extend(_axis_rule(prev, (px, py)))
        prev = (px, py)
        if close and start is not None:
            out.extend(_axis_rule(prev, start))
            prev = start
    return out


def _axis_rule(p: tuple[float, float], q: tuple[float, float]) -> list[Rule]:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 1.0 and abs(x1 - x0) >= 4:
        yy = round((y0 + y1) / 2, 1)
        return [Rule(min(x0, x1), yy, max(x0, x1), yy)]
    if abs(x0 - x1) < 1.0 and abs(y1 - y0) >= 4:
        xx = round((x0 + x1) / 2, 1)
        return [Rule(xx, min(y0, y1), xx, max(y0, y1))]
    return []


def _open_error(e: Exception) -> TextmineError:
    msg = str(e)
    if "password" in msg.lower():
        return TextmineError(
            "pdf_error", "the PDF is password-protected; open it with the password and save an unprotected copy"
        )
    if "security" in msg.lower() or "encrypt" in msg.lower():
        return TextmineError("pdf_error", f"the PDF uses an encryption textmine cannot read: {msg}")
    return TextmineError("pdf_error", f"the PDF is damaged or not a PDF: {msg}")


def _describe(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
