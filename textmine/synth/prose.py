"""The prose of a synthetic report: who publishes it, and what its narrative states.

Every fact has several phrasings, drawn at random, in the register of real reports
(official four-character phrases, 一是…二是… lists, (一)(二) sub-heads). The numbers the
prose states come from the caller (`Facts`), so the ground truth knows exactly which
claim each sentence makes; phrasings were chosen so that each states its fact once and
unambiguously (no 群众/公民 scope words on the received count, no year-on-year change
right after a total).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Optional

CN_DIGITS = "零一二三四五六七八九十"

PLACES = [
    "临河",
    "青石",
    "云岭",
    "松溪",
    "白沙",
    "东坪",
    "北川",
    "南湖",
    "西林",
    "安平",
    "永宁",
    "清江",
    "长乐",
    "丰泽",
    "宁远",
    "柳溪",
    "石门",
    "金川",
    "桃源",
    "兴安",
    "岚山",
    "凤岗",
    "平湖",
    "龙泉",
    "双河",
    "泰和",
    "玉屏",
    "新田",
    "黎川",
    "梅江",
]
PROVINCES = ["江川", "岭东", "云泽", "河西", "闽中", "湘南"]

# body type -> (names, domain themes, disclosure categories for the 其中 breakdown, scale options)
BODIES = {
    "natural_resources": (
        "自然资源局",
        "国土空间规划、耕地保护、不动产登记",
        ["政策文件", "规划计划信息", "土地征收及供应信息", "不动产登记信息", "执法监察信息"],
    ),
    "health": (
        "卫生健康局",
        "公共卫生、医疗服务、疾病防控",
        ["政策文件及解读", "医疗机构执业许可公示", "公共卫生监督信息", "健康科普信息", "人事及财务信息"],
    ),
    "education": (
        "教育局",
        "招生入学、学生资助、教师招聘",
        ["招生考试信息", "学生资助信息", "教师招聘信息", "财政预决算信息", "教育工作动态"],
    ),
    "hrss": (
        "人力资源和社会保障局",
        "就业创业、社会保险、劳动关系",
        ["就业创业政策及招聘信息", "社会保险经办信息", "人才人事信息", "劳动保障监察信息", "工作动态"],
    ),
    "environment": (
        "生态环境局",
        "污染防治、环境质量、环评审批",
        ["环境质量信息", "环评审批公示", "排污许可信息", "行政处罚信息", "工作动态"],
    ),
    "transport": (
        "交通运输局",
        "道路建设、运输管理、交通执法",
        ["重点项目建设信息", "道路运输许可信息", "交通执法信息", "政策文件", "工作动态"],
    ),
    "emergency": (
        "应急管理局",
        "安全生产、防灾减灾、应急救援",
        ["安全生产监管执法信息", "自然灾害防治信息", "行政许可信息", "政策文件及解读", "工作动态"],
    ),
    "civil_affairs": (
        "民政局",
        "社会救助、养老服务、社会组织管理",
        ["社会救助信息", "养老服务信息", "社会组织登记信息", "政策文件", "工作动态"],
    ),
    "government": (
        "人民政府",
        "脱贫攻坚、乡村振兴、民生保障",
        ["政府文件", "财政预决算信息", "惠民补贴信息", "乡村振兴信息", "工作动态"],
    ),
}

WECHAT_SUFFIX = {
    "natural_resources": "自然资源",
    "health": "健康",
    "education": "教育",
    "hrss": "人社",
    "environment": "生态环境",
    "transport": "交通",
    "emergency": "应急",
    "civil_affairs": "民政",
    "government": "发布",
}


@dataclass
class Body:
    kind: str
    agency: str
    short: str  # 我局 / 我镇 ...
    place: str
    scale: str  # township | county | city | province
    superior: str  # 县委、县政府 ...
    wechat: str


def draw_body(rng: random.Random) -> Body:
    kind = rng.choice(list(BODIES))
    place = rng.choice(PLACES)
    if kind == "government":
        scale = rng.choice(["township", "township", "county"])
        if scale == "township":
            county = rng.choice([p for p in PLACES if p != place])
            agency = f"{county}县{place}镇人民政府"
            return Body(kind, agency, "我镇", place, scale, "县委、县政府", f"{place}{WECHAT_SUFFIX[kind]}")
        return Body(kind, f"{place}县人民政府办公室", "我办", place, scale, "市委、市政府", f"{place}发布")
    scale = rng.choice(["county", "county", "city", "province"])
    name = BODIES[kind][0]
    if scale == "province":
        prov = rng.choice(PROVINCES)
        name = name.replace("局", "厅")
        return Body(kind, f"{prov}省{name}", "我厅", prov, scale, "省委、省政府", f"{prov}{WECHAT_SUFFIX[kind]}")
    unit = "县" if scale == "county" else "市"
    superior = "县委、县政府" if scale == "county" else "市委、市政府"
    return Body(kind, f"{place}{unit}{name}", "我局", place, scale, superior, f"{place}{WECHAT_SUFFIX[kind]}")


@dataclass
class Facts:
    """The counts the prose states (None: the report does not state it)."""

    year: int
    received: int
    carried_over: int
    processed: int
    carried_forward: int
    outcomes: dict[str, int]
    review: int
    litigation: int
    published: int
    published_parts: list[tuple[str, int]]
    published_repeat: Optional[int] = None  # a second headline mention of the published count
    channel_posts: int = 0
    staff: tuple[int, int] = (1, 0)
    problems: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    stated_measures: Optional[int] = None  # 以下N个方面 announced before the measures
    # how the outcomes are told: "breakdown" (办结N件,其中予以公开…: parts of a total),
    # "results" (从办理结果看,予以公开…: each outcome a fact of its own) or "none"
    outcome_style: str = "breakdown"
    t2_sentence: str = ""
    extra_overview: Optional[str] = None  # one more sentence for section 一 (year-on-year statements)


def cn(n: int, ordinal: bool = False) -> str:
    """A small count in Chinese numerals: 两个方面 as a count, 二是 as an ordinal."""
    if n == 2 and not ordinal:
        return "两"
    if n <= 10:
        return CN_DIGITS[n]
    return f"十{CN_DIGITS[n - 10]}" if n < 20 else str(n)


def split_parts(rng: random.Random, total: int, names: list[str]) -> list[tuple[str, int]]:
    k = rng.randint(3, len(names))
    chosen = rng.sample(names, k)
    if total < k:
        return []
    cuts = sorted(rng.sample(range(1, total), k - 1)) if total > k else list(range(1, k))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [total])]
    return [(n, v) for n, v in zip(chosen, parts) if v > 0]


# --- sentences --------------------------------------------------------------------------


def preamble(rng: random.Random, body: Body, year: int) -> list[str]:
    basis = rng.choice(
        [
            f"根据《中华人民共和国政府信息公开条例》(以下简称《条例》)第五十条的规定,现公布{body.agency}{year}年政府信息公开工作年度报告。",
            "本报告依据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告格式的要求编制。",
            f"按照《条例》要求和{body.superior}的统一部署,现将{body.agency}{year}年度政府信息公开工作情况报告如下。",
        ]
    )
    period = rng.choice(
        [
            f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
            f"报告中所列数据统计时间为{year}年1月1日至{year}年12月31日。",
            f"本报告数据统计期限为{year}年1月1日至{year}年12月31日。",
        ]
    )
    contact = rng.choice(
        [
            "",
            f"如对本报告有疑问,请与{body.agency}办公室联系。",
            "本报告电子版可在本机关门户网站“政府信息公开”专栏查阅和下载。",
        ]
    )
    return [basis + period + contact]


def overview(rng: random.Random, body: Body, f: Facts) -> list[str]:
    _, themes, _ = BODIES[body.kind]
    paras = [
        rng.choice(
            [
                f"{f.year}年,{body.agency}在{body.superior}的领导下,围绕{themes}等重点工作,坚持以公开为常态、不公开为例外,依法做好政府信息公开工作。",
                f"{f.year}年,{body.short}认真贯彻《条例》,紧扣{themes}等群众关注的领域,持续加大公开力度,政府信息公开工作总体平稳有序。",
                f"{f.year}年,{body.short}坚持以人民为中心的发展思想,把政务公开作为推进依法行政的基础性工作,围绕{themes}扎实推进各项公开任务。",
            ]
        )
    ]
    platform = rng.choice(
        ["本机关门户网站", "政府信息公开平台", f"{body.place}政府门户网站专栏", "政府网站和政务新媒体"]
    )
    parts = ",".join(f"{name}{v}条" for name, v in f.published_parts)
    tail = f",其中{parts}" if parts else ""
    paras.append(
        rng.choice(
            [
                f"(一)主动公开。全年主动公开政府信息{f.published}条{tail}。",
                f"(一)主动公开情况。{f.year}年通过{platform}主动公开政府信息{f.published}条{tail}。",
                f"(一)主动公开。本年度共主动公开各类政府信息{f.published}条{tail}。",
            ]
        )
    )
    paras.append(_applications(rng, f))
    paras.append(
        rng.choice(
            [
                f"(三)政府信息管理。严格落实信息发布审核制度,拟公开信息逐条进行保密审查。{f.t2_sentence}",
                f"(三)政府信息管理。健全公开属性源头认定机制,公文起草时即明确公开方式。{f.t2_sentence}",
            ]
        )
    )
    if f.channel_posts:
        paras.append(
            rng.choice(
                [
                    f"(四)平台建设。优化门户网站栏目设置,“{body.wechat}”微信公众号全年推送信息{f.channel_posts}条。",
                    f"(四)平台建设。对空白栏目和长期不更新的栏目进行清理整合,“{body.wechat}”微信公众号全年发布信息{f.channel_posts}条。",
                ]
            )
        )
    else:
        paras.append("(四)平台建设。对空白栏目和长期不更新的栏目进行清理整合,提升公开目录的可检索性。")
    full, part = f.staff
    staff = rng.choice(
        [
            f"配备专职工作人员{full}名" + (f"、兼职信息员{part}名" if part else ""),
            f"安排{full}名工作人员负责信息的收集、审核和发布",
        ]
    )
    paras.append(f"(五)监督保障。{body.short}办公室承担政务公开日常工作,{staff}。{_cases(rng, f)}")
    return paras


def _applications(rng: random.Random, f: Facts) -> str:
    head = "(二)依申请公开。"
    if f.received == 0:
        sent = rng.choice(["全年未收到政府信息公开申请", "本年度没有收到政府信息公开申请"])
        if f.carried_over == 0:
            return head + sent + ",无上年结转申请。"
        return head + sent + f"。上年结转的{f.carried_over}件申请已按期办结。"
    recv = rng.choice(
        [
            f"全年共收到政府信息公开申请{f.received}件",
            f"本年度新收政府信息公开申请{f.received}件",
            f"全年受理依申请公开{f.received}件",
            f"共接收政府信息公开申请{f.received}件",
        ]
    )
    if f.carried_over:
        recv += rng.choice([f",上年结转{f.carried_over}件", f",另有上年结转申请{f.carried_over}件"])
    names = {
        "granted": "予以公开",
        "partial": "部分公开",
        "denied": "不予公开",
        "unable": "无法提供",
        "ignored": "不予处理",
        "other": "其他处理",
    }
    listed = [(k, v) for k, v in f.outcomes.items() if v]
    out = ",".join(f"{names[k]}{v}件" for k, v in listed)
    done = rng.choice([f"办结{f.processed}件", f"本年度办结{f.processed}件"])
    if not f.processed:
        return head + recv + "。"
    if f.outcome_style == "breakdown" and len(listed) > 1:
        body = f"{recv}。{done},其中{out}"
    elif f.outcome_style == "results" and len(listed) > 1:
        body = f"{recv}。{done}。" + rng.choice(["从办理结果看,", "答复结果为:"]) + out
    else:
        body = f"{recv}。{done}"
    if f.carried_forward:
        body += rng.choice(
            [f";结转下年度继续办理{f.carried_forward}件", f",另有{f.carried_forward}件结转至下一年度办理"]
        )
    else:
        body += rng.choice([",均已按期答复", ",全部在法定期限内答复"])
    return head + body + "。"


def _cases(rng: random.Random, f: Facts) -> str:
    if f.review == 0 and f.litigation == 0:
        return rng.choice(
            [
                "本年度未发生因政府信息公开引起的行政复议和行政诉讼。",
                "全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
            ]
        )
    parts = []
    parts.append(f"本年度因政府信息公开被申请行政复议{f.review}件" if f.review else "未被申请行政复议")
    parts.append(f"被提起行政诉讼{f.litigation}件" if f.litigation else "未被提起行政诉讼")
    return ";".join(parts) + "。"


PROBLEMS = [
    "部分股室对主动公开的认识不到位,存在重业务、轻公开的倾向",
    "政策解读的形式比较单一,图解、短视频等群众易于接受的形式运用较少",
    "依申请公开答复的说理还不够充分,答复文书的规范程度有待提高",
    "网上公开的信息以工作动态为主,政策性、办事类信息占比偏低",
    "负责公开工作的人员多为兼职,业务水平参差不齐,信息更新不够及时",
    "个别栏目长期未更新,公开内容的时效性有待加强",
    "基层单位公开力量薄弱,公开标准把握不够统一",
    "对涉及个人信息和第三方权益的审查尺度还不够统一",
]
MEASURES = [
    "压实股室责任,把信息报送时效纳入月度通报,对迟报、漏报的督促整改",
    "丰富解读方式,对涉及群众切身利益的政策同步制作图文解读",
    "加强业务培训,组织承办人员学习复议和诉讼典型案例,规范答复文书格式",
    "建立栏目更新台账,定期检查栏目维护情况,确保信息及时更新",
    "制定依申请公开办理指引,统一审查标准,疑难件提交法律顾问研究",
    "编制主动公开事项清单,明确各类信息的公开时限和责任股室",
    "加强对基层单位的业务指导,推动公开工作规范化、标准化",
    "完善信息发布审核机制,严格落实保密审查和个人信息保护要求",
]


def problems_section(rng: random.Random, body: Body, f: Facts) -> list[str]:
    items_p = ";".join(f"{cn(i + 1, ordinal=True)}是{p}" for i, p in enumerate(f.problems))
    items_m = ";".join(f"{cn(i + 1, ordinal=True)}是{m}" for i, m in enumerate(f.measures))
    lead = rng.choice(
        [
            f"{f.year}年,{body.short}政府信息公开工作虽然有所进步,但对照上级要求仍有差距:",
            f"{body.short}政府信息公开工作还存在一些不足:",
            "工作中还存在以下问题:",
        ]
    )
    if f.stated_measures is not None:
        mlead = rng.choice(
            [
                f"下一步,{body.short}将重点做好以下{cn(f.stated_measures)}个方面的工作:",
                f"针对上述问题,{body.short}将从以下{cn(f.stated_measures)}个方面加以改进:",
            ]
        )
    else:
        mlead = rng.choice([f"下一步,{body.short}将着力抓好以下工作:", "针对上述问题,将采取以下改进措施:"])
    if rng.random() < 0.5:
        return [lead + items_p + "。", mlead + items_m + "。"]
    return ["(一)存在的主要问题", lead + items_p + "。", "(二)改进措施", mlead + items_m + "。"]


def other_matters(rng: random.Random, body: Body, f: Facts) -> list[str]:
    fee = rng.choice(
        [
            "本年度未收取信息处理费。",
            f"本年度{body.short}未收取政府信息公开相关费用。",
            "依据《政府信息公开信息处理费管理办法》,本年度未收取信息处理费。",
        ]
    )
    repeat = ""
    if f.published_repeat is not None:
        repeat = rng.choice(
            [
                f"本年度共主动公开政府信息{f.published_repeat}条,均已在门户网站集中展示。",
                f"全年主动公开政府信息{f.published_repeat}条,已按要求完成归档。",
            ]
        )
    return [fee + repeat + rng.choice(["无其他需要报告的事项。", "", "其他事项无。"])]


def t2_sentence(rng: random.Random, template: str, t2: dict[str, float]) -> str:
    if template == "2021":
        made = int(t2["art20_1.normative_documents.made"])
        rep = int(t2["art20_1.normative_documents.repealed"])
        inf = int(t2["art20_1.normative_documents.in_force"])
        return rng.choice(
            [
                f"本年制发行政规范性文件{made}件,废止{rep}件,现行有效{inf}件。",
                f"对行政规范性文件进行集中清理,现行有效{inf}件。",
            ]
        )
    made = int(t2["art20_1.normative_documents.new_made"])
    return rng.choice([f"本年新制作规范性文件{made}件,均按规定公开。", "规范性文件均按规定及时公开。"])
