"""PDF reading speed: the old reader (pdfplumber: page text and its line-based table finder)
against the new one (PDFium via pypdfium2, laid out by ingest/pdf_layout.py), and the whole
pipeline on PDFs.

    pip install -e '.[bench]'          # pdfplumber, for the old reader's figures
    python benchmarks/pdf.py [--repeat 5] [--no-append]

Reads the real PDFs in ../shared/realdev (r01, r02), plus, when LibreOffice is installed,
two PDFs it makes from the real web page r05 (printed from the page, and exported from a
Word file of it). CPU time in this process (steady on a busy machine), best of --repeat.
Prints a markdown table and appends it to benchmarks/RESULTS.md unless --no-append.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import io
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from textmine.ingest.pdf import read_pdf  # noqa: E402
from textmine.pipeline import analyze_bytes  # noqa: E402


def old_reader(data: bytes) -> int:
    """What the reader before PDFium did with a file: every page's text and ruled tables
    through pdfplumber. Returns the characters read."""
    import pdfplumber

    n = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            n += len(page.extract_text() or "")
            for table in page.find_tables():
                table.extract()
            page.close()
    return n


def real_pdfs(tmp: Path) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in sorted((SHARED / "realdev" / "files").glob("*.pdf"))}
    soffice = shutil.which("soffice")
    page = SHARED / "realdev" / "files" / "r05.html"
    if soffice and page.exists():
        profile = f"-env:UserInstallation=file://{tmp / 'profile'}"
        shutil.copy(page, tmp / "r05.html")
        for target, src, out in (
            ("pdf", tmp / "r05.html", tmp / "page"),
            ("docx:MS Word 2007 XML", tmp / "r05.html", tmp / "docx"),
        ):
            subprocess.run(
                [soffice, profile, "--headless", "--convert-to", target, "--outdir", str(out), str(src)],
                capture_output=True,
                timeout=180,
            )
        subprocess.run(
            [
                soffice,
                profile,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp / "word"),
                str(tmp / "docx" / "r05.docx"),
            ],
            capture_output=True,
            timeout=180,
        )
        for name, path in (
            ("r05 page (LibreOffice).pdf", tmp / "page" / "r05.pdf"),
            ("r05 Word (LibreOffice).pdf", tmp / "word" / "r05.pdf"),
        ):
            if path.exists():
                files[name] = path.read_bytes()
    return files


def best(fn, data: bytes, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn(data)
        times.append(time.process_time() - t0)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-append", action="store_true")
    a = ap.parse_args()
    try:
        import pdfplumber  # noqa: F401

        have_old = True
    except ImportError:
        have_old = False
        print("pdfplumber is not installed (pip install -e '.[bench]'): the old reader is not timed", file=sys.stderr)
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as tmp:
        files = real_pdfs(Path(tmp))
    if not files:
        print("no real PDFs (../shared/realdev absent)", file=sys.stderr)
        return 1
    for data in files.values():  # warm-up: fonts, regex caches, the statement model
        read_pdf(data)
        analyze_bytes(data, "warm.pdf")
    rows = []
    tot = {"pages": 0, "old": 0.0, "new": 0.0, "pipeline": 0.0}
    for name, data in files.items():
        pages = len(pdfium.PdfDocument(data))
        old = best(old_reader, data, a.repeat) if have_old else float("nan")
        new = best(read_pdf, data, a.repeat)
        whole = best(lambda d, n=name: analyze_bytes(d, n), data, a.repeat)
        tot["pages"] += pages
        tot["old"] += old
        tot["new"] += new
        tot["pipeline"] += whole
        rows.append(
            f"| {name} | {pages} | {1000 * old / pages:.1f} | {1000 * new / pages:.1f} | "
            f"{1000 * old:.0f} | {1000 * new:.0f} | {old / new:.1f}× | {1000 * whole:.0f} | {1 / whole:.1f} |"
        )
    n = len(files)
    rows.append(
        f"| **all** | {tot['pages']} | {1000 * tot['old'] / tot['pages']:.1f} | "
        f"{1000 * tot['new'] / tot['pages']:.1f} | {1000 * tot['old'] / n:.0f} | {1000 * tot['new'] / n:.0f} | "
        f"{tot['old'] / tot['new']:.1f}× | {1000 * tot['pipeline'] / n:.0f} | {n / tot['pipeline']:.1f} |"
    )
    text = (
        "\n".join(
            [
                f"### PDF reading: {n} real PDFs — {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
                f"pypdfium2 {importlib.metadata.version('pypdfium2')}",
                "",
                f"`python benchmarks/pdf.py --repeat {a.repeat}` (CPU time, best of {a.repeat}; "
                "old = pdfplumber text + table finder, new = PDFium + layout; pipeline = every step on the new reader)",
                "",
                "| file | pages | old ms/page | new ms/page | old ms/report | new ms/report | new faster by | "
                "pipeline ms/report | pipeline reports/s per core |",
                "|---|---|---|---|---|---|---|---|---|",
                *rows,
            ]
        )
        + "\n"
    )
    print(text)
    if not a.no_append:
        with open(ROOT / "benchmarks" / "RESULTS.md", "a", encoding="utf-8") as f:
            f.write("\n" + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
