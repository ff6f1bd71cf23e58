"""Statement units: the spans that get a problem / improvement / other label.

A unit is a sentence (split after 。；;！？ or a line break), except that
- a heading such as (一)主要问题 or 二、改进措施 is its own unit;
- a list item 一是… starts a new unit even inside a sentence, so the lead-in
  (…还存在一些不足:) and each item are labelled separately.
Each unit carries its context: section key, the sub-heading it sits under, whether
it is a heading or a list item, which part of section 五 it is in (what the last heading
or lead-in announced: problems or measures), and which list the claims stage found it in
(issues_listed / improvements_listed). Context decides what a sentence means: 加强组织领导
is an achievement in 一、总体情况 and a measure under 改进措施; (三)持续优化网站栏目设置 is a
measure because the list it is in follows 针对上述问题,本机关将着力做好以下工作:.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import regex

from textmine import rx
from textmine.document import Claim, Section
from textmine.linebreaks import is_table_label
from textmine.sections import TABLE_SECTIONS
from textmine.sentences import sentence_spans

_TWO_HAN = regex.compile(r"\p{Han}[^\p{Han}]*\p{Han}")  # at least two Chinese characters
# a numbered sub-heading of a table section's prose ((二)主动公开政府信息的主要类别): a marker
# and six or more characters of words, not a table's row label
_PROSE_SUBHEADING = regex.compile(
    r"\s*(?:[(（][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}[、.])\s*(?!\d)[\p{Han}“”]{6,}"
)
_BARE_NONE = regex.compile(r"\s*(?:无|暂无|没有)\s*[。.]?\s*")  # a section answered with 无
_CLAUSE_PUNCT = regex.compile(r"[,，。;；:：]")

# list items inside a sentence: 一是… after a colon or semicolon, (一)… after a colon
_ITEM_START = regex.compile(
    r"(?<=[:：;；。])\s*(?=(?:[一二三四五六七八九十]{1,2}是|[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、](?!\d)))"
)
_ITEM = regex.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,2}是|[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、](?!\d)|[一二三四五六七八九十]{1,2}[、.])"
)
_MARKER = regex.compile(
    r"\s*(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}[、.是]|\d{1,2}[.、](?!\d)|第[一二三四五六七八九十]{1,2}[,、])"
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
    part: str = ""  # in 五: "problems" | "measures" — what the last heading or lead-in announced
    list_role: str = ""  # "problems" | "measures": the enumeration (claims stage) it is an item of

    def context(self) -> dict[str, str]:
        return {
            "section": self.section or "none",
            "subheading": self.subheading,
            "is_heading": str(self.is_heading),
            "is_item": str(self.is_item),
            "part": self.part,
            "list_role": self.list_role,
        }


# what a heading or a lead-in announces: the last cue wins (…存在一些不足,针对这些问题,将采取
# 以下措施: announces measures)
_PROBLEMS_CUE = regex.compile(r"问题|不足|困难|差距|短板|薄弱|欠缺|有待")
_MEASURES_CUE = regex.compile(
    r"措施|改进|下一步|下步|今后|打算|计划|整改|努力方向|工作安排|对策|思路|展望|将(?:从|在|重点|着力|继续|进一步|以|采取|抓好|做好)"
)
_LEAD_IN = regex.compile(r"[:：]\s*$|如下|以下|主要(?:有|是|表现在)|几个方面|几点")
_PROBLEM_SECTIONS = ("problems_improvements",)
_SHI = regex.compile(r"\s*[一二三四五六七八九十]{1,2}是")


def _announces(text: str, lead_in: bool = False) -> str:
    """What a heading or a lead-in announces. A heading names its part in its last words
    ((一)存在的主要问题, (二)改进措施; not (三)加强薄弱环节建设, a measure) and one naming both
    (存在的主要问题及改进情况) announces neither; a lead-in's last cue wins (…存在不足,将采取
    以下措施:)."""
    if not lead_in:
        p, m = _PROBLEMS_TITLE.search(text), _MEASURES_TITLE.search(text)
        if p and not _MEASURES_CUE.search(text):
            return "problems"
        if m and not _PROBLEMS_CUE.search(text):
            return "measures"
        return ""
    last_p = max((m.end() for m in _PROBLEMS_CUE.finditer(text)), default=-1)
    last_m = max((m.end() for m in _MEASURES_CUE.finditer(text)), default=-1)
    if last_p < 0 and last_m < 0:
        return ""
    return "problems" if last_p > last_m else "measures"


_PART_END = r"(?:情况|方面|分析|及原因)?\s*[:：。]?\s*$"
_PROBLEMS_TITLE = regex.compile(rf"(?:问题|不足|困难|差距|短板){_PART_END}")
_MEASURES_TITLE = regex.compile(
    rf"(?:措施|改进|计划|打算|整改|努力方向|工作安排|对策|思路|展望|下一步工作|今后工作){_PART_END}"
)


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
    """A short line that heads what follows: numbered ((一)加强组织领导。), or words with no
    sentence end (存在的主要问题). A short sentence with no marker (局党组把政务公开纳入年度
    重点工作。) is a sentence."""
    t = t.strip()
    if not _HEADING.match(t) or len(t) > 30 or rx.search(r"\d+\s*[条件人名个]", t):
        return False
    return bool(_MARKER.match(t)) or not t.endswith(("。", "."))


def units_of(text: str, sections: list[Section], claims: Sequence[Claim] = ()) -> list[Unit]:
    """All statement units of a normalised report, in order, with context. `claims`: the
    claims stage's findings, of which the enumerations of 五 say which list a unit is in."""
    units: list[Unit] = []
    lists = [
        (a, b, "problems" if c.type == "issues_listed" else "measures")
        for c in claims
        if c.type in ("issues_listed", "improvements_listed") and c.items and not c.negation
        for a, b in c.items
    ]
    regions = [(s.heading_end if s.heading_end is not None else s.start, s.end, s.key) for s in sections] or [
        (0, len(text), None)
    ]
    for (lo, hi, key), sec in zip(regions, sections or [None] * len(regions)):
        if key == "preamble":
            continue
        sub = ""
        idx = 0
        part = ""
        if sec is not None and sec.heading_end is not None and sec.heading_end > sec.start:
            # the section's own heading is a unit too (every line of 一–六 gets a statement)
            title = text[sec.start : sec.heading_end]
            if key in _PROBLEM_SECTIONS:
                part = _announces(title)
            units.append(Unit(sec.start, sec.heading_end, title, key, "", True, False, idx, part))
            idx += 1
        for s, e in sentence_spans(text, lo, hi):
            line = text[s:e]
            if "|" in line or (_TWO_HAN.search(line) is None and not _BARE_NONE.fullmatch(line)):
                continue  # table rows, bare numbers and stray label fragments are not statements
            if (
                key in TABLE_SECTIONS
                and len(line) < 40
                and _CLAUSE_PUNCT.search(line) is None
                and not (_PROSE_SUBHEADING.match(line) and not is_table_label(line))
            ):
                continue  # a table label on its own line (one cell per line layouts)
            for a, b in _split_items(text, s, e):
                t = text[a:b]
                heading = is_heading_text(t) and not t.rstrip().endswith(("；", ";"))
                item = bool(_ITEM.match(t))
                # a heading or a lead-in turns the part (an item never does: 二是对照指标补齐
                # 短板 is a measure that names a weakness, not the start of the problems)
                if key in _PROBLEM_SECTIONS and not _SHI.match(t) and (heading or _LEAD_IN.search(t)):
                    part = _announces(t, lead_in=not heading) or part
                role = next((r for x, y, r in lists if x <= a < y), "")
                units.append(
                    Unit(a, b, t, key, sub, heading, item, idx, part if key in _PROBLEM_SECTIONS else "", role)
                )
                idx += 1
                # a short item (二是严格落实制度规范。) heads its explanation but is not the
                # sub-part of the section the way (二)改进措施 is
                if heading and not rx.match(r"\s*[一二三四五六七八九十]{1,2}是", t):
                    sub = t.strip().rstrip("。:：")
    return units
