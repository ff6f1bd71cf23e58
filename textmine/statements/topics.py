"""Topic coding of problem and improvement statements from the taxonomy in data/topics.json."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import regex

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "topics.json"


@functools.lru_cache(maxsize=1)
def taxonomy() -> dict[str, "regex.Pattern[str]"]:
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    return {k: regex.compile("|".join(v["cues"])) for k, v in data.items() if not k.startswith("_")}


def topics_of(text: str) -> list[str]:
    return [k for k, pat in taxonomy().items() if pat.search(text)]


@functools.lru_cache(maxsize=1)
def topic_names() -> dict[str, str]:
    """topic key -> its Chinese name (the taxonomy's `name_zh`), for people reading results."""
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    return {k: v.get("name_zh", k) for k, v in data.items() if not k.startswith("_")}
