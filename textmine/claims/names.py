"""The claim types as a reader of the reports names them (the CLI's `claims` table); the
types themselves stay as they are in JSON and the database."""

from __future__ import annotations

CLAIM_TYPE_NAMES = {
    "published_items": "主动公开信息数",
    "channel_posts": "平台发布数",
    "withheld_items": "不予公开信息数",
    "documents_generated": "制作信息数",
    "normative_documents": "规范性文件数",
    "applications_received": "收到申请数",
    "applications_granted": "予以公开数",
    "review_cases": "行政复议数",
    "litigation_cases": "行政诉讼数",
    "fee_collected": "收取费用",
    "admin_fees": "行政事业性收费",
    "licensing_decisions": "行政许可决定数",
    "punishment_decisions": "行政处罚决定数",
    "enforcement_decisions": "行政强制决定数",
    "procurement_count": "政府集中采购项目数",
    "procurement_amount": "政府集中采购金额",
    "staff_count": "工作人员数",
    "stated_count": "列举条数",
    "issues_listed": "所列问题数",
    "improvements_listed": "所列改进措施数",
    "other_count": "其他计数",
}


def claim_type_name(claim_type: str) -> str:
    return CLAIM_TYPE_NAMES.get(claim_type, claim_type)
