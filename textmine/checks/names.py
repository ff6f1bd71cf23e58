"""The checks as a reader of the reports names them: a Chinese name per check (by the first
two parts of its id) and per status. Ids stay as they are in JSON and the database."""

from __future__ import annotations

# check ids by their first two parts (x.carry, t3.balance, n2t.outcome...)
CHECK_NAMES = {
    "doc.sections": "报告结构:六部分齐全",
    "doc.tables": "报告结构:三张表齐全",
    "doc.problems_stated": "存在问题:是否写明",
    "t3.balance": "表三 勾稽关系:新收+结转=办理+结转下年",
    "t3.results": "表三 办理结果之和=总计",
    "t3.rowsum": "表三 各类申请人之和=总计",
    "t4.sum": "表四 各项结果之和=总计",
    "n2t.applications_received": "正文与表三:收到申请数",
    "n2t.applications_granted": "正文与表三:予以公开数",
    "n2t.outcome": "正文与表三:办理结果",
    "n2t.result": "正文与表四:复议诉讼结果",
    "n2t.all_upheld": "正文与表四:均获维持",
    "n2t.review_cases": "正文与表四:行政复议数",
    "n2t.litigation_cases": "正文与表四:行政诉讼数",
    "n2t.normative_documents": "正文与表二:规范性文件",
    "n2t.regulations": "正文与表二:规章",
    "n2t.procurement_amount": "正文与表二:政府集中采购金额",
    "n2t.procurement_count": "正文与表二:政府集中采购项目数",
    "n2t.admin_fees": "正文与表二:行政事业性收费",
    "n2n.sum": "正文内部:分项之和=总数",
    "n2n.percent": "正文内部:百分比与件数",
    "n2n.published_items": "正文内部:主动公开条数前后一致",
    "n.numbering": "正文:列表编号连续",
    "n.enumeration": "正文:所列条数与列举一致",
    "x.carry": "跨年度:上年结转=上年报告结转下年度",
    "x.in_force": "跨年度:现行有效件数",
    "x.prev_count": "跨年度:上一年项目数量",
    "x.change": "跨年度:本年增/减",
}
STATUS_NAMES = {"fail": "不一致", "uncertain": "存疑", "pass": "一致", "not_assessable": "无法判断"}


def check_name(check_id: str) -> str:
    """The Chinese name of a check, by its id's first two parts, else its family."""
    parts = check_id.split(".")
    name = CHECK_NAMES.get(".".join(parts[:2]))
    if name is None:
        name = next((v for k, v in CHECK_NAMES.items() if check_id.startswith(k)), check_id)
    return name
