"""Read annotated statements in the formats annotation tools export.

Accepted, one file or a folder of files:
- textmine JSONL: {"text", "label", "section"?, "subheading"?, "doc"?, "is_heading"?, "is_item"?,
  "part"?, "list_role"?, "source"?, "weight"?} (what `textmine export-sentences` writes)
- doccano JSONL: {"text", "label"} where label is a string or a list (the first known label is used)
- Label Studio JSON export: a list of tasks {"data": {"text", ...}, "annotations": [{"result":
  [{"value": {"choices": ["problem"]}}]}]}; task data may carry section/subheading too.
- Label Studio JSON-MIN export: a list of flat tasks {"text", ..., "<control>": "problem"}.
A file that is not JSON is an error naming the file and the line.
Labels may be given in Chinese (问题/改进/其他) or English.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Optional

from textmine import rx
from textmine.statements.features import Example
from textmine.statements.model import LABELS

LABEL_ALIASES = {
    "problem": "problem",
    "problems": "problem",
    "问题": "problem",
    "存在问题": "problem",
    "improvement": "improvement",
    "improvements": "improvement",
    "measure": "improvement",
    "改进": "improvement",
    "改进措施": "improvement",
    "措施": "improvement",
    "other": "other",
    "其他": "other",
    "其它": "other",
    "none": "other",
    # a heading that only names a part is `other` to the classifier (the unit knows it is one)
    "heading": "other",
    "标题": "other",
}


def _label(value: Any) -> Optional[str]:
    if isinstance(value, list):
        for v in value:
            lab = _label(v)
            if lab:
                return lab
        return None
    if isinstance(value, str):
        return LABEL_ALIASES.get(value.strip().lower()) or LABEL_ALIASES.get(value.strip())
    return None


def _example(obj: dict[str, Any], label: Any, line: str) -> Example:
    lab = _label(label)
    if lab is None:
        raise ValueError(f"{line}: unknown label {label!r}; use one of {', '.join(LABELS)}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{line}: missing text")
    from textmine.statements.units import is_heading_text

    return Example(
        text=text,
        section=obj.get("section"),
        subheading=obj.get("subheading") or "",
        is_heading=bool(obj.get("is_heading", is_heading_text(text))),
        is_item=bool(obj.get("is_item", bool(rx.match(r"\s*[一二三四五六七八九十]{1,2}是", text)))),
        part=obj.get("part") or "",
        list_role=obj.get("list_role") or "",
        label=lab,
        group=obj.get("doc"),
        source=obj.get("source") or "",
        weight=float(obj.get("weight", 1.0)),
    )


# what Label Studio's JSON-MIN export puts beside a task's data and its choice, and the
# data fields `textmine export-sentences` writes (its `label` is the model's pre-label)
_MIN_META = {"id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time"}
_DATA_FIELDS = {"text", "label", "labels", "score", "section", "subheading", "is_heading", "is_item", "part"} | {
    "list_role",
    "doc",
    "path",
    "start",
    "end",
    "source",
    "weight",
}


def _min_label(task: dict[str, Any]) -> Any:
    """The choice in a JSON-MIN task: under the labelling config's control name
    (sentiment, class, choice...), a string, a list, or {"choices": [...]}; a task whose
    only label is its data's `label` (a pre-label nobody changed) takes that."""
    for key, value in task.items():
        if key in _MIN_META or key in _DATA_FIELDS:
            continue
        value = value.get("choices") if isinstance(value, dict) else value
        if _label(value):
            return value
    return task.get("label", task.get("labels"))


def _from_label_studio(tasks: list[dict[str, Any]], name: str) -> Iterable[Example]:
    for i, task in enumerate(tasks):
        if not isinstance(task, dict):
            raise ValueError(f"{name} task {i}: not a Label Studio task (an object)")
        if "data" not in task and "annotations" not in task and "completions" not in task:
            # JSON-MIN: the task's data and its choice side by side
            label = _min_label(task)
            if label is not None:
                yield _example(task, label, f"{name} task {i}")
            continue
        data = task.get("data") or {}
        label = None
        for ann in task.get("annotations") or task.get("completions") or []:
            for res in ann.get("result") or []:
                label = (res.get("value") or {}).get("choices") or (res.get("value") or {}).get("labels")
                if label:
                    break
            if label:
                break
        if label is None:
            continue  # an unannotated task
        yield _example(data, label, f"{name} task {i}")


def read_annotations(path: Path | str) -> list[Example]:
    path = Path(path)
    files = sorted(p for p in path.rglob("*") if p.suffix in (".jsonl", ".json")) if path.is_dir() else [path]
    out: list[Example] = []
    for f in files:
        try:
            raw = f.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as e:
            raise ValueError(f"{f}: not UTF-8 text (byte {e.start}); annotation files are UTF-8 JSON") from None
        stripped = raw.lstrip()
        if f.suffix == ".json" and stripped.startswith("["):
            try:
                tasks = json.loads(raw)
            except json.JSONDecodeError as e:
                raise ValueError(f"{f}:{e.lineno}: not valid JSON ({e.msg}, column {e.colno})") from None
            out.extend(_from_label_studio(tasks, str(f)))
            continue
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{f}:{n}: not valid JSON ({e.msg}, column {e.colno})") from None
            if not isinstance(obj, dict):
                raise ValueError(f"{f}:{n}: a JSON object per line is expected, not {type(obj).__name__}")
            if "data" in obj and "annotations" in obj:
                out.extend(_from_label_studio([obj], f"{f}:{n}"))
                continue
            label = obj.get("label", obj.get("labels"))
            if label is None:
                continue
            out.append(_example(obj, label, f"{f}:{n}"))
    if not out:
        raise ValueError(f"no annotated statements found in {path}")
    return out
