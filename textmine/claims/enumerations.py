"""Enumerated problems and measures in section 五: 一是…二是…, (一)(二)…, 1. 2. …

A run is a sequence of markers of one style numbered 1, 2, 3… A run whose items
contain other runs is the sub-heading level ((一)主要问题 / (二)改进措施) and lists
nothing itself. Whether a run lists problems or measures is read from the words just
before it: the last cue wins (…还存在一些不足:一是… / 下一步,将重点开展以下三点工作:一是…).

A run may be numbered wrongly — a number skipped or written twice (一是…三是…三是…): it is
still the list it is, and its claim keeps the ordinals as written (`ordinals`) so that
the checks can say so. A section that answers 无 / 本年度未发现问题 states no problem at
all: an `issues_listed` claim of 0, by negation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

from textmine.document import Claim, Section
from textmine.numerals import ordinal

MARKER_STYLES = {
    "shi": regex.compile(r"(?:(?<=^|[\s。;；:：,，!！?？])|^)(?P<n>[一二三四五六七八九十]{1,2})是"),
    "paren": regex.compile(r"(?:(?<=^|[\s。;；:：])|^)[(（](?P<n>[一二三四五六七八九十]{1,2})[)）]"),
    "arabic": regex.compile(r"(?m)^[ \t]*(?P<n>\d{1,2})[.、．](?!\d)"),
    "arabic_paren": regex.compile(r"(?:(?<=^|[\s。;；:：])|^)[(（](?P<n>\d{1,2})[)）]"),
}

PROBLEM_CUES = regex.compile(r"问题|不足|困难|差距|短板|薄弱|欠缺|缺乏|不够|有待|滞后")
MEASURE_CUES = regex.compile(
    r"措施|改进|下一步|下步|今后|打算|计划|整改|努力方向|将(?:从|在|重点|着力|继续|进一步|以)|工作安排|解决办法|对策"
)


@dataclass
class Run:
    style: str
    starts: list[int]  # marker positions
    end: int
    ordinals: list[int] = field(default_factory=list)  # as written: [1, 3, 3] when mis-numbered


def _runs(text: str, lo: int, hi: int) -> list[Run]:
    runs: list[Run] = []
    for style, pat in MARKER_STYLES.items():
        current: list[int] = []
        numbers: list[int] = []
        for m in pat.finditer(text, lo, hi):
            n = ordinal(m.group("n"))
            if n is None:
                continue
            expected = len(current) + 1
            # the next number, or a slip in the same line: one skipped (1, 3) or one
            # written again (3, 3)
            slip = current and n in (expected + 1, numbers[-1]) and n != 1 and "\n" not in text[current[-1] : m.start()]
            if current and (n == expected or slip):
                current.append(m.start())
                numbers.append(n)
            elif n == 1:
                if len(current) >= 2:
                    runs.append(Run(style, current, m.start(), numbers))
                current, numbers = [m.start()], [1]
        if len(current) >= 2:
            runs.append(Run(style, current, hi, numbers))
    runs.sort(key=lambda r: r.starts[0])
    # a run ends where the next run at its level starts
    for i, r in enumerate(runs):
        later = [o.starts[0] for o in runs[i + 1 :] if o.style == r.style]
        if later:
            r.end = min(r.end, later[0])
    return runs


def _role(text: str, lo: int, pos: int) -> Optional[str]:
    window = text[max(lo, pos - 80) : pos]
    last_problem = max((m.end() for m in PROBLEM_CUES.finditer(window)), default=-1)
    last_measure = max((m.end() for m in MEASURE_CUES.finditer(window)), default=-1)
    if last_problem < 0 and last_measure < 0:
        return None
    return "issues_listed" if last_problem > last_measure else "improvements_listed"


def _title_role(title: str) -> Optional[str]:
    """A list that opens its section's body takes its role from the heading, when the
    heading names one kind only: old reports split 五、存在问题 and 六、改进措施 into two
    sections whose bodies start at 一是…; 存在的主要问题及改进情况 names both and decides nothing."""
    problem, measure = PROBLEM_CUES.search(title), MEASURE_CUES.search(title)
    if problem and not measure:
        return "issues_listed"
    if measure and not problem:
        return "improvements_listed"
    return None


def enumeration_claims(text: str, section: Section) -> list[Claim]:
    lo, hi = section.heading_end or section.start, section.end
    runs = _runs(text, lo, hi)
    items_level = []
    for r in runs:
        nested = any(o is not r and r.starts[0] < o.starts[0] < r.end for o in runs)
        if not nested:
            items_level.append(r)
    out: list[Claim] = []
    done: set[str] = set()
    for r in items_level:
        role = _role(text, lo, r.starts[0]) or _title_role(section.title or "")
        if role is None:
            continue
        items = [
            (s, (r.starts[i + 1] if i + 1 < len(r.starts) else _item_end(text, s, r.end)))
            for i, s in enumerate(r.starts)
        ]
        first_end = items[0][1]
        out.append(
            Claim(
                role,
                float(len(r.starts)),
                text[r.starts[0] : first_end].strip(),
                r.starts[0],
                items[-1][1],
                section.key,
                unit="项",
                items=[(a, b) for a, b in items],
                style=r.style,
                repeat=role in done,
                # kept only when they are not 1, 2, 3…: what the numbering check reads
                ordinals=list(r.ordinals) if r.ordinals != list(range(1, len(r.ordinals) + 1)) else None,
            )
        )
        done.add(role)
    if not any(c.type == "issues_listed" for c in out):
        out += _none_stated(text, section, lo, hi)
    return out


# 五、存在的主要问题及改进情况 ⏎ 无。 / 本年度未发现问题。/ 暂无。
_NONE_STATED = regex.compile(
    r"\s*(?:经(?:自查|梳理|检查)[,，]?\s*)?(?:本年度|本年|今年|全年|\d{4}\s*年度?)?[,，]?\s*(?:我\p{Han}{1,2}|本\p{Han}{1,2})?"
    r"(?:暂|均|尚)?(?P<none>无|没有|未发现|未发生|不存在)(?:明显|突出|重大|相关|存在的|需要报告的)?(?:的)?"
    r"(?:问题|不足|情况)?\s*(?:[。.;；]|$)"
)


def _none_stated(text: str, section: Section, lo: int, hi: int) -> list[Claim]:
    """The section's body opens by saying there is no problem."""
    m = _NONE_STATED.match(text, lo, hi)
    if m is None:
        return []
    return [
        Claim(
            "issues_listed",
            0.0,
            text[m.start() : m.end()].strip(),
            m.start("none"),
            m.end(),
            section.key,
            unit="项",
            negation=True,
        )
    ]


def _item_end(text: str, start: int, hi: int) -> int:
    """The last item of a run ends at its paragraph end (or where a lead-in to another list starts)."""
    nl = text.find("\n", start, hi)
    return nl if nl != -1 else hi
