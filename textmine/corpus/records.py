"""Journal records: the one line a document leaves in a run's journal.

The per-document function (`analyze_task`) is the same on every engine: it analyses one
file and returns a complete JSON line. The line starts with a fixed prefix —
`{"k":…,"sha256":…,"transient":…,"err":…,"fp":…` — so the parent can learn the sha256,
the outcome and the pipeline fingerprint of a result without parsing the whole object
(a result can be 100 kB of contract and text; the parent must stay light or it eats the
cores the workers need).

Kinds:
- `doc`: the contract object (`doc`) and the normalised text (`text`);
- `ref`: a resumed run found this file's sha256 already analysed; it records only that
  this path still exists and which document it is.

`transient` marks records that a later `--resume` must redo: a time-out or a worker
that died. They are results of the moment, not of the bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from pathlib import Path
from typing import NamedTuple, Optional

import orjson

from textmine.document import Document, ErrorRecord, Meta
from textmine.pipeline import Options, analyze_path, doc_id_for
from textmine.statements import model_setting


class Task(NamedTuple):
    run: int
    seq: int
    path: str  # as reported in the contract (relative to how the corpus root was given)
    open_path: str  # what the worker opens (absolute, so remote workers with a shared file system agree)


_PREFIX = re.compile(
    rb'^\{"k":"(doc|ref)","sha256":(?:"([0-9a-f]{64})"|null),"transient":(true|false),'
    rb'"err":(?:"([a-z_]+)"|null),(?:"fp":"([0-9a-f]+)",)?'
)


class Outcome(NamedTuple):
    kind: str
    sha256: Optional[str]
    transient: bool
    error: Optional[str]
    fingerprint: Optional[str] = None  # of the pipeline that made the result (None: written before there was one)


def outcome(line: bytes) -> Optional[Outcome]:
    """The prefix fields of a journal line, or None when the line is not a record."""
    m = _PREFIX.match(line)
    if m is None:
        return None
    sha = m.group(2).decode() if m.group(2) else None
    return Outcome(
        m.group(1).decode(),
        sha,
        m.group(3) == b"true",
        m.group(4).decode() if m.group(4) else None,
        m.group(5).decode() if m.group(5) else None,
    )


_FINGERPRINTS: dict[str, str] = {}


def pipeline_fingerprint() -> str:
    """What a document's result depends on besides its bytes: textmine's code and data
    (every file of the package, so an upgrade or a local fix counts) and the statement
    model in use (TEXTMINE_MODEL or the default; its card carries the sha256 of its
    weights). `--resume` reuses only results with the current fingerprint: a corpus
    resumed after an upgrade or with another model is analysed again, never mixed.
    Computed once per process (~1 MB read)."""
    model = model_setting()
    got = _FINGERPRINTS.get(model)
    if got is None:
        h = hashlib.sha256()
        package = Path(__file__).resolve().parents[1]
        for f in sorted(package.rglob("*")):
            rel = f.relative_to(package).parts
            # the shipped model's weights count through its card (their sha256), below
            if f.is_file() and rel[0] != "models" and "__pycache__" not in rel and f.suffix not in (".pyc", ".so"):
                h.update(str(f.relative_to(package)).encode() + b"\0" + f.read_bytes() + b"\0")
        card = Path(model, "card.json")
        h.update(card.read_bytes() if card.is_file() else b"no model: labelling rules")
        got = _FINGERPRINTS[model] = h.hexdigest()[:16]
    return got


def _default(obj: object) -> object:
    if hasattr(obj, "item"):  # a numpy scalar that OPT_SERIALIZE_NUMPY does not cover
        return obj.item()
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def _dumps(obj: object) -> bytes:
    """Compact UTF-8 JSON. orjson, not json: a document's contract is ~90 kB and the stdlib
    encoder took 1.3 ms of a report's ~10 ms; orjson takes a tenth of that. NaN and
    infinities become null (the stdlib wrote NaN, which is not JSON)."""
    try:
        return orjson.dumps(obj, default=_default, option=_OPTIONS)
    except TypeError as e:
        # a lone surrogate somewhere (an exception's message quoting a file name that is
        # not UTF-8, say): written escaped rather than costing the document its result
        if "surrogates" not in str(e):
            raise
        return orjson.dumps(_valid_text(obj), default=_default, option=_OPTIONS)


def _valid_text(obj: object) -> object:
    if isinstance(obj, str):
        try:
            obj.encode("utf-8")
            return obj
        except UnicodeEncodeError:
            try:  # bytes kept as surrogate escapes: show them as \x escapes
                return obj.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            except UnicodeEncodeError:
                return obj.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(obj, dict):
        return {_valid_text(k): _valid_text(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_valid_text(v) for v in obj]
    return obj


_SETTLED_NS = 3 * 10**9


def file_state(path: str) -> Optional[str]:
    """What tells, without reading a file, that it has not changed since it was hashed:
    size, modification and change times, inode (what git's index compares). The change
    time cannot be set back by tools that restore a modification time (tar, cp -p, rsync),
    and any write moves it. Taken *before* the bytes are read, so a file changed during
    the read leaves a state that no longer matches. None for anything but a regular file,
    and for a file changed in the last few seconds: file systems stamp times by a clock
    tick (FAT: 2 s), so a second write within the tick of the first could leave the same
    state behind different bytes (git's "racily clean" entries); such a file is read again."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < _SETTLED_NS:
        return None
    return f"{st.st_size}.{st.st_mtime_ns}.{st.st_ctime_ns}.{st.st_ino}"


def _head(
    kind: str,
    sha: Optional[str],
    transient: bool,
    err: Optional[str],
    task: Task,
    doc_id: str,
    state: Optional[str] = None,
) -> bytes:
    head = {
        "k": kind,
        "sha256": sha,
        "transient": transient,
        "err": err,
        "fp": pipeline_fingerprint(),
        "run": task.run,
        "seq": task.seq,
        "path": task.path,
        "doc_id": doc_id,
    }
    if state is not None and sha is not None:  # `--resume` takes this file state to mean this sha256
        head["st"] = state
    return _dumps(head)


def doc_line(task: Task, doc: Document, transient: bool = False, state: Optional[str] = None) -> bytes:
    """`{head…,"doc":CONTRACT,"text":TEXT}`: written in this order so that the build can cut
    the contract and the text out of the line by position (`split_doc_line`) instead of
    parsing 100 kB of JSON per document. `state`: the file's `file_state` before it was read."""
    head = _head("doc", doc.sha256, transient, doc.errors[0].code if doc.errors else None, task, doc.doc_id, state)
    return head[:-1] + b',"doc":' + _dumps(doc.to_dict()) + b',"text":' + _dumps(doc.text) + b"}\n"


def ref_line(task: Task, sha: str, state: Optional[str] = None) -> bytes:
    return _head("ref", sha, False, None, task, doc_id_for(sha, task.path), state) + b"\n"


def head_of(line: bytes) -> dict:
    """The head fields of a journal line (run, seq, path, doc_id ...), without parsing
    the contract and text of a `doc` line (see split_doc_line)."""
    i = line.find(b',"doc":')
    return orjson.loads(line[:i] + b"}") if i >= 0 else orjson.loads(line)


def split_doc_line(line: bytes) -> tuple[dict, bytes, bytes]:
    """(head fields, contract JSON, text JSON) of a `doc` line.

    Inside JSON strings a quote is always escaped, so the first `,"doc":` can only be the
    one after the head, and the last `,"text":` only the one before the text."""
    i = line.index(b',"doc":')
    j = line.rindex(b',"text":')
    return orjson.loads(line[:i] + b"}"), line[i + 7 : j], line[j + 8 : line.rindex(b"}")]


def error_doc(path: str, code: str, message: str) -> Document:
    """A document that never produced a result of its own (time-out, dead worker)."""
    doc = Document(doc_id=doc_id_for(None, path), path=path, sha256=None, meta=Meta())
    doc.errors.append(ErrorRecord(code, message))
    return doc


def timeout_line(task: Task, limit: float) -> bytes:
    doc = error_doc(task.path, "timeout", f"analysis took longer than the per-document limit of {limit:g} s")
    return doc_line(task, doc, transient=True)


def crash_line(task: Task, detail: str) -> bytes:
    doc = error_doc(task.path, "internal_error", f"the worker analysing this file died ({detail})")
    return doc_line(task, doc, transient=True)


def analyze_task(task: Task, max_bytes: int, timeout: Optional[float] = None) -> bytes:
    """Analyse one file into its journal line. Never raises (the pipeline records failures).

    `timeout`, when given, is enforced after the fact: an engine that cannot interrupt
    a running document (Dask threads) still records a document over the limit as a
    time-out, so both engines give the same kind of record for it."""
    t0 = time.perf_counter()
    state = file_state(task.open_path)  # before the read: see file_state
    doc = analyze_path(Path(task.open_path), Options(max_bytes=max_bytes))
    seconds = time.perf_counter() - t0
    if timeout is not None and seconds > timeout:
        return timeout_line(task, timeout)
    doc.path = task.path
    if doc.sha256 is None:  # ids of unreadable files derive from the path the user sees
        doc.doc_id = doc_id_for(None, task.path)
    return doc_line(task, doc, state=state)


def analyze_batch(tasks: list[Task], max_bytes: int, timeout: Optional[float]) -> list[bytes]:
    """The Dask task: a few documents per task, so scheduler overhead stays small."""
    return [analyze_task(t, max_bytes, timeout) for t in tasks]
