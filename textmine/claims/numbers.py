"""Number expressions in report prose: found with regex, read by `textmine.numerals`.

We never run a converter over whole sentences (cn2an.transform turns 进一步 into 进1步
and loses offsets); we find each numeral span ourselves and convert only that span.
A `Quantity` keeps the span, the numeric value, the qualifier and the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

import regex

from textmine import rx
from textmine.numerals import _AR_NUM, parse_number

# Count units seen in reports (longest first so 人次 wins over 人, 万元 over 元).
COUNT_UNITS = [
    "人次",
    "万人次",
    "大项",
    "小项",
    "余人次",
    "条次",
    "件次",
    "批次",
    "万元",
    "亿元",
    "千元",
    "元",
    "条",
    "件",
    "则",
    "篇",
    "项",
    "个",
    "份",
    "宗",
    "期",
    "场",
    "次",
    "人",
    "名",
    "位",
    "家",
    "户",
    "册",
    "块",
    "起",
    "批",
    "封",
    "本",
    "张",
    "部",
    "处",
    "所",
    "座",
    "轮",
    "台",
    "笔",
    "套",
    "通",
]
_UNIT_ALT = "|".join(sorted({u for u in COUNT_UNITS if not u.startswith(("万人", "余"))}, key=len, reverse=True))

_CN_DIGIT = "零〇一二两三四五六七八九"
_CN_NUM = rf"(?:[{_CN_DIGIT}十百千万亿]+)"
PRE_QUALIFIERS = ("约", "近", "将近", "接近", "大约", "超过", "逾", "≈", "不足", "不到", "达", "共计", "共")
POST_QUALIFIERS = ("余", "多", "左右", "以上", "以内", "上下")
_APPROX_PRE = {"约", "近", "将近", "接近", "大约", "超过", "逾", "≈", "不足", "不到"}

NUMBER_RE = regex.compile(
    rf"(?P<pre>≈|约|大约|近|将近|接近|超过|逾|不足|不到)?\s*"
    rf"(?P<num>{_AR_NUM}(?:\s*[万亿千])?|{_CN_NUM})"
    rf"(?P<post>余|多)?"
    rf"(?P<mult>[万亿](?={_UNIT_ALT}))?"
    rf"(?:\s*(?P<unit>{_UNIT_ALT}))?"
    rf"(?P<post2>余|多|左右|以上|以内)?"
)


@dataclass
class Quantity:
    start: int  # span of the whole expression (qualifiers and unit included)
    end: int
    num_start: int
    num_end: int
    raw: str
    value: float
    unit: Optional[str]
    qualifier: Optional[str]
    approx: bool
    chinese: bool

    @property
    def low(self) -> float:
        if self.qualifier in ("余", "多", "以上", "超过", "逾"):
            return self.value
        if self.qualifier in ("不足", "不到", "以内"):
            return 0.0
        if self.qualifier in ("约", "大约", "左右", "近", "将近", "接近", "≈", "上下"):
            return self.value * 0.9 if self.qualifier not in ("近", "将近", "接近") else self.value * 0.9
        return self.value

    @property
    def high(self) -> float:
        if self.qualifier in ("余", "多"):
            # 120余 is 120..129, 1000余 is 1000..1999: the next unit of the last non-zero digit
            return self.value + _step(self.value) - 1 if self.value else self.value
        if self.qualifier in ("以上", "超过", "逾"):
            return float("inf")
        if self.qualifier in ("不足", "不到", "以内", "近", "将近", "接近"):
            return self.value
        if self.qualifier in ("约", "大约", "左右", "≈", "上下"):
            return self.value * 1.1
        return self.value


def _step(v: float) -> float:
    """The place value of the last significant digit: 120 -> 10, 100 -> 100, 3 -> 1."""
    if v <= 0 or v != int(v):
        return 1.0
    v = int(v)
    step = 1
    while v % (step * 10) == 0:
        step *= 10
    return float(step)


def iter_quantities(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[Quantity]:
    for m in NUMBER_RE.finditer(text, start, len(text) if end is None else end):
        num = m.group("num")
        if not num:
            continue
        chinese = not any(c.isdigit() for c in num)
        value = parse_number(num)
        if value is None:
            continue
        unit = m.group("unit")
        if m.group("mult"):  # 120余万次: the multiplier comes after the qualifier
            value *= 1e4 if m.group("mult") == "万" else 1e8
        if unit is None and rx.match(r"\s*[万亿]", text[m.end("num") : m.end("num") + 2] or ""):
            continue
        # amounts: 739万元 keeps its unit (万元) and its written value 739
        if num[-1] in "万亿千" and unit == "元" and not chinese:
            unit = num[-1] + "元"
            value = parse_number(num[:-1].strip()) or value
        if unit == "通" and text[m.end() : m.end() + 1] in ("过", "知", "报", "道", "畅"):
            unit = None  # 12通过网上…: the verb 通过, not calls counted in 通
        qualifier = m.group("pre") or m.group("post") or m.group("post2")
        approx = bool(qualifier)
        yield Quantity(
            start=m.start(),
            end=m.end(),
            num_start=m.start("num"),
            num_end=m.end("num"),
            raw=m.group(0),
            value=value,
            unit=unit,
            qualifier=qualifier,
            approx=approx,
            chinese=chinese,
        )
