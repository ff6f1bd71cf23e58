"""The CLI end to end: output contract, folder mode, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textmine.cli import app
from textmine.sections import MANDATED_ORDER

from conftest import CORPUS, SEEDS, needs_shared

runner = CliRunner()

REPORT = """某县统计局2021年政府信息公开工作年度报告
发布日期:2022-01-18
一、总体情况
2021年,本局主动公开政府信息56条。
二、主动公开政府信息情况
第二十条第(一)项
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数
规章 | 0 | 0 | 0
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 | 4 | 0 | 0 | 0 | 0 | 0 | 4
四、政府信息公开行政复议、行政诉讼情况
0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0
五、存在的主要问题及改进情况
一是公开内容不够全面。下一步将加强培训。
六、其他需要报告的事项
本机关未收取信息处理费。
"""

CONTRACT_KEYS = {"doc_id", "path", "sha256", "meta", "sections", "tables", "claims", "statements", "checks", "errors"}


def run(*args: str):
    return runner.invoke(app, list(args))


def write(p: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    p.write_bytes(data)
    return p


def test_single_file_json_contract(tmp_path):
    f = write(tmp_path / "r.txt", REPORT)
    res = run("analyze", str(f), "--with-text")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert CONTRACT_KEYS <= set(d)
    assert d["meta"]["year"] == 2021 and d["meta"]["published"] == "2022-01-18"
    assert d["meta"]["agency"] == "某县统计局" and d["meta"]["template"] == "2021"
    assert d["meta"]["script"] == "simplified"
    keys = [s["key"] for s in d["sections"]]
    assert keys == ["preamble", *MANDATED_ORDER]
    text = d["text"]
    for s in d["sections"][1:]:
        assert text[s["start"] :].startswith(s["number"] + "、" + s["title"])
    assert d["errors"] == []
    assert len(d["sha256"]) == 64 and d["doc_id"] == d["sha256"][:16]


def test_text_format_summary(tmp_path):
    f = write(tmp_path / "r.txt", REPORT)
    res = run("analyze", str(f), "--format", "text")
    assert res.exit_code == 0
    assert "某县统计局" in res.stdout and "2021" in res.stdout and "review_litigation" in res.stdout


def test_folder_gives_jsonl_in_stable_order_and_survives_bad_files(tmp_path):
    (tmp_path / "b").mkdir()
    write(tmp_path / "b" / "z.txt", REPORT)
    write(tmp_path / "a.txt", REPORT.replace("统计局", "水利局"))
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "junk.txt", bytes(range(256)) * 40)
    write(tmp_path / "notes.doc", "ignored: not a supported extension")
    write(tmp_path / "README.md", "a folder's README is not read as a report")
    res = run("analyze", str(tmp_path))
    assert res.exit_code == 3  # finished, with failures
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    names = [Path(d["path"]).relative_to(tmp_path).as_posix() for d in lines]
    assert names == ["a.txt", "empty.txt", "junk.txt", "b/z.txt"]
    by = {Path(d["path"]).name: d for d in lines}
    assert by["a.txt"]["meta"]["agency"] == "某县水利局" and by["a.txt"]["errors"] == []
    assert by["empty.txt"]["errors"][0]["code"] == "empty_file"
    assert by["junk.txt"]["errors"][0]["code"] == "binary_content"
    assert "2 failed" in res.stderr and "empty_file" in res.stderr


def test_folder_output_is_identical_across_runs(tmp_path):
    for i in range(3):
        write(tmp_path / f"r{i}.txt", REPORT.replace("56条", f"{50 + i}条"))
    a = run("analyze", str(tmp_path)).stdout
    b = run("analyze", str(tmp_path)).stdout
    assert a == b and len(a.splitlines()) == 3


@pytest.mark.parametrize(
    "name,data,code",
    [
        ("empty.txt", b"", "empty_file"),
        ("blank.txt", "   \n\n  ".encode(), "no_text"),
        ("junk.txt", os.urandom(4096), None),  # random bytes: binary_content or decode_error
        ("story.txt", "今天天气很好,我们去公园散步,看见了很多花。晚上回家吃饭,然后读书。".encode(), "not_a_report"),
        ("report.xlsx", b"PK\x03\x04", "unsupported_format"),
    ],
)
def test_bad_single_file_gives_error_record_and_exit_1(tmp_path, name, data, code):
    f = write(tmp_path / name, data)
    res = run("analyze", str(f))
    assert res.exit_code == 1
    d = json.loads(res.stdout)
    got = d["errors"][0]["code"]
    if code is None:
        assert got in ("binary_content", "decode_error")
    else:
        assert got == code
    assert d["errors"][0]["message"]


def test_missing_path_is_usage_error(tmp_path):
    res = run("analyze", str(tmp_path / "nope.txt"))
    assert res.exit_code == 2


def test_unreadable_paths(tmp_path):
    # a dangling symlink and a directory that looks like a report
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    res = run("analyze", str(tmp_path / "dangling.txt"))
    assert res.exit_code == 1 and json.loads(res.stdout)["errors"][0]["code"] == "unreadable"
    (tmp_path / "dir.txt").mkdir()
    from textmine.pipeline import analyze_path

    assert analyze_path(tmp_path / "dir.txt").errors[0].code == "unreadable"


def test_file_over_size_limit(tmp_path):
    f = tmp_path / "huge.txt"
    with open(f, "wb") as fh:
        chunk = REPORT.encode("utf-8") * 1000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    res = run("analyze", str(f))
    assert res.exit_code == 1
    err = json.loads(res.stdout)["errors"][0]
    assert err["code"] == "file_too_large" and "MB" in err["message"]
    # a higher limit lets it through (and the text is still a report)
    small = write(tmp_path / "small.txt", REPORT)
    assert run("analyze", str(small), "--max-bytes", "100").exit_code == 1
    assert json.loads(run("analyze", str(small), "--max-bytes", "100").stdout)["errors"][0]["code"] == "file_too_large"


def test_html_page_without_report(tmp_path):
    page = (
        "<html><head><title>首页</title><script>var x=1;</script></head><body>"
        "<nav>首页 | 新闻 | 联系我们</nav><p>欢迎访问本站。今天天气晴,适合出游。</p></body></html>"
    )
    f = write(tmp_path / "index.html", page)
    res = run("analyze", str(f))
    assert res.exit_code == 1
    assert json.loads(res.stdout)["errors"][0]["code"] in ("not_a_report", "no_text")


def test_gbk_file_is_read_correctly(tmp_path):
    f = write(tmp_path / "gbk.txt", REPORT.encode("gbk"))
    d = json.loads(run("analyze", str(f)).stdout)
    assert d["meta"]["agency"] == "某县统计局" and d["meta"]["encoding"] == "gb18030"


def test_help_texts_have_examples():
    res = run("--help")
    assert res.exit_code == 0 and "Examples" in res.stdout
    res = run("analyze", "--help")
    assert res.exit_code == 0 and "textmine analyze" in res.stdout and "--max-bytes" in res.stdout
    res = run("errors")
    assert "file_too_large" in res.stdout and "not_a_report" in res.stdout


def test_console_script_and_module_entry_point(tmp_path):
    f = write(tmp_path / "r.txt", REPORT)
    p = subprocess.run([sys.executable, "-m", "textmine", "analyze", str(f)], capture_output=True, text=True)
    assert p.returncode == 0 and json.loads(p.stdout)["meta"]["year"] == 2021


@needs_shared
def test_seeds_run_through_the_cli(tmp_path):
    for f in sorted(SEEDS.glob("*.txt")):
        d = json.loads(run("analyze", str(f)).stdout)
        assert d["errors"] == [] and len(d["sections"]) >= 6


def test_bundled_corpus_analyses_without_failures():
    if not any(CORPUS.glob("*.*")):
        pytest.skip("corpus/ not written yet")
    res = run("analyze", str(CORPUS))
    assert res.exit_code == 0, res.stderr
    docs = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(docs) >= 8
    assert all(d["errors"] == [] for d in docs)


def test_bundled_corpus_meta_and_sections_match_truth():
    truth_file = CORPUS / "truth.json"
    if not truth_file.exists():
        pytest.skip("corpus/truth.json not written yet")
    from textmine.pipeline import analyze_path

    for t in json.loads(truth_file.read_text(encoding="utf-8")):
        doc = analyze_path(CORPUS / t["file"])
        assert doc.errors == [], t["file"]
        assert doc.meta.year == t["year"], t["file"]
        assert doc.meta.template == t["template"], t["file"]
        assert doc.meta.script == t["script"], t["file"]
        assert doc.meta.published == t["published"], t["file"]
        assert doc.meta.agency == t["agency"], t["file"]
        assert [s.key for s in doc.sections if s.key != "preamble"] == t["sections"], t["file"]


def test_files_of_other_types_are_counted_and_old_word_files_get_a_hint(tmp_path):
    """A folder of reports often holds .doc/.wps files (not read: no PyPI reader for the
    old binary formats) and scans; the user is told how many, of which types, and how
    to convert the Word ones, both in folder mode and in a --out run's summary."""
    corpus = tmp_path / "reports"
    (corpus / "2020").mkdir(parents=True)
    write(corpus / "2020" / "r.txt", REPORT)
    write(corpus / "2020" / "old.DOC", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)  # OLE2 header
    write(corpus / "2020" / "scan.jpg", b"\xff\xd8\xff\xe0")
    write(corpus / ".hidden.doc", b"x")  # hidden files are not the user's reports

    res = run("analyze", str(corpus), "--format", "jsonl")
    assert res.exit_code == 0, res.output
    assert len(res.stdout.splitlines()) == 1
    said = " ".join(res.stderr.split())  # the console wraps long lines
    assert "2 file(s) of no supported type: .doc 1, .jpg 1" in said
    assert "convert .doc to .docx first" in said

    from textmine.corpus import run_corpus

    summary = run_corpus(corpus, tmp_path / "out", workers=1, progress=False)
    assert (summary.total, summary.not_read) == (1, {".doc": 1, ".jpg": 1})
    assert json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["not_read"] == {
        ".doc": 1,
        ".jpg": 1,
    }


def test_a_results_folder_in_use_is_refused_with_exit_code_5(tmp_path):
    """Two runs writing one results folder would interleave their journals: the second is
    refused with a message, not a traceback."""
    corpus = tmp_path / "reports"
    corpus.mkdir()
    write(corpus / "r.txt", REPORT)
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(out / '.lock')!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.lockf(fd, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        res = run("analyze", str(corpus), "--out", str(out), "--workers", "1")
        assert res.exit_code == 5, res.output
        assert "another textmine run is writing to" in " ".join(res.stderr.split())
        assert not (out / "results.duckdb").exists()
    finally:
        holder.kill()
        holder.wait()
    res = run("analyze", str(corpus), "--out", str(out), "--workers", "1")
    assert res.exit_code == 0, res.output


def test_pipeline_steps_are_named_and_can_be_disabled(monkeypatch):
    """`textmine tables` and `textmine claims` run without the statement step, so the
    statement model is never loaded for them; an unknown step name is an error."""
    import textmine.statements.classify as classify
    from textmine.pipeline import Pipeline

    assert Pipeline().pipe_names == ["sections", "tables", "metadata", "claims", "statements", "checks"]
    nlp = Pipeline(disable=["statements", "checks"])
    assert nlp.pipe_names == ["sections", "tables", "metadata", "claims"]

    def no_model():
        raise AssertionError("the statement model was loaded")

    monkeypatch.setattr(classify, "default_model", no_model)
    doc = nlp.analyze_path(CORPUS / "2021_pipe_full.txt")
    assert doc.tables and doc.claims and not doc.statements and not doc.checks
    for command in ("tables", "claims"):
        res = runner.invoke(app, [command, str(CORPUS / "2021_pipe_full.txt"), "--format", "json"])
        assert res.exit_code == 0, res.output
    with pytest.raises(ValueError, match="no such pipeline step: statement"):
        Pipeline(disable=["statement"])
