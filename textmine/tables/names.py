"""What a reader of the reports calls the tables' parts: the mandated wording of tables,
rows, columns and items, read off the template data (the one source of the schema).
Output keys stay English in JSON and the database; the CLI and the site show these
(`--lang en` shows the keys).
"""

from __future__ import annotations

import functools
from typing import Optional

import regex

from textmine.tables.templates import TEMPLATE_DATA

TABLE_TITLES = {
    "active_disclosure": ("表二 主动公开政府信息情况", "table 2 active_disclosure"),
    "applications": ("表三 收到和处理政府信息公开申请情况", "table 3 applications"),
    "review_litigation": ("表四 政府信息公开行政复议、行政诉讼情况", "table 4 review_litigation"),
}
TABLE_SHORT = {"active_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}

# where the template's own wording is ambiguous out of its printed place (其他 is a row in
# the results group 其他处理 and a column of applicants; 总计 a row and a column)
_ROW_OVERRIDES = {
    ("applications", "other_misc"): "其他处理·其他",
    ("applications", "other"): "其他处理",
    ("applications", "total_processed"): "办理结果总计",
}


@functools.lru_cache(maxsize=1)
def _labels() -> dict[tuple[str, str], str]:
    """(table, key) -> the shortest mandated wording, for rows, columns and items of every
    template version (a key means the same thing in each)."""
    out: dict[tuple[str, str], str] = {}

    def put(table: str, key: str, labels: list[str]) -> None:
        if labels and (table, key) not in out:
            out[(table, key)] = min(labels, key=len)

    for table, versions in TEMPLATE_DATA.items():
        for data in versions.values():
            for item in data.get("items", []):
                put(table, item["key"], item["labels"])
                for row in item["rows"]:
                    put(table, row["key"], row["labels"])
                for col in item["cols"]:
                    # a column key means one thing per item (amount: 采购总金额, 本年收费金额)
                    put(table, f"{item['key']}.{col['key']}", col["labels"])
                    put(table, col["key"], col["labels"])
            for row in data.get("rows", []):
                put(table, row["key"], row["labels"])
            for col in data.get("cols", []):
                put(table, col["key"], col["labels"])
    for k, v in _ROW_OVERRIDES.items():
        out[k] = v
    return out


def label(table: str, key: str, lang: str = "zh", item: Optional[str] = None) -> str:
    """A row, column or item key of `table` as the template words it (its key in English
    or when the template does not know it); `item` for a column of a table-2 item."""
    if lang != "zh":
        return key
    labels = _labels()
    return labels.get((table, f"{item}.{key}")) or labels.get((table, key), key)


def table_title(table: str, lang: str = "zh") -> str:
    zh, en = TABLE_TITLES.get(table, (table, table))
    return zh if lang == "zh" else en


def cell_name(table: str, cell_key: str, lang: str = "zh") -> str:
    """applications.new.natural_person -> 表三 本年新收申请数量·自然人."""
    if lang != "zh":
        return f"{table}.{cell_key}"
    parts = cell_key.split(".")
    item = parts[0] if len(parts) == 3 else None
    names = [label(table, k) for k in parts[:-1]] + [label(table, parts[-1], item=item)]
    return f"{TABLE_SHORT.get(table, table)} " + "·".join(names)


_KEY = regex.compile(r"(?<![A-Za-z_.])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*(?![A-Za-z0-9_])")


def localise(text: str, table: Optional[str] = None) -> str:
    """Keys inside a Chinese message (natural_person:本年新收…, applications.new.total) in
    the template's wording; words that are no key stay."""
    labels = _labels()
    tables = [table] if table else list(TABLE_TITLES)

    def one(m: regex.Match) -> str:
        key = m.group(0)
        parts = key.split(".")
        if parts[0] in TABLE_TITLES and len(parts) > 1:
            return cell_name(parts[0], ".".join(parts[1:]))
        if all(any((t, p) in labels for t in tables) for p in parts):
            return "·".join(next(labels[(t, p)] for t in tables if (t, p) in labels) for p in parts)
        return key

    return _KEY.sub(one, text)
