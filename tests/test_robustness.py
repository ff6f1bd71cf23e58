"""Hostile and broken files in a corpus folder: each gets its exact error code (or is read
with a warning), the good reports beside them are analysed, and the run finishes.

Covers the resource limits of the robustness issue that concern files and folders: size
limit, zip bomb, PDF page limit, deeply nested HTML, NUL bytes, invalid surrogates,
symlink loops (file and directory), dangling links, FIFOs and unreadable files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from textmine.corpus.walk import iter_corpus
from textmine.pipeline import analyze_bytes, analyze_path

import fixture_builders as fx
from conftest import CORPUS

GOOD = CORPUS / "2021_pipe_full.txt"


def _report_text() -> str:
    return GOOD.read_bytes().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A corpus folder of bad files; name -> the outcome each must get ("ok" or a code)."""
    root = tmp_path_factory.mktemp("hostile")
    text = _report_text()
    expect: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> None:
        (root / name).write_bytes(data)
        expect[name] = outcome

    put("good.txt", text.encode("utf-8"), "ok")
    # NULs sprinkled through UTF-8 text: removed, with a warning
    put("nul_bytes.txt", text.encode("utf-8").replace("。".encode(), "。\x00".encode()), "ok")
    # an encoded lone surrogate and a cut multi-byte character: replaced, with a warning
    put("surrogate.txt", text.encode("utf-8") + b"\xed\xa0\x80" + "年".encode()[:2], "ok")
    put("utf16_lone_surrogate.txt", "\ufeff".encode("utf-16-le") + text.encode("utf-16-le") + b"\x00\xd8", "ok")
    put("mostly_garbage.txt", bytes(range(128, 256)) * 400, "decode_error")
    put("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary_content")
    put("too_large.txt", text.encode("utf-8") * 80, "file_too_large")  # over the run's --max-bytes below
    put("deep.html", b"<html><body>" + b"<div>" * 5_000 + text.encode("utf-8") + b"</body></html>", "html_error")
    put("bomb.docx", fx.zip_bomb_docx(tmp_path_factory.mktemp("src") / "bomb.docx", megabytes=60), "docx_error")
    put("not_a_zip.docx", b"PK\x03\x04 this is not really a zip", "docx_error")
    put("fake.pdf", b"%PDF-1.4\n" + text.encode("utf-8")[:3000], "pdf_error")
    put("empty.txt", b"", "empty_file")
    # links: a file symlink loop, a directory loop, a dangling link
    os.symlink(root / "loop_b.txt", root / "loop_a.txt")
    os.symlink(root / "loop_a.txt", root / "loop_b.txt")
    expect["loop_a.txt"] = expect["loop_b.txt"] = "unreadable"
    (root / "sub").mkdir()
    (root / "sub" / "inner.txt").write_bytes((text + "\n附件:无。\n").encode("utf-8"))  # other bytes: its own document
    expect[os.path.join("sub", "inner.txt")] = "ok"
    os.symlink(root, root / "sub" / "back_to_root")  # a directory loop: must not be walked forever
    os.symlink(root / "nowhere.txt", root / "dangling.txt")
    expect["dangling.txt"] = "unreadable"
    os.mkfifo(root / "fifo.txt")  # reading it would block forever
    expect["fifo.txt"] = "unreadable"
    (root / "folder.txt").mkdir()  # a directory with a report's name is not a file to read
    return root, expect


def _outcome(doc: dict) -> str:
    return doc["errors"][0]["code"] if doc["errors"] else "ok"


def test_corpus_run_gives_each_hostile_file_its_code(hostile_folder, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    from textmine.corpus import run_corpus

    root, expect = hostile_folder
    max_bytes = len(_report_text().encode("utf-8")) * 40
    summary = run_corpus(root, tmp_path / "out", workers=2, progress=False, max_bytes=max_bytes, timeout=120)
    docs = {
        os.path.relpath(d["path"], root): d
        for d in map(json.loads, (tmp_path / "out" / "documents.jsonl").open(encoding="utf-8"))
    }
    got = {name: _outcome(docs[name]) for name in expect if name in docs}
    assert got == {k: v for k, v in expect.items() if k in got}
    # every file is there once: the directory loop was not followed into duplicates
    assert set(expect) <= set(docs) and not any("back_to_root" in p for p in docs)
    assert summary.failed == sum(v != "ok" for v in expect.values())
    warnings = {name: " ".join(docs[name].get("warnings", [])) for name in ("nul_bytes.txt", "surrogate.txt")}
    assert "NUL" in warnings["nul_bytes.txt"] and "invalid byte sequence" in warnings["surrogate.txt"]
    assert docs["surrogate.txt"]["tables"] and docs["nul_bytes.txt"]["claims"]  # the report itself was read
    con = duckdb.connect(str(tmp_path / "out" / "results.duckdb"), read_only=True)
    codes = dict(con.execute("SELECT path, error FROM documents").fetchall())
    con.close()
    assert {os.path.relpath(p, root): c or "ok" for p, c in codes.items()}.items() >= got.items()


def test_unreadable_file_is_an_error_record(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    p = tmp_path / "locked.txt"
    p.write_text(_report_text(), encoding="utf-8")
    p.chmod(0)
    assert analyze_path(p).errors[0].code == "unreadable"


def test_corpus_walk_survives_loops_and_lists_each_file_once(hostile_folder):
    root, expect = hostile_folder
    names = [os.path.relpath(p, root) for p in iter_corpus(root)]
    assert len(names) == len(set(names))
    assert "folder.txt" not in names  # a directory named like a report is walked into, not read
    assert os.path.join("sub", "inner.txt") in names


@pytest.mark.parametrize("suffix", [".txt", ".html", ".htm", ".pdf", ".docx"])
def test_nul_and_surrogates_anywhere_never_crash(suffix):
    text = _report_text()
    for data in (
        text.encode("utf-8").replace(b"\n", b"\x00\n"),
        text.encode("utf-8", "surrogatepass")[:5000] + "\ud800\udfff".encode("utf-8", "surrogatepass"),
        ("&#xD800;&#0;" + text).encode("utf-8"),
        b"\x00" * 10_000,
    ):
        doc = analyze_bytes(data, "x" + suffix)
        json.dumps(doc.to_dict(with_text=True), ensure_ascii=False).encode("utf-8")  # serialisable as UTF-8
        assert "\x00" not in doc.text


def test_file_names_in_gbk_bytes_are_read_and_shown_decoded(tmp_path):
    """Archives made on Chinese Windows keep GBK file names; unpacked on Linux they are
    bytes that are not UTF-8. Such a name used to stop the whole corpus run (no JSON can
    carry it). Now each file is analysed and reported under its decoded name, with a
    warning; a decoded name that is also a real file's name gets \\x escapes instead, and
    bytes that are not GBK either are escaped."""
    duckdb = pytest.importorskip("duckdb")
    from textmine.corpus import run_corpus
    from textmine.ingest import NAME_NOT_UTF8

    root = tmp_path / "corpus"
    report = GOOD.read_bytes()
    broot = os.fsencode(root)
    try:
        os.makedirs(os.path.join(broot, b"\xc4\xea\xb1\xa8"))  # 年报 (GBK) as a folder
        os.makedirs(os.path.join(broot, "both".encode()))
        for name in (
            b"\xb1\xa8\xb8\xe6.txt",
            b"\xc4\xea\xb1\xa8/2021.txt",
            b"\xff\xfe.txt",
            "both/报告.txt".encode(),
            b"both/\xb1\xa8\xb8\xe6.txt",
        ):
            with open(os.path.join(broot, name), "wb") as f:
                f.write(report + b"\n" + name)  # distinct bytes: five documents
    except OSError as e:  # a file system that insists on UTF-8 names (macOS, some mounts)
        pytest.skip(f"cannot create a non-UTF-8 file name here: {e}")
    (root / "good.txt").write_bytes(report)
    with open(os.path.join(broot, b"\xc4\xea.txt"), "wb"):  # 年.txt, empty: its error names it
        pass
    expected = {
        "年.txt": True,
        "报告.txt": True,
        os.path.join("年报", "2021.txt"): True,
        "\\xff\\xfe.txt": True,
        os.path.join("both", "报告.txt"): False,
        os.path.join("both", "\\xb1\\xa8\\xb8\\xe6.txt"): True,
        "good.txt": False,
    }

    out = tmp_path / "out"
    summary = run_corpus(root, out, workers=1, progress=False)
    assert (summary.done, summary.failed) == (7, 1)
    docs = {
        os.path.relpath(d["path"], root): d for d in map(json.loads, (out / "documents.jsonl").open(encoding="utf-8"))
    }
    assert {name: NAME_NOT_UTF8 in d.get("warnings", []) for name, d in docs.items()} == expected
    assert docs.pop("年.txt")["errors"] == [{"code": "empty_file", "message": "年.txt is empty (0 bytes)"}]
    assert all(d["tables"] and not d["errors"] for d in docs.values())  # each report itself was read
    con = duckdb.connect(str(out / "results.duckdb"), read_only=True)
    files = {os.path.relpath(p, root) for (p,) in con.execute("SELECT path FROM files").fetchall()}
    con.close()
    assert files == set(expected)

    # one file on its own, as `textmine analyze FILE` reads it
    one = analyze_path(os.fsdecode(os.path.join(broot, b"\xb1\xa8\xb8\xe6.txt")))
    assert one.path == str(root / "报告.txt") and NAME_NOT_UTF8 in one.warnings
    json.dumps(one.to_dict(), ensure_ascii=False).encode("utf-8")  # printable as UTF-8

    # the journal's last line of defence: any other text quoting such a name (an
    # exception's message, say) is written with \x escapes instead of failing the line
    from textmine.corpus import records

    raw_name = os.fsdecode(b"\xb1\xa8.txt")
    line = records._dumps({"errors": [{"code": "internal_error", "message": f"OSError: {raw_name}"}]})
    assert json.loads(line)["errors"][0]["message"] == "OSError: \\xb1\\xa8.txt"
