"""Synthetic reports: determinism, coverage of layouts and templates, truth files, and the
checks' ground truth recovered by the full pipeline.

The ground-truth tests run the pipeline over TEXTMINE_SYNTH_N reports with the corpus
runner: by default the 2,000 the issue's acceptance asks for (~40 s on two cores); set it
lower for a quick local run. Expectations are split:
- prose checks (n2n.*, n.enumeration, doc.sections) need no table reader;
- table checks (t3.*, t4.*, n2t.*, doc.tables) need tables 3 and 4 read by the pipeline.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from textmine.synth import LAYOUTS, TABLE_CHECK_PREFIXES, generate, make_report
from textmine.synth.model import draw_tables, table_check_status

N = int(os.environ.get("TEXTMINE_SYNTH_N", "2000"))


def test_same_seed_same_bytes_other_seed_other_reports():
    a = [make_report(7, i) for i in range(12)]
    b = [make_report(7, i) for i in range(12)]
    c = [make_report(8, i) for i in range(12)]
    assert a == b
    assert all(x[1] != y[1] for x, y in zip(a, c))


def test_every_layout_and_both_templates_with_truth(tmp_path):
    paths = generate(36, tmp_path, seed=1)
    truths = [json.loads(p.with_name(p.stem + ".truth.json").read_text(encoding="utf-8")) for p in paths]
    assert {t["layout"] for t in truths} == set(LAYOUTS)
    assert {t["meta"]["template"] for t in truths} == {"2019", "2021"}
    assert any(t["injected"] for t in truths) and any(not t["injected"] for t in truths)
    for p, t in zip(paths, truths):
        assert t["file"] == p.name and p.suffix == (".html" if t["layout"] == "html" else ".txt")
        assert set(t["expect_fail"]) | set(t["expect_pass"]) | set(t["expect_uncertain"]) == set(t["expect"])
        assert set(t["requires_tables"]) == {k for k in t["expect"] if k.startswith(TABLE_CHECK_PREFIXES)}
        for inj in t["injected"]:  # every injected inconsistency names the checks it breaks
            assert inj["checks"] and set(inj["checks"]) <= set(t["expect_fail"]), inj
        if not t["injected"]:
            assert t["expect_fail"] == []
        text = p.read_bytes().decode("utf-8")
        assert t["meta"]["agency"] in text or t["layout"] == "traditional"
    trad = next(p for p, t in zip(paths, truths) if t["layout"] == "traditional").read_text(encoding="utf-8")
    assert "開(kāi)" in trad or "報(bào)" in trad
    html = next(p for p, t in zip(paths, truths) if t["layout"] == "html").read_text(encoding="utf-8")
    assert 'rowspan="' in html and 'colspan="' in html
    fused = [p for p, t in zip(paths, truths) if t["layout"] == "runs"]
    assert any("规章000" in p.read_text(encoding="utf-8") for p in fused)


def test_drawn_tables_satisfy_every_identity():
    import random

    for i in range(300):
        rng = random.Random(i)
        t = draw_tables(rng, rng.choice(["2019", "2021"]), rng.choice(["township", "county", "city", "province"]))
        assert set(table_check_status(t).values()) == {"pass"}, i


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """(truth, contract) for N synthetic reports, analysed by the corpus runner."""
    from textmine.corpus import run_corpus

    root = tmp_path_factory.mktemp("synth")
    generate(N, root, seed=2024)
    out = tmp_path_factory.mktemp("synth_results")
    run_corpus(root, out, workers=os.cpu_count(), progress=False)
    docs = {Path(d["path"]).name: d for d in map(json.loads, (out / "documents.jsonl").open(encoding="utf-8"))}
    pairs = []
    for truth_file in sorted(root.glob("*.truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        pairs.append((truth, docs[truth["file"]]))
    return pairs


def _mismatches(pairs, want_tables: bool) -> list[str]:
    """Every expectation not met: an injected (expected) failure not reported as `fail`,
    an expected pass reported as `fail` (strict layouts: anything but `pass`), a comparison
    with a table total that fails its identity not reported as `uncertain`."""
    bad = []
    for truth, doc in pairs:
        got = {c["id"]: c["status"] for c in doc["checks"]}
        for check_id, expected in truth["expect"].items():
            if check_id.startswith(TABLE_CHECK_PREFIXES) != want_tables:
                continue
            status = got.get(check_id, "absent")
            if expected == "fail":
                ok = status == "fail"
            elif expected == "uncertain":
                # against a table total that fails its own identity (order of trust); a
                # reader that lost cells may not see the identity fail: strict layouts only
                ok = status == "uncertain" or not truth["strict"]
            elif truth["strict"] and want_tables:
                ok = status == "pass"
            else:
                ok = status != "fail"
            if not ok:
                bad.append(f"{truth['file']}: {check_id} expected {expected}, got {status}")
    return bad


def test_prose_checks_recover_the_ground_truth(analysed):
    bad = _mismatches(analysed, want_tables=False)
    injected = Counter(i["kind"] for t, _ in analysed for i in t["injected"])
    assert injected["published"] and injected["enumeration"]
    assert not bad, f"{len(bad)} mismatches, e.g.\n" + "\n".join(bad[:15])


def test_table_checks_recover_the_ground_truth(analysed):
    assert any(doc["tables"] for _, doc in analysed)
    bad = _mismatches(analysed, want_tables=True)
    injected = Counter(i["kind"] for t, _ in analysed for i in t["injected"])
    assert injected["received"] and injected["balance"] and injected["rowsum"] and injected["t4"]
    assert not bad, f"{len(bad)} mismatches, e.g.\n" + "\n".join(bad[:15])


def test_synth_command_writes_reports_and_truth(tmp_path):
    from typer.testing import CliRunner

    from textmine.cli import app

    result = CliRunner().invoke(app, ["synth", "--n", "7", "--out", str(tmp_path), "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.truth.json"))) == 7
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".truth.json")) == sorted(
        make_report(3, i)[0] for i in range(7)
    )
