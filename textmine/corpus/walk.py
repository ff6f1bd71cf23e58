"""Walking a corpus folder: which files are reports to read, in a stable order.

A walk follows symlinked folders once (loops are cut), skips hidden files and folders and
textmine's own results folders and report sites (marked by `OUTPUT_MARKER`), and counts
the files of other types it passes over, so a user hears about old Word files and scans.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Iterator, Optional

from textmine.ingest import SUPPORTED_EXTENSIONS, is_supported
from textmine.outputs import OUTPUT_MARKER

# Word processor formats reports come in that no reader here handles: LibreOffice
# converts them to .docx, which textmine reads
_CONVERT_TO_DOCX = (".doc", ".wps", ".rtf", ".odt")


def not_read_line(others: dict[str, int]) -> str:
    """The closing summary's line for the files a corpus run passed over."""
    shown = sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))
    line = (
        f"{sum(others.values())} file(s) of no supported type: "
        + ", ".join(f"{ext} {n}" for ext, n in shown[:6])
        + (", ..." if len(shown) > 6 else "")
    )
    convertible = [ext for ext, _ in shown if ext in _CONVERT_TO_DOCX]
    if convertible:
        line += (
            f"; convert {'/'.join(convertible)} to .docx first, e.g. soffice --headless --convert-to docx"
            f" FILES (textmine reads {' '.join(SUPPORTED_EXTENSIONS)})"
        )
    return line


_DOCUMENTATION = re.compile(r"(?i)^(?:readme|license|licence|changelog|contributing)(?:[._-].*)?$")


def iter_corpus(root: Path | str, others: Optional[Counter] = None) -> Iterator[Path]:
    """Supported files under `root`, in a stable order, without following symlink loops.
    `others`, when given, counts the files passed over, by extension (".doc": 12): a
    folder of reports often holds old Word files or scans a user must hear about."""
    root = Path(root)
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        try:
            st = os.stat(dirpath)
            ident = (st.st_dev, st.st_ino)
        except OSError:
            dirnames[:] = []
            continue
        if ident in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add(ident)
        if dirpath != str(root) and OUTPUT_MARKER in filenames:
            dirnames[:] = []  # textmine's own results or site: its pages are not reports to read
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            p = Path(dirpath) / name
            if _DOCUMENTATION.match(name):
                # a folder's README.md or LICENSE.txt describes the folder; it is no report
                if others is not None:
                    others["README/LICENSE"] += 1
                continue
            if is_supported(p):
                yield p
            elif others is not None:
                others[p.suffix.lower() or "(none)"] += 1
