"""The five seed reports' tables against the shared gold, scored as score.py scores them:
value equality for ok cells, status "ambiguous" where the gold says so, "missing"
accepted where the gold's `also_ok` allows it. Skipped when ../shared is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_tables import normalized, sections_of

from textmine.tables import parse_tables

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "gold" / "seeds.json"
SEEDS = SHARED / "seeds"

pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold/seeds.json not available")


def _gold() -> list[dict]:
    return json.loads(GOLD.read_text(encoding="utf-8"))["documents"] if GOLD.exists() else []


def score(documents: list[dict], sections_for) -> tuple[dict[str, list[int]], list[str]]:
    totals = {"cells": [0, 0], "cells_nonzero": [0, 0], "ambiguous": [0, 0]}
    misses: list[str] = []
    for doc in documents:
        text = normalized((SEEDS / doc["file"]).read_text(encoding="utf-8"))
        tables = parse_tables(text, sections_for(text))
        for table, gcells in doc["tables"].items():
            got = {c.key: c for c in tables[table].cells} if table in tables else {}
            for key, g in gcells.items():
                c = got.get(key)
                if g["status"] == "ambiguous":
                    totals["ambiguous"][1] += 1
                    if c is not None and c.status == "ambiguous":
                        totals["ambiguous"][0] += 1
                    else:
                        misses.append(f"{doc['file']} {table}.{key}: want ambiguous, got {c}")
                    continue
                ok = (
                    c is not None
                    and c.status != "ambiguous"
                    and c.value is not None
                    and abs(c.value - g["value"]) < 1e-6
                )
                if not ok and "missing" in g.get("also_ok", []) and (c is None or c.status == "missing"):
                    ok = True
                totals["cells"][1] += 1
                totals["cells"][0] += ok
                if g["value"]:
                    totals["cells_nonzero"][1] += 1
                    totals["cells_nonzero"][0] += ok
                if not ok:
                    misses.append(f"{doc['file']} {table}.{key}: want {g['value']}, got {c}")
    return totals, misses


def test_seed_tables_match_the_gold():
    totals, misses = score(_gold(), sections_of)
    assert not misses, "\n".join(misses[:20])
    assert totals["cells"][0] == totals["cells"][1] > 800
    assert totals["cells_nonzero"][0] == totals["cells_nonzero"][1] > 30
    assert totals["ambiguous"] == [4, 4]


def test_seed_tables_with_the_project_segmenter():
    sections = pytest.importorskip("textmine.sections")
    totals, misses = score(_gold(), sections.segment)
    assert not misses, "\n".join(misses[:20])


@pytest.mark.parametrize("doc", _gold(), ids=lambda d: d["file"][:3])
def test_seed_candidates_and_templates(doc):
    text = normalized((SEEDS / doc["file"]).read_text(encoding="utf-8"))
    tables = parse_tables(text, sections_of(text))
    for table, gcells in doc["tables"].items():
        if not gcells:
            continue
        assert tables[table].template == doc["meta"]["template"]
        for key, g in gcells.items():
            if g.get("candidates"):
                assert tables[table].cell(key).candidates == g["candidates"]
