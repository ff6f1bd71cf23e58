"""The import graph of textmine's own packages: cycles, lazy imports, and the checks rule.

    python tools/imports.py            # prints the graph's problems; exit 1 when there are any
    python tools/imports.py --graph    # also prints every package's imports

A package is `textmine.<name>` (a sub-package, or a top-level module). Reported:
- cycles between packages (a imports b imports ... a), through any import, lazy or not;
- lazy imports of textmine inside functions that break such a cycle (an import inside a
  function is fine for a heavy *third-party* library, e.g. spaCy, never to dodge a cycle:
  listed only when the package it reaches imports the importer back, directly or not);
- `checks` importing anything from `claims` but the `Claim` type, which lives in
  `textmine.document`: checks compare objects, they do not read prose.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "textmine"


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "textmine"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[str, bool, int]]:
    """(imported textmine module, inside a function?, line) for each import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, bool, int]] = []
    this = module_name(path)

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                out.extend((a.name, lazy, child.lineno) for a in child.names if a.name.startswith("textmine"))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = this.split(".")
                    if path.name != "__init__.py":
                        base = base[:-1]
                    base = base[: len(base) - child.level + 1]
                    mod = ".".join(base + ([child.module] if child.module else []))
                else:
                    mod = child.module or ""
                if mod.startswith("textmine"):
                    names = [f"{mod}.{a.name}" for a in child.names]
                    out.append((mod, lazy, child.lineno))
                    out.extend(
                        (n, lazy, child.lineno)
                        for n in names
                        if (ROOT.parent / n.replace(".", "/")).exists()
                        or (ROOT.parent / (n.replace(".", "/") + ".py")).exists()
                    )
            visit(child, inner)

    visit(tree, False)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graph", action="store_true")
    a = ap.parse_args()
    edges: dict[str, set[str]] = defaultdict(set)
    lazy_edges: list[tuple[str, str, str, int]] = []
    problems: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        src = package_of(module_name(path))
        for mod, lazy, line in imports_of(path):
            dst = package_of(mod)
            if dst == src or dst == "textmine" and mod == "textmine":
                continue
            edges[src].add(dst)
            if lazy:
                lazy_edges.append((src, dst, str(path.relative_to(ROOT.parent)), line))
            if src == "checks" and dst == "claims":
                problems.append(
                    f"checks imports {mod} ({path.relative_to(ROOT.parent)}:{line}): checks may use only "
                    "the Claim type (textmine.document)"
                )

    def reaches(a_: str, b_: str) -> bool:
        seen, todo = set(), [a_]
        while todo:
            n = todo.pop()
            if n == b_:
                return True
            if n not in seen:
                seen.add(n)
                todo.extend(edges.get(n, ()))
        return False

    cycles = sorted({tuple(sorted((s, d))) for s in edges for d in edges[s] if reaches(d, s)})
    for s, d in cycles:
        problems.append(f"package cycle: {s} <-> {d}")
    for src, dst, where, line in lazy_edges:
        if reaches(dst, src):
            problems.append(f"lazy import breaking a cycle: {where}:{line} ({src} -> {dst} -> ... -> {src})")
    if a.graph:
        for s in sorted(edges):
            print(f"{s}: {', '.join(sorted(edges[s]))}")
    for p in problems:
        print(p)
    print(f"{len(edges)} packages, {sum(map(len, edges.values()))} package imports, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
