"""Narrative claims: every counted fact the prose states, typed, with exact spans.

Numbers are found with regex (`numbers.py`), typed by their clause context
(`patterns.py`, data), and checked against traps (dates, document numbers, ordinals,
names in quotes, per-period targets). Negations (没有收到…申请, 未发生行政复议或行政诉讼,
未收取…费用) give value-0 claims for each negated object in their scope. jieba, with
the domain dictionary shipped in `textmine/data/userdict.txt`, supplies the counted
noun of `other_count` claims.
"""

from __future__ import annotations

from typing import Iterable, Optional

import regex

from textmine import rx
from textmine.claims.enumerations import enumeration_claims
from textmine.claims.numbers import Quantity, iter_quantities
from textmine.claims.patterns import (
    CHANGE_LEFT,
    COMPILED_RULES,
    OUTCOMES,
    QUOTA_LEFT,
    SHARE_LEFT,
    STATED_COUNT,
    TRAP_LEFT,
    TRAP_RIGHT,
    ClaimRule,
)
from textmine.claims.relations import relate
from textmine.document import Claim, Section
from textmine.numerals import parse_number
from textmine.sections import TABLE_SECTIONS
from textmine.sentences import clause_bounds, sentence_spans
from textmine.tokens import tokens

# a number inside quotes or a title is part of a name (“十二项攻坚行动”, 《…30条》)
_OPEN_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", '"': '"'}
_DATE_LIKE = regex.compile(r"^\s*(?:年|月|日|号|时|点|分|期间|届|周年|世纪|年代)")
_LEADING_UNITS = ("大项",)
_MEASURES = {
    "制发": "made",
    "出台": "made",
    "新制定": "made",
    "新制作": "made",
    "制定": "made",
    "印发": "made",
    "废止": "repealed",
    "宣布废止": "repealed",
    "宣布失效": "repealed",
    "失效": "repealed",
    "现行有效": "in_force",
}
_MEASURE_ONLY = regex.compile(
    r"^\s*(?:其中|另|并)?(?P<verb>宣布废止|宣布失效|新制定|新制作|现行有效|制发|出台|制定|印发|废止|失效)(?:了|的)?"
    r"(?:失效)?(?:文件)?(?:共计|共|合计)?\s*$"
)
_LABELLED_COUNT = regex.compile(
    r"(?:信息|答复|申请|案件|粉丝|关注|访问|浏览|点击|阅读|观看)(?:总)?(?:数|量)(?:量)?(?:为|是|达|共计|共)?\s*$"
)
_PHONE = regex.compile(r"\d{3,4}-\d{6,8}|\d{7,}")
_LABELLED_TOTAL = regex.compile(
    r"(?P<label>(?:公开|发布)[^:：\n]{0,12}?总?数量[^:：\n]{0,24})[:：]\s*(?P<num>\d[\d,]*)(?!\d)"
)

# Negated objects: which claim types a negation sentence covers.
_NEG_WORD = regex.compile(r"没有|未曾|未|并未|也未|无|不曾|从未|尚未")
_NEG_APPLICATION = regex.compile(
    r"(?:没有|未曾|未|并未|也未|无|从未)(?:收到|接到|受理|接收|发生|有)(?:过)?[^,;。]{0,24}?(?:依申请|申请|公开件)"
)
_NEG_CASE = regex.compile(
    r"(?P<neg>没有|未曾|未|并未|也未|无|不曾|从未)(?:发生|出现|被|有|收到|接到|涉及|因)[^;；。,，]{0,80}?(?P<obj>行政复议|行政诉讼|复议|诉讼)"
    r"|(?:^|[,，;；:：])\s*(?:本年度|本年|全年|今年|\d{4}\s*年度?)?[,，]?\s*(?:我\p{Han}{1,2}|本\p{Han}{1,2})?"
    r"(?P<neg2>无)[^,;。]{0,16}?(?P<obj2>行政复议|行政诉讼)"
)
# 行政复议、行政诉讼均为0件 / 行政复议情况:无
_ZERO_CASES = regex.compile(
    r"(?P<a>行政复议|复议)(?:案件)?[、和及与](?P<b>行政诉讼|诉讼)(?:案件)?(?:数量)?(?:均为|均|都为|都是|各)\s*(?:0|零)\s*(?:件|起)?"
    r"|(?P<one>行政复议|行政诉讼)(?:案件)?(?:情况|数量)?[:：]\s*(?:无|0\s*件)(?![\p{Han}])"
)
_NEG_FEE = regex.compile(
    r"(?:没有|未|不|并未|也未|无|从未)(?:发生|曾)?(?:向[^,;。]{1,8})?(?:收取|收)[^,;。]{0,20}?(?:费用|处理费|费)"
    r"|(?:没有|未|并未|无)(?:发生|产生|出现)[^,;。]{0,12}?(?:收费|处理费)(?:事项|情况|行为)?"
    r"|(?:收费|收取费用|费用)情况[:：]?\s*无(?![\p{Han}])|免收[^,;。]{0,16}?费"
)
# 未被复议机关纠错 / 未出现行政诉讼败诉: no case was corrected or lost; the cases were there
_CORRECTED = regex.compile(r"纠错|纠正|撤销|败诉|确认违法|被改变")
_NEG_LOST = regex.compile(r"(?:没有|未曾|未|并未|也未|无|从未)(?:发生|出现|有)?[^,;。]{0,10}?败诉")
# 我局无不予公开政府信息情况: nothing withheld from proactive disclosure
_NEG_WITHHELD = regex.compile(r"(?:没有|无|未有)(?:发生)?不予(?:主动)?公开(?:的)?(?:政府)?信息")
# 未发生…被追责的情况 / 未出现…政务舆情 / 未接到…电话咨询: an incident that did not happen,
# a zero count of its own (what the earlier patterns type is left to them)
_NEG_INCIDENT = regex.compile(
    r"(?<!确保|防止|避免|杜绝|力争|做到)(?:未|没有|并未|也未|从未)(?:发生|出现)(?:过)?(?P<what>[^,;。]{2,40}?)(?:的)?(?:情况|情形|事件|舆情|问题)"
    r"|(?:没有|不存在)(?P<what2>[^,;。]{2,30}?)(?:的)?(?:情况|情形)"
    r"|(?:未|没有|也未)(?:接到|收到)(?P<what3>[^,;。]{0,20}?(?:咨询|投诉|举报))"
)
# table 2's facts stated as none: 未制发规范性文件 / 亦无行政处罚、行政强制决定 / 无行政规范性文件公开
_NEG_TABLE2 = regex.compile(
    r"(?:没有|未|无|亦无|也无|并未)(?P<made>制发|出台|制定|新制定)?(?:了)?(?P<obj>(?:行政)?规范性文件|(?:政府)?规章)(?P<pub>公开|发布)?"
    r"|(?:没有|未|无|亦无|也无|并未)(?:作出|办理|实施)?(?P<decisions>行政(?:许可|处罚|强制)(?:[、和及与]行政(?:许可|处罚|强制))*)(?:决定|案件)?"
)
_DECISION_TYPES = {"许可": "licensing_decisions", "处罚": "punishment_decisions", "强制": "enforcement_decisions"}
# 没有从事政府信息公开工作的全职人员: no full-time staff (part-time ones may follow)
_NEG_STAFF = regex.compile(r"(?:没有|无|未配备|未设)(?:从事[^,;。]{0,16}的)?(?:专职|全职)(?:工作)?人员")
# 收到申请19件,均在法定期限内办结: all of them were processed
_PROCESSED_ALL = regex.compile(r"(?:均|全部|都)(?:已)?(?:在法定期限内|按时|依法|及时)*(?:予以)?办结")
_NEG_CARRY = regex.compile(r"(?:无|没有|未有)[^,;。]{0,6}?(?P<obj>上年(?:度)?结转|结转下年度|下年度结转|结转)")
_NEG_APPLICATION_LABEL = regex.compile(
    r"(?:依申请公开|收到(?:和处理)?(?:政府信息公开)?申请)(?:情况)?[:：]\s*无(?![\p{Han}])"
)
_CASE_WORDS = regex.compile(r"行政复议|行政诉讼|复议|诉讼")
# A whole answer that is only "none" (无。/ 答:无 / 本年度无 / 无此情况): old reports answer a
# section's or a question's heading that way (三、依申请公开政府信息情况 ⏎ 无。; a township's
# Q&A: 二、本年度收到政府信息公开申请多少件? ⏎ 答:无。). What is negated is in the heading.
_BARE_NONE = regex.compile(
    r"\s*(?:答[:：]?\s*)?(?:本年度|本年|全年|今年|\d{4}\s*年度?)?[,，]?\s*(?:暂|均)?"
    r"(?P<none>无|没有)(?:此类?|相关)?(?:情况|事项)?\s*[。.;；!！]?\s*"
)
_HEADING_END = regex.compile(r"[。;；]\s*$")
_NOT_DISCLOSURE_CASE = regex.compile(r"负面|舆情|失泄密|安全事故|信访")

_ALL_UPHELD = regex.compile(
    r"(?P<obj>行政复议|复议|行政诉讼|诉讼)[^。;]{0,30}?(?P<all>(?:均|全部|都)(?:已)?(?:被|获)?(?:依法)?维持)"
)

_GRANT_ALL = regex.compile(r"(?:均|全部|都)(?:已)?(?:予以|依法)?(?:公开|答复并公开)|已(?:依法)?(?:全部)?予以公开")

_NOUN_STOP = set(
    "的 了 和 与 及 等 共 累计 合计 总计 全年 今年 共计 其中 另 有 为 是 在 对 将 并 达 约 近 余 多 个 件 条 次".split()
)


def counted_noun(left: str, right: str) -> Optional[str]:
    """The counted noun: right after the unit (15个栏目), else the last word before the number."""
    for tok in tokens(right[:12]):
        if len(tok) >= 2 and rx.fullmatch(r"\p{Han}+", tok) and tok not in _NOUN_STOP:
            return tok
        if not rx.fullmatch(r"[\p{Han}]+", tok):
            break
    for tok in reversed(tokens(left[-14:])):
        if len(tok) >= 2 and rx.fullmatch(r"\p{Han}+", tok) and tok not in _NOUN_STOP:
            return tok
    return None


def _inside_quotes(text: str, lo: int, pos: int) -> bool:
    seg = text[lo:pos]
    for o, c in _OPEN_QUOTES.items():
        if o == c:
            if seg.count(o) % 2:
                return True
        elif seg.count(o) > seg.count(c):
            return True
    return False


def _is_table_line(line: str) -> bool:
    """A table row as text: pipes, a short line without punctuation, or a run of numbers
    set apart by spaces (申请数量 121 0 0 0 013)."""
    return (
        "|" in line
        or not rx.search(r"[,，。;；:：]", line)
        and (len(line) < 30 or bool(rx.search(r"\d+(?:[ \t]+\d+){2,}", line)))
    )


def _type_of(
    q: Quantity, left: str, right: str, sentence_left: str = "", sentence: str = "", labelled: bool = False
) -> Optional[ClaimRule]:
    """The first rule that types this count. A count printed under a label with no unit
    (不予公开信息数1402) takes any rule's unit."""
    unit = q.unit or ""
    for rule, lre, rre, nl, nr, ns in COMPILED_RULES:
        if rule.units and unit not in rule.units and not labelled:
            continue
        ctx = (sentence_left if rule.sentence else left)[-rule.near :]
        if lre is not None and not lre.search(ctx):
            continue
        if rre is not None and not rre.search(right):
            continue
        if nl is not None and nl.search(ctx):
            continue
        if nr is not None and nr.search(right):
            continue
        if ns is not None and ns.search(sentence):
            continue
        return rule
    return None


# A Chinese numeral with a unit counts only near a counting verb: 两个确立 and 四个意识 have none.
_COUNT_VERBS = regex.compile(
    r"公开|发布|收到|受理|办理|处理|答复|开展|举办|召开|组织|配备|有|共|累计|新增|完成|"
    r"制定|出台|印发|发放|提供|接待|解答|回复|转载|推送|更新|培训|参加|参训|设置|开设|录入|"
    r"审核|接听|回应|解读|上报|报送|采用|清理|废止|张贴|整改|作出|达|涉及|形成|生成|制作|"
    r"收取|编发|刊发|推出|建立|新建|举行|走访|印制|制发|覆盖|设立|开通"
)


def _trap(text: str, q: Quantity, sent_lo: int) -> bool:
    before = text[max(sent_lo, q.start - 8) : q.start]
    after = text[q.end : q.end + 6]
    if TRAP_LEFT.search(before) or QUOTA_LEFT.search(text, max(sent_lo, q.start - 16), q.start):
        return True
    trap = TRAP_RIGHT.search(after)
    # 4次季度检查: quarterly inspections counted; 2个季度 is a duration
    if trap and not (trap.group(0) == "季度" and q.unit not in (None, "个")):
        return True
    if q.unit is None and _DATE_LIKE.match(after):
        return True
    # digits glued to other digits or letters: phone numbers, index codes, dates like 2021-01-19
    # (after 大项, digits start the next count: 229大项539小项; 8大类26条97项 is a structure)
    if q.start > 0 and rx.match(r"[\w\-/.〔\[]", text[q.start - 1]) and not rx.match(r"\p{Han}", text[q.start - 1]):
        return True
    if rx.match(r"[\-/.]" if q.unit in _LEADING_UNITS else r"[\-/.\d]", text[q.end : q.end + 1] or " "):
        return True
    if _inside_quotes(text, sent_lo, q.start):
        return True
    return False


def _vague_one(text: str, q: Quantity) -> bool:
    """一批, 一个平台, 一起, 一次性: a lone 一 is rarely a counted fact."""
    return q.chinese and q.num_end - q.num_start == 1 and text[q.num_start] == "一"


def _negation_claims(text: str, lo: int, hi: int, section: Optional[str], sentence: str) -> list[Claim]:
    """Zero claims a sentence states by negating: no applications received (未收到…申请),
    no review or suit (未发生行政复议或行政诉讼, 行政复议、行政诉讼均为0件, 行政复议情况:无), nothing
    carried over (无上年结转), no fees (未收取…费用). Each zero covers only the objects in
    its scope; a count that follows an object (复议1件) is not negated."""
    out: list[Claim] = []
    seg = text[lo:hi]
    for m in _NEG_APPLICATION.finditer(seg):
        if rx.search(r"信访|投诉|举报|咨询|复议|诉讼", m.group(0)):
            continue
        # 未发生…被申请行政复议: the 申请 is a review application, not a disclosure one
        # 未发生因政府信息公开申请提起的行政复议: the 申请 caused a review; nothing about
        # applications received is said
        if seg[m.start() : m.end()].endswith("被申请") or rx.match(
            r"[^,，;；。]{0,10}?(?:行政)?(?:复议|诉讼)", seg[m.end() :]
        ):
            continue
        out.append(
            Claim("applications_received", 0, sentence, lo + m.start(), lo + m.end(), section, unit="件", negation=True)
        )
    seen: set[str] = set()
    for m in _NEG_CASE.finditer(seg):
        neg = m.start("neg") if m.group("neg") else m.start("neg2")
        scope = seg[neg:]
        stop = rx.search(r"[;；。,，]", scope)
        scope = scope[: stop.start()] if stop else scope
        if _NOT_DISCLOSURE_CASE.search(seg[m.start() : m.end()]):
            continue
        if m.group("obj2"):
            scope = scope[: scope.find(m.group("obj2")) + 8 + len(m.group("obj2"))]
        for obj in _CASE_WORDS.finditer(scope):
            ctype = "review_cases" if "复议" in obj.group(0) else "litigation_cases"
            # negated is what the case came to (未被复议机关纠错): none corrected, not none
            corrected = _CORRECTED.search(scope, obj.end())
            key = ctype + (".corrected" if corrected else "")
            if key in seen:
                continue
            # a following positive count (复议1件) is not negated
            if rx.match(r"(?:案件)?(?:共|为)?\d", scope[obj.end() : obj.end() + 4]):
                continue
            seen.add(key)
            end = lo + neg + (corrected.end() if corrected else obj.end())
            out.append(
                Claim(
                    ctype,
                    0,
                    sentence,
                    lo + neg,
                    end,
                    section,
                    unit="件",
                    negation=True,
                    outcome="corrected" if corrected else None,
                )
            )
    for m in _NEG_LOST.finditer(seg):
        if "litigation_cases.corrected" not in seen:
            seen.add("litigation_cases.corrected")
            out.append(
                Claim(
                    "litigation_cases",
                    0,
                    sentence,
                    lo + m.start(),
                    lo + m.end(),
                    section,
                    unit="件",
                    negation=True,
                    outcome="corrected",
                )
            )
    for m in _NEG_WITHHELD.finditer(seg):
        out.append(
            Claim("withheld_items", 0, sentence, lo + m.start(), lo + m.end(), section, unit="条", negation=True)
        )
    for m in _NEG_TABLE2.finditer(seg):
        a, b = lo + m.start(), lo + m.end()
        if m.group("decisions"):
            for kind in rx.findall(r"许可|处罚|强制", m.group("decisions")):
                out.append(Claim(_DECISION_TYPES[kind], 0, sentence, a, b, section, unit="件", negation=True))
        elif m.group("made"):
            ctype = "normative_documents" if "规范性文件" in m.group("obj") else "regulations"
            out.append(Claim(ctype, 0, sentence, a, b, section, unit="件", negation=True, measure="made"))
        elif m.group("pub"):
            out.append(
                Claim(
                    "published_items",
                    0,
                    sentence,
                    a,
                    b,
                    section,
                    unit="件",
                    negation=True,
                    category=m.group("obj"),
                    scope="category",
                )
            )
    for m in _NEG_STAFF.finditer(seg):
        out.append(Claim("staff_count", 0, sentence, lo + m.start(), lo + m.end(), section, unit="人", negation=True))
    for m in _ZERO_CASES.finditer(seg):
        objs = [m.group("a"), m.group("b")] if m.group("a") else [m.group("one")]
        for obj in objs:
            ctype = "review_cases" if "复议" in obj else "litigation_cases"
            if ctype not in seen:
                seen.add(ctype)
                out.append(Claim(ctype, 0, sentence, lo + m.start(), lo + m.end(), section, unit="件", negation=True))
    for m in _NEG_APPLICATION_LABEL.finditer(seg):
        out.append(
            Claim("applications_received", 0, sentence, lo + m.start(), lo + m.end(), section, unit="件", negation=True)
        )
    for m in _NEG_CARRY.finditer(seg):
        forward = "下年" in m.group("obj")
        out.append(
            Claim(
                "other_count",
                0,
                sentence,
                lo + m.start(),
                lo + m.end(),
                section,
                unit="件",
                noun="结转申请",
                negation=True,
                outcome="carried_forward" if forward else "carried_over",
            )
        )
    for m in _NEG_FEE.finditer(seg):
        if "行政事业性收费" in seg[max(0, m.start() - 10) : m.end()]:
            continue
        out.append(Claim("fee_collected", 0, sentence, lo + m.start(), lo + m.end(), section, unit="元", negation=True))
    typed = [(c.start, c.end) for c in out]
    for m in _NEG_INCIDENT.finditer(seg):
        a, b = lo + m.start(), lo + m.end()
        what = m.group("what") or m.group("what2") or m.group("what3")
        if any(x < b and a < y for x, y in typed) or _CASE_WORDS.search(what) or rx.search(r"申请|费", what):
            continue
        out.append(
            Claim("other_count", 0, sentence, a, b, section, unit="起", negation=True, noun=what.strip()[-10:] or None)
        )
    return out


def _answered_heading(text: str, lo: int, s: int) -> Optional[str]:
    """The heading or question a sentence starting at `s` answers: the text before it on
    its line, or else the last non-blank line before it within [lo, s). None when that is
    a sentence of its own (ends in 。) or too long to be a heading."""
    line_start = max(lo, text.rfind("\n", lo, s) + 1)
    before = text[line_start:s].strip()
    if not before:
        end = line_start - 1
        while end > lo:
            prev_start = max(lo, text.rfind("\n", lo, end) + 1)
            before = text[prev_start:end].strip()
            if before:
                break
            end = prev_start - 1
    if not before or len(before) > 60 or _HEADING_END.search(before):
        return None
    return before


def _bare_none_claims(text: str, s: int, e: int, lo: int, section: Optional[str]) -> list[Claim]:
    """Zero claims for an answer that is only "none", typed by the heading it answers."""
    m = _BARE_NONE.fullmatch(text, s, e)
    if m is None:
        return []
    heading = _answered_heading(text, lo, s)
    if heading is None:
        return []
    types: list[tuple[str, str]] = []
    if "复议" in heading:
        types.append(("review_cases", "件"))
    if "诉讼" in heading:
        types.append(("litigation_cases", "件"))
    if not types:
        if rx.search(r"收费|费用|收取", heading):
            types.append(("fee_collected", "元"))
        elif rx.search(r"申请", heading) and not rx.search(r"信访|投诉|举报|咨询", heading):
            types.append(("applications_received", "件"))
    sentence = text[s:e]
    return [
        Claim(ctype, 0, sentence, m.start("none"), m.end("none"), section, unit=unit, negation=True)
        for ctype, unit in types
    ]


def _tag_outcome(claim: Claim, left: str, sentence: str) -> None:
    """An outcome of applications (部分公开3件, 结转下年度1件) names its table-3 row group.
    (予以公开 is a type of its own, applications_granted.)"""
    if claim.type == "applications_granted" or not rx.search(r"申请|依申请|答复|办结|办理", sentence):
        return
    own = rx.split(r"[、\d]", left)[-1]  # this item's words, not the list's before it
    for group, pat in OUTCOMES:
        if pat.search(left):
            if group == "denied" and claim.type == "withheld_items" and "申请" not in own:
                return  # 不予公开的政府信息104条: information withheld, not an application outcome
            claim.outcome = group
            if claim.type == "withheld_items":
                claim.type = "other_count"
                claim.noun = claim.noun or "不予公开"
            return


def _section_at(sections: list[Section], pos: int) -> Optional[Section]:
    for s in sections:
        if s.start <= pos < s.end:
            return s
    return None


def _regions(text: str, sections: list[Section]) -> Iterable[tuple[int, int, Optional[str]]]:
    if not sections:
        yield 0, len(text), None
        return
    if sections[0].start > 0:
        yield 0, sections[0].start, None
    for s in sections:
        yield s.start, s.end, s.key


def extract_claims(text: str, sections: list[Section]) -> list[Claim]:
    """All claims of a normalised report, in text order."""
    claims: list[Claim] = []
    for lo, hi, key in _regions(text, sections):
        for s, e in sentence_spans(text, lo, hi):
            line = text[s:e]
            if key in TABLE_SECTIONS and _is_table_line(line):
                continue
            if "|" in line:
                continue
            claims.extend(_sentence_claims(text, s, e, key))
            claims.extend(_bare_none_claims(text, s, e, lo, key))
    for sec in sections:
        if sec.key == "problems_improvements":
            claims.extend(enumeration_claims(text, sec))
    claims.sort(key=lambda c: (c.start, c.end))
    relate(text, claims)
    return claims


def _percent_change(text: str, q: Quantity, s: int, e: int, out: list[Claim]) -> None:
    """收到申请120件,同比增长20%: a relative change of the count just before it (kept as
    `change_pct`, checked against the previous year's report). A rate on its own
    (公开率100%) is no claim."""
    c_lo, _ = clause_bounds(text, q.start, s, e)
    left = text[c_lo : q.start]
    ch = CHANGE_LEFT.search(left)
    if not ch or ch.end() != len(left):
        return
    prev = next((c for c in reversed(out) if c.value is not None and c.end <= q.start), None)
    if prev is not None and prev.change_pct is None and rx.fullmatch(r"[,，\s]*", text[prev.end : c_lo]):
        prev.change_pct = _sign(ch) * q.value


def _share(text: str, q: Quantity, s: int, e: int, out: list[Claim]) -> bool:
    """不予公开5件,占6.17%: the share the count before it is said to be (kept on that
    count, checked against the count's whole by n2n.percent). False when the percentage
    is no share of a count."""
    c_lo, _ = clause_bounds(text, q.start, s, e)
    if not SHARE_LEFT.search(text, c_lo, q.start):
        return False
    prev = next((c for c in reversed(out) if c.value is not None and c.end <= q.start), None)
    if prev is None or prev.share is not None or not rx.fullmatch(r"[,，\s]*", text[prev.end : c_lo]):
        return False
    digits = text[q.num_start : q.num_end]
    prev.share = q.value
    prev.share_decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return True


def _sign(change: "regex.Match[str]") -> int:
    return -1 if change.group("dir") in ("减少", "下降", "降低", "少") else 1


def _sentence_claims(text: str, s: int, e: int, key: Optional[str]) -> list[Claim]:
    """Every claim of one sentence: announced counts, labelled totals, counts typed by
    their clause, what 均予以公开 and 均获维持 say of the counts, and negations."""
    sentence = text[s:e]
    out = _stated_counts(text, s, e, key) + _labelled_totals(text, s, e, key)
    taken = [(c.start, c.end) for c in out]
    out += _counts(text, s, e, key, out, taken)
    out += _granted_all(text, e, key, out)
    out += _all_upheld(text, s, e, key)
    negations = _negation_claims(text, s, e, key, sentence)
    # 行政复议、行政诉讼均为0件: the 0件 inside a negation is not a separate count
    out = [c for c in out if not any(n.start <= c.start and c.end <= n.end for n in negations)]
    return out + negations


def _stated_counts(text: str, s: int, e: int, key: Optional[str]) -> list[Claim]:
    """以下三点工作: the count a text announces for the list that follows."""
    out = []
    for m in STATED_COUNT.finditer(text, s, e):
        v = parse_number(m.group("num"))
        if v:
            out.append(Claim("stated_count", v, text[s:e], m.start("num"), m.end("unit"), key, unit=m.group("unit")))
    return out


def _labelled_totals(text: str, s: int, e: int, key: Optional[str]) -> list[Claim]:
    """主动公开政府信息总数量:120 — a total printed under its label."""
    return [
        Claim(
            "published_items",
            float(m.group("num").replace(",", "")),
            text[s:e],
            m.start("num"),
            m.end("num"),
            key,
            unit="条",
            noun="信息",
            label=m.group("label"),
        )
        for m in _LABELLED_TOTAL.finditer(text, s, e)
    ]


def _counts(
    text: str, s: int, e: int, key: Optional[str], before: list[Claim], taken: list[tuple[int, int]]
) -> list[Claim]:
    """Numbers with a unit, typed by their clause; a change on last year (较上年增加9件)
    is attached to the total it describes instead of being a count of its own."""
    sentence = text[s:e]
    out: list[Claim] = []
    pending_change: Optional[float] = None
    pending_ctx = ""
    for q in iter_quantities(text, s, e):
        if any(a <= q.num_start < b for a, b in taken):
            continue
        labelled = False
        if q.unit is None:
            if text[q.num_end : q.num_end + 1] == "%":
                if not _share(text, q, s, e, before + out):
                    _percent_change(text, q, s, e, before + out)
                continue
            # 不予公开信息数1402: a count printed after its label, with no unit (not a
            # table row's first cell: 申请数量 121 0 0)
            labelled = bool(_LABELLED_COUNT.search(text, max(s, q.start - 12), q.start)) and not rx.match(
                r"\s*\d", text[q.end : q.end + 3]
            )
            if not labelled:
                continue
        if _trap(text, q, s):
            continue
        c_lo, c_hi = clause_bounds(text, q.start, s, e)
        left, right = text[c_lo : q.start], text[q.end : c_hi]
        ch = CHANGE_LEFT.search(left)
        if ch and ch.end() == len(left):
            prev = next((c for c in reversed(before + out) if c.value is not None and c.end <= q.start), None)
            # 收到申请40件,较上年增加9件: the change describes the total just before it
            if prev is not None and prev.change is None and rx.fullmatch(r"[,，\s]*", text[prev.end : c_lo]):
                prev.change = _sign(ch) * q.value
            else:  # 较上年增加10件,共计110件: it describes the total that follows
                pending_change = _sign(ch) * q.value
                pending_ctx = left[: ch.start()]
            continue
        typed = _typed(
            text,
            q,
            s,
            e,
            left,
            right,
            (pending_ctx + left) if pending_change is not None else left,
            before + out,
            labelled,
        )
        if typed is None:
            continue
        ctype, noun, measure = typed
        claim = Claim(
            ctype,
            q.value,
            sentence,
            q.start,
            q.end,
            key,
            unit=q.unit,
            approx=q.approx,
            qualifier=q.qualifier,
            noun=noun,
            low=q.low if q.approx else None,
            high=(q.high if q.high != float("inf") else None) if q.approx else None,
            measure=measure,
        )
        if "其中" in left or rx.search(r"^[^,;。]{0,3}(?:其中|包括)", left):
            claim.breakdown = True
        if pending_change is not None:
            claim.change = pending_change
            pending_change = None
        out.append(claim)
        if ctype in ("other_count", "withheld_items", "applications_granted") and q.unit in ("件", "条", "份", "个"):
            _tag_outcome(claim, left, sentence)
    return out


def _typed(
    text: str,
    q: Quantity,
    s: int,
    e: int,
    left: str,
    right: str,
    type_left: str,
    before: list[Claim],
    labelled: bool = False,
) -> Optional[tuple[str, Optional[str], Optional[str]]]:
    """(type, counted noun, measure) of a count, or None when it is no claim (a slogan's
    numeral, a vague 一, an untyped count without a noun)."""
    sentence_left = text[s : q.start]
    rule = _type_of(q, type_left, right, sentence_left, text[s:e], labelled)
    ctype = rule.type if rule is not None else None
    measure = rule.measure if rule is not None else None
    if ctype is None:
        # 制发行政规范性文件5件,废止2件,现行有效27件 / 对…规范性文件进行清理,废止失效文件19件:
        # the other measures of the documents the sentence is about
        m = _MEASURE_ONLY.search(left)
        if m and rx.search(r"规范性文件|规章", sentence_left):
            ctype = (
                before[-1].type
                if before and before[-1].type in ("normative_documents", "regulations")
                else "normative_documents"
                if "规范性文件" in sentence_left
                else "regulations"
            )
            measure = _MEASURES[m.group("verb")]
    if ctype is None and before and rx.fullmatch(r"\s*(?:共计|合计|总计|共|累计)\s*", left):
        ctype = before[-1].type  # …信息二十三条、…十六条,共计八十条: the sum of the parts before
    # 行政处罚决定一百四十三件,行政强制决定八件: a numeral with the unit of the count just
    # before it in the sentence continues that list of counts, counting verb or not
    in_list = bool(before) and before[-1].start >= s and before[-1].unit == q.unit and not before[-1].negation
    if ctype is not None:
        if _vague_one(text, q) and ctype not in (
            "staff_count",
            "applications_received",
            "review_cases",
            "litigation_cases",
            "applications_granted",
        ):
            return None
        return ctype, None, measure
    if q.chinese and not in_list and not _COUNT_VERBS.search(left if q.unit == "个" else sentence_left[-20:]):
        # 两个确立, 四个意识: a numeral with a unit but no counting verb (for 个, the
        # slogans' unit, in its own clause: 公开信息30条,落实两个确立 counts nothing)
        return None
    if _vague_one(text, q) and not in_list:
        return None
    noun = counted_noun(left, right)
    return ("other_count", noun, None) if noun is not None else None


def _granted_all(text: str, e: int, key: Optional[str], claims: list[Claim]) -> list[Claim]:
    """收到申请3件,均予以公开: as many granted as received; 均在法定期限内办结: as many
    processed."""
    # the sentence's first count of applications: the whole, not a part listed after it
    received = next((c for c in claims if c.type == "applications_received" and not c.negation), None)
    if received is None:
        return []
    tail = text[received.end : e]
    out = []
    for pattern, ctype, outcome in (
        (_GRANT_ALL, "applications_granted", None),
        (_PROCESSED_ALL, "other_count", "processed"),
    ):
        g = pattern.search(tail)
        if not g or rx.search(r"\d", tail[: g.start()]):
            continue
        out.append(
            Claim(
                ctype,
                received.value,
                received.text,
                received.end + g.start(),
                received.end + g.end(),
                key,
                unit=received.unit,
                derived_from="applications_received",
                outcome=outcome,
                noun="办结" if outcome else None,
            )
        )
    return out


def _all_upheld(text: str, s: int, e: int, key: Optional[str]) -> list[Claim]:
    """行政复议…均获维持: nothing corrected, other or pending; 行政复议3件、行政诉讼2件,均被维持
    says it of both."""
    out = []
    for m in _ALL_UPHELD.finditer(text, s, e):
        named = text[m.start() : m.start("all")]
        review, suits = "复议" in named, "诉讼" in named.replace("复议", "")
        scope = "both" if review and suits else "review" if review else "litigation"
        out.append(Claim("cases_all_upheld", None, text[s:e], m.start(), m.end(), key, scope=scope))
    return out
