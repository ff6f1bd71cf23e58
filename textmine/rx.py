"""`regex`'s module-level functions behind a plain dict of compiled patterns.

`regex.search(pattern, s)` finds its compiled pattern through flag enums and argument
checks on every call (~15 µs); the claim and statement stages call such one-liners
tens of thousands of times per corpus slice, where that lookup cost more than the
matching. Same signatures as `regex`; patterns built at run time are fine (the cache
is bounded).
"""

from __future__ import annotations

from typing import Any

import regex

_CACHE: dict[tuple[str, int], Any] = {}
_MAX = 4096


def compile(pattern: str, flags: int = 0) -> Any:  # noqa: A001 - mirrors regex.compile
    key = (pattern, flags)
    p = _CACHE.get(key)
    if p is None:
        if len(_CACHE) >= _MAX:
            _CACHE.clear()
        p = _CACHE[key] = regex.compile(pattern, flags)
    return p


def search(pattern: str, string: str, flags: int = 0) -> Any:
    return compile(pattern, flags).search(string)


def match(pattern: str, string: str, flags: int = 0) -> Any:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: str, string: str, flags: int = 0) -> Any:
    return compile(pattern, flags).fullmatch(string)


def sub(pattern: str, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
    return compile(pattern, flags).sub(repl, string, count)


def finditer(pattern: str, string: str, flags: int = 0) -> Any:
    return compile(pattern, flags).finditer(string)


def findall(pattern: str, string: str, flags: int = 0) -> list:
    return compile(pattern, flags).findall(string)


def split(pattern: str, string: str, maxsplit: int = 0, flags: int = 0) -> Any:
    return compile(pattern, flags).split(string, maxsplit)
