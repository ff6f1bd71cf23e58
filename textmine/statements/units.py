"""Statement units: the spans that get a problem / improvement / other label.

A unit is a sentence (split after 。；;！？ or a line break), except that
- a heading such as (一)主要问题 or 二、改进措施 is its own unit;
- a list item 一是… starts a new unit even inside a sentence, so the lead-in
  (…还存在一些不足:) and each item are labelled separately.
Each unit carries its context: section key, the sub-heading it sits under, and
whether it is a heading or a list item. Context decides what a sentence means:
加强组织领导 is an achievement in 一、总体情况 and a measure under 改进措施.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from textmine import rx
from textmine.document import Section
from textmine.sections import TABLE_SECTIONS
from textmine.sentences import sentence_spans

_TWO_HAN = regex.compile(r"\p{Han}[^\p{Han}]*\p{Han}")  # at least two Chinese characters
_CLAUSE_PUNCT = regex.compile(r"[,，。;；:：]")

# list items inside a sentence: 一是… after a colon or semicolon, (一)… after a colon
_ITEM_START = regex.compile(
    r"(?<=[:：;；。])\s*(?=(?:[一二三四五六七八九十]{1,2}是|[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、](?!\d)))"
)
_ITEM = regex.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,2}是|[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、](?!\d)|[一二三四五六七八九十]{1,2}[、.])"
)
_HEADING = regex.compile(
    r"^\s*(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}[、.]|\d{1,2}[.、](?!\d)|第[一二三四五六七八九十]{1,2}[,、])?"
    r"\s*[^,，。;；:：]{2,24}[。:：]?\s*$"
)


@dataclass
class Unit:
    start: int
    end: int
    text: str
    section: Optional[str]
    subheading: str  # the nearest heading unit before it within the section ("" if none)
    is_heading: bool
    is_item: bool
    index_in_section: int

    def context(self) -> dict[str, str]:
        return {
            "section": self.section or "none",
            "subheading": self.subheading,
            "is_heading": str(self.is_heading),
            "is_item": str(self.is_item),
        }


def _split_items(text: str, s: int, e: int) -> list[tuple[int, int]]:
    cuts = [s] + [m.start() for m in _ITEM_START.finditer(text, s, e) if s < m.start() < e] + [e]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        while a < b and text[a].isspace():
            a += 1
        if b > a:
            out.append((a, b))
    return out


def is_heading_text(t: str) -> bool:
    t = t.strip()
    return bool(_HEADING.match(t)) and len(t) <= 30 and not rx.search(r"\d+\s*[条件人名个]", t)


def units_of(text: str, sections: list[Section]) -> list[Unit]:
    """All statement units of a normalised report, in order, with context."""
    units: list[Unit] = []
    regions = [(s.heading_end if s.heading_end is not None else s.start, s.end, s.key) for s in sections] or [
        (0, len(text), None)
    ]
    for lo, hi, key in regions:
        if key == "preamble":
            continue
        sub = ""
        idx = 0
        for s, e in sentence_spans(text, lo, hi):
            line = text[s:e]
            if "|" in line or _TWO_HAN.search(line) is None:
                continue  # table rows, bare numbers and stray label fragments are not statements
            if key in TABLE_SECTIONS and len(line) < 40 and _CLAUSE_PUNCT.search(line) is None:
                continue  # a table label on its own line (one cell per line layouts)
            for a, b in _split_items(text, s, e):
                t = text[a:b]
                heading = is_heading_text(t) and not t.rstrip().endswith(("；", ";"))
                item = bool(_ITEM.match(t))
                units.append(Unit(a, b, t, key, sub, heading, item, idx))
                idx += 1
                # a short item (二是严格落实制度规范。) heads its explanation but is not the
                # sub-part of the section the way (二)改进措施 is
                if heading and not rx.match(r"\s*[一二三四五六七八九十]{1,2}是", t):
                    sub = t.strip().rstrip("。:：")
    return units
