"""Fuzzy matching of row labels as scrapers leave them.

Real labels arrive with list markers (`1.`, `(三)`, `四、`), whitespace inside
(`其他法律行政法规 禁止公开`), group labels glued in front (`(三)不予公开1.属于国家秘密`),
explanatory notes behind (`部分公开(区分处理的,只计这一情形,…)`), typos
(`三类内容事务信息`), wraps over two lines and truncation. Character bigrams handle all of
these: a label matches when most of its bigrams occur in the text (or the text is a
sizeable fragment of the label), and among several matching labels the one with the most
matched bigrams wins. Very short labels (规章, 其他, 总计) only match exactly, because
their bigram occurs in too many headers and notes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

import regex

_SPACE_QUOTES = regex.compile(r"[\s\"'“”‘’「」『』?？*]+")
# list markers a label may start with; stripped repeatedly (`三、(一)予以公开`)
_MARKER = regex.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．](?!\d))"
)
# notes inside a label: 部分公开(区分处理的,只计这一情形,不计其他情形); also inner list markers
_NOTE = regex.compile(r"[(（][^()（）]*[)）]")
# prose, not a label: sentence punctuation
_PROSE = regex.compile(r"[。；;！!]")

SHORT = 3  # labels up to this many characters must match exactly
MIN_COVER = 0.6  # share of the label's bigrams the text must contain
MIN_FRAGMENT = 0.45  # ... or, when the text is a fragment of the label (truncated, wrapped)


@functools.lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    s = _SPACE_QUOTES.sub("", text)
    for _ in range(3):
        m = _MARKER.match(s)
        if not m:
            break
        s = s[m.end() :]
    if "(" in s or "（" in s:
        s = _NOTE.sub("", s)
    return s


@functools.lru_cache(maxsize=8192)
def bigrams(s: str) -> frozenset[str]:
    if len(s) < 2:
        return frozenset((s,)) if s else frozenset()
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


@dataclass(frozen=True)
class _Variant:
    text: str
    grams: frozenset[str]


class LabelSet:
    """The label variants of a sequence of rows, prepared for repeated matching."""

    def __init__(self, labels: Sequence[Iterable[str]]):
        self.variants: list[tuple[_Variant, ...]] = []
        self._memo: dict[tuple[int, str], float] = {}  # label texts repeat across reports
        for variants in labels:
            vs = []
            for v in variants:
                t = normalize_label(v)
                vs.append(_Variant(t, bigrams(t)))
            self.variants.append(tuple(vs))

    def score(self, index: int, text: str, grams: frozenset[str]) -> float:
        """How well normalised `text` matches row `index`; 0 when it does not."""
        key = (index, text)
        cached = self._memo.get(key)
        if cached is None:
            if len(self._memo) > 50000:
                self._memo.clear()
            cached = self._memo[key] = self._score(index, text, grams)
        return cached

    def _score(self, index: int, text: str, grams: frozenset[str]) -> float:
        best = 0.0
        for v in self.variants[index]:
            if len(v.text) <= SHORT:
                if text == v.text:
                    best = max(best, 2.0)
                continue
            if len(text) > 2 * len(v.text) + 12:
                continue  # a long text that merely mentions the label (prose, notes)
            hit = len(v.grams & grams)
            if hit < 2:
                continue
            cover = hit / len(v.grams)
            if cover >= MIN_COVER or (cover >= MIN_FRAGMENT and hit >= 3 and hit >= 0.9 * len(grams)):
                best = max(best, hit * cover)
        return best

    def best(
        self, text: str, candidates: Iterable[int], skip_penalty: float = 0.3, strong: bool = False
    ) -> Optional[tuple[int, float]]:
        """The best matching row among `candidates` (in expected order); rows further
        ahead pay a small penalty, so of two equal matches the nearer row wins.
        `strong`: only near-complete matches of labels longer than `SHORT` count."""
        if not text or _PROSE.search(text):
            return None
        grams = bigrams(text)
        found: Optional[tuple[int, float]] = None
        best_score = 0.0
        for n, index in enumerate(candidates):
            s = self.score(index, text, grams)
            if s <= 0:
                continue
            if strong and not self.strong(index, grams):
                continue
            s -= skip_penalty * n
            if found is None or s > best_score:
                found, best_score = (index, s), s
        return found

    def strong(self, index: int, grams: frozenset[str]) -> bool:
        return any(len(v.text) > SHORT and len(v.grams & grams) >= 0.9 * len(v.grams) for v in self.variants[index])

    def any_match(self, text: str) -> bool:
        grams = bigrams(text)
        return any(self.score(i, text, grams) > 0 for i in range(len(self.variants)))
