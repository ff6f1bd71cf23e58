"""Weak labels for users with no annotations yet: labelling functions over units.

Each function votes problem / improvement / other or abstains; the label is the
majority of non-abstaining votes, with the sub-heading vote counted twice (under
五's 存在的问题 a sentence is almost always a problem). Used by `textmine train --weak`
and as the classifier of last resort when no model is installed.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Optional

import regex

from textmine import rx
from textmine.statements.features import MEASURE_CUE, PROBLEM_CUE, Example

_DEFICIT = regex.compile(
    r"有待|不够|亟待|还需|仍需|尚需|滞后|薄弱|不足|缺乏|不到位|不主动|不及时|不高|较少|单一|"
    r"差距|短板|不全面|不规范|不平衡|不深入|不强|欠缺|偏低|偏少|不完善"
)
_PLAN = regex.compile(
    r"^(?:[一二三四五六七八九十]{1,2}是)?(?:下一步|今后|下步|明年|20\d\d年)|将(?:进一步|继续|持续|着力|重点|加强|加大|从|以|在)|"
    r"^(?:[一二三四五六七八九十]{1,2}是)?(?:进一步|持续|继续|着力|切实|不断)?(?:加强|加大|完善|提升|提高|强化|健全|规范|深化|拓展|优化|推进|建立)"
)
_CONCESSION = regex.compile(
    r"虽然.*但|但[^,，。;；]{0,24}?(?:仍|也|还|尚)(?:需|有|存在|不|待)|仍存在|还存在|存在(?:以下|一些|几点)?(?:问题|不足)"
)
# a concession that names the deficiency (…但在发布形式方面还需完善), not a bare lead-in
_NAMED_CONCESSION = regex.compile(r"但[^,，。;；:：]{0,6}在[^,，。;；:：]{2,30}方面[^,，。;；:：]{0,6}(?:还|仍|尚)")
_NEGATED = regex.compile(r"未(?:发生|出现|发现)|没有(?:发生|出现|发现)|不存在")
_LEADIN_ONLY = regex.compile(r"(?:问题|不足|措施|工作)(?:如下|主要有|主要表现在)?[:：]\s*$")

LF = Callable[[Example], Optional[str]]


def lf_subheading(ex: Example) -> Optional[str]:
    if ex.section != "problems_improvements" or ex.is_heading:
        return None
    sub = ex.subheading
    if sub and PROBLEM_CUE.search(sub) and not MEASURE_CUE.search(sub):
        return "problem"
    if sub and MEASURE_CUE.search(sub) and not PROBLEM_CUE.search(sub):
        return "improvement"
    return None


def lf_heading(ex: Example) -> Optional[str]:
    return "other" if ex.is_heading and not rx.match(r"\s*[一二三四五六七八九十]{1,2}是", ex.text) else None


def lf_deficit(ex: Example) -> Optional[str]:
    if _NEGATED.search(ex.text):
        return None
    return "problem" if _DEFICIT.search(ex.text) else None


def lf_concession(ex: Example) -> Optional[str]:
    if _NEGATED.search(ex.text) or not _CONCESSION.search(ex.text):
        return None
    return "problem" if _NAMED_CONCESSION.search(ex.text) or _DEFICIT.search(ex.text) else None


def lf_plan(ex: Example) -> Optional[str]:
    if ex.section in ("overview", "active_disclosure") and not rx.search(r"下一步|今后|将", ex.text):
        return None  # 加强组织领导 in 一 is an achievement
    return "improvement" if _PLAN.search(ex.text) else None


def lf_outside_five(ex: Example) -> Optional[str]:
    if ex.section in ("problems_improvements",):
        return None
    return "other" if not _DEFICIT.search(ex.text) and not rx.search(r"下一步|今后", ex.text) else None


def lf_leadin(ex: Example) -> Optional[str]:
    return "other" if _LEADIN_ONLY.search(ex.text) and not rx.search(r"[一二三四五六七八九十]是", ex.text) else None


LABELLING_FUNCTIONS: list[tuple[LF, int]] = [
    (lf_subheading, 2),
    (lf_heading, 3),
    (lf_leadin, 3),
    (lf_deficit, 1),
    (lf_concession, 1),
    (lf_plan, 1),
    (lf_outside_five, 1),
]


def weak_label(ex: Example) -> tuple[str, float]:
    """(label, confidence in [0, 1]); `other` with low confidence when every function abstains."""
    votes: Counter[str] = Counter()
    for fn, weight in LABELLING_FUNCTIONS:
        v = fn(ex)
        if v:
            votes[v] += weight
    if not votes:
        return "other", 0.34
    label, n = votes.most_common(1)[0]
    return label, n / sum(votes.values())
