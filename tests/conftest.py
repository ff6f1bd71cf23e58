"""Shared test helpers: paths to the shared seeds/gold (tests using them skip cleanly
when ../shared is absent) and small builders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.json"
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def seed_gold() -> list[dict]:
    if not GOLD.exists():
        return []
    return json.loads(GOLD.read_text(encoding="utf-8"))["documents"]


needs_shared = pytest.mark.skipif(not GOLD.exists(), reason="../shared (seeds and gold) not present")


@pytest.fixture(scope="session")
def gold_docs() -> list[dict]:
    docs = seed_gold()
    if not docs:
        pytest.skip("../shared (seeds and gold) not present")
    return docs
