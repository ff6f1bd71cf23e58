"""Broken and hostile variants of reports, for robustness testing (fuzzing).

`hostile_case(seed, index)` turns a synthetic report into what the web hands a corpus
run on a bad day: cut off, lines shuffled, numbers thousands of digits long, tables with
cells added or dropped, scripts mixed, NULs and lone surrogates, markup payloads, bytes
flipped, wrong encodings, a file that claims to be a PDF or a .docx and is not. The same
(seed, index) always gives the same bytes, so a failing case can be replayed alone
(`python benchmarks/fuzz.py --replay SEED:INDEX`).

Used by tests/test_fuzz.py (hypothesis draws the seeds and indices) and by
benchmarks/fuzz.py (100,000 cases in worker processes with a hang watchdog).
"""

from __future__ import annotations

import io
import random
import zipfile
from typing import Callable

from textmine.synth.generate import make_report

# pieces the mutations insert
_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "\"'><svg onload=alert(1)>",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "'; DROP TABLE documents; --",
]
_ODD_CHARS = [
    "\x00",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\ufffd",
    "\u3000",
    "\xa0",
    "\x1b[31m",
    "\r",
    "\u2028",
    "𠀀",
    "🙂",
    "\U0010ffff",
    "ｱ",
    "Ａ１",
    "\u0301",
    "〔2020〕",
    "|",
    "||||",
    "丨",
    "┃",
]
_TRADITIONAL = str.maketrans(
    "政府信息公开开会处理申请结转总计报告统计数复议诉讼门户网站",
    "政府資訊公開開會處理申請結轉總計報告統計數復議訴訟門戶網站",
)
_PINYIN = ["(kāi)", "(gōng)", "(xìn)", "(shēn)", "(qǐng)"]
_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def _truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _shuffle_lines(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    if rng.random() < 0.5:
        rng.shuffle(lines)
    else:  # a few lines moved: a scraper that mixed up blocks
        for _ in range(rng.randint(1, 5)):
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _huge_numbers(rng: random.Random, text: str) -> str:
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not digits:
        return text + "收到申请" + "9" * rng.choice([20, 400, 5000]) + "件。"
    out = list(text)
    for _ in range(rng.randint(1, 6)):
        i = rng.choice(digits)
        out[i] = rng.choice(
            [
                "9" * rng.choice([13, 20, 300, 3000]),
                "1e308",
                "-5",
                "0.0000001",
                "１２３４５６７８９０１２３４５",
                "九千九百九十九万亿",
                "1,234,567,890,123,456",
                "nan",
                "inf",
                "99999999999999999999.5",
            ]
        )
    return "".join(out)


def _table_columns(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if "|" in line or sum(ch.isdigit() for ch in line) >= 3]
    for i in rng.sample(rows, min(len(rows), rng.randint(1, 12))):
        cells = lines[i].split("|") if "|" in lines[i] else lines[i].split()
        if not cells:
            continue
        op = rng.random()
        j = rng.randrange(len(cells))
        if op < 0.35:
            cells.insert(j, rng.choice(["", "0", "7", "-", "123456", "约5", "—"]))
        elif op < 0.7:
            del cells[j]
        else:
            cells = cells * rng.randint(2, 8)  # a row repeated onto one line
        lines[i] = ("|" if "|" in lines[i] else " ").join(cells)
    return "\n".join(lines)


def _mixed_scripts(rng: random.Random, text: str) -> str:
    a = rng.randrange(len(text) + 1)
    b = min(len(text), a + rng.randint(10, 2000))
    mid = text[a:b].translate(_TRADITIONAL)
    if rng.random() < 0.5:
        mid = "".join(ch + (rng.choice(_PINYIN) if rng.random() < 0.1 else "") for ch in mid)
    return text[:a] + mid + text[b:]


def _odd_characters(rng: random.Random, text: str) -> str:
    out = list(text)
    for _ in range(rng.randint(1, 40)):
        out.insert(rng.randrange(len(out) + 1), rng.choice(_ODD_CHARS))
    return "".join(out)


def _random_unicode(rng: random.Random, text: str) -> str:
    def char() -> str:
        while True:
            cp = rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x4E00, 0x9FFF), rng.randrange(0x110000)])
            if not 0xD800 <= cp <= 0xDFFF:
                return chr(cp)

    chunk = "".join(char() for _ in range(rng.randint(1, 3000)))
    i = rng.randrange(len(text) + 1)
    return text[:i] + chunk + text[i:]


def _payloads(rng: random.Random, text: str) -> str:
    out = text
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out) + 1)
        out = out[:i] + rng.choice(_PAYLOADS) + out[i:]
    return out


def _repeated_structure(rng: random.Random, text: str) -> str:
    """Headings many times over, a section repeated, or an endless list: inputs that make
    naive segmenters and enumerators quadratic."""
    op = rng.random()
    if op < 0.4:
        return text + "\n".join(rng.choice(_HEADINGS) for _ in range(rng.randint(50, 2000)))
    if op < 0.7:
        return text + "".join(f"{'一二三四五六七八九十'[k % 10]}是加强培训;" for k in range(rng.randint(50, 3000)))
    return text + ("其中" + "1件、" * rng.randint(50, 2000)) + "。"


def _delete_spans(rng: random.Random, text: str) -> str:
    out = text
    for _ in range(rng.randint(1, 10)):
        if not out:
            break
        a = rng.randrange(len(out))
        out = out[:a] + out[a + rng.randint(1, 200) :]
    return out


TEXT_MUTATIONS: list[Callable[[random.Random, str], str]] = [
    _truncate,
    _shuffle_lines,
    _huge_numbers,
    _table_columns,
    _mixed_scripts,
    _odd_characters,
    _random_unicode,
    _payloads,
    _repeated_structure,
    _delete_spans,
]


def _encode(rng: random.Random, text: str) -> tuple[bytes, str]:
    r = rng.random()
    if r < 0.45:
        return text.encode("utf-8", "surrogatepass"), ".txt"
    if r < 0.6:
        return text.encode("gb18030", "replace"), ".txt"
    if r < 0.68:
        return text.encode(rng.choice(["utf-16", "utf-16-le", "big5", "gbk"]), "replace"), ".txt"
    if r < 0.88:
        return _as_html(rng, text).encode("utf-8", "surrogatepass"), rng.choice([".html", ".htm"])
    if r < 0.94:
        return _as_docx(rng, text), ".docx"
    return _fake_pdf(rng, text), ".pdf"


def _as_html(rng: random.Random, text: str) -> str:
    import html

    lines = text.split("\n")
    body = []
    for line in lines:
        if "|" in line and rng.random() < 0.8:
            cells = line.strip("|").split("|")
            span = f' rowspan="{rng.choice([1, 2, 0, 99999, -1])}"' if rng.random() < 0.1 else ""
            body.append("<tr>" + "".join(f"<td{span}>{html.escape(c)}</td>" for c in cells) + "</tr>")
        else:
            body.append(f"<p>{html.escape(line) if rng.random() < 0.9 else line}</p>")
    page = '<html><head><meta charset="utf-8"></head><body><table>' + "".join(body) + "</table></body></html>"
    if rng.random() < 0.1:
        depth = rng.choice([100, 1000, 20000])
        page = page.replace("<body>", "<body>" + "<div>" * depth, 1)
    if rng.random() < 0.1:
        page = page[: rng.randrange(len(page) + 1)]  # cut off mid-tag
    return page


def _as_docx(rng: random.Random, text: str) -> bytes:
    """A .docx-looking zip: sometimes a valid minimal document, sometimes broken."""
    from xml.sax.saxutils import escape

    paras = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text.split("\n")[:400])
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{paras}</w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", xml if rng.random() < 0.8 else xml[: rng.randrange(len(xml))])
    data = buf.getvalue()
    if rng.random() < 0.2:
        data = data[: rng.randrange(len(data) + 1)]
    return data


def _fake_pdf(rng: random.Random, text: str) -> bytes:
    """Bytes that start like a PDF and are not one (or are plain text named .pdf)."""
    head = b"%PDF-1.4\n" if rng.random() < 0.8 else b""
    return head + text.encode("utf-8", "replace")[: rng.randint(0, 5000)]


def _byte_mutations(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if not out:
            break
        i = rng.randrange(len(out))
        op = rng.random()
        if op < 0.4:
            out[i] = rng.randrange(256)
        elif op < 0.6:
            out[i:i] = rng.choice([b"\xed\xa0\x80", b"\xff\xfe", b"\x00\x00", b"\xc3", b"\x00\xd8", b"\x80\x80"])
        else:
            del out[i : i + rng.randint(1, 50)]
    return bytes(out)


def hostile_case(seed: int, index: int) -> tuple[str, bytes, list[str]]:
    """(file name, bytes, names of the mutations applied) for case `index` of `seed`."""
    rng = random.Random(f"hostile:{seed}:{index}")
    if rng.random() < 0.04:  # no report at all: random bytes or random text
        n = rng.choice([0, 1, 10, 1000, 100_000])
        data = (
            bytes(rng.randrange(256) for _ in range(n))
            if rng.random() < 0.5
            else "".join(chr(rng.randrange(0x20, 0x9FFF)) for _ in range(n)).encode("utf-8", "surrogatepass")
        )
        suffix = rng.choice([".txt", ".html", ".pdf", ".docx"])
        return f"hostile_{seed}_{index}{suffix}", data, ["random"]
    _, base, _ = make_report(seed, index % 4096)
    text = base.decode("utf-8", "replace")
    if text.lstrip().startswith("<"):  # the html layout: fuzz its text, re-wrap below
        import lxml.html

        text = lxml.html.fromstring(base).text_content()
    applied = []
    for fn in rng.sample(TEXT_MUTATIONS, rng.randint(1, 3)):
        text = fn(rng, text)
        applied.append(fn.__name__.lstrip("_"))
    data, suffix = _encode(rng, text)
    if rng.random() < 0.25:
        data = _byte_mutations(rng, data)
        applied.append("bytes")
    return f"hostile_{seed}_{index}{suffix}", data, applied
