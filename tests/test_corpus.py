"""Corpus runs: outputs and schema, kill -9 then --resume, time-outs and dying workers,
changed corpora, journals, the Dask engine, the CLI."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb")

from textmine.corpus import records, run_corpus  # noqa: E402
from textmine.corpus.build import TABLES  # noqa: E402
from textmine.corpus.journal import Journal, completed_results, journals, seal  # noqa: E402
from textmine.synth import generate  # noqa: E402

from conftest import CORPUS, ROOT  # noqa: E402

REPORTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))


def tables_of(out: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(out / "results.duckdb"), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}
    finally:
        con.close()


def leftovers(out: Path) -> list[str]:
    """Anything under a temporary name (a half-written output looks like this)."""
    return sorted(
        str(p.relative_to(out))
        for p in out.rglob("*")
        if ".tmp" in p.name or p.name.startswith(".building") or ".old." in p.name or p.name.endswith(".wal")
    )


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for p in REPORTS:
        shutil.copy(p, root / p.name)
    (root / "zz_broken.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    )  # binary: an error row, not a crash
    (root / "zz_empty.txt").write_bytes(b"")
    return root


@pytest.fixture(scope="module")
def small_run(small_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("results")
    summary = run_corpus(small_corpus, out, workers=2, progress=False)
    return small_corpus, out, summary


def test_results_folder_schema_and_contents(small_run):
    root, out, summary = small_run
    assert (summary.total, summary.done, summary.skipped) == (len(REPORTS) + 2, len(REPORTS) + 2, 0)
    assert summary.failed == 2 and set(summary.errors) == {"binary_content", "empty_file"}
    assert (out / "documents.jsonl").exists() and (out / "results.duckdb").exists()
    assert sorted(p.name for p in (out / "parquet").iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    assert leftovers(out) == []

    lines = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["path"] for d in lines] == sorted(d["path"] for d in lines)  # path order, not completion order
    assert {
        "doc_id",
        "path",
        "sha256",
        "meta",
        "sections",
        "tables",
        "claims",
        "statements",
        "checks",
        "errors",
    } <= set(lines[0])

    t = tables_of(out)
    assert len(t["documents"]) == len(lines) == len(t["files"]) == len(t["texts"])
    con = duckdb.connect(str(out / "results.duckdb"), read_only=True)
    try:
        cols = {tb: [r[0] for r in con.execute(f"DESCRIBE {tb}").fetchall()] for tb in TABLES}
        broken = con.execute(
            "SELECT e.code FROM errors e JOIN files f USING (doc_id) WHERE f.path LIKE '%zz_broken.txt'"
        ).fetchall()
        # the claims of a report are there, with their spans into the stored text
        span = con.execute("""SELECT substr(t.text, c.start + 1, c."end" - c.start), c.value FROM claims c
                              JOIN texts t USING (doc_id) JOIN documents d USING (doc_id)
                              WHERE d.path LIKE '%2021_pipe_full.txt' AND c.type = 'applications_received'
                              ORDER BY c.ord LIMIT 1""").fetchone()
        parquet_docs = con.execute(
            f"SELECT count(*) FROM read_parquet('{out / 'parquet' / 'claims.parquet'}')"
        ).fetchone()
        n_claims = con.execute("SELECT count(*) FROM claims").fetchone()
    finally:
        con.close()
    assert broken == [("binary_content",)]
    assert "40" in span[0] and span[1] == 40
    assert parquet_docs == n_claims
    assert cols["cells"][:8] == ["doc_id", "table_key", "ord", "item", "row", "col", "key", "value"]
    assert {"doc_id", "check_id", "status", "message", "left", "right", "evidence"} <= set(cols["checks"])
    assert {"doc_id", "type", "value", "approx", "unit", "noun", "section", "start", "end", "text"} <= set(
        cols["claims"]
    )
    assert {"doc_id", "sha256", "path", "year", "template", "failed_checks", "error"} <= set(cols["documents"])


def documents_of(out: Path) -> list[dict]:
    """documents.jsonl, parsed (compared exactly: the same bytes give the same output in
    every process, whatever its hash seed; see test_output_does_not_depend_on_the_hash_seed)."""
    return [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


def test_output_does_not_depend_on_the_hash_seed(tmp_path):
    """Workers are separate processes with their own string-hash seeds: nothing in a
    document's output may follow set or hash order (sparse tables' notes once did)."""
    corpus = tmp_path / "corpus"
    generate(12, corpus, seed=5, layouts=["pipe_sparse"])
    outputs = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        outputs.append(
            subprocess.run(
                [sys.executable, "-m", "textmine", "analyze", str(corpus)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                check=False,
            ).stdout
        )
    assert outputs[0].count(b"\n") == 12 and b"lone value" in outputs[0]
    assert outputs[0] == outputs[1] == outputs[2]


def _journal_lines(out: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in journals(out))


def test_kill_9_then_resume_builds_the_same_database(tmp_path):
    corpus = tmp_path / "corpus"
    generate(60, corpus, seed=3)
    for p in REPORTS[:4]:
        shutil.copy(p, corpus / p.name)
    full, resumed = tmp_path / "full", tmp_path / "resumed"
    run_corpus(corpus, full, workers=2, progress=False)

    cmd = [sys.executable, "-m", "textmine", "analyze", str(corpus), "--out", str(resumed), "--workers", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _journal_lines(resumed) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed; use a larger corpus"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = _journal_lines(resumed)
    assert 20 <= killed_at < 64
    # nothing looks complete: the database and documents.jsonl are only built at the end
    assert not (resumed / "results.duckdb").exists() and not (resumed / "documents.jsonl").exists()

    summary = run_corpus(corpus, resumed, workers=2, resume=True, progress=False)
    assert summary.skipped >= killed_at - 1  # a line cut by the kill is redone
    assert summary.skipped + summary.done == summary.total == 64
    assert tables_of(resumed) == tables_of(full)
    assert documents_of(resumed) == documents_of(full)
    assert leftovers(resumed) == []

    again = run_corpus(corpus, resumed, workers=1, resume=True, progress=False)  # nothing left to do
    assert (again.done, again.skipped) == (0, 64)
    assert tables_of(resumed) == tables_of(full)


def test_resume_follows_a_changed_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in REPORTS[:5]:
        shutil.copy(p, corpus / p.name)
    out = tmp_path / "out"
    run_corpus(corpus, out, workers=1, progress=False)
    (corpus / REPORTS[0].name).unlink()  # deleted
    changed = corpus / REPORTS[1].name
    changed.write_bytes(changed.read_bytes().replace("政府信息".encode(), "政府资讯".encode(), 1))  # edited
    shutil.copy(REPORTS[2], corpus / "copy_of_third.txt")  # same bytes under a second name
    resumed = run_corpus(corpus, out, workers=1, resume=True, progress=False)
    assert (resumed.done, resumed.skipped) == (1, 4)  # only the edited file is analysed again
    fresh = tmp_path / "fresh"
    run_corpus(corpus, fresh, workers=1, progress=False)
    assert tables_of(out) == tables_of(fresh)
    t = tables_of(out)
    assert len(t["files"]) == 5 and len(t["documents"]) == 4  # two paths, one document
    dup = [f for f in t["files"] if f[0].endswith(("copy_of_third.txt", REPORTS[2].name))]
    assert len({f[1] for f in dup}) == 1


def test_timeout_and_dying_worker_cost_one_document_each(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in REPORTS[:3]:
        shutil.copy(p, corpus / p.name)
    shutil.copy(REPORTS[3], corpus / "slow.txt")
    shutil.copy(REPORTS[4], corpus / "crash.txt")
    real = records.analyze_path

    def misbehaving(path, options):  # inherited by the forked workers
        if path.name == "slow.txt":
            time.sleep(30)
        if path.name == "crash.txt":
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer does
        return real(path, options)

    monkeypatch.setattr(records, "analyze_path", misbehaving)
    out = tmp_path / "out"
    t0 = time.monotonic()
    summary = run_corpus(corpus, out, workers=2, timeout=2.0, progress=False)
    assert time.monotonic() - t0 < 25
    assert summary.total == summary.done == 5
    con = duckdb.connect(str(out / "results.duckdb"), read_only=True)
    try:
        rows = dict(
            con.execute(
                "SELECT f.path, e.code || ': ' || e.message FROM errors e JOIN files f USING (doc_id)"
            ).fetchall()
        )
        ok = con.execute("SELECT count(*) FROM documents WHERE error IS NULL").fetchone()[0]
    finally:
        con.close()
    assert rows[str(corpus / "slow.txt")].startswith("timeout: ")
    assert rows[str(corpus / "crash.txt")].startswith("internal_error: the worker analysing this file died (signal 9)")
    assert ok == 3
    # both are transient: a resumed run tries them again; the three good ones are done
    assert len(completed_results(journals(out)).done) == 3


def test_documents_queued_behind_a_dying_or_stuck_one_are_analysed(tmp_path, monkeypatch):
    """One worker, files in this order: each misbehaving file has a good one queued
    behind it in the worker's pipe; those go to the replacement worker, not to waste."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, src in (
        ("a_crash.txt", REPORTS[0]),
        ("b_good.txt", REPORTS[1]),
        ("c_slow.txt", REPORTS[2]),
        ("d_good.txt", REPORTS[3]),
    ):
        shutil.copy(src, corpus / name)
    real = records.analyze_path

    def misbehaving(path, options):
        if path.name == "c_slow.txt":
            time.sleep(30)
        if path.name == "a_crash.txt":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, options)

    monkeypatch.setattr(records, "analyze_path", misbehaving)
    out = tmp_path / "out"
    summary = run_corpus(corpus, out, workers=1, timeout=2.0, progress=False)
    assert (summary.total, summary.done) == (4, 4)
    con = duckdb.connect(str(out / "results.duckdb"), read_only=True)
    try:
        errors = dict(con.execute("SELECT f.path, d.error FROM documents d JOIN files f USING (doc_id)").fetchall())
    finally:
        con.close()
    assert {Path(p).name: e for p, e in errors.items()} == {
        "a_crash.txt": "internal_error",
        "b_good.txt": None,
        "c_slow.txt": "timeout",
        "d_good.txt": None,
    }


def test_journal_seal_drops_a_cut_line_and_transients_are_not_done(tmp_path):
    task = records.Task(1, 0, "a.txt", str(tmp_path / "a.txt"))
    with Journal(tmp_path, 1) as j:
        j.append(records.ref_line(task, "ab" * 32))
        j.append(records.timeout_line(task._replace(seq=1), 5))
    path = journals(tmp_path)[0]
    whole = path.read_bytes()
    with open(path, "ab") as f:
        f.write(records.ref_line(task._replace(seq=2), "cd" * 32)[:40])  # killed mid-write
    assert seal(path) == 40 and path.read_bytes() == whole
    assert completed_results([path]).done == {bytes.fromhex("ab" * 32)}
    o = records.outcome(records.timeout_line(task, 5))
    assert o is not None and (o.kind, o.transient, o.error) == ("doc", True, "timeout")


def test_dask_engine_gives_the_local_engine_results(small_run, tmp_path):
    distributed = pytest.importorskip("distributed")
    root, local_out, _ = small_run
    out = tmp_path / "dask"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        summary = run_corpus(root, out, engine="dask", scheduler=cluster.scheduler_address, progress=False)
    assert summary.done == summary.total
    assert tables_of(out) == tables_of(local_out)


def test_cli_analyze_out_writes_results_and_exit_code(small_corpus, tmp_path):
    from typer.testing import CliRunner

    from textmine.cli import app

    out = tmp_path / "cli"
    result = CliRunner().invoke(app, ["analyze", str(small_corpus), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 3, result.output  # two files failed
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["total"] == len(REPORTS) + 2 and summary["failed"] == 2
    assert (out / "results.duckdb").exists()


def test_documents_jsonl_is_whole_when_the_kernel_copy_fails_midway(small_run, tmp_path, monkeypatch):
    """documents.jsonl is concatenated from the build's chunk files inside the kernel;
    a filesystem that refuses (EXDEV, ENOSYS) after part of a file must not leave that
    part twice or lose the rest."""
    import errno

    from textmine.corpus import build

    _, out, _ = small_run
    lines = (out / "documents.jsonl").read_bytes().splitlines(keepends=True)
    parts = []
    for i in range(0, len(lines), 2):
        parts.append(tmp_path / f"part{i}.jsonl")
        parts[-1].write_bytes(b"".join(lines[i : i + 2]))
    expected = b"".join(lines)

    build._concat(parts, tmp_path / "kernel.jsonl")
    assert (tmp_path / "kernel.jsonl").read_bytes() == expected

    real = os.copy_file_range
    calls = []

    def copies_a_little_then_fails(src, dst, count, *args):
        calls.append(count)
        if len(calls) % 2:
            return real(src, dst, min(count, 100))
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", copies_a_little_then_fails)
    build._concat(parts, tmp_path / "fallback.jsonl")
    assert calls and (tmp_path / "fallback.jsonl").read_bytes() == expected


def test_a_full_disk_stops_the_run_cleanly_and_resume_finishes_it(small_run, tmp_path, monkeypatch):
    """The disk fills up mid-journal (a line is cut), then again while building: each time
    the run stops with RunFailed saying what happened (the CLI prints it, exit code 5),
    leaves no half-built outputs, and `--resume` once there is room gives the database
    of an uninterrupted run."""
    import errno

    from textmine.corpus import build
    from textmine.corpus.journal import Journal as JournalClass
    from textmine.corpus.runner import RunFailed

    corpus, full, _ = small_run
    out = tmp_path / "out"
    real_append = JournalClass.append
    written = []

    def fills_up(self, line):
        if len(written) == 3:
            os.write(self._fd, line[:50])  # the disk took the start of the line
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(line)
        real_append(self, line)

    monkeypatch.setattr(JournalClass, "append", fills_up)
    with pytest.raises(RunFailed, match="No space left on device.*--resume"):
        run_corpus(corpus, out, workers=2, progress=False)
    assert not (out / "results.duckdb").exists() and leftovers(out) == []
    monkeypatch.setattr(JournalClass, "append", real_append)

    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build, "_concat", disk_full)
    with pytest.raises(RunFailed, match="building the results failed: No space left on device"):
        run_corpus(corpus, out, workers=2, resume=True, progress=False)
    assert not (out / "results.duckdb").exists() and not (out / ".tmp").exists()
    monkeypatch.undo()

    summary = run_corpus(corpus, out, workers=2, resume=True, progress=False)
    assert summary.skipped + summary.done == summary.total
    assert tables_of(out) == tables_of(full)
    assert leftovers(out) == []


def test_resume_redoes_results_of_another_model_and_never_mixes_pipelines(small_run, tmp_path, monkeypatch):
    """--resume reuses a result only if the same textmine code, data and statement model
    made it. Switching TEXTMINE_MODEL (here a copy of the default whose card was
    annotated) makes every document stale: all are analysed again, and the database
    says which pipeline made each row. Switching back reuses the first run's results,
    and the build picks those over the newer ones."""
    from textmine.statements import DEFAULT_MODEL

    corpus, _, _ = small_run
    out = tmp_path / "out"
    first = run_corpus(corpus, out, workers=2, progress=False)
    hashed = first.total - first.errors["empty_file"]  # an empty file has no sha256 to reuse a result by

    other = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, other)
    card = json.loads((other / "card.json").read_text(encoding="utf-8"))
    card["note"] = "the same weights, annotated: another model as far as provenance goes"
    (other / "card.json").write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("TEXTMINE_MODEL", str(other))
    second = run_corpus(corpus, out, workers=2, resume=True, progress=False)
    assert second.fingerprint != first.fingerprint
    assert (second.skipped, second.done, second.stale) == (0, second.total, hashed)

    def pipelines() -> set[str]:
        con = duckdb.connect(str(out / "results.duckdb"), read_only=True)
        try:
            return {p for (p,) in con.execute("SELECT DISTINCT pipeline FROM documents").fetchall()}
        finally:
            con.close()

    assert pipelines() == {second.fingerprint}
    again = run_corpus(corpus, out, workers=1, resume=True, progress=False)
    assert (again.done, again.stale) == (first.total - hashed, 0)  # only the file without a sha256 is retried

    monkeypatch.delenv("TEXTMINE_MODEL")
    back = run_corpus(corpus, out, workers=1, resume=True, progress=False)
    assert back.fingerprint == first.fingerprint and back.stale == 0
    assert pipelines() == {first.fingerprint}


def test_ctrl_c_stops_the_run_says_how_to_go_on_and_resume_finishes(tmp_path):
    """Ctrl-C reaches the whole foreground process group: the parent stops the workers,
    says how many documents are kept and that --resume goes on, exits 130 and leaves no
    process and no half-built output behind."""
    corpus = tmp_path / "corpus"
    generate(200, corpus, seed=5)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "textmine", "analyze", str(corpus), "--out", str(out), "--workers", "2"]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group, as a shell gives a foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while _journal_lines(out) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before Ctrl-C; use a larger corpus"
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    said = " ".join(err.split())
    assert proc.returncode == 130, said
    assert "interrupted: the" in said and "--resume to go on" in said and "Traceback" not in said
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # no worker outlived the parent
    assert not (out / "results.duckdb").exists() and leftovers(out) == []

    summary = run_corpus(corpus, out, workers=2, resume=True, progress=False)
    assert summary.skipped >= 20 and summary.skipped + summary.done == summary.total == 200


def test_results_from_workers_of_another_pipeline_are_counted(small_run, tmp_path, monkeypatch):
    """Dask workers may run another textmine than the client: their results carry their
    own fingerprint. The run keeps them (the database is complete) but counts them, and
    a later --resume from the client redoes them rather than mixing pipelines."""
    corpus, full, _ = small_run
    out = tmp_path / "out"
    monkeypatch.setattr(records, "pipeline_fingerprint", lambda: "0000000000000000")  # what workers write
    summary = run_corpus(corpus, out, workers=2, progress=False)
    assert summary.foreign == summary.done == summary.total
    assert summary.fingerprint != "0000000000000000"
    assert tables_of(out)["cells"] == tables_of(full)["cells"]
    monkeypatch.undo()
    again = run_corpus(corpus, out, workers=2, resume=True, progress=False)
    assert again.skipped == 0 and again.foreign == 0 and again.stale == summary.total - summary.errors["empty_file"]


def test_results_and_site_inside_the_corpus_are_not_read_as_reports(tmp_path):
    """`textmine analyze . --out results` then `textmine report results --out results/site`:
    the site's pages are copies of every report, and a second run must not read them (nor
    count them as files of other types)."""
    from textmine.corpus.walk import iter_corpus
    from textmine.site import build_site

    corpus = tmp_path / "reports"
    corpus.mkdir()
    for p in REPORTS[:3]:
        shutil.copy(p, corpus / p.name)
    first = run_corpus(corpus, corpus / "results", workers=1, progress=False)
    build_site(corpus / "results", corpus / "results" / "site")
    assert list((corpus / "results" / "site" / "docs").glob("*.html"))
    second = run_corpus(corpus, corpus / "results", workers=1, resume=True, progress=False)
    assert second.total == first.total == 3 and second.skipped == 3 and second.not_read == {}
    assert sorted(p.name for p in iter_corpus(corpus)) == sorted(p.name for p in REPORTS[:3])
    # pointed at explicitly, an output folder is still read (the user asked for it)
    assert list(iter_corpus(corpus / "results" / "site"))
    # results written into the corpus folder itself do not hide the corpus from a walk
    # started above it
    flat = tmp_path / "flat"
    flat.mkdir()
    shutil.copy(REPORTS[0], flat / REPORTS[0].name)
    run_corpus(flat, flat, workers=1, progress=False)
    assert [p.name for p in iter_corpus(tmp_path) if p.parent == flat] == [REPORTS[0].name]


def test_resume_does_not_read_unchanged_files_but_reads_changed_ones(tmp_path, monkeypatch):
    from textmine.corpus import runner

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in REPORTS[:5]:
        shutil.copy(p, corpus / p.name)
    assert records.file_state(str(corpus / REPORTS[0].name)) is None  # just written: could change within a tick
    monkeypatch.setattr(records, "_SETTLED_NS", 0)  # (the forked workers inherit it)
    out = tmp_path / "out"
    run_corpus(corpus, out, workers=2, progress=False)
    first = tables_of(out)
    read: list[str] = []
    real = runner._sha256
    monkeypatch.setattr(runner, "_sha256", lambda p, m: read.append(p.name) or real(p, m))

    again = run_corpus(corpus, out, workers=2, resume=True, progress=False)
    assert (again.done, again.skipped, read) == (0, 5, [])  # no file read to learn it is done
    unlimited = run_corpus(corpus, out, workers=2, resume=True, progress=False, max_bytes=0)  # 0: no limit
    assert (unlimited.done, unlimited.skipped) == (0, 5)
    assert tables_of(out) == first

    # rewritten in place, same size, its modification time set back (as tar or cp -p do):
    # only the change time tells, and it must be read and analysed again
    edited = corpus / REPORTS[1].name
    st = edited.stat()
    data = edited.read_bytes()
    new = data.replace("政府信息".encode(), "政府资讯".encode(), 1)
    assert new != data and len(new) == len(data)
    edited.write_bytes(new)
    os.utime(edited, ns=(st.st_atime_ns, st.st_mtime_ns))
    touched = corpus / REPORTS[2].name  # same bytes, new time: read to learn that, not analysed
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns - 10**9))
    resumed = run_corpus(corpus, out, workers=2, resume=True, progress=False)
    assert (resumed.done, resumed.skipped) == (1, 4)
    assert sorted(read) == sorted([edited.name, touched.name])
    fresh = tmp_path / "fresh"
    run_corpus(corpus, fresh, workers=1, progress=False)
    assert tables_of(out) == tables_of(fresh)

    read.clear()  # the new states were recorded (by the worker and by the ref line): nothing read now
    assert (run_corpus(corpus, out, workers=1, resume=True, progress=False).skipped, read) == (5, [])
    assert tables_of(out) == tables_of(fresh)


def test_resume_with_nothing_new_keeps_the_outputs_unless_one_was_touched(small_run, tmp_path, monkeypatch):
    from textmine.corpus import build

    root, first_out, _ = small_run
    out = tmp_path / "out"
    shutil.copytree(first_out, out)  # (copies get new inodes: the first resume builds again)
    # the empty file has no sha256 and is analysed again by every resume: its record is
    # new each time, the same each time
    first = run_corpus(root, out, workers=1, resume=True, progress=False)
    assert (first.done, first.skipped) == (1, len(REPORTS) + 1)
    expected, jsonl = tables_of(out), (out / "documents.jsonl").read_bytes()
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))["rows"]

    def must_not_build(*a, **k):
        raise AssertionError("the outputs were built again")

    monkeypatch.setattr(build, "_copy_chosen", must_not_build)
    again = run_corpus(root, out, workers=1, resume=True, progress=False)
    assert (again.done, again.skipped, again.rows, again.kept) == (1, len(REPORTS) + 1, rows, True)
    assert not first.kept
    assert tables_of(out) == expected and (out / "documents.jsonl").read_bytes() == jsonl

    # a user's own table in the database: the next resume must not take the outputs as
    # they were built (it builds them again)
    con = duckdb.connect(str(out / "results.duckdb"))
    con.execute("CREATE TABLE mine AS SELECT 1 AS x")
    con.close()
    with pytest.raises(AssertionError, match="built again"):
        run_corpus(root, out, workers=1, resume=True, progress=False)
    monkeypatch.undo()
    run_corpus(root, out, workers=1, resume=True, progress=False)
    assert tables_of(out) == expected and (out / "documents.jsonl").read_bytes() == jsonl

    # a file added to the corpus is a new input: built again, with it
    extra = tmp_path / "corpus"
    shutil.copytree(root, extra)
    shutil.copy(REPORTS[0], extra / "added_copy.txt")
    out2 = tmp_path / "out2"
    run_corpus(extra, out2, workers=1, progress=False)
    grown = run_corpus(extra, out2, workers=1, resume=True, progress=False)
    (extra / "added_copy.txt").unlink()
    shrunk = run_corpus(extra, out2, workers=1, resume=True, progress=False)
    assert grown.rows["files"] == shrunk.rows["files"] + 1
