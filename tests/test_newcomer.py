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
