"""Reading numerals: Arabic (with thousands separators, 万/亿/千, any script's digits)
and Chinese (cn2an, span by span), the one reader every stage uses.

We never run a converter over whole sentences (cn2an.transform turns 进一步 into 进1步
and loses offsets): callers find each numeral span and convert only that span.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from typing import Optional

from textmine import rx

_AR_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


@functools.lru_cache(maxsize=4096)
def parse_number(s: str) -> Optional[float]:
    """'1,234' -> 1234; '3.5万' -> 35000; '一百二十' -> 120; '两' -> 2; nonsense -> None."""
    s = s.replace(" ", "")
    if not s:
        return None
    return _plausible(_parse(s))


# No count a report states comes near this (amounts in 元 stay far below); a longer digit
# run is garbage and would overflow floats and database columns downstream.
MAX_VALUE = 1e13


def _plausible(v: Optional[float]) -> Optional[float]:
    return v if v is not None and math.isfinite(v) and abs(v) <= MAX_VALUE else None


def _ascii_digits(s: str) -> Optional[str]:
    """`\\d` matches every script's digits; float() reads only some of them."""
    if s.isascii():
        return s
    try:
        return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in s)
    except ValueError:
        return None


def _parse(s: str) -> Optional[float]:
    try:
        if rx.fullmatch(_AR_NUM, s):
            ascii_s = _ascii_digits(s.replace(",", ""))
            return float(ascii_s) if ascii_s is not None else None
        m = rx.fullmatch(rf"({_AR_NUM})([万亿千])", s)
        if m:
            ascii_s = _ascii_digits(m.group(1).replace(",", ""))
            mult = {"千": 1e3, "万": 1e4, "亿": 1e8}[m.group(2)]
            return round(float(ascii_s) * mult, 6) if ascii_s is not None else None
    except (ValueError, OverflowError):
        return None
    try:
        import cn2an

        return float(cn2an.cn2an(s, "normal"))
    except Exception:  # cn2an raises ValueError and others on 十几, 两三, 万万 ...
        return None


def ordinal(s: str) -> Optional[int]:
    """A heading's, list item's or date's numeral: 一 -> 1, 十二 -> 12, 二十一 -> 21, 3 -> 3.
    A run of digit characters read one by one (一二, 二〇) is no ordinal."""
    if not s:
        return None
    if not s.isdigit() and len(s) > 1 and "十" not in s:
        return None
    v = parse_number(s)
    return int(v) if v is not None and v == int(v) and v >= 0 else None
