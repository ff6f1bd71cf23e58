"""Claim patterns as data: which counted fact a number states, from its context.

A number's *left context* is its clause up to the number; its *right context* is the
rest of the clause (where the counted noun often stands: 指定1名专职工作人员). Rules are
tried in order; the first whose cues match types the number. Reorder or add rules
here, not in the extractor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex


@dataclass(frozen=True)
class ClaimRule:
    type: str
    left: Optional[str] = None  # must match in the left context (the clause before the number)
    right: Optional[str] = None  # must match in the right context
    units: frozenset[str] = field(default_factory=frozenset)  # allowed units; empty = any count unit
    not_left: Optional[str] = None  # vetoes
    not_right: Optional[str] = None
    near: int = 40  # how many characters of left context the cue may be from the number
    sentence: bool = False  # left context is the sentence so far, not only the clause

    def compiled(self):
        return (
            regex.compile(self.left) if self.left else None,
            regex.compile(self.right) if self.right else None,
            regex.compile(self.not_left) if self.not_left else None,
            regex.compile(self.not_right) if self.not_right else None,
        )


ITEMS = frozenset({"条", "件", "则", "篇", "项", "个", "份", "期", "宗", "类"})
CASES = frozenset({"件", "起", "宗", "个", "次", "例", "条", "份"})
PEOPLE = frozenset({"名", "人", "位"})

# Things that are not the body's own disclosure applications even when "received".
_NOT_DISCLOSURE = r"信访|投诉|举报|咨询|信箱|来信|来电|热线|留言|建议|提案|议案|诉求|工单|12345"
_CHANNEL = r"公众号|微信|微博|抖音|头条|视频号|快手|客户端|APP|App|app|政务新媒体|新媒体|短信|推文"

RULES: list[ClaimRule] = [
    # 不予公开的政府信息104条 — before published_items, which would match 公开
    ClaimRule("withheld_items", left=r"不予(?:主动)?公开[^,;。]{0,6}信息", units=ITEMS, near=30),
    ClaimRule("withheld_items", left=r"不予(?:主动)?公开$", right=r"^[^,;。]{0,4}(?:政府)?信息", units=ITEMS, near=6),
    # 共生成127条政府信息 / 制发文件
    ClaimRule(
        "documents_generated",
        left=r"生成|产生|制发|制作|形成",
        right=r"^[^,;]{0,6}(?:政府信息|信息|文件)",
        units=ITEMS,
        not_left=r"公开|规范性文件|规章",
        near=12,
    ),
    ClaimRule(
        "documents_generated",
        left=r"(?:生成|产生|制发|制作|形成)(?:各类)?(?:政府)?(?:信息)?(?:文件)?",
        units=ITEMS,
        not_left=r"主动公开|规范性文件|规章",
        near=15,
    ),
    # parts of a generated-documents breakdown: 共制作政府信息318条,其中…依申请公开17条,不予公开12条
    ClaimRule(
        "withheld_items",
        left=r"(?:生成|制作|形成|产生)[^。;]*不予(?:主动)?公开(?:的)?(?:有)?$",
        units=ITEMS,
        near=80,
        sentence=True,
    ),
    ClaimRule(
        "other_count",
        left=r"(?:生成|制作|形成|产生)[^。;]*依申请公开(?:的)?(?:有)?$",
        units=ITEMS,
        near=80,
        sentence=True,
    ),
    # applications received: new applications, never processed/answered ones
    ClaimRule(
        "applications_received",
        left=r"(?:收到|受理|接收|接到|新收|收悉|共收)[^,;。]{0,25}?(?:依申请|申请|公开件)|依申请公开(?:件|申请)?(?:共|总计|合计)?$|申请(?:件|数|数量)?(?:共|总计|合计|为|达)?$",
        units=frozenset({"件", "条", "份", "个", "次", "起", "宗", "人次"}),
        not_left=_NOT_DISCLOSURE + r"|办理|办结|答复|处理|结转|予以公开|部分公开|不予|复议|诉讼|申请中",
        near=40,
    ),
    ClaimRule("applications_received", left=r"依申请公开(?:政府)?(?:信息)?$", units=ITEMS, near=20),
    ClaimRule(
        "applications_received",
        left=r"(?:收到|受理|接收|接到|新收)$",
        right=r"^[^,;。]{0,12}申请",
        units=frozenset({"件", "条", "份", "个"}),
        not_right=_NOT_DISCLOSURE,
        near=6,
    ),
    # 予以公开N件 (in the applications context)
    ClaimRule(
        "applications_granted",
        left=r"(?<!不)予以公开(?:的)?$|(?<!不)同意公开$|全部公开$",
        units=frozenset({"件", "条", "份", "个"}),
        near=6,
    ),
    # review and litigation cases
    ClaimRule(
        "review_cases",
        left=r"行政复议(?:案件|申请)?(?:共计|共|总计|合计|为|达|有)?$|复议(?:案件|申请)?(?:共计|共|为)?$",
        units=CASES,
        near=10,
    ),
    ClaimRule(
        "litigation_cases",
        left=r"行政诉讼(?:案件)?(?:共计|共|总计|合计|为|达|有)?$|诉讼(?:案件)?(?:共计|共|为)?$|起诉$",
        units=CASES,
        near=10,
    ),
    ClaimRule("review_cases", left=r"行政复议", right=r"^[^,;。]{0,4}$", units=CASES, near=20, not_left=r"诉讼"),
    # staff working on disclosure
    ClaimRule(
        "staff_count",
        right=r"^[^,;。]{0,6}(?:专职|兼职|专兼职)?(?:工作人员|信息员|联络员|人员|专干|负责人|管理员|分管|负责)",
        units=PEOPLE,
        not_left=r"培训|参训|参加|参会|哨兵|志愿|群众|代表|专家|列席|人次|接待|服务|走访|慰问",
        not_right=r"^[^,;。]{0,6}(?:参加|参训|次)",
        near=30,
    ),
    ClaimRule(
        "staff_count",
        left=r"(?:工作人员|专职人员|兼职人员|人员力量|信息员|专干|联络员|工作小组|工作专班)(?:共计|共|总计|合计|为|达|有)?$|配备(?:了)?(?:专职|兼职)?(?:人员)?$|(?:专职|兼职)$",
        units=PEOPLE,
        near=12,
    ),
    # fees collected for disclosure (not 行政事业性收费 revenue)
    ClaimRule(
        "fee_collected",
        left=r"收取[^;。]{0,15}(?:信息处理费|处理费|费用|复制费|检索费)[^;。]{0,16}|(?:信息处理费|复制费|检索费)(?:共|合计)?$",
        units=frozenset({"元", "万元"}),
        not_left=r"行政事业性收费",
        near=40,
        sentence=True,
    ),
    # posts on channels, reported separately from disclosures
    ClaimRule(
        "channel_posts",
        left=r"(?:发布|推送|编发|刊发|推出)[^,;。]{0,12}(?:稿件|图文|推文)$|(?:稿件|推文)(?:共|累计)?$",
        units=frozenset({"条", "篇", "则", "期"}),
        near=30,
    ),
    ClaimRule(
        "channel_posts",
        left=rf"(?:{_CHANNEL})[^,;。]{{0,20}}?(?:发布|推送|推出|更新|发送|编发)",
        units=frozenset({"条", "篇", "则", "期", "次", "个"}),
        not_left=r"转载|转发|阅读|关注|粉丝|点击",
        near=40,
    ),
    ClaimRule(
        "channel_posts",
        left=rf"(?:{_CHANNEL})(?:信息|推文|文章)?(?:共|累计)?$",
        units=frozenset({"条", "篇", "则", "期"}),
        near=15,
    ),
    # published items: the body's proactive disclosure
    ClaimRule(
        "published_items",
        left=r"(?:主动公开|公开|发布|公布|更新)[^,;。]{0,25}?(?:信息|文件|规章|政务|政策|动态|公告|公示|通知|解读|类|复文|材料)[^,;。]{0,12}$"
        r"|(?<!不予|不|未|无法)(?:主动公开|公开|发布|公布)(?:了|各类|政府)?(?:信息)?(?:共|累计|合计|总计)?$"
        r"|(?:其中|主动)(?:主动)?公开$",
        units=ITEMS,
        not_left=r"部分公开|依申请|申请公开件|转载|转发|录入|阅读|点击|浏览|征集|收到|受理|审核|拟公开|拟发布|张贴|"
        + _NOT_DISCLOSURE,
        near=40,
    ),
    ClaimRule(
        "published_items",
        left=r"(?<!不予|不|未|无法)(?:主动公开|公开|发布|公布)(?:了|各类)?$",
        right=r"^[^,;。]{0,10}(?:政府信息|信息|文件)",
        units=ITEMS,
        near=4,
    ),
]

COMPILED_RULES = [(r, *r.compiled()) for r in RULES]

# Announced counts for a list that follows: 以下三点工作, 从四个方面, 主要有以下几个方面 (no count)
STATED_COUNT = regex.compile(
    r"(?:以下|如下|下列|从|在|主要有|(?:着力|重点)?(?:开展|做好|抓好)(?:以下)?)(?P<num>[一二两三四五六七八九十]{1,2}|\d{1,2})"
    r"(?P<unit>点|个方面|方面|项工作|点工作|项措施|条措施|项|条|个问题|大问题|个不足|个环节|个(?=[:：]))"
)

# Changes are not totals: 较上年增加10件 / 同比减少3件 / 比去年多12条
CHANGE_LEFT = regex.compile(
    r"(?:较|比|同比|环比|相比)[^,;。]{0,8}?(?P<dir>增加|增长|提高|上升|多|减少|下降|降低|少)(?:了)?[^,;。\d]{0,8}$"
)

# Left context that makes a number a trap, not a claim
TRAP_LEFT = regex.compile(
    r"(?:第|前|排名|排在|位列|每|每月|每周|每季度|每年|每日|每天|不少于|不低于|至少|目标|力争|各|"
    r"编号|邮编|邮政编码|代码|索引号|文号|令第|(?:电话|传真|热线|号码)[:：]\s*|\d[条项类个]|(?:前进|后退|上升|提升|下降)了?)$"
)
TRAP_RIGHT = regex.compile(
    r"^(?:个)?(?:工作日|小时|分钟|天|周|月|季度|年|周年|百分点|倍|届|大|是|级|号|楼|室|层|路|街|巷|弄|栋|单元|期间|以来)"
    r"|^(?:性|分|些|样|直|线|致|律|体|起来|道)"
    r"|^(?:部分|方面|环节|层级|章|节|步骤|阶段)"
)  # 分为九个部分: structure, not a count
