"""Cross-checks: tables against themselves, claims against tables and each other."""

from __future__ import annotations

from textmine.checks.rules import REGISTRY, Context, Identity, Rule, table_verdict
from textmine.document import Check, Document

__all__ = ["run_checks", "REGISTRY", "Rule"]


def run_checks(doc: Document, rules: list[Rule] | None = None) -> list[Check]:
    """Every rule's findings for one document, in registry order. The table identities
    run first: what they find gives each table its verdict (`table_verdict`), which the
    rules comparing prose with a table take into account."""
    rules = REGISTRY if rules is None else rules
    ctx = Context(doc)
    identities = [r for r in rules if isinstance(r, Identity)]
    found: dict[int, list[Check]] = {id(r): list(r.run(ctx)) for r in identities}
    for key, table in doc.tables.items():
        table.verdict = table_verdict(table, [c for r in identities if r.table == key for c in found[id(r)]])
    for ident in identities:
        for check in found[id(ident)]:
            if check.status == "fail":
                for e in check.evidence:
                    if e.get("kind") == "cell":
                        ctx.suspect.setdefault((ident.table, e["cell"]), check.id)
    out: list[Check] = []
    for rule in rules:
        out.extend(found[id(rule)] if id(rule) in found else rule.run(ctx))
    return out
