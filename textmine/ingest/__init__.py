"""Ingestion: one reader per format, each `bytes -> RawDocument`.

Readers are registered by file extension in `READERS`, so a new format is one module
and one line here. `read_path` applies the size limit and turns every failure into a
`TextmineError` with a stable code.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable

from textmine.document import RawDocument
from textmine.errors import TextmineError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # real reports are < 5 MB; a 50 MB "report" is junk


def _txt(data: bytes) -> RawDocument:
    from textmine.ingest.text import read_text

    return read_text(data)


def _md(data: bytes) -> RawDocument:
    """Markdown from converters: text in any encoding, read as text; its markup goes in
    normalisation and its pipe tables are read by the table reader's pipe layout."""
    from textmine.ingest.text import read_text

    raw = read_text(data)
    raw.format = "md"
    return raw


def _html(data: bytes) -> RawDocument:
    from textmine.ingest.html import read_html

    return read_html(data)


def _pdf(data: bytes) -> RawDocument:
    from textmine.ingest.pdf import read_pdf

    return read_pdf(data)


def _docx(data: bytes) -> RawDocument:
    from textmine.ingest.docx import read_docx

    return read_docx(data)


# Readers are imported lazily: a corpus of .txt files never pays for PDFium or python-docx.
READERS: dict[str, Callable[[bytes], RawDocument]] = {
    ".txt": _txt,
    ".text": _txt,
    ".md": _md,
    ".markdown": _md,
    ".htm": _html,
    ".html": _html,
    ".xhtml": _html,
    ".shtml": _html,
    ".pdf": _pdf,
    ".docx": _docx,
}

SUPPORTED_EXTENSIONS = tuple(READERS)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


NAME_NOT_UTF8 = "the file name is not valid UTF-8 (GBK bytes, usually): `path` shows it decoded"


def display_path(path: str) -> str:
    """`path` as text that every output can carry.

    File names from Chinese Windows archives are often GBK bytes, not UTF-8; Python keeps
    such bytes as surrogate escapes, which no JSON line, Parquet file or terminal can hold
    (one such name used to stop a whole corpus run). Each component that is not valid
    text is decoded as GB18030 (which covers GBK and GB2312), or shown with \\x escapes
    when it is not that either; if the decoded name is itself a real file beside it, the
    escaped form is used so that two files never share a path in the results. The result
    is for reading and for keys, not for opening the file."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    decoded, escaped = [], []
    for part in path.split(os.sep):
        try:
            part.encode("utf-8")
            decoded.append(part)
            escaped.append(part)
        except UnicodeEncodeError:
            raw = os.fsencode(part)
            escaped.append(raw.decode("utf-8", "backslashreplace"))
            try:
                decoded.append(raw.decode("gb18030"))
            except UnicodeDecodeError:
                decoded.append(escaped[-1])
    shown = os.sep.join(decoded)
    return os.sep.join(escaped) if os.path.lexists(shown) else shown


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file with the size limit checked before the bytes are loaded."""
    shown = display_path(str(path))  # messages are output: the name must be valid text
    name = os.path.basename(shown)
    try:
        if path.is_dir():
            raise TextmineError("unreadable", f"{shown} is a directory, not a file")
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            # a FIFO or device named report.txt would block the read forever (or never end)
            raise TextmineError("unreadable", f"{shown} is not a regular file (a pipe, socket or device)")
        size = st.st_size
    except TextmineError:
        raise
    except OSError as e:
        raise TextmineError("unreadable", f"cannot open {shown}: {e.strerror or e}") from e
    if max_bytes and size > max_bytes:
        raise TextmineError(
            "file_too_large", f"{name} is {size_text(size)}, over the {size_text(max_bytes)} limit (--max-bytes)"
        )
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1 if max_bytes else -1)
    except OSError as e:
        raise TextmineError("unreadable", f"cannot read {shown}: {e.strerror or e}") from e
    if max_bytes and len(data) > max_bytes:  # the file grew while we looked
        raise TextmineError("file_too_large", f"{name} is over the {size_text(max_bytes)} limit (--max-bytes)")
    if not data:
        raise TextmineError("empty_file", f"{name} is empty (0 bytes)")
    return data


def sniff_suffix(data: bytes) -> str:
    """The reader for bytes that come without a file name (standard input): PDF and
    DOCX by their magic, HTML by its tags near the start, anything else text."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx"
    low = head.lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in low or b"<html" in low:
        return ".html"
    return ".txt"


def size_text(n: int) -> str:
    """A byte count as a person reads it: 1.5 MB, 200 kB, 512 bytes."""
    if n >= 1048576:
        return f"{n / 1048576:.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n} bytes"


def read_data(data: bytes, suffix: str) -> RawDocument:
    """Dispatch bytes to the reader for `suffix` (".txt", ".html", ...)."""
    reader = READERS.get(suffix.lower())
    if reader is None:
        raise TextmineError(
            "unsupported_format",
            f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED_EXTENSIONS)}",
        )
    if not data:
        raise TextmineError("empty_file", "the file is empty (0 bytes)")
    raw = reader(data)
    if not raw.text.strip():
        raise TextmineError("no_text", "no readable text in the file")
    return raw


def read_path(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[RawDocument, bytes]:
    path = Path(path)
    if path.suffix.lower() not in READERS:
        raise TextmineError(
            "unsupported_format",
            f"unsupported file type {path.suffix or '(none)'}; supported: {', '.join(SUPPORTED_EXTENSIONS)}",
        )
    data = read_bytes(path, max_bytes)
    return read_data(data, path.suffix), data
