"""The numbers of a synthetic report: the three mandated tables, drawn so that every
identity of SPEC §1 holds, and the identity evaluator that turns printed tables into
the expected status of each table check.

Keys follow SPEC §1 exactly (they are the output contract's keys), and the labels are
the State Council's printed wording, kept here rather than borrowed from
`textmine.tables`: a generator that reused the parser's label data would only ever
test the parser against itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# --- table 3 ----------------------------------------------------------------------------
T3_COLS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
T3_APPLICANTS = T3_COLS[:-1]
T3_COL_LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

DENIED = [
    ("denied_state_secret", "1.属于国家秘密"),
    ("denied_law_forbidden", "2.其他法律行政法规禁止公开"),
    ("denied_three_safety", "3.危及“三安全一稳定”"),
    ("denied_third_party", "4.保护第三方合法权益"),
    ("denied_internal", "5.属于三类内部事务信息"),
    ("denied_process", "6.属于四类过程性信息"),
    ("denied_enforcement_file", "7.属于行政执法案卷"),
    ("denied_admin_query", "8.属于行政查询事项"),
]
UNABLE = [
    ("unable_not_held", "1.本机关不掌握相关政府信息"),
    ("unable_need_creation", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "3.补正后申请内容仍不明确"),
]
IGNORED = [
    ("ignored_petition", "1.信访举报投诉类申请"),
    ("ignored_repeat", "2.重复申请"),
    ("ignored_publication", "3.要求提供公开出版物"),
    ("ignored_massive", "4.无正当理由大量反复申请"),
    ("ignored_confirm", "5.要求行政机关确认或重新出具已获取信息"),
]
OTHER_2021 = [
    ("other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_misc", "3.其他"),
]

# (group label printed before the first row of a group, rows)
T3_GROUPS_2019 = [
    ("(一)予以公开", [("granted", "")]),
    ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", [("partial", "")]),
    ("(三)不予公开", DENIED),
    ("(四)无法提供", UNABLE),
    ("(五)不予处理", IGNORED),
    ("(六)其他处理", [("other", "")]),
]
T3_GROUPS_2021 = T3_GROUPS_2019[:5] + [("(六)其他处理", OTHER_2021)]
FLOW_HEAD = [("new", "一、本年新收政府信息公开申请数量"), ("carried_over", "二、上年结转政府信息公开申请数量")]
RESULTS_HEAD = "三、本年度办理结果"
FLOW_TAIL = [("total_processed", "(七)总计"), ("carried_forward", "四、结转下年度继续办理")]


def t3_groups(template: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return T3_GROUPS_2021 if template == "2021" else T3_GROUPS_2019


def t3_result_rows(template: str) -> list[str]:
    return [key for _, rows in t3_groups(template) for key, _ in rows]


def t3_rows(template: str) -> list[str]:
    return ["new", "carried_over"] + t3_result_rows(template) + ["total_processed", "carried_forward"]


# --- table 4 ----------------------------------------------------------------------------
T4_GROUPS = ["review", "suit_direct", "suit_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
T4_COL_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

# --- table 2 ----------------------------------------------------------------------------
# item -> (cols [(key, label)], rows [(key, label)]) per template
T2 = {
    "2019": [
        (
            "art20_1",
            [
                ("new_made", "本年新制作数量"),
                ("new_published", "本年新公开数量"),
                ("total_published", "对外公开总数量"),
            ],
            [("regulations", "规章"), ("normative_documents", "规范性文件")],
        ),
        (
            "art20_5",
            [("prev_count", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")],
            [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")],
        ),
        (
            "art20_6",
            [("prev_count", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")],
            [("punishment", "行政处罚"), ("enforcement", "行政强制")],
        ),
        ("art20_8", [("prev_count", "上一年项目数量"), ("change", "本年增/减")], [("fees", "行政事业性收费")]),
        ("art20_9", [("count", "采购项目数量"), ("amount", "采购总金额")], [("procurement", "政府集中采购")]),
    ],
    "2021": [
        (
            "art20_1",
            [("made", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")],
            [("regulations", "规章"), ("normative_documents", "行政规范性文件")],
        ),
        ("art20_5", [("decisions", "本年处理决定数量")], [("licensing", "行政许可")]),
        ("art20_6", [("decisions", "本年处理决定数量")], [("punishment", "行政处罚"), ("enforcement", "行政强制")]),
        ("art20_8", [("amount", "本年收费金额(单位:万元)")], [("fees", "行政事业性收费")]),
    ],
}
T2_ITEM_LABELS = {
    "art20_1": "第二十条第(一)项",
    "art20_5": "第二十条第(五)项",
    "art20_6": "第二十条第(六)项",
    "art20_8": "第二十条第(八)项",
    "art20_9": "第二十条第(九)项",
}
MONEY_CELLS = {"art20_9.procurement.amount", "art20_8.fees.amount"}


@dataclass
class Tables:
    """Printed cell values. t3/t4 map "row.col" -> int; t2 maps "item.row.col" -> number."""

    template: str
    t2: dict[str, float] = field(default_factory=dict)
    t3: dict[str, int] = field(default_factory=dict)
    t4: dict[str, int] = field(default_factory=dict)

    def copy(self) -> "Tables":
        return Tables(self.template, dict(self.t2), dict(self.t3), dict(self.t4))


def _small(rng: random.Random, p_zero: float, hi: int) -> int:
    return 0 if rng.random() < p_zero else rng.randint(1, hi)


def draw_tables(rng: random.Random, template: str, scale: str) -> Tables:
    """Valid tables for a body of the given `scale` (township | county | city | province).

    Application volumes follow what the bundled corpus and seeds show: most small bodies
    get a handful of applications (often none), almost all from natural persons; city
    and provincial departments get tens to hundreds."""
    t = Tables(template)
    base = {"township": 4, "county": 25, "city": 80, "province": 300}[scale]
    none_at_all = scale in ("township", "county") and rng.random() < 0.25
    new: dict[str, int] = {}
    for i, col in enumerate(T3_APPLICANTS):
        if none_at_all:
            new[col] = 0
        elif i == 0:
            new[col] = max(0, int(rng.expovariate(1 / base))) + (1 if rng.random() < 0.6 else 0)
        else:
            new[col] = _small(rng, 0.7 if i != 1 else 0.5, max(1, base // (6 if i == 1 else 15)))
    for col in T3_APPLICANTS:
        carried = 0 if none_at_all or rng.random() < 0.6 else rng.randint(1, max(1, new[col] // 8 + 1))
        available = new[col] + carried
        forward = 0 if available == 0 or rng.random() < 0.65 else rng.randint(0, min(available, max(1, available // 6)))
        processed = available - forward
        t.t3[f"new.{col}"] = new[col]
        t.t3[f"carried_over.{col}"] = carried
        t.t3[f"total_processed.{col}"] = processed
        t.t3[f"carried_forward.{col}"] = forward
        _split_results(rng, t, col, processed)
    for row in t3_rows(template):
        t.t3[f"{row}.total"] = sum(t.t3[f"{row}.{c}"] for c in T3_APPLICANTS)
    for g in T4_GROUPS:
        p = {"review": 0.55, "suit_direct": 0.75, "suit_after_review": 0.85}[g]
        vals = [
            _small(rng, p if c != "upheld" else p - 0.1, 1 if scale in ("township", "county") else 3)
            for c in T4_COLS[:-1]
        ]
        for c, v in zip(T4_COLS[:-1], vals):
            t.t4[f"{g}.{c}"] = v
        t.t4[f"{g}.total"] = sum(vals)
    _draw_t2(rng, t, scale)
    return t


# how outcomes are usually spread (weights); most answers are 予以公开 or 不掌握
_RESULT_WEIGHTS = {
    "granted": 40,
    "partial": 8,
    "denied_third_party": 2,
    "denied_internal": 2,
    "denied_process": 3,
    "denied_admin_query": 1,
    "denied_state_secret": 0.3,
    "denied_law_forbidden": 0.5,
    "denied_three_safety": 0.3,
    "denied_enforcement_file": 0.5,
    "unable_not_held": 18,
    "unable_need_creation": 3,
    "unable_unclear": 2,
    "ignored_petition": 4,
    "ignored_repeat": 3,
    "ignored_publication": 0.5,
    "ignored_massive": 0.5,
    "ignored_confirm": 1,
    "other": 2,
    "other_overdue_correction": 1.5,
    "other_overdue_fee": 0.2,
    "other_misc": 1.0,
}


def _split_results(rng: random.Random, t: Tables, col: str, n: int) -> None:
    rows = t3_result_rows(t.template)
    counts = dict.fromkeys(rows, 0)
    weights = [_RESULT_WEIGHTS[r] for r in rows]
    for r in rng.choices(rows, weights=weights, k=n):
        counts[r] += 1
    for r, v in counts.items():
        t.t3[f"{r}.{col}"] = v


def _draw_t2(rng: random.Random, t: Tables, scale: str) -> None:
    k = {"township": 1, "county": 3, "city": 10, "province": 30}[scale]
    for item, cols, rows in T2[t.template]:
        for row, _ in rows:
            for col, _ in cols:
                key = f"{item}.{row}.{col}"
                if row == "regulations" and scale != "province":
                    v: float = 0
                elif col in ("new_made", "made"):
                    v = rng.randint(0, 2 * k)
                elif col == "new_published":
                    v = t.t2[f"{item}.{row}.new_made"]
                elif col in ("total_published", "in_force"):
                    v = (
                        rng.randint(0, 8 * k)
                        + t.t2[f"{item}.{row}.{'new_made' if col == 'total_published' else 'made'}"]
                    )
                elif col == "repealed":
                    v = rng.randint(0, k)
                elif col == "prev_count":
                    v = rng.randint(0, 12 * k)
                elif col == "change":
                    v = rng.choice([0, 0, 0, 1, -1, 2, -2]) if t.t2[f"{item}.{row}.prev_count"] > 2 else 0
                elif col == "decisions":
                    v = 0 if rng.random() < 0.3 else rng.randint(1, 150 * k)
                elif col == "count":
                    v = rng.randint(0, 3 * k)
                else:  # money: 万元, one decimal sometimes
                    v = 0 if rng.random() < 0.4 else round(rng.uniform(1, 90 * k), rng.choice([0, 1]))
                t.t2[key] = v


# --- expected checks --------------------------------------------------------------------


def table_check_status(t: Tables) -> dict[str, str]:
    """Status each table check must have on these printed values ("pass" | "fail")."""
    out: dict[str, str] = {}
    v = t.t3
    results = t3_result_rows(t.template)
    for c in T3_COLS:
        out[f"t3.balance.{c}"] = _ok(
            v[f"new.{c}"] + v[f"carried_over.{c}"], v[f"total_processed.{c}"] + v[f"carried_forward.{c}"]
        )
        out[f"t3.results.{c}"] = _ok(sum(v[f"{r}.{c}"] for r in results), v[f"total_processed.{c}"])
    for r in t3_rows(t.template):
        out[f"t3.rowsum.{r}"] = _ok(sum(v[f"{r}.{c}"] for c in T3_APPLICANTS), v[f"{r}.total"])
    for g in T4_GROUPS:
        out[f"t4.sum.{g}"] = _ok(sum(t.t4[f"{g}.{c}"] for c in T4_COLS[:-1]), t.t4[f"{g}.total"])
    return out


def suspect_cells(t: Tables) -> set[str]:
    """The cells of every identity these printed values fail ("review.total", ...): the
    checks trust no comparison of the prose with them (order of trust)."""
    out: set[str] = set()
    v = t.t3
    results = t3_result_rows(t.template)
    for c in T3_COLS:
        balance = [f"new.{c}", f"carried_over.{c}", f"total_processed.{c}", f"carried_forward.{c}"]
        if v[balance[0]] + v[balance[1]] != v[balance[2]] + v[balance[3]]:
            out.update(balance)
        if sum(v[f"{r}.{c}"] for r in results) != v[f"total_processed.{c}"]:
            out.update([f"{r}.{c}" for r in results] + [f"total_processed.{c}"])
    for r in t3_rows(t.template):
        if sum(v[f"{r}.{c}"] for c in T3_APPLICANTS) != v[f"{r}.total"]:
            out.update([f"{r}.{c}" for c in T3_APPLICANTS] + [f"{r}.total"])
    for g in T4_GROUPS:
        if sum(t.t4[f"{g}.{c}"] for c in T4_COLS[:-1]) != t.t4[f"{g}.total"]:
            out.update(f"{g}.{c}" for c in T4_COLS)
    return out


def _ok(a: float, b: float) -> str:
    return "pass" if a == b else "fail"


def grouped_outcomes(t: Tables, col: str = "total") -> dict[str, int]:
    """The six outcome groups as prose reports them (不予公开 = Σ denied_*, ...)."""
    v = t.t3
    out = {"granted": v[f"granted.{col}"], "partial": v[f"partial.{col}"]}
    out["denied"] = sum(v[f"{k}.{col}"] for k, _ in DENIED)
    out["unable"] = sum(v[f"{k}.{col}"] for k, _ in UNABLE)
    out["ignored"] = sum(v[f"{k}.{col}"] for k, _ in IGNORED)
    others = ["other"] if t.template == "2019" else [k for k, _ in OTHER_2021]
    out["other"] = sum(v[f"{k}.{col}"] for k in others)
    return out
