"""Segment a normalised report into its mandated sections.

Headings are found only at line starts (an introduction often lists every section
title in one sentence) and must form an increasing sequence of numerals, so rows of
table 3 that begin with 一、…四、 are never taken for headings. A heading's key comes
from its wording (`SECTION_PATTERNS`, data not code); when spam or a mirror has
replaced the wording, the position in the mandated outline decides.

Three heading styles are tried in order: Chinese numerals (一、), Arabic numerals
(1、), bare title lines. The first style that yields at least two headings wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from textmine import rx
from textmine.document import Section
from textmine.numerals import ordinal

# Key -> pattern over the heading title (whitespace removed). Order matters: the first
# match wins, so "因政府信息公开申请提起行政复议" is review_litigation, not applications.
SECTION_PATTERNS: list[tuple[str, str]] = [
    ("review_litigation", r"复议|诉讼|申诉"),
    ("problems_improvements", r"问题|改进|不足|工作打算|下[一步]?步(?:工作|打算)|整改|努力方向|工作计划|改进措施|困难"),
    ("other_matters", r"(?:其他|其它).{0,8}(?:事项|说明|情况)|需要(?:报告|说明|汇报)的?事项"),
    ("fees", r"收费|减免|费用"),
    ("consultations", r"咨询"),
    ("applications", r"依申请|(?:收到|处理|受理|办理|答复).{0,12}申请|申请(?:公开)?(?:的)?(?:情况|处理)|申请公开"),
    ("active_disclosure", r"主动公开|信息公开(?:的)?(?:主要)?(?:内容|情况)$"),
    ("overview", r"总体情况|概述|概况|基本情况|总体工作|综述|工作情况$"),
]
_COMPILED = [(k, regex.compile(p)) for k, p in SECTION_PATTERNS]

# Keys that may occur more than once (problems and measures split into two sections;
# several extra sections after 六).
REPEATABLE = {"problems_improvements", "extra"}

# The mandated outline since 2019, used when a heading's wording was replaced.
MANDATED_ORDER = [
    "overview",
    "active_disclosure",
    "applications",
    "review_litigation",
    "problems_improvements",
    "other_matters",
]
MANDATED_KEYS = set(MANDATED_ORDER)
# The sections that hold tables 2, 3 and 4, in the order they appear (and are output).
TABLE_SECTIONS = ("active_disclosure", "applications", "review_litigation")
LEGACY_KEYS = {"fees", "consultations"}
# what a reader calls each section (the mandated headings, shortened)
SECTION_NAMES = {
    "preamble": "前言",
    "overview": "一、总体情况",
    "active_disclosure": "二、主动公开",
    "applications": "三、依申请公开",
    "review_litigation": "四、复议诉讼",
    "problems_improvements": "五、问题及改进",
    "other_matters": "六、其他事项",
    "fees": "收费及减免",
    "consultations": "咨询",
    "extra": "其他部分",
}
_LEGACY_WORDING = regex.compile(r"^(?:概述|概况)$|依申请公开政府信息(?:的)?情况|收费及减免|减免情况")

_CN_HEADING = regex.compile(r"^[ \t]*(?P<num>[一二三四五六七八九十]{1,3})[ \t]*[、.,:：][ \t]*(?P<rest>\S.*)$")
_PART_HEADING = regex.compile(r"^[ \t]*第(?P<num>[一二三四五六七八九十]{1,3})部分[ \t]*[、.,:：]?[ \t]*(?P<rest>\S.*)$")
_AR_HEADING = regex.compile(r"^[ \t]*(?P<num>\d{1,2})[ \t]*[、.][ \t]*(?P<rest>\p{Han}.*)$")
_BARE_HEADING = regex.compile(r"^[ \t]*(?P<rest>\p{Han}[^\n]{1,28})$")
_TITLE_END = regex.compile(r"[。:;!?]")
_TABLE_VALUE_LINE = regex.compile(r"^[\s|≈约余万元0-9.,%-]*\d[\s|≈约余万元0-9.,%-]*$")
_TRAILING_VALUES = regex.compile(r"[\s\p{Han}](?:\d+\s*){1,}$")


def classify_title(title: str) -> Optional[str]:
    t = rx.sub(r"\s+", "", title)
    for key, pat in _COMPILED:
        if pat.search(t):
            return key
    return None


@dataclass
class _Candidate:
    start: int  # offset of the line start
    heading_end: int  # offset where the heading text ends
    line_end: int
    number: Optional[str]
    value: Optional[int]
    title: str
    key: Optional[str]
    heading_like: bool


def _split_title(rest: str) -> tuple[str, bool]:
    """Title of a heading line and whether the line is only a heading.

    `一、总体情况。2020年，我局…` has its text on the heading line; the title ends at
    the first sentence mark."""
    m = _TITLE_END.search(rest)
    title = rest[: m.start()] if m else rest
    only_heading = m is None or not rest[m.end() :].strip()
    if len(title) > 40:
        cut = rx.search(r"[,，]", title)
        if cut:
            title, only_heading = title[: cut.start()], False
    return title.strip(), only_heading and len(title) <= 40


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _next_nonblank(lines: list[tuple[int, str]], i: int) -> str:
    for _, line in lines[i + 1 : i + 4]:
        if line.strip():
            return line.strip()
    return ""


def _candidates(text: str, pattern: "regex.Pattern[str]") -> list[_Candidate]:
    lines = list(_lines(text))
    out: list[_Candidate] = []
    for i, (pos, line) in enumerate(lines):
        m = pattern.match(line)
        if not m:
            continue
        rest = m.group("rest")
        title, only_heading = _split_title(rest)
        if not title:
            continue
        # a table row label: values follow on the same line, or (for wording that is not a
        # section title) the next line is a lone value, as in one-cell-per-line tables
        if "|" in rest or _TRAILING_VALUES.search(rest):
            continue
        key = classify_title(title)
        if key is None and _TABLE_VALUE_LINE.match(_next_nonblank(lines, i) or "x"):
            continue
        num = m.groupdict().get("num")
        value = ordinal(num) if num else None
        heading_start = pos + (len(line) - len(line.lstrip()))
        out.append(
            _Candidate(
                start=heading_start,
                heading_end=pos + m.start("rest") + len(title),
                line_end=pos + len(line),
                number=num,
                value=value,
                title=title,
                key=key,
                heading_like=only_heading or len(title) <= 25,
            )
        )
    return out


def _select(cands: list[_Candidate], numbered: bool) -> list[tuple[_Candidate, str]]:
    """Pick the headings: numerals increase, keys are not reused, unknown wording only
    where the outline position makes it a heading."""
    chosen: list[tuple[_Candidate, str]] = []
    used: set[str] = set()
    last_value = 0
    for c in cands:
        if numbered and (c.value is None or c.value <= last_value):
            continue
        key = c.key
        last_key = chosen[-1][1] if chosen else None
        if key is not None and key in used and key not in REPEATABLE:
            # A second "主动公开…" heading is a subsection title, unless position says otherwise
            key = None
        if key is None:
            if not c.heading_like:
                continue
            if numbered and c.value is not None and c.value == last_value + 1:
                positional = _positional_key(c.value, chosen)
                if positional is not None and positional not in used:
                    key = positional
                elif (
                    last_key in ("other_matters", "extra")
                    or c.value >= 7
                    or (last_key in LEGACY_KEYS | {"problems_improvements"} and c.value > 6)
                ):
                    key = "extra"
                elif chosen and any(k in LEGACY_KEYS for _, k in chosen):
                    key = "extra"
            if key is None:
                continue
        if not numbered and key == "extra":
            continue
        chosen.append((c, key))
        used.add(key)
        if c.value is not None:
            last_value = c.value
    return chosen


def _agreeing(chosen: list[tuple[_Candidate, str]]) -> int:
    """How many chosen headings say in their own words what section they open."""
    return sum(1 for c, k in chosen if c.key == k)


def _select_by_wording(cands: list[_Candidate]) -> list[tuple[_Candidate, str]]:
    """Headings chosen by their words alone, in the mandated order, numbering free to
    restart: for reports that put their narrative first (一…六 of their own) and the
    mandated parts with the tables after it, numbered anew (一、主动公开… 二、收到和处理…).
    Among equally long choices, a heading worded as the mandated title wins over one that
    only shares its key words (主动公开政府信息情况 over 主动公开工作情况). Headings of other
    wording inside are parts of the section before them."""
    order = {k: i for i, k in enumerate(MANDATED_ORDER)}
    known = [c for c in cands if c.key in order and c.heading_like]
    rank = [order[c.key or ""] for c in known]
    # best[i] = (score, previous index) of the best chain ending at known[i]
    best: list[tuple[tuple[int, int], int]] = []
    for i, c in enumerate(known):
        score, prev = (1, _canonical(c)), -1
        for j in range(i):
            if rank[j] < rank[i]:
                cand = (best[j][0][0] + 1, best[j][0][1] + _canonical(c))
                if cand > score:
                    score, prev = cand, j
        best.append((score, prev))
    if not best:
        return []
    i = max(range(len(best)), key=lambda k: best[k][0])
    chain: list[tuple[_Candidate, str]] = []
    while i >= 0:
        chain.append((known[i], known[i].key or ""))
        i = best[i][1]
    return chain[::-1]


# the mandated titles, as the 2019 and 2021 formats print them
_CANONICAL_TITLES = {
    "overview": "总体情况",
    "active_disclosure": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
    "problems_improvements": "存在的主要问题及改进情况",
    "other_matters": "其他需要报告的事项",
}


def _canonical(c: _Candidate) -> int:
    return int(_CANONICAL_TITLES.get(c.key or "", "\0") in rx.sub(r"\s+", "", c.title))


def _positional_key(value: int, chosen: list[tuple[_Candidate, str]]) -> Optional[str]:
    """In the mandated outline, heading n is MANDATED_ORDER[n-1] when the headings so far
    agree with the outline (so a heading whose words a spam mirror replaced still counts)."""
    if not 1 <= value <= len(MANDATED_ORDER):
        return None
    for c, k in chosen:
        if c.value is None or c.value > len(MANDATED_ORDER) or MANDATED_ORDER[c.value - 1] != k:
            return None
    return MANDATED_ORDER[value - 1]


_PROBLEMS_SUBHEADING = regex.compile(
    r"^[ \t]*(?P<num>[(（][一1][)）]|1[、.])?[ \t]*"
    r"(?P<rest>(?:存在的|存在)?(?:主要)?(?:问题|不足)(?:和|及|与)?(?:改进|不足)?(?:情况|措施)?)[ \t]*$"
)


def _recover_problems(text: str, chosen: list[tuple[_Candidate, str]]) -> list[tuple[_Candidate, str]]:
    """A converter may drop the heading 五、存在的主要问题及改进情况 and keep its parts
    ((一)主要问题 ⏎ … (二)改进情况): when the outline goes from the review section straight
    to 其他需要报告的事项, the first such part line inside the section before starts it."""
    keys = [k for _, k in chosen]
    if "problems_improvements" in keys or "other_matters" not in keys:
        return chosen
    i = keys.index("other_matters")
    if i == 0 or keys[i - 1] not in TABLE_SECTIONS:
        return chosen
    lo, hi = chosen[i - 1][0].line_end, chosen[i][0].start
    for pos, line in _lines(text[lo:hi]):
        m = _PROBLEMS_SUBHEADING.match(line)
        if m:
            start = lo + pos + (len(line) - len(line.lstrip()))
            c = _Candidate(
                start,
                lo + pos + len(line.rstrip()),
                lo + pos + len(line),
                None,
                None,
                m.group("rest"),
                "problems_improvements",
                True,
            )
            return chosen[:i] + [(c, "problems_improvements")] + chosen[i:]
    return chosen


def segment(text: str) -> list[Section]:
    """Sections of a normalised report, in order, covering the text from the first heading.

    Text before the first heading becomes a `preamble` section when it is not blank.
    Sections a report lacks are simply absent.
    """
    best: list[tuple[_Candidate, str]] = []
    for pattern, numbered in ((_CN_HEADING, True), (_PART_HEADING, True), (_AR_HEADING, True), (_BARE_HEADING, False)):
        cands = _candidates(text, pattern)
        if not numbered:
            # bare lines count only when the whole line is a known title
            cands = [c for c in cands if c.key is not None and c.heading_like and len(c.title) <= 25]
        chosen = _select(cands, numbered)
        if numbered:
            by_wording = _select_by_wording(cands)
            if _agreeing(by_wording) > _agreeing(chosen):
                chosen = by_wording
        known = sum(1 for _, k in chosen if k != "extra")
        if known >= 2:
            best = chosen
            break
        if known > sum(1 for _, k in best if k != "extra"):
            best = chosen
    best = _recover_problems(text, best)
    sections: list[Section] = []
    if best and text[: best[0][0].start].strip():
        sections.append(Section(key="preamble", number=None, title="", start=0, end=best[0][0].start, heading_end=0))
    for i, (c, key) in enumerate(best):
        end = best[i + 1][0].start if i + 1 < len(best) else len(text)
        sections.append(
            Section(key=key, number=c.number, title=c.title, start=c.start, end=end, heading_end=c.heading_end)
        )
    return sections


def outline_of(sections: list[Section]) -> Optional[str]:
    """ "2019" for the mandated six-part outline, "legacy" for pre-2019 outlines."""
    keys = {s.key for s in sections}
    if keys & LEGACY_KEYS or any(_LEGACY_WORDING.search(rx.sub(r"\s+", "", s.title)) for s in sections):
        return "legacy"
    if len(keys & MANDATED_KEYS) >= 4:
        return "2019"
    return None
