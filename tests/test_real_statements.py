"""Statements on real reports (issue 19): every line of 一–六 is a statement; context tells a
measure in section 五 from an achievement in 一; the shipped model judged on real sentences
with folds grouped by report; and the documented loop — export the sentences of real
reports, label them, train, evaluate — run end to end on a few real reports. Tests that
need ../shared skip cleanly without it."""

from __future__ import annotations

import json

import pytest

from textmine.document import RawDocument
from textmine.pipeline import analyze_raw

from conftest import ROOT, SHARED

REALDEV = SHARED / "realdev" / "files"
needs_shared = pytest.mark.skipif(not REALDEV.is_dir(), reason="../shared/realdev not present")

REPORT = """测试县测试局2023年政府信息公开工作年度报告
一、总体情况
2023年,我局进一步拓展了政务新媒体矩阵,新开设视频号1个。
(一)加强组织领导。
局党组把政务公开纳入年度重点工作。
二、主动公开政府信息情况
全年主动公开政府信息300条。
三、收到和处理政府信息公开申请情况
本年度未收到政府信息公开申请。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议和行政诉讼。
五、存在的主要问题及改进情况
(一)存在的主要问题
一是政策解读形式比较单一;二是栏目更新不够及时。
(二)改进措施
针对上述问题,我局将着力做好以下工作:
(一)持续优化网站栏目设置。
(二)抓好政策解读工作。
一是建立信息发布台账,实行限时公开;二是对照考核指标逐项补齐短板。
六、其他需要报告的事项
无。
"""


def _statements():
    doc = analyze_raw(RawDocument(REPORT, "txt"), "r.txt")
    return doc, {s.text.strip(): s for s in doc.statements}


def test_every_line_of_the_six_sections_is_a_statement():
    doc, by_text = _statements()
    body_lines = [line for line in REPORT.splitlines()[1:] if line.strip()]
    covered = [line for line in body_lines if any(line.startswith(t) or t in line for t in by_text)]
    assert covered == body_lines
    assert by_text["五、存在的主要问题及改进情况"].unit == "heading"
    assert by_text["无。"].label == "other" and by_text["无。"].section == "other_matters"
    assert {s.label for s in doc.statements} <= {"problem", "improvement", "other"}


def test_context_tells_measures_from_achievements():
    _, by_text = _statements()
    # listed measures with no future marker, after a measures lead-in
    assert by_text["(一)持续优化网站栏目设置。"].label == "improvement"
    assert by_text["(二)抓好政策解读工作。"].label == "improvement"
    assert by_text["针对上述问题,我局将着力做好以下工作:"].label == "improvement"
    # a measure that names the weakness it fixes
    assert by_text["二是对照考核指标逐项补齐短板。"].label == "improvement"
    # problems under the problems part
    assert by_text["一是政策解读形式比较单一;"].label == "problem"
    # an achievement in 一 with 进一步, and an action-phrased sub-heading there
    assert by_text["2023年,我局进一步拓展了政务新媒体矩阵,新开设视频号1个。"].label == "other"
    assert by_text["(一)加强组织领导。"].label == "other"


@needs_shared
def test_the_shipped_model_on_real_sentences_cross_validated_by_report():
    """Grouped folds over real and synthetic sentences: no report in both training and test
    (near-copies of a report share a group); the real sentences scored apart."""
    from textmine.corpus.annotated import statement_examples
    from textmine.statements.annotations import read_annotations
    from textmine.statements.evaluate import cross_validate

    real = statement_examples()
    for e in real:
        e.weight = 3.0
    synthetic = read_annotations(ROOT / "corpus" / "annotations" / "statements.jsonl")
    assert len(real) >= 800 and sum(e.label != "other" for e in real) >= 300
    m = cross_validate(synthetic + real, folds=5)
    r = m["by_source"]["real"]
    f1 = {k: v["f1"] for k, v in r["per_class"].items()}
    assert r["macro_f1"] >= 0.95 and f1["improvement"] >= 0.93 and f1["problem"] >= 0.93, (r["macro_f1"], f1)
    lo, hi = r["interval"]["macro_f1"]
    assert lo <= r["macro_f1"] <= hi


@needs_shared
def test_export_label_train_evaluate_on_real_reports(tmp_path):
    """The loop the README documents: export the sentences of real reports (pre-labelled by
    the model), label them (here: the standoff labels stand in for the person), train on
    them with the project's sentences, evaluate on a report the model never saw."""
    from typer.testing import CliRunner

    from textmine.cli import app

    corpus = tmp_path / "reports"
    corpus.mkdir()
    train_ids, test_ids = ["r20", "r21", "r24", "r27"], ["r23"]
    for doc in train_ids + test_ids:
        (corpus / f"{doc}.txt").write_bytes((REALDEV / f"{doc}.txt").read_bytes())
    runner = CliRunner()
    exported = tmp_path / "to_label.jsonl"
    result = runner.invoke(app, ["export-sentences", str(corpus), "--out", str(exported)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert rows and {"text", "label", "score", "section", "part", "list_role", "is_heading"} <= rows[0].keys()
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores)  # least confident first: what a person should read first

    # the person's labels: the standoff annotations of these reports, found in today's text
    from textmine.corpus.annotated import read_records, statement_examples

    records = [r for r in read_records("real_statements*.jsonl") if r["doc"] in train_ids + test_ids]
    gold = statement_examples(records=records, roots=[corpus])
    labelled: dict[str, list[dict]] = {"train": [], "test": []}
    for r in rows:
        doc = r["path"].rsplit("/", 1)[-1].split(".")[0]
        mine = [g for g in gold if g.group == doc]
        best = max(mine, key=lambda g: min(g.end, r["end"]) - max(g.start, r["start"]), default=None)
        overlap = min(best.end, r["end"]) - max(best.start, r["start"]) if best else 0
        if best is None or overlap < 0.5 * (r["end"] - r["start"]) or overlap < 0.5 * (best.end - best.start):
            continue  # a unit the annotator cut otherwise
        labelled["test" if doc in test_ids else "train"].append(dict(r, label=best.gold, doc=doc, source="real"))
    assert len(labelled["train"]) >= 100 and len(labelled["test"]) >= 20
    for part, items in labelled.items():
        (tmp_path / f"{part}.jsonl").write_text(
            "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items), encoding="utf-8"
        )
    model = tmp_path / "model"
    result = runner.invoke(
        app,
        [
            "train",
            str(ROOT / "corpus" / "annotations" / "statements.jsonl"),
            str(tmp_path / "train.jsonl"),
            "--out",
            str(model),
            "--folds",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    card = json.loads((model / "card.json").read_text(encoding="utf-8"))
    assert card["sources"]["real"]["weight"] == 3.0 and card["sources"]["synthetic"]["sentences"] > 2000
    assert "real" in card["metrics"]["by_source"]
    result = runner.invoke(app, ["evaluate", str(tmp_path / "test.jsonl"), "--model", str(model), "--json"])
    assert result.exit_code == 0, result.output
    m = json.loads(result.stdout[result.stdout.index("{") :])
    assert m["by_source"]["real"]["n"] == len(labelled["test"]) and m["macro_f1"] >= 0.8
