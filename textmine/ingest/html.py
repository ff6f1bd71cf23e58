"""HTML reader: the text a person sees on the page, in reading order, plus real tables.

Most reports are published as web pages, and government CMS pages are routinely broken
(unclosed `<p>`, `<font>` soup exported from Word, stray `</div>`), so we parse with
libxml2's forgiving HTML parser (lxml.html) rather than an XML parser.

What comes out:
- `text`: one line per block (p, div, li, h1-h6, tr, ...); inline markup (span, b, a,
  font) never breaks a line; whitespace runs inside a line collapse to one space. The
  downstream segmenter relies on headings such as `一、总体情况` starting a line.
- `grids`: every data `<table>` with rowspan/colspan expanded, so `rows[r][c]` is what a
  reader sees at that position. The table is also rendered into `text` at its position as
  pipe rows (`规章 | 0 | 0 | 0`), and `Grid.anchor` is where its first row starts, so the
  section a table belongs to can be found from its offset.

Pages often wrap the whole article in a "layout" table (one cell holding every paragraph,
or a table that holds the real data tables). Rendering such a wrapper as one pipe row
would destroy the line structure of the report, so a table that contains another table,
a heading, a cell of prose (longer than any label of the mandated tables) or only one
cell is walked as ordinary blocks, and only the tables inside it become grids.
"""

from __future__ import annotations

import codecs
import re
from typing import Optional

import regex
from lxml import etree
from lxml import html as lxml_html

from textmine.document import Grid, RawDocument
from textmine.errors import TextmineError
from textmine.ingest.grids import Slot, build_grid, pipe_rows
from textmine.ingest.text import decode

# Content no reader of the page sees, or that is never part of the report body.
_DROP_TAGS = (
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "math",
    "object",
    "embed",
    "canvas",
    "nav",
    "select",
    "button",
    "textarea",
)

# Elements that start and end a line. Everything else (span, a, b, font, o:p ...) is inline.
_BLOCK_TAGS = frozenset(
    {
        "html",
        "body",
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "legend",
        "li",
        "main",
        "menu",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    }
)
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")

# Longest label in the mandated tables is ~40 characters; a cell far longer than that is
# running prose, i.e. the table is page layout, not data.
_PROSE_CELL_CHARS = 200
# HTML caps colspan at 1000 and rowspan at 65534; the expanded-cell budget stops a small
# page with `colspan=1000` on every cell from expanding into millions of strings.
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534
_MAX_GRID_CELLS = 200_000

# Only the first bytes are searched for a declaration, like browsers do (they use 1024;
# CMS pages often put long scripts before the meta tag, hence more).
_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([a-z0-9_.:\-]+)""", re.I)

# Declared charset -> codecs to try. GB2312 and GBK pages almost always contain characters
# outside the declared set (Word and IME output), and GB18030 is a strict superset of both;
# likewise CP950 and Big5-HKSCS extend Big5 with characters real pages use.
_DECLARED = {
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "gb18030": ("gb18030",),
    "x-gbk": ("gb18030",),
    "cp936": ("gb18030",),
    "euc-cn": ("gb18030",),
    "utf-8": ("utf-8",),
    "utf8": ("utf-8",),
    "big5": ("cp950", "big5hkscs"),
    "big5-hkscs": ("big5hkscs",),
    "cp950": ("cp950", "big5hkscs"),
}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_WHITESPACE = re.compile(r"\s+")
# A source line break between two Chinese characters is dropped, not turned into a space
# (CSS Text 3 segment-break rule): CMS editors wrap long Chinese lines anywhere.
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_SEGMENT_BREAK = re.compile(f"(?<=[{_CJK}])[^\\S\\n]*\\n\\s*(?=[{_CJK}])")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_LEADING_DIGITS = re.compile(r"\s*(\d+)")


def read_html(data: bytes) -> RawDocument:
    """Decode, parse and flatten an HTML page; raise TextmineError for unusable input."""
    text, encoding, warnings = _decode(data)
    root = _parse(text)
    _strip_unseen(root)
    _strip_link_lists(root, warnings)
    builder = _LineBuilder()
    _walk(root, builder, warnings)
    body, grids = builder.finish()
    if not body.strip():
        raise TextmineError("no_text", "the page has no readable text once scripts, styles and navigation are removed")
    return RawDocument(text=body, format="html", encoding=encoding, grids=grids, warnings=warnings)


# --- decoding -----------------------------------------------------------------------


def _declared_charset(head: bytes) -> Optional[str]:
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    """Return (text, encoding, warnings).

    A byte-order mark beats any declaration. A declaration is trusted only as far as the
    bytes agree with it: sites migrated to UTF-8 often keep their old `charset=gb2312`
    meta, and strictly valid UTF-8 with non-ASCII bytes is practically never GBK by
    accident, so such a page is read as UTF-8. Without a usable declaration the plain-text
    detector decides.
    """
    warnings: list[str] = []
    if data.startswith(_BOMS):
        text, encoding = decode(data, warnings)
        return text, encoding, warnings
    declared = _declared_charset(data[:_SNIFF_BYTES])
    candidates = _DECLARED.get(declared or "")
    if candidates:
        if candidates[0] != "utf-8" and not data.isascii() and _is_utf8(data):
            warnings.append(f"the page declares charset {declared} but its bytes are UTF-8; read as UTF-8")
            return data.decode("utf-8"), "utf-8", warnings
        for codec in candidates:
            try:
                return data.decode(codec), codec, warnings
            except UnicodeDecodeError:
                continue
        warnings.append(
            f"the page declares charset {declared} but its bytes do not decode as it; "
            "the encoding was detected from the bytes"
        )
    elif declared and not data.isascii():
        warnings.append(
            f"the page declares charset {declared}, which is not a Chinese encoding; "
            "the encoding was detected from the bytes"
        )
    try:
        text, encoding = decode(data, warnings)
    except TextmineError as e:
        if not candidates or e.code != "decode_error":
            raise
        # The declaration is the best evidence left: keep the readable part of the page.
        warnings.append(f"some bytes are not valid {candidates[0]} and were replaced")
        return data.decode(candidates[0], errors="replace"), candidates[0], warnings
    return text, encoding, warnings


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- parsing ------------------------------------------------------------------------


def _parse(text: str) -> etree._Element:
    """Parse with libxml2's limits on; lift them once if the page ran into them.

    libxml2 stops at 256 levels of nesting and silently drops everything deeper. Real
    pages reach that with hundreds of unclosed `<font>` tags, so on hitting a limit we
    parse again with huge_tree (2048 levels; the input is already in memory and HTML has
    no entity expansion, so the lifted size limits cannot amplify it). A page deeper than
    that is not a report, and returning its truncated text would hide content, so it is
    an html_error.
    """
    payload = text.replace("\x00", "").encode("utf-8", errors="replace")
    for huge in (False, True):
        parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=huge)
        try:
            root = lxml_html.document_fromstring(payload, parser=parser)
        except (etree.LxmlError, ValueError) as e:
            if isinstance(e, etree.ParserError) and "empty" in str(e).lower():
                raise TextmineError("no_text", "the HTML has no content (only whitespace or comments)") from e
            raise TextmineError("html_error", f"the HTML could not be parsed: {e}") from e
        if not any(_is_limit_error(err) for err in parser.error_log):
            return root
    raise TextmineError(
        "html_error",
        "the HTML exceeds the parser's limits (nested more than "
        "2048 elements deep); its content cannot be read reliably",
    )


def _is_limit_error(err: etree._LogEntry) -> bool:
    return err.type_name == "ERR_RESOURCE_LIMIT" or "excessive depth" in err.message.lower()


def _strip_unseen(root: etree._Element) -> None:
    """Remove what a reader never sees (scripts, styles, head, navigation), keeping the
    text that follows each removed element."""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_DROP_TAGS, with_tail=False)
    for el in root.xpath("//*[@role='navigation']"):
        el.drop_tree()


# Government CMS pages carry long lists of links around the report (related articles, hot
# topics, departments: thousands of items on some portals) outside any <nav>. Kept, each
# item became a line of the last section: a statement to classify and a line for every
# stage to read (a page with 3,000 such links took 300 ms to analyse, 56 ms without them).
# A block whose letters are nearly all inside links, with several links and no table, is
# such a list.
_LINK_LIST_TAGS = frozenset({"ul", "ol", "dl", "menu", "div", "section", "aside", "header", "footer", "p", "center"})
_LINK_LIST_MIN_LINKS = 5
_LINK_LIST_DENSITY = 0.8  # share of the block's letters inside links
_LETTER = regex.compile(r"\p{L}")
_LINK_LIST_PAGE_LINKS = 20  # pages with fewer links are not examined at all


def _strip_link_lists(root: etree._Element, warnings: list[str]) -> None:
    """Drop blocks of links (keeping the text after each), outermost first."""
    if sum(1 for _ in root.iter("a")) < _LINK_LIST_PAGE_LINKS:
        return
    # letters, letters inside links, links, holds a table: per element, bottom-up
    stats: dict[etree._Element, tuple[int, int, int, bool]] = {}
    for _, el in etree.iterwalk(root, events=("end",)):
        tag = el.tag if isinstance(el.tag, str) else ""
        chars = _visible(el.text)
        linked = links = 0
        table = tag == "table"
        for child in el:
            c, lk, n, t = stats[child]
            chars += c + _visible(child.tail)
            linked += lk
            links += n
            table = table or t
        if tag == "a" and el.get("href"):  # Word's bookmarks (<a name=_Toc…>) wrap report text, not links
            linked, links = chars, links + 1
        stats[el] = (chars, linked, links, table)
    dropped = removed_links = 0
    stack = [root]
    while stack:
        el = stack.pop()
        chars, linked, links, table = stats[el]
        if (
            el.tag in _LINK_LIST_TAGS
            and links >= _LINK_LIST_MIN_LINKS
            and not table
            and linked >= _LINK_LIST_DENSITY * chars
        ):
            el.drop_tree()
            dropped += 1
            removed_links += links
            continue
        stack.extend(reversed(el))
    if dropped:
        warnings.append(f"removed {dropped} block(s) of links ({removed_links} links) as page navigation")


def _visible(s: Optional[str]) -> int:
    """Letters only: the dates, counts and separators beside each link (`2021-06-15`,
    `|`) are not prose, and lists of dated links are the commonest kind."""
    return len(_LETTER.findall(s)) if s else 0


# --- flattening ---------------------------------------------------------------------


class _LineBuilder:
    """Accumulates inline text into lines; a block boundary closes the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._parts: list[str] = []
        self._tables: list[tuple[Grid, int]] = []  # grid, index of its first pipe row

    def text(self, s: Optional[str]) -> None:
        if s:
            self._parts.append(s)

    def line_break(self) -> None:
        if self._parts:
            line = _collapse("".join(self._parts))
            self._parts = []
            if line:
                self.lines.append(line)

    def table(self, grid: Grid) -> None:
        self.line_break()
        self._tables.append((grid, len(self.lines)))
        self.lines.extend(pipe_rows(grid))

    def finish(self) -> tuple[str, list[Grid]]:
        self.line_break()
        offsets, pos = [], 0
        for line in self.lines:
            offsets.append(pos)
            pos += len(line) + 1
        grids = []
        for grid, first in self._tables:
            grid.anchor = offsets[first]
            grids.append(grid)
        return "\n".join(self.lines), grids


def _collapse(s: str) -> str:
    s = _CJK_SEGMENT_BREAK.sub("", _INVISIBLE.sub("", s))
    return _WHITESPACE.sub(" ", s).strip()


def _walk(root: etree._Element, out: _LineBuilder, warnings: list[str]) -> None:
    """Emit the page in document order. iterwalk is iterative, so a tree as deep as the
    parser allows cannot exhaust Python's recursion limit."""
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if tag == "br":
                out.line_break()
            elif tag == "table":
                grid = _data_table(el, warnings)
                if grid is not None:
                    for caption in el.xpath("./caption"):
                        out.line_break()
                        out.text(caption.text_content())
                    if grid.rows:
                        out.table(grid)
                    walker.skip_subtree()
                    continue
            if tag in _BLOCK_TAGS:
                out.line_break()
            out.text(el.text)
        else:
            if tag in _BLOCK_TAGS:
                out.line_break()
            if el is not root:
                out.text(el.tail)


# --- tables -------------------------------------------------------------------------


def _data_table(table: etree._Element, warnings: list[str]) -> Optional[Grid]:
    """The grid of a data table (spans expanded, all-empty rows dropped), or None when the
    table is page layout and should be walked as ordinary blocks instead."""
    if table.xpath(".//table | " + " | ".join(f".//{h}" for h in _HEADING_TAGS)):
        return None
    raw_rows = []
    n_cells = 0
    for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        cells = []
        for cell in tr.iterchildren("td", "th"):
            text = _cell_text(cell)
            if len(text) > _PROSE_CELL_CHARS:
                return None
            cells.append((text, _span(cell, "rowspan", 1, _MAX_ROWSPAN, 0), _span(cell, "colspan", 1, _MAX_COLSPAN, 1)))
        n_cells += len(cells)
        raw_rows.append(cells)
    if n_cells <= 1:
        return None
    slots = _expand(raw_rows)
    if slots is None:
        warnings.append(f"a table expands to more than {_MAX_GRID_CELLS} cells; read as plain text")
        return None
    return build_grid(slots, "html")


def _span(cell: etree._Element, attr: str, default: int, maximum: int, minimum: int) -> int:
    """rowspan/colspan as browsers read them: leading digits, clamped to the HTML limits
    (`colspan="2 "`, `rowspan="3px"` and garbage all occur in the wild)."""
    value = cell.get(attr)
    if value is None:  # most cells
        return default
    match = _LEADING_DIGITS.match(value)
    if not match:
        return default
    return max(minimum, min(int(match.group(1)), maximum))


def _expand(raw_rows: list[list[tuple[str, int, int]]]) -> Optional[dict[tuple[int, int], Slot]]:
    """Lay cells out on the HTML table grid: each cell takes the first free column of its
    row and fills rowspan x colspan slots. rowspan=0 means "to the end of the table", and
    spans past the last row are clipped. Returns None when over the cell budget."""
    n_rows = len(raw_rows)
    slots: dict[tuple[int, int], Slot] = {}
    width = 0
    for r, cells in enumerate(raw_rows):
        c = 0
        for text, rowspan, colspan in cells:
            while (r, c) in slots:
                c += 1
            rowspan = n_rows - r if rowspan == 0 else min(rowspan, n_rows - r)
            if len(slots) + rowspan * colspan > _MAX_GRID_CELLS:
                return None
            for dr in range(rowspan):
                for dc in range(colspan):
                    slots.setdefault((r + dr, c + dc), ((r, c), text))
            c += colspan
            width = max(width, c)
    if n_rows * width > _MAX_GRID_CELLS:
        return None
    return slots


def _cell_text(cell: etree._Element) -> str:
    """A cell's text on one line: `<br>` and block boundaries inside it become spaces."""
    if not len(cell):  # a cell of plain text: nothing to walk
        return _collapse(cell.text or "")
    texts = list(cell.itertext())
    if len(texts) <= 1:  # one run of text, e.g. <td><p>12</p></td>: no boundary inside it to mark
        return _collapse(texts[0] if texts else "")
    parts: list[str] = []
    for event, el in etree.iterwalk(cell, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if tag == "br" or tag in _BLOCK_TAGS:
                parts.append(" ")
            if el.text:
                parts.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append(" ")
            if el is not cell and el.tail:
                parts.append(el.tail)
    return _collapse("".join(parts))
