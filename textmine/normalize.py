"""Normalisation: one canonical text per report, with a map back to the source.

Every later stage (sections, tables, claims, statements) works on the normalised text
and reports offsets into it; `Normalized.source_span` turns such a span back into a span
of the text the reader extracted, so a reviewer can find the words in the original.

Steps, in order (each keeps the offset map exact):
1. stray markup: tags and tag fragments left by scrapers (`</span>`, `/span>`), entities,
   markdown heading marks, emphasis and table rules (pipe rows stay: they are tables);
2. injected pinyin readings after characters, `公開(kāi)` -> `公開`;
3. invisible and mojibake characters (zero-width, replacement char, box drawing, PUA);
4. web boilerplate: font-size widgets, share bars, QR-code footers, login links, counters;
5. traditional -> simplified with OpenCC, only when the text is traditional;
6. NFKC (full-width punctuation and digits to ASCII, NBSP and ideographic space to space);
7. trailing whitespace on each line;
8. paragraphs a converter hard-wrapped get their lines joined (`wraps.py`);
9. a page flattened to one line gets its line breaks back (`linebreaks.py`).
"""

from __future__ import annotations

import html
import operator
import unicodedata
from dataclasses import dataclass
from typing import Callable, Union

import regex

from textmine.lexicon import cjk_chars, opencc_converter
from textmine.linebreaks import break_positions
from textmine.wraps import join_edits


class OffsetText:
    """A string plus, for each character, the index of the source character it came from."""

    __slots__ = ("text", "offsets", "source_len")

    def __init__(self, text: str, offsets: list[int] | None = None, source_len: int | None = None):
        self.text = text
        self.offsets = list(range(len(text))) if offsets is None else offsets
        self.source_len = len(text) if source_len is None else source_len

    def sub(self, pattern: "regex.Pattern[str]", repl: Union[str, Callable[["regex.Match[str]"], str]]) -> "OffsetText":
        """Like `pattern.sub(repl, text)`; replacement characters map to the match start
        (or position by position when the replacement has the match's length)."""
        pieces: list[str] = []
        offs: list[int] = []
        last = 0
        text, old = self.text, self.offsets
        changed = False
        for m in pattern.finditer(text):
            s, e = m.span()
            r = repl(m) if callable(repl) else m.expand(repl)
            if r == m.group(0):
                continue
            changed = True
            pieces.append(text[last:s])
            offs.extend(old[last:s])
            pieces.append(r)
            if len(r) == e - s:
                offs.extend(old[s:e])
            else:
                anchor = old[s] if s < len(old) else self.source_len
                offs.extend([anchor] * len(r))
            last = e
        if not changed:
            return self
        pieces.append(text[last:])
        offs.extend(old[last:])
        return OffsetText("".join(pieces), offs, self.source_len)

    def insert(self, positions: list[int], ch: str) -> "OffsetText":
        """`ch` inserted before each of the sorted `positions`; it maps to the source
        character after it."""
        if not positions:
            return self
        pieces: list[str] = []
        offs: list[int] = []
        last = 0
        for p in positions:
            pieces.append(self.text[last:p])
            offs.extend(self.offsets[last:p])
            pieces.append(ch)
            offs.append(self.offsets[p] if p < len(self.offsets) else self.source_len)
            last = p
        pieces.append(self.text[last:])
        offs.extend(self.offsets[last:])
        return OffsetText("".join(pieces), offs, self.source_len)

    def edit(self, edits: list[tuple[int, int, str]]) -> "OffsetText":
        """Each sorted, disjoint span [start, end) replaced by its text; replacement
        characters map to the source character at the span's start."""
        if not edits:
            return self
        pieces: list[str] = []
        offs: list[int] = []
        last = 0
        for s, e, r in edits:
            pieces.append(self.text[last:s])
            offs.extend(self.offsets[last:s])
            pieces.append(r)
            offs.extend([self.offsets[s] if s < len(self.offsets) else self.source_len] * len(r))
            last = e
        pieces.append(self.text[last:])
        offs.extend(self.offsets[last:])
        return OffsetText("".join(pieces), offs, self.source_len)

    def map_chars(self, fn: Callable[[str], str]) -> "OffsetText":
        """Apply a per-character transformation that may expand or delete characters."""
        pieces: list[str] = []
        offs: list[int] = []
        for ch, o in zip(self.text, self.offsets):
            r = fn(ch)
            pieces.append(r)
            offs.extend([o] * len(r))
        return OffsetText("".join(pieces), offs, self.source_len)


@dataclass
class Normalized:
    text: str
    offsets: list[int]  # offsets[i] = index in `source` of text[i]
    source: str
    script: str  # "simplified" | "traditional"
    removed: dict[str, int]  # what each step removed, for diagnostics

    def source_index(self, i: int) -> int:
        if i >= len(self.offsets):
            return len(self.source)
        return self.offsets[max(i, 0)]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Span in the source text covering normalised text[start:end]."""
        if end <= start:
            s = self.source_index(start)
            return s, s
        return self.source_index(start), self.source_index(end - 1) + 1


# 1. markup left in text by scrapers; the seeds show `</span>` whose `<` was eaten by mojibake.
_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]{0,300})?/?>|<!--.*?-->", regex.S)
# markdown a converter (or a person) wrote: heading marks, emphasis, the rule under a
# pipe table's header (the pipe rows themselves are table text and stay)
_MD_HEADING = regex.compile(r"(?m)^[ \t]*#{1,6}[ \t]+")
_MD_EMPHASIS = regex.compile(r"\*\*|__")
_MD_TABLE_RULE = regex.compile(r"(?m)^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*\n?")
_ORPHAN_TAG = regex.compile(r"(?<![\w<])/(?:span|p|div|font|strong|b|i|u|a|td|tr|table|br|em|section|li)>")
_ENTITY = regex.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")

# 2. a reading in parentheses right after a Han character: at least one tone-marked vowel,
# so real parenthesised Latin text such as (PDF) or (http://...) is never touched.
_PINYIN = regex.compile(r"(?<=\p{Han})[(（]\s*[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*\s*[)）]")

# 3. characters that carry no text
_INVISIBLE = regex.compile(r"[\u200b-\u200f\u2060\ufeff\ufffd\u2500-\u257f\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# 4. web boilerplate. Whole lines only when the line is short (real prose is long), and
# the font-size widget as a prefix because pages glue it to the first paragraph
# (`大 中 小本报告根据…`).
_BOILER_LINE = regex.compile(
    r"(?m)^[ \t\u3000\xa0]*(?:"
    r"字号[:：]?\s*(?:[【\[]?\s*[大中小]\s*[】\]]?\s*){0,3}"
    r"|(?:分享到|分享至)[:：]?[^\n]{0,40}"
    r"|扫(?:码|一扫)[^\n]{0,30}"
    r"|(?:登录|登陆)\s*(?:\|\s*)?注册"
    r"|点击(?:数|量|率)[:：]?[^\n]{0,20}"
    r"|(?:浏览|阅读|访问)(?:次数|量)[:：]?[^\n]{0,20}"
    r"|[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部|加入收藏|设为首页)\s*[】\]]?(?:\s+[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部)\s*[】\]]?)*"
    r"|当前位置[:：][^\n]{0,80}"
    r"|(?:首页|主页|网站首页)\s*[>»›/][^\n]{0,80}"
    r"|(?:无障碍|长者模式|关怀版|繁体|简体|English)(?:\s*[|/]\s*(?:无障碍|长者模式|关怀版|繁体|简体|English))*"
    r"|Page\s*\d+|P\.\s*\d+|第\s*\d+\s*页(?:\s*/?\s*共\s*\d+\s*页)?"
    r")[ \t\u3000\xa0]*$"
)
_FONT_PREFIX = regex.compile(
    r"(?m)^[ \t\u3000\xa0]*(?:字号[:：]?\s*)?[【\[]?大[】\]]?[ \t\xa0]+[【\[]?中[】\]]?[ \t\xa0]+[【\[]?小[】\]]?[ \t\xa0]*"  # noqa: E501
)

_CR = regex.compile(r"\r\n?")
_TRAILING_WS = regex.compile(r"[ \t\u3000\xa0]+(?=\n|$)")


def detect_script(text: str, sample: int = 20000) -> str:
    """`traditional` when a noticeable share of Han characters change under t2s.

    Simplified text changes almost nowhere (a handful of characters are shared);
    traditional text changes in roughly a quarter of its characters.
    """
    chunk = cjk_chars(text[:sample])
    if not chunk:
        return "simplified"
    try:
        converted = opencc_converter("t2s").convert(chunk)
    except Exception:
        return "simplified"
    if len(converted) != len(chunk):
        return "traditional"
    changed = sum(map(operator.ne, chunk, converted))
    return "traditional" if changed / len(chunk) > 0.03 else "simplified"


def _t2s(ot: OffsetText) -> OffsetText:
    conv = opencc_converter("t2s")
    out = conv.convert(ot.text)
    if len(out) == len(ot.text):
        return OffsetText(out, ot.offsets, ot.source_len)
    # A phrase changed length somewhere: convert line by line, and a line whose length
    # still changes character by character, so the offset map stays exact.
    pieces: list[str] = []
    pos = 0
    for line in ot.text.split("\n"):
        conv_line = conv.convert(line)
        if len(conv_line) != len(line):
            conv_line = "".join(conv.convert(c) if len(conv.convert(c)) == 1 else c for c in line)
        pieces.append(conv_line)
        pos += len(line) + 1
    return OffsetText("\n".join(pieces), ot.offsets, ot.source_len)


def _nfkc_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def normalize(source: str) -> Normalized:
    """Normalise extracted report text (see module docstring)."""
    removed: dict[str, int] = {}
    ot = OffsetText(source)
    if "\r" in source:
        ot = ot.sub(_CR, "\n")

    def step(name: str, pattern: "regex.Pattern[str]", repl: Union[str, Callable] = "") -> None:
        nonlocal ot
        before = len(ot.text)
        ot = ot.sub(pattern, repl)
        if before != len(ot.text):
            removed[name] = removed.get(name, 0) + before - len(ot.text)

    step("markup", _TAG)
    step("markup", _ORPHAN_TAG)
    step("markdown", _MD_HEADING)
    step("markdown", _MD_EMPHASIS)
    step("markdown", _MD_TABLE_RULE)
    step("entities", _ENTITY, lambda m: html.unescape(m.group(0)))
    step("pinyin", _PINYIN)
    step("invisible", _INVISIBLE)
    script = detect_script(ot.text)
    if script == "traditional":
        ot = _t2s(ot)
    if not unicodedata.is_normalized("NFKC", ot.text):
        ot = ot.map_chars(_nfkc_char)
    step("boilerplate", _FONT_PREFIX)
    step("boilerplate", _BOILER_LINE)
    step("whitespace", _TRAILING_WS)
    joins = join_edits(ot.text)
    if joins:
        removed["wraps"] = len(joins)
        ot = ot.edit(joins)
    ot = ot.insert(break_positions(ot.text), "\n")
    return Normalized(text=ot.text, offsets=ot.offsets, source=source, script=script, removed=removed)
