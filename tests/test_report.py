"""The static site: dashboard plots, sortable list, document pages with highlights, table
grids and evidence links; report text escaped everywhere; pages checked in headless
Chromium (skipped when /usr/bin/chromium is absent), screenshots kept as artifacts."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("duckdb")

from textmine.corpus.build import build  # noqa: E402
from textmine.corpus.journal import Journal, journals  # noqa: E402
from textmine.corpus.records import Task, doc_line  # noqa: E402
from textmine.ingest import read_data  # noqa: E402
from textmine.pipeline import analyze_raw  # noqa: E402
from textmine.site import build_site  # noqa: E402
from textmine.synth import make_report  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
PAYLOAD = (
    "<script>document.body.setAttribute('data-pwned','1')</script>"
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"><a href=\"javascript:alert(1)\">x</a>"
)


def _analysed(name: str, data: bytes, suffix: str):
    """A document as the pipeline gives it (tables, claims, statements, checks)."""
    doc = analyze_raw(read_data(data, suffix), path=name, sha256=hashlib.sha256(data).hexdigest())
    assert doc.tables, "the synthetic reports all have tables"
    return doc


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    results = tmp_path_factory.mktemp("results")
    docs = []
    # synthetic reports with injected table and prose inconsistencies, in several layouts
    for index in (0, 3, 5, 10, 13, 17, 24, 29):
        name, data, truth = make_report(5, index)
        docs.append((_analysed(name, data, Path(name).suffix), truth))
    doc = _analysed(f"evil{PAYLOAD[:20]}.txt", make_report(5, 6)[1], ".txt")
    doc.meta.title = "报告" + PAYLOAD
    doc.meta.agency = PAYLOAD
    doc.claims[0].text = PAYLOAD
    doc.text += "\n" + PAYLOAD + " onerror=alert(1) javascript:alert(2)\n"
    if doc.checks:
        doc.checks[0].message = PAYLOAD
    docs.append((doc, None))
    with Journal(results, 1) as j:
        for seq, (d, _) in enumerate(docs):
            j.append(doc_line(Task(1, seq, d.path, d.path), d))
    build(results, journals(results), 1)
    out = tmp_path_factory.mktemp("site")
    summary = build_site(results, out)
    return out, summary, docs, results


def test_index_has_plots_and_a_sortable_list(site):
    out, summary, docs, _ = site
    assert summary.documents == summary.pages == len(docs)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<svg") >= 2
    assert "Share of reports failing each check" in index and "Applications received per report" in index
    assert "table 3 new.total" in index  # the distribution comes from the tables, not the prose
    assert index.count('<tr><td data-v="') == len(docs) + index.count('<a href="bodies/')  # documents and bodies
    assert "addEventListener('click'" in index
    assert not re.search(r'(?:src|href)="(?:https?:)?//|url\(', index)  # nothing loaded from elsewhere
    for d, _ in docs:
        assert f'href="docs/{d.doc_id}.html"' in index


def test_document_page_highlights_grids_and_evidence_links(site):
    out, _, docs, _ = site
    injected = [(d, t) for d, t in docs if t and any(i["kind"] in ("balance", "rowsum", "t4") for i in t["injected"])]
    assert injected, "the fixture needs a report with a broken table identity"
    d, truth = injected[0]
    page = (out / "docs" / f"{d.doc_id}.html").read_text(encoding="utf-8")
    assert page.count('<mark class="claim') >= 5
    assert 'class="st st-problem"' in page and 'class="st st-improvement"' in page
    assert page.count('<table class="grid"') == 3
    assert "check-fail" in page  # cells of the broken identity are marked
    for check_id in truth["expect_fail"]:
        if check_id.startswith("t"):
            assert f"<code>{check_id}</code>" in page
    ids = set(re.findall(r'id="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    assert links and all(link in ids for link in links), [x for x in links if x not in ids][:5]


def test_report_text_is_escaped_everywhere(site):
    out, _, docs, _ = site
    evil, _ = docs[-1]
    for page in [out / "index.html", out / "docs" / f"{evil.doc_id}.html"]:
        html = page.read_text(encoding="utf-8")
        assert "<script>document.body" not in html and "<img src=x" not in html and '<a href="javascript:' not in html
        assert "&lt;script&gt;document.body.setAttribute(&#x27;data-pwned&#x27;" in html
    body = (out / "docs" / f"{evil.doc_id}.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in body and "script-src" not in body  # document pages run no script at all


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_pages_in_headless_chromium(site, tmp_path):
    out, _, docs, _ = site
    evil, _ = docs[-1]
    doc_page = out / "docs" / f"{docs[0][0].doc_id}.html"
    dom = _chromium(["--dump-dom", doc_page.as_uri()], tmp_path / "p1").stdout
    assert dom.count("<mark") >= 5 and 'class="grid"' in dom
    index_dom = _chromium(["--dump-dom", (out / "index.html").as_uri()], tmp_path / "p2").stdout
    assert "<svg" in index_dom and "<rect" in index_dom
    evil_dom = _chromium(["--dump-dom", (out / "docs" / f"{evil.doc_id}.html").as_uri()], tmp_path / "p3").stdout
    body_tag = re.search(r"<body[^>]*>", evil_dom).group(0)
    assert "data-pwned" not in body_tag and "<img" not in evil_dom  # the payload stayed text
    artifacts = Path(os.environ.get("TEXTMINE_ARTIFACTS", tmp_path))
    artifacts.mkdir(parents=True, exist_ok=True)
    for name, page in (("report_index.png", out / "index.html"), ("report_document.png", doc_page)):
        shot = tmp_path / name
        _chromium(["--window-size=1280,2000", f"--screenshot={shot}", page.as_uri()], tmp_path / ("s" + name))
        assert shot.exists() and shot.stat().st_size > 20_000, name
        if artifacts != tmp_path:
            shutil.copy(shot, artifacts / name)


def test_report_command(site, tmp_path):
    from typer.testing import CliRunner

    from textmine.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["report", str(tmp_path / "nothing"), "--out", str(tmp_path / "site")])
    assert missing.exit_code == 2
    results = site[3]
    made = runner.invoke(app, ["report", str(results), "--out", str(tmp_path / "site"), "--max-docs", "2"])
    assert made.exit_code == 0, made.output
    assert len(list((tmp_path / "site" / "docs").iterdir())) == 2


def test_index_lists_the_worst_documents_when_the_corpus_is_large(site, tmp_path, monkeypatch):
    """A million-row list is no page a browser opens: the index shows the documents with
    the most failed checks up to INDEX_ROWS and says where the rest are; counts and
    document pages still cover every document."""
    import textmine.site.build as report

    _, _, docs, results = site
    monkeypatch.setattr(report, "INDEX_ROWS", 3)
    summary = build_site(results, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (summary.documents, summary.pages) == (len(docs), len(docs))
    assert f"The 3 documents with the most failed checks of {len(docs)}" in index
    assert f"<p>共 {len(docs)} 份报告 documents · " in index
    listed = re.findall(r'<td data-v="[^"]*"><a href="docs/([0-9a-f]+)\.html">', index)
    worst = sorted(docs, key=lambda d: (-sum(c.status == "fail" for c in d[0].checks), d[0].path))[:3]
    assert listed == [d.doc_id for d, _ in worst]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_the_sites_fonts_render_chinese_glyphs_not_boxes(tmp_path):
    """With the site's own CSS, distinct Chinese characters must render as distinct ink:
    without a CJK font every one is the same empty box (tofu), and the DOM tests above
    still pass. .ci/run installs fonts-noto-cjk; this fails when that goes away."""
    from PIL import Image, ImageChops

    from textmine.site.build import CSS

    chars = "政府公开"
    spans = "".join(
        f'<span style="display:inline-block;width:100px;height:100px;font-size:80px;line-height:100px;'
        f'text-align:center;vertical-align:top">{c}</span>'
        for c in chars
    )
    page = tmp_path / "glyphs.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{CSS}</style></head>'
        f'<body style="margin:0;padding:0;max-width:none"><div style="white-space:nowrap;font-size:0">{spans}'
        "</div></body></html>",
        encoding="utf-8",
    )
    shot = tmp_path / "glyphs.png"
    _chromium(["--window-size=800,300", f"--screenshot={shot}", page.as_uri()], tmp_path / "g")
    image = Image.open(shot).convert("L")
    crops = [image.crop((i * 100, 0, i * 100 + 100, 100)) for i in range(len(chars))]
    inked = [sum(crop.histogram()[:128]) for crop in crops]
    assert all(n > 150 for n in inked), f"a character drew (almost) nothing: {inked}"
    for i in range(len(crops)):
        for j in range(i + 1, len(crops)):
            differ = ImageChops.difference(crops[i], crops[j]).point(lambda p: 255 if p > 64 else 0)
            assert sum(differ.histogram()[1:]) > 100, f"{chars[i]} and {chars[j]} drew the same shape (tofu)"
