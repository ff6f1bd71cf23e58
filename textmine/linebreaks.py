"""Line structure for pages a crawler flattened to one line.

A crawled portal page often arrives as its whole body on one line: headings run into the
text before and after them (…止。 一、总体情况2023年，…) and table rows into each other
(规章 000行政规范性文件693665第二十条第（五）项…). Every later stage reads lines — headings
start lines, table rows are lines, statements split at line breaks — so such a line gets
its breaks back, and nothing else changes:

- before a numbered heading whose words are a report section's (the patterns of
  `sections.SECTION_PATTERNS`), and after its words;
- before a sub-heading marker ((一), （二）) that opens a sentence, and after a numbered
  sub-heading's words where the sentence they run into starts with its year;
- inside a table section, before each row label of the mandated tables (the template
  data), so each row is its label and its fused digits.

Only lines longer than `LONG_LINE` are touched: a text with its own line breaks keeps
them as they are. Returned as the positions to break at; `normalize` inserts them with
the offset map kept exact (a break maps to the character after it).
"""

from __future__ import annotations

import functools
from typing import Iterator, Optional

import regex

from textmine.sections import TABLE_SECTIONS, classify_title
from textmine.tables.templates import TEMPLATE_DATA

LONG_LINE = 400  # characters: a line this long holding a heading is a flattened page

# (after a sentence's end, a space, a bracket, digits — or the Latin letters of an e-mail
# address or a link that ended the contact block: …@163.com一、概述)
_NUMERAL = regex.compile(
    r"(?:^|(?<=[。；;！!？?\s:：）)\d|A-Za-z元件条项%％]))\s*(?P<num>[一二三四五六七八九十]{1,2})\s*[、.．]\s*"
)
# where a heading's words end: before digits, brackets, spaces or sentence punctuation
_TITLE = regex.compile(r"[^\d\s（(。，,：:；;！!？?]{2,40}")
# a title ends at its first 情况/事项/措施 (…问题及改进情况 before the body's 存在的问题), else
# at its last other ending word (…存在的主要问题)
_TITLE_END_FIRST = regex.compile(r".*?(?:情况|事项|措施)")
_TITLE_END_LAST = regex.compile(r".*(?:改进|问题|概述|概况|打算|计划|方向|说明|建议|工作)")
_TRAILING_RUN = regex.compile(r"(?<=[^\d\s])[\d\s]+$")
_SUBHEADING = regex.compile(r"(?<=[。；;！!？?:：])\s*(?=[（(][一二三四五六七八九十]{1,2}[)）])")
# a numbered sub-heading run into the sentence after it: …答复。4.认真办理依申请公开2020年全区…
# (the sentence starts at its year)
_HEADED_YEAR = regex.compile(
    r"(?<=[。；;！!？?])\s*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,2}[)）])\s*"
    r"[^\d\s。，,：:；;！!？?]{2,20}?(?P<year>(?:19|20)\d{2}\s*年)"
)


def break_positions(text: str) -> list[int]:
    """Offsets in `text` before which a line break belongs (sorted, no duplicates)."""
    out: set[int] = set()
    pos = 0
    for line in text.split("\n"):
        if len(line) > LONG_LINE:
            out.update(pos + p for p in _line_breaks(line))
        pos += len(line) + 1
    return sorted(p for p in out if 0 < p < len(text) and text[p - 1] != "\n")


def _line_breaks(line: str) -> Iterator[int]:
    headings = list(_headings(line))
    for start, end, _ in headings:
        yield start
        yield end
    bounds = [h[0] for h in headings] + [len(line)]
    for i, (_, end, key) in enumerate(headings):
        if key in TABLE_SECTIONS:
            yield from _row_starts(line, end, bounds[i + 1])
        if key == "review_litigation":
            # table 4's counts follow its two-level header as one run: a line of their own
            run = _TRAILING_RUN.search(line, end, bounds[i + 1])
            if run:
                yield run.start()
    for m in _SUBHEADING.finditer(line):
        if not any(s <= m.end() < e for s, e, _ in headings):
            yield m.end()
    for m in _HEADED_YEAR.finditer(line):
        if not any(s <= m.start() < e for s, e, _ in headings):
            yield m.start("year")


def _headings(line: str) -> Iterator[tuple[int, int, Optional[str]]]:
    """(start, end of its words, section key) of each numbered section heading."""
    for m in _NUMERAL.finditer(line):
        words = _TITLE.match(line, m.end())
        if not words:
            continue
        ending = _TITLE_END_FIRST.match(words.group(0)) or _TITLE_END_LAST.match(words.group(0))
        title = ending.group(0) if ending else words.group(0)
        key = classify_title(title)
        if key is None or len(title) > 30:
            continue
        yield m.start("num"), m.end() + len(title), key


def is_table_label(line: str) -> bool:
    """A line that starts with a row or item label of the mandated tables (a table's text,
    not a heading of the prose)."""
    return bool(_row_label_pattern().match(line.strip()))


@functools.lru_cache(maxsize=1)
def _row_label_pattern() -> "regex.Pattern[str]":
    """Every row and item label of the mandated tables, as a report prints it: with its
    list marker, longest first (so 行政规范性文件 wins over 规范性文件)."""
    labels: set[str] = {"信息内容", "不予公开", "无法提供", "不予处理", "其他处理", "本年度办理结果"}
    for versions in TEMPLATE_DATA.values():
        for data in versions.values():
            for item in data.get("items", []):
                labels.update(item["labels"])
                for row in item["rows"]:
                    labels.update(row["labels"])
            for row in data.get("rows", []):
                if row["key"] not in ("total_processed", "other_misc", "review", "suit_direct", "suit_after_review"):
                    labels.update(row["labels"])
    # printed labels may carry quotes the template's do not (危及“三安全一稳定”)
    alternatives = "|".join(
        _QUOTES.join(regex.escape(ch) for ch in label)
        for label in sorted(labels, key=len, reverse=True)
        if len(label) >= 2
    )
    # a row's marker is one digit: in 00000002.其他法律… the 0 before 2. is the last count
    marker = r"(?:[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十]{1,2}[)）]|[1-9][.．、](?!\d))?"
    # 总计 and 其他 are row labels only after their markers ((七)总计, 3.其他): alone they
    # are column headers
    return regex.compile(rf"{marker}(?:{alternatives})|[（(]七[)）]\s*总计|\d[.．、]\s*其他(?![\p{{Han}}])")


_QUOTES = r"[“”\"'‘’「」]?"


def _row_starts(line: str, start: int, end: int) -> Iterator[int]:
    """Inside a table section: where each row label starts. A label inside a sentence is
    prose (an old outline's section 二 lists 政策、规范性文件类信息21条): a row starts after
    digits, a mark or a space, or is followed by its own digits."""
    for m in _row_label_pattern().finditer(line, start, end):
        before = line[m.start() - 1] if m.start() > 0 else " "
        if _IN_PROSE.match(before) and not _DIGITS_AFTER.match(line, m.end()):
            continue
        yield m.start()


_IN_PROSE = regex.compile(r"[\p{Han}、,，;；。:：]")
_DIGITS_AFTER = regex.compile(r"\s*\d")
