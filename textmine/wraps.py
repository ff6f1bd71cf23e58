"""Paragraphs a converter hard-wrapped: their lines joined again.

Text converted from a PDF (markdown from a converter, pdftotext, OCR) often keeps the
page's line ends: every line of a paragraph is cut at the same width, inside words and
between a number and its unit (…的行政复⏎议 / 涉及的行政诉讼数为⏎0 件). Every later stage
reads lines — a sentence ends at a line break, a heading is a line — so a cut paragraph
loses its claims and splits its statements. A page break can cut a paragraph too, with a
blank line between the halves (…让政务信息“看⏎⏎得懂、用得上…).

A text is taken as hard-wrapped when many of its prose lines share one width (counted in
display columns: a CJK character is two, an ASCII one). Then a line that fills that width
and does not end a sentence runs on into the next one, unless the next line opens a
heading, a list item or a table row. Apart from that, a long line (a paragraph) that stops
mid-sentence right before a blank line and a line that continues it is one paragraph cut
by a page. Nothing else is joined: a text with one paragraph per line keeps its lines.

Returned as edits for `normalize`, which applies them with the offset map kept exact.
"""

from __future__ import annotations

import collections
import unicodedata

import regex

# a line that opens a heading or an item: never the tail of the paragraph before it
_OPENS_ITEM = regex.compile(
    r"\s*(?:[#|>]|[-*+]\s|第[一二三四五六七八九十百\d]+[章节条部分]|附[件表]?|"
    r"[(（]?[一二三四五六七八九十]{1,3}[)）、.．]|[(（]?\d{1,2}[)）、.．](?!\d)|"
    r"[一二三四五六七八九十]{1,2}是|[①-⑳])"
)
_SENTENCE_END = regex.compile(r"[。！？!?；;：:]\s*$")
_CLOSES = regex.compile(r"[。！？!?；;：:”」』)）]\s*$")
_CONTINUES = regex.compile(r"\s*[\p{Han}“「『(（\d,，、;；.。:：)）”」』]")
# the other half of a paragraph a page cut: words (not a table's next cell), then the
# rest of its sentence
_PAGE_CONTINUES = regex.compile(r"\s*[\p{Han}“「『][^\n]*[。，,；;]")
_PROSE = regex.compile(r"[，,。]")

MIN_WIDTH = 30  # display columns: narrower lines are titles, labels and table cells
MIN_WRAPPED_LINES = 5
WRAPPED_SHARE = 0.25  # of the prose lines at (about) one width
SLACK = 6  # columns a wrapped line may fall short: a word or closing mark moved down
PAGE_CUT_WIDTH = 60  # a line this wide that stops mid-sentence is a paragraph, not a title


def width(line: str) -> int:
    """Display columns as the page printed them: CJK characters two, and so the
    punctuation between them (full width on the page, ASCII after NFKC); digits, Latin
    letters and spaces one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" or c in _CJK_PUNCT else 1 for c in line)


_CJK_PUNCT = set(",.;:!?()")


def _wrap_width(widths: list[int]) -> int | None:
    """The narrowest width a full line of the text's wrapped paragraphs has, or None when
    the text is not hard-wrapped."""
    wide = [w for w in widths if w >= MIN_WIDTH]
    if len(wide) < MIN_WRAPPED_LINES:
        return None
    counts = collections.Counter(wide)
    # lines of one wrapped paragraph differ by a column or two (a digit for a character)
    best, near = max(((w, sum(counts[x] for x in range(w - 3, w + 1))) for w in counts), key=lambda x: (x[1], x[0]))
    if near < MIN_WRAPPED_LINES or near < WRAPPED_SHARE * len(wide):
        return None
    return min(x for x in range(best - 3, best + 1) if counts[x])


def join_edits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each line break inside a wrapped paragraph: removed
    between CJK characters, a space between two ASCII words."""
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    widths = [width(line.rstrip()) for line in lines]
    prose = [w for line, w in zip(lines, widths) if line.strip() and "|" not in line and not _OPENS_ITEM.match(line)]
    wrap = _wrap_width(prose)
    edits: list[tuple[int, int, str]] = []
    for i in range(len(lines) - 1):
        line = lines[i].rstrip()
        if not line.strip() or "|" in line or _SENTENCE_END.search(line):
            continue
        nxt = i + 1
        page_cut = False
        if not lines[nxt].strip():
            # a paragraph cut by a page: one blank line, then its continuation
            page_cut = (
                nxt + 1 < len(lines)
                and widths[i] >= PAGE_CUT_WIDTH
                and not _CLOSES.search(line)
                and bool(_PROSE.search(line))
                and bool(_PAGE_CONTINUES.match(lines[nxt + 1]))
            )
            if not page_cut:
                continue
            nxt += 1
        following = lines[nxt]
        if not following.strip() or _OPENS_ITEM.match(following) or not _CONTINUES.match(following):
            continue
        if not page_cut and (wrap is None or widths[i] < wrap - SLACK):
            continue
        end_of_line = starts[i] + len(line)
        next_start = starts[nxt] + (len(following) - len(following.lstrip()))
        a, b = line[-1], following.lstrip()[0]
        edits.append(
            (end_of_line, next_start, " " if a.isascii() and a.isalnum() and b.isascii() and b.isalnum() else "")
        )
    return edits


__all__ = ["join_edits", "width"]
