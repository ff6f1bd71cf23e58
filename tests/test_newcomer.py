"""A newcomer's first hour (issue 20): the statement model is used or the run stops saying
why, outputs never replace files textmine did not write, options are checked before any
work, and `analyze` reads several paths and standard input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textmine.cli import app
from textmine.corpus.runner import run_corpus
from textmine.statements import DEFAULT_MODEL

from conftest import CORPUS

runner = CliRunner()
REPORT = CORPUS / "2021_pipe_full.txt"


def _card() -> dict:
    return json.loads((DEFAULT_MODEL / "card.json").read_text(encoding="utf-8"))


# -- 1. the statement model: used, named in the output, or a clear error -------------------


def test_shipped_model_is_package_data_and_named_in_the_output():
    # inside the package, so a wheel or `pip install .` carries it (it was in the repository's
    # models/, which only an editable install could find)
    import textmine

    assert DEFAULT_MODEL.is_relative_to(Path(textmine.__file__).parent)
    res = runner.invoke(app, ["analyze", str(REPORT)])
    assert res.exit_code == 0, res.output
    used = json.loads(res.stdout)["statement_model"]
    assert used == {"name": _card()["name"], "sha256": _card()["sha256"]}


def test_a_missing_model_is_an_error_not_a_silent_switch_to_the_rules(monkeypatch, tmp_path):
    monkeypatch.setenv("TEXTMINE_MODEL", str(tmp_path / "nope"))
    res = runner.invoke(app, ["analyze", str(REPORT)])
    assert res.exit_code == 2
    assert "statement model not found" in res.stderr and "--rules" in res.stderr
    assert res.stdout == ""


def test_a_tampered_model_is_an_error(monkeypatch, tmp_path):
    from textmine.statements.classify import _cached_model

    copy = tmp_path / "tampered"
    shutil.copytree(DEFAULT_MODEL, copy)
    weights = copy / _card()["model_file"]
    data = bytearray(weights.read_bytes())
    data[-10] ^= 0xFF
    weights.write_bytes(bytes(data))
    monkeypatch.setenv("TEXTMINE_MODEL", str(copy))
    _cached_model.cache_clear()
    res = runner.invoke(app, ["analyze", str(REPORT)])
    assert res.exit_code == 2
    assert "does not match the sha256" in res.stderr


def test_rules_only_when_asked_for_and_marked(monkeypatch):
    # --rules sets TEXTMINE_MODEL for the process (corpus workers inherit it): restored after
    monkeypatch.setenv("TEXTMINE_MODEL", str(DEFAULT_MODEL))
    res = runner.invoke(app, ["analyze", str(REPORT), "--rules"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["statement_model"] == {"name": "rules"}
    assert doc["statements"]


# -- 2. outputs never replace what textmine did not write ----------------------------------


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    for name in ("2021_pipe_full.txt", "2019_fused_digits.txt"):
        shutil.copy(CORPUS / name, root / name)
    out = tmp_path_factory.mktemp("results")
    run_corpus(root, out, workers=1, progress=False)
    return out


def test_report_refuses_a_folder_that_is_not_a_site(results, tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "guide.md").write_text("my own documentation\n", encoding="utf-8")
    (project / "index.html").write_text("<p>my page</p>\n", encoding="utf-8")
    res = runner.invoke(app, ["report", str(results), "--out", str(project)])
    assert res.exit_code == 2
    assert "not a textmine report site" in res.stderr and "--force" in res.stderr
    assert (project / "docs" / "guide.md").read_text(encoding="utf-8") == "my own documentation\n"
    assert (project / "index.html").read_text(encoding="utf-8") == "<p>my page</p>\n"
    # a new folder, then the same site again, are written without --force
    site = tmp_path / "site"
    for _ in range(2):
        res = runner.invoke(app, ["report", str(results), "--out", str(site)])
        assert res.exit_code == 0, res.output
    assert (site / "index.html").exists()
    # the results folder itself may hold its site (a site's names never collide with its own)
    res = runner.invoke(app, ["report", str(results), "--out", str(results)])
    assert res.exit_code == 0, res.output
    assert (results / "index.html").exists() and (results / "results.duckdb").exists()
    # --force replaces what a site writes
    res = runner.invoke(app, ["report", str(results), "--out", str(project), "--force"])
    assert res.exit_code == 0, res.output
    assert not (project / "docs" / "guide.md").exists()


def test_train_refuses_a_folder_that_is_not_a_model(tmp_path):
    data = Path(__file__).parents[1] / "corpus" / "annotations" / "statements.jsonl"
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("keep me\n", encoding="utf-8")
    res = runner.invoke(app, ["train", str(data), "--out", str(mine), "--folds", "0"])
    assert res.exit_code == 2
    assert "not a textmine model folder" in res.stderr
    assert (mine / "todo.txt").read_text(encoding="utf-8") == "keep me\n"
    model = tmp_path / "model"
    for _ in range(2):  # a model folder is replaced whole by the next training
        res = runner.invoke(app, ["train", str(data), "--out", str(model), "--folds", "0"])
        assert res.exit_code == 0, res.output
    assert sorted(p.name for p in model.iterdir()) == sorted(p.name for p in DEFAULT_MODEL.iterdir())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".model.")]


# -- 6. options checked before any work -----------------------------------------------------


@pytest.mark.parametrize(
    "args, says",
    [
        (["analyze", "CORPUS", "--out", "OUT", "--engine", "bogus"], "bogus"),
        (["analyze", "CORPUS", "--out", "OUT", "--engine", "dask"], "--scheduler"),
        (["analyze", "CORPUS", "--out", "OUT", "--workers", "-3"], "greater than or equal to 0"),
        (["analyze", "REPORT", "--max-bytes", "-1"], "greater than or equal to 0"),
        (["analyze", "CORPUS", "--out", "OUT", "--timeout", "0"], "more than 0"),
        (["check", "/nope/report.txt"], "does not exist"),
        (["check", "CORPUS"], "is a folder"),
        (["check", "REPORT", "--format", "bogus"], "bogus"),
        (["agencies", "OUT", "--format", "bogus"], "bogus"),
        (["analyze", "REPORT", "REPORT", "--out", "OUT"], "--out analyses one folder"),
    ],
)
def test_bad_options_exit_2_with_one_message_and_no_work(args, says, tmp_path):
    out = tmp_path / "out"
    args = [{"CORPUS": str(CORPUS), "OUT": str(out), "REPORT": str(REPORT)}.get(a, a) for a in args]
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert says in res.output
    assert "Traceback" not in res.output
    assert not out.exists()


def test_max_bytes_message_says_a_size_a_person_reads(tmp_path):
    res = runner.invoke(app, ["analyze", str(REPORT), "--max-bytes", "1000"])
    assert res.exit_code == 1
    assert "over the 1000 bytes limit" in res.stderr and "-0 MB" not in res.stderr


def test_check_and_agencies_write_csv(results):
    import csv
    import io

    res = runner.invoke(app, ["check", str(CORPUS / "2023_inconsistent.txt"), "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and set(rows[0]) == {"id", "status", "message", "message_zh"}
    assert rows[0]["status"] == "fail"  # failures first, as the table shows them
    res = runner.invoke(app, ["agencies", str(results), "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and rows[0]["agency"] and rows[0]["years"]


# -- 7. several paths and standard input -----------------------------------------------------


def test_analyze_reads_several_paths_in_the_order_given():
    names = ["2021_pipe_full.txt", "2019_fused_digits.txt", "2023_inconsistent.txt"]
    res = runner.invoke(app, ["analyze", *(str(CORPUS / n) for n in names)])
    assert res.exit_code == 0, res.output
    docs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [Path(d["path"]).name for d in docs] == names
    assert "analysed 3 file(s)" in res.stderr


def test_analyze_reads_standard_input():
    data = REPORT.read_bytes()
    res = runner.invoke(app, ["analyze", "-"], input=data)
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    on_disk = json.loads(runner.invoke(app, ["analyze", str(REPORT)]).stdout)
    assert doc["path"] == "<stdin>" and doc["sha256"] == on_disk["sha256"]
    assert doc["tables"] == on_disk["tables"] and doc["checks"] == on_disk["checks"]


def test_standard_input_is_read_by_its_content_type():
    html = "<html><body><h1>某县2021年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>"
    res = runner.invoke(app, ["analyze", "-", "--format", "jsonl"], input=html.encode("utf-8"))
    assert json.loads(res.stdout)["meta"]["format"] == "html"


# -- 8. spaCy is an extra -------------------------------------------------------------------


def test_spacy_backend_without_spacy_says_how_to_install(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("No module named 'spacy'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    data = Path(__file__).parents[1] / "corpus" / "annotations" / "statements.jsonl"
    res = runner.invoke(app, ["train", str(data), "--out", str(tmp_path / "m"), "--backend", "spacy"])
    assert res.exit_code == 2
    assert "pip install 'textmine[spacy]'" in res.stderr
    assert not (tmp_path / "m").exists()


def test_analysis_never_imports_spacy():
    import subprocess
    import sys

    code = (
        "import sys; from textmine.pipeline import analyze_path; "
        f"analyze_path({str(REPORT)!r}); print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('spacy', 'thinc')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- 10. evaluation on training data, Label Studio JSON-MIN, errors with file and line --------


def test_evaluate_warns_when_sentences_were_in_the_models_training_data():
    data = Path(__file__).parents[1] / "corpus" / "annotations" / "statements.jsonl"
    res = runner.invoke(app, ["evaluate", str(data), "--model", str(DEFAULT_MODEL), "--json"])
    assert res.exit_code == 0, res.output
    m = json.loads(res.stdout)
    n = sum(1 for line in data.read_text(encoding="utf-8").splitlines() if line.strip())
    assert m["seen_in_training"] == n and "unseen" not in m
    assert f"{n} of {n} sentences were in" in " ".join(res.stderr.split())


def test_evaluate_scores_the_unseen_sentences_apart(tmp_path):
    data = Path(__file__).parents[1] / "corpus" / "annotations" / "statements.jsonl"
    new = [
        {"text": "二是本单位网站栏目更新不及时,部分信息发布滞后。", "label": "problem"},
        {"text": "下一步,我局将建立信息发布审核台账,按月通报更新情况。", "label": "improvement"},
        {"text": "全年共召开新闻发布会六场。", "label": "other"},
    ]
    mixed = tmp_path / "mixed.jsonl"
    lines = data.read_text(encoding="utf-8").splitlines()[:20] + [json.dumps(r, ensure_ascii=False) for r in new]
    mixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["evaluate", str(mixed), "--model", str(DEFAULT_MODEL), "--json"])
    assert res.exit_code == 0, res.output
    m = json.loads(res.stdout)
    assert m["seen_in_training"] == 20 and m["unseen"]["n"] == 3


def test_label_studio_json_min_export_is_read(tmp_path):
    from textmine.statements.annotations import read_annotations

    tasks = [
        {
            "id": 7,
            "text": "一是信息公开培训覆盖面不够广。",
            "label": "other",  # the pre-label export-sentences wrote, overruled by the annotator
            "section": "problems_improvements",
            "part": "problems",
            "sentiment": "problem",
            "annotator": 1,
            "annotation_id": 3,
            "created_at": "2026-12-01T10:00:00Z",
            "updated_at": "2026-12-01T10:00:00Z",
            "lead_time": 4.2,
        },
        {"id": 8, "text": "下一步将加强培训。", "class": {"choices": ["改进"]}, "annotator": 1},
        {"id": 9, "text": "全年公开信息120条。", "label": "other", "annotator": 1},
    ]
    f = tmp_path / "project-1-at-2026-12-01.json"
    f.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    got = read_annotations(f)
    assert [(e.text, e.label) for e in got] == [
        ("一是信息公开培训覆盖面不够广。", "problem"),
        ("下一步将加强培训。", "improvement"),
        ("全年公开信息120条。", "other"),
    ]
    assert got[0].section == "problems_improvements" and got[0].part == "problems"


def test_malformed_annotation_files_name_the_file_and_line(tmp_path):
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"text": "一句。", "label": "other"}\n{"text": "两句。", "label": \n', encoding="utf-8")
    res = runner.invoke(app, ["train", str(bad), "--out", str(tmp_path / "m"), "--folds", "0"])
    assert res.exit_code == 2
    assert f"{bad}:2: not valid JSON (Expecting value" in res.stderr
    broken = tmp_path / "export.json"
    broken.write_text('[\n {"text": "x"},\n {"text": }\n]', encoding="utf-8")
    res = runner.invoke(app, ["evaluate", str(broken)])
    assert res.exit_code == 2 and f"{broken}:3: not valid JSON" in res.stderr


# -- 5. Chinese first, 80 columns, plain when piped -----------------------------------------


def test_tables_show_the_templates_wording_and_fit_80_columns(monkeypatch):
    from rich.console import Console

    from textmine.pipeline import Pipeline
    from textmine.tables.render import rich_tables

    doc = Pipeline(disable=("claims", "statements", "checks")).analyze_path(REPORT)
    console = Console(width=80, record=True, force_terminal=True)
    for grid in rich_tables(doc.tables):
        console.print(grid)
    shown = console.export_text()
    assert "本年新收" in shown and "自然人" in shown and "本年收费金额" in shown
    assert "natural_person" not in shown and "…" not in shown
    from rich.cells import cell_len

    assert max(cell_len(line) for line in shown.splitlines()) <= 80
    # piped (CliRunner is no terminal): plain lines, no box drawing, nothing cut
    # (a narrow COLUMNS would make a console cut every line: piped output ignores it)
    res = runner.invoke(app, ["tables", str(REPORT)], env={"COLUMNS": "40"})
    assert res.exit_code == 0 and "┃" not in res.stdout and "…" not in res.stdout
    assert "本年新收申请数量" in res.stdout
    en = runner.invoke(app, ["tables", str(REPORT), "--lang", "en"])
    assert "natural_person" in en.stdout and "本年新收申请数量" not in en.stdout


def test_check_speaks_chinese_and_english_on_request():
    res = runner.invoke(app, ["check", str(CORPUS / "2023_inconsistent.txt")])
    assert res.exit_code == 0
    assert "不一致 fail" in res.stdout and "表三 勾稽关系" in res.stdout
    assert "表三 本年新收申请数量·自然人" in res.stdout
    assert "natural_person:" not in res.stdout
    en = runner.invoke(app, ["check", str(CORPUS / "2023_inconsistent.txt"), "--lang", "en"])
    assert "FAIL (" in en.stdout and "t3.balance.natural_person: natural_person" in en.stdout


def test_agencies_never_cuts_a_body_name(tmp_path):
    long_name = "某某省某某市某某县某某镇人民政府办公室政务公开与信息化建设领导小组办公室"
    root = tmp_path / "reports"
    root.mkdir()
    text = (CORPUS / "2021_pipe_full.txt").read_text(encoding="utf-8").splitlines()
    text[0] = f"{long_name}2021年政府信息公开工作年度报告"
    (root / "long.txt").write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / "results"
    run_corpus(root, out, workers=1, progress=False)
    data = json.loads(runner.invoke(app, ["agencies", str(out), "--format", "json"]).stdout)
    agency = data["bodies"][0]["agency"]
    assert len(agency) > 15
    res = runner.invoke(app, ["agencies", str(out)], env={"COLUMNS": "40"})
    assert res.exit_code == 0 and agency in res.stdout and "机关" in res.stdout


# -- 3. a database the DuckDB CLIs people have can open -------------------------------------


def test_results_database_is_in_a_storage_format_the_14_and_15_clis_read(results):
    import struct

    head = (results / "results.duckdb").read_bytes()[:20]
    assert head[8:12] == b"DUCK"
    # DuckDB's storage version numbers: 64 (v1.0) ... 67 (v1.4); the 1.5 CLI reads 64-68 and
    # refused the default of the duckdb 2.x library; .ci/run opens the file with the CLI
    assert 64 <= struct.unpack("<Q", head[12:20])[0] <= 67


# -- 9. the docs point at what a user has -----------------------------------------------------


def test_docs_name_what_a_user_has():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "SPEC §" not in readme  # the spec is the team's, not in a clone
    for needed in ("fonts-noto-cjk", "Windows", "dask worker", "dask scheduler", "[spacy]", "git+https://"):
        assert needed in readme, needed
    for command in ("analyze", "tables", "claims", "check", "report", "synth", "agencies", "train", "evaluate"):
        res = runner.invoke(app, [command, "--help"])
        assert res.exit_code == 0 and "SPEC" not in res.stdout, command


def test_claims_table_names_types_and_sections_in_chinese():
    res = runner.invoke(app, ["claims", str(REPORT)])
    assert res.exit_code == 0
    assert "主动公开信息数" in res.stdout and "一、总体情况" in res.stdout and "所列问题数" in res.stdout
    assert "published_items" not in res.stdout
    # a listed enumeration spans its whole list: only its ends are quoted
    assert max(len(line.rstrip()) for line in res.stdout.splitlines()) < 300
    en = runner.invoke(app, ["claims", str(REPORT), "--lang", "en"])
    assert "published_items" in en.stdout and "overview" in en.stdout
