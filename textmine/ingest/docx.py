"""DOCX reader: body paragraphs and tables in document order.

python-docx exposes `document.paragraphs` and `document.tables` as two separate lists,
which loses where each table sits between the headings; the segmenter needs table 3 to
come after `三、收到和处理政府信息公开申请情况`. So we walk the children of the body
element (w:p, w:tbl) ourselves and render each table into the text at its position as
pipe rows, with `Grid.anchor` pointing at its first row, exactly like the HTML reader.

Merged cells are expanded on the Word layout grid: a horizontal merge (gridSpan) fills
every column it covers, and a vertical merge (vMerge) repeats the text of the cell above,
so `rows[r][c]` is the label a reader sees at that position.

A .docx is a zip archive, and zip archives can be bombs. Before python-docx inflates
anything, the central directory is checked: Python's zipfile never inflates a member
past its declared size (it fails the CRC check instead), so limits on the declared sizes
bound the memory python-docx can use.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Iterator

import docx
from docx.text.paragraph import Paragraph

from textmine.document import Grid, RawDocument
from textmine.errors import TextmineError
from textmine.ingest.grids import build_grid, pipe_rows

MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024  # real reports unpack to < 20 MB
MAX_COMPRESSION_RATIO = 200  # XML compresses ~10:1, images ~1:1; zeros compress ~1000:1
# Tiny members (empty parts, short repetitive XML) can have silly ratios and are harmless;
# a bomb has to be big to hurt, so the ratio is judged on members of at least 1 MB.
_RATIO_MIN_BYTES = 1024 * 1024
_MAX_GRID_SPAN = 64  # Word tables have at most 63 columns; clamps a forged gridSpan

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy binary .doc
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WHITESPACE = re.compile(r"\s+")


def read_docx(data: bytes) -> RawDocument:
    """Extract text and tables; raise TextmineError("docx_error") for unusable input."""
    _check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors ...
        raise TextmineError("docx_error", f"the .docx could not be opened: {_describe(e)}") from e
    try:
        return _flatten(document)
    except TextmineError:
        raise
    except Exception as e:
        raise TextmineError("docx_error", f"the .docx content could not be read: {_describe(e)}") from e


def _check_archive(data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        raise TextmineError(
            "docx_error", "this is a legacy binary Word .doc file, not a .docx; save it as .docx in Word or LibreOffice"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as e:  # BadZipFile, and struct/OSError errors for damaged directories
        raise TextmineError(
            "docx_error", f"the file is not a valid zip archive, so not a .docx ({_describe(e)})"
        ) from e
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise TextmineError(
            "docx_error",
            f"the archive would unpack to {total / 1048576:.0f} MB in total, over the "
            f"{MAX_TOTAL_UNCOMPRESSED / 1048576:.0f} MB limit (possible zip bomb)",
        )
    for m in members:
        if m.file_size >= _RATIO_MIN_BYTES and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1):
            ratio = m.file_size / max(m.compress_size, 1)
            raise TextmineError(
                "docx_error",
                f"member {m.filename} has a compression ratio of {ratio:.0f}:1, over the "
                f"{MAX_COMPRESSION_RATIO}:1 limit (possible zip bomb)",
            )
    if not any(m.filename == "word/document.xml" for m in members):
        raise TextmineError("docx_error", "the zip archive has no word/document.xml, so it is not a Word document")


def _flatten(document) -> RawDocument:
    lines: list[str] = []
    tables: list[tuple[Grid, int]] = []  # grid, index of its first pipe row
    for block in _body_blocks(document.element.body):
        if block.tag == _W + "p":
            lines.extend(_lines(Paragraph(block, document).text))
            continue
        grid = build_grid(_table_slots(block, document), "docx")
        if sum(1 for r, row in enumerate(grid.rows) for c, _ in enumerate(row) if (r, c) not in grid.spanned) == 1:
            # A one-cell table is a framed box (a note, a signature block), not data.
            lines.extend(_lines(grid.rows[0][0]))
        elif grid.rows:
            tables.append((grid, len(lines)))
            lines.extend(pipe_rows(grid))
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    grids = []
    for grid, first in tables:
        grid.anchor = offsets[first]
        grids.append(grid)
    if not lines:
        raise TextmineError("no_text", "the .docx body has no text (text boxes, headers and footers are not read)")
    return RawDocument(text="\n".join(lines), format="docx", encoding=None, grids=grids)


def _body_blocks(body) -> Iterator:
    """w:p and w:tbl children of the body in document order. Content controls (w:sdt,
    used for cover pages and tables of contents) and custom-XML wrappers are unwrapped,
    and so is a one-cell table that only frames others (a layout box around the report's
    tables): its paragraphs and tables are the blocks."""
    stack = list(reversed(body))
    while stack:
        el = stack.pop()
        if el.tag == _W + "tbl" and _framing_cell(el) is not None:
            stack.extend(reversed(_framing_cell(el)))
        elif el.tag in (_W + "p", _W + "tbl"):
            yield el
        elif el.tag == _W + "sdt":
            content = el.find(_W + "sdtContent")
            if content is not None:
                stack.extend(reversed(content))
        elif el.tag == _W + "customXml":
            stack.extend(reversed(el))


def _framing_cell(tbl):
    """The one cell of a one-cell table that holds tables of its own, else None."""
    cells = tbl.findall(f"{_W}tr/{_W}tc")
    if len(cells) == 1 and cells[0].find(_W + "tbl") is not None:
        return cells[0]
    return None


def _table_slots(tbl, document) -> dict:
    """The table on its layout grid: (row, column) -> (cell, text). A horizontal merge
    (gridSpan) covers its columns with one cell; a vertical merge (vMerge) repeats the
    text of the cell above, so a group label stands in every row it covers."""
    slots: dict = {}
    for r, tr in enumerate(tbl.iterchildren(_W + "tr")):
        c = _grid_int(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        for tc in tr.iterchildren(_W + "tc"):
            span = max(1, _grid_int(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1))
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if vmerge is not None and vmerge.get(_W + "val", "continue") == "continue":
                text = slots.get((r - 1, c), (None, ""))[1]
            else:
                text = _cell_text(tc, document)
            for k in range(span):
                slots[(r, c + k)] = ((r, c), text)
            c += span
    return slots


def _grid_int(el, default: int) -> int:
    if el is None:
        return default
    match = re.match(r"\s*(\d+)", el.get(_W + "val") or "")
    return min(int(match.group(1)), _MAX_GRID_SPAN) if match else default


def _cell_text(tc, document) -> str:
    """All paragraphs of the cell on one line (nested tables included, flattened)."""
    texts = (Paragraph(p, document).text for p in tc.iter(_W + "p"))
    return _collapse(" ".join(texts))


def _lines(text: str) -> list[str]:
    """A paragraph's soft line breaks (w:br) split it into lines; empty lines are dropped."""
    return [line for line in (_collapse(part) for part in text.split("\n")) if line]


def _collapse(s: str) -> str:
    return _WHITESPACE.sub(" ", s).strip()


def _describe(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
