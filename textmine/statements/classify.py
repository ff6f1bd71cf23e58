"""The statements step: every unit of a report labelled by the model in use (or by the
labelling rules when asked for), with topics."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Optional, Sequence

from textmine import rx
from textmine.document import Claim, Section, Statement
from textmine.statements.features import Example
from textmine.statements.model import BaseStatementClassifier, ModelError, load_model
from textmine.statements.topics import topics_of
from textmine.statements.units import Unit, units_of
from textmine.statements.weak import weak_label

# The shipped default is package data (installed by any install, wheel included);
# TEXTMINE_MODEL names another model folder, or `rules` for the labelling rules.
DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "default"
RULES = "rules"


def model_setting() -> str:
    """What labels statements: a model folder's path, or RULES."""
    return os.environ.get("TEXTMINE_MODEL") or str(DEFAULT_MODEL)


def _unit_kind(u: Unit) -> str:
    """heading (一、总体情况, (一)存在的主要问题), item (一是…), or sentence."""
    if u.is_heading and not rx.match(r"\s*[一二三四五六七八九十]{1,2}是", u.text):
        return "heading"
    return "item" if u.is_item else "sentence"


def example_of(u: Unit) -> Example:
    return Example(
        text=u.text,
        section=u.section,
        subheading=u.subheading,
        is_heading=u.is_heading,
        is_item=u.is_item,
        part=u.part,
        list_role=u.list_role,
    )


@functools.lru_cache(maxsize=4)
def _cached_model(path: str) -> BaseStatementClassifier:
    # once per process and model: every document asks for it (a failure is not cached,
    # so it is raised again, as the caller must hear)
    if not Path(path).exists():
        where = "TEXTMINE_MODEL" if os.environ.get("TEXTMINE_MODEL") else "the shipped model"
        raise ModelError(
            f"statement model not found: {path} ({where}); reinstall textmine, point TEXTMINE_MODEL at a "
            "model folder, or label by the rules with --rules"
        )
    return load_model(path)


def default_model() -> Optional[BaseStatementClassifier]:
    """The model in use, or None when the labelling rules were asked for
    (TEXTMINE_MODEL=rules, the CLI's --rules). A model that is missing, unreadable or
    changed after training raises ModelError: falling back to the rules silently would
    change labels with no sign of it."""
    path = model_setting()
    return None if path == RULES else _cached_model(path)


def model_in_use() -> dict[str, str]:
    """What labelled the statements, for the output: the model's name and the sha256 its
    card records for its weights, or the rules."""
    path = model_setting()
    if path == RULES:
        return {"name": RULES}
    model = default_model()
    card = getattr(model, "card_", None) or {}
    return {"name": str(card.get("name") or Path(path).name), "sha256": str(card.get("sha256", ""))}


def classify_statements(
    text: str, sections: list[Section], model: Optional[BaseStatementClassifier] = None, claims: Sequence[Claim] = ()
) -> list[Statement]:
    """Every unit labelled; `claims` (the claims stage's) say which enumeration of 五 a
    unit is an item of."""
    units = units_of(text, sections, claims)
    if not units:
        return []
    model = model if model is not None else default_model()
    examples = [example_of(u) for u in units]
    out: list[Statement] = []
    if model is not None:
        proba = model.predict_proba(examples)
        classes = model.classes_
        for u, row in zip(units, proba):
            j = int(row.argmax())
            label = classes[j]
            out.append(
                Statement(
                    u.text,
                    label,
                    round(float(row[j]), 4),
                    u.start,
                    u.end,
                    u.section,
                    topics_of(u.text) if label != "other" else [],
                    _unit_kind(u),
                )
            )
    else:
        for u, ex in zip(units, examples):
            label, conf = weak_label(ex)
            out.append(
                Statement(
                    u.text,
                    label,
                    round(conf, 4),
                    u.start,
                    u.end,
                    u.section,
                    topics_of(u.text) if label != "other" else [],
                    _unit_kind(u),
                )
            )
    return out
