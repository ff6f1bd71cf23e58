"""Claim extraction: every pattern family, Chinese numerals, negations, and traps."""

from __future__ import annotations

import pytest

from textmine.claims import extract_claims
from textmine.claims.numbers import iter_quantities
from textmine.document import Section
from textmine.numerals import parse_number


def claims_of(text: str, key: str = "overview"):
    return extract_claims(text, [Section(key, "一", "", 0, len(text), 0)])


def pairs(text: str, key: str = "overview") -> set[tuple[str, float]]:
    return {(c.type, c.value) for c in claims_of(text, key)}


@pytest.mark.parametrize(
    "s,v",
    [
        ("1,234", 1234),
        ("二十三", 23),
        ("两", 2),
        ("一百二十", 120),
        ("十二", 12),
        ("3.5万", 35000),
        ("一百零二", 102),
        ("三千", 3000),
        ("2535.3", 2535.3),
        ("十几", None),
        ("", None),
    ],
)
def test_parse_number(s, v):
    assert parse_number(s) == v


def test_quantity_qualifiers_and_ranges():
    q = next(iter_quantities("公开信息120余条"))
    assert (q.value, q.unit, q.qualifier, q.approx, q.low, q.high) == (120, "条", "余", True, 120, 129)
    q = next(iter_quantities("约739万元"))
    assert (q.value, q.unit, q.approx) == (739, "万元", True)
    q = next(iter_quantities("近300人次"))
    assert (q.value, q.unit, q.qualifier, q.high) == (300, "人次", "近", 300)
    q = next(iter_quantities("一百二十余条"))
    assert (q.value, q.chinese, q.approx) == (120, True, True)


POSITIVE = [
    # published items, Arabic / Chinese numerals, qualifiers
    ("全年共主动公开政府信息318条。", {("published_items", 318)}),
    ("今年以来,本局共公开政务信息二百四十余条。", {("published_items", 240)}),
    ("通过门户网站公开各类信息1,234条。", {("published_items", 1234)}),
    ("主动公开信息约560条,其中政策解读36篇。", {("published_items", 560), ("published_items", 36)}),
    (
        "本年度共生成政府信息96条,其中主动公开41条,不予公开的政府信息55条。",
        {("documents_generated", 96), ("published_items", 41), ("withheld_items", 55)},
    ),
    # applications
    ("全年共收到政府信息公开申请二十三件。", {("applications_received", 23)}),
    (
        "本年度受理依申请公开事项859件,按时答复805件(含上年度结转申请18件)。",
        {("applications_received", 859), ("other_count", 805), ("other_count", 18)},
    ),
    ("全年共收到依申请公开件4件,均予以公开。", {("applications_received", 4), ("applications_granted", 4)}),
    ("全年新收政府信息公开申请7件,较上年增加2件。", {("applications_received", 7)}),
    ("较上年增加10件,共计收到申请110件。", {("applications_received", 110)}),
    # review / litigation
    ("因政府信息公开被申请行政复议2件,被提起行政诉讼1件。", {("review_cases", 2), ("litigation_cases", 1)}),
    # staff
    ("明确两名兼职工作人员负责信息发布。", {("staff_count", 2)}),
    ("单位共有专职工作人员3名。", {("staff_count", 3)}),
    ("工作小组配备人员力量6人。", {("staff_count", 6)}),
    # channel posts
    ("微信公众号全年推送信息412条。", {("channel_posts", 412)}),
    ("政务微博发布信息3200余条。", {("channel_posts", 3200)}),
    # other counts keep their noun
    ("全年妥善处理信访件17件。", {("other_count", 17)}),
    ("共提供政策咨询服务一百余人次。", {("other_count", 100)}),
    ("召开新闻发布会4场。", {("other_count", 4)}),
    # stated counts and fee negations
    ("下一步,我局将重点做好以下四个方面工作:", {("stated_count", 4)}),
    ("2021年度,本机关未收取任何信息处理费用。", {("fee_collected", 0)}),
    ("没有收到公民、法人或其他组织提出的政府信息公开申请。", {("applications_received", 0)}),
    ("未发生因政府信息公开引起的行政复议或行政诉讼。", {("review_cases", 0), ("litigation_cases", 0)}),
    ("本年度没有发生行政复议、行政诉讼案件。", {("review_cases", 0), ("litigation_cases", 0)}),
    ("被申请行政复议1件,未被提起行政诉讼。", {("review_cases", 1), ("litigation_cases", 0)}),
    # an application refused (不予公开N件) is an outcome, never an item published
    (
        "共受理申请3件,其中予以公开2件,不予公开1件。",
        {("applications_received", 3), ("applications_granted", 2), ("other_count", 1)},
    ),
    ("不断公开信息50条,依法不公开2件。", {("published_items", 50), ("other_count", 2)}),
    ("本年度无政府信息公开方面的行政复议和行政诉讼案件。", {("review_cases", 0), ("litigation_cases", 0)}),
    # a Chinese numeral continuing a list of counts of its unit counts, counting verb or not
    (
        "本年度共作出行政处罚决定一百四十三件,行政强制决定八件。",
        {("punishment_decisions", 143), ("enforcement_decisions", 8)},
    ),
    # incidents that did not happen: zeros of their own (the real annotation guide's convention)
    ("全年未发生违反政府信息公开法律法规规定的情况。", {("other_count", 0)}),
    ("今年未出现涉及我镇的重大突发舆情事件。", {("other_count", 0)}),
    ("公开信息30条,落实两个确立,做到四个意识。", {("published_items", 30)}),  # slogans, not counts
    ("本年度主动公开规章0件、规范性文件4件。", {("published_items", 0), ("published_items", 4)}),
    ("2021年,我局无因政府信息公开引起的行政复议。", {("review_cases", 0)}),
    # the application caused the review: nothing is said of applications received
    ("本年度未发生因政府信息公开申请提起的行政复议,发生行政诉讼1件。", {("review_cases", 0), ("litigation_cases", 1)}),
]


@pytest.mark.parametrize(
    "text,parts",
    [
        ("全年共受理申请8件,已全部办结,其中当面申请3件,网络申请5件。", [3, 5]),
        ("本年度共收到政府信息公开申请12件。其中,自然人申请10件,法人申请2件。", [10, 2]),
        ("全年主动公开政府信息1786条。\n其中机构职能类120条。", [120]),
        ("全年主动公开政府信息1786条。另外,微信发布信息300条。", []),
        ("全年共受理政府信息公开申请13件,其中自然人12件、企业1件。", [12, 1]),
        ("全年共受理依申请公开5件,分别为土地征收信息2件、房屋登记信息3件。", [2, 3]),
        ("收到申请10件,其中予以公开6件,部分公开2件。", [6]),  # outcomes keep their own type
        ("全年收到复议申请三件,维持二件,纠正一件。", [2, 1]),  # results of the cases counted
        ("被提起行政诉讼3件,结果维持2件,尚未审结1件。", [2, 1]),
    ],
)
def test_parts_after_qizhong_are_breakdowns_of_their_total(text, parts):
    cs = claims_of(text)
    assert [c.value for c in cs if c.breakdown] == parts
    assert all(c.type == cs[0].type for c in cs if c.breakdown and c.type != "applications_granted")
    # outcomes of applications keep their own type; what cases came to keeps the cases' type
    assert all(c.type == "other_count" for c in cs if c.outcome and c.type not in ("review_cases", "litigation_cases"))


@pytest.mark.parametrize("text,expected", POSITIVE)
def test_positive_claims(text, expected):
    assert pairs(text) == expected


def test_other_count_keeps_noun_and_breakdown_flags():
    cs = claims_of("设置了通知公告、政策解读等12个栏目。")
    assert [(c.type, c.value, c.noun) for c in cs] == [("other_count", 12, "栏目")]
    cs = claims_of("主动公开政府信息416条,其中规划计划类信息57条,征地信息142条。")
    assert [c.breakdown for c in cs] == [False, True, True]


def test_change_is_not_a_total_and_is_recorded():
    cs = claims_of("全年收到申请40件,较上年增加9件,另有上年结转申请3件。")
    rec = [c for c in cs if c.type == "applications_received"]
    assert len(rec) == 1 and rec[0].value == 40 and rec[0].change == 9
    assert all(c.value != 9 for c in cs)
    cs = claims_of("较上年减少3件,全年共收到申请12件。")
    assert [(c.type, c.value, c.change) for c in cs] == [("applications_received", 12, -3)]


def test_spans_point_at_number_expression():
    text = "今年共公开政务工作信息120余则。"
    c = claims_of(text)[0]
    assert text[c.start : c.end] == "120余则" and c.approx and c.qualifier == "余"


def test_negation_only_covers_its_objects():
    # an incident that did not happen is a zero of its own, never a review/application count
    cs = claims_of("未发生违反政府信息公开法律法规规定的情况。")
    assert [(c.type, c.value, c.negation) for c in cs] == [("other_count", 0, True)]
    cs = claims_of("全年未发生负面舆情和诉讼事件。")
    assert {c.type for c in cs} == {"other_count"}  # no incident; no lawsuit about disclosure denied
    # the 申请 of 被申请行政复议 is a review application: no disclosure applications are negated
    cs = claims_of("全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。")
    assert sorted((c.type, c.value) for c in cs) == [("litigation_cases", 0), ("review_cases", 0)]


def test_enumerations_in_section_five():
    text = (
        "五、存在的主要问题及改进情况\n今年工作还存在一些不足:一是公开内容不够全面;二是更新不及时;三是解读形式单一。"
        "下一步,我局将重点开展以下两项工作:一是加强培训;二是完善制度。\n"
    )
    sec = Section("problems_improvements", "五", "存在的主要问题及改进情况", 0, len(text), 15)
    cs = extract_claims(text, [sec])
    got = {(c.type, c.value) for c in cs}
    assert ("issues_listed", 3) in got and ("improvements_listed", 2) in got and ("stated_count", 2) in got
    items = next(c for c in cs if c.type == "issues_listed").items
    assert text[items[1][0] : items[1][1]].startswith("二是更新不及时")


def test_subheading_level_does_not_count_as_list():
    text = (
        "五、存在的主要问题及改进情况\n(一)主要问题\n一是人员不足;二是培训不够。\n"
        "(二)改进措施\n一是充实力量;二是加强培训;三是强化考核。\n"
    )
    sec = Section("problems_improvements", "五", "", 0, len(text), 15)
    got = {(c.type, c.value) for c in extract_claims(text, [sec])}
    assert got == {("issues_listed", 2), ("improvements_listed", 3)}


NEGATIVE = [
    # dates and years
    "本报告统计期限自2020年1月1日起至2020年12月31日止。",
    "发布日期:2021-01-19。",
    "今年12月份按照统一部署开展了平台迁移。",
    "2022年度政府信息公开工作年度报告现予公布。",
    "截至2022年12月20日,平台运行正常。",
    "于2021年3月5日召开专题会议。",
    "本年度工作自2019年开始部署。",
    "2020 年,本局持续推进政务公开。",
    # document numbers, articles
    "按照《关于印发2020年政务公开工作要点的通知》(国办发〔2020〕17号)要求开展工作。",
    "依据(川办发〔2020〕35号)文件精神推进。",
    "根据国务院令第711号的规定执行。",
    "按照条例第二十条第(一)项的规定公开。",
    "严格执行第五十条的规定。",
    "索引号:014416330/2021-00012。",
    # phone, postcodes, addresses, hours
    "联系电话:0818-7570191。",
    "邮编:635244。",
    "地址:滨河东路268号。",
    "受理地点为行政服务中心46号242室。",
    "办公时间为09:00-12:00。",
    "传真:0571-88001234。",
    # ordinals, rankings, list markers
    "在全市政务公开考核中排名第四。",
    "荣获第十一届政务网站评比二等奖。",
    "连续三年进入全省前十。",
    "一是加强组织领导。",
    "(三)加强平台建设。",
    "1、规范公开内容。",
    "二是进一步完善工作机制。",
    # names with numerals, slogans, category labels
    "深入学习贯彻党的十九届五中全会精神。",
    "持续推进“新时代兴聊十大工程”建设。",
    "严格落实三审制度,层层把关。",
    "建立“三审”机制以及三大机制流程。",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
    "全面推行“双随机一公开”监管。",
    "扎实做好“六稳”工作、全面落实“六保”任务。",
    "依托12345热线回应群众关切。",
    "二七区政务服务中心完成改造。",
    "出台“创业富民30条”等政策措施。",
    "推出社保10问等解读产品。",
    "属于三类内部事务信息的不予公开。",
    "属于四类过程性信息的依法不予公开。",
    "危及“三安全一稳定”的信息不予公开。",
    "落实“十二项攻坚行动”各项任务。",
    "推进九大领域改革攻坚。",
    # targets, quotas, durations
    "要求各科室每月报送信息不少于8篇。",
    "各股室每周更新动态信息。",
    # a quota a few words after its period (the number is far from 每月)
    "要求各站所每月至少报送信息2条。",
    "每季度至少开展业务培训1次。",
    "按条例规定于二十个工作日内答复。",
    "对申请在15个工作日内予以答复。",
    "力争全年公开信息不低于200条。",
    # percentages and rates without counts
    "群众满意率达到100%。",
    "信息公开及时率同比提高12.3%。",
    "结案率、满意率均为100%。",
    # structural descriptions and vague quantities
    "公开目录分为九个部分。",
    "报告全文共分六部分。",
    "公开了一批政策文件。",
    "搭建了一个统一的发布平台。",
    "统一部署、一次性告知。",
    "进一步提高政务公开质量。",
    "不断提升政务公开标准化、规范化水平。",
    "坚持以人民为中心的发展思想。",
    # table rows are not prose claims
    "规章 | 0 | 0 | 0",
    "一、本年新收政府信息公开申请数量 | 26 | 26",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative_no_claims(text):
    assert claims_of(text) == [], [(c.type, c.value, c.text) for c in claims_of(text)]


def test_table_section_skips_table_rows_but_reads_prose():
    text = (
        "其他对外管理服务事项 | 71 | 0 | ≈220000\n政府集中采购2384万元\n"
        "2020年本部门政府信息公开发布总数量(非新闻类、消息类):75\n"
    )
    got = pairs(text, "active_disclosure")
    assert got == {("published_items", 75)}


def test_annotated_evaluation_set_quality():
    """Regression bar on the 318 annotated sentences (corpus/annotations/claims.jsonl)."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("bench_claims", root / "benchmarks" / "claims.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    ev = mod.evaluate()
    p, r, _ = ev["typed"]
    assert ev["claim_sentences"] >= 150
    assert p >= 0.93 and r >= 0.90, (p, r)
    # no annotated trap sentence may yield a claim
    negatives = [m for m in ev["false"] if m[0] >= "c0210"]
    assert negatives == []


def test_relative_changes_attach_to_their_count():
    cs = claims_of("全年共收到政府信息公开申请120件,同比增长20%。")
    assert [(c.type, c.value, c.change_pct) for c in cs] == [("applications_received", 120, 20)]
    cs = claims_of("收到申请30件,较上年下降12.5%,其中自然人20件。")
    assert cs[0].change_pct == -12.5
    assert claims_of("依申请公开办结率100%。") == []  # a rate alone is no claim and no change


QA_TOWNSHIP = """某某镇人民政府2014年政府信息公开工作年度报告

一、本年度主动公开政府信息多少条?
答:全年主动公开政府信息45条。
二、本年度收到政府信息公开申请多少件?
答:无。
三、本年度政府信息公开收费情况?
答:无。
四、本年度因政府信息公开引起的行政复议、行政诉讼情况?
答:无。
五、存在的问题及改进措施
1.公开信息的数量偏少。
六、其他需要报告的事项
无。
"""

LEGACY_SECTIONS = """某市审计局2013年政府信息公开工作年度报告

一、概述
2013年,我局认真贯彻落实《政府信息公开条例》。
二、主动公开政府信息情况
全年主动公开政府信息120条。
(一)咨询处理情况
无。
三、依申请公开政府信息情况

本年度无。
四、政府信息公开的收费及减免情况
无此情况。
五、因政府信息公开申请提起行政复议的情况
本年度没有发生因政府信息公开引起的纠纷。
无。
六、其他需要报告的事项
无。
"""


def _claims_of_report(text: str) -> list[tuple[str, float, str]]:
    from textmine.document import RawDocument
    from textmine.pipeline import analyze_raw

    doc = analyze_raw(RawDocument(text, "txt"))
    return [(c.type, c.value, doc.text[c.start : c.end]) for c in doc.claims]


def test_a_bare_none_answers_its_heading():
    """Old reports and township Q&A lists answer a heading with only 无: the zero is
    for what the heading names (applications, fees, review, litigation), nothing else."""
    qa = [c for c in _claims_of_report(QA_TOWNSHIP) if c[0] != "issues_listed"]
    assert qa == [
        ("published_items", 45, "45条"),
        ("applications_received", 0, "无"),
        ("fee_collected", 0, "无"),
        ("review_cases", 0, "无"),
        ("litigation_cases", 0, "无"),
    ]
    legacy = _claims_of_report(LEGACY_SECTIONS)
    # 咨询 is not an application; the 无 after a full sentence answers nothing; a heading
    # naming only review gives no litigation zero; 其他需要报告的事项: nothing
    assert [(t, v) for t, v, _ in legacy] == [
        ("published_items", 120),
        ("applications_received", 0),
        ("fee_collected", 0),
    ]


def test_lists_opening_a_problems_or_measures_section_take_its_heading_role():
    """Old reports split problems and measures into two sections whose bodies open with
    the list; the combined modern heading names both and decides nothing by itself."""
    split = (
        "某县住房和城乡建设局2017年政府信息公开工作年度报告\n一、概述\n本局落实政府信息公开工作。\n"
        "五、存在问题\n一是公开内容不够全面。二是更新不够及时。\n"
        "六、改进措施\n一是加强业务培训。二是完善工作制度。三是强化监督检查。\n"
    )
    got = [(t, v) for t, v, _ in _claims_of_report(split) if t.endswith("_listed")]
    assert got == [("issues_listed", 2), ("improvements_listed", 3)]
    combined = split[: split.index("五、")] + "五、存在的主要问题及改进情况\n一是公开内容不够全面。二是更新不够及时。\n"
    assert [t for t, _, _ in _claims_of_report(combined) if t.endswith("_listed")] == []
