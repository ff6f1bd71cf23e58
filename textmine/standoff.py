"""Standoff spans: annotations of real reports that never hold the reports' text.

The project may not copy a real report's text, so an annotation of one keeps a file id,
character offsets into textmine's normalised text, and a fingerprint of the span's
non-space characters. When a later reader changes the text (a PDF's hard line breaks
reflowed, spacing changed), the span is found again by its fingerprint; when it cannot be
found, the caller hears so instead of training on the wrong words.

    span = fingerprint(text, 120, 164)     # {"start": 120, "end": 164, "n": 41, "h": "...", "h8": "..."}
    locate(new_text, span)                 # (118, 160) after two line breaks went away
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any, Optional

_HEAD = 8  # characters of the span's start indexed to find it again


def _digest(s: str) -> str:
    return hashlib.blake2b(s.encode("utf-8"), digest_size=8).hexdigest()


def _compact(text: str) -> tuple[str, tuple[int, ...]]:
    chars, positions = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch)
            positions.append(i)
    return "".join(chars), tuple(positions)


def fingerprint(text: str, start: int, end: int) -> dict[str, Any]:
    """The standoff record of `text[start:end]`: offsets plus what finds it again."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span [{start}, {end}) is outside a text of {len(text)} characters")
    body, _ = _compact(text[start:end])
    if not body:
        raise ValueError(f"span [{start}, {end}) holds only white space")
    return {"start": start, "end": end, "n": len(body), "h": _digest(body), "h8": _digest(body[:_HEAD])}


@lru_cache(maxsize=8)
def _index(text: str) -> tuple[str, tuple[int, ...], dict[str, list[int]]]:
    body, positions = _compact(text)
    heads: dict[str, list[int]] = {}
    for i in range(len(body)):
        heads.setdefault(_digest(body[i : i + _HEAD]), []).append(i)
    return body, positions, heads


def locate(text: str, span: dict[str, Any]) -> Optional[tuple[int, int]]:
    """Where `span` (a `fingerprint` record) is in `text` now: its own offsets when they
    still hold its characters, else the match nearest to them; None when it is gone."""
    start, end, n, h = span["start"], span["end"], span["n"], span["h"]
    if 0 <= start < end <= len(text) and _digest(_compact(text[start:end])[0]) == h:
        return start, end
    body, positions, heads = _index(text)
    starts = heads.get(span["h8"], ()) if n >= _HEAD else range(len(body) - n + 1)
    found = [i for i in starts if i + n <= len(body) and _digest(body[i : i + n]) == h]
    if not found:
        return None
    i = min(found, key=lambda k: abs(positions[k] - start))
    return positions[i], positions[i + n - 1] + 1
