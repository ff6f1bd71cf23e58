"""How a report's claims relate to each other: decided once, at the end of claim extraction.

Every relation is a typed field of `Claim`; the checks read these fields and never the
prose again.

- `part_of`, `breakdown`: the parts a whole lists — after 其中 / 分别为 in its sentence
  (主动公开政府信息416条,其中…57条、…12条), in the next sentence when that opens with
  其中 (…收到申请12件。其中,自然人10件…), or the results after a count of cases (收到复议
  申请三件,维持二件,纠正一件). Every part gets `part_of` (the whole's start); a part of the
  whole's own kind gets `breakdown` (it never states that kind's total), and an untyped
  part of a total takes the total's type.
- `counted_in`: a count the claim says it includes (收到申请15件(含上年结转2件)).
- `scope` of published items: `headline` (the year's total), `category` (counts listed
  with 、 in one clause: 财政预决算信息25条、重大建设项目信息12条), `channel` (one platform's
  or column's output).
- `applicant`: `natural_person` for applications the sentence says came from the public
  (群众申请, 公民).
"""

from __future__ import annotations

from typing import Optional, Sequence

import regex

from textmine import rx
from textmine.document import Claim

# Totals whose untyped parts take their type. Of the applications received, outcomes
# (部分公开2件) are parts of what was processed and keep their own type.
TOTAL_TYPES = (
    "published_items",
    "documents_generated",
    "channel_posts",
    "review_cases",
    "litigation_cases",
    "applications_received",
)
_CASE_TOTALS = ("review_cases", "litigation_cases")

_ITEM_UNITS = {"条", "件", "则", "篇", "项", "个", "份", "期"}


def same_family(a: Optional[str], b: Optional[str]) -> bool:
    """A breakdown may mix 条, 篇 and 个; it never mixes items with people or money."""
    return a == b or (a in _ITEM_UNITS and b in _ITEM_UNITS)


def relate(text: str, claims: list[Claim]) -> None:
    """Set the relation fields of `claims` (in text order) in place."""
    _breakdowns(text, claims)
    _counted_in(text, claims)
    _published_scope(text, claims)
    _applicants(claims)


# ---------------------------------------------------------------------------------------
# Parts of a whole

_OPENER = regex.compile(r"其中|分别为|分别是")
_NEXT_SENTENCE_OPENER = regex.compile(r"[^;。\n]*[。;\n]\s*其中")
# the text before a result of cases: 维持二件 / 结果纠正1件 / 尚未审结1件
_CASE_RESULT = regex.compile(
    r"(?:[^;。]*[,，、(（])?\s*(?:其中)?(?:结果)?(?:维持|纠正|撤销|驳回|确认违法|尚未审结|其他结果)"
    r"(?:原?(?:行政)?(?:行为|决定))?"
)
_BESIDE = regex.compile(r"另有|另外|此外|还有|^\W*另")  # what follows is beside the whole, not in it
_LIST_BREAK = regex.compile(r"[;；。:：\n]")
_SEPARATOR = regex.compile(r"[、,，]")


def _breakdowns(text: str, claims: list[Claim]) -> None:
    counted = [c for c in claims if c.value is not None and not c.negation]
    for i, whole in enumerate(counted):
        if whole.unit is None:
            continue
        rest = counted[i + 1 :]
        parts = _listed_parts(text, whole, rest)
        # untyped parts take the total's type, unless the list names kinds of its own
        # (共制作318条,其中主动公开289条,依申请公开17条,不予公开12条: 17 is not "documents")
        inherit = whole.type in TOTAL_TYPES and all(p.type in ("other_count", whole.type) for p in parts)
        for part in parts:
            part.part_of = whole.start
            if inherit and part.type == "other_count" and not (whole.type == "applications_received" and part.outcome):
                part.type = whole.type
            if part.type == whole.type and whole.type != "other_count":
                part.breakdown = True


def _listed_parts(text: str, whole: Claim, rest: Sequence[Claim]) -> list[Claim]:
    """The claims a whole lists as its parts: a run of counts of its unit family after an
    opener, without parts of parts (in parentheses) or what stands beside it (另有)."""
    following = [c for c in rest if c.start >= whole.end]
    tail = text[whole.end : whole.end + 24]
    m = _OPENER.search(tail)
    if m and not _LIST_BREAK.search(tail[: m.start()]):
        list_start = whole.end + m.end()
        if following and following[0].start < list_start:
            return []  # another count stands between this one and 其中: the list is not its
        return _run(text, whole, following, list_start)
    if whole.type in TOTAL_TYPES and following:
        m = _NEXT_SENTENCE_OPENER.match(text, whole.end, following[0].start)
        if m and not any(c.type in TOTAL_TYPES for c in following if c.start < m.start()):
            return _run(text, whole, following, m.end())
    if whole.type in _CASE_TOTALS:
        # 直接起诉2件(维持1件、尚未审结1件): results in parentheses right after a count are its
        # own; after a part of a list (复议3件,其中维持2件、纠正1件) they are its siblings
        enclosed = text[whole.end : whole.end + 1] in ("(", "（")
        if whole.part_of is None or enclosed:
            return _run(text, whole, following, whole.end + enclosed, gap=_CASE_RESULT)
    return []


def _run(
    text: str, whole: Claim, following: Sequence[Claim], list_start: int, gap: Optional["regex.Pattern[str]"] = None
) -> list[Claim]:
    parts: list[Claim] = []
    joiner = None
    # 配备工作人员3名(其中专职1名): a list opened inside parentheses ends with them
    enclosed = _in_parentheses(text, whole.end, list_start)
    for c in following:
        if c.start < list_start:
            continue
        if c.unit is None or not same_family(c.unit, whole.unit):
            break
        if _in_parentheses(text, list_start, c.start):
            continue  # (维持1件、尚未审结1件) breaks down a part, not the whole
        before = text[(parts[-1].end if parts else list_start) : c.start]
        if gap is not None and not gap.fullmatch(before):
            break
        if enclosed and rx.search(r"[)）]", before):
            break
        between = _unparenthesised(before)
        if _LIST_BREAK.search(between) or _BESIDE.search(between):
            break
        # the mark right after the previous part: 、 inside an item's own name (医疗机构执业、
        # 母婴保健…公示193条) does not make a comma list a 、-list
        mark = _SEPARATOR.search(between)
        sep = None if mark is None else "、" if mark.group() == "、" else ","
        if parts:
            joiner = joiner or sep
            if sep != joiner:
                break  # a 、-list ends where a comma starts the next statement
        parts.append(c)
    return parts


def _unparenthesised(s: str) -> str:
    return rx.sub(r"[(（][^()（）]*[)）]", "", s)


def _in_parentheses(text: str, lo: int, pos: int) -> bool:
    seg = text[lo:pos]
    return seg.count("(") + seg.count("（") > seg.count(")") + seg.count("）")


# ---------------------------------------------------------------------------------------
# Counts a claim says it includes

_INCLUDES = regex.compile(r"[\s,，(（]*(?:含|包含|包括|其中)")


def _counted_in(text: str, claims: list[Claim]) -> None:
    """收到申请15件(含上年结转2件) / 受理申请15件,其中上年结转2件: the carried-over count the
    received count's own sentence gives as part of it, right after it."""
    for whole in claims:
        if whole.type != "applications_received":
            continue
        for c in claims:
            if (
                c.outcome != "carried_over"
                or c.negation
                or c.start < whole.end
                or c.text != whole.text
                or c.counted_in is not None
            ):
                continue
            between = text[whole.end : c.start]
            if len(between) <= 16 and _INCLUDES.match(between):
                c.counted_in = whole.start
                break


# ---------------------------------------------------------------------------------------
# What a count of published items covers

_HEADLINE = regex.compile(r"(?:共|全年|总计|合计|今年|本年)[^,;。]{0,8}公开")
_SCOPED = regex.compile(r"平台|专栏|栏目|公众号|微信|微博|抖音|类信息|类政府信息|累计")


def _published_scope(text: str, claims: list[Claim]) -> None:
    published = [c for c in claims if c.type == "published_items" and not c.breakdown]
    listed: set[int] = set()
    for a, b in zip(published, published[1:]):
        between = text[a.end : b.start]
        if "、" in between and not rx.search(r"[,，;；。\n]", between):
            listed.update((id(a), id(b)))
    for c in published:
        if id(c) in listed:
            c.scope = "category"
        else:
            c.scope = _headline_or_channel(text, c)


def _headline_or_channel(text: str, claim: Claim) -> Optional[str]:
    """中心共公开政务工作信息120余则 is the year's headline; 发布预警提示信息37期 on one
    platform is that channel's output."""
    if claim.label:
        return "headline"
    lo = max(0, claim.start - 80)
    before = text[lo : claim.start]
    sentence = before[max(before.rfind(";"), before.rfind("。"), before.rfind("\n")) + 1 :]
    clause = sentence[max(sentence.rfind(","), sentence.rfind(":")) + 1 :]
    if "主动公开" in clause:
        return "headline"
    scoped = _SCOPED.search(sentence)
    if _HEADLINE.search(clause) and not scoped:
        return "headline"
    return "channel" if scoped else None


# ---------------------------------------------------------------------------------------
# Who the applications came from

_PUBLIC = regex.compile(r"群众|公民|自然人|个人|市民|居民")


def _applicants(claims: list[Claim]) -> None:
    for c in claims:
        if c.type == "applications_received" and c.applicant is None and _PUBLIC.search(c.text):
            c.applicant = "natural_person"
