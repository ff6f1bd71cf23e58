"""Features for statement classification: words, characters, and context.

Tokenisation happens here, outside any scikit-learn object, so a saved model holds
only standard estimators (skops loads it with its default trusted types, no custom
functions to trust). Context is encoded as marker tokens (SEC=…, SUBP, SUBM, ITEM …)
that the word vectoriser sees like any other token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from textmine import rx
from textmine.tokens import tokens

PROBLEM_CUE = regex.compile(
    r"问题|不足|困难|差距|短板|薄弱|欠缺|缺乏|不够|有待|滞后|亟待|还需|仍需|尚需|不到位|单一|较少"
)
MEASURE_CUE = regex.compile(r"措施|改进|下一步|下步|今后|打算|计划|整改|努力方向|工作安排|解决办法|对策|思路|展望|将")
_NUMERIC = regex.compile(r"\d+")


@dataclass
class Example:
    """One statement to classify, with the context a reader would have."""

    text: str
    section: Optional[str] = None
    subheading: str = ""
    is_heading: bool = False
    is_item: bool = False
    part: str = ""  # in 五: "problems" | "measures" (what the last heading or lead-in announced)
    list_role: str = ""  # "problems" | "measures": the enumeration it is an item of
    label: Optional[str] = None
    group: Optional[str] = None  # document id, so cross-validation never splits a report
    weight: float = 1.0  # how much it counts in training (real sentences count more)
    source: str = ""  # "real" | "synthetic" | "" (user annotations): for separate figures
    gold: Optional[str] = None  # the annotation's own label, before it became a class
    start: Optional[int] = None  # where it is in its report's normalised text, when known
    end: Optional[int] = None


def context_tokens(ex: Example) -> list[str]:
    out = [f"SEC={ex.section or 'none'}"]
    sub = ex.subheading or ""
    if sub:
        if PROBLEM_CUE.search(sub) and not MEASURE_CUE.search(sub):
            out.append("SUBP")
        elif MEASURE_CUE.search(sub) and not PROBLEM_CUE.search(sub):
            out.append("SUBM")
        elif PROBLEM_CUE.search(sub):
            out.append("SUBPM")
        out.extend(f"sub_{t}" for t in tokens(sub) if len(t) > 1)
    else:
        out.append("SUB=none")
    if ex.is_heading:
        out.append("HEAD")
    if ex.is_item:
        out.append("ITEM")
    if ex.part:
        out.append(f"PART={ex.part}")
        out.append(f"PART={ex.part}|{'HEAD' if ex.is_heading else 'ITEM' if ex.is_item else 'S'}")
    if ex.list_role:
        out.append(f"LIST={ex.list_role}")
    out.append(f"SEC={ex.section or 'none'}|{'SUBP' if 'SUBP' in out else 'SUBM' if 'SUBM' in out else 'SUB0'}")
    # the labelling functions' votes are features too: the model learns how far to trust them
    for fn, _ in _labelling_functions():
        vote = fn(ex)
        if vote:
            out.append(f"LF={fn.__name__[3:]}:{vote}")
    return out


_LFS: list = []


def _labelling_functions() -> list:
    """weak.py imports this module, so its functions are looked up on first use (once,
    not per statement)."""
    if not _LFS:
        from textmine.statements.weak import LABELLING_FUNCTIONS

        _LFS.extend(LABELLING_FUNCTIONS)
    return _LFS


def word_document(ex: Example) -> str:
    """Space-joined jieba tokens of the text plus context markers."""
    words = [("NUM" if _NUMERIC.fullmatch(t) else t) for t in tokens(ex.text) if t.strip()]
    return " ".join(context_tokens(ex) + words)


def char_document(ex: Example) -> str:
    return _NUMERIC.sub("0", rx.sub(r"\s+", "", ex.text))
