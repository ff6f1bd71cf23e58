"""A real report's web page (realdev r05, the HTML of r22) turned into the files bodies
also publish — a Word file, a PDF printed from the page, a PDF exported from the Word
file — carries the page's hand-verified truth, so the DOCX and PDF readers are scored on
a real layout too. The conversions are made here with LibreOffice, never kept in the
repository; the tests skip when ../shared or LibreOffice is absent."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHARED

REALDEV = SHARED / "realdev"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    not (REALDEV / "truth" / "r05.json").exists() or SOFFICE is None,
    reason="needs ../shared/realdev and LibreOffice (soffice)",
)


def convert(src: Path, target: str, out: Path, profile: Path) -> Path:
    """`soffice --headless --convert-to TARGET`, with a profile of its own (a user's
    running LibreOffice would otherwise take the job)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    produced = out / (src.stem + "." + target.split(":")[0])
    assert produced.exists(), f"LibreOffice made no {produced.name}"
    return produced


@pytest.fixture(scope="module")
def conversions(tmp_path_factory) -> tuple[Path, Path]:
    """files/ with r05 as .docx, as a PDF of the page and as a PDF of the Word file, and
    truth/ with r05's truth pointing at each."""
    tmp = tmp_path_factory.mktemp("lo")
    profile = tmp / "profile"
    files, truth = tmp / "files", tmp / "truth"
    files.mkdir()
    truth.mkdir()
    page = tmp / "r05.html"
    shutil.copy(REALDEV / "files" / "r05.html", page)
    made = {
        "r05.docx": convert(page, "docx:MS Word 2007 XML", tmp / "docx", profile),
        "r05-page.pdf": convert(page, "pdf", tmp / "pdf", profile),
    }
    made["r05-word.pdf"] = convert(made["r05.docx"], "pdf", tmp / "wordpdf", profile)
    t = json.loads((REALDEV / "truth" / "r05.json").read_text(encoding="utf-8"))
    for name, path in made.items():
        shutil.copy(path, files / name)
        (truth / f"{Path(name).stem}.json").write_text(
            json.dumps({**t, "file": f"files/{name}"}, ensure_ascii=False), encoding="utf-8"
        )
    return files, truth


def test_docx_and_pdf_made_from_a_real_page_read_as_the_page(conversions):
    files, truth = conversions
    env = {**os.environ, "TEXTMINE_CMD": f"{sys.executable} -m textmine"}
    res = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "realscore.py"),
            "--files",
            str(files),
            "--truth",
            str(truth),
            "--detail",
            "--min-cells",
            "0.99",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    lines = res.stdout.splitlines()
    assert len([ln for ln in lines if ln.startswith("r05")]) == 3
    # r05's inconsistencies are in its prose, not its tables: no identity may fail
    assert all("identity fails 0" in ln for ln in lines if ln.startswith("r05")), res.stdout
