"""Sentence and clause spans suited to these reports.

Sentences end after 。；;！？!? or a line break (PDF and web text often drop the final
。 at a line end); the terminator stays with its sentence; surrounding whitespace is
not part of a span.
"""

from __future__ import annotations

from typing import Iterator

import regex

_SENT_END = regex.compile(r"[。;；!！?？]+|\n+")
_CLAUSE_END = regex.compile(r"[。;；!！?？,，:：]+|\n+")


def _spans(text: str, pattern: "regex.Pattern[str]", start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in pattern.finditer(text, start, end):
        s, e = pos, m.end() if m.group(0)[0] != "\n" else m.start()
        yield from _trimmed(text, s, e)
        pos = m.end()
    if pos < end:
        yield from _trimmed(text, pos, end)


def _trimmed(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        yield s, e


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    return list(_spans(text, _SENT_END, start, len(text) if end is None else end))


_CLAUSE_MARK = regex.compile(r"[,，;；:：。!！?？\n]")
_CLAUSE_MARK_BEFORE = regex.compile(r"(?r)[,，;；:：。!！?？\n]")


def clause_bounds(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause around position `pos` within [lo, hi): bounded by , ; : 。 and line breaks.
    (Searched in C: a sentence thousands of characters long with a number every few
    characters made a character-by-character scan quadratic.)"""
    before = _CLAUSE_MARK_BEFORE.search(text, lo, pos)
    after = _CLAUSE_MARK.search(text, pos, hi)
    return (before.end() if before else lo), (after.start() if after else hi)
