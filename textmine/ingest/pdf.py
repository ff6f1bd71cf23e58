"""PDF reader: page text in reading order plus the ruled tables pdfplumber can see.

Reports are printed to PDF from Word, so their tables are drawn with ruling lines and
pdfplumber's line-based table finder recovers the cell grid that plain text extraction
flattens (`规章 0 0 0` loses which column a value belongs to once empty cells go).

The text is `page.extract_text()` per page joined with "\\n"; each table's `Grid.anchor`
is the offset where its page starts, which is precise enough to tell which section a
table belongs to (a page rarely holds two sections' tables, and the table parser uses
the anchor only to choose among candidate tables).

Failure modes get their own messages because users act on them differently: a
password-protected file must be unlocked, a corrupt one re-downloaded, a scanned one
needs OCR (not included here).
"""

from __future__ import annotations

import io
import logging
import re

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from textmine.document import Grid, RawDocument
from textmine.errors import TextmineError

# pdfminer logs a warning for every odd object in real-world PDFs (broken xref tables,
# unknown fonts); in a corpus run that floods stderr and buries textmine's own report.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)

DEFAULT_MAX_PAGES = 500  # the longest real reports have ~60 pages

# Glyphs from fonts without a Unicode mapping come out as "(cid:1234)": not text.
_CID = re.compile(r"\(cid:\d+\)")
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# pdfplumber ends every visual line of a wrapped cell with "\n"; Chinese has no spaces
# between words, so a break between two Chinese characters is removed, not spaced.
_CJK_WRAP = re.compile(f"(?<=[{_CJK}])\\s*\\n\\s*(?=[{_CJK}])")
_WHITESPACE = re.compile(r"\s+")


def read_pdf(data: bytes, max_pages: int = DEFAULT_MAX_PAGES) -> RawDocument:
    """Extract text and tables; raise TextmineError (pdf_error / no_text) for bad input."""
    warnings: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            if not pages:
                raise TextmineError("pdf_error", "the PDF has no pages (truncated or corrupt)")
            if len(pages) > max_pages:
                raise TextmineError("pdf_error", f"the PDF has {len(pages)} pages, over the limit of {max_pages}")
            texts, grids, failed = _read_pages(pages, warnings)
    except TextmineError:
        raise
    except Exception as e:  # pdfminer raises many unrelated types for damaged files
        raise _open_error(e) from e
    if failed == len(texts):
        raise TextmineError("pdf_error", f"none of the {len(texts)} pages could be read: {warnings[0]}")

    parts, pos = [], 0
    for page_text, page_grids in zip(texts, grids):
        for grid in page_grids:
            grid.anchor = pos
        parts.append(page_text)
        pos += len(page_text) + 1
    text = "\n".join(parts)

    cids = len(_CID.findall(text))
    if cids:
        text = _CID.sub("", text)
        warnings.append(f"{cids} glyphs have no Unicode mapping in their font and were dropped")
    if not text.strip():
        reason = (
            "its fonts have no Unicode mapping"
            if cids
            else "it is probably a scanned image; OCR is not included in textmine"
        )
        raise TextmineError("no_text", f"the PDF has {len(texts)} page(s) but no extractable text: {reason}")
    all_grids = [g for page_grids in grids for g in page_grids]
    return RawDocument(text=text, format="pdf", encoding=None, grids=all_grids, warnings=warnings)


def _read_pages(pages, warnings: list[str]) -> tuple[list[str], list[list[Grid]], int]:
    """Text and grids per page. A page whose content stream is damaged is skipped with a
    warning, so one bad page does not cost the whole report."""
    texts: list[str] = []
    grids: list[list[Grid]] = []
    failed = 0
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(page.extract_text() or "")
            grids.append(_page_grids(page))
        except Exception as e:
            failed += 1
            texts.append("")
            grids.append([])
            warnings.append(f"page {number} could not be read: {_describe(e)}")
        finally:
            page.close()  # drop the page's cached layout objects; long PDFs add up
    return texts, grids, failed


def _page_grids(page) -> list[Grid]:
    grids = []
    for table in page.find_tables():
        rows = [[_cell(value) for value in row] for row in table.extract()]
        rows = [row for row in rows if any(row)]
        if sum(len(row) for row in rows) > 1:  # a single framed box is not a table
            grids.append(Grid(rows=rows, source="pdf"))
    return grids


def _cell(value) -> str:
    """None marks the slots of a merged cell; they are empty to a reader."""
    if not value:
        return ""
    return _WHITESPACE.sub(" ", _CJK_WRAP.sub("", value)).strip()


def _open_error(e: Exception) -> TextmineError:
    cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e  # pdfplumber wraps
    if isinstance(cause, PDFPasswordIncorrect):
        return TextmineError(
            "pdf_error", "the PDF is password-protected; open it with the password and save an unprotected copy"
        )
    if isinstance(cause, PDFEncryptionError):
        return TextmineError("pdf_error", f"the PDF uses an encryption textmine cannot read: {_describe(cause)}")
    return TextmineError("pdf_error", f"the PDF is damaged or not a PDF: {_describe(cause)}")


def _describe(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
