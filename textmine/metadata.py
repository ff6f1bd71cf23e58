"""Report metadata read off the normalised text: title, agency, year, date, template.

Evidence is ranked: an explicit title line beats a title inside the opening sentence,
which beats the opening words of the overview; an explicit 发布日期 label beats a date
under the signature at the end; the statistics period (统计期限 … 12月31日) is never
the publication date.
"""

from __future__ import annotations

import collections
import datetime as _dt
from typing import Optional

import regex

from textmine import rx
from textmine.document import Document, ErrorRecord, Meta, Section, Table
from textmine.numerals import ordinal
from textmine.sections import MANDATED_KEYS, TABLE_SECTIONS, outline_of
from textmine.tables import detect_template

_TITLE_CORE = r"(?:政府|政务)?信息公开(?:工作)?年度报告|政府信息公开工作报告|信息公开年报"
# (a crawler's header block labels it: 标题: 平潭综合实验区2020年度…报告; the label is no title)
_TITLE_LINE = regex.compile(
    rf"^[ \t]*(?:(?:文章)?(?:标题|题目|名称)\s*[:：]\s*)?(?P<title>[^\n。]{{0,80}}?(?:{_TITLE_CORE}))[ \t]*$", regex.M
)
# A title inside the opening sentence: 特向社会公布渠县宝城镇人民政府2019年政府信息公开工作年度报告
_TITLE_IN_TEXT = regex.compile(
    rf"(?P<title>(?P<agency>[\p{{Han}}()（）]{{2,40}}?)[\s]*(?P<year>(?:19|20)\d\d)\s*年(?:度)?\s*(?:{_TITLE_CORE}))"
)

_AGENCY_SUFFIX = (
    r"(?:人民政府办公室|人民政府办公厅|人民政府|办事处|委员会|管理委员会|管委会|办公室|办公厅|"
    r"局|厅|委|办|中心|镇|乡|街道|院|署|站|所|馆|队|部|社|会|处|司|集团|公司)"
)
# Words that precede an agency name inside a sentence and must not become part of it.
_LEAD_IN = regex.compile(
    r"^.*(?:特向社会公布|向社会公布|现将|现予|特此|予以公布|公布|发布|印发|编制|关于|根据|按照|做好)"
)
_AGENCY_IN_OVERVIEW = regex.compile(rf"(?P<agency>\p{{Han}}{{2,30}}?{_AGENCY_SUFFIX})(?:政务|政府)?(?:信息)?公开工作")
_SOURCE_LINE = regex.compile(
    r"^[ \t]*(?:来源|发布机构|发布单位|信息来源|发文机关)[:：]\s*(?P<agency>[^\s|]{2,40})", regex.M
)

_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
_DOCNO_YEAR = regex.compile(r"[〔\[【(（]\s*(?:19|20)\d\d\s*[〕\]】)）]")
_DATE_LABEL = regex.compile(
    r"(?:发布日期|发布时间|发文日期|成文日期|日期|时间)[:：]\s*"
    r"(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
)
_DATE_ANY = regex.compile(r"(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?")
_CN_DATE = regex.compile(
    r"(?P<y>[二〇○零一三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
_STAT_PERIOD = regex.compile(r"统计(?:期限|时限|时间|区间|期间)|截至|截止|至\s*$|起\s*$")


def _valid_date(y: int, m: int, d: int) -> Optional[str]:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _cn_date(m: "regex.Match[str]") -> Optional[str]:
    digits = {
        "〇": "0",
        "○": "0",
        "零": "0",
        "一": "1",
        "二": "2",
        "三": "3",
        "四": "4",
        "五": "5",
        "六": "6",
        "七": "7",
        "八": "8",
        "九": "9",
    }
    y = "".join(digits.get(c, "") for c in m.group("y"))
    mo, d = ordinal(m.group("m")), ordinal(m.group("d"))
    if len(y) != 4 or mo is None or d is None:
        return None
    return _valid_date(int(y), mo, d)


def find_published(text: str) -> Optional[str]:
    m = _DATE_LABEL.search(text[:3000])
    if m:
        return _valid_date(int(m["y"]), int(m["m"]), int(m["d"]))
    # A date under the signature: in the last few lines, not part of a statistics period.
    tail_lines = [ln for ln in text.rstrip().split("\n")[-6:] if ln.strip()]
    for line in reversed(tail_lines):
        for pattern, conv in ((_DATE_ANY, None), (_CN_DATE, _cn_date)):
            for dm in reversed(list(pattern.finditer(line))):
                before = line[: dm.start()]
                if _STAT_PERIOD.search(before) or len(line) - dm.end() > 12:
                    continue
                if conv is None:
                    value = _valid_date(int(dm["y"]), int(dm["m"]), int(dm["d"]))
                else:
                    value = conv(dm)
                if value:
                    return value
    return None


def _clean_agency(name: str) -> str:
    name = rx.sub(r"\s+", "", name)
    name = _LEAD_IN.sub("", name) if _LEAD_IN.search(name) and len(_LEAD_IN.sub("", name)) >= 2 else name
    name = rx.sub(r"^(?:关于|我|本)", "", name)
    return name.strip("《》“”\"'()（）:：,，、")


def _joined_title_lines(head: str) -> str:
    """The opening text with a title set over two lines joined (2024年上海市科委政府信息
    公开工作 / 年度报告): a pair of short lines is joined only where together they end as a
    title and the first alone does not."""
    lines = head.split("\n")
    for i in range(min(len(lines) - 1, 12)):
        first, rest = lines[i].strip(), lines[i + 1].strip()
        if not (2 <= len(first) <= 40 and 2 <= len(rest) <= 20) or "。" in first + rest:
            continue
        if rx.search(rf"(?:{_TITLE_CORE})$", first + rest) and not rx.search(rf"(?:{_TITLE_CORE})$", first):
            return "\n".join(lines[:i] + [first + rest] + lines[i + 2 :])
    return head


def find_title(text: str) -> tuple[Optional[str], Optional[str], Optional[int]]:
    """(title, agency, year) from a title line or a title named in the opening sentence."""
    head = _joined_title_lines(text[:1500])
    lines = sorted(_TITLE_LINE.finditer(head), key=lambda m: _YEAR.search(m.group("title")) is None)
    for m in lines:  # a title line naming a year first; a breadcrumb (…> 信息公开年报) last
        title = m.group("title").strip()
        inner = _TITLE_IN_TEXT.search(title)
        if inner:
            return title, _clean_agency(inner.group("agency")), int(inner.group("year"))
        ym = _YEAR.search(title)
        agency = _clean_agency(title[: ym.start()]) if ym else None
        if ym and not agency:
            # 2020年县农民工服务中心政府信息公开工作年度报告: the body follows the year
            after = rx.sub(r"^度", "", title[ym.end() :])
            core = rx.search(_TITLE_CORE, after)
            agency = _clean_agency(after[: core.start()] if core else after)
        return title, agency or None, int(ym.group(1)) if ym else None
    for m in _TITLE_IN_TEXT.finditer(head):
        # 《…关于做好2019年政府信息公开工作年度报告编制公布工作的通知》 names another document
        before = head[: m.start()]
        if before.count("《") > before.count("》"):
            continue
        agency = _clean_agency(m.group("agency"))
        title = m.group("title")
        if agency and agency in title:
            title = title[title.index(agency) :]
        return title, agency or None, int(m.group("year"))
    return None, None, None


def find_year(text: str, sections: list[Section]) -> Optional[int]:
    """Most frequent plausible year in the opening text, ignoring document numbers."""
    head = _DOCNO_YEAR.sub("", text[:4000])
    years = [int(y) for y in _YEAR.findall(head) if 2000 <= int(y) <= _dt.date.today().year]
    if not years:
        return None
    counts = collections.Counter(years)
    # The report year is usually the earliest frequent one: a report on 2020 also
    # mentions 2021 (publication, next year's plans) less often.
    top = counts.most_common()
    best_n = top[0][1]
    return min(y for y, n in top if n == best_n)


def find_agency_fallback(text: str, sections: list[Section]) -> Optional[str]:
    m = _SOURCE_LINE.search(text[:1500])
    if m:
        return _clean_agency(m.group("agency"))
    m = _AGENCY_IN_OVERVIEW.search(text[:2000])
    if m:
        return _clean_agency(m.group("agency"))
    return None


def _signature(text: str) -> Optional[str]:
    """The issuing body's name signed at the end (集安市民政局 above the date)."""
    lines = [ln.strip() for ln in text.rstrip().split("\n")[-8:] if ln.strip()]
    for line in reversed(lines):
        if 2 < len(line) <= 30 and rx.fullmatch(rf"\p{{Han}}[\p{{Han}}()（）]*{_AGENCY_SUFFIX}", line):
            return line
    return None


_COUNTY_LEVEL = regex.compile(r"^\p{Han}{1,6}?(?:区|县|旗|市)(?=\p{Han})")
_HIGHER_PLACE = regex.compile(r"\p{Han}{1,5}?(?:省|自治区|市|自治州|州|盟|地区)$")


def _qualify_bare_agency(agency: str, text: str) -> str:
    """`县农民工服务中心` in a report that elsewhere names `大竹县农民工服务中心`: the
    title left out the place name, the text supplies it. The place is the prefix whose
    `place + level` (大竹县) recurs in the text on its own. Likewise a county-level name
    the report also gives under its city (洪泽区人民政府 beside 淮安市洪泽区人民政府办公室)
    takes the city, so a body's reports agree on its name whichever way a title put it."""
    county = _COUNTY_LEVEL.match(agency)
    if county and not _HIGHER_PLACE.search(county.group(0)):
        # the city: the text's words right before the name, ending 市/省/州…, the one that
        # recurs most on its own (淮安市 over 请与淮安市), the longer of equals (淮安市 over 安市)
        cities: set[str] = set()
        for m in rx.finditer(rf"(?P<pre>\p{{Han}}{{2,6}}){regex.escape(agency)}", text):
            pre = m.group("pre")
            cities.update(pre[-k:] for k in range(2, len(pre) + 1) if _HIGHER_PLACE.fullmatch(pre[-k:]))
        scored = [(text.count(c), len(c), c) for c in cities]
        if scored and max(scored)[0] >= 2:
            return max(scored)[2] + agency
    if not rx.match(r"^[县市区镇乡省州旗]", agency) or len(agency) < 3:
        return agency
    level = agency[0]
    best: tuple[int, int, str] | None = None
    for m in rx.finditer(rf"(?P<pre>\p{{Han}}{{2,4}}){regex.escape(agency)}", text):
        pre = m.group("pre")
        for k in (2, 3, 4):
            if k > len(pre):
                break
            place = pre[-k:]
            n = text.count(place + level)
            if n >= 2 and (best is None or (n, -k) > (best[0], best[1])):
                best = (n, -k, place)
    return best[2] + agency if best else agency


def extract_meta(text: str, sections: list[Section], script: str) -> Meta:
    title, agency, year = find_title(text)
    if not agency:
        agency = find_agency_fallback(text, sections)
    signed = _signature(text)
    # A short title agency (民政局) signed in full at the end (集安市民政局): the signature
    # names the same body more precisely.
    if signed and (not agency or (signed.endswith(agency) and len(signed) > len(agency))):
        agency = signed
    if agency:
        agency = _qualify_bare_agency(agency, text)
    if year is None:
        year = find_year(text, sections)
    return Meta(title=title, agency=agency or None, year=year, published=find_published(text), script=script)


_REPORT_WORDS = regex.compile(r"政府信息公开|政务公开|信息公开|依申请公开|主动公开")


def template_of(tables: dict[str, Table]) -> Optional[str]:
    """The report's table template, as its tables were read (the tables' header words,
    never the year): table 3's (its 其他处理 rows tell the versions apart), else table
    2's. Table 4 is the same in both versions."""
    for key in ("applications", "active_disclosure"):
        if key in tables and tables[key].template:
            return tables[key].template
    return None


def finish_meta(doc: Document) -> None:
    """The metadata step: everything `meta` says, from the text, sections and tables read
    so far; and whether the text is a report at all."""
    read = extract_meta(doc.text, doc.sections, doc.meta.script or "simplified")
    read.format, read.encoding = doc.meta.format, doc.meta.encoding
    read.outline = outline_of(doc.sections)
    read.template = template_of(doc.tables)
    # the six-part outline and its tables were set for the reports on 2019 and later: an
    # older report's sections are its own, whatever words its statistics table shares
    old = read.year is not None and read.year <= 2018
    if old and read.template is None:
        read.outline = "legacy"
    elif read.template is None:  # header words without a table read under them
        table_text = "\n".join(doc.text[s.start : s.end] for s in doc.sections if s.key in TABLE_SECTIONS)
        read.template = detect_template(table_text) if table_text else None
    doc.meta = read
    if read.outline == "legacy":
        doc.warnings.append("legacy (pre-2019) outline: sections were mapped by their wording")
    keys = {s.key for s in doc.sections}
    if not keys & MANDATED_KEYS and not read.title and not _REPORT_WORDS.search(doc.text):
        doc.errors.append(
            ErrorRecord("not_a_report", "no report sections, no report title and no disclosure vocabulary were found")
        )
    elif not doc.sections:
        doc.warnings.append("no section headings were recognised")
