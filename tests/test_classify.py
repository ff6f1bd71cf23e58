"""Statement classifier: units, annotation formats, training, saving, loading, CLI."""

from __future__ import annotations

import json
import warnings

import pytest
from typer.testing import CliRunner

from textmine.cli import app
from textmine.document import Section
from textmine.normalize import normalize
from textmine.sections import segment
from textmine.statements import DEFAULT_MODEL, classify_statements, default_model
from textmine.statements.annotations import read_annotations
from textmine.statements.features import Example
from textmine.statements.model import ModelError, load_model, make_classifier
from textmine.statements.units import units_of
from textmine.statements.weak import weak_label

from conftest import ROOT, SEEDS, needs_shared

ANNOTATIONS = ROOT / "corpus" / "annotations" / "statements.jsonl"
runner = CliRunner()

SECTION_FIVE = (
    "五、存在的主要问题及改进情况\n(一)存在的主要问题\n一是部分栏目更新不及时;二是政策解读形式单一。\n"
    "(二)改进措施\n下一步,我局将重点做好以下工作:一是建立信息发布台账,实行限时公开。二是丰富解读形式。\n"
)


def five_units():
    sec = Section("problems_improvements", "五", "存在的主要问题及改进情况", 0, len(SECTION_FIVE), 15)
    return units_of(SECTION_FIVE, [sec])


def test_units_split_headings_and_items_and_carry_subheading():
    units = five_units()
    texts = [u.text for u in units]
    assert "(一)存在的主要问题" in texts and "(二)改进措施" in texts
    assert "一是部分栏目更新不及时;" in texts and "二是政策解读形式单一。" in texts
    lead = next(u for u in units if u.text.startswith("下一步"))
    assert lead.text == "下一步,我局将重点做好以下工作:"
    item = next(u for u in units if u.text.startswith("一是建立"))
    assert item.subheading == "(二)改进措施" and item.is_item
    assert next(u for u in units if u.text.startswith("一是部分")).subheading == "(一)存在的主要问题"


def test_units_skip_table_rows_and_fragments():
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收 | 3 | 3\n(三)不予\n公开\n全年共收到申请3件,均予以公开。\n"
    secs = segment(normalize(text).text)
    got = [u.text for u in units_of(text, secs)]
    # the section's heading is a unit of its own (marked a heading); the table's row and
    # the label split over two lines are none
    assert got == ["三、收到和处理政府信息公开申请情况", "全年共收到申请3件,均予以公开。"]
    assert [u.is_heading for u in units_of(text, secs)] == [True, False]


def test_weak_labels_use_subheading_and_cues():
    units = {u.text: u for u in five_units()}
    from textmine.statements import example_of

    assert weak_label(example_of(units["一是部分栏目更新不及时;"]))[0] == "problem"
    assert weak_label(example_of(units["一是建立信息发布台账,实行限时公开。"]))[0] == "improvement"
    assert weak_label(example_of(units["(二)改进措施"]))[0] == "other"
    # an achievement with an improvement verb in section 一 is not a measure
    assert weak_label(Example("我局加强组织领导,成立了政务公开领导小组。", "overview"))[0] == "other"


def test_read_doccano_and_label_studio(tmp_path):
    d = tmp_path / "doccano.jsonl"
    d.write_text(
        "\n".join(
            json.dumps(x, ensure_ascii=False)
            for x in [
                {"text": "信息更新不够及时。", "label": ["问题"]},
                {"text": "下一步将加强培训。", "label": "improvement"},
                {"text": "全年公开信息30条。", "label": ["other"]},
            ]
        ),
        encoding="utf-8",
    )
    exs = read_annotations(d)
    assert [e.label for e in exs] == ["problem", "improvement", "other"]
    ls = tmp_path / "ls.json"
    ls.write_text(
        json.dumps(
            [
                {
                    "data": {"text": "解读形式单一。", "section": "problems_improvements"},
                    "annotations": [{"result": [{"value": {"choices": ["problem"]}}]}],
                },
                {"data": {"text": "未标注的句子。"}, "annotations": []},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    exs = read_annotations(ls)
    assert len(exs) == 1 and exs[0].label == "problem" and exs[0].section == "problems_improvements"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "x", "label": "maybe"}), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown label"):
        read_annotations(bad)


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    exs = read_annotations(ANNOTATIONS)[:600]
    clf = make_classifier("sklearn", C=2.0).fit(exs)
    folder = tmp_path_factory.mktemp("m") / "small"
    clf.save(folder, {"name": "small", "training_data": "first 600 annotations", "n_train": 600})
    return folder, clf


def test_sklearn_estimator_api_and_roundtrip(small_model):
    folder, clf = small_model
    assert clf.get_params()["C"] == 2.0
    assert clf.set_params(C=3.0).C == 3.0
    exs = [
        Example("部分栏目更新不及时,信息发布滞后。", "problems_improvements", "(一)存在的主要问题"),
        Example("下一步,我局将加大政策解读力度。", "problems_improvements", "(二)改进措施"),
    ]
    loaded = load_model(folder)
    assert loaded.predict(exs) == clf.predict(exs) == ["problem", "improvement"]
    p = loaded.predict_proba(exs)
    assert p.shape == (2, 3) and abs(p.sum(axis=1) - 1).max() < 1e-6
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["backend"] == "sklearn" and "scikit-learn" in card["versions"] and card["n_train"] == 600
    assert (folder / "README.md").read_text(encoding="utf-8").startswith("# Statement classifier")


def test_compiled_scorer_reproduces_sklearn_exactly(small_model):
    """The per-report fast path must give scikit-learn's own probabilities, for the
    shipped calibrated model, an uncalibrated one, and odd inputs (empty text, digits
    only, whitespace runs, words the vocabulary never saw)."""
    import numpy as np

    exs = read_annotations(ANNOTATIONS)
    odd = [
        Example(""),
        Example("2021"),
        Example("  \t\n  "),
        Example("ＡＢＣ xyz 龘龘龘", "overview"),
        Example("存在问题:  培训\n\n不够", "problems_improvements", "存在的问题", is_item=True),
    ]
    _, calibrated = small_model
    uncalibrated = make_classifier("sklearn", calibrate=False).fit(exs[:400])
    for clf in (calibrated, uncalibrated, default_model()):
        assert clf._scorer() is not None
        for batch in (exs[:300], exs[-7:], odd):
            fast, ref = clf.predict_proba(batch), clf.predict_proba_reference(batch)
            assert fast.shape == ref.shape and np.abs(fast - ref).max() < 1e-12
    binary = make_classifier("sklearn", calibrate=False).fit([e for e in exs if e.label != "other"][:300])
    assert binary._scorer() is None  # a shape the fast path does not reproduce: sklearn decides
    assert binary.predict(exs[:3]) == [binary.classes_[i] for i in binary.predict_proba_reference(exs[:3]).argmax(1)]


def test_tampered_or_broken_model_is_refused(small_model, tmp_path):
    import shutil

    folder, _ = small_model
    bad = tmp_path / "bad"
    shutil.copytree(folder, bad)
    data = bytearray((bad / "model.skops").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (bad / "model.skops").write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256"):
        load_model(bad)
    (bad / "card.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="unreadable"):
        load_model(bad)
    with pytest.raises(ModelError, match="not a textmine model"):
        load_model(tmp_path / "nowhere")


def test_pickle_payload_is_never_loaded(tmp_path):
    import pickle

    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "model.skops").write_bytes(pickle.dumps({"x": 1}))
    from textmine.statements.model import _model_sha256

    sha = _model_sha256(folder, "model.skops")  # a card that matches: only the payload decides
    (folder / "card.json").write_text(json.dumps({"backend": "sklearn", "sha256": sha}), encoding="utf-8")
    with pytest.raises(ModelError, match="not a readable skops model"):
        load_model(folder)


def test_saved_scorer_predicts_without_scikit_learn(small_model, tmp_path):
    """A corpus worker loads the compiled scorer (scorer.npz), not the scikit-learn
    estimators: the same probabilities, and sklearn/scipy/skops are never imported."""
    import shutil
    import subprocess
    import sys

    import numpy as np

    from textmine.statements.model import _model_sha256

    folder, clf = small_model
    assert (folder / "scorer.npz").exists()
    texts = ["一是部分栏目更新不及时;", "下一步,我局将加大政策解读力度。", "全年共收到申请3件。"]
    exs = [Example(t, "problems_improvements", "") for t in texts]
    code = (
        "import json, sys\n"
        "from textmine.statements.features import Example\n"
        "from textmine.statements.model import load_model\n"
        f"m = load_model({str(folder)!r})\n"
        f"p = m.predict_proba([Example(t, 'problems_improvements', '') for t in {texts!r}])\n"
        "print(json.dumps({'p': p.tolist(), 'loaded': [k for k in ('sklearn', 'scipy', 'skops') "
        "if k in sys.modules]}))\n"
    )
    got = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert got["loaded"] == []
    ref = clf.predict_proba_reference(exs)
    assert np.abs(np.array(got["p"]) - ref).max() < 1e-12

    def rehash(f):  # a card that matches the files: only the payload decides
        card = json.loads((f / "card.json").read_text(encoding="utf-8"))
        card["sha256"] = _model_sha256(f, "model.skops")
        (f / "card.json").write_text(json.dumps(card), encoding="utf-8")

    # a model saved before scorers existed loads through scikit-learn and compiles its own
    old = tmp_path / "old"
    shutil.copytree(folder, old)
    (old / "scorer.npz").unlink()
    rehash(old)
    m = load_model(old)
    assert "model_" in m.__dict__ and np.abs(m.predict_proba(exs) - ref).max() < 1e-12
    # a scorer that does not fit the vocabularies is refused, not used
    other = make_classifier("sklearn", calibrate=False).fit(read_annotations(ANNOTATIONS)[600:900])
    other.save(tmp_path / "other")
    shutil.copy(tmp_path / "other" / "scorer.npz", old / "scorer.npz")
    rehash(old)
    with pytest.raises(ModelError, match="scorer.npz"):
        load_model(old)
    # a card whose class names were reordered by hand (the card is not hashed) is refused,
    # not used to mislabel every statement
    shutil.copy(folder / "scorer.npz", old / "scorer.npz")
    rehash(old)
    card = json.loads((old / "card.json").read_text(encoding="utf-8"))
    card["classes"] = card["classes"][::-1]
    (old / "card.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelError, match="classes"):
        load_model(old)
    # and one that is not a scorer at all
    (old / "scorer.npz").write_bytes(b"PK\x03\x04 not really")
    rehash(old)
    with pytest.raises(ModelError, match="scorer.npz"):
        load_model(old)


def test_other_library_version_gives_clear_warning(small_model, tmp_path):
    import shutil

    folder, _ = small_model
    old = tmp_path / "old"
    shutil.copytree(folder, old)
    card = json.loads((old / "card.json").read_text(encoding="utf-8"))
    card["versions"]["scikit-learn"] = "0.24.2"
    (old / "card.json").write_text(json.dumps(card), encoding="utf-8")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        load_model(old)
    assert any("scikit-learn 0.24.2" in str(x.message) and "Retrain" in str(x.message) for x in w)


def test_shipped_default_model_loads_and_classifies():
    model = default_model()
    assert model is not None, "textmine/models/default is missing"
    card = json.loads((DEFAULT_MODEL / "card.json").read_text(encoding="utf-8"))
    assert card["n_train"] >= 2000 and card["metrics"]["macro_f1"] >= 0.9
    text = normalize(SECTION_FIVE).text
    stmts = classify_statements(text, segment(text))
    labels = {s.text: s.label for s in stmts}
    assert labels["一是部分栏目更新不及时;"] == "problem"
    assert labels["一是建立信息发布台账,实行限时公开。"] == "improvement"
    assert labels["(一)存在的主要问题"] == "other"
    assert all(0 <= s.score <= 1 for s in stmts)
    assert next(s for s in stmts if s.label == "problem").topics  # topic-coded


@needs_shared
def test_seed_statements_meet_gold_bar(gold_docs):
    import re
    import unicodedata

    from textmine.pipeline import analyze_path

    def norm(s):
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))

    hit = total = 0
    for g in gold_docs:
        doc = analyze_path(SEEDS / g["file"])
        for gs in g["statements"]:
            total += 1
            fr = norm(gs["fragment"])
            xs = [s for s in doc.statements if fr in norm(s.text) or (norm(s.text) and norm(s.text) in fr)]
            hit += bool(xs) and all(s.label == gs["label"] for s in xs)
    assert hit / total >= 0.96, (hit, total)


def test_cli_train_evaluate_export(tmp_path):
    sub = tmp_path / "sub.jsonl"
    lines = ANNOTATIONS.read_text(encoding="utf-8").splitlines()[:300]
    sub.write_text("\n".join(lines), encoding="utf-8")
    res = runner.invoke(app, ["train", str(sub), "--out", str(tmp_path / "m"), "--folds", "3"])
    assert res.exit_code == 0, res.output
    card = json.loads((tmp_path / "m" / "card.json").read_text(encoding="utf-8"))
    assert card["metrics"]["folds"] == 3 and "train" in card["command"]
    res = runner.invoke(app, ["evaluate", str(sub), "--model", str(tmp_path / "m"), "--json"])
    assert res.exit_code == 0
    m = json.loads(res.stdout)
    assert set(m["per_class"]) == {"problem", "improvement", "other"} and len(m["confusion"]) == 3
    out = tmp_path / "to_label.jsonl"
    res = runner.invoke(
        app,
        ["export-sentences", str(ROOT / "corpus"), "--out", str(out), "--limit", "50", "--model", str(tmp_path / "m")],
    )
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 50 and rows == sorted(rows, key=lambda r: (r["score"], r["path"], r["start"]))
    assert {"text", "label", "score", "section"} <= set(rows[0])


def test_cli_train_weak_bootstrap(tmp_path):
    """Unlabelled reports -> the sentences the labelling rules are sure of -> a model."""
    weak = tmp_path / "weak.jsonl"
    res = runner.invoke(app, ["export-sentences", str(ROOT / "corpus"), "--weak", "--out", str(weak)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in weak.read_text(encoding="utf-8").splitlines()]
    assert rows and min(r["score"] for r in rows) >= 0.6
    assert {r["label"] for r in rows} == {"problem", "improvement", "other"}
    res = runner.invoke(app, ["train", str(weak), "--out", str(tmp_path / "weak"), "--folds", "0"])
    assert res.exit_code == 0, res.output
    model = load_model(tmp_path / "weak")
    assert model.predict([Example("信息发布不够及时,解读形式单一。", "problems_improvements", "存在的问题")]) == [
        "problem"
    ]
