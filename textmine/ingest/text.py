"""Plain-text reader: decode any encoding Chinese reports are published in.

Order of evidence: a byte-order mark; strict UTF-8 (which almost never decodes
non-UTF-8 Chinese by accident); UTF-16 without BOM (every other byte NUL); then the
legacy encodings GB18030 (superset of GBK/GB2312) and Big5, chosen by how much of the
decoded text is common Chinese. GBK bytes often decode as Big5 without an error, so
"it decoded" is not evidence: the common-character score is.
"""

from __future__ import annotations

import codecs

from textmine.document import RawDocument
from textmine.errors import TextmineError
from textmine.lexicon import common_char_ratio

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    # ASCII-heavy UTF-16 has NULs in one byte lane; CJK-heavy UTF-16 has few NULs at all,
    # so we also accept it when it decodes strictly and reads as Chinese.
    for enc, lane in (("utf-16-le", odd), ("utf-16-be", even)):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if lane > 0.3 or common_char_ratio(text) > 0.3:
            return text
    return None


def _repaired(data: bytes, enc: str, warnings: list[str] | None) -> tuple[str, str] | None:
    """The text with a few invalid byte sequences replaced (a byte flipped in transit, a
    lone surrogate, a file cut mid-character): losing a whole report to them would be
    worse than losing those characters. Accepted only when they are few and the rest
    reads as Chinese; the warning says how many were replaced."""
    text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd") - data.decode(enc, errors="ignore").count("\ufffd")
    if bad <= max(5, len(text) // 500) and common_char_ratio(text) > 0.2:
        if warnings is not None:
            warnings.append(f"{bad} invalid byte sequence(s) in {enc} text were replaced")
        return text.replace("\ufffd", ""), enc
    return None


def decode(data: bytes, warnings: list[str] | None = None) -> tuple[str, str]:
    """Return (text, encoding name); repairs of invalid bytes are added to `warnings`."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                got = _repaired(data, enc, warnings)
                if got is not None:
                    return got
                raise TextmineError("decode_error", f"byte-order mark says {enc} but the bytes are not: {e}") from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text, "utf-16"
    if _looks_binary(data):
        raise TextmineError("binary_content", "the file looks like binary data, not text")
    best: tuple[float, str, str] | None = None
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = common_char_ratio(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is not None and best[0] > 0.2:
        return best[1], best[2]
    for enc in ("utf-8", "gb18030"):
        got = _repaired(data, enc, warnings)
        if got is not None:
            return got
    # Last resort: a lenient guess, but only if most of it is readable.
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
    except Exception:  # charset_normalizer raises on some pathological inputs
        match = None
    if match is not None:
        text = str(match)
        if common_char_ratio(text) > 0.2:
            return text, match.encoding
    raise TextmineError("decode_error", "could not decode the file as UTF-8, UTF-16, GB18030/GBK or Big5 text")


def read_text(data: bytes) -> RawDocument:
    warnings: list[str] = []
    if (
        _looks_binary(data)
        and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        and b"\x00" not in data[:2]
    ):
        # NUL-heavy data might still be BOM-less UTF-16; decode() checks that first.
        try:
            text, enc = decode(data, warnings)
        except TextmineError:
            raise TextmineError("binary_content", "the file looks like binary data, not text") from None
    else:
        text, enc = decode(data, warnings)
    if "\x00" in text:
        warnings.append(f"{text.count(chr(0))} NUL character(s) removed")
        text = text.replace("\x00", "")
    return RawDocument(text=text, format="txt", encoding=enc, warnings=warnings)
