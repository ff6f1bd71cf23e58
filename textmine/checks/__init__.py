"""Cross-checks: tables against themselves, claims against tables and each other."""

from __future__ import annotations

from textmine.checks.rules import REGISTRY, Context, Rule
from textmine.document import Check, Document

__all__ = ["run_checks", "REGISTRY", "Rule"]


def run_checks(doc: Document, rules: list[Rule] | None = None) -> list[Check]:
    """Every rule's findings for one document, in registry order."""
    ctx = Context(doc)
    out: list[Check] = []
    for rule in REGISTRY if rules is None else rules:
        out.extend(rule.run(ctx))
    return out
