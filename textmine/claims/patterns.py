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
    not_sentence: Optional[str] = None  # veto on the whole sentence (审批 counts are not disclosure's)
    measure: Optional[str] = None  # normative documents / regulations: made | repealed | in_force

    def compiled(self):
        return (
            regex.compile(self.left) if self.left else None,
            regex.compile(self.right) if self.right else None,
            regex.compile(self.not_left) if self.not_left else None,
            regex.compile(self.not_right) if self.not_right else None,
            regex.compile(self.not_sentence) if self.not_sentence else None,
        )


ITEMS = frozenset({"条", "件", "则", "篇", "项", "个", "份", "期", "宗", "类"})
# what published items are counted in: not 期 (issues of a bulletin), 个 (columns,
# accounts), 项 (matters, list entries) or 类 (categories: 公开13类信息 counts kinds)
PUBLISHED = frozenset({"条", "件", "则", "篇", "份", "宗"})
MONEY = frozenset({"元", "万元", "亿元", "千元"})
CASES = frozenset({"件", "起", "宗", "个", "次", "例", "条", "份"})
PEOPLE = frozenset({"名", "人", "位"})

# Things that are not the body's own disclosure applications even when "received".
_NOT_DISCLOSURE = r"信访|投诉|举报|咨询|信箱|来信|来电|热线|留言|建议|提案|议案|诉求|工单|12345"
_CHANNEL = r"公众号|微信|微博|抖音|头条|视频号|快手|客户端|APP|App|app|政务新媒体|新媒体|短信|推文"
# the disclosure counts of a sentence about 审批/政务服务 (受理申请121510件) are its service's
_SERVICE_SENTENCE = r"^(?!.*(?:信息公开|公开申请|依申请)).*(?:审批|政务服务|办件|窗口|行政许可|便民服务)"
_NOT_PUBLISHED = (
    r"部分公开|申请|结转|答复|转载|转发|录入|阅读|点击|浏览|征集|收到|受理|审核|拟公开|拟发布|张贴|简报|推送|问答|"
    # interpretations (政策解读117篇) unless listed with what they interpret (文件全文及解读)
    r"(?<![及和与、])解读[^,;。]{0,6}$|"
    # what the public sent in, as the counted thing (公开…办理复文 counts replies published)
    rf"(?:{_NOT_DISCLOSURE})[^,;。]{{0,2}}$"
)
# normative documents and regulations (table 2's first rows) as prose states their counts
_NORMATIVE = r"(?:行政)?规范性文件"
_REGULATION = r"(?<!规范性文件和|规范性文件、)(?:政府)?规章"
# the measure a verb gives a count of them ({noun}: the documents' name)
_MEASURE_LEFT = {
    "in_force": r"现行有效(?:的)?{noun}(?:共计|共|合计|总计|为|达)?$"
    r"|{noun}[^,;。]{{0,6}}现行有效(?:的)?(?:共计|共|合计|为)?$",
    "made": r"(?:制发|出台|新制定|制定|新制作|印发|新出台)(?:了|的)?{noun}(?:共计|共|合计|总计)?$",
    "repealed": r"(?:废止|宣布废止|宣布失效|失效|清理废止|予以废止)(?:了|的)?{noun}(?:共计|共|合计|总计)?$",
}

RULES: list[ClaimRule] = [
    # table 2 in prose: procurement, 行政事业性收费, normative documents, decisions
    ClaimRule(
        "procurement_amount",
        left=r"采购[^,;。]{0,24}?(?:金额|资金|总额|总金额|合同金额|预算)?(?:共计|共|合计|总计|为|达|约)?$",
        units=MONEY,
        near=30,
    ),
    ClaimRule(
        "procurement_count",
        left=r"(?:政府)?(?:集中)?采购(?:项目|批次|事项)?(?:数量)?(?:共计|共|合计|总计|为|达)?$",
        units=frozenset({"项", "个", "条", "批", "批次", "次", "宗", "件"}),
        near=16,
    ),
    ClaimRule(
        "admin_fees", left=r"行政事业性收费(?:金额|收入|总额)?(?:共计|共|合计|总计|为|达|约)?$", units=MONEY, near=20
    ),
    *(
        ClaimRule(ctype, left=left.format(noun=noun), units=units, near=near, measure=measure)
        for ctype, noun, units, near in (
            ("normative_documents", _NORMATIVE, frozenset({"件", "份", "个", "条", "部"}), 30),
            ("regulations", _REGULATION, frozenset({"件", "部", "个", "项"}), 20),
        )
        for measure, left in _MEASURE_LEFT.items()
    ),
    # 作出行政处罚决定312件 (not 行政许可事项46项: the matters, not the decisions)
    *(
        ClaimRule(
            ctype,
            left=rf"{kind}(?:处理)?(?:决定|措施决定|决定书)(?:共计|共|合计|数量|数)?(?:为)?$"
            rf"|(?:{verbs})[^,;。]{{0,6}}{kind}(?:措施)?(?:决定|案件|申请)?(?:共计|共|合计)?$",
            units=frozenset({"件", "个", "项", "份", "宗", "起"}),
            near=24,
        )
        for ctype, kind, verbs in (
            ("licensing_decisions", "行政许可", "作出|办理|办结|实施|审批"),
            ("punishment_decisions", "行政处罚", "作出|办理|办结|实施|查处"),
            ("enforcement_decisions", "行政强制", "作出|办理|实施|采取"),
        )
    ),
    # 不予公开的政府信息104条 — before published_items, which would match 公开
    ClaimRule("withheld_items", left=r"不予(?:主动)?公开[^,;。]{0,6}信息", units=ITEMS, near=30),
    ClaimRule("withheld_items", left=r"不予(?:主动)?公开$", right=r"^[^,;。]{0,4}(?:政府)?信息", units=ITEMS, near=6),
    # posts on channels, reported separately from disclosures
    ClaimRule(
        "channel_posts",
        left=r"(?:发布|推送|编发|刊发|推出)[^,;。]{0,20}(?:稿件|图文|推文|短视频|视频|文章)$|(?:稿件|推文)(?:共|累计)?$",
        units=frozenset({"条", "篇", "则", "期", "个"}),
        near=30,
    ),
    ClaimRule(
        "channel_posts",
        left=rf"(?:{_CHANNEL})[^,;。]{{0,20}}?(?:发布|推送|推出|更新|发送|编发)",
        units=frozenset({"条", "篇", "则", "期", "次", "个"}),
        not_left=r"转载|转发|阅读|关注|粉丝|点击|门户网站|政府网站",
        near=40,
    ),
    ClaimRule(
        "channel_posts",
        left=rf"(?:{_CHANNEL})(?:信息|推文|文章)?(?:共|累计)?$",
        units=frozenset({"条", "篇", "则", "期"}),
        near=15,
    ),
    # “某某科技”网站全年累计发布信息2139条: a website's posts, counted apart from the
    # disclosure total (政府信息 on the portal is that total)
    ClaimRule(
        "channel_posts",
        left=r"(?:网站|网|平台)[^,;。]{0,12}?发布(?:各类)?信息(?:共计|共|累计)?$",
        units=frozenset({"条", "篇", "则"}),
        not_left=r"门户|政府网站|主动|政府信息|政务信息|公开",
        near=30,
    ),
    # 微博29个,共发布信息1992条: the channel is named in the clause before (a portal is not one)
    ClaimRule(
        "channel_posts",
        left=rf"(?:{_CHANNEL})[^。;；]{{0,30}}?(?:发布|推送|推出|更新|编发)[^,;。]{{0,8}}$",
        units=frozenset({"条", "篇", "则"}),
        not_left=r"门户网站|政府网站|转载|转发|阅读|关注|粉丝|点击",
        near=50,
        sentence=True,
    ),
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
        left=r"(?:生成|制作|形成|产生|制发|获取)[^。;]*不予(?:主动)?公开(?:的)?(?:有)?$",
        units=ITEMS,
        near=300,
        sentence=True,
    ),
    ClaimRule(
        "other_count",
        left=r"(?:生成|制作|形成|产生|制发|获取)[^。;]*依申请公开(?:的)?(?:信息)?(?:数)?(?:有)?$",
        units=ITEMS,
        near=300,
        sentence=True,
    ),
    # applications received: new applications, never processed/answered ones
    ClaimRule(
        "applications_received",
        left=r"(?:收到|受理|接收|接到|新收|收悉|共收)[^,;。]{0,25}?(?:依申请|申请|公开件)|依申请公开(?:件|申请)?(?:共|总计|合计)?$|申请(?:件|数|数量)?(?:共|总计|合计|为|达|有)?$",
        units=frozenset({"件", "条", "份", "个", "次", "起", "宗", "人次"}),
        not_left=_NOT_DISCLOSURE + r"|办理|办结|答复|处理|结转|予以公开|部分公开|不予|复议|诉讼|申请中",
        not_sentence=_SERVICE_SENTENCE,
        near=40,
    ),
    ClaimRule(
        "applications_received",
        left=r"依申请公开(?:政府)?(?:信息)?$",
        units=ITEMS,
        not_left=r"办理|办结|答复|处理|结转|予以公开|对依申请",
        near=20,
    ),
    ClaimRule(
        "applications_received",
        left=r"(?:收到|受理|接收|接到|新收)$",
        right=r"^[^,;。]{0,12}申请",
        units=frozenset({"件", "条", "份", "个"}),
        not_right=_NOT_DISCLOSURE + r"|复议|诉讼",
        not_sentence=_SERVICE_SENTENCE,
        near=6,
    ),
    # 予以公开N件 / 同意公开答复数17条 (in the applications context)
    ClaimRule(
        "applications_granted",
        left=r"(?<!不)(?:予以公开|同意公开)(?:答复)?(?:的)?(?:数)?$|全部公开$",
        units=frozenset({"件", "条", "份", "个"}),
        near=8,
    ),
    # review and litigation cases
    ClaimRule(
        "review_cases",
        left=r"行政复议(?:案件|申请)?(?:数|数量|件数)?(?:共计|共|总计|合计|为|达|有)?$|复议(?:案件|申请)?(?:共计|共|为)?$",
        units=CASES,
        near=10,
    ),
    ClaimRule(
        "litigation_cases",
        left=r"行政诉讼(?:案件)?(?:数|数量|件数)?(?:共计|共|总计|合计|为|达|有)?$|诉讼(?:案件)?(?:共计|共|为)?$|起诉$",
        units=CASES,
        near=10,
    ),
    ClaimRule("review_cases", left=r"行政复议", right=r"^[^,;。]{0,4}$", units=CASES, near=20, not_left=r"诉讼"),
    # 有1件涉及政府信息公开工作的行政复议 / 收到1份有关…行政复议申请: the count before its noun
    ClaimRule(
        "review_cases",
        left=r"(?:有|发生|收到|涉及|受理|接到|共)\s*$",
        right=r"^[^,;。]{0,20}?行政复议(?!.{0,2}(?:和|或|、|及)行政诉讼)",
        units=CASES,
        near=8,
    ),
    ClaimRule(
        "litigation_cases",
        left=r"(?:有|发生|收到|涉及|受理|接到|共)\s*$",
        right=r"^[^,;。]{0,20}?行政诉讼(?!.{0,2}(?:和|或|、|及)行政复议)",
        units=CASES,
        near=8,
    ),
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
    # published items: the body's proactive disclosure. Interpretations (政策解读117篇),
    # bulletins (简报25期) and what others posted are counts of their own.
    ClaimRule(
        "published_items",
        left=r"(?:主动公开|公开|发布|公布|更新)[^,;。]{0,25}?(?:信息|文件|规章|政务|政策|动态|公告|公示|通知|类|复文|材料)[^,;。]{0,12}$"
        r"|(?<!不予|不|未|无法)(?:主动公开|公开|发布|公布)(?:了|各类|政府)?(?:信息)?(?:共|累计|合计|总计)?$"
        r"|(?:其中|主动)(?:主动)?公开$",
        units=PUBLISHED,
        not_left=_NOT_PUBLISHED,
        near=40,
    ),
    # 全年公开环保督察信息、环境质量信息…和其他重大环境信息131条: a long list of what was
    # disclosed, then its count
    ClaimRule(
        "published_items",
        left=r"(?<!不予|不|未|无法|依申请)(?:主动公开|公开|发布|公布)[^,;。]{0,80}(?:信息|文件)(?:共计|共|合计|累计)?$",
        units=PUBLISHED,
        # what the list names may include 投诉举报处理: only verbs veto here
        not_left=r"申请|转载|转发|征集|收到|受理|推送|报送|拟公开|拟发布|审核|(?<![及和与、])解读[^,;。]{0,6}$",
        near=90,
    ),
    # 在主动公开的425条政府信息中 / 上网发布的179条公安政府信息
    ClaimRule(
        "published_items",
        left=r"(?<!不予|不|未|无法)(?:主动公开|公开|发布|公布)(?:了|各类|的)?$",
        right=r"^[^,;。]{0,10}(?:政府信息|信息|文件)",
        units=PUBLISHED,
        near=6,
    ),
    # 印发的22条规范性文件并在政府网站上发布: the verb after the noun
    ClaimRule(
        "published_items",
        right=r"^(?:的)?[^,;。]{0,12}(?:信息|文件)[^,;。]{0,16}(?<!不予|不|未|无法)(?:公开|发布|公布)",
        units=PUBLISHED,
        not_left=_NOT_DISCLOSURE + r"|申请|转载|征集",
        not_right=r"^[^,;。]{0,30}(?:申请|征集|意见)",
    ),
    # 14条农机购置补贴公示: notices are disclosed items
    ClaimRule(
        "published_items",
        right=r"^[^,;。]{0,14}(?:公示|公告|通告)",
        units=PUBLISHED,
        not_left=_NOT_PUBLISHED,
        not_right=r"^[^,;。]{0,14}(?:公示|公告|通告)(?:期|栏|牌)",
    ),
    # 共清理出6条政府公开信息: the noun says what they are
    ClaimRule(
        "published_items",
        right=r"^(?:政府)?(?:主动)?公开(?:的)?(?:政府)?信息",
        units=PUBLISHED,
        not_left=_NOT_PUBLISHED,
    ),
    # 发布征地告知书202宗 / 在栏目发布行政处罚23件: a disclosure verb, a short noun, the count
    ClaimRule(
        "published_items",
        left=r"(?<!不予|不|未|无法|依申请)(?:公开|发布|公布)(?:了)?[\p{Han}“”\"、()（）]{1,16}(?:共计|共|累计)?$",
        units=PUBLISHED,
        not_left=_NOT_PUBLISHED + r"|视频|稿件|图文|文章|推文",
        near=20,
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
    r"编号|邮编|邮政编码|代码|索引号|文号|令第|(?:电话|传真|热线|号码)[:：]\s*|\d[条项类个]|(?:前进|后退|上升|提升|下降)了?|"
    # 结合26个试点领域 / 围绕三个重点: a named set the work refers to, not a count of work done
    r"结合|围绕|对照|按照|依据|根据|紧扣)$"
)
# A quota for each period earlier in the same clause (每月更新信息8篇, 每季度至少开展培训1次):
# a target, not a result. Read over a wider window than TRAP_LEFT's
QUOTA_LEFT = regex.compile(r"每(?:月|周|季度|季|年|日|天|期)[^\d,，;；。:：]{0,12}$")
TRAP_RIGHT = regex.compile(
    r"^(?:个)?(?:工作日|小时|分钟|天|周|月|季度|年|周年|百分点|倍|届|大|是|级|号|楼|室|层|路|街|巷|弄|栋|单元|期间|以来)"
    r"|^(?:性|分(?!管)|些|样|直|线|致|律|体|起来|道)"
    r"|^(?:部分|方面|环节|层级|章|节|步骤|阶段)"
)  # 分为九个部分: structure, not a count

# Outcomes of applications stated in prose, by the table-3 row group they name (checked
# against its rows by the n2t.outcome.<group> rules). The first match wins: 不予处理 and 其他
# 处理 before the processed total's 处理. A result may be written as a count of answers
# (部分公开答复数2条) or with 的 (无法提供的10件).
_ANSWERS = r"(?:答复|的|数|件数|决定)*"
OUTCOMES: list[tuple[str, "regex.Pattern[str]"]] = [
    (group, regex.compile(pattern))
    for group, pattern in [
        ("granted_partial", rf"予以公开(?:和|及|与|、|或)部分公开{_ANSWERS}$"),
        ("partial", rf"部分公开{_ANSWERS}$|其[它他]公开{_ANSWERS}$"),
        ("denied", rf"(?<!部分)(?:不予公开|免于公开|免予公开){_ANSWERS}$"),
        ("unable", rf"无法提供{_ANSWERS}$|(?:不掌握|不存在|非本机关)[^,;。]{{0,8}}$"),
        ("ignored", rf"不予处理{_ANSWERS}$|不作为[^,;。]{{0,20}}处理{_ANSWERS}$"),
        ("other_handling", rf"其[他它](?:方式)?处理{_ANSWERS}$"),
        (
            "carried_forward",
            r"(?:结转|转入|转)(?:至|到)?(?:下一?年度?|下年|\d{4}年)[^,;。]{0,8}$|结转下年度[^,;。]{0,6}$",
        ),
        (
            "carried_over",
            rf"(?:上一?年(?:度)?结转|结转上一?年度?)(?:的)?(?:政府信息公开|依申请公开)?(?:申请)?{_ANSWERS}$",
        ),
        (
            "processed",
            r"(?:办结|办理完毕|处理完毕|答复|已办理|共办理|共处理|已处理|办理)(?:了)?(?:各类)?"
            r"(?:政府信息公开|依申请公开|信息公开)?(?:申请)?(?:的)?(?:总数|件数|数)?(?:共计|共|总计|合计|为)?$",
        ),
    ]
]

# 占35.2% / 占比51.85%: the share a count is said to be (of what its list totals)
SHARE_LEFT = regex.compile(r"(?:占|占比|比例为|占比为)(?:总数|全部|总量|申请总数|办结总数)?(?:的)?(?:为|达)?\s*$")

# Categories of published items, as a list names them (机构职能类信息148条; 规划计划文件2件;
# 其他应主动公开的信息946条): a clause that is only the category's noun phrase before its count
CATEGORY_CLAUSE = regex.compile(
    r"(?P<cat>[^,，;；:：。\d]{1,30}?(?:类(?:的)?(?:政府)?信息|(?:政府)?信息|类|文件|项目|公告|公示|通告|通知|批文|"
    r"告知书|许可证|决定书|报告|清单|名单|方案|规划|计划|预算|决算|动态|政策))"
    r"(?:数)?(?:共计|共|合计|计)?\s*$"
)
# ... unless the phrase names something else than disclosed items
NOT_CATEGORY = regex.compile(
    r"申请|结转|办结|不予公开|不掌握|不存在|无法提供|解读|咨询|报送|舆情|建议|提案|投诉|举报|信访|诉求|简报|阅读|点击|浏览|访问|关注|"
    r"转载|留言|来信|来电|征集|回应|答复|办理|处理|受理|收到|培训|会议|活动|许可决定|处罚决定"
)
# a verb in the phrase makes it a statement of its own (报送信息38条), not a category's name;
# 应主动公开的 is part of the name of the catch-all category
CATEGORY_VERB = regex.compile(
    r"(?<!应主动|应|需|予以)(?:主动公开|公开|发布|公布|推送|报送|制作|生成|更新|编发|刊发|印发|制发|清理|开展|举办|组织|完成)"
)

# Who applied and how, as prose names the parts of the applications received
APPLICANTS: list[tuple[str, "regex.Pattern[str]"]] = [
    (key, regex.compile(pattern))
    for key, pattern in [
        ("natural_person", r"自然人|公民|群众|个人|市民|居民"),
        ("commercial", r"商业企业|企业"),
        ("research", r"科研机构"),
        ("social_org", r"社会公益组织|公益组织"),
        ("legal_service", r"法律服务机构|律师"),
        ("legal_person", r"法人|其他组织"),
        ("other_org", r"其他"),
    ]
]
CHANNELS: list[tuple[str, "regex.Pattern[str]"]] = [
    (key, regex.compile(pattern))
    for key, pattern in [
        ("email", r"电子邮件|电子邮箱|邮箱"),
        ("mail", r"邮寄|信函|来信|挂号信|EMS"),
        ("online", r"网上|网络|在线|互联网|网站|平台|线上"),
        ("in_person", r"当面|现场|窗口"),
        ("fax", r"传真"),
        ("phone", r"电话"),
    ]
]
