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
from textmine.claims.patterns import (
    APPLICANTS,
    CATEGORY_CLAUSE,
    CATEGORY_VERB,
    CHANNELS,
    NOT_CATEGORY,
    OUTCOMES,
    PUBLISHED,
)
from textmine.document import Claim
from textmine.sentences import clause_bounds

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
    _categories(text, claims)
    _application_parts(text, claims)
    _case_results(text, claims)
    _remainders(text, claims)
    _counted_in(text, claims)
    _published_scope(text, claims)
    _applicants(text, claims)


# ---------------------------------------------------------------------------------------
# Parts of a whole

_OPENER = regex.compile(r"(?:其中(?:包括|有|涉及)?|分别为|分别是|涉及|包括|具体为|具体是)\s*[:：]?")
_NEXT_SENTENCE_OPENER = regex.compile(r"[^;。\n]*[。;\n]\s*其中")
# the text before a result of cases: 维持二件 / 结果纠正1件 / 尚未审结1件
_CASE_RESULT = regex.compile(
    r"(?:[^;。]*[,，、(（])?\s*(?:其中)?(?:结果)?(?:维持|纠正|撤销|驳回|确认违法|尚未审结|其他结果)"
    r"(?:原?(?:行政)?(?:行为|决定))?"
)
# outcomes that are no result of the year's processing: what came in, the processed total,
# what goes on to next year (…不予处理4件;结转下年度继续办理2件 ends the results)
_NOT_RESULTS = (None, "carried_forward", "carried_over", "processed")
_REPOSTED = regex.compile(r"转载|转发")  # posts of others that reposted the whole's: not its kind
_BESIDE = regex.compile(r"另有|另外|此外|还有|^\W*另")  # what follows is beside the whole, not in it
_LIST_BREAK = regex.compile(r"[;；。:：\n]")
_SEPARATOR = regex.compile(r"[、,，;；]")
# how finely a mark separates: a comma list may hold 、-joined parts, a ;-list commas
_RANK = {"、": 0, ",": 1, ";": 2}
_SHARE_TEXT = regex.compile(r"[,，]?\s*(?:占|占比)[^,，;；。]{0,16}%")


def _breakdowns(text: str, claims: list[Claim]) -> None:
    counted = [c for c in claims if c.value is not None and not c.negation]
    for i, whole in enumerate(counted):
        if whole.unit is None:
            continue
        rest = counted[i + 1 :]
        parts = _listed_parts(text, whole, rest)
        # untyped parts take the total's type, unless the list names kinds of its own
        # (共制作318条,其中主动公开289条,依申请公开17条,不予公开12条: 17 is not "documents")
        # (a channel's posts broken down by kind are posts, whatever their kind was typed)
        kinds = ("other_count", whole.type) + (("published_items",) if whole.type == "channel_posts" else ())
        inherit = whole.type in TOTAL_TYPES and all(p.type in kinds for p in parts)
        listed_after = whole.end  # where the list's previous part ended: a part's name starts there
        for part in parts:
            if part.part_of is not None:
                continue  # a part of a part, listed in parentheses after it
            part.part_of = whole.start
            reposted = _REPOSTED.search(text, max(whole.end, part.start - 16), part.start)
            if (
                inherit
                and part.type in kinds
                and not reposted
                and not (whole.type == "applications_received" and part.outcome)
            ):
                part.type = whole.type
            if part.type == whole.type and whole.type != "other_count":
                part.breakdown = True
            if part.type == "published_items" and part.category is None:
                # 其中政策文件52条、人事信息38篇: 人事信息, not everything since the clause began
                part.category = _category(text, part, listed_after)
            listed_after = part.end
            if whole.outcome == "processed" and part.outcome is None and part.type == "other_count":
                # 办结40件,其中:…;不予公开4件,占10%: a result in a list the semicolons cut
                # into sentences of its own
                named = _result_named(text, part)
                part.outcome = named if named != "processed" else None


def _listed_parts(text: str, whole: Claim, rest: Sequence[Claim]) -> list[Claim]:
    """The claims a whole lists as its parts: a run of counts of its unit family after an
    opener, without parts of parts (in parentheses) or what stands beside it (另有)."""
    # (a value the prose implies, 已全部办结, is no count standing in the list's way)
    following = [c for c in rest if c.start >= whole.end and c.derived_from is None]
    tail = text[whole.end : whole.end + 24]
    m = _OPENER.search(tail)
    if m and not _LIST_BREAK.search(tail[: m.start()]):
        list_start = whole.end + m.end()
        if following and following[0].start < list_start:
            return []  # another count stands between this one and 其中: the list is not its
        return _run(text, whole, following, list_start, opened=True)
    if whole.type in TOTAL_TYPES and text[whole.end : whole.end + 1] in ("(", "（"):
        # 预决算公开197条(政府预决算32条、部门预决算165条): the parts in parentheses
        parts = _run(text, whole, following, whole.end + 1)
        if len(parts) >= 2:
            return parts
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
    text: str,
    whole: Claim,
    following: Sequence[Claim],
    list_start: int,
    gap: Optional["regex.Pattern[str]"] = None,
    opened: bool = False,
) -> list[Claim]:
    """The parts listed from `list_start` on. A list after an opener (其中:…) may run on
    over semicolons (其中:予以公开21件,占35%;不予公开3件,占5%;…) while each part is a
    bare name and its count, or a result like the one before it."""
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
        between = _SHARE_TEXT.sub("", _unparenthesised(before))
        if _BESIDE.search(between) or "。" in between:
            break
        if _LIST_BREAK.search(between):
            continuing = (
                opened
                and not rx.search(r"[:：\n]", between)
                and parts
                and c.type in ("other_count", whole.type, parts[-1].type)
                and (
                    _plain_name(text, c)
                    or (parts[-1].outcome or _result_named(text, parts[-1])) not in _NOT_RESULTS
                    and (c.outcome or _result_named(text, c)) not in _NOT_RESULTS
                )
            )
            if not continuing:
                break
        # the mark right after the previous part: 、 inside an item's own name (医疗机构执业、
        # 母婴保健…公示193条) does not make a comma list a 、-list
        mark = _SEPARATOR.search(between)
        sep = None if mark is None else "、" if mark.group() == "、" else "," if mark.group() in ",，" else ";"
        if parts and sep is not None:
            joiner = joiner or sep
            if _RANK[sep] > _RANK[joiner] and not (opened and sep == ";"):
                break  # a 、-list ends where a comma starts the next statement
        parts.append(c)
    return parts


def _result_named(text: str, claim: Claim) -> Optional[str]:
    """The outcome group the words before a count name (不予公开4件 -> denied)."""
    name = _name_before(text, claim)
    return next((g for g, pat in OUTCOMES if pat.search(name)), None)


def _unparenthesised(s: str) -> str:
    return rx.sub(r"[(（][^()（）]*[)）]", "", s)


def _in_parentheses(text: str, lo: int, pos: int) -> bool:
    seg = text[lo:pos]
    return seg.count("(") + seg.count("（") > seg.count(")") + seg.count("）")


# ---------------------------------------------------------------------------------------
# Categories of published items

_CLAUSE_REST = regex.compile(r"[^,，;；。:：、\n\d]{0,16}")
_CHAIN_GAP = regex.compile(r"(?:[\s,，;；、]|(?:占|占比)[^,，;；。]{0,16}%|[(（][^()（）\d]{0,30}[)）])*")
# the year's items in general, not one kind of them: 政府信息, 政务工作信息, 各类信息, 公安政府
# 信息 (the body's), 农民工服务中心相关信息 (what concerns the body)
_GENERIC_NOUN = regex.compile(
    r"(?:各类|[\p{Han}]{0,12}?(?:相关|有关)|[\p{Han}]{0,4}?(?=政府|政务))?(?:政府|政务)?(?:工作)?信息"
)
_DISCLOSE_VERB = regex.compile(r"(?:主动公开|公开|发布|公布)(?:了)?")
_NOUN_AFTER = regex.compile(r"(?:条|件|则)?(?P<noun>[\p{Han}]{1,16}?)(?:中|里)?(?:[,，。;；:：(（\s]|$)")


def _clause_start(text: str, pos: int) -> int:
    lo = max(0, pos - 40)
    return clause_bounds(text, pos, lo, pos)[0]


def _name_before(text: str, claim: Claim, after: int = 0) -> str:
    """The words between the claim's clause start (or the end of the list's previous part,
    `after`) and its number, list openers and separators dropped."""
    name = text[max(after, _clause_start(text, claim.start)) : claim.start]
    name = name.lstrip("、,，;； \n")
    return rx.sub(r"^\s*(?:其中|涉及|包括|具体为|以及|及|和|另)\s*[:：]?", "", name).strip()


def _plain_name(text: str, claim: Claim, after: int = 0) -> bool:
    """财政预算、决算报告 before 7条: a name and nothing else (no verb, nothing that names
    another kind of count)."""
    name = _name_before(text, claim, after)
    return 2 <= len(name) <= 30 and not NOT_CATEGORY.search(name) and not CATEGORY_VERB.search(name)


def _bare_name(text: str, claim: Claim, after: int = 0) -> bool:
    """机构职能类信息 before 148条: a plain name that says it is a category of information."""
    return _plain_name(text, claim, after) and bool(CATEGORY_CLAUSE.fullmatch(_name_before(text, claim, after)))


def _category(text: str, claim: Claim, after: int = 0) -> Optional[str]:
    name = _name_before(text, claim, after)
    m = CATEGORY_CLAUSE.fullmatch(name)
    return m.group("cat").strip() if m else (name or None) if len(name) <= 30 else None


def _categories(text: str, claims: list[Claim]) -> None:
    """A list of categories with no whole before it (主要类别有:机构职能类信息594条,政策、
    规范性文件类信息281条,…) or after a count of published items (公开278条政务信息,机构职能类
    信息2条,…): each bare name's count is published items of that category, and a part of
    the count before the list when that one is the year's items in general."""
    counted = [c for c in claims if c.value is not None and not c.negation]
    head: Optional[Claim] = None  # the count of published items a list of categories follows
    prev: Optional[Claim] = None
    for c in counted:
        after = prev.end if prev is not None else 0
        # (the rest of the previous count's clause is its noun: 公开365条政务信息,…)
        rest = _CLAUSE_REST.match(text, after) if prev else None
        after = rest.end() if rest else after
        gap = _CHAIN_GAP.fullmatch(text, after, max(after, _clause_start(text, c.start))) if prev else None
        chained = prev is not None and prev.type == "published_items" and gap is not None
        if (
            c.type in ("other_count", "published_items")
            and c.unit in PUBLISHED
            and c.part_of is None
            and c.outcome is None
        ):
            cue = _DISCLOSED.search(text, max(0, c.start - 60), _clause_start(text, c.start))
            # in a 、-list after a count of published items a plain name will do; otherwise
            # the name must say it is a category of information (公开…188条,网上竞价453条
            # counts something else)
            listed = (
                chained and "、" in text[after : max(after, _clause_start(text, c.start))] + text[after : c.start][:2]
            )
            if (listed and _plain_name(text, c, after)) or (
                (chained or (cue and c.type == "other_count")) and _bare_name(text, c, after)
            ):
                if not chained:
                    head = None
                elif listed and prev is not None and head is None and prev.scope is None and prev.part_of is None:
                    # 公开财政预决算信息25条、重大建设项目信息12条: the list starts one earlier
                    prev.scope = "category"
                    prev.category = prev.category or _category(text, prev)
                c.type = "published_items"
                c.category = _category(text, c, after)
                c.scope = "category"
                c.noun = None
                if head is not None and chained:
                    c.part_of = head.start
                prev = c
                continue
        head = c if c.type == "published_items" and c.part_of is None and _generic_published(text, c) else None
        prev = c


_DISCLOSED = regex.compile(
    r"(?<!依申请|不予|未|不|无法|予以|部分|同意)(?:主动公开|公开|发布|公布|更新)(?!答复|申请)[^。;；]*$"
)


def _formal_published(text: str, claim: Claim) -> bool:
    """The count's noun is 政府信息 / 政务信息 itself, not bare 信息."""
    before = text[_clause_start(text, claim.start) : claim.start]
    return bool(rx.search(r"(?:政府|政务)(?:工作)?信息(?:共计|累计|合计|总计|共|\s)*$", before)) or bool(
        rx.match(r"(?:条|件|则)?(?:各类)?(?:政府|政务)(?:工作)?信息", text[claim.end : claim.end + 10])
    )


def _generic_published(text: str, claim: Claim) -> bool:
    """公开278条政务信息 / 主动公开政府信息1204条: the year's items, not one category's."""
    before = text[_clause_start(text, claim.start) : claim.start]
    verbs = list(_DISCLOSE_VERB.finditer(before))
    if verbs:
        noun = rx.sub(r"(?:共计|累计|合计|总计|共|数为|为|\s)+$", "", before[verbs[-1].end() :])
        if _GENERIC_NOUN.fullmatch(noun):
            return True
    after = _NOUN_AFTER.match(text, claim.end, min(len(text), claim.end + 20))
    return bool(after and _GENERIC_NOUN.fullmatch(rx.sub(r"的$", "", after.group("noun"))))


# ---------------------------------------------------------------------------------------
# Applications by applicant and by channel

_SUBMITTED = regex.compile(r"提交|申请|递交|来信|寄|方式|渠道")


def _application_parts(text: str, claims: list[Claim]) -> None:
    """收到申请42件,其中自然人40件…; 通过邮寄方式提交的9件,网上申请33件: the counts after a
    received total that name who applied or how are its parts (never a total of their own)."""
    whole: Optional[Claim] = None
    last_end = 0
    for c in claims:
        if c.value is None or c.negation or c.derived_from is not None:
            continue
        after, last_end = last_end, c.end
        if c.type == "applications_received" and not c.breakdown and c.part_of is None:
            if whole is None or not _near(text, whole, c):
                whole = c
                continue
        if whole is None or not _near(text, whole, c):
            whole = None
            continue
        if c.type not in ("applications_received", "other_count") or c.outcome or not same_family(c.unit, whole.unit):
            whole = None
            continue
        lo, hi = (
            max(after, _clause_start(text, c.start)),
            clause_bounds(text, c.end, c.end, min(len(text), c.end + 30))[1],
        )
        clause = text[lo:hi]
        applicant = _first(APPLICANTS, text[lo : c.start])
        channel = _first(CHANNELS, clause) if _SUBMITTED.search(clause) else None
        if applicant is None and channel is None:
            if c.type == "applications_received":
                whole = None  # another total: what follows is its
            continue
        c.type = "applications_received"
        c.part_of = c.part_of if c.part_of is not None else whole.start
        c.breakdown = True
        c.applicant = c.applicant or applicant
        c.channel = channel
        c.noun = None


def _near(text: str, whole: Claim, c: Claim) -> bool:
    """In the whole's sentence or the one after it, in its paragraph."""
    between = text[whole.end : c.start]
    return "\n" not in between and between.count("。") <= 1 and len(between) <= 160


def _first(table: Sequence[tuple[str, "regex.Pattern[str]"]], s: str) -> Optional[str]:
    return next((key for key, pat in table if pat.search(s)), None)


# ---------------------------------------------------------------------------------------
# What review and litigation cases came to

_CASE_RESULTS = [
    ("pending", regex.compile(r"尚未审结|未审结|审理中|正在审理")),
    ("corrected", regex.compile(r"纠正|纠错|撤销|确认违法|责令|变更|败诉")),
    ("upheld", regex.compile(r"维持|胜诉")),
    # (驳回 is counted as upheld by some bodies and as 其他结果 by others: no result read)
    ("other", regex.compile(r"终止|撤诉|其他结果|和解|调解")),
]


_SUIT_GROUPS = [
    ("suit_direct", regex.compile(r"直接(?:提起)?(?:行政)?(?:诉讼|起诉)|未经复议")),
    ("suit_after_review", regex.compile(r"复议后(?:提起)?(?:行政)?(?:诉讼|起诉)|经复议")),
]


def _case_results(text: str, claims: list[Claim]) -> None:
    """行政复议3件,其中维持2件、纠正1件: each part of a count of cases says what they
    came to (table 4's columns); a count of suits that names its route (直接起诉2件,
    复议后起诉1件) is that row group's (`scope`), and so are its parts."""
    starts = {c.start: c for c in claims}
    for c in claims:
        if c.type == "litigation_cases" and c.value is not None and c.scope is None:
            whole = starts.get(c.part_of) if c.part_of is not None else None
            own = text[max(_clause_start(text, c.start), c.start - 16) : c.start].split("、")[-1]
            c.scope = _first(_SUIT_GROUPS, own) or (whole.scope if whole is not None else None)
        if c.type in _CASE_TOTALS and c.part_of is not None and c.outcome is None and c.value is not None:
            name = text[max(_clause_start(text, c.start), c.start - 12) : c.start].split("、")[-1]
            # …其中1件尚未审结 / 复议后起诉1件(维持): the result after the count (not the
            # parts in parentheses after it: 直接起诉2件(维持1件、尚未审结1件))
            after = text[c.end : clause_bounds(text, c.end, c.end, min(len(text), c.end + 20))[1]]
            if rx.match(r"\s*[(（][^)）]*[\d一二三四五六七八九十两]", after):
                after = ""
            c.outcome = _first(_CASE_RESULTS, name) or _first(_CASE_RESULTS, after.split("、")[0])


# ---------------------------------------------------------------------------------------
# The part that counts the rest

_REMAINDER = regex.compile(r"^\s*(?:以及|及|和)?\s*(?:其他|其它|其余|剩余)")


def _remainders(text: str, claims: list[Claim]) -> None:
    """…其他应主动公开的政府信息1053条: a part named 其他/其余 counts what the others leave,
    so the list claims to cover the whole."""
    for c in claims:
        if c.part_of is not None and c.value is not None:
            name = _name_before(text, c, max(0, c.start - 30))
            if _REMAINDER.match(name.split("、")[-1] if "、" in name else name):
                c.remainder = True


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
# 在互联网上,…主动公开信息数为62条: what went online, one of the ways items were disclosed
_ONLINE = regex.compile(r"在互联网上|通过互联网|网上公开")
_SCOPED = regex.compile(r"平台|专栏|栏目|公众号|微信|微博|抖音|类信息|类政府信息|累计")


def _published_scope(text: str, claims: list[Claim]) -> None:
    published = [c for c in claims if c.type == "published_items" and not c.breakdown and c.scope is None]
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
    """全年共主动公开政府信息122条 is the year's headline (the disclosure's own term and a
    noun for items in general); 发布预警提示信息37期 on one platform is that channel's output;
    各乡镇主动公开政府信息122条,占28.7% is a publisher's part of the total; 全年公开政策文件4件
    counts one kind of item; 共公开发布信息82条 may be one column's: neither is the year's."""
    if claim.label:
        return "headline"
    lo = max(0, claim.start - 80)
    before = text[lo : claim.start]
    sentence = before[max(before.rfind(";"), before.rfind("。"), before.rfind("\n")) + 1 :]
    clause = sentence[max(sentence.rfind(","), sentence.rfind(":")) + 1 :]
    scoped = _SCOPED.search(sentence)
    if claim.share is not None:
        return "part"
    if not _generic_published(text, claim) or _ONLINE.search(sentence):
        return "channel" if scoped or _ONLINE.search(sentence) else None
    if "主动公开" in clause:
        return "headline"
    # 全年共公开政务信息120余则 (the formal noun) is the year's; 共公开发布信息82条 may be one
    # column's
    if _HEADLINE.search(clause) and not scoped and ("主动公开" in sentence or _formal_published(text, claim)):
        return "headline"
    return "channel" if scoped else None


# ---------------------------------------------------------------------------------------
# Who the applications came from

_PUBLIC = regex.compile(r"群众|公民|自然人|个人|市民|居民")


def _applicants(text: str, claims: list[Claim]) -> None:
    """收到群众申请13件: the count's own clause names who applied."""
    for c in claims:
        if c.type == "applications_received" and c.applicant is None and c.value is not None:
            # (a negation's own span names them: 没有收到…群众申请)
            if _PUBLIC.search(text, _clause_start(text, c.start), c.end if c.negation else c.start):
                c.applicant = "natural_person"
