"""The mandated table templates, as data (SPEC §1).

Everything the table reader knows about the State Council's table formats lives in
`TEMPLATE_DATA`: per table and template version the rows, columns, their output keys,
the labels and label variants a report may print, the header markers that tell the
versions apart, and the identities (勾稽关系) that hold between cells. A new template
version is a new entry here; no code changes.

Labels are written as the template prints them; matching is fuzzy (see `labels.py`), so
list markers, whitespace, quotes and small typos do not need their own variants. Add a
variant only for a genuinely different wording (行政规范性文件 vs 规范性文件).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from textmine.sections import TABLE_SECTIONS

# ---------------------------------------------------------------------------------------
# Table 3: applications. Both versions share columns and most rows.
_APPLICANT_COLS = [
    {"key": "natural_person", "labels": ["自然人"]},
    {"key": "commercial", "labels": ["商业企业"]},
    {"key": "research", "labels": ["科研机构"]},
    {"key": "social_org", "labels": ["社会公益组织"]},
    {"key": "legal_service", "labels": ["法律服务机构"]},
    {"key": "other_org", "labels": ["其他"]},
    {"key": "total", "labels": ["总计"]},
]

_APPLICATION_ROWS_HEAD = [
    {"key": "new", "labels": ["本年新收政府信息公开申请数量", "本年新收申请数量"]},
    {"key": "carried_over", "labels": ["上年结转政府信息公开申请数量", "上年结转申请数量"]},
    {"key": "granted", "labels": ["予以公开"]},
    {"key": "partial", "labels": ["部分公开"]},
    {"key": "denied_state_secret", "labels": ["属于国家秘密"]},
    {"key": "denied_law_forbidden", "labels": ["其他法律行政法规禁止公开"]},
    {"key": "denied_three_safety", "labels": ["危及三安全一稳定"]},
    {"key": "denied_third_party", "labels": ["保护第三方合法权益"]},
    {"key": "denied_internal", "labels": ["属于三类内部事务信息"]},
    {"key": "denied_process", "labels": ["属于四类过程性信息"]},
    {"key": "denied_enforcement_file", "labels": ["属于行政执法案卷"]},
    {"key": "denied_admin_query", "labels": ["属于行政查询事项"]},
    {"key": "unable_not_held", "labels": ["本机关不掌握相关政府信息"]},
    {"key": "unable_need_creation", "labels": ["没有现成信息需要另行制作"]},
    {"key": "unable_unclear", "labels": ["补正后申请内容仍不明确"]},
    {"key": "ignored_petition", "labels": ["信访举报投诉类申请"]},
    {"key": "ignored_repeat", "labels": ["重复申请"]},
    {"key": "ignored_publication", "labels": ["要求提供公开出版物"]},
    {"key": "ignored_massive", "labels": ["无正当理由大量反复申请"]},
    {"key": "ignored_confirm", "labels": ["要求行政机关确认或重新出具已获取信息"]},
]
_APPLICATION_ROWS_TAIL = [
    {"key": "total_processed", "labels": ["总计"]},
    {"key": "carried_forward", "labels": ["结转下年度继续办理"]},
]
_RESULT_ROWS_COMMON = [r["key"] for r in _APPLICATION_ROWS_HEAD[2:]]
# the printed groups of result rows: (三)不予公开, (四)无法提供, (五)不予处理 (and (六)其他处理,
# one row in 2019, three in 2021), as prose names them (无法提供17件 is the whole group)
_RESULT_GROUPS = {
    "denied": [r for r in _RESULT_ROWS_COMMON if r.startswith("denied_")],
    "unable": [r for r in _RESULT_ROWS_COMMON if r.startswith("unable_")],
    "ignored": [r for r in _RESULT_ROWS_COMMON if r.startswith("ignored_")],
}


def _applications(other_rows: list[dict], markers: list[str]) -> dict:
    rows = _APPLICATION_ROWS_HEAD + other_rows + _APPLICATION_ROWS_TAIL
    return {
        "markers": markers,
        "cols": _APPLICANT_COLS,
        "rows": rows,
        # every row: the six applicant columns add up to 总计
        "row_sum": {"parts": [c["key"] for c in _APPLICANT_COLS[:-1]], "total": "total"},
        # every column (勾稽关系 printed above the table, and the results breakdown)
        "column_identities": [
            {"name": "balance", "lhs": ["new", "carried_over"], "rhs": ["total_processed", "carried_forward"]},
            {
                "name": "results",
                "lhs": _RESULT_ROWS_COMMON + [r["key"] for r in other_rows],
                "rhs": ["total_processed"],
            },
        ],
        "groups": {**_RESULT_GROUPS, "other_handling": [r["key"] for r in other_rows]},
        # Table 3 is often printed sparse: blank cells for zero counts (seed 002 leaves
        # whole rows blank). A row written without its blanks is read with blank = 0.
        "sparse_rows": True,
        # A sparse row whose only applicant value lost its column is read as a natural
        # person's: the first column of the header, and by far the most frequent applicant.
        "lone_value_column": "natural_person",
    }


# ---------------------------------------------------------------------------------------
# Table 4: review and litigation; the same in both versions.
_REVIEW_LITIGATION = {
    "markers": [],
    "cols": [
        {"key": "upheld", "labels": ["结果维持"]},
        {"key": "corrected", "labels": ["结果纠正"]},
        {"key": "other", "labels": ["其他结果"]},
        {"key": "pending", "labels": ["尚未审结"]},
        {"key": "total", "labels": ["总计"]},
    ],
    "rows": [
        {"key": "review", "labels": ["行政复议"]},
        {"key": "suit_direct", "labels": ["未经复议直接起诉"]},
        {"key": "suit_after_review", "labels": ["复议后起诉"]},
    ],
    "row_sum": {"parts": ["upheld", "corrected", "other", "pending"], "total": "total"},
    # The usual rendering puts all row groups under a two-level header and the 15 values
    # on one data row; the reader then reads the rows as one run of values.
    "values_in_one_row": True,
    # header words that start the table (values before them are prose, not cells)
    "header_labels": ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结"],
}

# ---------------------------------------------------------------------------------------
# Table 2: active disclosure, items of 第二十条. Rows are unique across items.
_REGULATION_ROWS = [
    {"key": "regulations", "labels": ["规章"]},
    {"key": "normative_documents", "labels": ["规范性文件", "行政规范性文件"]},
]
_PROJECT_COLS_2019 = [
    {"key": "prev_count", "labels": ["上一年项目数量"]},
    {"key": "change", "labels": ["本年增/减", "本年增减"]},
    {"key": "decisions", "labels": ["处理决定数量"]},
]
_DECISION_COLS_2021 = [{"key": "decisions", "labels": ["本年处理决定数量"]}]

TEMPLATE_DATA: dict[str, dict[str, dict]] = {
    "active_disclosure": {
        "2019": {
            "markers": [
                "本年新制作数量",
                "本年新公开数量",
                "对外公开总数量",
                "上一年项目数量",
                "本年增/减",
                "采购项目数量",
                "采购总金额",
                "政府集中采购",
            ],
            "items": [
                {
                    "key": "art20_1",
                    "labels": ["第二十条第(一)项"],
                    "rows": _REGULATION_ROWS,
                    "cols": [
                        {"key": "new_made", "labels": ["本年新制作数量"]},
                        {"key": "new_published", "labels": ["本年新公开数量"]},
                        {"key": "total_published", "labels": ["对外公开总数量"]},
                    ],
                    # what holds whatever a body writes: the total published includes
                    # this year's (decides fused digits the row has no sum for)
                    "at_least": [{"col": "total_published", "plus": ["new_published"], "minus": []}],
                },
                {
                    "key": "art20_5",
                    "labels": ["第二十条第(五)项"],
                    "cols": _PROJECT_COLS_2019,
                    "rows": [
                        {"key": "licensing", "labels": ["行政许可"]},
                        {"key": "other_services", "labels": ["其他对外管理服务事项"]},
                    ],
                },
                {
                    "key": "art20_6",
                    "labels": ["第二十条第(六)项"],
                    "cols": _PROJECT_COLS_2019,
                    "rows": [
                        {"key": "punishment", "labels": ["行政处罚"]},
                        {"key": "enforcement", "labels": ["行政强制"]},
                    ],
                },
                {
                    "key": "art20_8",
                    "labels": ["第二十条第(八)项"],
                    "cols": _PROJECT_COLS_2019[:2],
                    "rows": [{"key": "fees", "labels": ["行政事业性收费"]}],
                },
                {
                    "key": "art20_9",
                    "labels": ["第二十条第(九)项"],
                    "rows": [{"key": "procurement", "labels": ["政府集中采购"]}],
                    "cols": [
                        {"key": "count", "labels": ["采购项目数量"]},
                        {"key": "amount", "labels": ["采购总金额"], "unit": "万元"},
                    ],
                },
            ],
        },
        "2021": {
            "markers": ["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"],
            "items": [
                {
                    "key": "art20_1",
                    "labels": ["第二十条第(一)项"],
                    "rows": _REGULATION_ROWS,
                    "cols": [
                        {"key": "made", "labels": ["本年制发件数"]},
                        {"key": "repealed", "labels": ["本年废止件数"]},
                        {"key": "in_force", "labels": ["现行有效件数"]},
                    ],
                    # documents made this year and not repealed are in force at its end
                    "at_least": [{"col": "in_force", "plus": ["made"], "minus": ["repealed"]}],
                },
                {
                    "key": "art20_5",
                    "labels": ["第二十条第(五)项"],
                    "cols": _DECISION_COLS_2021,
                    "rows": [{"key": "licensing", "labels": ["行政许可"]}],
                },
                {
                    "key": "art20_6",
                    "labels": ["第二十条第(六)项"],
                    "cols": _DECISION_COLS_2021,
                    "rows": [
                        {"key": "punishment", "labels": ["行政处罚"]},
                        {"key": "enforcement", "labels": ["行政强制"]},
                    ],
                },
                {
                    "key": "art20_8",
                    "labels": ["第二十条第(八)项"],
                    "rows": [{"key": "fees", "labels": ["行政事业性收费"]}],
                    "cols": [{"key": "amount", "labels": ["本年收费金额"], "unit": "万元"}],
                },
            ],
        },
    },
    "applications": {
        "2019": _applications(
            [{"key": "other", "labels": ["其他处理"]}], markers=[]
        ),  # the 2019 table is recognised by its single 其他处理 row
        "2021": _applications(
            [
                {
                    "key": "other_overdue_correction",
                    "labels": ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "逾期不补正"],
                },
                {
                    "key": "other_overdue_fee",
                    "labels": [
                        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                        "逾期未按收费通知要求缴纳费用",
                    ],
                },
                {"key": "other_misc", "labels": ["其他"]},
            ],
            markers=["逾期不补正", "逾期未按收费通知", "不再处理其政府信息公开申请"],
        ),
    },
    "review_litigation": {"2019": _REVIEW_LITIGATION, "2021": _REVIEW_LITIGATION},
}

# Tables in the order they appear in a report (and in the output): their sections' keys.
TABLE_KEYS = TABLE_SECTIONS


# ---------------------------------------------------------------------------------------
# The typed view of the data that the reader and the solver use.


@dataclass(frozen=True)
class ColSpec:
    key: str
    labels: tuple[str, ...]
    unit: Optional[str] = None


@dataclass(frozen=True)
class RowSpec:
    key: str
    labels: tuple[str, ...]
    cols: tuple[ColSpec, ...]
    item: Optional[str] = None
    # (indices of the part columns, index of the total column) when the row must add up
    row_sum: Optional[tuple[tuple[int, ...], int]] = None
    # (columns added, columns subtracted, column that is at least that): inequalities that
    # hold for any honest row (this year's documents are among those in force)
    bounds: tuple[tuple[tuple[int, ...], tuple[int, ...], int], ...] = ()
    ncols: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ncols", len(self.cols))


@dataclass(frozen=True)
class Identity:
    """Per column: sum of the `lhs` rows = sum of the `rhs` rows."""

    name: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]


@dataclass(frozen=True)
class TableTemplate:
    table: str
    version: str
    rows: tuple[RowSpec, ...]
    markers: tuple[str, ...] = ()
    identities: tuple[Identity, ...] = ()
    lone_value_column: Optional[str] = None
    values_in_one_row: bool = False
    # blank cells mean 0 even where the row sums cannot confirm the placement (see solver)
    sparse_rows: bool = False
    header_labels: tuple[str, ...] = ()
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (group name, its rows), as printed
    cells: tuple[tuple[Optional[str], str, str], ...] = field(default=())  # (item, row, col)
    # a table of items (table 2: 第二十条第(一)项 …) is printed as independent blocks, which a
    # converter may put in another order: a label may name a row before the last one read
    blocks_movable: bool = False

    def row(self, key: str) -> Optional[RowSpec]:
        for r in self.rows:
            if r.key == key:
                return r
        return None

    def group(self, name: str) -> tuple[str, ...]:
        return dict(self.groups).get(name, ())

    def identity(self, name: str) -> Optional[Identity]:
        return next((i for i in self.identities if i.name == name), None)

    @property
    def cols(self) -> tuple[ColSpec, ...]:
        """The columns of a table whose rows share them (tables 3 and 4)."""
        return self.rows[0].cols


def _cols(data: list[dict]) -> tuple[ColSpec, ...]:
    return tuple(ColSpec(c["key"], tuple(c["labels"]), c.get("unit")) for c in data)


def _build(table: str, version: str, data: dict) -> TableTemplate:
    rows: list[RowSpec] = []
    if "items" in data:
        for item in data["items"]:
            cols = _cols(item["cols"])
            keys = [c.key for c in cols]
            bounds = tuple(
                (
                    tuple(keys.index(k) for k in b["plus"]),
                    tuple(keys.index(k) for k in b["minus"]),
                    keys.index(b["col"]),
                )
                for b in item.get("at_least", ())
            )
            rows.extend(
                RowSpec(r["key"], tuple(r["labels"]), cols, item=item["key"], bounds=bounds) for r in item["rows"]
            )
    else:
        cols = _cols(data["cols"])
        row_sum = None
        if data.get("row_sum"):
            keys = [c.key for c in cols]
            row_sum = (tuple(keys.index(k) for k in data["row_sum"]["parts"]), keys.index(data["row_sum"]["total"]))
        rows.extend(RowSpec(r["key"], tuple(r["labels"]), cols, row_sum=row_sum) for r in data["rows"])
    identities = tuple(Identity(i["name"], tuple(i["lhs"]), tuple(i["rhs"])) for i in data.get("column_identities", ()))
    cells = tuple((r.item, r.key, c.key) for r in rows for c in r.cols)
    return TableTemplate(
        table,
        version,
        tuple(rows),
        tuple(data.get("markers", ())),
        identities,
        data.get("lone_value_column"),
        bool(data.get("values_in_one_row")),
        bool(data.get("sparse_rows")),
        tuple(data.get("header_labels", ())),
        tuple((name, tuple(rows)) for name, rows in data.get("groups", {}).items()),
        cells,
        "items" in data,
    )


TEMPLATES: dict[str, dict[str, TableTemplate]] = {
    table: {version: _build(table, version, data) for version, data in versions.items()}
    for table, versions in TEMPLATE_DATA.items()
}

# Newest first: when nothing tells two versions apart, the newer one is the likelier.
VERSIONS: tuple[str, ...] = tuple(sorted({v for t in TEMPLATE_DATA.values() for v in t}, reverse=True))
